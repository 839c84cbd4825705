"""Review of the seventh round's loading, prose, git evidence and output verbs, with the
postmortems teams write. Each test ends in the finding, position, message or exit code a user
relies on."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE
from pmkit.cli import main

_GERMAN = GOOD_EXAMPLE.parent / "2024-03-12-zahlungsausfall.yaml"

# --- PM004: a paragraph in Windows-1252 pasted into a UTF-8 file -----------------------------


def test_a_paragraph_in_windows_1252_in_a_utf_8_file_is_not_to_be_converted_whole(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A German postmortem written in UTF-8 (its umlauts two bytes each) with one entry pasted
    # from a word processor in Windows-1252. The hint said to convert the file with iconv from
    # Windows-1252, which turns every 'ö' already in UTF-8 into 'Ã¶'.
    text = _GERMAN.read_text(encoding="utf-8")
    event = 'event: Alarm bestätigt, Incident als SEV2 eröffnet und einen Incident Commander benannt.'
    assert event in text and "löste aus" in text
    before, after = text.split(event)
    pasted = 'event: Alarm bestätigt und „Zahlungsstörung“ eröffnet.'.encode("cp1252")
    raw = before.encode("utf-8") + pasted + after.encode("utf-8")
    path = tmp_path / "pm.yaml"
    path.write_bytes(raw)
    line = before.count("\n") + 1
    assert "März" in text.split("\n")[14] and all(ord(c) < 128 for c in "".join(text.split("\n")[:14]))
    assert main(["check", "--select", "PM0", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"{path}:{line}:22: PM004 file is not valid UTF-8: byte 0xe4 at offset "
                      f"{raw.index(b'best') + 4}, which is 'ä' in Windows-1252 (unreadable-file)")
    assert out[1] == (
        "    hint: Save the file as UTF-8. Only a part of it is in a Windows or Latin-1 encoding (text "
        "pasted from a word processor or another file): the rest is UTF-8 "
        "('ä' on line 15), which converting the whole file (iconv) would garble. Retype the "
        f"characters that are not UTF-8, on line {line}, in an editor that saves UTF-8.")
    assert "iconv -f" not in out[1]


def test_a_file_all_in_windows_1252_is_still_told_to_convert_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pm.yaml"
    path.write_bytes(_GERMAN.read_text(encoding="utf-8").encode("cp1252"))
    assert main(["check", "--select", "PM0", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[1].endswith("convert it with 'iconv -f windows-1252 -t utf-8'.")


# --- PM303: "lazy" naming a technique, set against "eager" or "greedy" ------------------------

_CONTRIBUTING = ("    description: Orchestrator was allowed to promote primaries across regions "
                 "during a brief partition.")


@pytest.mark.parametrize("sentence", [
    "Switching the ORM relation from lazy to eager loading made each page issue one query.",
    "The association is lazy by default, so each row issued its own query.",
    "A lazy or eager fetch was chosen per relation, and the wrong one held the lock.",
    "The greedy .* was replaced by a lazy quantifier, which ended the backtracking.",
    "A lazy match (.*?) would have ended the backtracking sooner.",
    "Lazy replication to the standby delayed the failover by 40 seconds.",
    "The lazy cleanup job left orphaned volumes behind.",
    "Lazy connection pooling opened a connection per request after startup.",
])
def test_lazy_naming_a_technique_is_no_judgement(sentence: str) -> None:
    from helpers import run

    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    assert _CONTRIBUTING in text
    text = text.replace(_CONTRIBUTING, f"    description: {sentence}")
    assert [(d.code, d.message) for d in run(text, select=["PM303"])] == []


def test_lazy_people_are_still_judged() -> None:
    from helpers import run

    written = "    description: The lazy reviewer approved the change without reading it."
    text = GOOD_EXAMPLE.read_text(encoding="utf-8").replace(_CONTRIBUTING, written)
    line = text.split("\n").index(written) + 1
    assert [(d.code, d.line, d.col) for d in run(text, select=["PM303"])] == [("PM303", line, 22)]


# --- PM504: an impact description that says no one was affected -----------------------------

_NO_NUMBERS = """\
pmkit: 1
id: 2026-03-02-export-delay
title: The nightly export ran four hours late
status: draft
lang: {lang}
severity: SEV3
owner: data platform lead
summary: {summary}
impact:
  description: "{description}"
timeline:
  - at: 2026-03-02T01:00:00Z
    milestone: impact_started
    actor: scheduler
    event: {event}
"""


@pytest.mark.parametrize(("lang", "description"), [
    ("en", "Zero customers were affected; the nightly export for finance ran four hours late."),
    ("en", "None of our customers were affected; the nightly export for finance ran four hours late."),
    ("en", "Not a single customer was affected; the nightly export for finance ran four hours late."),
    ("en", "No users or customers were affected; the nightly export for finance ran four hours late."),
    ("en", "No external customers were affected; the nightly export for finance ran four hours late."),
    ("de", "Kein Kunde war betroffen; der nächtliche Export für die Buchhaltung lief vier Stunden später."),
    ("de", "Keiner unserer Kunden war betroffen; der nächtliche Export lief vier Stunden später."),
    ("de", "Keine externen Kunden waren betroffen; der nächtliche Export lief vier Stunden später."),
])
def test_an_impact_that_says_no_one_was_affected_needs_no_numbers(lang: str, description: str) -> None:
    # PM504 told the author to add users_affected, 'if no users were affected, say so in
    # impact.description' -- which it said, in words other than 'no customers were affected'.
    from helpers import run

    text = _NO_NUMBERS.format(
        lang=lang, description=description,
        summary="The nightly export ran four hours late." if lang == "en" else "Der Export lief verspätet.",
        event="The export job started." if lang == "en" else "Der Exportjob startete.")
    assert [(d.code, d.message) for d in run(text, select=["PM504"])] == []


@pytest.mark.parametrize(("lang", "description"), [
    ("en", "Customers could not download their invoices."),
    ("en", "No user noticed until 10:05, when checkout started failing for every customer."),
    ("de", "Kunden konnten ihre Rechnungen nicht herunterladen."),
])
def test_an_impact_without_numbers_is_still_reported(lang: str, description: str) -> None:
    from helpers import run

    text = _NO_NUMBERS.format(lang=lang, description=description, summary="x y z.", event="x y z.")
    assert [(d.code, d.line) for d in run(text, select=["PM504"])] == [("PM504", 9)]


# --- PM025: a comment set apart from the text, as the template writes them ------------------

_EVENT = "    event: Internal monitoring alerted on a large number of faults."


@pytest.mark.parametrize("written", [
    "Internal monitoring alerted on a large number of faults.      #alerting",
    # (A tab before the '#' is no case: ruamel.yaml refuses the tab, and the file gets PM001.)
    "Internal monitoring alerted on a large number of faults.  #TBD link the graph",
    "Internal monitoring alerted on a large number of faults. #NOTE: graph lost",
])
def test_a_comment_set_apart_or_meant_as_a_note_does_not_cut_the_text(written: str) -> None:
    # Comments aligned in a column after the value (as 'pmkit new' aligns its own) or a note
    # ('#TBD', '#NOTE') were taken for the rest of the sentence, cut off.
    from helpers import run

    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    assert _EVENT in text
    text = text.replace(_EVENT, f"    event: {written}")
    assert [(d.code, d.message) for d in run(text, select=["PM025"])] == []


def test_a_hash_after_one_blank_still_cuts_the_text() -> None:
    from helpers import run

    text = GOOD_EXAMPLE.read_text(encoding="utf-8").replace(
        _EVENT, "    event: Internal monitoring posted in #inc-db and paged the DBA.")
    assert [(d.code, d.line, d.col) for d in run(text, select=["PM025"])] == [("PM025", 40, 42)]


# --- PM309: a host or server named with a first name -----------------------------------------


@pytest.mark.parametrize("sentence", [
    "The build server Oscar failed to pull the image after the registry moved.",
    "The database server Emma should have failed over within 30 seconds.",
    "The replica Emma failed to catch up after the partition.",
    "The CI host Oscar failed to start the job.",
])
def test_a_server_named_with_a_first_name_is_no_person(sentence: str) -> None:
    # Hosts are often named after people; right after 'server', 'replica' or 'host' the name
    # is the machine's, as after 'generator' or 'scheduler' (already passing).
    from helpers import run

    text = GOOD_EXAMPLE.read_text(encoding="utf-8").replace(_CONTRIBUTING, f"    description: {sentence}")
    assert [(d.code, d.message) for d in run(text, select=["PM309"])] == []


def test_a_person_named_after_a_role_is_still_judged() -> None:
    from helpers import run

    written = "    description: The release manager Oscar failed to notice the flag."
    text = GOOD_EXAMPLE.read_text(encoding="utf-8").replace(_CONTRIBUTING, written)
    line = text.split("\n").index(written) + 1
    assert [(d.code, d.line) for d in run(text, select=["PM309"])] == [("PM309", line)]


@pytest.mark.parametrize(("lang", "description"), [
    ("en", "The failover to the standby was transparent; no customer noticed."),
    ("en", "Requests were retried by the client library, so no user saw an error."),
    ("de", "Der Wechsel auf den Standby lief unbemerkt; kein Kunde bemerkte etwas."),
])
def test_an_impact_that_no_one_noticed_needs_no_numbers(lang: str, description: str) -> None:
    from helpers import run

    text = _NO_NUMBERS.format(lang=lang, description=description, summary="x y z.", event="x y z.")
    assert [(d.code, d.message) for d in run(text, select=["PM504"])] == []


# --- Markdown: a section heading with a qualifier after a dash or a colon -------------------

_CACHE_MD = (GOOD_EXAMPLE.parent / "2023-06-05-cache-stampede.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("heading", [
    "## Summary – customer-facing", "## Summary — for customers", "## Summary - customer facing",
    "## Summary: for customers",
])
def test_a_summary_heading_with_a_qualifier_after_a_dash_fills_the_summary(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str) -> None:
    # As '## Summary (customer-facing)' does: the published postmortem was told 'published
    # postmortem has no summary', with the hint to add 'summary:', under its '## Summary ...'.
    from pmkit.loader import read_document

    assert "\n## Summary\n" in _CACHE_MD
    path = tmp_path / "pm.md"
    path.write_text(_CACHE_MD.replace("\n## Summary\n", f"\n{heading}\n", 1), encoding="utf-8")
    summary = read_document(path).data.get("summary")
    assert isinstance(summary, str) and summary.startswith("On 5 June 2023 from 14:02")
    assert main(["check", "--select", "PM508,PM024,PM018", "--fail-on", "info", str(path)]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("heading", ["## Time-to-detect", "## Summary-ish notes",
                                     "## Impact analysis: methods", "## Impact-driven planning"])
def test_a_heading_that_only_starts_like_a_section_fills_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str) -> None:
    from pmkit.loader import read_document

    path = tmp_path / "pm.md"
    path.write_text(_CACHE_MD.replace("\n## Background\n", f"\n{heading}\n", 1), encoding="utf-8")
    original = read_document(GOOD_EXAMPLE.parent / "2023-06-05-cache-stampede.md").data
    data = read_document(path).data
    assert (data["summary"], data["impact"]) == (original["summary"], original["impact"])
    assert main(["check", "--select", "PM018", str(path)]) == 0
    assert capsys.readouterr().out == ""


# --- a compound broken at its own hyphen (text pasted from a PDF) ----------------------------


@pytest.mark.parametrize(("written", "code", "col"), [
    ("|\n      The outage was put down to human-\n      error during the deploy.", "PM301", 34),
    ("|\n      There was a lot of finger-\n      pointing in the incident channel.", "PM304", 26),
])
def test_a_compound_broken_at_its_hyphen_is_read_whole(written: str, code: str, col: int) -> None:
    # A justified PDF breaks 'human-error' after its hyphen; the break was cut with the hyphen
    # ('humanerror'), so the phrase passed, as it did before words broken across lines were joined.
    from helpers import run

    text = GOOD_EXAMPLE.read_text(encoding="utf-8").replace(_CONTRIBUTING, f"    description: {written}")
    line = text.split("\n").index("    description: |") + 2
    assert [(d.code, d.line, d.col) for d in run(text, select=[code])] == [(code, line, col)]


# --- Markdown: a heading under a line that holds only an HTML tag ----------------------------


@pytest.mark.parametrize("tag", ['<img src="diagram.png" alt="Request flow" width="600">', "<br>",
                                 '<span id="summary">'])
def test_a_heading_right_under_a_lone_html_tag_is_the_html_blocks_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], tag: str) -> None:
    # CommonMark (and GitHub) read a line holding only a tag as the start of an HTML block that
    # runs to the next blank line, as '<div>' does: the '## Summary' under it shows as text.
    # pmkit filled the summary from it, so nothing said the published page has no summary.
    from pmkit.loader import read_document

    path = tmp_path / "pm.md"
    path.write_text(_CACHE_MD.replace("\n## Summary\n", f"\n{tag}\n## Summary\n", 1), encoding="utf-8")
    assert read_document(path).data.get("summary") is None
    line = path.read_text(encoding="utf-8").split("\n").index("## Summary") + 1
    assert main(["check", "--select", "PM024", str(path)]) == 0
    assert capsys.readouterr().out.startswith(
        f"{path}:{line}:1: PM024 '## Summary' is inside the HTML block that '{tag[:40]}' opens on line "
        f"{line - 1}, so Markdown shows it as text, not as a heading")


@pytest.mark.parametrize("tag", ['<a name="summary"></a>', "Some text <br>", '<https://example.com/status>'])
def test_a_heading_under_a_line_that_is_no_html_block_is_a_heading(tmp_path: Path, tag: str) -> None:
    from pmkit.loader import read_document

    path = tmp_path / "pm.md"
    path.write_text(_CACHE_MD.replace("\n## Summary\n", f"\n{tag}\n## Summary\n", 1), encoding="utf-8")
    assert str(read_document(path).data.get("summary")).startswith("On 5 June 2023 from 14:02")
