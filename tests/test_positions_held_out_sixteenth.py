"""Positions of findings as a reviewer reads them: each finding's line, column, end line and end
column cover exactly the words it is about, in every way YAML and Markdown write them."""

from __future__ import annotations

import pytest

from helpers import DRAFT_HEAD, Where, spans


def doc(body: str, lang: str = "en") -> str:
    return DRAFT_HEAD.format(lang=lang) + body


def markdown(body: str, lang: str = "en") -> str:
    return "---\n" + DRAFT_HEAD.format(lang=lang) + "---\n" + body


def found(text: str, select: list[str], path: str = "pm.yaml") -> list[Where]:
    return spans(text, select, path)


# --- a phrase that ends in an escape ends after the escape -------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ('"The outage was caused by human erro\\x72."', (36, 50, "human erro\\x72")),
    ('"The outage was caused by human erro\\u0072 today."', (36, 52, "human erro\\u0072")),
    ('"The outage was caused by human erro\\U00000072 today."', (36, 56, "human erro\\U00000072")),
])
def test_a_phrase_that_ends_in_an_escape_covers_the_whole_escape(
        value: str, expected: tuple[int, int, str]) -> None:
    col, end_col, words = expected
    assert found(doc(f"summary: {value}\n"), ["PM301"]) == [("PM301", 7, col, 7, end_col, words)]


def test_a_placeholder_that_ends_in_an_escape_covers_the_whole_escape() -> None:
    text = doc('summary: "Write this TOD\\x4F"\n')
    assert found(text, ["PM019"]) == [("PM019", 7, 22, 7, 29, "TOD\\x4F")]


def test_a_card_number_that_ends_in_an_escape_covers_the_whole_escape() -> None:
    text = doc('summary: "Card 4539 1488 0343 646\\u0037 was used."\n')
    assert found(text, ["PM506"]) == [("PM506", 7, 16, 7, 40, "4539 1488 0343 646\\u0037")]


def test_an_email_that_ends_in_an_escape_covers_the_whole_escape() -> None:
    text = doc('summary: "Contact jane@acme-corp.d\\x65"\n').replace("status: draft", "status: in-review")
    assert found(text, ["PM505"]) == [("PM505", 7, 19, 7, 39, "jane@acme-corp.d\\x65")]


def test_text_that_ends_in_a_doubled_quote_covers_both_quotes() -> None:
    from pmkit.loader import parse_text
    from pmkit.textmap import locate

    parsed = parse_text("pmkit: 1\nsummary: 'the on-call engineers'' call'\n", "pm.yaml")
    value = "the on-call engineers' call"
    assert isinstance(parsed.data, dict) and parsed.data["summary"] == value
    span = locate(parsed, ("summary",), value, 12, 22)  # "engineers'", written "engineers''"
    assert (span.line, span.col, span.end_line, span.end_col) == (2, 23, 2, 34)


def test_escapes_inside_and_at_the_start_of_a_phrase_stay_covered() -> None:
    # (guard) the start at the first escape's backslash, the end after the last plain letter
    text = doc('summary: "Er h\\u00e4tte das pr\\u00fcfen m\\u00fcssen."\n', "de")
    assert found(text, ["PM302"]) == [
        ("PM302", 7, 14, 7, 52, "h\\u00e4tte das pr\\u00fcfen m\\u00fcssen")]


# --- a phrase that ends in an HTML entity ends after the entity --------------------------------


@pytest.mark.parametrize(("body", "expected"), [
    ("The outage was caused by human erro&#114;.\n", (26, 42, "human erro&#114;")),
    ("The outage was caused by human erro&#x72; today.\n", (26, 42, "human erro&#x72;")),
    # (guard) one that starts with an entity, and one inside a phrase
    ("The outage was caused by &#104;uman error.\n", (26, 42, "&#104;uman error")),
    ("The outage was caused by human&nbsp;error.\n", (26, 42, "human&nbsp;error")),
])
def test_a_phrase_that_ends_in_an_entity_covers_the_whole_entity(
        body: str, expected: tuple[int, int, str]) -> None:
    col, end_col, words = expected
    text = markdown("\n## Summary\n\n" + body)
    assert found(text, ["PM301"], "pm.md") == [("PM301", 12, col, 12, end_col, words)]


def test_entities_and_emphasis_at_the_end_of_a_phrase() -> None:
    from pmkit.prose import scan

    assert [(f.start, f.end, f.text) for f in scan("*human erro&#114;*")] == [(1, 17, "human erro&#114;")]
    assert [(f.start, f.end, f.text) for f in scan("the engineer should have checke&#100;")] == [
        (13, 37, "should have checke&#100;")]
    # (guard) emphasis around the whole phrase stays outside it; an entity after it is not in it
    assert [(f.start, f.end) for f in scan("**human error**")] == [(2, 13)]
    assert [(f.start, f.end) for f in scan("human error&nbsp;today")] == [(0, 11)]


def test_a_vague_quantity_that_ends_in_an_entity_covers_the_whole_entity() -> None:
    text = doc("impact:\n  description: Many user&#115; were affected.\n")
    assert found(text, ["PM503"]) == [("PM503", 8, 16, 8, 31, "Many user&#115;")]


# --- a phrase whose words a link's markup splits -----------------------------------------------


@pytest.mark.parametrize(("body", "expected"), [
    ("The outage was caused by [human](https://x.example) error.\n",
     (27, 58, "human](https://x.example) error")),
    ("The outage was caused by human [error](https://x.example).\n", (26, 38, "human [error")),
    ("The outage was caused by ![human](flow.png) error.\n", (28, 50, "human](flow.png) error")),
    # (guard) a link around the whole phrase: its words alone
    ("The outage was caused by [human error](https://x.example).\n", (27, 38, "human error")),
])
def test_a_phrase_split_by_a_link_is_found_over_its_words(body: str, expected: tuple[int, int, str]) -> None:
    col, end_col, words = expected
    text = markdown("\n## Summary\n\n" + body)
    assert found(text, ["PM3"], "pm.md") == [("PM301", 12, col, 12, end_col, words)]


@pytest.mark.parametrize("body", [
    "See [the runbook](https://x.example/human-error) for the outage.\n",  # an address is no prose
    "- [x] The cache [was](https://x.example) cold. [14:12] human\n",  # a box, a time: no links
])
def test_what_a_link_points_at_stays_unread(body: str) -> None:
    # (guard)
    assert found(markdown("\n## Summary\n\n" + body), ["PM3"], "pm.md") == []


# --- a Markdown section that starts with indented code -----------------------------------------


@pytest.mark.parametrize("code", ["    code: human error", "\tcode: human error", "  \tcode: human error"])
def test_indented_code_at_the_start_of_a_section_is_no_prose(code: str) -> None:
    text = markdown(f"\n## Summary\n\n{code}\n\nThe outage was caused by human error.\n")
    assert found(text, ["PM3"], "pm.md") == [("PM301", 14, 26, 14, 37, "human error")]


def test_indented_code_at_the_start_of_the_body_is_no_prose() -> None:
    # (guard) the body outside the sections that fill fields was already read so
    text = markdown("    code: human error\n\n## Summary\n\nThe outage was fine.\n")
    assert found(text, ["PM3"], "pm.md") == []


def test_a_one_line_yaml_text_that_starts_with_blanks_is_still_prose() -> None:
    # (guard) a value of one line YAML kept with its blanks is text, not a code block
    assert found(doc('summary: "    human error"\n'), ["PM3"]) == [("PM301", 7, 15, 7, 26, "human error")]


# --- findings of the loader about words it knows cover those words ------------------------------


@pytest.mark.parametrize(("body", "expected"), [
    ("summary: x\nsummary: y\n", ("PM002", 8, 1, 8, 8, "summary")),
    ("impact: {description: x, description: y}\n", ("PM002", 7, 26, 7, 37, "description")),
    ("summary: x\n'summary': y\n", ("PM002", 8, 1, 8, 10, "'summary'")),
])
def test_a_duplicate_key_is_covered(body: str, expected: Where) -> None:
    assert found(doc(body), ["PM002"]) == [expected]


@pytest.mark.parametrize(("value", "expected"), [
    ("!!binary aGVsbG8=", (10, 18, "!!binary")),
    ("!custom The outage", (10, 17, "!custom")),
    ("&a !custom The outage", (13, 20, "!custom")),
    ("!custom &a The outage", (10, 17, "!custom")),
    ("!<tag:example.com,2000:x> The outage", (10, 35, "!<tag:example.com,2000:x>")),
    ("!custom |\n  The outage", (10, 17, "!custom")),
])
def test_a_tag_pmkit_does_not_read_is_covered(value: str, expected: tuple[int, int, str]) -> None:
    col, end_col, words = expected
    [pm001] = [f for f in found(doc(f"summary: {value}\n"), ["PM001"]) if f[0] == "PM001"]
    assert pm001 == ("PM001", 7, col, 7, end_col, words)


def test_a_tag_in_a_flow_list_and_in_front_matter_is_covered() -> None:
    assert found(doc("tags: [!custom x, y]\n"), ["PM001"]) == [("PM001", 7, 8, 7, 15, "!custom")]
    text = "---\n" + doc("summary: !custom The outage\n") + "---\n"
    assert found(text, ["PM001"], "pm.md") == [("PM001", 8, 10, 8, 17, "!custom")]


def test_a_merge_key_with_no_mapping_is_covered() -> None:
    text = doc("impact:\n  <<: [1, 2]\n  description: x\n")
    assert found(text, ["PM001"]) == [("PM001", 8, 3, 8, 5, "<<")]


@pytest.mark.parametrize(("body", "expected"), [
    ('summary: "The outage \\ud800 was bad"\n', (7, 22, 7, 28, "\\ud800")),
    ('summary: "The \\\\ud800 outage \\uD800"\n', (7, 30, 7, 36, "\\uD800")),  # after an escaped backslash
    ('summary: "The \\U0000D800 outage"\n', (7, 15, 7, 25, "\\U0000D800")),
    # a pair of escapes is one character; the lone one is on the next line, after an emoji
    ('summary: "The \\ud83d\\ude00 outage \\\n  and 😀 \\udc00 was bad"\n', (8, 9, 8, 15, "\\udc00")),
    ('"k\\ud800": x\n', (7, 3, 7, 9, "\\ud800")),
])
def test_a_lone_surrogate_escape_is_covered(body: str, expected: tuple[int, int, int, int, str]) -> None:
    pm001 = [f for f in found(doc(body), ["PM001"]) if f[0] == "PM001"]
    assert pm001 == [("PM001", *expected)]


# --- a list item wrapped without indentation (a lazy line) -------------------------------------

LESSONS = "\n## Lessons\n\n### What went wrong\n\n"


def test_a_phrase_wrapped_onto_a_lazy_line_of_a_list_item_is_found_over_both_lines() -> None:
    text = markdown(LESSONS + "* The outage was caused by human\nerror, they said.\n* The cache was cold.\n")
    assert found(text, ["PM3"], "pm.md") == [("PM301", 14, 28, 15, 6, "human\nerror")]
    from pmkit.loader import parse_text

    parsed = parse_text(text, "pm.md", markdown=True)
    assert isinstance(parsed.data, dict)
    assert parsed.data["lessons"] == {"went_wrong": ["The outage was caused by human error, they said.",
                                                     "The cache was cold."]}


def test_a_lazy_line_under_a_nested_item_goes_on_with_the_top_item() -> None:
    text = markdown(LESSONS + "- First.\n  - nested: the outage was caused by human\nerror.\n- Second.\n")
    assert found(text, ["PM3"], "pm.md") == [("PM301", 15, 38, 16, 6, "human\nerror")]


def test_a_paragraph_after_a_blank_line_is_no_part_of_the_item_above() -> None:
    # (guard) it is the body's text, checked where it is written
    text = markdown(LESSONS + "- The cache was cold.\n\nThe outage was caused by human error.\n")
    assert found(text, ["PM3"], "pm.md") == [("PM301", 16, 26, 16, 37, "human error")]
    from pmkit.loader import parse_text

    parsed = parse_text(text, "pm.md", markdown=True)
    assert isinstance(parsed.data, dict)
    assert parsed.data["lessons"] == {"went_wrong": ["The cache was cold."]}


# --- a finding about a suppression comment covers the comment -----------------------------------


@pytest.mark.parametrize(("body", "expected"), [
    ("summary: The outage was fine.  # pmkit: ignore[PM302] quoted\n",
     ("PM901", 7, 32, 7, 61, "# pmkit: ignore[PM302] quoted")),
    ('summary: "😀 The outage was fine."  # pmkit: ignore[PM302] quoted\n',
     ("PM901", 7, 36, 7, 65, "# pmkit: ignore[PM302] quoted")),
    ("# pmkit: ignore[PM999] x\nsummary: The outage was fine.\n",
     ("PM902", 7, 1, 7, 25, "# pmkit: ignore[PM999] x")),
    ("summary: x  # pmkit: disable[PM302] y\n", ("PM902", 7, 13, 7, 38, "# pmkit: disable[PM302] y")),
    ("summary: x  # pmkit: ignore[]\n", ("PM902", 7, 13, 7, 30, "# pmkit: ignore[]")),
    ("summary: |\n  text\n  # pmkit: ignore[PM301] x\n", ("PM902", 9, 3, 9, 27, "# pmkit: ignore[PM301] x")),
])
@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_a_finding_about_a_yaml_suppression_covers_the_comment(body: str, expected: Where, eol: str) -> None:
    assert found(doc(body).replace("\n", eol), ["PM9", "PM3"]) == [expected]  # (PM901: when PM302 ran)


def test_a_finding_about_a_markdown_suppression_covers_the_comment() -> None:
    text = markdown("\n## Summary\n\nThe outage was fine. <!-- pmkit: ignore[PM302] x --> More.\n\n"
                    "Text <!-- pmkit: ignore PM302 --> more.\n\n# pmkit: ignore[PM301] x\n\n"
                    "Text <!-- pmkit: ignore[PM302\n")
    assert found(text, ["PM9", "PM3"], "pm.md") == [
        ("PM901", 12, 22, 12, 53, "<!-- pmkit: ignore[PM302] x -->"),
        ("PM902", 14, 6, 14, 34, "<!-- pmkit: ignore PM302 -->"),
        ("PM902", 16, 1, 16, 25, "# pmkit: ignore[PM301] x"),
        ("PM902", 18, 6, 18, 30, "<!-- pmkit: ignore[PM302"),
    ]
