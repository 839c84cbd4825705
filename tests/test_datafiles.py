"""YAML package data and their JSON snapshots agree."""

from __future__ import annotations

from pmkit.datafiles import PACKAGES, SNAPSHOT, _parse, package_folder, read_yaml, render_snapshot


def test_snapshots_are_current() -> None:
    for package in PACKAGES:
        folder = package_folder(package)
        assert (folder / SNAPSHOT).read_text(encoding="utf-8") == render_snapshot(folder), (
            f"{folder / SNAPSHOT} is stale: run 'python -m pmkit.datafiles'"
        )


def test_snapshot_gives_the_same_data_as_parsing() -> None:
    for package in PACKAGES:
        for path in package_folder(package).glob("*.yaml"):
            assert read_yaml(package, path.name) == _parse(path.read_text(encoding="utf-8"))
