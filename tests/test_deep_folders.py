"""A tree of many nested folders of postmortems: each folder is looked at once a run, not once
for each folder or file below it. The search for settings (the note that a folder's files are
under another settings file) and the real paths PM027 compares stopped at every parent of every
folder and file again: 1,000 files in a chain of 200 folders took 280,000 stat calls."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pmkit import config
from pmkit.rules.loading import _real


def _chain(root: Path, depth: int) -> list[Path]:
    folders = [root]
    for level in range(depth):
        folders.append(folders[-1] / f"d{level:03d}")
    folders[-1].mkdir(parents=True)
    return folders


def test_a_search_from_each_folder_of_a_chain_looks_at_each_folder_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    folders = _chain(tmp_path, 40)
    (folders[20] / ".pmkit.toml").write_text("[severity]\nPM301 = 'info'\n", encoding="utf-8")
    expected = [config.find_config(folder) for folder in folders]
    assert expected[25] == expected[40] == folders[20] / ".pmkit.toml" and expected[3] is None
    looked: list[Path] = []
    real = config._settings_in

    def counted(folder: Path) -> config.Found | None:
        looked.append(folder)
        return real(folder)

    monkeypatch.setattr(config, "_settings_in", counted)
    known: dict[Path, config.Found] = {}
    assert [config.find_config(folder, known) for folder in reversed(folders)] == expected[::-1]
    assert sorted(looked) == sorted(set(looked)) and len(looked) == len(folders)
    looked.clear()
    assert [config.find_config(folder, known) for folder in folders] == expected
    assert looked == []


def test_a_real_path_is_each_folders_once_and_the_same_as_realpath(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folders = _chain(Path("tree"), 12)
    os.symlink("tree/d000/d001", "linked")
    (tmp_path / "aside").mkdir()
    names = []
    for index, folder in enumerate(folders):
        (folder / f"pm-{index}.yaml").write_text("pmkit: 1\n", encoding="utf-8")
        names.append(f"{folder}/pm-{index}.yaml")
    os.symlink(f"../{names[5]}", "aside/link.yaml")
    names += ["linked/d002/pm-3.yaml", "aside/link.yaml", "linked/../tree/pm-0.yaml", "./tree/pm-0.yaml",
              str(tmp_path / names[7]), "missing/pm.yaml", "tree/d000/../d000/pm-1.yaml"]
    expected = {name: os.path.realpath(name) if os.path.exists(name) else name for name in names}
    resolved: list[str] = []
    realpath = os.path.realpath

    def counted(path: str, *args: object, **kwargs: object) -> str:
        resolved.append(path)
        return realpath(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os.path, "realpath", counted)
    known: dict[str, str] = {}
    assert {name: _real(name, known) for name in names} == expected
    # the tree's files: one realpath, of the folder they are all under; then the links and the
    # names with '..', whose own real path is asked for
    assert resolved.count(".") == 1 and len(resolved) <= 6
