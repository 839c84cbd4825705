"""pmkit.libyaml: libyaml must build exactly the graph ruamel.yaml's pure-Python composer builds,
or decline. Users see positions and values; which parser ran must never show."""

from __future__ import annotations

import random
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from helpers import EXAMPLES, FIXTURES
from pmkit import libyaml
from pmkit.loader import MAX_DEPTH, MAX_NODES, _counting_composer, parse_text, split_front_matter

ROOT = Path(__file__).parent.parent
pytestmark = pytest.mark.skipif(libyaml._binding() is None, reason="PyYAML without libyaml")


def pure(text: str) -> Any:
    """The graph of the loader's pure-Python composer (ruamel.yaml's, which also places a key
    written as an alias where it is written)."""
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _counting_composer()
    return yaml.compose(text)


def _mark(mark: Any) -> tuple[int, int, int]:
    return mark.line, mark.column, mark.index


def differences(fast: Any, slow: Any, path: str = "", seen: set[int] | None = None) -> str | None:
    """The first place where the two graphs differ, or None."""
    seen = set() if seen is None else seen
    if id(fast) in seen:
        return None
    seen.add(id(fast))
    for what, a, b in (
        ("kind", fast.id, slow.id),
        ("tag", str(fast.tag), str(slow.tag)),
        ("start", _mark(fast.start_mark), _mark(slow.start_mark)),
        ("end", _mark(fast.end_mark), _mark(slow.end_mark)),
    ):
        if a != b:
            return f"{path or '/'}: {what} {a} != {b}"
    if fast.id == "scalar":
        # ruamel's scanner marks the fold points of a folded scalar with "\a"; the loader drops them.
        value = slow.value.replace("\a", "") if slow.style == ">" else slow.value
        if (fast.value, fast.style) != (value, slow.style):
            return f"{path}: scalar {(fast.value, fast.style)!r} != {(value, slow.style)!r}"
        return None
    if len(fast.value) != len(slow.value):
        return f"{path}: {len(fast.value)} items != {len(slow.value)}"
    for i, (a, b) in enumerate(zip(fast.value, slow.value, strict=True)):
        if fast.id == "sequence":
            found = differences(a, b, f"{path}/{i}", seen)
        else:
            found = differences(a[0], b[0], f"{path}/key{i}", seen)
            found = found or differences(a[1], b[1], f"{path}/{i}", seen)
        if found:
            return found
    return None


def assert_same_or_declined(text: str) -> bool:
    """True when libyaml took the document (and built ruamel's graph), False when it declined."""
    fast = libyaml.compose(text, MAX_DEPTH, MAX_NODES)
    if fast is None:
        return False
    slow = pure(text)  # raises if libyaml took a document ruamel.yaml rejects
    assert differences(fast, slow) is None, (differences(fast, slow), text)
    return True


def _yaml_texts() -> list[tuple[str, str]]:
    texts = []
    for folder in (FIXTURES, EXAMPLES, ROOT / "src" / "pmkit" / "policies", ROOT / "src" / "pmkit" / "prose"):
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".yaml", ".yml", ".md"):
                continue
            text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
            if path.suffix == ".md":
                parts = split_front_matter(text)
                if parts is None:
                    continue
                text = parts[0]
            texts.append((str(path.relative_to(ROOT)), text))
    return texts


YAML_TEXTS = _yaml_texts()


def test_every_bundled_yaml_file_gets_the_same_graph() -> None:
    assert len(YAML_TEXTS) > 50
    taken = [name for name, text in YAML_TEXTS if assert_same_or_declined(text)]
    assert len(taken) > 0.9 * len(YAML_TEXTS)  # the fast path is the usual one


EDGE_CASES = [
    "a:\nb: 1\n",  # an empty value: libyaml puts it after the colon, ruamel.yaml at the next key
    "a:\n",
    "a:",  # no final line break: libyaml ends the file on a line of its own
    "-",
    "a: [x]",
    "a:   \n\nb: 2",
    "a: !!str\nb: 1",
    "a: # c\n  # d\nb: 1",
    "a:\n? b\n: c",
    "- \n-\n",
    "a:\r\n\r\nb: 1",
    "a: 1\rb: 2\r",
    "? \n: x",
    "- a:\n- b:\n  c:\n",
    "a:\n  b:\n  - c:\n",
    "a: |\n  x",
    "a: |+\n  x\n\n",
    "a: >-\n  x\n  y",
    "a: >\n  folded\n  text\n\n  para\n",
    "a: b\n  c\n  d",
    'a: "b\n  c"',
    "a: 'b\n\n  c'",
    "a:\n- x\n- y\nb: 1",
    "? [a, b]\n: c",
    "? |\n  k\n: v",
    "# only\na: 1\n# end",
    'a: "x"   ',
    "--- # c\na: 1",
    "a: b\n...\n",
    '"a": 1',
    "a: 'it''s'",
    "a: !foo x",
    'a: !!int "3"',
    "a: ! 3",
    "a: &x\n  b: 1\nc: *x",
    "a: &x [1, *x]",  # recursive
    "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2",
    "a: [\n  1,\n  2\n]",
    "a: {\n b: 1 }",
    "a: 2024-01-01 10:00",
    "a: 1:20",
    "a: 0x1F\nb: 0o17\nc: 1_000\nd: .inf\ne: .NaN\nf: ~\ng: yes\nh: =",
    "x",
    '"x"',
    "a: é😀\nb: [ü, \"😀\"]\nc: {k: ö}\n",
    'a: "\\u00e9\\U0001F600\\x41"',
    "---",  # an empty document without a final line break: its value ends the last line
    "--- # c",
    "? a\n? b",  # no ':' at all: both put the empty value where the next token starts
    "? a\nb: c",
    "? a:\n: b",  # after 'a:' a block end (of no width) comes before the ':' further left
    "? a:\n? b",
    "- ? a:\n  : b",
    "a: !t &x",  # tag before anchor: ruamel.yaml starts the node at the anchor
    "a: !!str &x b\nc: *x",
    "- !!map &m\n  a: 1",
    "a: !t\n  &x b",
    "a: !",  # an empty '!' scalar resolves as if plain: null
    "- !",
    "[a: b, c]",
    "a: [b, # c\n  d]",
    "a: &x\n- b",
    "a: !!seq &x\n- b\nc: *x",
    "?\n:",
    "a: [!!str ]",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_get_the_same_graph(text: str) -> None:
    assert assert_same_or_declined(text)


# Tabs inside a quoted scalar or among a block scalar's lines, as pasted logs and stack traces
# have them: both parsers read them alike, so these documents keep the fast path.
TABS_IN_SCALAR_TEXT = [
    "a: |\n  goroutine 1 [running]:\n  main.main()\n  \t/app/main.go:12 +0x1d\n",
    "a: |\n  col1\tcol2\n  1\t2\n",
    "a: >\n  folded\n  \tmore indented\n  back\n",
    "a: >-\n  x\n  \t\n  y\n",
    "a: |2\n  \t\n  x\n",
    "a: |+\n  x\n  \t\n",
    "a: !!str &x |\n  x\n  \ty\nb: *x\n",
    'a: "x\ty"\n',
    "a: 'x\ty'\n",
    'a: "x\t\n  y"\n',
    "a: 'x \t\n\t y'\n",
    "- |\r\n  a\r\n  \tb\r\n- 'c\td'\r\n",
]


@pytest.mark.parametrize("text", TABS_IN_SCALAR_TEXT)
def test_tabs_in_quoted_and_block_scalars_keep_the_fast_path(text: str) -> None:
    assert assert_same_or_declined(text)


def test_documents_with_tabs_put_into_their_scalars_get_the_same_graph() -> None:
    """Tabs put at random places of quoted and block scalars (their headers and edges too):
    libyaml builds ruamel.yaml's graph or declines, never differs."""
    rng = random.Random(1202)
    taken = 0
    for _ in range(1500):
        text = _random_document(rng)
        graph = libyaml.compose(text, MAX_DEPTH, MAX_NODES)
        spans = [(node.start_mark.index, node.end_mark.index) for node in _scalars(graph)
                 if node.style in ("|", ">", '"', "'")]
        if not spans:
            continue
        chosen = rng.choices(spans, k=rng.randint(1, 3))
        places = sorted((rng.randrange(start, end + 1) for start, end in chosen), reverse=True)
        for at in places:
            text = text[:at] + rng.choice(["\t", " \t", "\t\t", "\tx", "\t "]) + text[at:]
        taken += assert_same_or_declined(text)
    assert taken > 80  # the others have a tab where libyaml declines, or are not valid YAML


def _scalars(node: Any, seen: set[int] | None = None) -> list[Any]:
    """The scalar nodes of a graph, each once (an alias may point back at its own parent)."""
    seen = set() if seen is None else seen
    if node is None or id(node) in seen:
        return []
    seen.add(id(node))
    if node.id == "scalar":
        return [node]
    if node.id == "sequence":
        return [scalar for item in node.value for scalar in _scalars(item, seen)]
    return [scalar for key, value in node.value for scalar in _scalars(key, seen) + _scalars(value, seen)]


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n---\nb: 2\n",  # a second document
        "%YAML 1.1\n---\na: yes\n",  # a directive: YAML 1.1 resolves 'yes' as true
        "a: [x, ]\nb: {c: , d}",  # empty values in flow collections
        "a:\tb\n",  # tabs outside a quoted or block scalar's text: ruamel.yaml refuses some of them
        "a: x\ty\n",
        "a: |\t\n  x\n",  # after a block scalar's header
        "a: >\t# c\n  x\n",
        "a: x\n\t\n",
        "- 'x'\t\n",
        "a: b\u2028c\n",  # a YAML 1.1 line break
        "a: \ufeffb\n",  # a byte order mark inside the text
        "a: *nothing\n",  # an undefined alias
        "a: [1, 2\n",  # a syntax error
        'a: "\\ud800"\n',  # a lone surrogate escape
        "- &x 1\n- [*x:a]",  # ruamel.yaml's alias names go on over ':', '?', '%', '@' and '`'
        "- &x:a 1",
        "a: &x 1\nb: *x?",
        "a: &x 1\nb: &x 2\n",  # an anchor defined twice: ruamel.yaml warns
        "a: |\n \n  x\n",  # a blank first line less indented than the next: ruamel.yaml refuses
        "a: |#\n  x\n",  # a header comment without a space: ruamel.yaml refuses
        "|\n x",  # block scalars at the top level: ruamel.yaml lets their lines start in column 0
        "|\n#",
        "|\n...",
        "[[]:a]",  # ':' right after a flow key: a value indicator for libyaml only
        '["a":b]',
        "- [x, !!str :1]",
        "a: !!!i x",  # unusual tags
        "a: !<tag:yaml.org,2%002:str> x",
        "!!a!a",
        "{a: !, b: c}",
        "a: &x\n  b:\n  ? c",  # an empty value before '?' in a mapping whose column is unknown
        "a: !t # &x\n  &x b",  # a comment between a tag and an anchor
    ],
)
def test_unusual_documents_are_left_to_the_pure_python_composer(text: str) -> None:
    assert libyaml.compose(text, MAX_DEPTH, MAX_NODES) is None


def _random_document(rng: random.Random) -> str:
    words = ["a", "key", "ü", "😀", "x y", "1", "0o17", "yes", "~", "null", "2024-01-01", "1.5", ".inf",
             "<<", "-x", "a:b", "a #b", "true", "http://x", "?x", ":x"]

    def scalar(indent: int) -> str:
        r, word = rng.random(), rng.choice(words)
        if r < 0.45:
            return word
        if r < 0.6:
            return '"' + word + rng.choice(["", "\\n", "\\u00e9", "\\x41"]) + '"'
        if r < 0.7:
            return "'" + word + "'"
        if r < 0.78:
            pad = " " * (indent + 2)
            lines = "".join(pad + rng.choice(words) + rng.choice(["\n", "\n\n"]) for _ in range(2))
            return rng.choice(["|", ">", "|-", ">+"]) + rng.choice(["", " # c"]) + "\n" + lines
        if r < 0.86:
            return ""
        if r < 0.92:
            items = [rng.choice(["a", "'q'", "{k: v}", "[1]"]) for _ in range(rng.randint(0, 3))]
            return "[" + ", ".join(items) + "]"
        pairs = [f"k{i}: {rng.choice(['v', '1', '[x]'])}" for i in range(rng.randint(0, 3))]
        return "{" + ", ".join(pairs) + "}"

    def block(indent: int, depth: int) -> str:
        out, mapping = [], rng.random() < 0.6
        for n in range(rng.randint(1, 4)):
            pad = " " * indent
            if rng.random() < 0.1:
                out.append(pad + "# comment\n")
            if rng.random() < 0.1:
                out.append("\n")
            nested = depth < 4 and rng.random() < 0.3
            if mapping:
                key = rng.choice(["a", "key one", "'q k'", '"d k"', "ü"]) + str(n)
                if nested:
                    out.append(f"{pad}{key}:{rng.choice(['', ' # c'])}\n" + block(indent + 2, depth + 1))
                else:
                    value = scalar(indent)
                    end = "" if value.endswith("\n") else "\n"
                    out.append(f"{pad}{key}:{' ' + value if value else ''}{end}")
            elif nested:
                out.append(f"{pad}- " + block(indent + 2, depth + 1).lstrip(" "))
            else:
                value = scalar(indent)
                out.append(f"{pad}-{' ' + value if value else ''}" + ("" if value.endswith("\n") else "\n"))
        return "".join(out)

    text = block(0, 0)
    if rng.random() < 0.2:
        text = text.rstrip("\n")
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    return text


def test_generated_documents_get_the_same_graph() -> None:
    rng = random.Random(20261202)
    taken = sum(assert_same_or_declined(_random_document(rng)) for _ in range(400))
    assert taken > 100  # the rest are invalid YAML, which both parsers refuse


# Lines of the kinds postmortems are made of, and the odd ones, put together at random
# indentation: empty values before every kind of next line, explicit keys, compact and
# indentless sequences, flow collections over lines, properties in either order.
LINES = [
    "a:", "a: b", "b: 1", "- ", "-", "- a", "- a:", "- a: b", "? a", "? ", ": b", ":", "# c", "", "'x", "y'",
    '"x', 'y"', "|", "|-", ">+", "|2", "[a,", "b]", "{a: 1,", "}", "...", "&x a:", "a: &x", "a: *x", "<<: *x",
    "- - a", "- ? a", "- : b", "a: !!str", "!t &x a:", "a: !t &x", "a: &x !t", "x y z", "a: b # c", "- # c",
    "a: # c", "a: -1", "a: 10:30", "é: 😀", "a: [a: b]", "? [a]", "a: !", "a: []", "a: {}", "a: ''", "a:b",
]


def _line_soup(rng: random.Random) -> str:
    lines = [" " * rng.choice([0, 0, 1, 2, 2, 3, 4, 6]) + rng.choice(LINES) + rng.choice(["", "", " "])
             for _ in range(rng.randint(1, 8))]
    end = rng.choice(["\n"] * 6 + ["\r\n", "\r"])
    return end.join(lines) + rng.choice([end, ""])


def test_line_soups_get_the_same_graph() -> None:
    rng = random.Random(2026)
    taken = sum(assert_same_or_declined(_line_soup(rng)) for _ in range(1500))
    assert taken > 100


SCALAR_CHARACTERS = "0123456789.-+_eExXoObB:TtZz ~nNulLaAfFsSrRyYiI<=#"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=SCALAR_CHARACTERS, max_size=25), st.booleans())
def test_tags_are_resolved_as_ruamel_yaml_resolves_them(value: str, plain: bool) -> None:
    implicit = (plain, not plain)
    expected = VersionedResolver().resolve(ScalarNode, value, implicit)
    assert libyaml.resolve_scalar(value, implicit) == str(expected)


@pytest.mark.parametrize(
    "value",
    ["true", "False", "yes", "0o17", "017", "0b101", "0x1F", "1_000", "1e3", "1.", ".5", "-.inf", ".NaN",
     "1:20", "~", "", "null", "Null", "2024-01-01", "2024-1-1 1:00:00", "2024-01-01T10:00:00.5+02:00",
     "<<", "="],
)
def test_known_scalars_resolve_as_in_ruamel_yaml(value: str) -> None:
    assert libyaml.resolve_scalar(value, (True, False)) == str(
        VersionedResolver().resolve(ScalarNode, value, (True, False))
    )


def _loaded(text: str, markdown: bool) -> tuple[Any, ...]:
    doc = parse_text(text, "pm.md" if markdown else "pm.yaml", markdown=markdown)
    return (repr(doc.data), doc.diagnostics, doc.value_spans, doc.key_spans, doc.scalars, doc.body)


@pytest.mark.parametrize("name", [name for name, _ in YAML_TEXTS if "fixtures" in name or "examples" in name])
def test_documents_load_the_same_with_or_without_libyaml(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = ROOT / name
    text = path.read_text(encoding="utf-8")
    markdown = path.suffix == ".md"
    with_libyaml = _loaded(text, markdown)
    monkeypatch.setattr(libyaml, "compose", lambda text, max_depth, max_nodes: None)
    assert _loaded(text, markdown) == with_libyaml


def test_without_libyaml_the_loader_still_works(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(libyaml, "_binding", lambda: None)  # PyYAML built without libyaml
    assert libyaml.compose("a: 1\n", MAX_DEPTH, MAX_NODES) is None
    doc = parse_text("a: 1\nb: [x]\n")
    assert doc.data == {"a": 1, "b": ["x"]}
    assert doc.value_spans[("b", 0)].col == 5


def test_an_anchor_defined_twice_prints_no_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pmkit.cli import main

    text = "pmkit: 1\nid: &x a-1\ntitle: &x T\n"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = parse_text(text)
    assert caught == []
    assert doc.data == {"pmkit": 1, "id": "a-1", "title": "T"}
    assert doc.diagnostics == []
    (tmp_path / "pm.yaml").write_text(text, encoding="utf-8")
    assert main(["check", "--select", "PM0", str(tmp_path / "pm.yaml")]) == 1  # PM011: fields missing
    assert capsys.readouterr().err == ""
