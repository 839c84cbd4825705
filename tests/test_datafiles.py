"""YAML package data and their JSON snapshots agree."""

from __future__ import annotations

from pmkit.datafiles import FOLDERS, SNAPSHOT, _parse, data_folder, read_yaml, render_snapshot


def test_snapshots_are_current() -> None:
    for package, folder in FOLDERS:
        path = data_folder(package, folder)
        assert (path / SNAPSHOT).read_text(encoding="utf-8") == render_snapshot(path), (
            f"{path / SNAPSHOT} is stale: run 'python -m pmkit.datafiles'"
        )


def test_snapshot_gives_the_same_data_as_parsing() -> None:
    for package, folder in FOLDERS:
        for path in data_folder(package, folder).glob("*.yaml"):
            assert read_yaml(package, path.name, folder) == _parse(path.read_text(encoding="utf-8"))
