"""English wording from a held-out round of testing: fair text the blameless rules flagged (a
blameless review that mentions blame, "obviously" of an input's adjective, "just" of an action
done as documented, a belonging forgotten) and blameful text they missed (markers of hindsight
besides "obviously", verdicts on a person's conduct, counterfactuals without "should", a full
name set off by a role)."""

from __future__ import annotations

import pytest

from pmkit.config import parse_config
from pmkit.engine import Checker
from pmkit.prose import scan

NOW = "2026-04-01T00:00:00Z"

#: A minimal postmortem whose one ``lessons.went_wrong`` item, ``SENTENCE``, starts on line 11,
#: column 17 (after the opening quote).
DOCUMENT = """\
pmkit: 1
id: mini
title: Errors after a release
status: draft
lang: en
severity: SEV4
owner: platform lead
authors: [Bob Lee]
summary: A release caused errors for 20 minutes.
lessons:
  went_wrong: ["SENTENCE"]
"""


def _found(sentence: str) -> list[tuple[str, str, str]]:
    return [(f.code, f.entry, f.text) for f in scan(sentence, lang="en", names=("Bob Lee",))]


def _in_document(sentence: str) -> list[tuple[str, int, int, str]]:
    """``(code, line, column, message)`` of the PM3xx findings with ``sentence`` as the lesson."""
    config = parse_config({})
    config.select = ["PM3"]
    found = Checker(config, now=NOW).check_text(DOCUMENT.replace("SENTENCE", sentence), "pm.yaml")
    return [(d.code, d.line, d.col, d.message) for d in found]


# --- fair text that must pass -------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    # blame named only to describe a review that did not look for it
    "The review asked what the responders knew at each point, not who was to blame.",
    "The question is not who was to blame but what the alert showed.",
    "The VP asked who was to blame.",
    # "obviously" grading the adjective of the input a system handles now
    "Obviously invalid values, such as a count of 0, are now rejected by the tool.",
    "Obviously malformed requests are rejected at the edge.",
    # "just" of an action done as the procedure says
    "The engineer just ran the script as documented.",
    "The operator simply clicked Deploy as instructed.",
    # a belonging forgotten, no step of the work
    "Bob forgot his laptop charger, so Kenji took over as incident commander.",
    "The operator forgot his badge and waited at the door.",
    # markers of obviousness that call no shortfall obvious, or qualify a word
    "Of course the team paged the vendor at once.",
    "Of course, we notified every affected customer.",
    "Needless to say, the new alert fired within a minute.",
    "Clearly, the fix worked.",
    "Clearly labelled alerts would not have helped.",
    "The dashboard clearly showed the lag was not recovering.",
    # conduct of a thing, or a fair verdict
    "The cache's performance was poor under load.",
    "The engineer's judgement was sound.",
    # a question explained, or asked of a system
    "Why nobody noticed the warning for three weeks is explained in the alerting section.",
    "Why nobody was paged is a mystery.",
    # a wish about a safeguard or the authors' own
    "Ideally, the canary would have caught the bad config.",
    "Ideally, we would have rolled back sooner.",
    "Ideally, the engineer would have been paged earlier.",
    # a thing's failure to act
    "Failure to follow redirects stopped the crawler.",
    "Failure to connect to the database triggered retries.",
    # a first name that is no known one, or a product, before a role stays the role
    "Marco Ruiz, the on-call engineer, escalated after 40 minutes.",
])
def test_fair_english_text_passes(sentence: str) -> None:
    assert _found(sentence) == []


def test_a_blameless_review_passes_in_the_document() -> None:
    sentence = "The review asked what the responders knew at each point, not who was to blame."
    assert _in_document(sentence) == []


# --- blameful text that must be found ------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "found"), [
    ("Clearly, the runbook was out of date.", [("PM305", "en.obvious-markers", "Clearly")]),
    ("Of course, the lock timeout had never been tested at production size.",
     [("PM305", "en.obvious-markers", "Of course")]),
    ("Of course the lock timeout had not been tested.", [("PM305", "en.obvious-markers", "Of course")]),
    ("Needless to say, a migration like this should never go out on a Friday.",
     [("PM305", "en.obvious-markers", "Needless to say")]),
    ("It's obvious in retrospect that the cache was stale.", [("PM305", "en.obviously", "It's obvious")]),
    ("It’s obvious that the cache was stale.", [("PM305", "en.obviously", "It’s obvious")]),
    ("Obviously wrong values were deployed by the engineer.", [("PM305", "en.obviously", "Obviously")]),
    ("An obviously invalid value was deployed.", [("PM305", "en.obviously", "obviously")]),
    ("The engineer's behaviour was unacceptable.",
     [("PM303", "en.persons-conduct", "engineer's behaviour was unacceptable")]),
    ("The engineer's judgement was poor.",
     [("PM303", "en.persons-conduct", "engineer's judgement was poor")]),
    ("The team's work was inadequate.", [("PM303", "en.persons-conduct", "team's work was inadequate")]),
    ("Bob's judgement was poor.", [("PM309", "en.persons-conduct", "Bob's judgement was poor")]),
    ("Why nobody noticed the warning for three weeks is beyond me.",
     [("PM303", "en.why-nobody-beyond-me", "Why nobody noticed the warning for three weeks is beyond me")]),
    ("Why no one checked the config is beyond me.",
     [("PM303", "en.why-nobody-beyond-me", "Why no one checked the config is beyond me")]),
    ("Ideally, the engineer would have asked for a second review.",
     [("PM302", "en.ideally-would-have", "Ideally, the engineer would have")]),
    ("The engineer would ideally have asked for a review.",
     [("PM302", "en.ideally-would-have", "would ideally have")]),
    ("Ideally, Bob would have asked for a second review.",
     [("PM309", "en.ideally-would-have", "Ideally, Bob would have")]),
    ("Failure to follow the runbook caused the outage.",
     [("PM302", "en.failure-to-follow", "Failure to follow the runbook")]),
    ("The outage was caused by failure to follow the change process.",
     [("PM302", "en.failure-to-follow", "failure to follow the change process")]),
    ("Failure to escalate delayed the response by an hour.",
     [("PM302", "en.failure-to-follow", "Failure to escalate")]),
    ("The engineer just didn't follow the steps as documented.", [("PM305", "en.just-did", "just didn't")]),
    ("Bob forgot his phone on call.", [("PM309", "en.forgot", "forgot")]),
    ("The operator forgot the --dry-run flag.", [("PM302", "en.forgot", "forgot")]),
    ("The engineer who was to blame left.", [("PM304", "en.to-blame", "was to blame")]),
])
def test_blameful_english_text_is_found(sentence: str, found: list[tuple[str, str, str]]) -> None:
    assert _found(sentence) == found


def test_the_markers_are_placed_in_the_document() -> None:
    assert _in_document("Clearly, the runbook was out of date.") == [
        ("PM305", 11, 17, '"Clearly" calls the outcome obvious in hindsight')]


def test_a_full_name_set_off_by_a_role_is_a_named_person() -> None:
    assert _in_document("Marco Ruiz, the on-call engineer, failed to escalate for 40 minutes.") == [
        ("PM309", 11, 51, '"failed to" is a hindsight counterfactual about the named person "Marco Ruiz"')]


@pytest.mark.parametrize(("sentence", "subject"), [
    ("Marco Ruiz, the on-call engineer, failed to escalate for 40 minutes.", "Marco Ruiz"),
    ("Marco, the on-call engineer, failed to escalate for 40 minutes.", "Marco"),
    # a capitalised word that is no common first name keeps the role the subject
    ("Marcus Ruiz, the on-call engineer, failed to escalate for 40 minutes.", "the on-call engineer"),
    ("Payments Gateway, the on-call engineer, failed to escalate for 40 minutes.", "the on-call engineer"),
    # a full name inside a noun phrase does not open the clause
    ("The release of Marco Ruiz, the on-call engineer, failed to escalate.", "the on-call engineer"),
])
def test_whom_a_role_in_apposition_is_about(sentence: str, subject: str) -> None:
    (finding,) = scan(sentence, lang="en", names=("Bob Lee",))
    assert (finding.entry, finding.subject) == ("en.failed-to", subject)
