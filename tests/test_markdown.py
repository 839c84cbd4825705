"""Markdown postmortems: body sections fill narrative fields, with exact positions."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import EXAMPLES, NOW, run, where
from pmkit import rules as rules_pkg
from pmkit.cli import main
from pmkit.config import Config
from pmkit.diagnostics import Diagnostic, Severity
from pmkit.engine import Checker
from pmkit.fields import prose_fields
from pmkit.loader import ScalarInfo, Span, parse_text
from pmkit.rules import Context, Rule
from pmkit.textmap import locate

FRONT = """\
---
pmkit: 1
id: 2026-11-02-checkout
title: Checkout errors
status: draft
lang: en
severity: SEV3
---
"""


def md(body: str, front: str = FRONT) -> str:
    return front + textwrap.dedent(body).lstrip("\n")


class Phrase(Rule):
    """Flags "human error" in any prose field (a stand-in for the PM3xx rules).

    What it catches: the phrase. Why: tests. Example:: x Instead:: y
    """

    code = "PM399"
    name = "test-phrase"
    severity = Severity.WARNING
    needs_model = False

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for path, value in prose_fields(ctx.doc):
            for match in re.finditer("human error", value):
                span = locate(ctx.doc, path, value, match.start(), match.end())
                yield ctx.report(path, "blame", span=span)


@pytest.fixture
def phrase_rule() -> Iterator[None]:
    rules_pkg._REGISTERED.append(Phrase)
    rules_pkg.registry.cache_clear()
    yield
    rules_pkg._REGISTERED.remove(Phrase)
    rules_pkg.registry.cache_clear()


def check(text: str) -> list[Diagnostic]:
    # The schema, pmkit-itself and the test rule only: other families have their own tests.
    test_rule = ["PM399"] if rules_pkg.registry().get("PM399") else []  # with the phrase_rule fixture
    return Checker(Config(select=["PM0", "PM9", *test_rule]), now=NOW).check_text(text, "pm.md")


def test_sections_fill_fields() -> None:
    doc = parse_text(md("""
        Some intro that maps to no field.

        ## Summary

        For 47 minutes, 12% of checkout
        requests failed.

        ## Impact

        Card payments only.

        ## Lessons

        ### What went well
        - The alert fired
          within a minute.
        - Rollback took 3 minutes.

        ### Where we got lucky
        - Low traffic.

        ## Background

        Free text.
    """), "pm.md", markdown=True)
    assert doc.diagnostics == []
    assert doc.data["summary"] == "For 47 minutes, 12% of checkout\nrequests failed.\n"
    assert doc.data["impact"] == {"description": "Card payments only.\n"}
    assert doc.data["lessons"] == {
        "went_well": ["The alert fired within a minute.", "Rollback took 3 minutes."],
        "lucky": ["Low traffic."],
    }
    # Heading = key, section text = value, a plain scalar whose span is the section's text.
    assert doc.key_spans[("summary",)].line == 11
    assert (doc.value_spans[("summary",)].line, doc.value_spans[("summary",)].end_line) == (13, 14)
    assert doc.scalars[("summary",)] == ScalarInfo(None, doc.value_spans[("summary",)])
    assert doc.key_spans[("lessons", "went_well")].line == 22
    assert doc.value_spans[("lessons", "went_well", 1)].line == 25


def test_german_headings() -> None:
    doc = parse_text(md("""
        ## Zusammenfassung

        Der Checkout fiel 47 Minuten aus.

        ## Auswirkungen

        Nur Kartenzahlungen.

        ## Lehren

        ### Was gut lief
        - Der Alarm kam sofort.

        ### Was schlecht lief
        - Die Statusseite blieb grün.

        ### Wo wir Glück hatten
        - Wenig Verkehr.
    """), "pm.md", markdown=True)
    assert doc.data["summary"] == "Der Checkout fiel 47 Minuten aus.\n"
    assert doc.data["impact"]["description"] == "Nur Kartenzahlungen.\n"
    assert doc.data["lessons"] == {"went_well": ["Der Alarm kam sofort."],
                                   "went_wrong": ["Die Statusseite blieb grün."],
                                   "lucky": ["Wenig Verkehr."]}


def test_locate_maps_inside_sections() -> None:
    text = md("""
        ## Summary

        <!-- 3-5 sentences a customer can read. -->
        Checkout failed <!-- inline note --> after a
        config push. The cause was a cache
        stampede.

        ## What went well

        - Paging worked and
          the rollback was quick.
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    summary = doc.data["summary"]
    assert summary == "Checkout failed after a\nconfig push. The cause was a cache\nstampede.\n"
    start = summary.index("cache")
    span = locate(doc, ("summary",), summary, start, start + len("cache stampede"))
    assert (span.line, span.col, span.end_line, span.end_col) == (13, 30, 14, 9)
    start = summary.index("after")
    span = locate(doc, ("summary",), summary, start, start + 5)
    assert (span.line, span.col, span.end_col) == (12, 38, 43)
    item = doc.data["lessons"]["went_well"][0]
    start = item.index("rollback")
    span = locate(doc, ("lessons", "went_well", 0), item, start, start + 8)
    assert (span.line, span.col) == (19, 7)


def test_rules_report_at_the_phrase(phrase_rule: None) -> None:
    text = md("""
        ## Summary

        The outage was caused by
        human error in a deploy.

        ## What went wrong

        - Blaming human error hid the cause.
    """)
    found = [d for d in check(text) if d.code == "PM399"]
    assert where(found) == [("PM399", 12, 1), ("PM399", 16, 11)]
    assert [(d.end_line, d.end_col) for d in found] == [(12, 12), (16, 22)]
    assert found[0].field == "summary"
    assert found[1].field == "lessons.went_wrong[0]"


def test_suppression_in_markdown(phrase_rule: None) -> None:
    text = md("""
        ## Summary

        The customer wrote "human error" in the ticket. <!-- pmkit: ignore[PM399] quoted -->
        <!-- pmkit: ignore[test-phrase] quoting the customer -->
        They also said human error again.

        <!-- pmkit: ignore[PM399] the whole section quotes the report -->
        ## Impact

        Support logged human error
        and human error again.
    """)
    assert [d for d in check(text) if d.code.startswith("PM3")] == []
    assert check(text) == []


def test_unused_suppression_in_markdown(phrase_rule: None) -> None:
    text = md("""
        ## Summary

        <!-- pmkit: ignore[PM399] nothing to excuse here -->
        A cache stampede overloaded the database.
    """)
    assert where(check(text)) == [("PM901", 11, 1)]


def test_front_matter_wins_and_duplicates_are_reported() -> None:
    front = FRONT.replace("severity: SEV3\n", "severity: SEV3\nsummary: From the front matter.\n")
    text = md("""
        ## Summary

        From the body.

        ## Impact

        First.

        ## Impact

        Second.
    """, front)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["summary"] == "From the front matter."
    assert doc.data["impact"]["description"] == "First.\n"
    assert where(doc.diagnostics) == [("PM018", 10, 1), ("PM018", 18, 1)]
    assert "front matter (line 8)" in doc.diagnostics[0].message
    assert "on line 14" in doc.diagnostics[1].message
    assert where(check(text)) == [("PM018", 10, 1), ("PM018", 18, 1)]


def test_impact_mapping_in_front_matter_is_merged() -> None:
    front = FRONT.replace("severity: SEV3\n", "severity: SEV3\nimpact:\n  users_affected: 1200\n")
    doc = parse_text(md("## Impact\n\n1,200 users could not pay.\n", front), "pm.md", markdown=True)
    assert doc.data["impact"] == {"users_affected": 1200, "description": "1,200 users could not pay.\n"}
    assert doc.diagnostics == []


def test_wrong_type_in_front_matter_is_left_to_the_schema() -> None:
    front = FRONT.replace("severity: SEV3\n", "severity: SEV3\nimpact: big\n")
    text = md("## Impact\n\nMany users.\n", front)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["impact"] == "big"
    assert where(check(text)) == [("PM012", 8, 9)]


def test_headings_in_code_fences_and_empty_sections_are_ignored() -> None:
    doc = parse_text(md("""
        ## Background

        ```markdown
        ## Summary
        not a heading
        ```

        ## Summary

        <!-- nothing written yet -->
    """), "pm.md", markdown=True)
    assert "summary" not in doc.data
    assert doc.diagnostics == []


def test_schema_errors_point_into_the_markdown_file() -> None:
    text = FRONT.replace("severity: SEV3", "severity: SEV9") + "## Summary\n\nText.\n"
    assert where(check(text)) == [("PM013", 7, 11)]


def test_bundled_markdown_example_is_clean() -> None:
    path = EXAMPLES / "postmortems" / "2023-06-05-cache-stampede.md"
    report = Checker(Config(), now=NOW).check_paths([path])
    assert [d for d in report.diagnostics if d.severity >= Severity.WARNING] == []
    doc = parse_text(path.read_text(encoding="utf-8"), str(path), markdown=True)
    assert {"summary", "impact", "lessons"} <= set(doc.data)


def test_a_comment_shown_as_inline_code_is_text_not_a_comment(phrase_rule: None) -> None:
    """`` `<!--` `` in a sentence is displayed, not a comment: it hides no heading, no prose."""
    text = md("""
        ## Background

        Our templates open a note with `<!--`.

        ## Summary

        It was human error, the first draft said. Use `<!-- x -->` for notes.

        ## Impact

        Card payments only. <!-- a real note, left out --> Nothing else.
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["summary"] == "It was human error, the first draft said. Use `<!-- x -->` for notes.\n"
    assert doc.data["impact"] == {"description": "Card payments only. Nothing else.\n"}
    assert [(d.code, d.line, d.col) for d in check(text) if d.code == "PM399"] == [("PM399", 15, 8)]


@pytest.mark.parametrize(("heading", "title"), [
    ("## Summary", "Summary"),
    ("## Summary ##", "Summary"),
    ("## Summary#", "Summary#"),  # CommonMark: closing "#"s only after a blank
    ("## C#", "C#"),
    ("## #", ""),
    ("## C# notes", "C# notes"),
    ("## a ## ##  ", "a ##"),
    ("## Summary <!-- pmkit: ignore[PM502] long on purpose -->", "Summary"),
    ("## x" + " " * 40_000 + "y", "x" + " " * 40_000 + "y"),  # took minutes: quadratic backtracking
    ("## x" + " \t" * 20_000, "x"),
])
def test_heading_text(heading: str, title: str) -> None:
    from pmkit.markdown import sections

    doc = parse_text(md(heading + "\n\nText.\n"), "pm.md", markdown=True)
    assert [section.title for section in sections(doc)] == [title]


@pytest.mark.parametrize("heading", ["## **Summary**", "## _Summary_", "## ***Summary:***",
                                     "## [Summary](#summary)", "## [Summary][s]", "## **[Summary](#s)**"])
def test_a_heading_in_emphasis_or_made_a_link_fills_its_field(heading: str) -> None:
    text = FRONT + f"\n{heading}\n\nThe checkout API failed for 12 minutes.\n"
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["summary"] == "The checkout API failed for 12 minutes.\n"


@pytest.mark.parametrize("heading", ["## **Summary** of the day", "## Summary notes", "## *Summary",
                                     "## [x] Summary"])
def test_a_heading_with_more_than_the_name_fills_no_field(heading: str) -> None:
    text = FRONT + f"\n{heading}\n\nThe checkout API failed for 12 minutes.\n"
    assert "summary" not in parse_text(text, "pm.md", markdown=True).data


def test_a_heading_with_a_comment_still_starts_its_section(phrase_rule: None) -> None:
    text = md("""
        ## Summary <!-- pmkit: ignore[PM399] quoting the ticket -->

        The ticket said human error.
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["summary"] == "The ticket said human error.\n"
    # A comment at the end of a heading's line covers its section (docs/authoring.md), as one on
    # the line above it does: there is nothing else on the heading's line for it to silence.
    assert [(d.code, d.line) for d in check(text) if d.code in ("PM399", "PM901")] == []


def test_text_between_two_comments_on_a_line_stays(phrase_rule: None) -> None:
    text = md("""
        ## Summary

        <!-- note --> The deploy failed due to human error. <!-- todo -->

        ## Impact

        Shoppers could not pay for 10 minutes.
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["summary"] == "The deploy failed due to human error.\n"
    assert doc.data["impact"] == {"description": "Shoppers could not pay for 10 minutes.\n"}
    assert [(d.code, d.line, d.col) for d in check(text) if d.code == "PM399"] == [("PM399", 11, 40)]


def test_a_backtick_line_with_a_backtick_after_its_info_string_is_no_fence() -> None:
    # CommonMark: a backtick fence's info string may not hold a backtick, so the first line is
    # inline code in a paragraph and the sections after it are read; a tilde fence's may.
    text = md("""
        ```sh ./deploy --force```
        ## Summary

        The deploy failed due to human error.

        ~~~ sh `quoted`
        ## Impact
        human error
        ~~~
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["summary"] == ("The deploy failed due to human error.\n\n"
                                   "~~~ sh `quoted`\n## Impact\nhuman error\n~~~\n")
    assert "impact" not in doc.data
    assert where(run(text, select=["PM301", "PM9"], path="pm.md")) == [("PM301", 12, 26)]


def test_a_fence_inside_a_comment_and_a_fence_with_an_info_string_inside_code(phrase_rule: None) -> None:
    text = md("""
        <!-- Template example:
        ```
        -->

        ## Background

        ```
        x
        ```python
        ## Summary
        inside code: human error
        ```

        ## Summary

        The deploy failed due to human error. <!-- pmkit: ignore[PM399] quoting -->

        ## Impact

        Shoppers could not pay for 10 minutes.
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["summary"] == "The deploy failed due to human error.\n"
    assert doc.data["impact"] == {"description": "Shoppers could not pay for 10 minutes.\n"}
    assert [d.code for d in check(text) if d.code in ("PM399", "PM901", "PM018")] == []


def test_a_finding_after_blank_lines_and_a_comment_is_placed_at_its_text(phrase_rule: None) -> None:
    """The template's own layout: heading, blank line, guidance comment, blank line, text."""
    text = md("""
        ## Summary

        <!-- 3-5 sentences a customer can read: what broke, for whom, for how long. -->

        human error, the first draft said.
    """)
    [diag] = [d for d in check(text) if d.code == "PM399"]
    assert (diag.line, diag.col, diag.end_line, diag.end_col) == (13, 1, 13, 12)


def test_text_after_a_comment_that_opens_on_the_heading_line_is_placed_exactly(phrase_rule: None) -> None:
    # The section's text starts in the middle of line 10, after the comment's end: findings
    # there, and on the line after, point at the words (the walk used to start on line 11).
    text = md("""
        ## Summary <!-- fill
         in -->  The human error here.
        human error next.
    """)
    assert where(check(text)) == [("PM399", 10, 14), ("PM399", 11, 1)]


def test_a_section_that_starts_with_indented_code_keeps_its_first_line_indented(phrase_rule: None) -> None:
    # Four columns of indentation make the first line code; without them it would read as a
    # paragraph that the second line continues. Less indentation is only layout.
    text = md("""
        ## Summary

            SELECT * FROM carts
            WHERE human error

        ## Impact
           Shoppers could not pay:
          human error.
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["summary"] == "    SELECT * FROM carts\n    WHERE human error\n"
    assert doc.data["impact"] == {"description": "Shoppers could not pay:\n  human error.\n"}
    assert where(check(text)) == [("PM399", 12, 11), ("PM399", 16, 3)]


def test_a_comment_above_a_heading_covers_its_subsections_and_unmapped_sections(phrase_rule: None) -> None:
    text = md("""
        <!-- pmkit: ignore[PM399] quoting the ticket -->
        ## Lessons

        ### What went wrong
        - The ticket called it human error.

        ## Summary

        Shoppers could not pay. It was human error.
    """)
    assert [(d.code, d.line) for d in check(text) if d.code in ("PM399", "PM901")] == [("PM399", 17)]


def test_a_comment_inside_fenced_code_is_code() -> None:
    from pmkit.markdown import strip_comments

    text = "Before. <!-- note -->\n```html\n<!-- cache: v2 -->\n<div>\n```\n<!-- own line -->\nAfter.\n"
    assert strip_comments(text) == "Before.\n```html\n<!-- cache: v2 -->\n<div>\n```\nAfter.\n"
    doc = parse_text(md("""
        ## Summary

        The page cache broke:

        ```html
        <!-- cache: v2 -->
        ```
    """), "pm.md", markdown=True)
    assert doc.data["summary"] == "The page cache broke:\n\n```html\n<!-- cache: v2 -->\n```\n"


@pytest.mark.parametrize("line", [
    "<b>human error</b> happened.",
    "<https://status.example.com/x> says it was human error.",
])
def test_a_removed_comment_before_a_tag_does_not_shift_positions(phrase_rule: None, line: str) -> None:
    text = md("## Summary\n\n<!-- do not write: human error -->\n" + line + "\n")
    [diag] = [d for d in check(text) if d.code == "PM399"]
    column = line.index("human error") + 1
    assert (diag.line, diag.col, diag.end_line, diag.end_col) == (12, column, 12, column + 11)


def test_a_comment_from_the_heading_onto_the_next_line(phrase_rule: None) -> None:
    text = md("""
        ## Summary <!-- guidance: one paragraph,
            no blame -->
        It was human error.

        ## Impact

        ok
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["summary"] == "It was human error.\n"
    assert [(d.code, d.line, d.col) for d in check(text) if d.code == "PM399"] == [("PM399", 11, 8)]


def test_crlf_section_values_read_as_lf() -> None:
    text = md("""
        ## Summary

        line one
        line two
    """)
    crlf = parse_text(text.replace("\n", "\r\n"), "pm.md", markdown=True)
    assert crlf.data["summary"] == "line one\nline two\n"


@pytest.mark.parametrize("shown", ["Use `<!--` to open a comment.", "```html\n<!--\n```"])
def test_a_comment_shown_as_code_hides_nothing_when_the_whole_body_is_read(shown: str) -> None:
    """No heading fills a field, so the blameless rules read the whole body."""
    text = md("## Background\n\n" + shown + "\nThe outage was caused by human error.\n<!-- note -->\n")
    found = Checker(Config(select=["PM301"]), now=NOW).check_text(text, "pm.md")
    assert [(d.code, d.line) for d in found] == [("PM301", 12 + shown.count("\n"))]


def test_numbered_items_under_a_lessons_heading_are_items() -> None:
    doc = parse_text(md("""
        ## What went wrong

        1. The alert fired late.
        2) Nobody owned
           the runbook.
    """), "pm.md", markdown=True)
    assert doc.data["lessons"] == {"went_wrong": ["The alert fired late.", "Nobody owned the runbook."]}


def test_a_list_nested_in_a_lessons_item_is_part_of_that_item(phrase_rule: None) -> None:
    text = md("""
        ## What went wrong

        - The alert fired late:
          - it waited for 5 minutes of errors;
          - it was human error to skip the dashboard.
        - Nobody owned the runbook.
        1. Paging was slow.
           1. The rota was out of date.
         - A sibling, less indented than the item's text.
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["lessons"] == {"went_wrong": [
        "The alert fired late: - it waited for 5 minutes of errors; - it was human error to skip the "
        "dashboard.",
        "Nobody owned the runbook.",
        "Paging was slow. 1. The rota was out of date.",
        "A sibling, less indented than the item's text.",
    ]}
    assert [(d.code, d.line, d.col) for d in check(text) if d.code == "PM399"] == [("PM399", 13, 12)]


def test_a_backtick_inside_a_comment_opens_no_code_span() -> None:
    from pmkit.markdown import code_spans

    line = "<!-- a ` --> It was human error <!-- pmkit: ignore[PM301] quoting --> per the `ops` log."
    assert code_spans(line) == ([78], [83])  # `ops`, not "` --> ... `"
    assert code_spans("`<!--` and `-->`") == ([0, 11], [6, 16])  # code wins where it opens first
    doc = parse_text(md("## Summary\n\n" + line + "\n"), "pm.md", markdown=True)
    assert doc.data["summary"] == "It was human error per the `ops` log.\n"


def test_paragraphs_under_a_lessons_heading_without_a_list_are_items() -> None:
    doc = parse_text(md("""
        ## Where we got lucky

        <!-- One paragraph, or one bullet, per lesson. -->
        The release went out on a quiet
        Monday afternoon.

        A second engineer happened to be online.
    """), "pm.md", markdown=True)
    assert doc.data["lessons"] == {"lucky": ["The release went out on a quiet Monday afternoon.",
                                             "A second engineer happened to be online."]}
    assert doc.value_spans[("lessons", "lucky", 0)] == Span(12, 1, 13, 18)
    assert doc.value_spans[("lessons", "lucky", 1)] == Span(15, 1, 15, 41)



def test_code_blocks_under_a_lessons_heading_are_no_items(phrase_rule: None) -> None:
    text = md("""
        ## What went wrong

        - The deploy tool accepted a wildcard.

        ```
        - human error: aborting
        ```
        - The alert went to a muted channel.

        ## Where we got lucky

        A second engineer was online.

            human error in a log line

        The replica had a fresh backup.
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["lessons"] == {
        "went_wrong": ["The deploy tool accepted a wildcard.", "The alert went to a muted channel."],
        "lucky": ["A second engineer was online.", "The replica had a fresh backup."],
    }
    assert doc.value_spans[("lessons", "went_wrong", 1)] == Span(16, 3, 16, 37)
    assert doc.value_spans[("lessons", "lucky", 1)] == Span(24, 1, 24, 32)
    assert [d.code for d in check(text)] == []  # the code is no lesson, so it is judged by no rule

def test_a_list_wins_over_the_paragraph_that_introduces_it() -> None:
    doc = parse_text(md("""
        ## What went well

        Two things:

        - The alert fired.
        - <!-- another one -->
    """), "pm.md", markdown=True)
    assert doc.data["lessons"] == {"went_well": ["The alert fired."]}


def test_a_lessons_heading_with_only_the_templates_comment_fills_nothing() -> None:
    doc = parse_text(md("## What went well\n\n<!-- What worked? -->\n"), "pm.md", markdown=True)
    assert "lessons" not in doc.data


# --- setext headings, thematic breaks and the front matter's closing line ----------------------


def test_setext_headings_fill_fields_with_exact_positions(phrase_rule: None) -> None:
    text = md("""
        Summary
        -------

        The deploy failed due to human error.

        Lessons
        -------

        ### What went wrong
        - A human error in the runbook.
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.diagnostics == []
    assert doc.data["summary"] == "The deploy failed due to human error.\n"
    assert doc.data["lessons"] == {"went_wrong": ["A human error in the runbook."]}
    assert doc.key_spans[("summary",)] == Span(9, 1, 9, 8)
    assert where(check(text)) == [("PM399", 12, 26), ("PM399", 18, 5)]


def test_a_dash_line_after_a_blank_line_a_list_or_a_quote_is_a_thematic_break() -> None:
    # Only under a paragraph outside lists and quotes is "---" a heading's underline.
    text = md("""
        ## Summary

        Checkout failed.

        ---

        - Payments were retried.
        ---
        > Impact
        ---
        Impact
        ------
        Card payments only.
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["summary"] == ("Checkout failed.\n\n---\n\n- Payments were retried.\n---\n"
                                   "> Impact\n---\n")
    assert doc.data["impact"] == {"description": "Card payments only.\n"}


def test_the_front_matter_closing_line_underlines_nothing() -> None:
    # The "---" that closes the front matter is no setext underline of the YAML line above it,
    # and a "---" that opens the body is a thematic break.
    text = md("""
        ---
        Summary
        =======

        ## Summary

        Checkout failed.
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.diagnostics == []
    assert doc.data["summary"] == "Checkout failed.\n"


def test_a_comment_above_a_heading_stops_at_the_next_setext_heading() -> None:
    text = md("""
        <!-- pmkit: ignore[PM301] quoting the ticket -->
        ## Background

        The ticket called it human error.

        Summary
        -------

        The deploy failed due to human error.
    """)
    assert where(run(text, select=["PM301", "PM9"], path="pm.md")) == [("PM301", 17, 26)]


def test_a_comment_above_a_setext_heading_covers_its_section(phrase_rule: None) -> None:
    text = md("""
        <!-- pmkit: ignore[PM399] quoting the ticket -->
        Summary
        -------

        The deploy failed due to human error.
    """)
    assert [d.code for d in check(text)] == []


def test_fences_in_list_items_and_block_quotes(phrase_rule: None) -> None:
    # A fence indented to a nested item's text is a fence (four spaces, yet no code line), and
    # the item's end ends it; a fence in a block quote is one too. Comments in them are code.
    text = md("""
        ## What went wrong

        - The runbook:
          - step two reads

            ```sh
            <!-- pmkit: ignore[PM399] an example -->
            ```
        - The alert:
          ```
          unclosed, ended by the item's end
        ## Impact

        > ```
        > <!-- pmkit: ignore[PM399] an example -->
        > ```
        Shoppers saw human error pages.
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["impact"] == {"description": "> ```\n> <!-- pmkit: ignore[PM399] an example -->\n> ```\n"
                                                 "Shoppers saw human error pages.\n"}
    # The examples are no suppressions (each would be reported as unused: PM901).
    assert where(check(text)) == [("PM399", 25, 14)]


def test_headings_in_block_quotes_and_list_items_start_no_section() -> None:
    text = md("""
        ## Summary

        > Impact
        > ------
        > ## Impact

        - Impact
          ------
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert "impact" not in doc.data
    assert doc.data["summary"].endswith("  ------\n")


# --- indented code blocks --------------------------------------------------------------------------


def test_indented_code_in_the_body_is_not_prose() -> None:
    # Four spaces or a tab after a blank line is code; after a paragraph's line, more of its
    # text; in a list item, four columns more than the item's text.
    text = md("""
        ## Background

        The log:

            human error in code
        TABhuman error in code

        The last line of the paragraph
            says human error.

        - An item

              human error in the item's code

          human error in the item's text
    """).replace("TAB", "\t")
    assert where(run(text, select=["PM301", "PM9"], path="pm.md")) == [("PM301", 17, 10), ("PM301", 23, 3)]


def test_a_comment_in_indented_code_is_an_example() -> None:
    text = md("""
        ## Summary

        Write this above the line:

            <!-- pmkit: ignore[PM301] quoting -->

        The ticket said human error.
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["summary"] == ("Write this above the line:\n\n"
                                   "    <!-- pmkit: ignore[PM301] quoting -->\n\n"
                                   "The ticket said human error.\n")
    assert where(run(text, select=["PM301", "PM9"], path="pm.md")) == [("PM301", 15, 17)]


def test_toml_front_matter_is_named_as_such() -> None:
    doc = parse_text('+++\ntitle = "Checkout errors"\n+++\n\n## Summary\n\nText.\n', "pm.md", markdown=True)
    [found] = doc.diagnostics
    assert (found.code, found.line, found.col) == ("PM007", 1, 1)
    assert found.message == "Markdown front matter is TOML ('+++'); pmkit reads YAML front matter"
    assert "between two '---' lines" in found.hint


def test_code_ends_where_markdown_ends_it_for_the_language_rules() -> None:
    # A "```" inside a "````" block is a line of code, not its end; a lone "```" in a sentence
    # is a backtick, not code up to the end of the text. The sentences after both are prose.
    found = run(md("""
        ## Summary

        ````markdown
        ```
        ## Impact
        ````

        The outage was caused by human error.

        ## Background

        We saw ``` in the logs. The outage was caused by human error.
        """), select=["PM301"], path="pm.md")
    assert where(found) == [("PM301", 16, 26), ("PM301", 20, 50)]
    assert all(d.message == '"human error" frames the incident as human error' for d in found)


def test_numbered_and_decorated_headings_name_their_sections() -> None:
    # Wiki and word-processor exports number their headings and put emoji before them.
    text = md("""
        ## 1. Summary

        Checkout failed for 47 minutes.

        ## 2) 🔥 Impact

        Some customers could not pay.

        ## 3. Lessons learned ✅

        ### 3.1 What went wrong

        - The alert was missing.
        """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data is not None
    assert doc.data["summary"] == "Checkout failed for 47 minutes.\n"
    assert doc.data["lessons"] == {"went_wrong": ["The alert was missing."]}
    found = run(text, select=["PM504"], path="pm.md")
    # The impact section is read: its missing numbers are reported at its heading, not as a
    # postmortem without an impact section.
    assert where(found) == [("PM504", 13, 1)]
    assert found[0].message.startswith("impact of a SEV3 incident gives no numbers")


def test_the_language_rules_read_the_text_a_reader_sees() -> None:
    # An entity, a zero-width space inside a word, inline tags, escaped emphasis and a hard
    # line break written with a backslash: each shows "human error" to the reader.
    found = run(md("""
        ## Background

        The outage was caused by human&nbsp;error.

        The outage was caused by hu\u200bman error.

        The outage was caused by <b>human</b> error.

        The outage was caused by human \\*error\\*.

        The outage was caused by human\\
        error.
        """), select=["PM301"], path="pm.md")
    assert [(d.code, d.line, d.col, d.end_line, d.end_col) for d in found] == [
        ("PM301", 11, 26, 11, 42), ("PM301", 13, 26, 13, 38), ("PM301", 15, 29, 15, 44),
        ("PM301", 17, 26, 17, 39), ("PM301", 19, 26, 20, 6)]
    assert all(d.message == '"human error" frames the incident as human error' for d in found)


def test_entities_and_escapes_that_show_nothing_blameful_stay_silent() -> None:
    # "&quot;" shows a quotation mark: the words inside are quoted, not the authors' own.
    found = run(md("""
        ## Background

        The ticket said &quot;human error&quot;, and R&amp;D agreed \\# not at all.
        """), select=["PM3"], path="pm.md")
    assert found == []


def test_a_timeline_table_or_action_item_list_in_the_body_is_named_where_it_is(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Pasted from a wiki: the timeline as a table, the action items as a task list, the causes
    # as a list. pmkit reads these lists from the front matter only; the findings that they are
    # missing point at the sections the author wrote, and say why they do not count.
    path = tmp_path / "pm.md"
    path.write_text(md("""
        ## Summary

        Checkout failed for 47 minutes.

        ## Timeline

        | time  | event                |
        | ----- | -------------------- |
        | 14:02 | Checkout errors rose |

        ## 3. Root causes

        - A config change removed the EU region.

        ## Action items

        - [ ] Alert on checkout errors
        """), encoding="utf-8")
    assert main(["check", str(path), "--select", "PM101,PM701,PM711", "--no-hints"]) == 1
    out = capsys.readouterr().out
    assert f"{path}:13:1: PM101 the postmortem has no timeline: the body's section 'Timeline' is read " \
           "as text, and 'timeline' only from the front matter (no-timeline)" in out
    assert f"{path}:19:1: PM701 the postmortem names no contributing factors: the body's section " \
           "'3. Root causes' is read as text" in out
    assert f"{path}:23:1: PM711 the postmortem has no action items: the body's section 'Action items'" in out
    found = run(path.read_text(encoding="utf-8"), select=["PM711"], path="pm.md")
    assert found[0].hint.startswith("Move the section's entries into the front matter. Add 'action_items:'")
    # Without such a heading, the finding stays at the top of the file.
    assert where(run(md("## Summary\n\nCheckout failed.\n"), select=["PM101"], path="pm.md")) == [
        ("PM101", 2, 1)]


def test_a_task_list_under_a_lessons_heading_gives_items_without_their_check_boxes() -> None:
    doc = parse_text(md("""
        ## What went wrong

        - [ ] The alert was missing.
        - [x] The runbook was out of date:
          - it named the old cluster
        """), "pm.md", markdown=True)
    assert doc.data is not None
    assert doc.data["lessons"] == {"went_wrong": [
        "The alert was missing.", "The runbook was out of date: - it named the old cluster"]}
    # The item starts at its text, after the box.
    assert doc.value_spans[("lessons", "went_wrong", 0)] == Span(11, 7, 11, 29)


def test_a_pre_block_runs_to_its_closing_tag_and_is_not_prose() -> None:
    # Pasted log output in <pre>: blank lines do not end it, a "## ..." line in it is no
    # heading, and its words are not the authors'. The text after it is prose again.
    text = md("""
        ## Summary

        Checkout failed.

        <pre>
        ERROR checkout: human error?

        ## Impact
        </pre>

        The outage was caused by human error.
        """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data is not None and "impact" not in doc.data
    assert doc.data["summary"].endswith("</pre>\n\nThe outage was caused by human error.\n")
    assert where(run(text, select=["PM3"], path="pm.md")) == [("PM301", 19, 26)]


@pytest.mark.parametrize("front", ["---\n---\n", "---\n\n# fields to come\n...\n"])
def test_an_empty_front_matter_is_named_as_such(front: str) -> None:
    found = run(front + "\n## Summary\n\nCheckout failed.\n", path="pm.md")
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM007", 1, 1, "Markdown front matter is empty: no postmortem fields between its '---' lines")]
    assert "pmkit new --format md" in found[0].hint


def test_link_reference_definitions_under_a_lessons_heading_are_no_items() -> None:
    # Markdown shows nothing of "[t]: https://..."; a footnote ("[^1]: ...") it shows.
    doc = parse_text(md("""
        ## What went wrong

        The alert was missing ([ticket][t]).[^1]

        [t]: https://tracker.example.com/OBS-311
        [r]: https://runbooks.example.com/checkout "Runbook"

        [^1]: It had been removed in March.
        """), "pm.md", markdown=True)
    assert doc.data is not None
    assert doc.data["lessons"] == {"went_wrong": [
        "The alert was missing ([ticket][t]).[^1]", "[^1]: It had been removed in March."]}


def test_headings_read_as_shown_with_entities_question_marks_and_symbols_after_colons() -> None:
    doc = parse_text(md("""
        ## Summary 🔥:

        Checkout failed for 47 minutes.

        ## Lessons

        ### What&nbsp;went wrong?

        - The alert was missing.

        ### Where we got lu\u00adcky

        - It was a quiet Monday.
        """), "pm.md", markdown=True)
    assert doc.data is not None
    assert doc.data["summary"] == "Checkout failed for 47 minutes.\n"
    assert doc.data["lessons"] == {"went_wrong": ["The alert was missing."],
                                   "lucky": ["It was a quiet Monday."]}


def test_vague_impact_is_read_as_shown_and_quoted_as_shown() -> None:
    found = run(md("""
        ## Impact

        Some&nbsp;users could not pay, and *many* customers saw errors.
        """), select=["PM503"], path="pm.md")
    assert [(d.line, d.col, d.end_col, d.message.split(":")[0]) for d in found] == [
        (11, 1, 16, "vague impact 'Some users'"), (11, 36, 52, "vague impact 'many customers'")]


def test_text_after_a_comment_on_its_line_is_read_outside_fields() -> None:
    # The comment is not shown; the text after it on its last line is, and is no indented code.
    found = run(md("""
        ## Background

        <!-- reviewers: check the wording
        ## Impact
        --> The outage was caused by human error.

        <!-- note --> TODO: write how the cache was warmed.

        It was human <!-- the operator's --> error.
        """), select=["PM301", "PM019"], path="pm.md")
    assert sorted((d.code, d.line, d.col, d.end_line, d.end_col) for d in found) == [
        ("PM019", 15, 15, 15, 19), ("PM301", 13, 30, 13, 41), ("PM301", 17, 8, 17, 43)]
    assert "placeholder 'TODO' left in the Markdown body (status is draft)" in [d.message for d in found]


def test_other_names_of_the_summary_and_impact_sections() -> None:
    # Templates name them "Executive summary", "TL;DR", "Customer impact": the same fields...
    doc = parse_text(md("""
        ## TL;DR

        For 47 minutes, 12% of checkout requests failed.

        ## Customer impact

        Card payments only.
    """), "pm.md", markdown=True)
    assert doc.diagnostics == []
    assert doc.data["summary"] == "For 47 minutes, 12% of checkout requests failed.\n"
    assert doc.data["impact"] == {"description": "Card payments only.\n"}
    assert doc.key_spans[("impact", "description")].line == 13
    # ...but beside "## Impact" (before or after it) or a second such name, "## Customer impact"
    # is a section of the author's own, read as text: no duplicate-section error.
    doc = parse_text(md("""
        ## Executive summary

        For 47 minutes, 12% of checkout requests failed.

        ## TL;DR

        Checkout failed.

        ## Customer impact

        Shoppers saw errors.

        ## Impact

        Card payments only.
    """), "pm.md", markdown=True)
    assert doc.diagnostics == []
    assert doc.data["summary"] == "For 47 minutes, 12% of checkout requests failed.\n"
    assert doc.data["impact"] == {"description": "Card payments only.\n"}
    assert check(doc.text) == []
    doc = parse_text(md("""
        ## Customer impact

        Shoppers saw errors.

        ## Impact

        Card payments only.
    """), "pm.md", markdown=True)
    assert doc.diagnostics == []
    assert doc.data["impact"] == {"description": "Card payments only.\n"}
    from pmkit.markdown import extra_sections
    assert extra_sections(doc) == [("Customer impact", "Shoppers saw errors.")]


def test_html_code_is_code_and_link_targets_are_not_read() -> None:
    # <code>, <kbd> and <samp> show code as `backticks` do: not the author's prose. An image's
    # alt text is read aloud by screen readers, the author's words, but its file name (and a
    # link's target) is never shown.
    text = md("""
        ## Summary

        The ticket said <code>human error</code>, the console <samp>Human error</samp>.
        We typed <kbd>human error</kbd> into the search.

        ![human error diagram](img/human-error.png "human-error") shows the
        [runbook](docs/human-error.md).
    """)
    found = run(text, select=["PM301", "PM9"], path="pm.md")
    assert [(d.code, d.line, d.col, d.end_col, d.message) for d in found] == [
        ("PM301", 14, 3, 14, '"human error" frames the incident as human error')]


def test_emphasis_on_part_of_a_phrase_is_marked_whole() -> None:
    # "_human_ error" was marked as "human_ error" (one marker of the pair): the finding now
    # covers the emphasis it opens; emphasis around the whole phrase stays outside.
    text = md("""
        ## Summary

        It was _human_ error, then human **error**, then *human error*.
    """)
    found = run(text, select=["PM301", "PM9"], path="pm.md")
    assert [(d.line, d.col, d.end_col, dict(d.data)["match"]) for d in found] == [
        (11, 8, 21, "_human_ error"), (11, 28, 43, "human **error**"), (11, 51, 62, "human error")]


def test_a_table_under_a_lessons_heading_gives_one_item_per_row(phrase_rule: None) -> None:
    # It was one item, "| what | why | | --- | --- | | Alerting | missing | ...".
    text = md("""
        ## What went wrong

        | what | why |
        | --- | :---: |
        | Alerting | missing |
        | Paging | human error \\| typo |
    """)
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["lessons"] == {"went_wrong": ["Alerting | missing", "Paging | human error \\| typo"]}
    found = check(text)
    assert [(d.code, d.line, d.col, d.end_col) for d in found] == [("PM399", 14, 12, 23)]


def test_a_section_heading_at_another_level_is_named() -> None:
    # "# Summary" and "### What went wrong" (as document exports write them) filled nothing,
    # and nothing said so; subheadings inside a section that fills a field, headings of fields
    # given elsewhere and "### What went well" under "## Lessons" are not reported.
    found = check(md("""
        # Summary

        For 47 minutes, 12% of checkout requests failed.

        ## Impact

        Card payments only.

        ### Summary

        Part of the impact.

        ## Background

        ### What went wrong

        - The alert was missing.

        ## Lessons

        ### What went well

        - The rollback was quick.
    """))
    assert [(d.code, d.line, d.col, d.end_col, d.severity) for d in found] == [
        ("PM024", 9, 1, 10, Severity.WARNING), ("PM024", 23, 1, 20, Severity.WARNING)]
    assert [d.message for d in found] == [
        "'# Summary' is a level-1 heading, which fills no field: 'summary' is read from '## Summary'",
        "'### What went wrong' is a level-3 heading outside '## Lessons', which fills no field: "
        "'lessons.went_wrong' is read from '## What went wrong' or from '### What went wrong' under "
        "'## Lessons'"]
    assert check(md("""
        ## Summary

        For 47 minutes, 12% of checkout requests failed.

        ### Impact

        Card payments only.
    """)) == []


def test_privacy_and_impact_counts_read_the_text_as_shown() -> None:
    # An entity or emphasis hid what a reader sees: "jane&#64;example.org" is an e-mail
    # address, "1240&nbsp;customers" and "**1,240** customers" are counts. Columns stay on
    # the text as written.
    text = md("""
        ## Summary

        Checkout failed for 1240&nbsp;customers; write to jane&#64;acme-payments.de for details.

        ## Impact

        About **1,240** customers could not pay.
    """)
    found = run(text, select=["PM504", "PM505"], path="pm.md")
    assert [(d.code, d.line, d.col, d.end_col) for d in found] == [
        ("PM505", 11, 51, 76), ("PM504", 13, 1, 10)]
    assert "e-mail address" in found[0].message
    assert "numbers only in its text" in found[1].message
