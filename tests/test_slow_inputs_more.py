"""More inputs under the size limit that took far longer than their size: many matches in one
text (e-mail addresses, root-cause phrases), and the shapes of bench/pathological.py.

As in test_slow_inputs.py, each test checks the findings a user relies on (codes and
positions) and, where the old cost grew faster than the input, that the work now grows
linearly, counted in lines run, never timed.
"""

from __future__ import annotations

import random

from test_slow_inputs import grows_linearly, lines_run

from helpers import run, where

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
