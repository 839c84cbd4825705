"""Files near the size limit made of one odd character (backslashes, entities, unknown keys):
the findings stay those of a short file, and the work grows no faster than the file."""

from __future__ import annotations

from helpers import run
from pmkit.prose import engine


def test_a_run_of_backslashes_reads_as_one_cut_and_finds_the_words_after_it() -> None:
    sizes = []
    for n in (1_000, 4_000):
        text = "\\" * n + "#human error"
        shown, back = engine.as_shown(text)
        assert shown == "#human error"
        assert text[slice(*back(1, 12))] == "human error"
        sizes.append(len(engine._squeeze(text)[1][0]))
    # The way back holds one place for the whole run, not one per backslash.
    assert sizes[0] == sizes[1]


def test_escapes_and_emphasis_next_to_each_other_map_back_as_before() -> None:
    text = "\\*\\*human\\* \\_error\\_ &amp;&amp; it"
    shown, back = engine.as_shown(text)
    assert shown == "human error && it"
    start = shown.index("human")
    assert text[slice(*back(start, start + 5))] == "human"


def test_a_markdown_summary_of_backslashes_still_finds_human_error() -> None:
    body = "## Summary\n\n" + "\\" * 20_000 + "\n\nIt was human error.\n"
    found = run("---\npmkit: 1\nid: x\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV3\n---\n"
                + body, path="pm.md", select=["PM3"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM301", 13, 8)]
