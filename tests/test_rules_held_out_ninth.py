"""Timeline, decision and learning rules on postmortems as SRE teams write them, ninth round:
relapses told in the words responders use, and more."""

from __future__ import annotations

import pytest

from helpers import run, where

#: A queue incident mitigated at 10:40 and resolved at 11:00, with one entry after it.
RESOLVED = """\
pmkit: 1
id: 2026-06-01-queue
title: Order queue backlog
status: draft
lang: LANG
severity: SEV3
owner: orders lead
timeline:
  - {at: 2026-06-01T10:00:00Z, milestone: impact_started, actor: order queue, event: Consumer lag began.}
  - {at: 2026-06-01T10:05:00Z, milestone: detected, actor: monitoring, event: Queue-lag alert.}
  - {at: 2026-06-01T10:40:00Z, milestone: mitigated, actor: SRE, event: Consumers scaled out.}
  - {at: 2026-06-01T11:00:00Z, milestone: resolved, actor: SRE, event: Lag back under one minute.}
  - at: 2026-06-01T12:30:00Z
    actor: order queue
    event: "EVENT"
"""


@pytest.mark.parametrize(("lang", "event", "words"), [
    ("en", "Consumer lag grew again after the nightly batch started.", "lag grew again"),
    ("en", "The error rate went up again.", "error rate went up again"),
    ("en", "Latency degraded again in eu-west-1.", "Latency degraded again"),
    ("en", "Errors surged again when the batch began.", "Errors surged again"),
    ("en", "Timeouts increased once more.", "Timeouts increased once more"),
    ("en", "Latencies rose again to 2 s at p99.", "Latencies rose again"),
    ("en", "Packet loss returned in eu-west-1.", "Packet loss returned"),
    ("en", "The queue backlog built up again.", "backlog built up again"),
    ("de", "Die Störung begann erneut.", "Störung begann erneut"),
    ("de", "Die Fehler nahmen wieder zu.", "Fehler nahmen wieder zu"),
    ("de", "Zeitüberschreitungen traten erneut auf.", "Zeitüberschreitungen traten erneut auf"),
])
def test_a_relapse_in_everyday_words_is_reported(lang: str, event: str, words: str) -> None:
    # Before, 'grew again', 'went up again', 'surged again', 'once more', a lag, a backlog,
    # packet loss and the German 'begann erneut', 'nahmen wieder zu' and
    # 'Zeitüberschreitungen' went unreported: the resolution stood at 11:00.
    found = run(RESOLVED.replace("LANG", lang).replace("EVENT", event), select=["PM116"])
    assert where(found) == [("PM116", 15, 13 + event.index(words))]
    assert f"says the impact came back ('{words}')" in found[0].message
    assert "after 'resolved' at 2026-06-01 11:00 UTC (line 12)" in found[0].message


@pytest.mark.parametrize(("lang", "event"), [
    ("en", "Consumer lag returned to zero."),
    ("en", "The backlog was back to normal by noon."),
    ("en", "Replication lag came back down to 2 s."),
    ("en", "Checked whether the lag grew again overnight; it did not."),
    ("en", "No packet loss returned after the fix."),
    ("de", "Die Fehler nahmen nicht wieder zu."),
    ("de", "Die Latenz kehrte auf Normalniveau zurück."),
])
def test_a_recovery_of_the_new_impact_words_is_not_a_relapse(lang: str, event: str) -> None:
    assert run(RESOLVED.replace("LANG", lang).replace("EVENT", event), select=["PM116"]) == []
