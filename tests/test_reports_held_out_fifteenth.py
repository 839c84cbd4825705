"""The reporting verbs on a held-out repository: ``pmkit stats``, ``pmkit actions`` and
``pmkit due`` over postmortems in several zones (DST changes, +05:30, +05:45), incidents across
midnight, New Year and a clock change, milestones missing, bare or out of order, action items
with and without owners, dates and status, German and English, YAML and Markdown, one broken
file. Every figure expected here was worked out by hand from the files (the comments say how),
not with pmkit's helpers.

Fixes pinned: the stats text lists its rows in the order of the UTC start it shows (a bare date
counted as its midnight in the document's zone went above the evening before); JSON medians and
p90s are exact seconds (not 2040.0000000000002); durations read as the nearest figure of their
last unit, halves up (Python's round() made 1h30m30s ``1h30m``; from 72 h the hours were cut off).
Guards (already right): the per-postmortem durations, the aggregates' counts, the actions list
and its filters, exit codes, ``--now`` in other zones and as a bare date, the due deadlines of
GDPR, NIS2, DORA, CERT-In and SEC 8-K (weekend, federal holiday) and the internal policy.
"""

from __future__ import annotations

import json
import re
import unicodedata
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from pmkit.cli import main

FILES: dict[str, str] = {
    "a-berlin-dst.yaml": """\
pmkit: 1
id: a-berlin-dst
title: Checkout errors during the spring clock change
status: published
lang: en
severity: SEV2
timezone: Europe/Berlin
owner: payments lead
timeline:
  - {at: 2026-03-29T01:30:00, milestone: impact_started, event: Errors began.}
  - {at: 2026-03-29T01:50:00, milestone: detected, event: Alert fired.}
  - {at: 2026-03-29T03:10:00, milestone: acknowledged, event: On-call acknowledged.}
  - {at: 2026-03-29T04:00:00, milestone: mitigated, event: Rolled back.}
  - {at: 2026-03-29T05:00:00, milestone: resolved, event: All clear.}
action_items:
  - {id: AI1, title: Add a DST test, owner: Jana Weber, due: 2026-12-04, status: open, priority: P1}
  - {id: AI2, title: Fix the cron, owner: ops team, due: 2026-11-20, status: in-progress, priority: P2}
  - {id: AI3, title: Document the rollback, owner: Jana Weber, due: 2026-10-01, status: done}
disclosure:
  personal_data_breach: true
  regimes: [gdpr-art33, nis2]
  aware_at: 2026-03-29T01:45:00
""",
    "b-kolkata.yaml": """\
pmkit: 1
id: b-kolkata
title: Login outage over New Year
status: published
lang: en
severity: SEV1
owner: identity lead
timeline:
  - {at: "2026-12-31T23:50:00+05:30", milestone: impact_started, event: Logins failed.}
  - {at: "2027-01-01T00:05:00+05:30", milestone: detected, event: Alert fired.}
  - {at: "2027-01-01T00:20:00+05:30", milestone: acknowledged, event: Acknowledged.}
  - {at: "2027-01-01T01:00:00+05:30", milestone: mitigated, event: Failover.}
  - {at: "2027-01-01T02:50:00+05:30", milestone: resolved, event: Fixed.}
action_items:
  - {id: AI1, title: Renew the cert, owner: Ravi, due: 2026-12-05, status: open, priority: P0}
  - {id: AI2, title: Page two people, due: 2026-12-01, status: open}
""",
    "c-kathmandu.md": """\
---
pmkit: 1
id: c-kathmandu
title: Zahlungen verzögert über Mitternacht
status: draft
lang: de
severity: SEV2
timezone: Asia/Kathmandu
owner: Zahlungsteam
timeline:
  - {at: 2026-06-30T23:30:00, milestone: impact_started, event: Zahlungen hingen.}
  - {at: 2026-07-01T00:10:00, milestone: detected, event: Alarm.}
  - {at: 2026-07-01T02:30:00, milestone: mitigated, event: Neustart.}
  - {at: 2026-07-02T03:30:00, milestone: resolved, event: Behoben.}
action_items:
  - {id: M1, title: Warteschlange überwachen, owner: Anita, status: open}
  - {id: M2, title: Neustart automatisieren, owner: anita, due: 2026-12-04, status: open, priority: P1}
---
## Zusammenfassung

Zahlungen hingen.
""",
    "d-newyork-fallback.yaml": """\
pmkit: 1
id: d-newyork-fallback
title: Reports late on the night the clocks went back
status: published
lang: en
severity: SEV3
timezone: America/New_York
owner: data lead
timeline:
  - {at: 2026-11-01T00:40:00, milestone: impact_started, event: Jobs stalled.}
  - {at: "2026-11-01T01:20:00-05:00", milestone: detected, event: Alert.}
  - {at: "2026-11-01T03:00:00", milestone: resolved, event: Done.}
action_items:
  - {id: AI1, title: Make jobs zone-aware, owner: Sam, due: 2026-12-05, status: open, priority: P2}
  - {id: AI2, title: Add alert, owner: Sam, due: 2026-12-04, status: open, priority: P3}
disclosure:
  regimes: [sec-8k]
  materiality_determined_at: 2026-11-25T10:00:00
""",
    "e-utc-new-year.yaml": """\
pmkit: 1
id: e-utc-new-year
title: Search down at New Year
status: published
lang: en
severity: SEV1
owner: search lead
timeline:
  - {at: 2025-12-31T23:00:00Z, milestone: impact_started, event: Search failed.}
  - {at: 2025-12-31T23:30:00Z, milestone: detected, event: Alert.}
  - {at: 2025-12-31T23:45:00Z, milestone: acknowledged, event: Ack.}
  - {at: 2026-01-01T00:30:00Z, milestone: mitigated, event: Mitigated.}
  - {at: 2026-01-01T01:00:00Z, milestone: resolved, event: Resolved.}
""",
    "f-bare-date.yaml": """\
pmkit: 1
id: f-bare-date
title: Slow exports
status: in-review
lang: en
severity: SEV3
owner: export lead
timeline:
  - {at: 2026-02-09T10:00:00Z, milestone: impact_started, event: Slow.}
  - {at: 2026-02-09T10:05:00Z, milestone: detected, event: Alert.}
  - {at: 2026-02-10, milestone: resolved, event: Done.}
""",
    "g-early-warning.yaml": """\
pmkit: 1
id: g-early-warning
title: Advisory before exploitation
status: published
lang: en
severity: SEV2
owner: security lead
timeline:
  - {at: 2026-05-01T08:00:00Z, milestone: detected, event: Advisory read.}
  - {at: 2026-05-01T09:00:00Z, milestone: impact_started, event: Exploited.}
  - {at: 2026-05-01T09:10:00Z, milestone: acknowledged, event: Ack.}
  - {at: 2026-05-01T10:00:00Z, milestone: mitigated, event: Blocked.}
  - {at: 2026-05-01T11:00:00Z, milestone: resolved, event: Patched.}
""",
    "h-out-of-order.yaml": """\
pmkit: 1
id: h-out-of-order
title: Wrong order
status: draft
lang: en
severity: SEV4
owner: web lead
timeline:
  - {at: 2026-05-10T12:00:00Z, milestone: impact_started, event: Down.}
  - {at: 2026-05-10T12:10:00Z, milestone: detected, event: Alert.}
  - {at: 2026-05-10T11:00:00Z, milestone: mitigated, event: Fixed.}
  - {at: 2026-05-10T14:00:00Z, milestone: resolved, event: Done.}
""",
    "i-no-timeline.yaml": """\
pmkit: 1
id: i-no-timeline
title: Placeholder
status: draft
lang: en
severity: SEV5
""",
    "k-broken.yaml": """\
pmkit: 1
id: k-broken
title: [unclosed
""",
    "l-german.md": """\
---
pmkit: 1
id: l-german
title: Anmeldung gestört in der Nacht der Zeitumstellung
status: published
lang: de
severity: SEV2
timezone: Europe/Berlin
owner: Teamleitung
timeline:
  - {at: "2026-10-25T02:30:00+02:00", milestone: impact_started, event: Fehler.}
  - {at: "2026-10-25T02:40:00+02:00", milestone: detected, event: Alarm.}
  - {at: "2026-10-25T02:15:00+01:00", milestone: resolved, event: Behoben.}
---
## Zusammenfassung

Fehler.
""",
    "m-dora.yaml": """\
pmkit: 1
id: m-dora
title: Bank transfers failed
status: draft
lang: en
severity: SEV1
timezone: Europe/Berlin
owner: bank ops
timeline:
  - {at: 2026-12-04T09:00:00, milestone: impact_started, event: Failed.}
disclosure:
  regimes: [dora]
  aware_at: 2026-12-04T09:30:00
  classified_major_at: 2026-12-04T16:00:00
""",
    "n-sec-xmas.yaml": """\
pmkit: 1
id: n-sec-xmas
title: Ransomware before Christmas
status: draft
lang: en
severity: SEV1
owner: ciso
timeline:
  - {at: 2026-12-20T09:00:00Z, milestone: impact_started, event: Encrypted.}
disclosure:
  regimes: [sec-8k]
  materiality_determined_at: 2026-12-23T15:00:00-05:00
""",
    "o-sec-weekend.yaml": """\
pmkit: 1
id: o-sec-weekend
title: Breach found on a Saturday
status: draft
lang: en
severity: SEV1
owner: ciso
timeline:
  - {at: 2026-12-01T09:00:00Z, milestone: impact_started, event: Breach.}
disclosure:
  regimes: [sec-8k]
  materiality_determined_at: 2026-12-05T11:00:00-05:00
""",
    "p-gdpr-bare.yaml": """\
pmkit: 1
id: p-gdpr-bare
title: Datenleck
status: draft
lang: de
severity: SEV2
timezone: Europe/Berlin
owner: Datenschutz
timeline:
  - {at: 2026-12-03T08:00:00, milestone: impact_started, event: Leck.}
disclosure:
  personal_data_breach: true
  regimes: [gdpr-art33, nis2]
  aware_at: 2026-12-03
  notifications:
    - {audience: regulator, regime: nis2, stage: early-warning, sent_at: 2026-12-03T20:00:00}
""",
    "q-kolkata-certin.yaml": """\
pmkit: 1
id: q-kolkata-certin
title: Cyber incident in Mumbai
status: draft
lang: en
severity: SEV2
timezone: Asia/Kolkata
owner: soc
timeline:
  - {at: 2026-12-04T22:00:00, milestone: impact_started, event: Attack.}
disclosure:
  regimes: [cert-in]
  discovered_at: 2026-12-04T23:30:00
""",
}

BROKEN = "k-broken.yaml"
BROKEN_REASON = ("3:8: PM001 YAML syntax error: expected ',' or ']', but got '<stream end>' "
                 "(while parsing a flow sequence)")


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The held-out folder, as ``postmortems/`` of a repository without configuration."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PMKIT_NOW", raising=False)
    folder = tmp_path / "postmortems"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------------------------------------
# pmkit stats

#: Minutes from impact start, worked out by hand from each timeline (UTC in brackets):
#: a  Berlin, the night of the spring change: 01:30 CET (00:30), 01:50 CET (00:50), 03:10 CEST
#:    (01:10), 04:00 CEST (02:00), 05:00 CEST (03:00).
#: b  +05:30 across New Year: 23:50 (18:20) to 00:05, 00:20, 01:00, 02:50 the next day.
#: c  Kathmandu (+05:45) across midnight: 23:30 (17:45) to 00:10, 02:30, and 03:30 a day later.
#: d  New York, the night the clocks went back: 00:40 EDT (04:40), 01:20 EST (06:20), 03:00
#:    EST (08:00).
#: e  UTC across New Year.  f  resolved on a bare date: no TTR.  g  detected an hour before
#:    impact (an early warning, counted).  h  mitigated an hour before impact (out of order:
#:    shown, left out of the aggregates).  l  Berlin, the night the clocks went back: 02:30
#:    CEST (00:30) to 02:15 CET (01:15).  i, m-q  no durations.
MINUTES: dict[str, tuple[int | None, int | None, int | None, int | None]] = {
    "a-berlin-dst": (20, 40, 90, 150),
    "b-kolkata": (15, 30, 70, 180),
    "c-kathmandu": (40, None, 180, 1680),
    "d-newyork-fallback": (100, None, None, 200),
    "e-utc-new-year": (30, 45, 90, 120),
    "f-bare-date": (5, None, None, None),
    "g-early-warning": (-60, 10, 60, 120),
    "h-out-of-order": (10, None, -60, 120),
    "i-no-timeline": (None, None, None, None),
    "l-german": (10, None, None, 45),
    "m-dora": (None, None, None, None),
    "n-sec-xmas": (None, None, None, None),
    "o-sec-weekend": (None, None, None, None),
    "p-gdpr-bare": (None, None, None, None),
    "q-kolkata-certin": (None, None, None, None),
}
SEVERITY = {"a-berlin-dst": "SEV2", "b-kolkata": "SEV1", "c-kathmandu": "SEV2", "d-newyork-fallback": "SEV3",
            "e-utc-new-year": "SEV1", "f-bare-date": "SEV3", "g-early-warning": "SEV2",
            "h-out-of-order": "SEV4", "i-no-timeline": "SEV5", "l-german": "SEV2", "m-dora": "SEV1",
            "n-sec-xmas": "SEV1", "o-sec-weekend": "SEV1", "p-gdpr-bare": "SEV2", "q-kolkata-certin": "SEV2"}
#: The quarter of the UTC impact start: b began on 31 December in UTC (1 January in India).
QUARTER = {"a-berlin-dst": "2026-Q1", "b-kolkata": "2026-Q4", "c-kathmandu": "2026-Q2",
           "d-newyork-fallback": "2026-Q4", "e-utc-new-year": "2025-Q4", "f-bare-date": "2026-Q1",
           "g-early-warning": "2026-Q2", "h-out-of-order": "2026-Q2", "i-no-timeline": "unknown",
           "l-german": "2026-Q4", "m-dora": "2026-Q4", "n-sec-xmas": "2026-Q4", "o-sec-weekend": "2026-Q4",
           "p-gdpr-bare": "2026-Q4", "q-kolkata-certin": "2026-Q4"}
METRICS = ("time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve")


def by_hand(values: list[int], share: Fraction) -> float:
    """Linear interpolation between closest ranks, in exact fractions: rank (n - 1) * share."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * share
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (rank - low))


def expected_summary(ids: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"count": len(ids)}
    for index, name in enumerate((*METRICS, "impact_duration")):
        column = min(index, 3)
        seconds = [MINUTES[i][column] * 60 for i in ids  # type: ignore[operator]
                   if MINUTES[i][column] is not None and not (i == "h-out-of-order" and column == 2)]
        out[name] = {"count": len(seconds),
                     "median": by_hand(seconds, Fraction(1, 2)) if seconds else None,
                     "p90": by_hand(seconds, Fraction(9, 10)) if seconds else None}
    return out


STATS_TEXT = """\
Postmortems (15); durations from impact start
id                  severity  impact start (UTC)     TTD  TTA     TTM      TTR  impact
e-utc-new-year      SEV1      2025-12-31 23:00       30m  45m   1h30m    2h00m   2h00m
f-bare-date         SEV3      2026-02-09 10:00        5m    -       -        -       -
a-berlin-dst        SEV2      2026-03-29 00:30       20m  40m   1h30m    2h30m   2h30m
g-early-warning     SEV2      2026-05-01 09:00    -1h00m  10m   1h00m    2h00m   2h00m
h-out-of-order      SEV4      2026-05-10 12:00       10m    -  -1h00m*   2h00m   2h00m
c-kathmandu         SEV2      2026-06-30 17:45       40m    -   3h00m   28h00m  28h00m
l-german            SEV2      2026-10-25 00:30       10m    -       -      45m     45m
d-newyork-fallback  SEV3      2026-11-01 04:40     1h40m    -       -    3h20m   3h20m
o-sec-weekend       SEV1      2026-12-01 09:00         -    -       -        -       -
p-gdpr-bare         SEV2      2026-12-03 07:00         -    -       -        -       -
m-dora              SEV1      2026-12-04 08:00         -    -       -        -       -
q-kolkata-certin    SEV2      2026-12-04 16:30         -    -       -        -       -
n-sec-xmas          SEV1      2026-12-20 09:00         -    -       -        -       -
b-kolkata           SEV1      2026-12-31 18:20       15m  30m   1h10m    3h00m   3h00m
i-no-timeline       SEV5      -                        -    -       -        -       -
"""
#: The aggregates' cells: median / p90, and (n=...) when fewer postmortems have both milestones.
STATS_AGGREGATES = [
    ["group", "count", "TTD", "TTA", "TTM", "TTR", "impact"],
    ["all", "15", "15m / 52m (n=9)", "35m / 43m30s (n=4)", "1h30m / 2h24m (n=5)",
     "2h15m / 10h44m (n=8)", "2h15m / 10h44m (n=8)"],
    ["SEV1", "5", "22m30s / 28m30s (n=2)", "37m30s / 43m30s (n=2)", "1h20m / 1h28m (n=2)",
     "2h30m / 2h54m (n=2)", "2h30m / 2h54m (n=2)"],
    ["SEV2", "6", "15m / 34m (n=4)", "25m / 37m (n=2)", "1h30m / 2h42m (n=3)",
     "2h15m / 20h21m (n=4)", "2h15m / 20h21m (n=4)"],
    ["SEV3", "2", "52m30s / 1h31m", "-", "-", "3h20m / 3h20m (n=1)", "3h20m / 3h20m (n=1)"],
    ["SEV4", "1", "10m / 10m", "-", "-", "2h00m / 2h00m", "2h00m / 2h00m"],
    ["SEV5", "1", "-", "-", "-", "-", "-"],
    ["2025-Q4", "1", "30m / 30m", "45m / 45m", "1h30m / 1h30m", "2h00m / 2h00m", "2h00m / 2h00m"],
    ["2026-Q1", "2", "12m30s / 18m30s", "40m / 40m (n=1)", "1h30m / 1h30m (n=1)",
     "2h30m / 2h30m (n=1)", "2h30m / 2h30m (n=1)"],
    ["2026-Q2", "3", "10m / 34m", "10m / 10m (n=1)", "2h00m / 2h48m (n=2)",
     "2h00m / 22h48m", "2h00m / 22h48m"],
    ["2026-Q4", "8", "15m / 1h23m (n=3)", "30m / 30m (n=1)", "1h10m / 1h10m (n=1)",
     "3h00m / 3h16m (n=3)", "3h00m / 3h16m (n=3)"],
    ["unknown", "1", "-", "-", "-", "-", "-"],
]



def test_stats_text_gives_the_figures_worked_out_by_hand(repo: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """SEV3's TTD is 5 and 100 minutes: p90 = 5 + 0.9 * 95 = 90.5 min, 1h30m30s, which reads
    ``1h31m`` (nearest minute, halves up; it read 1h30m). Every other figure was already right:
    e.g. TTR over all is 45, 120, 120, 120, 150, 180, 200, 1680 min: median 135 (2h15m), p90 at
    rank 6.3 = 200 + 0.3 * 1480 = 644 min (10h44m); the broken file is named and counted."""
    code, out, err = cli(capsys, "stats", "--now", "2026-12-05")
    assert code == 0
    table, aggregates = out.split("\n\nAggregates: median / p90 (n=... when fewer postmortems have both "
                                  "milestones)\n")
    assert table + "\n" == STATS_TEXT
    lines = aggregates.splitlines()
    assert [re.split(r"\s{2,}", line.strip()) for line in lines[:-3]] == STATS_AGGREGATES
    # (the time to mitigate of h-out-of-order, before the impact, is marked: the aggregates leave it out)
    assert lines[-3:] == ["", "* left out of the aggregates: a milestone it runs to or from is out of causal "
                          "order, or its time is in doubt (see 'pmkit check').",
                          "1 file skipped, not measured: not a valid postmortem, or an error in the "
                          "timeline or timezone (see 'pmkit check')."]
    assert err == f"pmkit: skipped postmortems/{BROKEN}: {BROKEN_REASON}\n"


def test_stats_json_gives_exact_seconds(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same figures as the text, in seconds, each exactly the interpolation between its two
    ranks: SEV2's TTD p90 (-3600, 600, 1200, 2400 s at rank 2.7) is 2040.0, not
    2040.0000000000002, and its TTR p90 73260.0, not 73260.00000000001."""
    code, out, _ = cli(capsys, "stats", "--format", "json", "postmortems")
    assert code == 0
    data = json.loads(out)
    rows = {row["id"]: row for row in data["postmortems"]}
    assert sorted(rows) == sorted(MINUTES)
    for pm_id, minutes in MINUTES.items():
        got = tuple(rows[pm_id][name] for name in METRICS)
        assert got == tuple(None if m is None else m * 60.0 for m in minutes), pm_id
        assert rows[pm_id]["impact_duration"] == rows[pm_id]["time_to_resolve"]
        assert rows[pm_id]["severity"] == SEVERITY[pm_id] and rows[pm_id]["quarter"] == (
            None if QUARTER[pm_id] == "unknown" else QUARTER[pm_id])
    assert rows["b-kolkata"]["impact_started"] == "2026-12-31T23:50:00+05:30"
    assert rows["f-bare-date"]["resolved"] == "2026-02-10"
    aggregates = data["aggregates"]
    assert aggregates["all"] == expected_summary(list(MINUTES))
    for key, groups in (("by_severity", SEVERITY), ("by_quarter", QUARTER)):
        names = sorted(set(groups.values()))
        assert list(aggregates[key]) == names
        for name in names:
            assert aggregates[key][name] == expected_summary([i for i in MINUTES if groups[i] == name]), name
    assert aggregates["by_severity"]["SEV2"]["time_to_detect"]["p90"] == 2040.0
    assert aggregates["by_severity"]["SEV2"]["time_to_resolve"]["p90"] == 73260.0
    assert data["skipped"] == [{"path": f"postmortems/{BROKEN}", "reason": BROKEN_REASON}]


def _one(folder: Path, name: str, timeline: str) -> None:
    (folder / f"{name}.yaml").write_text(
        f"pmkit: 1\nid: {name}\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV3\ntimeline:\n{timeline}",
        encoding="utf-8")


def test_stats_rows_follow_the_utc_start_they_show(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A bare date is shown as the day written; it went in the list by its midnight in the
    document's zone, so Berlin's ``2026-01-01`` (23:00 UTC the day before) came above
    ``2025-12-31 23:30``. Now a bare date sorts as the start of its day in UTC."""
    monkeypatch.chdir(tmp_path)
    _one(tmp_path, "evening", "  - {at: 2025-12-31T23:30:00Z, milestone: impact_started, event: Began.}\n"
                              "  - {at: 2026-01-01T10:00:00Z, milestone: detected, event: Alert.}\n")
    (tmp_path / "berlin.yaml").write_text(
        "pmkit: 1\nid: berlin\ntitle: T\nstatus: draft\nlang: de\nseverity: SEV3\ntimezone: Europe/Berlin\n"
        "timeline:\n  - {at: 2026-01-01, milestone: impact_started, event: Begann.}\n", encoding="utf-8")
    _one(tmp_path, "morning", "  - {at: 2026-01-01T00:30:00Z, milestone: impact_started, event: Began.}\n")
    code, out, _ = cli(capsys, "stats", str(tmp_path))
    assert code == 0
    assert [line.split()[:4] for line in out.splitlines()[2:5]] == [
        ["evening", "SEV3", "2025-12-31", "23:30"],
        ["berlin", "SEV3", "2026-01-01", "-"],
        ["morning", "SEV3", "2026-01-01", "00:30"],
    ]


def test_stats_durations_read_as_the_nearest_figure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """76 h 59 min read ``3d04h`` (the hours cut off, 59 minutes short); it reads ``3d05h``.
    One postmortem: median and p90 are that value, also ``3d05h``; 3 h 30 min 30 s reads 3h31m."""
    monkeypatch.chdir(tmp_path)
    _one(tmp_path, "long", "  - {at: 2026-08-01T00:00:00Z, milestone: impact_started, event: Began.}\n"
                           "  - {at: 2026-08-01T03:30:30Z, milestone: detected, event: Alert.}\n"
                           "  - {at: 2026-08-04T04:59:00Z, milestone: resolved, event: Done.}\n")
    code, out, _ = cli(capsys, "stats", str(tmp_path))
    assert code == 0
    lines = out.splitlines()
    assert lines[2].split() == ["long", "SEV3", "2026-08-01", "00:00", "3h31m", "-", "-", "3d05h", "3d05h"]
    assert lines[6].split() == ["all", "1", "3h31m", "/", "3h31m", "-", "-", "3d05h", "/", "3d05h", "3d05h",
                                "/", "3d05h"]
    code, out, _ = cli(capsys, "stats", "--format", "json", str(tmp_path))
    summary = json.loads(out)["aggregates"]["all"]
    assert summary["time_to_detect"] == {"count": 1, "median": 12630.0, "p90": 12630.0}
    assert summary["time_to_resolve"] == {"count": 1, "median": 277140.0, "p90": 277140.0}


# ---------------------------------------------------------------------------------------------
# pmkit actions

#: --now 2026-12-04T20:00-08:00 is 2026-12-05 04:00 UTC: 5 December in Berlin (05:00), Kathmandu
#: (09:45) and UTC (b declares no zone), still 4 December in New York (23:00).
ACTIONS_TEXT = """\
WHEN             DUE         PRI  POSTMORTEM          ITEM  OWNER       TITLE
15 days overdue  2026-11-20  P2   a-berlin-dst        AI2   ops team    Fix the cron
4 days overdue   2026-12-01  -    b-kolkata           AI2   -           Page two people
1 day overdue    2026-12-04  P1   a-berlin-dst        AI1   Jana Weber  Add a DST test
1 day overdue    2026-12-04  P1   c-kathmandu         M2    anita       Neustart automatisieren
due today        2026-12-05  P0   b-kolkata           AI1   Ravi        Renew the cert
due today        2026-12-04  P3   d-newyork-fallback  AI2   Sam         Add alert
1 day left       2026-12-05  P2   d-newyork-fallback  AI1   Sam         Make jobs zone-aware
no due date      -           -    c-kathmandu         M1    Anita       Warteschlange überwachen

8 open action items, 4 overdue. 1 file skipped as not a valid postmortem, whose items are unknown \
(see 'pmkit check').
"""


@pytest.mark.parametrize("now", ["2026-12-04T20:00:00-08:00", "2026-12-05T04:00:00Z", "2026-12-05"])
def test_actions_today_is_each_postmortems_own_day(repo: Path, capsys: pytest.CaptureFixture[str],
                                                   now: str) -> None:
    """Guard: the same list for the same instant in another zone, and for the bare date
    2026-12-05 (its midnight UTC: 01:00 in Berlin, 19:00 on the 4th in New York); done items
    are left out; text and JSON agree row by row."""
    code, out, err = cli(capsys, "actions", "--now", now)
    assert (code, out) == (0, ACTIONS_TEXT)
    assert err == f"pmkit: postmortems/{BROKEN}:{BROKEN_REASON} (skipped)\n"
    code, out, _ = cli(capsys, "actions", "--now", now, "--format", "json")
    data = json.loads(out)
    assert (code, data["count"], data["overdue"]) == (0, 8, 4)
    assert [(i["postmortem"], i["id"], i["days_left"], i["overdue"], i["line"]) for i in data["items"]] == [
        ("a-berlin-dst", "AI2", -15, True, 17), ("b-kolkata", "AI2", -4, True, 16),
        ("a-berlin-dst", "AI1", -1, True, 16), ("c-kathmandu", "M2", -1, True, 17),
        ("b-kolkata", "AI1", 0, False, 15), ("d-newyork-fallback", "AI2", 0, False, 15),
        ("d-newyork-fallback", "AI1", 1, False, 14), ("c-kathmandu", "M1", None, False, 16)]
    assert data["skipped"] == [{"path": f"postmortems/{BROKEN}", "reason": BROKEN_REASON}]


def test_actions_filters_and_exit_codes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard: --owner is a case-insensitive part of the owner (no owner never matches);
    --overdue exits 1 with an overdue item listed, 2 with none but a file skipped."""
    now = ("--now", "2026-12-04T20:00:00-08:00")
    code, out, _ = cli(capsys, "actions", *now, "--owner", "ANITA", "--format", "json")
    assert code == 0
    assert [(i["id"], i["owner"]) for i in json.loads(out)["items"]] == [("M2", "anita"), ("M1", "Anita")]
    code, out, _ = cli(capsys, "actions", *now, "--overdue")
    assert code == 1
    assert out.splitlines()[-1] == ("4 open action items, 4 overdue. 1 file skipped as not a valid "
                                    "postmortem, whose items are unknown (see 'pmkit check').")
    code, out, err = cli(capsys, "actions", *now, "--overdue", "--owner", "sam")
    assert code == 2
    assert out == ("No overdue action items whose owner contains 'sam' in the postmortems read. 8 open "
                   "action items in all. 1 file skipped as not a valid postmortem, whose items are unknown "
                   "(see 'pmkit check').\n")
    assert "cannot tell whether any items are overdue" in err


# ---------------------------------------------------------------------------------------------
# pmkit due

Clock = tuple[str, str, str, str, "str | None", int]


def _clocks(capsys: pytest.CaptureFixture[str], *args: str) -> list[Clock]:
    code, out, _ = cli(capsys, "due", "--format", "json", *args)
    assert code == 0
    return [(c["id"], c["regime"], c["stage"], c["state"], c["deadline_utc"], c["seconds_left"])
            for c in json.loads(out)["clocks"]]


#: By hand. m: DORA initial 4 h after classification, Friday 16:00 CET (15:00 UTC), earlier than
#: 24 h after aware_at: 19:00 UTC, a working day, no roll-over. q: CERT-In 6 h after 23:30 IST
#: (18:00 UTC): 00:00 UTC on the 5th. p: aware_at 2026-12-03, a bare date, counts from 00:00 CET
#: (23:00 UTC on the 2nd): GDPR's and NIS2's 72 h end 23:00 UTC on the 5th; NIS2's early
#: warning was sent in time (met, not listed). a: aware 01:45 CET on the spring-change night.
#: d: SEC 8-K, determined Wednesday 25 November 10:00 EST: Thanksgiving (26) and the weekend
#: skipped, 27 (1), 30 (2), 1 December (3), 2 December (4): due 17:30 EST, 22:30 UTC. The SEC
#: clocks of n and o and, at 17:15 UTC, the CERT-In one start after these nows: not listed.
DUE_AT = {
    "2026-12-04T20:00:00Z": [
        ("d-newyork-fallback", "sec-8k", "form-8k", "overdue", "2026-12-02T22:30+00:00",
         -(86400 + 21 * 3600 + 1800)),
        ("m-dora", "dora", "initial", "overdue", "2026-12-04T19:00+00:00", -3600),
        ("q-kolkata-certin", "cert-in", "report", "open", "2026-12-05T00:00+00:00", 4 * 3600),
        ("p-gdpr-bare", "gdpr-art33", "notification", "open", "2026-12-05T23:00+00:00", 27 * 3600),
        ("p-gdpr-bare", "nis2", "notification", "open", "2026-12-05T23:00+00:00", 27 * 3600),
    ],
    # 17:15 UTC: DORA 1 h 45 min left; CERT-In's anchor (18:00 UTC) is still ahead.
    "2026-12-04T23:00:00+05:45": [
        ("d-newyork-fallback", "sec-8k", "form-8k", "overdue", "2026-12-02T22:30+00:00",
         -(86400 + 18 * 3600 + 2700)),
        ("m-dora", "dora", "initial", "open", "2026-12-04T19:00+00:00", 6300),
        ("p-gdpr-bare", "gdpr-art33", "notification", "open", "2026-12-05T23:00+00:00", 107100),
        ("p-gdpr-bare", "nis2", "notification", "open", "2026-12-05T23:00+00:00", 107100),
    ],
    "2026-12-05": [  # midnight UTC: CERT-In's deadline itself
        ("d-newyork-fallback", "sec-8k", "form-8k", "overdue", "2026-12-02T22:30+00:00",
         -(2 * 86400 + 3600 + 1800)),
        ("m-dora", "dora", "initial", "overdue", "2026-12-04T19:00+00:00", -5 * 3600),
        ("q-kolkata-certin", "cert-in", "report", "open", "2026-12-05T00:00+00:00", 0),
        ("p-gdpr-bare", "gdpr-art33", "notification", "open", "2026-12-05T23:00+00:00", 23 * 3600),
        ("p-gdpr-bare", "nis2", "notification", "open", "2026-12-05T23:00+00:00", 23 * 3600),
    ],
}


@pytest.mark.parametrize("now", sorted(DUE_AT))
def test_due_deadlines_and_time_left(repo: Path, capsys: pytest.CaptureFixture[str], now: str) -> None:
    """Guard: deadlines, time left and order (most urgent first) for a --now in UTC, in +05:45
    and as a bare date; a's clocks (aware in March) are months overdue and listed first.
    (The internal policy's business days are pinned in test_due_internal_policy_over_christmas.)"""
    clocks = _clocks(capsys, "--now", now)
    # a: aware 00:45 UTC on 29 March; the early warning was due 24 h later, the rest 72 h later.
    assert [c[:5] for c in clocks[:3]] == [
        ("a-berlin-dst", "nis2", "early-warning", "overdue", "2026-03-30T00:45+00:00"),
        ("a-berlin-dst", "gdpr-art33", "notification", "overdue", "2026-04-01T00:45+00:00"),
        ("a-berlin-dst", "nis2", "notification", "overdue", "2026-04-01T00:45+00:00"),
    ]
    assert clocks[3:] == DUE_AT[now]


def test_due_text_says_the_same_as_json(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard: the text lines of the same clocks, in the same order, with the time left said as
    PM403 says it, and the broken file counted at the end."""
    code, out, err = cli(capsys, "due", "--now", "2026-12-04T23:00:00+05:45")
    assert code == 0
    said = [(line.split(": ")[0], line.split(": ")[1], line.split(": ")[2].split(";")[0])
            for line in out.splitlines()[:-2]]
    assert said == [
        ("postmortems/a-berlin-dst.yaml", "nis2 early-warning [regulator]", "OVERDUE by 249 days 16 h"),
        ("postmortems/a-berlin-dst.yaml", "gdpr-art33 notification [regulator]", "OVERDUE by 247 days 16 h"),
        ("postmortems/a-berlin-dst.yaml", "nis2 notification [regulator]", "OVERDUE by 247 days 16 h"),
        ("postmortems/d-newyork-fallback.yaml", "sec-8k form-8k [investors]", "OVERDUE by 1 day 18 h"),
        ("postmortems/m-dora.yaml", "dora initial [regulator]", "1 h 45 min left"),
        ("postmortems/p-gdpr-bare.yaml", "gdpr-art33 notification [regulator]", "1 day 5 h left"),
        ("postmortems/p-gdpr-bare.yaml", "nis2 notification [regulator]", "1 day 5 h left"),
    ]
    assert out.splitlines()[-1] == ("1 file skipped as not a valid postmortem, whose clocks are unknown "
                                    "(see 'pmkit check').")
    assert f"postmortems/{BROKEN}:{BROKEN_REASON} (skipped, not a valid postmortem" in err


def test_due_sec_8k_over_a_weekend_and_a_federal_holiday(repo: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Guard. o: determined on Saturday 5 December: the count begins on and includes Monday the
    7th (7, 8, 9, 10): due Thursday 10 December 17:30 EST. n: determined Wednesday 23 December:
    24 (1), 25 Christmas and the weekend skipped, 28 (2), 29 (3), 30 (4): due 30 December 17:30
    EST. At 24 December 12:00 UTC that is 6 days 10 h 30 min ahead, o 13 days 13 h 30 min past, and
    d's (2 December, over Thanksgiving) 21 days 13 h 30 min past."""
    clocks = {c[0]: c for c in _clocks(capsys, "--now", "2026-12-24T12:00:00Z") if c[1] == "sec-8k"}
    assert clocks == {
        "d-newyork-fallback": ("d-newyork-fallback", "sec-8k", "form-8k", "overdue", "2026-12-02T22:30+00:00",
                               -(21 * 86400 + 13 * 3600 + 1800)),
        "o-sec-weekend": ("o-sec-weekend", "sec-8k", "form-8k", "overdue", "2026-12-10T22:30+00:00",
                          -(13 * 86400 + 13 * 3600 + 1800)),
        "n-sec-xmas": ("n-sec-xmas", "sec-8k", "form-8k", "open", "2026-12-30T22:30+00:00",
                       6 * 86400 + 10 * 3600 + 1800),
    }


def test_due_internal_policy_over_christmas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Guard. Resolved Wednesday 23 December in Berlin: 5 business days are 24, 28, 29, 30 and
    31 December (25 and 26 are holidays, 26-27 the weekend): the draft is due at the end of the
    31st, 22:59 UTC; publication 14 calendar days later, 6 January. A SEV3 resolved Friday 20
    November, drafted on the 25th: 10 business days end Friday 4 December (met); 30 days to
    publish ended 20 December, 3 days 12 h before 24 December 12:00 CET. A day's deadline is
    its last instant (23:59:59.999999), so the seconds left, rounded down, are one below."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pmkit]\npaths = ["postmortems"]\n[tool.pmkit.disclosure]\npolicy = "internal"\n'
        '[tool.pmkit.calendar]\ncountry = "DE"\nsubdivision = "BE"\ntimezone = "Europe/Berlin"\n',
        encoding="utf-8")
    folder = tmp_path / "postmortems"
    folder.mkdir()
    (folder / "r-xmas.yaml").write_text(
        "pmkit: 1\nid: r-xmas\ntitle: Lager offline\nstatus: draft\nlang: de\nseverity: SEV2\n"
        "timezone: Europe/Berlin\ntimeline:\n"
        "  - {at: 2026-12-22T10:00:00, milestone: impact_started, event: Offline.}\n"
        "  - {at: 2026-12-23T18:00:00, milestone: resolved, event: Online.}\n", encoding="utf-8")
    (folder / "s-sev3.yaml").write_text(
        "pmkit: 1\nid: s-sev3\ntitle: Slow\nstatus: in-review\nlang: en\nseverity: SEV3\ntimeline:\n"
        "  - {at: 2026-11-20T10:00:00Z, milestone: impact_started, event: Slow.}\n"
        "  - {at: 2026-11-20T12:00:00Z, milestone: resolved, event: Ok.}\n"
        "disclosure:\n  drafted_at: 2026-11-25T09:00:00Z\n", encoding="utf-8")
    now = "2026-12-24T12:00:00+01:00"
    assert _clocks(capsys, "--now", now, "--all") == [
        ("s-sev3", "internal", "publish", "overdue", "2026-12-20T22:59+00:00", -(3 * 86400 + 12 * 3600 + 1)),
        ("r-xmas", "internal", "draft", "open", "2026-12-31T22:59+00:00", 7 * 86400 + 11 * 3600 + 3599),
        ("r-xmas", "internal", "publish", "open", "2027-01-06T22:59+00:00", 13 * 86400 + 11 * 3600 + 3599),
        ("s-sev3", "internal", "draft", "met", "2026-12-04T22:59+00:00", -(19 * 86400 + 12 * 3600 + 1)),
    ]
    code, out, _ = cli(capsys, "due", "--now", now)
    assert code == 0
    assert [line.split(": ")[2].split(";")[0] for line in out.splitlines()] == [
        "OVERDUE by 3 days 12 h", "7 days 11 h left", "13 days 11 h left"]


def test_actions_owner_filter_ignores_how_letters_are_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """An owner saved with 'ü' as 'u' and a combining diaeresis (as macOS writes it) shows as
    'Jürgen Weiß'; ``--owner Jürgen`` found nothing ("No open action items whose owner contains
    'Jürgen'. 2 open action items in all."). Now it matches, as do 'WEISS' (ß folded) and a
    name typed in full-width letters; text and JSON list the same item."""
    monkeypatch.chdir(tmp_path)
    owner = unicodedata.normalize("NFD", "Jürgen Weiß")
    (tmp_path / "pm.yaml").write_text(
        "pmkit: 1\nid: pm\ntitle: T\nstatus: draft\nlang: de\nseverity: SEV3\naction_items:\n"
        f"  - {{id: AI1, title: Prüfen, owner: {owner}, due: 2026-12-04, status: open}}\n"
        "  - {id: AI2, title: Melden, owner: Anna, status: open}\n", encoding="utf-8")
    here = (".", "--now", "2026-12-05")
    for needle in ("Jürgen", "jürgen weiß", "WEISS", "ＪÜＲＧＥＮ"):
        code, out, _ = cli(capsys, "actions", *here, "--owner", needle)
        assert code == 0
        assert out.splitlines()[-1] == "1 open action item, 1 overdue.", needle
        assert out.splitlines()[1].split()[:6] == ["1", "day", "overdue", "2026-12-04", "-", "pm"]
        code, out, _ = cli(capsys, "actions", *here, "--owner", needle, "--format", "json")
        items = json.loads(out)["items"]
        assert [(i["id"], i["owner"], i["days_left"]) for i in items] == [("AI1", owner, -1)]
    code, out, _ = cli(capsys, "actions", *here, "--owner", "Jurgen")
    assert out == "No open action items whose owner contains 'Jurgen'. 2 open action items in all.\n"


def test_actions_ties_keep_the_order_of_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Items alike in urgency (same due date and priority, or no due date) were ordered by id
    as text: AI10 and AI11 came before AI2. They keep the order they are written in."""
    items = "".join(f"  - {{id: AI{n}, title: Step {n}, owner: ops, status: open}}\n" for n in (2, 10, 11))
    items += "".join(f"  - {{id: AI{n}, title: Step {n}, due: 2026-12-01, priority: P2}}\n" for n in (3, 12))
    (tmp_path / "pm.yaml").write_text(
        "pmkit: 1\nid: pm\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV3\naction_items:\n" + items,
        encoding="utf-8")
    code, out, _ = cli(capsys, "actions", str(tmp_path), "--now", "2026-12-05", "--format", "json")
    assert code == 0
    assert [(i["id"], i["line"], i["days_left"]) for i in json.loads(out)["items"]] == [
        ("AI3", 11, -4), ("AI12", 12, -4), ("AI2", 8, None), ("AI10", 9, None), ("AI11", 10, None)]
    code, out, _ = cli(capsys, "actions", str(tmp_path), "--now", "2026-12-05")
    assert [line.split()[-4] for line in out.splitlines()[1:6]] == ["AI3", "AI12", "AI2", "AI10", "AI11"]


BODY_ONLY = """\
---
pmkit: 1
id: body-only
title: Cache stampede
status: draft
lang: en
severity: SEV3
owner: web lead
---
## Summary

The cache was flushed.

## Timeline

| time (UTC) | event |
|---|---|
| 2026-11-02 09:00 | impact started |
| 2026-11-02 09:20 | resolved |

## Action items

- [ ] Add a canary stage (owner: web lead, due 2026-11-20)
- [ ] Alert on the hit rate
"""


def test_a_markdown_body_section_is_not_reported_as_nothing(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A Markdown postmortem with its action items as a task list and its timeline as a table in
    the body (text: only the front matter fills those fields) gave "No open action items." and a
    row of '-' with nothing said. Now both name the section on stderr; the actions text and JSON
    say the list leaves its items out (also after a list of other items); exit codes unchanged but
    for --overdue, which cannot tell whether such items are overdue (2)."""
    (tmp_path / "body.md").write_text(BODY_ONLY, encoding="utf-8")
    reason = ("21:1: the body's section 'Action items' is read as text, and 'action_items' only from the "
              "front matter")
    note = ("1 postmortem keeps its action items in a section of the body, read as text: not listed "
            "(see 'pmkit check').")
    code, out, err = cli(capsys, "actions", str(tmp_path), "--now", "2026-12-05")
    assert code == 0
    assert out == f"No open action items. {note}\n"
    assert err == f"pmkit: {tmp_path / 'body.md'}:{reason}: its items are not listed (see 'pmkit check')\n"
    code, out, _ = cli(capsys, "actions", str(tmp_path), "--now", "2026-12-05", "--format", "json")
    data = json.loads(out)
    assert (code, data["count"], data["items"], data["skipped"]) == (0, 0, [], [])
    assert data["as_text"] == [{"path": str(tmp_path / "body.md"), "reason": reason}]
    code, out, err = cli(capsys, "actions", str(tmp_path), "--now", "2026-12-05", "--overdue")
    # (--overdue cannot tell whether items kept as text are overdue: exit 2, as for a skipped file)
    assert (code, out) == (2, f"No overdue action items. {note}\n")
    assert err.splitlines()[-1] == (
        "pmkit: cannot tell whether any items are overdue: a postmortem keeps its items as text in the "
        "body (named above), which has no due dates to read; move them into the front matter ('pmkit "
        "check' says where), then run again")
    (tmp_path / "pm.yaml").write_text(FILES["b-kolkata.yaml"], encoding="utf-8")
    code, out, _ = cli(capsys, "actions", str(tmp_path), "--now", "2026-12-05")
    assert out.splitlines()[-1] == f"2 open action items, 1 overdue. {note}"
    code, out, err = cli(capsys, "stats", str(tmp_path / "body.md"))
    assert code == 0
    assert out.splitlines()[2].split() == ["body-only", "SEV3", "-", "-", "-", "-", "-", "-"]
    assert err == (f"pmkit: {tmp_path / 'body.md'}:14:1: the body's section 'Timeline' is read as text, "
                   "and 'timeline' only from the front matter: its milestones are not measured (see "
                   "'pmkit check')\n")
