"""Held-out inputs for ``pmkit render`` and the reporting verbs: a body section that the page also
generates, the author's Markdown on both pages (emphasis, quotes, nested lists, references, HTML
that could run), the disclosure record on the page, files skipped or missing in the reports, and
init below a repository's top."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmkit.cli import main

_OWN_TIMELINE = """\
---
pmkit: 1
id: 2025-06-10-checkout
title: Checkout errors
status: draft
lang: {lang}
severity: SEV2
timeline:
  - at: 2025-06-10T10:00:00Z
    milestone: impact_started
    event: Deploy started.
  - at: 2025-06-10T10:40:00Z
    milestone: resolved
    event: Rolled back.
---

## Summary

Checkout failed for 40 minutes.

## {heading}

| Time | What |
|---|---|
| 10:00 | Deploy |

All times are UTC.

## Background

The checkout service runs in two regions.
"""


def _page(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, fmt: str) -> str:
    path = tmp_path / "pm.md"
    path.write_text(text, encoding="utf-8")
    assert main(["render", str(path), "--format", fmt]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(("lang", "heading", "label"), [
    ("en", "Timeline", "Timeline"),
    ("en", "Timeline (all times UTC)", "Timeline"),
    ("de", "Zeitleiste", "Zeitleiste"),
    ("de", "Timeline", "Zeitleiste"),
    ("en", "Incident timeline", "Timeline"),
    ("en", "Detailed timeline", "Timeline"),
    ("de", "Zeitlicher Verlauf", "Zeitleiste"),
])
def test_a_body_timeline_section_goes_under_the_generated_timeline_in_markdown(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, heading: str, label: str) -> None:
    # One Timeline section: the table from the front matter's entries, the author's text under it.
    page = _page(tmp_path, capsys, _OWN_TIMELINE.format(lang=lang, heading=heading), "md")
    assert page.count("\n## Timeline") + page.count("\n## Zeitleiste") == 1
    generated = page.index(f"\n## {label}\n")
    own = page.index("| 10:00 | Deploy |")
    assert generated < page.index("Deploy started.", generated) < own < page.index("All times are UTC.")
    # The other sections of the body stay where they were, before the generated ones.
    milestones = "## Milestones" if lang == "en" else "## Meilensteine"
    assert page.index("## Background") < page.index(milestones) < generated


def test_a_body_timeline_section_goes_under_the_generated_timeline_in_html(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _page(tmp_path, capsys, _OWN_TIMELINE.format(lang="en", heading="Timeline"), "html")
    assert page.count("<h2>Timeline</h2>") == 1
    generated = page.index("<h2>Timeline</h2>")
    assert generated < page.index("Deploy started.", generated) < page.index("<td>10:00</td>") \
        < page.index("<p>All times are UTC.</p>")


def test_a_body_section_of_a_field_the_front_matter_lacks_keeps_its_heading(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Without contributing_factors in the front matter, the author's section is the only one,
    # shown under its own heading where the page puts the factors.
    text = _OWN_TIMELINE.format(lang="en", heading="Timeline") + "\n## Root causes\n\nNo canary stage.\n"
    page = _page(tmp_path, capsys, text, "md")
    assert page.count("## Root causes") == 1
    assert page.index("## Milestones") < page.index("## Root causes\n\nNo canary stage.")


def test_a_body_action_items_section_goes_under_the_generated_table(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _OWN_TIMELINE.format(lang="en", heading="Action items").replace(
        "---\n\n## Summary",
        "action_items:\n  - {id: AI1, title: Add a canary stage, owner: sre}\n---\n\n## Summary")
    page = _page(tmp_path, capsys, text, "md")
    assert page.count("## Action items") == 1
    assert page.index("## Action items") < page.index("| AI1 |") < page.index("| 10:00 | Deploy |")


# --- emphasis in the HTML page's prose ------------------------------------------------------

def _html_summary(body: str) -> str:
    from pmkit.api import loads
    from pmkit.render import render

    lines = "\n".join("  " + line if line else "" for line in body.split("\n"))
    text = f"pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\nsummary: |\n{lines}\n"
    page = render(loads(text), "html")
    start = page.index("<h2>Summary</h2>") + len("<h2>Summary</h2>\n")
    return page[start:page.index("\n</main>")]


@pytest.mark.parametrize(("body", "html"), [
    ("Checkout failed for **40 minutes**.", "<p>Checkout failed for <strong>40 minutes</strong>.</p>"),
    ("Checkout failed for __40 minutes__.", "<p>Checkout failed for <strong>40 minutes</strong>.</p>"),
    ("It was *not* a data loss.", "<p>It was <em>not</em> a data loss.</p>"),
    ("It was _not_ a data loss.", "<p>It was <em>not</em> a data loss.</p>"),
    ("***Never*** again.", "<p><em><strong>Never</strong></em> again.</p>"),
    ("**Impact:** *most* EU checkouts.", "<p><strong>Impact:</strong> <em>most</em> EU checkouts.</p>"),
    ("**bold over\nthe line break**", "<p><strong>bold over the line break</strong></p>"),
    ("**see [the ticket](https://t.example/CAT-1)**",
     '<p><strong>see <a href="https://t.example/CAT-1">the ticket</a></strong></p>'),
    # Not emphasis: names with underscores, arithmetic, code, addresses, escapes, lone marks.
    ("The job reads max_retry_count and retry_delay_ms.",
     "<p>The job reads max_retry_count and retry_delay_ms.</p>"),
    ("It ran 2*3*4 times.", "<p>It ran 2*3*4 times.</p>"),
    ("Run `grep **x** _y_` first.", "<p>Run <code>grep **x** _y_</code> first.</p>"),
    ("[log](https://logs.example.com/q_a_b_c*d*)", '<p><a href="https://logs.example.com/q_a_b_c*d*">log</a></p>'),
    ("See https://logs.example.com/a_b_c_d for it.",
     '<p>See <a href="https://logs.example.com/a_b_c_d">https://logs.example.com/a_b_c_d</a> for it.</p>'),
    (r"Use \*literal\* marks.", "<p>Use *literal* marks.</p>"),
    ("A * B * C and 5 * 6.", "<p>A * B * C and 5 * 6.</p>"),
    ("**unclosed bold", "<p>**unclosed bold</p>"),
    ("*<b>x</b>*", "<p><em>&lt;b&gt;x&lt;/b&gt;</em></p>"),
    # In a list, a heading and a table cell too.
    ("- **EU**: all checkouts\n- _US_: none",
     "<ul><li><strong>EU</strong>: all checkouts</li><li><em>US</em>: none</li></ul>"),
    ("| Region | Failed |\n|---|---|\n| **EU** | _all_ |",
     "<table><thead><tr><th>Region</th><th>Failed</th></tr></thead>"
     "<tbody><tr><td><strong>EU</strong></td><td><em>all</em></td></tr></tbody></table>"),
    ("Down (see https://status.example.com/x_(y)).",
     '<p>Down (see <a href="https://status.example.com/x_(y)">https://status.example.com/x_(y)</a>).</p>'),
    ("### What *customers* saw", "<h3>What <em>customers</em> saw</h3>"),
])
def test_emphasis_in_prose_is_emphasis_in_html(body: str, html: str) -> None:
    assert _html_summary(body) == html


# --- the disclosure record, approvals and tags on the page -----------------------------------

_DISCLOSED = """\
pmkit: 1
id: 2026-03-20-breach
title: Exposed export bucket
status: published
lang: {lang}
severity: SEV1
timezone: Europe/Berlin
tags: [storage, gdpr]
approvals:
  - {{by: VP of Engineering, role: accountable executive, at: 2026-04-01T17:00:00}}
summary: An export bucket was readable without authentication for six days.
timeline:
  - at: 2026-03-20T10:00:00
    milestone: impact_started
    event: The bucket policy changed.
disclosure:
  regimes: [gdpr-art33, nis2]
  aware_at: 2026-03-27T09:00:00
  notifications:
    - {{audience: regulator, regime: nis2, stage: early-warning, sent_at: 2026-03-28T08:30:00,
       channel: CSIRT portal, link: "https://csirt.example/case/1|2"}}
    - {{audience: regulator, regime: gdpr-art33, sent_at: 2026-03-30T11:30:00, channel: email,
       late_reason: "Forensic confirmation took until 30 March."}}
    - {{audience: customers, sent_at: 2026-03-27T10:15:00, channel: status-page,
       link: https://status.example.com/incidents/42}}
    - {{audience: data-subjects, channel: email}}
  published_at: 2026-04-02T09:00:00
"""


def test_the_markdown_page_records_who_was_notified_when_and_how() -> None:
    from pmkit.api import loads
    from pmkit.render import render

    page = render(loads(_DISCLOSED.format(lang="en")), "md")
    assert "- **Tags:** storage, gdpr\n" in page
    assert "- **Approved by:** VP of Engineering (accountable executive), 2026-04-01 17:00\n" in page
    assert ("## Notifications\n\n"
            "| Sent (Europe/Berlin) | Audience | Regime | Channel | Link | Reason for delay |\n"
            "|---|---|---|---|---|---|\n"
            "| 2026-03-27 10:15 | customers |  | status-page | "
            "[https://status.example.com/incidents/42](https://status.example.com/incidents/42) |  |\n"
            "| 2026-03-28 08:30 | regulator | nis2 (early-warning) | CSIRT portal | "
            "[https://csirt.example/case/1\\|2](https://csirt.example/case/1%7C2) |  |\n"
            "| 2026-03-30 11:30 | regulator | gdpr-art33 | email |  "
            "| Forensic confirmation took until 30 March. |\n"
            "| not sent | data subjects |  | email |  |  |\n") in page
    # In the order sent (the document lists them by regime); the record of what was told comes
    # after the summary.
    assert page.index("## Summary") < page.index("## Notifications")


def test_the_html_page_records_who_was_notified_in_german() -> None:
    from pmkit.api import loads
    from pmkit.render import render

    page = render(loads(_DISCLOSED.format(lang="de")), "html")
    assert "<dt>Schlagwörter</dt><dd>storage, gdpr</dd>" in page
    assert ("<dt>Freigegeben von</dt><dd>VP of Engineering (accountable executive), "
            "2026-04-01 17:00</dd>") in page
    assert ("<h2>Benachrichtigungen</h2>\n<table><thead><tr><th>Gesendet (Europe/Berlin)</th>"
            "<th>Empfänger</th><th>Regelwerk</th><th>Kanal</th><th>Link</th><th>Grund der Verspätung</th>"
            "</tr></thead>") in page
    assert ('<tr><td>2026-03-28 08:30</td><td>Aufsichtsbehörde</td><td>nis2 (early-warning)</td>'
            '<td>CSIRT portal</td><td><a href="https://csirt.example/case/1|2">https://csirt.example/case/1|2</a>'
            '</td><td></td></tr>') in page
    assert "<td>nicht gesendet</td><td>betroffene Personen</td>" in page


def test_a_plain_notification_list_has_no_empty_columns() -> None:
    from pmkit.api import loads
    from pmkit.render import render

    text = _DISCLOSED.format(lang="en")
    text = text[:text.index("  notifications:")] + (
        "  notifications:\n"
        "    - {audience: customers, sent_at: 2026-03-27T10:15:00, channel: status-page}\n")
    page = render(loads(text), "md")
    assert ("| Sent (Europe/Berlin) | Audience | Channel |\n|---|---|---|\n"
            "| 2026-03-27 10:15 | customers | status-page |\n") in page


# --- author text that would run on into the rest of the Markdown page --------------------------

_UNCLOSED = """\
pmkit: 1
id: x
title: t
status: draft
lang: en
severity: SEV3
summary: |
  The log said:

  {fence}
  ERROR timeout
impact:
  description: |
    Users saw errors <!-- count them
    and more.
lessons:
  went_well:
    - "- the alert fired"
    - "1. the rollback worked"
    - "+ nobody was paged twice"
"""


@pytest.mark.parametrize("fence", ["```", "~~~~", "```text"])
def test_a_code_block_left_open_in_the_summary_ends_with_it(fence: str) -> None:
    # The page's next sections were shown as part of the pasted log.
    from pmkit.api import loads
    from pmkit.render import render

    page = render(loads(_UNCLOSED.format(fence=fence)), "md")
    closing = fence.removesuffix("text")
    assert f"{fence}\nERROR timeout\n{closing}\n\n## Impact\n" in page


def test_a_comment_left_open_in_the_impact_does_not_hide_the_rest_of_the_page() -> None:
    from pmkit.api import loads
    from pmkit.render import render

    page = render(loads(_UNCLOSED.format(fence="```")), "md")
    assert "Users saw errors &lt;!-- count them\nand more.\n\n## Lessons" in page
    assert "<!--" not in page


def test_a_lesson_that_starts_like_a_list_item_is_one_item() -> None:
    from pmkit.api import loads
    from pmkit.render import render

    page = render(loads(_UNCLOSED.format(fence="```")), "md")
    assert "- \\- the alert fired\n- 1\\. the rollback worked\n- \\+ nobody was paged twice\n" in page


_OWN_HEADINGS = """\
---
pmkit: 1
id: hd
title: Headings
status: draft
lang: en
severity: SEV4
---

## Summary

The etcd cluster stopped taking writes.

## Why `etcd` filled up

Because **disk** was small.
"""


@pytest.mark.parametrize(("fmt", "heading"), [
    ("md", "\n## Why `etcd` filled up\n"),
    ("html", "\n<h2>Why <code>etcd</code> filled up</h2>\n"),
])
def test_a_body_section_heading_keeps_its_markdown(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, heading: str) -> None:
    # The Markdown page showed "Why \\`etcd\\` filled up", the HTML page the backticks.
    assert heading in _page(tmp_path, capsys, _OWN_HEADINGS, fmt)


# --- the reporting verbs: files skipped while others are listed --------------------------------

_CLOCKED = """\
pmkit: 1
id: a
title: A
status: draft
lang: en
severity: SEV2
timeline:
  - at: 2025-03-03T10:00:00Z
    milestone: impact_started
  - at: 2025-03-03T11:00:00Z
    milestone: resolved
disclosure:
  regimes: [internal]
action_items:
  - {id: AI1, title: Add a canary stage, owner: sre, due: 2025-03-05, tracker: "https://t.example/1"}
"""


def _folder(tmp_path: Path, broken: int) -> str:
    (tmp_path / "a.yaml").write_text(_CLOCKED, encoding="utf-8")
    for number in range(broken):
        (tmp_path / f"broken{number}.yaml").write_text("pmkit: 1\nid: [\n", encoding="utf-8")
    return str(tmp_path)


@pytest.mark.parametrize(("broken", "note"), [
    (1, "1 file skipped as not a valid postmortem, whose clocks are unknown (see 'pmkit check')."),
    (2, "2 files skipped as not valid postmortems, whose clocks are unknown (see 'pmkit check')."),
])
def test_due_says_on_its_report_which_files_it_left_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], broken: int, note: str) -> None:
    # The clocks of the files that do not load are unknown: the list is not all there is.
    assert main(["due", _folder(tmp_path, broken), "--now", "2025-03-04T10:00:00Z"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{tmp_path / 'a.yaml'}: internal draft [internal]: ")
    assert out.endswith(f"\n\n{note}\n")


def test_due_overdue_says_which_files_it_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", _folder(tmp_path, 1), "--now", "2025-03-24T10:00:00Z", "--overdue"]) == 1
    assert capsys.readouterr().out.endswith(
        "\n\n1 file skipped as not a valid postmortem, whose clocks are unknown (see 'pmkit check').\n")


@pytest.mark.parametrize(("broken", "note"), [
    (1, "1 file skipped as not a valid postmortem, whose items are unknown (see 'pmkit check')."),
    (2, "2 files skipped as not valid postmortems, whose items are unknown (see 'pmkit check')."),
])
def test_actions_says_on_its_report_which_files_it_left_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], broken: int, note: str) -> None:
    assert main(["actions", _folder(tmp_path, broken), "--now", "2025-03-24T10:00:00Z"]) == 0
    out = capsys.readouterr().out
    assert out.endswith(f"\n1 open action item, 1 overdue. {note}\n")


def test_an_empty_list_names_one_skipped_file_in_the_singular(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.yaml").write_text("pmkit: 1\nid: [\n", encoding="utf-8")
    assert main(["due", str(tmp_path), "--now", "2025-03-24T10:00:00Z"]) == 0
    assert "; 1 file skipped as not a valid postmortem, whose clocks" in capsys.readouterr().out
    assert main(["actions", str(tmp_path), "--now", "2025-03-24T10:00:00Z"]) == 0
    assert ". 1 file skipped as not a valid postmortem, whose items" in capsys.readouterr().out


# --- block quotes and rules in the HTML page's prose -------------------------------------------

@pytest.mark.parametrize(("body", "html"), [
    # The status-page notice, quoted as it went out.
    ("We posted:\n\n> We are investigating **elevated errors**\n> on checkout.\n\nThen it ended.",
     "<p>We posted:</p>\n<blockquote><p>We are investigating <strong>elevated errors</strong> on checkout."
     "</p></blockquote>\n<p>Then it ended.</p>"),
    (">A first line\nthat goes on lazily.",
     "<blockquote><p>A first line that goes on lazily.</p></blockquote>"),
    ("> - one\n> - two", "<blockquote><ul><li>one</li><li>two</li></ul></blockquote>"),
    ("Before.\n\n---\n\nAfter.", "<p>Before.</p>\n<hr>\n<p>After.</p>"),
    ("Before.\n\n***\n\nAfter.", "<p>Before.</p>\n<hr>\n<p>After.</p>"),
    ("A 5 > 3 comparison.", "<p>A 5 &gt; 3 comparison.</p>"),
])
def test_quotes_and_rules_in_prose_are_quotes_and_rules_in_html(body: str, html: str) -> None:
    assert _html_summary(body) == html


@pytest.mark.parametrize(("body", "html"), [
    ("- EU\n  - Germany\n  - France\n- US",
     "<ul><li>EU<ul><li>Germany</li><li>France</li></ul></li><li>US</li></ul>"),
    ("1. Roll back\n   - web\n   - api\n2. Purge the cache",
     "<ol><li>Roll back<ul><li>web</li><li>api</li></ul></li><li>Purge the cache</li></ol>"),
    ("1. Run:\n   ```\n   kubectl rollout undo\n   ```\n2. Watch the graphs",
     "<ol><li>Run:<pre><code>kubectl rollout undo</code></pre></li><li>Watch the graphs</li></ol>"),
    ("- a line\n  that goes on\n- b", "<ul><li>a line that goes on</li><li>b</li></ul>"),
])
def test_nested_lists_in_prose_are_nested_in_html(body: str, html: str) -> None:
    # They were flattened: "Germany" and "France" showed as siblings of "EU".
    assert _html_summary(body) == html


def test_a_line_of_quote_marks_does_not_nest_without_end() -> None:
    page = _html_summary(">" * 3000 + " x")
    assert page.startswith("<blockquote>" * 16 + "<p>" + "&gt;" * (3000 - 16) + " x</p>")
    staircase = "\n".join(" " * (2 * level) + "- item" for level in range(600))
    page = _html_summary(staircase)
    assert page.count("<li>") == 16 and page.count("item") == 600  # (the deeper ones as text)


def test_a_numbered_list_keeps_its_first_number_in_html() -> None:
    # Steps split by an unindented code block go on from 2, as GitHub shows them; the HTML page
    # numbered the second list from 1 again.
    body = "1. Drain the node:\n\n```\nkubectl drain n1\n```\n\n2. Restart it\n3) Uncordon it"
    assert _html_summary(body) == (
        "<ol><li>Drain the node:</li></ol>\n<pre><code>kubectl drain n1</code></pre>\n"
        '<ol start="2"><li>Restart it</li></ol>\n<ol start="3"><li>Uncordon it</li></ol>')


def test_due_json_writes_text_as_the_other_reports_do(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 'pmkit actions' and 'pmkit stats' write "für" in their JSON; 'pmkit due' wrote "f\\u00fcr".
    (tmp_path / "a.yaml").write_text(_CLOCKED.replace("title: A", "title: Zahlungsausfall für Kunden"),
                                     encoding="utf-8")
    assert main(["due", str(tmp_path), "--format", "json", "--now", "2025-03-04T10:00:00Z"]) == 0
    out = capsys.readouterr().out
    assert '"title": "Zahlungsausfall für Kunden"' in out
    import json

    assert json.loads(out)["clocks"][0]["title"] == "Zahlungsausfall für Kunden"


def test_explain_json_writes_text_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "PM116", "--format", "json"]) == 0
    assert "Störung" in capsys.readouterr().out


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_the_rule_pages_redirected_through_another_encoding_are_utf8(tmp_path: Path, encoding: str) -> None:
    # "pmkit rules --format markdown > docs/rules.md" wrote "St\\xf6rung" (ASCII) or Latin-1 bytes
    # into the UTF-8 page; it is written as 'pmkit render' writes a page.
    import os
    import subprocess
    import sys

    page = tmp_path / "rules.md"
    with page.open("wb") as out:
        done = subprocess.run([sys.executable, "-m", "pmkit", "rules", "--format", "markdown"], cwd=tmp_path,
                              stdout=out, stderr=subprocess.PIPE, text=True, timeout=120,
                              env={**os.environ, "PYTHONIOENCODING": encoding}, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    text = page.read_bytes().decode("utf-8")
    assert "Störung kehrte zurück" in text and "\\xf6" not in text


# --- author HTML in the Markdown page ------------------------------------------------------------

_AS_WRITTEN = [
    # Markdown, and links to pages, stay as written.
    "[ticket](https://t.example/1), [runbook](../runbooks/db.md), [above](#impact)",
    "<https://status.example.com>",
    "Run\n\n```html\n<script>x</script>\n```",
]


@pytest.mark.parametrize(("written", "shown"), [
    # A security incident's payload, quoted without backticks: text on the page, not markup that a
    # site generator (MkDocs, Jekyll, Hugo) would pass on to the reader's browser.
    ("The payload <img src=x onerror=alert(1)> was stored.",
     "The payload &lt;img src=x onerror=alert(1)> was stored."),
    ("<script>fetch('/x')</script>", "&lt;script>fetch('/x')&lt;/script>"),
    # A script over several lines is code, as ``pmkit check`` reads it: text, and no section.
    ("<script>\nfetch('/x')\n</script>", "```\n<script>\nfetch('/x')\n</script>\n```"),
    ('<a href="javascript:alert(1)">status</a>', '&lt;a href="javascript:alert(1)">status&lt;/a>'),
    ('<a href="jav&#x61;script:alert(1)">status</a>', '&lt;a href="jav&#x61;script:alert(1)">status&lt;/a>'),
    ("<iframe src=https://x.example></iframe>", "&lt;iframe src=https://x.example>&lt;/iframe>"),
    ('<p style="position:fixed">x</p>', '&lt;p style="position:fixed">x&lt;/p>'),
    # No HTML of the author's is passed on, not even what GitHub keeps: it is shown as written.
    ("Press <kbd>Ctrl</kbd>+<kbd>C</kbd>; see <sup>1</sup>.",
     "Press &lt;kbd>Ctrl&lt;/kbd>+&lt;kbd>C&lt;/kbd>; see &lt;sup>1&lt;/sup>."),
    ("latency < 5 ms and a<b", "latency &lt; 5 ms and a&lt;b"),
    # A code span that holds a "<" is pmkit's own HTML, which shows the same.
    ("Run `<script>` and", "Run <code>&#60;script&#62;</code> and"),
    ("[status](javascript:alert(1))", "[status\\](javascript:alert(1))"),
    ("![chart](javascript:alert(1))", "![chart\\](javascript:alert(1))"),
    ("<javascript:alert(1)>", "&lt;javascript:alert(1)>"),
    *[(text, text) for text in _AS_WRITTEN],
])
def test_author_html_that_could_run_is_text_in_the_markdown_page(written: str, shown: str) -> None:
    from pmkit.api import loads
    from pmkit.render import render

    lines = "\n".join("  " + line if line else "" for line in written.split("\n"))
    text = f"pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV4\nsummary: |\n{lines}\n"
    page = render(loads(text), "md")
    assert page.split("## Summary\n\n", 1)[1].rstrip("\n") == shown


def test_author_html_in_a_body_heading_and_a_definition_is_text_in_the_markdown_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _OWN_HEADINGS.replace("## Why `etcd` filled up",
                                 "## Why <img src=x onerror=alert(1)> <kbd>etcd</kbd>")
    text += "\nSee [the ticket][t].\n\n[t]: javascript:alert(1)\n[u]: https://t.example/2\n"
    page = _page(tmp_path, capsys, text, "md")
    assert "\n## Why &lt;img src=x onerror=alert(1)> &lt;kbd>etcd&lt;/kbd>\n" in page
    assert page.endswith("[t\\]: javascript:alert(1)\n[u]: https://t.example/2\n")


@pytest.mark.parametrize(("body", "html"), [
    # A figure struck through and the corrected one after it, as GitHub shows it.
    ("Checkout failed for ~~12~~ 21 minutes.", "<p>Checkout failed for <del>12</del> 21 minutes.</p>"),
    ("It was ~down~ **degraded**.", "<p>It was <del>down</del> <strong>degraded</strong>.</p>"),
    ("About ~5 minutes, then ~10.", "<p>About ~5 minutes, then ~10.</p>"),
    ("A ~~~not struck~~~ run.", "<p>A ~~~not struck~~~ run.</p>"),
    ("~~one~ mismatched", "<p>~~one~ mismatched</p>"),
])
def test_strikethrough_in_prose_is_struck_through_in_html(body: str, html: str) -> None:
    assert _html_summary(body) == html


def test_a_task_list_in_prose_has_check_boxes_in_html() -> None:
    assert _html_summary("- [x] Rolled back\n- [ ] Postmortem review\n- [link](https://x.example)") == (
        '<ul><li><input type="checkbox" disabled checked> Rolled back</li>'
        '<li><input type="checkbox" disabled> Postmortem review</li>'
        '<li><a href="https://x.example">link</a></li></ul>')


_MARKED_LESSONS = _OWN_HEADINGS + """
## Lessons

### What went well
- The `serve-stale` flag took effect in **under a minute**.
- # of pages: 3, see [the alert](https://alerts.example/1)
- > quoted
"""


@pytest.mark.parametrize(("fmt", "shown"), [
    ("md", "- The `serve-stale` flag took effect in **under a minute**.\n"
           "- \\# of pages: 3, see [the alert](https://alerts.example/1)\n- \\> quoted\n"),
    ("html", '<ul><li>The <code>serve-stale</code> flag took effect in <strong>under a minute</strong>.</li>'
             '<li># of pages: 3, see <a href="https://alerts.example/1">the alert</a></li>'
             "<li>&gt; quoted</li></ul>"),
])
def test_lessons_keep_their_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str,
                                     shown: str) -> None:
    # A Markdown postmortem's lessons are Markdown: the page showed "\\`serve-stale\\`" and
    # "\\*\\*under a minute\\*\\*" as written, backticks and asterisks and all.
    assert shown in _page(tmp_path, capsys, _MARKED_LESSONS, fmt)


# --- init in a folder below the repository's top ------------------------------------------------

def test_init_below_the_top_of_a_git_repository_says_where_to_run_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # pre-commit reads .pre-commit-config.yaml at the repository's top and matches the hook's
    # files from there: a set-up in services/payments was never run, yet init said it was done.
    (tmp_path / ".git").mkdir()
    (tmp_path / "services" / "payments").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "services" / "payments")
    assert main(["init"]) == 2
    assert capsys.readouterr().err == (
        f"pmkit init: . is inside the git repository {tmp_path}, below its top folder, where pre-commit "
        "reads .pre-commit-config.yaml; run pmkit init there for postmortems in this folder: "
        f"pmkit init --root {tmp_path} --dir services/payments/postmortems (or, to make this folder a "
        "repository of its own, run git init here first)\n")
    assert sorted(path.name for path in (tmp_path / "services" / "payments").iterdir()) == []
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--dir", "services/payments/postmortems"]) == 0
    assert "files: ^services/payments/postmortems/" in (tmp_path / ".pre-commit-config.yaml").read_text()


@pytest.mark.parametrize("verb", ["due", "actions", "stats"])
def test_a_reporting_verb_says_when_a_folder_it_was_given_holds_no_postmortem(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], verb: str) -> None:
    # "pmkit due --overdue docs/incident" (a mistyped folder that exists) passed in silence, as
    # if nothing were due; 'pmkit check' says so for such a folder.
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("# Runbooks\n\nNothing here.\n", encoding="utf-8")
    (tmp_path / "pm").mkdir()
    (tmp_path / "pm" / "a.yaml").write_text(_CLOCKED, encoding="utf-8")
    folder = str(tmp_path / "docs")
    assert main([verb, folder, str(tmp_path / "pm"), "--now", "2025-03-04T10:00:00Z"]) == 0
    assert capsys.readouterr().err == (
        f"pmkit: {folder}: no postmortem files in this folder (.yaml or .yml files, or Markdown files "
        "that open with front matter or have two or more of a postmortem's section headings, such as "
        "'## Summary' and '## Timeline')\n")


def test_a_link_with_a_title_is_a_link_in_html() -> None:
    assert _html_summary('See [the ticket](https://t.example/1 "CAT-1182").') == (
        '<p>See <a href="https://t.example/1">the ticket</a>.</p>')


_REFERENCES = _OWN_HEADINGS.replace(
    "The etcd cluster stopped taking writes.",
    "The etcd cluster stopped taking writes ([the ticket][ops], [Runbook] and [dashboard][]).\n\n"
    "[runbook]: https://wiki.example/etcd \"etcd runbook\"") + (
    "\n[ops]: https://t.example/OPS-7\n[dashboard]: <https://grafana.example/d/etcd>\n"
    "[bad]: javascript:alert(1)\n\nSee [bad][] and [missing][].\n")


def test_reference_links_are_links_in_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The Markdown page keeps the body's link definitions; the HTML page showed "[the ticket][ops]"
    # as written, and a definition written in a section as a paragraph.
    page = _page(tmp_path, capsys, _REFERENCES, "html")
    assert ('<p>The etcd cluster stopped taking writes (<a href="https://t.example/OPS-7">the ticket</a>, '
            '<a href="https://wiki.example/etcd">Runbook</a> and '
            '<a href="https://grafana.example/d/etcd">dashboard</a>).</p>\n<h2>') in page
    assert "<p>See [bad][] and [missing][].</p>" in page
    assert "[ops]:" not in page and "javascript" not in page


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_body_section_with_windows_line_endings_renders_as_any_other(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    # Saved on Windows: the section's lines kept their CRs on the Markdown page (a file of mixed
    # line endings), and the HTML page did not see its heading, list or link definition.
    text = (_OWN_HEADINGS + "\n## Background\n\n### Detail\n\n- one\n- two\n\nSee [the log][x].\n\n"
            "[x]: https://logs.example/1\n").replace("\n", "\r\n")
    page = _page(tmp_path, capsys, text, fmt)
    assert "\r" not in page
    if fmt == "md":
        assert ("## Background\n\n### Detail\n\n- one\n- two\n\nSee [the log][x].\n\n"
                "[x]: https://logs.example/1\n") in page
    else:
        assert ('<h2>Background</h2>\n<h3>Detail</h3>\n<ul><li>one</li><li>two</li></ul>\n'
                '<p>See <a href="https://logs.example/1">the log</a>.</p>') in page


_FOOTNOTED = _OWN_HEADINGS.replace(
    "The etcd cluster stopped taking writes.",
    "The etcd cluster stopped taking writes for 41 minutes[^total] across 3 regions[^2].") + (
    "\n[^2]: Frankfurt, Dublin\n    and Paris.\n\n[^total]: Reconciled on **6 June**.\n")


def test_footnotes_are_footnotes_in_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The Markdown page keeps the body's footnotes; the HTML page showed "[^total]" as written, and
    # the notes themselves as a paragraph of the last section or, written after it, not at all.
    page = _page(tmp_path, capsys, _FOOTNOTED, "html")
    assert ('writes for 41 minutes<sup><a href="#fn-total">1</a></sup> across 3 regions'
            '<sup><a href="#fn-2">2</a></sup>.</p>') in page
    assert page.endswith(
        '<section class="footnotes"><ol><li id="fn-total">Reconciled on <strong>6 June</strong>.</li>'
        '<li id="fn-2">Frankfurt, Dublin and Paris.</li></ol></section>\n</main>\n</body>\n</html>\n')
    assert "[^" not in page
