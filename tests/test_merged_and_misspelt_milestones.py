"""A milestone PM013 says was misspelt is not also called missing; a value brought in by a YAML
merge key ("<<: *entry") is placed at the merge, where the author used it."""

from __future__ import annotations

import pytest

from helpers import run, where
from pmkit import libyaml
from pmkit.loader import parse_text

HEAD = "pmkit: 1\nid: v\ntitle: V\nstatus: draft\nlang: en\nseverity: SEV3\ntimeline:\n"


def _entry(at: str, milestone: str | None, event: str = "Something happened.") -> str:
    mark = f"    milestone: {milestone}\n" if milestone else ""
    return f"  - at: 2026-05-01T{at}Z\n{mark}    actor: monitoring\n    event: {event}\n"


@pytest.mark.parametrize("written", ["DETECTED", "Detected", "triggered", "Alert fired", "erkannt"])
def test_pm102_leaves_a_milestone_pm013_names_to_pm013(written: str) -> None:
    text = HEAD + _entry("10:00", "impact_started") + _entry("10:05", written) + _entry("10:40", "resolved")
    found = run(text, select=["PM0", "PM102"])
    assert where(found) == [("PM013", 13, 16)]
    assert "(did you mean 'detected'?)" in found[0].message


def test_pm102_still_names_a_milestone_the_misspelling_does_not_mean() -> None:
    # "behoben" is German for resolved: 'detected' is missing all the same.
    text = HEAD + _entry("10:00", "impact_started") + _entry("10:05", "behoben") + _entry("10:40", "resolved")
    found = run(text, select=["PM0", "PM102"])
    assert where(found) == [("PM102", 7, 1), ("PM013", 13, 16)]
    assert "no 'detected' milestone" in found[0].message


MERGED = (HEAD + _entry("10:00", "impact_started")
          + "  - &det\n    at: 2026-05-01T10:05Z\n    milestone: detected\n    actor: monitoring\n"
            "    event: The outage was caused by human error.\n"
          + "  - <<: *det\n    at: 2026-05-01T10:30Z\n"
          + _entry("10:40", "resolved"))


def test_a_duplicate_brought_in_by_a_merge_key_is_placed_at_the_merge() -> None:
    found = run(MERGED, select=["PM103"])
    assert where(found) == [("PM103", 17, 9)]
    assert found[0].message.endswith("(line 12) (the alias '*det' stands for the value anchored on line 12)")


def test_the_text_a_merge_key_brings_in_is_placed_where_it_is_written() -> None:
    assert where(run(MERGED, select=["PM301"])) == [("PM301", 16, 37)]


@pytest.mark.parametrize("composer", ["libyaml", "pure"])
def test_a_merge_of_a_mapping_written_in_place_keeps_its_own_positions(
        composer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if composer == "pure":
        monkeypatch.setattr(libyaml, "compose", lambda text, max_depth, max_nodes: None)
    doc = parse_text("c: &c {w: 0}\na:\n  <<: [*c, {x: 1}]\n  y: 2\n")
    assert doc.diagnostics == []
    assert doc.data["a"] == {"w": 0, "x": 1, "y": 2}
    assert (doc.key_spans[("a", "x")].line, doc.key_spans[("a", "x")].col) == (3, 13)  # where written
    assert (doc.key_spans[("a", "w")].line, doc.key_spans[("a", "w")].col) == (3, 8)  # at '*c'
    assert doc.aliases[("a", "w")] == ("c", 1)
    assert ("a", "x") not in doc.aliases


@pytest.mark.parametrize("composer", ["libyaml", "pure"])
def test_a_merged_mapping_s_own_merge_is_expanded(composer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # '<<' of a mapping that itself merges another was left as a key: PM010 "unknown key '<<'",
    # and the fields it brings were missing (PM109, PM110) and their text never read (PM301).
    if composer == "pure":
        monkeypatch.setattr(libyaml, "compose", lambda text, max_depth, max_nodes: None)
    doc = parse_text("base: &base {actor: monitoring, event: Caused by human error.}\n"
                     "mid: &mid {<<: *base, milestone: detected}\n"
                     "entry:\n  <<: *mid\n  at: 2026-05-01T10:05Z\n")
    assert doc.diagnostics == []
    assert doc.data["entry"] == {"actor": "monitoring", "event": "Caused by human error.",
                                 "milestone": "detected", "at": "2026-05-01T10:05Z"}
    # Placed at the alias the entry merges, and said to stand for the mapping anchored there.
    assert (doc.key_spans[("entry", "actor")].line, doc.key_spans[("entry", "actor")].col) == (4, 7)
    assert doc.aliases[("entry", "actor")] == ("mid", 2)
    assert doc.scalars[("entry", "event")].span.line == 1  # (its text, where it is written)


def test_a_mapping_merged_twice_on_two_levels_gives_its_keys_once() -> None:
    doc = parse_text("a: &a {x: 1}\nb: &b {<<: [*a, *a]}\nc:\n  <<: [*b, *a]\n  y: 2\n")
    assert doc.diagnostics == []
    assert doc.data["c"] == {"x": 1, "y": 2}
