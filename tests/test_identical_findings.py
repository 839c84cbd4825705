"""Identical findings in different list entries are told apart by the entries they are in.

Numbered in the order of the file, a new "human error" written in a timeline entry above an old
one took the old one's identity: the baseline hid the new text and reported the old, untouched
one as new, and GitLab and code scanning moved the old alert to the new line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import CACHE_OUTAGE_HEAD, CACHE_OUTAGE_SUMMARY
from pmkit.cli import main

HEAD = CACHE_OUTAGE_HEAD + CACHE_OUTAGE_SUMMARY
TIMELINE = HEAD + """\
timeline:
  - at: 2026-03-02T10:05:00Z
    milestone: detected
    actor: monitoring
    event: The stale-page alert fired.
  - at: 2026-03-02T10:07:00Z
    milestone: resolved
    actor: bob
    event: The outage was caused by human error.
"""
EDITED = TIMELINE.replace("event: The stale-page alert fired.",
                          "event: The alert was missed through human error.")
MESSAGE = '"human error" frames the incident as human error'
HINT = ('Describe what the system allowed, e.g. "the CLI accepted a command that removed more capacity '
        'than intended". (lexicon entry en.human-error)')
ARGS = ("--now", "2026-04-01", "--select", "PM301")
KNOWN = "pmkit: 1 known finding left out (baseline bl.json)\n"


def _item(name: str, title: str) -> str:
    return (f"  - id: {name}\n    title: {title}\n    type: prevent\n    owner: bob\n"
            "    due: 2026-05-01\n")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "d.yaml", *ARGS, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def write(text: str) -> None:
    Path("d.yaml").write_text(text, encoding="utf-8")


def lines_of(capsys: pytest.CaptureFixture[str], *args: str) -> list[int]:
    _, out, _ = check(capsys, "--format", "json", *args)
    return [d["line"] for d in json.loads(out)["diagnostics"]]


def fingerprints(capsys: pytest.CaptureFixture[str], fmt: str) -> dict[int, str]:
    """Each finding's line to its fingerprint, in GitLab's report or the SARIF log."""
    _, out, _ = check(capsys, "--format", fmt)
    if fmt == "gitlab":
        return {issue["location"]["lines"]["begin"]: issue["fingerprint"] for issue in json.loads(out)}
    results = json.loads(out)["runs"][0]["results"]
    return {r["locations"][0]["physicalLocation"]["region"]["startLine"]:
            r["partialFingerprints"]["pmkitFinding/v1"] for r in results}


def test_a_new_identical_finding_above_is_reported_and_the_old_one_stays_known(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(TIMELINE)
    assert check(capsys, "--write-baseline", "bl.json") == (0, "", "pmkit: recorded 1 finding in bl.json\n")
    write(EDITED)

    code, out, err = check(capsys, "--baseline", "bl.json", "--format", "github")

    assert code == 1
    assert out.splitlines() == [
        f"::error file=d.yaml,line=14,col=41,endColumn=52,title=PM301 human-error::{MESSAGE}%0A{HINT}",
        f"d.yaml:14:41: PM301 {MESSAGE} (human-error)",
        f"    hint: {HINT}",
        "",
        "Found 1 error in 1 of 1 file.",
    ]
    assert err == "pmkit: 1 known finding left out (baseline bl.json)\n"


def test_the_baseline_names_the_entry_a_finding_is_in(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(TIMELINE)
    check(capsys, "--write-baseline", "bl.json")
    (row,) = json.loads(Path("bl.json").read_text(encoding="utf-8"))["findings"]
    assert row == {"path": "d.yaml", "code": "PM301", "name": "human-error", "field": "timeline[1].event",
                   "entry": "timeline[at=2026-03-02T10:07:00Z]", "message": MESSAGE}


@pytest.mark.parametrize("fmt", ["gitlab", "sarif"])
def test_the_fingerprint_stays_with_the_unchanged_finding(
        here: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    write(TIMELINE)
    before = fingerprints(capsys, fmt)
    write(EDITED)

    after = fingerprints(capsys, fmt)

    assert sorted(before) == [18] and sorted(after) == [14, 18]
    assert after[18] == before[18]
    assert after[14] != before[18]


@pytest.mark.parametrize("fmt", ["gitlab", "sarif"])
def test_a_finding_outside_lists_keeps_the_fingerprint_it_had(
        here: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    """Only findings in list entries name an entry; the others' identity is what it was."""
    import hashlib

    write(HEAD.replace("for 40 minutes.", "after human error."))
    key = "\0".join(("d.yaml", "PM301", "summary", MESSAGE))
    assert fingerprints(capsys, fmt) == {9: hashlib.sha256(key.encode()).hexdigest()}


def test_identical_findings_in_two_action_items_are_told_apart_by_their_ids(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = HEAD + "action_items:\n" + _item("AI1", "Stop the human error in the page purge.")
    write(old)
    check(capsys, "--write-baseline", "bl.json")
    gitlab = fingerprints(capsys, "gitlab")
    write(HEAD + "action_items:\n" + _item("AI2", "Stop the human error in the cache deploy.")
          + old[len(HEAD) + len("action_items:\n"):])

    assert lines_of(capsys) == [12, 17]
    assert lines_of(capsys, "--baseline", "bl.json") == [12]  # AI2's, new; AI1's is known
    after = fingerprints(capsys, "gitlab")
    assert after[17] == gitlab[12] and after[12] != gitlab[12]


def test_identical_findings_in_one_field_are_numbered_and_one_added_after_them_is_new(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    two = HEAD + ("timeline:\n  - at: 2026-03-02T10:05:00Z\n"
                  "    event: It was human error, then human error again.\n")
    write(two)
    check(capsys, "--write-baseline", "bl.json")
    before = json.loads(check(capsys, "--format", "gitlab")[1])
    assert [i["location"]["lines"]["begin"] for i in before] == [12, 12]
    assert before[0]["fingerprint"] != before[1]["fingerprint"]
    write(two.replace("human error again.", "human error again, and human error once more."))

    code, out, err = check(capsys, "--baseline", "bl.json")

    assert code == 1
    assert out.splitlines()[0] == f"d.yaml:12:60: PM301 {MESSAGE} (human-error)"
    assert err == "pmkit: 2 known findings left out (baseline bl.json)\n"
    after = json.loads(check(capsys, "--format", "gitlab")[1])
    assert [i["fingerprint"] for i in after][:2] == [i["fingerprint"] for i in before]
    assert after[2]["fingerprint"] not in {i["fingerprint"] for i in before}
    # An entry added above with the same words numbers its own findings: these keep theirs.
    write(two.replace("timeline:\n", "timeline:\n  - at: 2026-03-02T10:01:00Z\n"
                      "    event: It was human error, then human error again.\n"))
    above = json.loads(check(capsys, "--format", "gitlab")[1])
    assert [i["fingerprint"] for i in above if i["location"]["lines"]["begin"] == 14] == \
        [i["fingerprint"] for i in before]


def test_a_baseline_of_an_earlier_pmkit_still_hides_what_it_hid(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A baseline written before entries were named (no "entry" in its rows) is read as it was
    written: its finding at timeline[1] is the one still there."""
    write(TIMELINE)
    old = {"version": 1, "generator": "pmkit 0.1.0", "findings": [
        {"path": "d.yaml", "code": "PM301", "name": "human-error", "field": "timeline[1].event",
         "message": MESSAGE}]}
    Path("bl.json").write_text(json.dumps(old, indent=2) + "\n", encoding="utf-8")
    assert check(capsys, "--baseline", "bl.json") == (0, "", KNOWN)
    write(EDITED)

    assert lines_of(capsys, "--baseline", "bl.json") == [14]

    # An entry added above moves the finding to timeline[2]: it is still the one recorded.
    write(TIMELINE.replace("timeline:\n", "timeline:\n  - at: 2026-03-02T10:00:00Z\n    event: Deployed.\n"))
    assert lines_of(capsys, "--baseline", "bl.json") == []


def test_a_finding_whose_entry_time_is_corrected_stays_known(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An entry not found again (its time corrected) leaves its finding matched as before, by
    file, code, field and message; its fingerprint is another, as the entry's name is."""
    write(TIMELINE)
    check(capsys, "--write-baseline", "bl.json")
    write(TIMELINE.replace("10:07:00Z", "10:08:00Z"))

    assert check(capsys, "--baseline", "bl.json") == (0, "", KNOWN)


def test_a_recorded_finding_fixed_in_its_entry_hides_no_new_one_elsewhere(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The recorded finding fixed (its entry still there) and the same words written into another
    entry: the new one is reported, and the recorded one is said to match nothing any more, as
    the fingerprints say (another entry, another fingerprint)."""
    write(TIMELINE)
    check(capsys, "--write-baseline", "bl.json")
    write(EDITED.replace("caused by human error.", "caused by a bad deploy."))
    code, out, err = check(capsys, "--baseline", "bl.json", "--format", "json")
    assert code == 1
    assert [d["line"] for d in json.loads(out)["diagnostics"]] == [14]
    assert err == ("pmkit: 0 known findings left out (baseline bl.json); 1 baseline entry no longer "
                   "matches (fixed?): refresh it with --write-baseline\n")
