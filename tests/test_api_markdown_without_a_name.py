"""A Markdown postmortem given as text without a name, whose body has no heading pmkit knows: the
hint of its PM001 says how to have it read as Markdown, not only to remove the marker."""

from __future__ import annotations

import pytest

import pmkit

FRONT = "---\npmkit: 1\nid: 2026-11-02-api\ntitle: API errors\nstatus: draft\nlang: en\nseverity: SEV3\n---\n"
TEXT = FRONT + "\n# What broke\n\nThe API returned errors for an hour.\n"
ONE_DOCUMENT = ("A postmortem file holds one YAML document: a '---' line may only open it and a '...' line "
                "only end it. Remove the marker; a second postmortem goes into a file of its own.")
AS_MARKDOWN = (" If it is a Markdown postmortem (front matter, then its text), pass markdown=True to "
               "pmkit.loads, or give pmkit.check_text a name ending in '.md'.")


def test_check_text_without_a_name_says_how_to_read_it_as_markdown() -> None:
    found = [d for d in pmkit.check_text(TEXT) if d.code == "PM001"]
    assert [(d.line, d.message, d.hint) for d in found] == [(
        8, "YAML syntax error: a second YAML document starts here (expected a single document in the stream)",
        ONE_DOCUMENT + AS_MARKDOWN)]


def test_loads_without_a_name_says_it_too_and_markdown_true_reads_it() -> None:
    with pytest.raises(pmkit.LoadError) as raised:
        pmkit.loads(TEXT)
    assert [(d.code, d.hint) for d in raised.value.diagnostics] == [("PM001", ONE_DOCUMENT + AS_MARKDOWN)]
    assert pmkit.loads(TEXT, markdown=True).id == "2026-11-02-api"


def test_a_file_keeps_the_hint_to_remove_the_marker(tmp_path: object) -> None:
    found = [d for d in pmkit.check_text(TEXT, "pm.yaml") if d.code == "PM001"]
    assert [d.hint for d in found] == [ONE_DOCUMENT]
