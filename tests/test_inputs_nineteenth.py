"""Held-out inputs: an empty document after YAML directives."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmkit.loader import read_document


@pytest.mark.parametrize("data", [
    b"%YAML 1.1\n---\n", b"%YAML 1.2\n--- \n", b"%YAML 1.1\n--- # c\n", b"%YAML 1.1\r\n---\r\n",
    b"%YAML 1.1\r---\r", b"%TAG !e! tag:e,2000:\n---\n", b"%YAML 1.1\n---\n\n",
    b"%YAML 1.2\n---\n# comment\n", b"%YAML 1.1\n---\n...\n",
])
def test_directives_and_an_empty_document_are_an_empty_file(tmp_path: Path, data: bytes) -> None:
    # As '---' alone is: the file holds no fields. Read as YAML, the empty value stands after the
    # last line, where the finding was placed (line 3 of a file of two).
    path = tmp_path / "empty.yaml"
    path.write_bytes(data)
    doc = read_document(path)
    assert [(d.code, d.line, d.col) for d in doc.diagnostics] == [("PM007", 1, 1)]
    assert doc.diagnostics[0].message == "file is empty: no postmortem fields found"


@pytest.mark.parametrize(("data", "found"), [
    (b"%YAML 1.1\n--- ~\n", ("PM003", 2, 5)),  # a null written: the value is there to point at
    (b"%YAML 1.1\n", ("PM001", 1, 10)),  # a directive and no document is no YAML
])
def test_a_written_value_or_a_directive_alone_is_no_empty_file(tmp_path: Path, data: bytes,
                                                                found: tuple[str, int, int]) -> None:
    path = tmp_path / "odd.yaml"
    path.write_bytes(data)
    doc = read_document(path)
    assert [(d.code, d.line, d.col) for d in doc.diagnostics][:1] == [found]
