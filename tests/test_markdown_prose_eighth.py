"""Markdown postmortems and the prose rules, eighth round: HTML that wraps sections, hyphenated
blame, load told apart from impact, and more of the Markdown a team writes. Each test ends in
what a user relies on: the field's text, the rendered page, or a finding's code, place and words."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE, good_text, run
from helpers import prose_codes as codes
from pmkit.cli import main
from pmkit.loader import parse_bytes

_MARKDOWN = (GOOD_EXAMPLE.parent / "2023-06-05-cache-stampede.md").read_text(encoding="utf-8")
_SUMMARY_END = "No orders or data were lost.\n"
_IMPACT_END = "Search, accounts and the mobile apps were not affected.\n"


def _wrapped(text: str, heading: str, following: str, opening: str) -> str:
    """``text`` with the section under ``heading`` wrapped in ``opening`` ... ``</details>``,
    the closing tag before ``following``."""
    assert heading in text and following in text
    text = text.replace(heading, f"{opening}\n\n{heading}", 1)
    return text.replace(following, f"</details>\n\n{following}", 1)


def _line_of(text: str, part: str) -> int:
    """The 1-based line on which ``part`` ends its line."""
    return text[:text.index(part) + len(part)].count("\n")


# --- HTML that wraps a section ---------------------------------------------------------------


@pytest.mark.parametrize("opening", [
    "<details><summary>Impact</summary>",
    "<details open>\n<summary>Impact</summary>",
    '<div class="impact">',
])
def test_tags_around_a_section_are_in_no_field(opening: str) -> None:
    # The opening tags above '## Impact' ended the summary, and '</details>' the impact: the
    # page showed them as text, and the rules read them as the authors' words.
    text = _wrapped(_MARKDOWN, "## Impact\n", "## Background\n", opening)
    if opening.startswith("<div"):
        text = text.replace("</details>", "</div>")
    doc = parse_bytes(text.encode(), "pm.md", markdown=True)
    assert [d.code for d in doc.diagnostics] == []
    assert doc.data["summary"].endswith(_SUMMARY_END)
    assert doc.data["impact"]["description"].endswith(_IMPACT_END)
    # The field's place in the file ends with its text, not with the tags.
    assert doc.value_spans[("summary",)].end_line == _line_of(text, _SUMMARY_END)
    assert doc.value_spans[("impact", "description")].end_line == _line_of(text, _IMPACT_END)


def test_render_shows_no_tags_that_wrapped_sections(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _MARKDOWN
    for heading, following in (("## Summary\n", "## Impact\n"), ("## Impact\n", "## Background\n"),
                               ("## Background\n", "## Lessons\n")):
        name = heading.strip("# \n")
        text = _wrapped(text, heading, following, f"<details open>\n<summary>{name}</summary>")
    path = tmp_path / "pm.md"
    path.write_text(text, encoding="utf-8")
    assert main(["render", "--format", "html", str(path)]) == 0
    page = capsys.readouterr().out
    assert "details" not in page and "&lt;summary" not in page
    assert "<p>The catalog API keeps product data" in page
    assert main(["render", str(path)]) == 0
    page = capsys.readouterr().out
    assert "<details" not in page and "</details>" not in page
    assert f"{_IMPACT_END}\n- **Users affected:** 41,000" in page


def test_a_collapsible_block_inside_a_section_stays_its_text() -> None:
    block = "<details>\n<summary>Affected pages</summary>\n\nProduct and category pages.\n\n</details>\n"
    text = _MARKDOWN.replace(_IMPACT_END, f"{_IMPACT_END}\n{block}", 1)
    doc = parse_bytes(text.encode(), "pm.md", markdown=True)
    assert doc.data["impact"]["description"].endswith(f"{_IMPACT_END}\n{block}")


def test_a_section_that_starts_with_a_collapsible_block_keeps_it() -> None:
    block = "<details>\n<summary>Affected pages</summary>\n\nProduct and category pages.\n\n</details>\n"
    text = _MARKDOWN.replace("## Impact\n", f"## Impact\n\n{block}", 1)
    doc = parse_bytes(text.encode(), "pm.md", markdown=True)
    assert doc.data["impact"]["description"].startswith(block)


# --- blame written as one hyphenated word -----------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang", "phrase"), [
    ("An operator-error caused the outage.", "en", "operator-error"),
    ("The root cause was engineer-error during the failover.", "en", "engineer-error"),
    ("The data loss was due to user-error.", "en", "due to user-error"),
    ("Ein Bediener-Fehler verursachte den Ausfall.", "de", "Bediener-Fehler"),
    ("Ursache war ein Mitarbeiter-Fehler beim Failover.", "de", "Mitarbeiter-Fehler"),
])
def test_blame_written_with_a_hyphen_is_human_error(sentence: str, lang: str, phrase: str) -> None:
    # "operator error" and "Mitarbeiterfehler" were PM301; with a hyphen they passed.
    assert codes(sentence, lang) == [("PM301", phrase)]


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The operator-error rate of the console dropped after the redesign.", "en"),
    ("The runbook is operator-error-proof.", "en"),
    ("Die Bediener-Fehlerquote sank nach der Umgestaltung.", "de"),
    ("Der Dialog dient als Schutz vor Bediener-Fehlern.", "de"),
])
def test_a_hyphenated_measure_or_safeguard_is_no_blame(sentence: str, lang: str) -> None:
    assert codes(sentence, lang) == []


def test_a_hyphenated_operator_error_in_a_markdown_section_is_reported_at_its_words(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sentence = "An operator-error during the deploy made it worse."
    text = _MARKDOWN.replace(_IMPACT_END, f"{_IMPACT_END}{sentence}\n", 1)
    path = tmp_path / "pm.md"
    path.write_text(text, encoding="utf-8")
    assert main(["check", "--select", "PM301", str(path)]) == 1
    line = text.split("\n").index(sentence) + 1
    assert capsys.readouterr().out.startswith(
        f'{path}:{line}:4: PM301 "operator-error" frames the incident as human error (human-error)')


# --- load is not impact -----------------------------------------------------------------------


def _impact(summary: str, description: str, lang: str = "en") -> str:
    """The clean example with this summary and impact description and no numbers in fields."""
    text = good_text()
    start, timeline = text.index("summary:"), text.index("timeline:\n")
    return (text[:start].replace("lang: en", f"lang: {lang}") + f"summary: {summary}\n"
            + f"impact:\n  description: {description}\n" + text[timeline:])


def _pm503(summary: str, description: str, lang: str = "en") -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.col, d.message)
            for d in run(_impact(summary, description, lang), select=["PM503"])]


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The batch job sent thousands of requests per second to the database.", "en"),
    ("The database handled thousands of queries a second before the incident.", "en"),
    ("The cluster can handle millions of requests per day.", "en"),
    ("The retry loop sent up to thousands of requests/s to the API.", "en"),
    ("Traffic reached a peak of thousands of calls per minute.", "en"),
    ("Der Batch-Job schickte Tausende Anfragen pro Sekunde an die Datenbank.", "de"),
    ("Der Job hat Tausende Anfragen pro Sekunde an die Datenbank geschickt.", "de"),
])
def test_an_amount_of_traffic_is_no_vague_impact(sentence: str, lang: str) -> None:
    # The load on a system was reported as a vague number of affected requests.
    summary = "Pushes failed." if lang == "en" else "Pushes schlugen fehl."
    assert _pm503(summary, sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "phrase", "col"), [
    ("Hundreds of requests a second timed out.", "en", "Hundreds of requests", 16),
    ("The gateway rejected thousands of requests per second.", "en", "thousands of requests", 37),
    ("The API served hundreds of requests per second with errors.", "en", "hundreds of requests", 31),
    ("The job sent thousands of requests to the wrong region.", "en", "thousands of requests", 29),
    ("The job sent thousands of customers a duplicate email.", "en", "thousands of customers", 29),
    ("Thousands of requests per second were sent to the broken pool.", "en", "Thousands of requests", 16),
    ("Der Job hat Tausende Anfragen pro Sekunde verloren.", "de", "Tausende Anfragen", 28),
    ("Der Dienst beantwortete Hunderte Anfragen pro Sekunde mit Fehlern.", "de", "Hunderte Anfragen", 40),
])
def test_requests_that_failed_or_people_are_still_a_vague_impact(sentence: str, lang: str, phrase: str,
                                                                  col: int) -> None:
    summary = "Pushes failed." if lang == "en" else "Pushes schlugen fehl."
    assert _pm503(summary, sentence, lang) == [
        ("PM503", 15, col, f"vague impact '{phrase}': the impact section gives no number of affected users, "
                           "customers or requests")]


def test_load_and_impact_in_one_summary() -> None:
    summary = ("The batch job sent thousands of requests per second to the database. "
               "Thousands of users saw errors.")
    assert _pm503(summary, "Pushes failed.") == [
        ("PM503", 13, 79, "vague impact 'Thousands of users': the impact section gives no number of "
                          "affected users, customers or requests")]


# --- lessons under the names templates ask them with ----------------------------------------


@pytest.mark.parametrize(("well", "wrong", "lucky"), [
    ("Was lief gut?", "Was lief schlecht?", "Wo hatten wir Glück?"),
    ("Was ist gut gelaufen?", "Was lief nicht gut?", "Wo wir Glück hatten"),
    ("What went well", "What didn\u2019t go so well?", "Where we got lucky"),
    ("What went well", "What could have gone better?", "Where we got lucky"),
])
def test_lessons_under_the_question_a_template_asks_fill_their_lists(
        well: str, wrong: str, lucky: str) -> None:
    # "### Was lief gut?" under "## Lehren" filled nothing, and its items were in no field and
    # left out of the rendered page, without a word.
    text = (_MARKDOWN.replace("## Lessons", "## Lehren").replace("### What went well", f"### {well}")
            .replace("### What went wrong", f"### {wrong}").replace("### Where we got lucky", f"### {lucky}"))
    doc = parse_bytes(text.encode(), "pm.md", markdown=True)
    assert [d.code for d in doc.diagnostics] == []
    lessons = doc.data["lessons"]
    assert lessons["went_well"][0].startswith("The error-rate alert fired 4 minutes")
    assert lessons["went_wrong"][0].startswith("Nothing in the release review showed")
    assert lessons["lucky"][0].startswith("The release went out on a Monday afternoon")
    line = text.split("\n").index(f"### {wrong}") + 1
    assert doc.key_spans[("lessons", "went_wrong")].line == line


# --- link reference definitions and footnotes at the end of the body -------------------------


@pytest.mark.parametrize(("reference", "definitions"), [
    (" ([reconciliation][recon])", "[recon]: https://tracker.example.com/CAT-1190\n"),
    ("[^recon]", "[^recon]: Order totals were reconciled against the payments\n    on 6 June.\n"),
    (" ([reconciliation][recon])[^1]",
     '[recon]: <https://tracker.example.com/CAT-1190> "CAT-1190"\n[^1]: Reconciled on 6 June.\n'),
])
def test_render_keeps_the_definitions_at_the_end_of_the_body(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], reference: str, definitions: str) -> None:
    # Written at the end of the file, as most write them, they were in no field: the page showed
    # '[reconciliation][recon]' and '[^recon]' as text, the link and the footnote lost.
    text = _MARKDOWN.replace(_SUMMARY_END, _SUMMARY_END.replace(".\n", f"{reference}.\n"), 1)
    text += "\n```text\n[log]: not a definition, code\n```\n\n" + definitions
    path = tmp_path / "pm.md"
    path.write_text(text, encoding="utf-8")
    assert main(["render", str(path)]) == 0
    page = capsys.readouterr().out
    assert f"No orders or data were lost{reference}." in page
    assert page.endswith("\n\n" + definitions)
    assert "[log]" not in page


def test_a_definition_in_a_section_is_rendered_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    definition = "[recon]: https://tracker.example.com/CAT-1190"
    summary_end = _SUMMARY_END.replace(".", " ([r][recon]).")
    text = _MARKDOWN.replace(_SUMMARY_END, f"{summary_end}\n{definition}\n", 1)
    path = tmp_path / "pm.md"
    path.write_text(text, encoding="utf-8")
    assert main(["render", str(path)]) == 0
    page = capsys.readouterr().out
    assert page.count(definition) == 1
    assert f"([r][recon]).\n\n{definition}\n\n## Impact" in page


# --- a '---' line inside a text of the front matter -------------------------------------------


def test_fields_after_a_dashes_line_in_a_text_are_said_to_be_in_the_body(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # "summary: |" with '---' at the start of a line ends the front matter there; the fields
    # after it were only "required field 'title' is missing", while 'title:' stood in the file.
    text = _MARKDOWN.replace("title: Slow and failing",
                             "summary: |\n  Part one.\n---\n  Part two.\ntitle: Slow and failing", 1)
    text = text.replace("## Summary\n", "## Notes\n", 1)
    path = tmp_path / "pm.md"
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    dashes = lines.index("---", 1) + 1
    title = next(number for number, line in enumerate(lines, 1) if line.startswith("title:"))
    assert main(["check", "--select", "PM011", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert (f"{path}:2:1: PM011 required field 'title' is missing from the front matter: 'title:' is on "
            f"line {title}, in the body, after the '---' on line {dashes} that ends the front matter "
            "(missing-field)") in out
    assert ("    hint: A line '---' ends the front matter: inside a text (summary: |), indent it like the "
            "text's other lines; else remove it.") in out


def test_a_dashes_line_indented_in_a_text_stays_in_it() -> None:
    text = _MARKDOWN.replace("title: Slow and failing",
                             "summary: |\n  Part one.\n  ---\n  Part two.\ntitle: Slow and failing", 1)
    text = text.replace("## Summary\n", "## Notes\n", 1)
    doc = parse_bytes(text.encode(), "pm.md", markdown=True)
    assert [d.code for d in doc.diagnostics] == []
    assert doc.data["summary"] == "Part one.\n---\nPart two.\n"


# --- other names of the impact section --------------------------------------------------------


@pytest.mark.parametrize("heading", ["Impact on customers", "Impact on users", "Auswirkung auf Kunden",
                                     "Auswirkungen auf Nutzer"])
def test_the_impact_under_another_common_name_fills_the_field(heading: str) -> None:
    # It filled nothing: the impact's description went unchecked (PM503, PM3xx on the field).
    text = _MARKDOWN.replace("## Impact\n", f"## {heading}\n", 1)
    doc = parse_bytes(text.encode(), "pm.md", markdown=True)
    assert [d.code for d in doc.diagnostics] == []
    assert doc.data["impact"]["description"].endswith(_IMPACT_END)
    assert doc.key_spans[("impact", "description")].line == text.split("\n").index(f"## {heading}") + 1


def test_beside_the_impact_a_section_of_another_name_is_its_own() -> None:
    text = _MARKDOWN.replace("## Background\n", "## Impact on customers\n\nMore words.\n\n## Background\n", 1)
    doc = parse_bytes(text.encode(), "pm.md", markdown=True)
    assert [d.code for d in doc.diagnostics] == []
    assert doc.data["impact"]["description"].endswith(_IMPACT_END)


def test_tags_around_a_section_with_a_comment_between_are_in_no_field() -> None:
    text = _wrapped(_MARKDOWN, "## Impact\n", "## Background\n",
                    "<details>\n<summary>Impact</summary>\n<!-- collapsed on the status page -->")
    text = text.replace("</details>", "<!-- end of the impact -->\n</details>")
    doc = parse_bytes(text.encode(), "pm.md", markdown=True)
    assert doc.data["summary"].endswith(_SUMMARY_END)
    assert doc.data["impact"]["description"].endswith(_IMPACT_END)


def test_a_code_block_at_the_end_of_a_section_stays_its_text() -> None:
    code = "```text\n</details>\n```\n"
    text = _MARKDOWN.replace(_IMPACT_END, f"{_IMPACT_END}\n{code}", 1)
    doc = parse_bytes(text.encode(), "pm.md", markdown=True)
    assert doc.data["impact"]["description"].endswith(f"{_IMPACT_END}\n{code}")


# --- bytes that look like UTF-8 but are none ---------------------------------------------------


@pytest.mark.parametrize("raw", [b"\xed\xa0\x80", b"title: caf\xe9 \xed\xbf\xbf\n",
                                 b"x: \xf4\x90\x80\x80 \xe9\n"])
def test_a_surrogate_or_a_code_point_past_unicode_is_no_utf8_character_to_name(raw: bytes) -> None:
    # The hint that names a UTF-8 character beside the Windows-1252 bytes took these for one and
    # failed to decode it: a traceback instead of PM004.
    doc = parse_bytes(raw, "pm.yaml")
    assert [d.code for d in doc.diagnostics] == ["PM004"]
    assert "iconv -f windows-1252" in (doc.diagnostics[0].hint or "")
