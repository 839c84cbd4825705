"""Held-out inputs for ``pmkit render``: bare dates in a zone west of UTC and what the author wrote
about corrections, shown on the page as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmkit.api import loads
from pmkit.cli import main
from pmkit.render import render

_WEST = """\
pmkit: 1
id: 2025-06-10-checkout
title: Checkout errors
status: published
lang: en
severity: SEV2
summary: Checkout failed for 40 minutes.
timeline:
  - at: 2025-06-10T21:10:00-05:00
    milestone: impact_started
    event: Deploy started.
  - at: 2025-06-10T21:50:00-05:00
    milestone: resolved
    event: Rolled back.
disclosure:
  published_at: 2025-06-12
"""


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_bare_publication_date_is_the_day_written_in_a_zone_west_of_utc(fmt: str) -> None:
    # The page's times are in UTC-05:00 (the timeline's offset); a bare date is a day, not the
    # midnight UTC that falls on the evening before there.
    page = render(loads(_WEST), fmt)
    assert ("- **Published:** 2025-06-12" if fmt == "md" else "<dt>Published</dt><dd>2025-06-12</dd>") in page
    assert "2025-06-11" not in page


_CORRECTED = """\
pmkit: 1
id: 2025-06-10-checkout
title: Checkout errors
status: published
lang: {lang}
severity: SEV2
summary: Checkout failed for 40 minutes.
corrections:
  - at: 2025-06-20
    description: The first version said 30 minutes.
    fields: [summary, impact.users_affected]
"""


@pytest.mark.parametrize(("lang", "fmt", "line"), [
    ("en", "md", "- **2025-06-20** The first version said 30 minutes. "
                 "(Fields corrected: summary, impact.users\\_affected)"),
    ("en", "html", "<li><strong>2025-06-20</strong> The first version said 30 minutes. "
                   "(Fields corrected: summary, impact.users_affected)</li>"),
    ("de", "md", "- **2025-06-20** The first version said 30 minutes. "
                 "(Korrigierte Felder: summary, impact.users\\_affected)"),
])
def test_a_correction_names_the_fields_it_corrected(lang: str, fmt: str, line: str) -> None:
    # A reader of the corrected page learns which facts changed, as the author recorded them.
    assert line in render(loads(_CORRECTED.format(lang=lang)), fmt)


_CODE = """\
pmkit: 1
id: x
title: Queue backlog
status: draft
lang: de
severity: SEV3
summary: |
  Der Größenfehler trat auf:

  ```text
  ERROR  queue   full <worker> & retry
      at worker.py:12
  ```

  | Dienst | Fehler |
  |---|---|
  | api | 500 \\| 502 |

  Danach:

      $ kubectl  rollout undo
      deployment.apps/api rolled back
"""


def test_the_html_page_keeps_code_blocks_and_tables_of_the_prose() -> None:
    # A log pasted in a fenced or indented code block keeps its lines and spacing, and a table
    # is a table, not a paragraph of pipes; both escaped.
    page = render(loads(_CODE), "html")
    assert ("<pre><code>ERROR  queue   full &lt;worker&gt; &amp; retry\n    at worker.py:12</code></pre>"
            in page)
    assert "<pre><code>$ kubectl  rollout undo\ndeployment.apps/api rolled back</code></pre>" in page
    assert ("<table><thead><tr><th>Dienst</th><th>Fehler</th></tr></thead>"
            "<tbody><tr><td>api</td><td>500 | 502</td></tr></tbody></table>") in page
    assert "<p>Der Größenfehler trat auf:</p>" in page and "<p>Danach:</p>" in page
    assert "```" not in page and "|---|" not in page


def test_a_decision_on_a_bare_date_is_on_that_day_in_the_chart() -> None:
    text = _WEST + """\
decisions:
  - id: D1
    at: 2025-06-11
    decision: Keep the flag off.
"""
    page = render(loads(text), "md")
    assert "    D1 Keep the flag off. :milestone, 2025-06-11 00:00, 0m" in page


def test_output_to_an_existing_folder_or_into_a_missing_one_says_what_to_do(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "pm.yaml"
    source.write_text(_WEST, encoding="utf-8")
    (tmp_path / "pages").mkdir()
    assert main(["render", str(source), "-o", str(tmp_path / "pages")]) == 2
    err = capsys.readouterr().err
    assert f"--output {tmp_path / 'pages'} names a folder; give the page's file name" in err
    assert main(["render", str(source), "-o", str(tmp_path / "pm.yaml" / "page.md")]) == 2
    err = capsys.readouterr().err
    target = tmp_path / "pm.yaml" / "page.md"
    assert f"--output {target}: {tmp_path / 'pm.yaml'} is not a folder; name a file" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages", "pm.yaml"]
    # A folder that does not exist yet is made, as --write-baseline and new make theirs.
    assert main(["render", str(source), "-o", str(tmp_path / "site" / "page.md")]) == 0
    assert (tmp_path / "site" / "page.md").read_text(encoding="utf-8").startswith("# ")


def test_the_html_page_keeps_lists_of_the_prose() -> None:
    text = """\
pmkit: 1
id: x
title: Payments down
lang: en
status: draft
severity: SEV3
impact:
  description: |
    Two things went wrong:

    - EU customers could not pay
      for 40 minutes
    - Refunds were delayed

    1. first <step>
    2. second step
"""
    page = render(loads(text), "html")
    assert "<p>Two things went wrong:</p>" in page
    assert "<ul><li>EU customers could not pay for 40 minutes</li><li>Refunds were delayed</li></ul>" in page
    assert "<ol><li>first &lt;step&gt;</li><li>second step</li></ol>" in page


def test_the_html_page_keeps_headings_of_the_prose() -> None:
    text = """\
pmkit: 1
id: x
title: Payments down
lang: en
status: draft
severity: SEV3
summary: |
  Checkout failed.
  ### What customers saw
  Errors & timeouts.
"""
    page = render(loads(text), "html")
    assert "<p>Checkout failed.</p>\n<h3>What customers saw</h3>\n<p>Errors &amp; timeouts.</p>" in page


def test_the_html_page_shows_code_spans_and_links_of_the_prose() -> None:
    text = """\
pmkit: 1
id: x
title: Payments down
lang: en
status: draft
severity: SEV3
summary: |
  Running `kubectl rollout undo <app>` fixed it; see [the ticket](https://t.example.com/P-1?a=1&b=2)
  and [this](javascript:alert(1)).
"""
    page = render(loads(text), "html")
    assert ("<p>Running <code>kubectl rollout undo &lt;app&gt;</code> fixed it; see "
            '<a href="https://t.example.com/P-1?a=1&amp;b=2">the ticket</a> and '
            "[this](javascript:alert(1)).</p>") in page
