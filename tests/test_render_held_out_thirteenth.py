"""Held-out inputs for ``pmkit render``: times around a zone's change of clocks (tables, chart,
approvals, corrections), hostile text in every field of both pages, numbers on a German page, and
very long words on the HTML page."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from pmkit.cli import main


def _page(tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: dict[str, Any], fmt: str) -> str:
    path = tmp_path / "pm.yaml"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["render", str(path), "--format", fmt]) == 0
    return capsys.readouterr().out


def _doc(timeline: list[dict[str, str]], **fields: Any) -> dict[str, Any]:
    return {"pmkit": 1, "id": "2025-10-26-queue", "title": "Queue stalled", "status": "draft",
            "lang": "en", "severity": "SEV2", "timeline": timeline, **fields}


#: Berlin's clocks go back at 03:00 CEST on 2025-10-26: 02:10 CET is 40 minutes after 02:30 CEST.
_CLOCKS_BACK = _doc([
    {"at": "2025-10-26T02:30:00+02:00", "milestone": "impact_started", "event": "Queue stalled."},
    {"at": "2025-10-26T02:10:00+01:00", "milestone": "detected", "event": "Alert fired."},
    {"at": "2025-10-26T03:00:00+01:00", "milestone": "resolved", "event": "Queue drained."},
], timezone="Europe/Berlin")

#: Berlin's clocks go forward at 02:00 CET on 2025-03-30: 03:10 CEST is 40 minutes after 01:30 CET.
_CLOCKS_FORWARD = _doc([
    {"at": "2025-03-30T01:30:00", "milestone": "impact_started", "event": "Queue stalled."},
    {"at": "2025-03-30T03:10:00", "milestone": "detected", "event": "Alert fired."},
    {"at": "2025-03-30T04:00:00", "milestone": "resolved", "event": "Queue drained."},
], timezone="Europe/Berlin", lang="de")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_time_in_the_hour_the_clocks_go_back_says_its_offset(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    # "02:30" then "02:10" read as detection before the impact began.
    page = _page(tmp_path, capsys, _CLOCKS_BACK, fmt)
    sep = " | " if fmt == "md" else "</td><td>"
    assert f"Impact started{sep}2025-10-26 02:30 (UTC+02:00){sep}0 min" in page
    assert f"Detected{sep}2025-10-26 02:10 (UTC+01:00){sep}40 min" in page
    assert f"Resolved{sep}2025-10-26 03:00{sep}1 h 30 min" in page


def test_the_chart_across_clocks_going_back_runs_forward(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Mermaid knows no zones: wall-clock times drew detection as a bar from 02:30 back to 02:10.
    page = _page(tmp_path, capsys, _CLOCKS_BACK, "md")
    assert "    title Incident timeline (UTC+02꞉00)\n" in page
    assert "    Impact (1 h 30 min) :crit, 2025-10-26 02:30, 2025-10-26 04:00\n" in page
    assert "    Detect (40 min) :done, 2025-10-26 02:30, 2025-10-26 03:10\n" in page
    html_page = _page(tmp_path, capsys, _CLOCKS_BACK, "html")
    assert "<figcaption>Incident timeline (UTC+02:00)</figcaption>" in html_page
    assert 'title="Detect (40 min): 2025-10-26 02:30 – 2025-10-26 03:10"' in html_page


def test_the_chart_across_clocks_going_forward_draws_the_time_it_took(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 01:30 to 03:10 on the wall clock is 40 minutes that day, drawn as 1 h 40 min.
    page = _page(tmp_path, capsys, _CLOCKS_FORWARD, "md")
    assert "    title Ablauf des Vorfalls (UTC+01꞉00)\n" in page
    assert "    Erkennen (40 min) :done, 2025-03-30 01:30, 2025-03-30 02:10\n" in page
    # The tables keep the zone's own clock, which is unambiguous on this day.
    assert "| Erkannt | 2025-03-30 03:10 | 40 min |" in page


def test_a_chart_within_one_offset_keeps_the_zone_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard: the usual chart is unchanged."""
    doc = _doc([{"at": "2025-07-01T10:00:00", "milestone": "impact_started", "event": "a"},
                {"at": "2025-07-01T10:30:00", "milestone": "resolved", "event": "b"}],
               timezone="Europe/Berlin")
    page = _page(tmp_path, capsys, doc, "md")
    assert "    title Incident timeline (Europe/Berlin)\n" in page
    assert "    Impact (30 min) :crit, 2025-07-01 10:00, 2025-07-01 10:30\n" in page
    assert "| Impact started | 2025-07-01 10:00 | 0 min |" in page


_HOSTILE = ("<b>x</b> </script><script>alert(1)</script> <!-- c --> <style>p{}</style> a|b `c` *d* "
            "[f](javascript:alert(1)) &amp; \"q\"")
_EVERYWHERE = _doc(
    [{"at": "2025-03-01T10:00:00Z", "milestone": "impact_started", "actor": _HOSTILE, "event": _HOSTILE,
      "evidence": ['https://x.example/a"onmouseover="alert(1)', "javascript:alert(1)", "https://e.example/a|b"]},
     {"at": "2025-03-01T10:30:00Z", "milestone": "resolved", "event": "- list\n1. num\n> quote\n# h"}],
    title=_HOSTILE, owner=_HOSTILE, tags=["a|b", "<x>"], status="published",
    impact={"metrics": [{"name": _HOSTILE, "value": 5, "unit": _HOSTILE}]},
    decisions=[{"id": "D1", "at": "2025-03-01T10:10:00Z", "decision": _HOSTILE,
                "options_considered": [_HOSTILE, "opt|2"]}],
    contributing_factors=[{"id": "CF1", "description": _HOSTILE, "category": _HOSTILE}],
    action_items=[{"id": "AI1", "title": _HOSTILE, "owner": "a|b", "tracker": "javascript:alert(1)"}],
    approvals=[{"by": _HOSTILE, "role": _HOSTILE}],
    corrections=[{"at": "2025-03-02", "description": _HOSTILE, "fields": ["a|b"]}],
    disclosure={"notifications": [{"audience": "customers", "channel": _HOSTILE, "link": "javascript:x"}]},
)


class _Tags(HTMLParser):
    """The page's open elements, its scripts and what it would fetch or run from a link."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.wrong: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A link the reader follows may go out; nothing the page loads by itself may, nor may it run.
        loaded = ("javascript",) if tag == "a" else ("javascript", "http", "//")
        for name, value in attrs:
            if name in ("src", "href") and (value or "").strip().lower().startswith(loaded):
                self.wrong.append(f"{tag} {name}={value}")
        if tag in ("script", "iframe", "img", "link"):
            self.wrong.append(tag)
        if tag != "meta":
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.wrong.append(f"</{tag}>")

    def handle_comment(self, data: str) -> None:
        self.wrong.append(f"<!--{data}-->")


def test_hostile_text_in_every_field_stays_text_in_html(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard: escaped everywhere, tags balanced, nothing fetched or run."""
    tags = _Tags()
    tags.feed(_page(tmp_path, capsys, _EVERYWHERE, "html"))
    assert (tags.open, tags.wrong) == ([], [])


def test_hostile_text_in_every_field_keeps_the_markdown_tables_shape(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard: no cell adds a column, no line of text becomes a heading or a script."""
    page = _page(tmp_path, capsys, _EVERYWHERE, "md")
    for table in (part for part in page.split("\n\n") if part.startswith("| ")):
        columns = {line.replace("\\|", "").count("|") for line in table.split("\n")}
        assert len(columns) == 1, table
    assert "# \\<b\\>x\\</b\\>" in page.split("\n")[0]
    assert "<script>" not in page and "\\[f\\](javascript:alert(1))" in page


_NUMBERS = {"users_affected": 4180, "customers_affected": 1244,
            "metrics": [{"name": "Fehlgeschlagene Zahlungen", "value": 6912, "unit": "Versuche"},
                        {"name": "Verfügbarkeit", "value": 99.95, "unit": "%"},
                        {"name": "Mehrkosten", "value": 12345.5, "unit": "EUR"},
                        # Written out as given, not rounded to six digits (1.23457e+06).
                        {"name": "Umsatzausfall", "value": 1234567.89, "unit": "EUR"},
                        {"name": "Fehlerquote", "value": 0.000001, "unit": "Anteil"}]}


@pytest.mark.parametrize(("lang", "shown"), [
    # In German "4,180" is four point one eight: the page misstated how many were affected.
    ("de", ["- **Betroffene Nutzer:** 4.180\n", "- **Betroffene Kunden:** 1.244\n",
            "| Fehlgeschlagene Zahlungen | 6.912 Versuche |", "| Verfügbarkeit | 99,95 % |",
            "| Mehrkosten | 12.345,5 EUR |", "| Umsatzausfall | 1.234.567,89 EUR |",
            "| Fehlerquote | 0,000001 Anteil |"]),
    # Guard: the English page is unchanged.
    ("en", ["- **Users affected:** 4,180\n", "- **Customers affected:** 1,244\n",
            "| Fehlgeschlagene Zahlungen | 6,912 Versuche |", "| Verfügbarkeit | 99.95 % |",
            "| Mehrkosten | 12,345.5 EUR |", "| Umsatzausfall | 1,234,567.89 EUR |",
            "| Fehlerquote | 0.000001 Anteil |"]),
])
def test_impact_numbers_are_written_as_the_pages_language_writes_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, shown: list[str]) -> None:
    doc = _doc(_CLOCKS_FORWARD["timeline"], timezone="Europe/Berlin", lang=lang, impact=_NUMBERS)
    page = _page(tmp_path, capsys, doc, "md")
    assert [part for part in shown if part not in page] == []
    html_page = _page(tmp_path, capsys, doc, "html")
    assert ("<td>6.912 Versuche</td>" if lang == "de" else "<td>6,912 Versuche</td>") in html_page


def test_a_correction_in_the_hour_the_clocks_go_back_says_its_offset_as_an_approval_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = {**_CLOCKS_BACK, "status": "published",
           "approvals": [{"by": "Jane", "at": "2025-10-26T02:40:00+01:00"}],
           "corrections": [{"at": "2025-10-26T02:45:00+01:00", "description": "Fixed the date.",
                            "fields": ["timeline"]}]}
    page = _page(tmp_path, capsys, doc, "md")
    assert "- **Approved by:** Jane, 2025-10-26 02:40 (UTC+01:00)\n" in page
    assert "- **2025-10-26 02:45 (UTC+01:00)** Fixed the date. (Fields corrected: timeline)\n" in page


def test_a_very_long_word_does_not_widen_the_html_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A 300-letter token (a log line, a hash) in a table cell set the table, and the page, wider
    # than the screen; a code block's long line did the same.
    doc = _doc([{"at": "2025-07-01T10:00:00Z", "milestone": "impact_started", "event": "x" * 300},
                {"at": "2025-07-01T10:30:00Z", "milestone": "resolved", "event": "b"}],
               summary="```\n" + "y" * 300 + "\n```")
    page = _page(tmp_path, capsys, doc, "html")
    css = page[page.index("<style>"):page.index("</style>")]
    assert "\nbody{overflow-wrap:anywhere}pre{overflow-x:auto}\n" in css
    assert "<td><strong>Impact started</strong> " + "x" * 300 + "</td>" in page
