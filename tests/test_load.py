"""The loader turns every kind of bad input into a positioned diagnostic, never an exception."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmkit import loader
from pmkit.loader import MAX_DEPTH, parse_bytes, parse_text, read_document
from pmkit.textmap import locate

MINIMAL = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"


def first(doc):  # type: ignore[no-untyped-def]
    return [(d.code, d.line, d.col) for d in doc.diagnostics]


def test_valid_document_has_source_map() -> None:
    doc = parse_text(MINIMAL + "timeline:\n  - at: 2018-10-21T22:52:00Z\n    event: x\n")
    assert doc.diagnostics == []
    assert doc.key_spans[("timeline",)].line == 7
    assert doc.value_spans[("timeline", 0, "at")].line == 8
    assert doc.value_spans[("timeline", 0, "at")].col == 9
    assert doc.key_spans[("timeline", 0, "event")].line == 9


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a: [1, 2\nb: 3\n", [("PM001", 1, 4)]),  # at the '[' never closed
        (b'title: "open\n', [("PM001", 1, 8)]),  # at the quote never closed
        (b"a:\n\tb: 1\n", [("PM001", 2, 1)]),
        (b"title: a\x07b\n", [("PM001", 1, 9)]),
        (b"id: a\nid: b\n", [("PM002", 2, 1)]),
        (b"- a\n- b\n", [("PM003", 1, 1)]),
        (b"just text\n", [("PM003", 1, 1)]),
        (b"title: caf\xe9\n", [("PM004", 1, 11)]),
        (b"\xff\xfet\x00", [("PM004", 1, 1)]),  # UTF-16, said as such, not "binary"
        ("\ufeffa: 1\n".encode("utf-32"), [("PM004", 1, 1)]),
        (b"%YAML 1.3\n---\na: 1\n", [("PM001", 1, 7)]),  # ruamel.yaml asserts; no mark
        (b'a: "\\U00110000"\n', [("PM001", 1, 5)]),  # beyond Unicode: chr() fails
        (b'a: "\\UFFFFFFFF"\n', [("PM001", 1, 5)]),
        (b"title: \xc3\xa9\xc3\xa9\xff\n", [("PM004", 1, 10)]),  # columns count characters
        (b"a: 1\rtitle: caf\xe9\r", [("PM004", 2, 11)]),  # a CR alone ends a line
        (b"\xef\xbb\xbftitle: \xc3\xa9\xff\n", [("PM004", 1, 9)]),  # the BOM is no character
        (b"\xff\xfe", [("PM004", 1, 1)]),
        (b"PNG\x00\x00", [("PM005", 1, 4)]),  # at the first NUL
        (b"id: x\ntitle: caf\xc3\xa9\x00\n", [("PM005", 2, 12)]),  # a stray NUL in a text file
        (b"\xef\xbb\xbfa: 1\r\x00", [("PM005", 2, 1)]),  # the BOM is no character; CR ends a line
        (b"", [("PM007", 1, 1)]),
        (b"# only a comment\n\n", [("PM007", 1, 1)]),
        (b"a: &a [*a]\n", [("PM008", 1, 4)]),
    ],
)
def test_bad_input_is_a_diagnostic(raw: bytes, expected: list[tuple[str, int, int]]) -> None:
    assert first(parse_bytes(raw, "f.yaml")) == expected


HEAD = "pmkit: 1\nid: x-1\n"


@pytest.mark.parametrize(
    ("line", "at", "hint"),
    [
        ("title: Error: connection refused", (3, 13), "holds ': ' (a colon and a space)"),
        ("title:T", (3, 1), "add ': ' after the key"),
        ('title: "DB failover', (3, 8), "The quote that opens here is never closed"),
        ("title: [INFO] started", (3, 15), 'put the whole value in quotes ("[INFO] started"'),
        ("title: 'it's'", (3, 12), "'it''s'"),
        ("title: [Queue\nstatus: draft", (3, 8), "close it with ']'"),
        ("title: {Queue\nstatus: draft", (3, 8), "close it with '}'"),
        ("title: {event: Ticket #42 opened}", (3, 8), "a ' #' before it starts a comment, which hides it"),
        ("title: *bold* move", (3, 8), "read as an alias"),
        ("title: @here deploy", (3, 8), "cannot start with '@'"),
        ("title: `x` deploy", (3, 8), "cannot start with '`'"),
        ("summary: Users saw\terrors.", (3, 19), "Replace the tab with spaces, or put the whole value in"),
        ("title: x\n\tstatus: draft", (4, 1), "Indent with spaces"),
        ("title: x\n- a", (4, 1), "indented differently from the keys or items around it"),
    ],
)
def test_usual_yaml_mistakes_are_shown_where_they_are_with_what_to_do(
        line: str, at: tuple[int, int], hint: str) -> None:
    doc = parse_text(HEAD + line + "\nlang: en\n", "f.yaml")
    [found] = doc.diagnostics
    assert (found.code, found.line, found.col) == ("PM001", *at)
    assert hint in found.hint
    assert "pmkit explain PM001" not in found.hint  # the general hint is for the unusual rest


def test_alias_bomb_is_bounded() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(8):
        prev, cur = chr(97 + i), chr(98 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    doc = parse_text("\n".join(lines) + "\n", "bomb.yaml")
    assert [d.code for d in doc.diagnostics] == ["PM008"]
    assert "alias" in doc.diagnostics[0].message
    assert doc.data is None


@pytest.mark.parametrize("tab", ["", "# a\tcomment\n"])  # libyaml, and the pure-Python parser
def test_deep_nesting_is_a_diagnostic_where_it_crosses_the_limit(tab: str) -> None:
    line = 1 + bool(tab)
    for text, where in (
        # the 64th bracket, below the mapping; the quoted " #" hid the brackets from a text scan
        (tab + "a: " + "[" * 3000 + "]" * 3000 + "\n", (line, 3 + MAX_DEPTH)),
        (tab + 'a: ["x #", ' + ", ".join(["[" * 300 + "x" + "]" * 300] * 200) + "]\n",
         (line, 10 + MAX_DEPTH)),
        (tab + "a:\n" + "".join(" " * i + "- \n" for i in range(1, 100)), (line + MAX_DEPTH, MAX_DEPTH + 1)),
    ):
        doc = parse_text(text)
        assert [(d.code, d.line, d.col, d.message) for d in doc.diagnostics] == [
            ("PM008", *where, f"document is too large to check: nested deeper than {MAX_DEPTH} levels")]


def test_brackets_in_text_are_no_nesting() -> None:
    """Block and plain text is not flow: "[PR #12]" (cut at " #") and "[it's fixed]" (an
    apostrophe taken for a quote) left brackets open that added up to a false PM008."""
    head = "pmkit: 1\nid: x\ntitle: t\nsummary: |\n"
    for line in ("  Reverted [PR #1].\n", "  note [it's fixed] and that's it\n"):
        doc = parse_text(head + line * (MAX_DEPTH + 10))
        assert doc.diagnostics == [] and doc.data["summary"].count("\n") == MAX_DEPTH + 10


@pytest.mark.parametrize("tab", ["", "# a\tcomment\n"])
def test_too_many_values_stop_composing_where_the_limit_is_crossed(
        tab: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_NODES", 1000)
    doc = parse_text(tab + "tags:\n" + "- a\n" * 2000)
    assert [(d.code, d.line, d.col, d.message) for d in doc.diagnostics] == [
        ("PM008", 999 + bool(tab), 3, "document is too large to check: more than 1,000 values")]


def test_file_over_size_limit_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * 2048 + b"\n")
    doc = read_document(big, max_bytes=1024)
    assert [(d.code, d.line) for d in doc.diagnostics] == [("PM006", 1)]
    assert "2,052 bytes" in doc.diagnostics[0].message


def test_directory_and_missing_file(tmp_path: Path) -> None:
    assert [d.code for d in read_document(tmp_path).diagnostics] == ["PM004"]
    assert [d.code for d in read_document(tmp_path / "nope.yaml").diagnostics] == ["PM004"]


def test_crlf_and_bom_keep_positions() -> None:
    text = MINIMAL.replace("SEV3", "SEV9")
    for raw in (text.replace("\n", "\r\n").encode(), b"\xef\xbb\xbf" + text.encode()):
        doc = parse_bytes(raw, "f.yaml")
        assert doc.diagnostics == []
        span = doc.value_spans[("severity",)]
        assert (span.line, span.col) == (6, 11)


def test_merge_keys_are_expanded() -> None:
    doc = parse_text("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n")
    assert doc.data["other"] == {"x": 1, "y": 3}


def test_markdown_front_matter_positions() -> None:
    text = "---\n" + MINIMAL + "---\n\n## Summary\n\nText.\n"
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.diagnostics == []
    assert doc.value_spans[("severity",)].line == 7
    assert doc.body_line == 9
    assert "## Summary" in doc.body


def test_markdown_without_front_matter() -> None:
    doc = parse_text("# Just a heading\n", "pm.md", markdown=True)
    assert [d.code for d in doc.diagnostics] == ["PM007"]


@pytest.mark.parametrize(
    ("yaml", "line", "col"),
    [
        ("a: plain text with\n  human error here\n", 2, 3),
        ("a: |\n  Line one.\n  The human error was bad.\n", 3, 7),
        ("a: >\n  Folded block with\n  human error again\n", 3, 3),
        ('a: "quoted \\"x\\" human error"\n', 1, 18),
        ("a: 'it''s human error'\n", 1, 11),
        ("a: >-\r\n  crlf folded\r\n  human error\r\n", 3, 3),
    ],
)
def test_locate_inside_every_scalar_style(yaml: str, line: int, col: int) -> None:
    doc = parse_text(yaml)
    value = doc.data["a"]
    start = value.index("human error")
    span = locate(doc, ("a",), value, start, start + len("human error"))
    assert (span.line, span.col, span.end_col) == (line, col, col + len("human error"))


def test_unclosed_front_matter_is_said_as_such() -> None:
    doc = parse_text("---\npmkit: 1\ntitle: t\n## Summary\nx\n", "pm.md", markdown=True)
    assert [(d.code, d.line, d.message) for d in doc.diagnostics] == [
        ("PM007", 1, "Markdown front matter is not closed: no '---' line after the fields")]


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize("tab", ["", "\t"])  # a tab sends the file to the pure-Python parser
def test_yaml_1_1_line_breaks_are_characters_as_in_yaml_1_2(char: str, tab: str) -> None:
    # Pasted from a web page or a chat: one in a comment used to break the whole file.
    text = (f"pmkit: 1  # pasted{char}text\ntitle: Login{char}outage\nsummary: |\n  One{char}two\n"
            f"  three{tab}\nflow: {{a: [x{char}y]}}\n")
    doc = parse_text(text, "pm.yaml")
    assert doc.diagnostics == []
    assert doc.data == {"pmkit": 1, "title": f"Login{char}outage", "summary": f"One{char}two\nthree{tab}\n",
                        "flow": {"a": [f"x{char}y"]}}
    assert (doc.span(("summary",)).line, doc.span(("flow", "a", 0)).line) == (3, 6)
    assert doc.span(("flow", "a", 0)).col == 12


def test_a_findings_position_after_such_a_character_is_where_editors_show_it() -> None:
    from helpers import run, where

    text = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n" \
           "summary: |\n  We pasted\u2028this. It was human error.\n"
    assert where(run(text, select=["PM301"])) == [("PM301", 8, 26)]


def test_a_file_using_every_private_use_character_still_gets_a_diagnostic() -> None:
    every = "".join(map(chr, [*range(0xE000, 0xF900), *range(0xF0000, 0xFFFFE), *range(0x100000, 0x10FFFE)]))
    doc = parse_text(f"pmkit: 1  # {every}\u2028x\ntitle: x\n", "pm.yaml")  # no stand-in is left
    assert [d.code for d in doc.diagnostics] == ["PM001"]


def test_an_escaped_private_use_character_is_not_taken_for_a_stand_in() -> None:
    # U+E000 named by an escape is in the value, though not in the text: no stand-in may be it.
    assert parse_text('extra: "a\\ue000b"\nt: "\x85"\n', "pm.yaml").data == {"extra": "a\ue000b", "t": "\x85"}


@pytest.mark.parametrize("char, shown", [("\x85", "\\x85"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")])
def test_a_parser_error_names_the_files_character_not_its_stand_in(char: str, shown: str) -> None:
    [found] = parse_text(f"title: !!str{char} z\n", "pm.yaml").diagnostics
    assert found.message == f"YAML syntax error: expected ' ', but found '{shown}' (while scanning a tag)"
