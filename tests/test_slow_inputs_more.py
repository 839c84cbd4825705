"""More inputs under the size limit that took far longer than their size: many matches in one
text (e-mail addresses, root-cause phrases), and the shapes of bench/pathological.py.

As in test_slow_inputs.py, each test checks the findings a user relies on (codes and
positions) and, where the old cost grew faster than the input, that the work now grows
linearly, counted in lines run, never timed.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from helpers import grows_linearly, lines_run, run, where

HEADER = "pmkit: 1\nid: x1\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV3\n"


# --- overlapping matches: each kept only if it overlaps none kept before ------------------------


def test_claims_answer_as_comparing_every_pair_did() -> None:
    from pmkit.overlaps import Claims

    rng = random.Random(12)
    for _ in range(3000):
        length = rng.randrange(0, 30)
        claims = Claims(length)
        kept: list[tuple[int, int]] = []
        for _ in range(rng.randrange(0, 20)):
            start = rng.randrange(0, length + 1)
            end = min(length, start + rng.choice([0, 0, 1, 2, 3, 7]))
            expected = not any(start < b and a < end for a, b in kept)
            assert claims.overlaps(start, end) == (not expected), (kept, start, end)
            assert claims.claim(start, end) == expected, (kept, start, end)
            if expected:
                kept.append((start, end))


def old_privacy_scan(text: str) -> list[tuple[str, int, int]]:
    """privacy.scan as it was, comparing each finding with every one kept, as the reference."""
    from pmkit import privacy

    found = [f for detect in (privacy._secrets, privacy._cards, privacy._emails, privacy._ips,
                              privacy._phones) for f in detect(text)]
    found.sort(key=lambda f: (privacy._PRIORITY[f.kind], -(f.end - f.start), f.start))
    kept: list[privacy.Finding] = []
    for finding in found:
        if not any(finding.start < k.end and k.start < finding.end for k in kept):
            kept.append(finding)
    return [(f.kind, f.start, f.end) for f in sorted(kept, key=lambda f: (f.start, f.end))]


def test_privacy_findings_are_those_kept_before() -> None:
    from pmkit import privacy

    rng = random.Random(13)
    parts = ["jane@acme.com", "ops@81.2.69.160", "81.2.69.160", "+49 30 1234567", "tel. 030 1234567",
             "4111 1111 1111 1111", "ghp_" + "a1B2" * 9, "token=s3cr3tV4lu3xyz", " ", ", ", "\n", "x",
             "@", ".", "2001:db8::1", "2a00:1450:4001:81b::200e"]
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 12)))
        assert [(f.kind, f.start, f.end) for f in privacy.scan(text)] == old_privacy_scan(text), text


def test_many_email_addresses_in_one_summary() -> None:
    unit = "mail jane.doe@acme.com now, "
    found = run(HEADER + "summary: " + unit * 4000 + "\n", select=["PM505"])
    assert len(found) == 4000
    assert where(found)[:2] == [("PM505", 7, 15), ("PM505", 7, 15 + len(unit))]
    assert where(found)[-1] == ("PM505", 7, 15 + len(unit) * 3999)
    assert (found[0].end_line, found[0].end_col) == (7, 32)
    assert found[0].message == ("e-mail address 'j***@acme.com' in a postmortem that is not yet public "
                                "(status is draft)")

    def cost(n: int) -> int:
        from pmkit import privacy

        return lines_run(lambda: privacy.scan(unit * n), "pmkit/privacy.py")

    assert grows_linearly(cost, 400)


def test_many_root_cause_phrases_in_one_summary() -> None:
    unit = "The root cause was a bug. "
    found = run(HEADER + "summary: " + unit * 3000 + "\n", select=["PM703"])
    assert len(found) == 3000
    assert where(found)[:2] == [("PM703", 7, 10), ("PM703", 7, 36)]
    assert where(found)[-1] == ("PM703", 7, 10 + len(unit) * 2999)
    assert found[0].message == "'The root cause was' frames the incident as having a single root cause"

    def cost(n: int) -> int:
        return lines_run(lambda: run(HEADER + "summary: " + unit * n + "\n", select=["PM703"]),
                         "rules/learning.py")

    assert grows_linearly(cost, 400)


# --- references to ids that do not exist (PM021) ------------------------------------------------


def test_dangling_references_name_a_bounded_number_of_known_ids() -> None:
    """Each finding's hint listed every id of the file: 3,000 dangling references among 3,000
    factors made 3,000 hints of 3,000 ids each (tens of megabytes of output)."""
    factors = "".join(f"  - {{id: CF{i}, description: cause {i}}}\n" for i in range(3000))
    items = "".join(f"  - {{id: AI{i}, title: Fix thing {i}, addresses: [XF{i}]}}\n" for i in range(3000))
    found = run(HEADER + "contributing_factors:\n" + factors + "action_items:\n" + items, select=["PM021"])
    assert len(found) == 3000
    assert where(found)[:2] == [("PM021", 3009, 47), ("PM021", 3010, 47)]
    assert found[0].message == "action item addresses 'XF0', which is not a contributing factor"
    known = ", ".join(sorted(f"CF{i}" for i in range(3000))[:20])
    assert found[0].hint == f"Known contributing factors: {known} and 2,980 more."
    assert all(d.hint == found[0].hint for d in found)


def test_a_dangling_reference_among_few_ids_names_them_all() -> None:
    text = (HEADER + "contributing_factors:\n  - {id: CF2, description: b}\n  - {id: CF1, description: a}\n"
            "action_items:\n  - {id: AI1, title: Fix, addresses: [CF3]}\n"
            "timeline:\n  - {at: 2026-01-01T10:00:00Z, event: x, decision: D1}\n")
    found = run(text, select=["PM021"])
    assert where(found) == [("PM021", 11, 39), ("PM021", 13, 52)]
    assert [d.hint for d in found] == ["Known contributing factors: CF1, CF2.", "There are no decisions yet."]


# --- syllables of very long words ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en_US", "de_DE"])
def test_long_words_are_hyphenated_as_before(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long word's hyphenation points are those of trying every piece up to the longest
    pattern's length (the way every word is hyphenated below the threshold)."""
    from pmkit import syllables

    dic = syllables.hyphenator(lang)
    rng = random.Random(14)
    letters = "aeioubcdfghklmnprstzäöüß.'-x1"
    words = ["".join(rng.choice(letters) for _ in range(rng.randrange(1, 90))) for _ in range(400)]
    words += ["verantwortungsbewusstsein" * 5, "zahlungsdienstleisterschnittstelle" * 3, "ab" * 70]
    monkeypatch.setattr(syllables, "_LONG_WORD", 10**9)
    dic._cache.clear()
    every_length = [dic.points(word) for word in words]
    monkeypatch.setattr(syllables, "_LONG_WORD", 0)
    dic._cache.clear()
    assert [dic.points(word) for word in words] == every_length
    dic._cache.clear()


@pytest.mark.parametrize("word", ["ab" * 20000, "verantwortungsbewusstsein" * 1600, "a" * 40000])
def test_a_long_word_looks_up_few_pieces_per_letter(word: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each letter of a 40,000-letter word looked up 28 (English) or 35 (German) pieces of it in
    the patterns; a 900 KB word in a summary took 6 s to score."""
    from pmkit import syllables

    calls = 0
    get = syllables.PatternIndex.get

    def counted(self: syllables.PatternIndex, letters: str) -> object:
        nonlocal calls
        calls += 1
        return get(self, letters)

    monkeypatch.setattr(syllables.PatternIndex, "get", counted)
    for lang in ("en_US", "de_DE"):
        dic = syllables.hyphenator(lang)
        dic._cache.clear()
        dic.points(word)
        dic._cache.clear()
    assert calls < 10 * len(word)


def test_score_of_a_text_with_a_very_long_word() -> None:
    from pmkit.readability import score

    text = "Der Cache sah Fehler. " * 20 + "ab" * 50000 + "."
    for lang, expected in (("de", ("wiener", -1.4, 81, 618.8)), ("en", ("flesch", 118.1, 81, 1.0))):
        found = score(text, lang)
        assert (found.metric, found.value, found.words, found.syllables_per_word) == expected


# --- a text repeated in many places is scanned once ------------------------------------------------


def test_alike_lessons_are_scanned_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each finding is placed at its own lesson, but the text is read once: 50,000 alike
    lessons were scanned 50,000 times for blameful phrases and for personal data."""
    from pmkit.prose import engine
    from pmkit.rules import clarity

    scanned: list[str] = []
    scan_text = engine.scan_text
    private = clarity._scan_text

    def counted(text: str, *args: object, **kwargs: object) -> object:
        scanned.append(text)
        return scan_text(text, *args, **kwargs)  # type: ignore[arg-type]

    def counted_private(text: str, allow: object) -> object:
        scanned.append(text)
        return private(text, allow)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "scan_text", counted)
    monkeypatch.setattr(clarity, "_scan_text", counted_private)
    lesson = "human error, says jane@acme.com"
    text = HEADER + "lessons:\n  went_wrong:\n" + f"    - {lesson}\n" * 3000
    found = run(text, select=["PM301", "PM505"])
    assert len(found) == 6000
    assert where(found)[:2] == [("PM301", 9, 7), ("PM505", 9, 25)]
    assert where(found)[-2:] == [("PM301", 3008, 7), ("PM505", 3008, 25)]
    assert found[0].message.startswith('"human error" ')
    assert found[1].message == ("e-mail address 'j***@acme.com' in a postmortem that is not yet public "
                                "(status is draft)")
    assert scanned.count(lesson) == 2  # once for each kind of finding


def test_a_long_summary_is_read_as_shown_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The blameless, vague-impact and impact-count rules each read the summary as Markdown
    shows it; a long one is worked out once for all three (each took a second per megabyte)."""
    from pmkit.prose import shown as shown_text

    monkeypatch.setattr(shown_text, "_SQUEEZED_KEPT", {}, raising=False)
    squeezed: list[int] = []

    class Counted:
        def finditer(self, text: str, pos: int = 0) -> object:
            if not pos:  # (a squeeze goes on from later places: after a run of blanks, say)
                squeezed.append(len(text))
            return pattern.finditer(text, pos)

    pattern = shown_text._SQUEEZE_AHEAD
    monkeypatch.setattr(shown_text, "_SQUEEZE_AHEAD", Counted())
    unit = "It was *human*  error. Some&nbsp;users \\*saw\\* errors. "
    found = run(HEADER + "summary: '" + unit * 400 + "'\nimpact:\n  description: slow\n",
                select=["PM301", "PM503", "PM504"])
    assert where(found)[:3] == [("PM301", 7, 18), ("PM503", 7, 34), ("PM301", 7, 18 + len(unit))]
    assert where(found)[-1] == ("PM504", 8, 1)
    assert [d.code for d in found].count("PM301") == 400
    assert [d.code for d in found].count("PM503") == 400
    assert found[0].data[2] == ("match", "*human*  error")
    assert found[1].message.startswith("vague impact 'Some users': ")
    assert [n for n in squeezed if n >= 10_000] == [len(unit) * 400]


# --- a long published timeline whose times all changed --------------------------------------------


def published_timeline(n: int, offset: str, renamed: int = -1) -> str:
    return (HEADER.replace("status: draft", "status: published") + "timeline:\n" + "".join(
        f"  - at: 2026-01-01T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}{offset}\n    actor: ops\n"
        f"    event: The on-call engineer {'rebooted' if i == renamed else 'restarted'} node {i}.\n"
        for i in range(n)))


def test_corrected_offsets_of_a_long_timeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every old entry was compared in wording with every new one when no time was left the
    same (a corrected offset): 800 entries took 20 s, 10,000 hours. Long timelines are now
    paired in order, by wording where it is the same and by position in between."""
    import difflib

    from pmkit import facts

    compared = 0
    matcher = difflib.SequenceMatcher

    class Counted(matcher):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            nonlocal compared
            compared += 1
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(difflib, "SequenceMatcher", Counted)
    old = facts.load_data(published_timeline(600, "Z"))
    new = facts.load_data(published_timeline(600, "+01:00", renamed=300))
    assert old is not None and new is not None
    changes = facts.diff_facts(old, new)
    assert compared < 1000
    times = [c for c in changes if c.field.endswith(".at")]
    assert len(times) == 600
    assert (times[0].path, times[0].old, times[0].new) == (
        ("timeline", 0, "at"), "2026-01-01T00:00:00Z", "2026-01-01T00:00:00+01:00")
    assert times[-1].path == ("timeline", 599, "at")
    assert len(changes) == 600


def test_a_short_timeline_is_still_paired_by_wording() -> None:
    from pmkit import facts

    old = facts.load_data(published_timeline(3, "Z"))
    assert old is not None
    events = ["The cache node filled up.", "Alerts fired for the checkout service.", "Deploys were paused."]
    for index, event in enumerate(events):
        old["timeline"][index]["event"] = event
    new = {"timeline": [dict(entry, at=entry["at"].replace("Z", "+01:00")) for entry in old["timeline"]]}
    new["timeline"].reverse()
    # No time is the same, and the entries changed places: paired by wording.
    assert facts.align_timeline(old["timeline"], new["timeline"]) == [(0, 2), (1, 1), (2, 0)]


# --- many facts changed in a published postmortem -----------------------------------------------


def test_many_items_added_at_once() -> None:
    """Each change was compared with every item added as a whole (5,000 decisions added at
    once: 25 million comparisons)."""
    from pmkit import facts

    published = HEADER.replace("status: draft", "status: published")

    def added(n: int) -> list[Any]:
        old = facts.load_data(published)
        new = facts.load_data(published + "decisions:\n" + "".join(
            f"  - {{id: D{i}, at: 2026-01-01T10:00:00Z, decision: do {i}}}\n" for i in range(n)))
        return facts.diff_facts(old, new)

    changes = added(300)
    assert [(c.field, c.kind, c.path) for c in changes[:2]] == [
        ("decisions[D0]", "added", ("decisions", 0)), ("decisions[D1]", "added", ("decisions", 1))]
    assert len(changes) == 300
    assert changes[-1].path == ("decisions", 299)
    assert grows_linearly(lambda n: lines_run(lambda: added(n), "pmkit/facts.py"), 300)


def test_many_changed_sections_of_a_published_postmortem(tmp_path: Any, capsys: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Each changed number of a Markdown body was placed by a walk over all the sections:
    10,000 sections took seconds more."""
    from history_git import GitRepo, pmkit_json

    front = ("---\npmkit: 1\nid: x1\ntitle: T\nstatus: published\nlang: en\nseverity: SEV3\n"
             "published_at: 2026-03-01T10:00:00Z\n---\n")

    def body(n: int, k: int) -> str:
        return "".join(f"## Part {i}\n\nIt took {i + k} minutes.\n\n" for i in range(n))

    def check(n: int) -> list[dict[str, Any]]:
        repo = GitRepo(tmp_path / f"repo{n}")
        repo.write("pm.md", front + body(n, 0))
        repo.commit("publish")
        repo.write("pm.md", front + body(n, 1) + "## Part 5\n\nAgain 7 minutes.\n")
        monkeypatch.chdir(repo.root)
        code, diags = pmkit_json("--select", "PM601", "pm.md", capsys=capsys)
        assert code == 1
        return [d for d in diags if d["code"] == "PM601"]

    changed = check(300)
    assert len(changed) == 301
    first = front.count("\n") + 3  # "It took 1 minutes." of "## Part 0"
    assert [(d["line"], d["col"]) for d in changed[:2]] == [(first, 9), (first + 4, 9)]
    assert [(d["line"], d["col"]) for d in changed[-2:]] == [(first + 4 * 299, 9), (first + 4 * 300, 7)]
    assert changed[-1]["message"].startswith("body[Part 5 (2)] (numbers) was added: 7 since it was published")
    assert grows_linearly(lambda n: lines_run(lambda: check(n), "rules/history.py"), 200)


def test_a_changed_yaml_file_is_parsed_once(tmp_path: Any, capsys: Any,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The history rules read the working file's YAML again to compare it with its base: a
    second parse of a large file."""
    from history_git import GitRepo, pmkit_json

    from pmkit import loader

    repo = GitRepo(tmp_path / "repo")
    text = published_timeline(50, "Z")
    repo.write("pm.yaml", text)
    repo.commit("publish")
    repo.write("pm.yaml", text.replace("T00:00:07Z", "T00:00:07+01:00"))
    monkeypatch.chdir(repo.root)
    parsed: list[str] = []
    parse_text = loader.parse_text

    def counted(text: str, path: str = "<string>", **kwargs: Any) -> Any:
        parsed.append(path)
        return parse_text(text, path, **kwargs)

    monkeypatch.setattr(loader, "parse_text", counted)
    code, diags = pmkit_json("--select", "PM601", "pm.yaml", capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM601", 29, 9)]
    assert diags[0]["message"] == ("timeline[7].at changed from 2026-01-01T00:00:07Z to "
                                   "2026-01-01T00:00:07+01:00 since it was published (HEAD), and no "
                                   "new correction declares it")
    assert parsed.count("<version>") == 1  # the base version; the working file is read once
