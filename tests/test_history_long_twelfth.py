"""`pmkit history FILE` and the git evidence on long-lived postmortems: many revisions, many
corrections, files moved into the folders read by their folder.

The tests count the work done (how often a version's facts are worked out), not the time taken.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import pytest
from history_git import GIT_ENV_LEFTOVERS, PM, PUBLISHED, GitRepo

import pmkit.facts
from pmkit.cli import main
from pmkit.commands import history as history_command
from pmkit.history import read_evidence


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in GIT_ENV_LEFTOVERS:
        monkeypatch.delenv(key, raising=False)
    history_command._load.cache_clear()  # versions parsed by earlier tests are not counted


def _history(*args: str, capsys: Any) -> tuple[int, str, str]:
    code = main(["history", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _count_calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """A counter of the calls of ``module.name`` from now on."""
    calls = [0]
    real = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def _revised(tmp_path: Path, revisions: int) -> GitRepo:
    """The postmortem committed, then revised ``revisions - 1`` times, each revision changing
    the user count, a timeline time and the numbers of the summary."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish")
    for n in range(1, revisions):
        text = PUBLISHED.replace("users_affected: 12000", f"users_affected: {12000 + n}")
        text = text.replace("about 12,000 users", f"about {12000 + n} users")
        text = text.replace("- at: 2026-03-02T10:05:00Z", f"- at: 2026-03-02T10:{5 + n:02d}:00Z")
        repo.write(PM, text)
        repo.commit(f"Revision {n}")
    return repo


def test_each_version_facts_are_worked_out_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: Any) -> None:
    repo = _revised(tmp_path, 6)
    monkeypatch.chdir(repo.root)
    # The work of one version's facts: its keyed facts and every timeline entry's.
    keyed, numbers = (_count_calls(monkeypatch, pmkit.facts, name) for name in ("keyed_facts", "numbers_in"))
    version = pmkit.facts.VersionFacts(pmkit.facts.load_data(PUBLISHED))
    for index in range(len(version.timeline)):
        version.entry_facts(index)
    assert keyed[0] == 1
    one_version = numbers[0]
    keyed[0] = numbers[0] = 0
    code, out, err = _history(PM, capsys=capsys)
    assert (code, err) == (0, "")
    assert out.startswith(f"History of {PM}: 6 commits\n")
    assert "    impact.users_affected: 12004 → 12005   [SILENT: no correction declares it]\n" in out
    assert "    timeline[1].at: 2026-03-02T10:09:00Z → 2026-03-02T10:10:00Z   [SILENT" in out
    # Six versions, each the newer side of one comparison and the older side of the next
    # (an entry written alike in both sides of a comparison is not read at all).
    assert keyed[0] == 6
    assert numbers[0] <= 6 * one_version


def _draft_moved_in_with_git_mv(tmp_path: Path) -> GitRepo:
    """18 postmortems (more than FILE_SPEC_LIMIT: the run reads the folder's log) and a draft
    outside the folder, published on 03-06, then reworded in a commit that also changed one of
    the postmortems, then moved into the folder with ``git mv`` (staged), its user count
    corrected by a correction dated 03-05, the day before it was published."""
    repo = GitRepo(tmp_path / "repo")
    for n in range(18):
        repo.write(f"postmortems/pm-{n:02d}.yaml", PUBLISHED.replace("2026-03-02-queue", f"pm-{n:02d}"))
    repo.commit("Add the postmortems", date="2026-03-04T09:00:00Z")
    draft = PUBLISHED.replace("2026-03-02-queue", "x").replace("  published_at: 2026-03-05T09:00:00Z\n", "")
    repo.write("drafts/x.yaml", draft.replace("status: published", "status: draft"))
    repo.commit("Draft x", date="2026-03-05T09:00:00Z")
    repo.write("drafts/x.yaml", draft)
    repo.commit("Publish x", date="2026-03-06T09:00:00Z")
    repo.edit("drafts/x.yaml", "Backlog drained.", "The backlog drained.")
    repo.edit("postmortems/pm-00.yaml", "Backlog drained.", "The backlog drained.")
    repo.commit("Reword two events", date="2026-03-08T09:00:00Z")
    repo.git("mv", "drafts/x.yaml", "postmortems/x.yaml")
    repo.edit("postmortems/x.yaml", "users_affected: 12000", "users_affected: 15000")
    repo.edit("postmortems/x.yaml", "corrections: []\n",
              "corrections:\n  - {at: 2026-03-05, description: 'The final count is 15,000 users.',"
              " fields: [impact.users_affected]}\n")
    repo.git("add", "-A")
    return repo


def _pm6(*paths: str, capsys: Any) -> list[tuple[str, int, int, str]]:
    code = main(["check", "--format", "json", "--select", "PM6", "--now", "2026-03-10T00:00:00Z", *paths])
    diags = json.loads(capsys.readouterr().out)["diagnostics"]
    assert code == 1
    return [(d["code"], d["line"], d["col"], d["message"]) for d in diags]


def test_a_draft_moved_in_with_git_mv_has_its_whole_history_read_by_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _draft_moved_in_with_git_mv(tmp_path)
    monkeypatch.chdir(repo.root)
    by_file = _pm6("postmortems/x.yaml", capsys=capsys)
    by_folder = _pm6("postmortems", capsys=capsys)
    # The folder's log lists the rewording commit, which changed the draft too; the draft's
    # earlier commits were left out, and its publication was taken for the rewording.
    assert by_folder == by_file
    late = [d for d in by_folder if d[0] == "PM608"]
    assert [d[:3] for d in late] == [("PM608", 40, 10)]
    assert "before the postmortem was published (its status first became published in commit" in late[0][3]
    assert "on 2026-03-06 09:00 UTC)" in late[0][3]
    # The trail of 'pmkit history' is read by file, and ends with the staged move.
    code, out, err = _history("postmortems/x.yaml", capsys=capsys)
    assert (code, err) == (0, "")
    assert out.startswith("History of postmortems/x.yaml: 3 commits\n")
    assert "  modified  status: draft → published\n    Publish x\n" in out
    assert "(uncommitted)      renamed from drafts/x.yaml  status: published\n" in out


def test_the_folder_log_keeps_no_file_outside_the_folders(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _draft_moved_in_with_git_mv(tmp_path)
    monkeypatch.chdir(repo.root)
    names = sorted(p.relative_to(repo.root).as_posix() for p in (repo.root / "postmortems").glob("*.yaml"))
    assert len(names) == 19
    by_folder, by_file = read_evidence(names), read_evidence(["postmortems/x.yaml"])
    assert (by_folder.by_file, by_file.by_file) == (False, True)
    assert "drafts/x.yaml" not in by_folder.changes
    trail = [[(c.commit.subject, c.status, c.path) for c in ev.history("postmortems/x.yaml")]
             for ev in (by_folder, by_file)]
    assert trail[0] == trail[1] == [("Reword two events", "M", "drafts/x.yaml"),
                                    ("Publish x", "M", "drafts/x.yaml"), ("Draft x", "A", "drafts/x.yaml")]


#: Wordings of this test's own (no other test has them compared already).
_EVENTS = ("Consumers stalled after a config push.", "Backlog alert fired at the threshold.",
           "On-call engineer paged the queue owners.", "Config push rolled back by hand.",
           "Backlog drained and consumers caught up.")


def _shifted_timeline(minutes: int) -> str:
    """PUBLISHED with a timeline of five entries without milestones, each ``minutes`` later."""
    entries = "".join(f"  - at: 2026-03-02T10:{10 * k + minutes:02d}:00Z\n    actor: queue\n"
                      f"    event: {event}\n" for k, event in enumerate(_EVENTS))
    start, end = PUBLISHED.index("timeline:\n"), PUBLISHED.index("decisions:\n")
    return PUBLISHED[:start] + "timeline:\n" + entries + PUBLISHED[end:]


def test_each_pair_of_wordings_is_compared_once_in_a_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: Any) -> None:
    repo = GitRepo(tmp_path / "repo")
    for minutes in range(4):  # every time moves a minute in each revision: no entry keeps its time
        repo.write(PM, _shifted_timeline(minutes))
        repo.commit(f"Revision {minutes}")
    monkeypatch.chdir(repo.root)
    compared: list[tuple[str, str]] = []
    real = difflib.SequenceMatcher

    class Counted(real):  # type: ignore[misc, valid-type]
        def __init__(self, junk: Any, a: str, b: str, **kwargs: Any) -> None:
            compared.append((a, b))
            super().__init__(junk, a, b, **kwargs)

    monkeypatch.setattr(difflib, "SequenceMatcher", Counted)
    code, out, err = _history(PM, capsys=capsys)
    assert (code, err) == (0, "")
    # Each entry is still paired with itself by its wording.
    for k in range(5):
        old, new = (f"2026-03-02T10:{10 * k + minutes:02d}:00Z" for minutes in (2, 3))
        assert f"    timeline[{k}].at: {old} → {new}   [SILENT: no correction declares it]\n" in out
    # Three comparisons of five entries with five: of the 75 pairs, the 20 of two different
    # wordings are worked out once each; equal wordings need no difflib.
    assert len(compared) == len(set(compared)) == 20


def test_the_history_of_a_name_moved_away_says_where_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: Any) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    (repo.root / "archive").mkdir()
    repo.git("mv", PM, "archive/queue.yaml")
    repo.edit("archive/queue.yaml", "customers_affected: 40", "customers_affected: 45")
    repo.commit("Archive the queue postmortem", date="2026-03-06T09:00:00Z")
    monkeypatch.chdir(repo.root)
    code, out, err = _history(PM, capsys=capsys)
    assert (code, err) == (0, "")
    # It was shown as 'deleted  status: published → ?', as if the published postmortem were gone.
    assert out.splitlines() == [
        f"History of {PM}: 2 commits", "",
        f"2026-03-05 09:00 +0000  {repo.git('rev-parse', 'HEAD~1')[:10]}  added as {PM}  status: published",
        "    Publish", "",
        f"2026-03-06 09:00 +0000  {repo.git('rev-parse', 'HEAD')[:10]}  renamed to archive/queue.yaml  "
        "status: published",
        "    Archive the queue postmortem",
        "    impact.customers_affected: 40 → 45   [SILENT: no correction declares it]"]
    assert main(["history", "--format", "json", PM]) == 0
    last = json.loads(capsys.readouterr().out)["entries"][-1]
    assert (last["change"], last["path"], last["renamed_from"], last["status"]) == (
        "renamed", "archive/queue.yaml", PM, "published")
    # The new name's trail is unchanged: renamed from the old one.
    code, out, err = _history("archive/queue.yaml", capsys=capsys)
    assert out.splitlines()[0] == f"History of archive/queue.yaml: 2 commits (renamed from {PM})"
    assert "  renamed from postmortems/2026-03-02-queue.yaml  status: published\n" in out


def test_a_name_flipping_between_yaml_and_markdown_is_listed_once(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: Any) -> None:
    repo = GitRepo(tmp_path / "repo")
    yaml_name, md_name = PM, PM.replace(".yaml", ".md")
    repo.write(yaml_name, PUBLISHED)
    repo.commit("Publish")
    for flip in range(4):
        old, new = (yaml_name, md_name) if flip % 2 == 0 else (md_name, yaml_name)
        repo.git("mv", old, new)
        repo.write(new, f"---\n{PUBLISHED}---\n\nThe queue stalled.\n" if new == md_name else PUBLISHED)
        repo.commit(f"Flip {flip}")
    monkeypatch.chdir(repo.root)
    code, out, err = _history(yaml_name, capsys=capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"History of {yaml_name}: 5 commits (renamed from {md_name})"
    assert [line.split("  ")[2] for line in out.splitlines() if line[:4] == "2026"] == [
        f"added as {yaml_name}", f"renamed to {md_name}", f"renamed from {md_name}", f"renamed to {md_name}",
        f"renamed from {md_name}"]
