"""PM601's hint is a correction that can be pasted as it is: valid YAML that clears the finding."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, pmkit_json, published_repo

from pmkit.loader import parse_text
from pmkit.rules.history import flow_scalar

MD = "postmortems/queue.md"
SUMMARY = "summary: |\n  For 47 minutes, about 12,000 users got notifications late.\n"
MARKDOWN = (f"---\n{PUBLISHED.replace(SUMMARY, '')}---\n\n## Summary\n\n"
            "For 47 minutes, about 12,000 users waited.\n\n## Lessons\n\nCanaries help.\n")

#: (file, text it starts from, edit: old → new, the field PM601 names)
CASES = [
    (PM, PUBLISHED, "users_affected: 12000", "users_affected: 15000", "impact.users_affected"),
    (PM, PUBLISHED, "severity: SEV2", "severity: SEV1", "severity"),
    (PM, PUBLISHED, "For 47 minutes", "For 52 minutes", "summary"),
    (PM, PUBLISHED, "- at: 2026-03-02T10:05:00Z", "- at: 2026-03-02T10:09:00Z", "timeline[1].at"),
    (PM, PUBLISHED, "fired at 5,000 messages", "fired at 50,000 messages", "timeline[1].event"),
    (PM, PUBLISHED, "    event: Backlog drained.\n",
     "    event: Backlog drained.\n  - at: 2026-03-02T11:00:00Z\n    actor: queue\n    event: Closed.\n",
     "timeline[3]"),
    (PM, PUBLISHED, "value: 80000", "value: 60000", "impact.metrics[notifications delayed].value"),
    (PM, PUBLISHED.replace("{name: notifications delayed,", "{name: 'queue \"main\": lag, p99',"),
     "value: 80000", "value: 90000", 'impact.metrics[queue "main": lag, p99].value'),
    (PM, PUBLISHED, "decided_by: incident commander", "decided_by: messaging lead",
     "decisions[D1].decided_by"),
    (PM, PUBLISHED, "    at: 2026-03-02T10:12:00Z", "    at: 2026-03-02T10:22:00Z", "decisions[D1].at"),
    (PM, PUBLISHED, "contributing_factors:\n  - id: CF1\n    description: The config push had no canary.\n",
     "contributing_factors: []\n", "contributing_factors[CF1]"),
    (PM, PUBLISHED, "published_at: 2026-03-05T09:00:00Z", "published_at: 2026-03-04T09:00:00Z",
     "disclosure.published_at"),
    (MD, MARKDOWN, "about 12,000 users waited", "about 14,000 users waited", "body[Summary]"),
]


@pytest.fixture(autouse=True)
def _no_pre_commit_ref(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)


def _pm601(rel: str, capsys: Any) -> list[dict[str, Any]]:
    _, diags = pmkit_json("--select", "PM0,PM6", "--base", "HEAD", rel, capsys=capsys)
    assert [d for d in diags if d["code"].startswith("PM0")] == []  # the file itself is valid
    return [d for d in diags if d["code"] == "PM601"]


@pytest.mark.parametrize(("rel", "start", "old", "new", "field"), CASES, ids=[c[4] for c in CASES])
def test_the_hint_is_a_correction_that_parses_and_clears_the_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, rel: str, start: str, old: str,
    new: str, field: str,
) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(rel, start)
    repo.commit("Publish")
    monkeypatch.chdir(repo.root)
    repo.edit(rel, old, new)
    [finding] = _pm601(rel, capsys)
    assert finding["data"]["field"].removesuffix(" (numbers)") == field
    hint = finding["hint"]
    # The file has "corrections: []": the hint writes the entry inside the brackets.
    snippet = re.fullmatch(r"Published facts are corrected in the open: write '(corrections: \[.*\])'", hint)
    assert snippet is not None, hint
    assert snippet.group(1) == ('corrections: [{at: 2026-11-25, description: '
                                f'"<what was wrong, what is right, why>", fields: [{flow_scalar(field)}]}}]')
    # The snippet alone is valid YAML to pmkit's loader, and names the field exactly.
    pasted = f"{snippet.group(1)}\n"
    doc = parse_text(pasted, "<hint>")
    assert doc.diagnostics == []
    assert doc.data["corrections"][0]["fields"] == [field]
    # Pasted into the file, it declares the change: the finding is gone, nothing else breaks.
    repo.edit(rel, "corrections: []\n", pasted)
    assert _pm601(rel, capsys) == []


@pytest.mark.parametrize(
    ("label", "written"),
    [
        ("impact.users_affected", "impact.users_affected"),
        ("timeline[5].at", '"timeline[5].at"'),
        ("decisions[D1]", '"decisions[D1]"'),
        ("body[Summary]", '"body[Summary]"'),
        ("timeline[detected].at", '"timeline[detected].at"'),
        ('impact.metrics[a "b" \\ c].value', '"impact.metrics[a \\"b\\" \\\\ c].value"'),
        ("body[tab\there]", '"body[tab\\u0009here]"'),
        ("body[#1, x: y]", '"body[#1, x: y]"'),
    ],
)
def test_labels_are_quoted_when_a_flow_sequence_needs_it(label: str, written: str) -> None:
    assert flow_scalar(label) == written
    doc = parse_text(f"fields: [{written}, impact]\n", "<hint>")
    assert doc.diagnostics == []
    assert doc.data == {"fields": [label, "impact"]}


def test_the_hint_quotes_a_bracketed_label(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: Any) -> None:
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    repo.edit(PM, "- at: 2026-03-02T10:05:00Z", "- at: 2026-03-02T10:09:00Z")
    [finding] = _pm601(PM, capsys)
    assert finding["hint"] == (
        "Published facts are corrected in the open: write 'corrections: "
        '[{at: 2026-11-25, description: "<what was wrong, what is right, why>", '
        'fields: ["timeline[1].at"]}]\'')


def test_the_yaml_examples_of_the_history_docs_parse() -> None:
    """Every YAML block of docs/history.md reads without a syntax error (a reader pastes them)."""
    import textwrap

    docs = (Path(__file__).parent.parent / "docs" / "history.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", docs, re.DOTALL)
    assert len(blocks) >= 3
    fields: list[Any] = []
    for block in blocks:
        doc = parse_text(textwrap.dedent(block), "<docs>")
        assert [d for d in doc.diagnostics if d.code == "PM001"] == [], block  # a list is fine here
        for entry in (doc.data or {}).get("corrections", []) if isinstance(doc.data, dict) else []:
            fields.extend(entry.get("fields", []))
        if isinstance(doc.data, dict) and "fields" in doc.data:
            fields.extend(doc.data["fields"])
    assert "timeline[1].at" in fields  # a bracketed label, written so that it parses
