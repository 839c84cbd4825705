"""Git evidence in repository states of the ninth round: postmortems in a submodule deleted or
renamed, seen from the superproject. Each built with real git commands; what pmkit says,
exactly."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env
from history_git import pmkit_json as check_json

from pmkit.cli import main


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


OTHER = "postmortems/2026-03-03-cache.yaml"


def postmortems_in_a_submodule(tmp_path: Path) -> tuple[GitRepo, GitRepo]:
    """A superproject whose docs/ folder is a submodule holding two published postmortems."""
    inner = GitRepo(tmp_path / "postmortem-repo")
    inner.write(PM, PUBLISHED)
    inner.write(OTHER, PUBLISHED.replace("id: 2026-03-02-queue", "id: 2026-03-03-cache"))
    inner.commit("Publish", date="2026-03-05T09:00:00Z")
    outer = GitRepo(tmp_path / "super")
    outer.write("README", "The service.\n")
    outer.commit("Start")
    outer.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner.root), "docs")
    outer.commit("Add the postmortems")
    return outer, GitRepo(outer.root / "docs")


def test_a_deletion_and_a_rename_in_a_submodule_name_the_files_as_the_superproject_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """'pmkit check --repo-wide docs/postmortems' in the superproject, the postmortems in the
    submodule docs: PM605 and PM606 named the files by their paths inside the submodule
    ('postmortems/x.yaml'), which in the superproject is another folder, and the hint of PM606
    asked for a correction naming that path. They now name them as the superproject does, as
    the finding's path and 'pmkit history' do, and PM605's hint says how to restore the file
    with a command that works where pmkit was run."""
    outer, inner = postmortems_in_a_submodule(tmp_path)
    inner.git("mv", PM, "postmortems/queue.yaml")
    inner.git("rm", "-q", OTHER)
    monkeypatch.chdir(outer.root)
    code, diags = check_json("--repo-wide", "--select", "PM6", "docs/postmortems", capsys=capsys)
    assert code == 1
    assert [(d["code"], d["path"], d["line"], d["col"]) for d in diags] == [
        ("PM605", f"docs/{OTHER}", 1, 1), ("PM606", "docs/postmortems/queue.yaml", 2, 1)]
    deleted, renamed = diags
    assert deleted["message"] == (f"published postmortem docs/{OTHER} (id 2026-03-03-cache) was deleted "
                                  "(published in HEAD); no file carries its id any more")
    sha = inner.git("rev-parse", "HEAD").strip()[:10]
    assert deleted["hint"] == (
        f"Restore it ('git -C docs checkout {sha} -- {OTHER}') and declare changes as corrections; "
        'if it must go, list it in [tool.pmkit.history] retired = { "2026-03-03-cache" = "<why>" }.')
    assert renamed["message"] == (f"published postmortem renamed: docs/{PM} → docs/postmortems/queue.yaml, "
                                  "with no trace")
    assert renamed["hint"] == (f"Append a correction that names the old path (docs/{PM}) so readers of "
                               "old links can follow, or list it in [tool.pmkit.history] retired with the "
                               "reason.")
    # Inside the submodule, its own paths and plain git.
    monkeypatch.chdir(inner.root)
    code, diags = check_json("--repo-wide", "--select", "PM6", "postmortems", capsys=capsys)
    assert [(d["code"], d["path"]) for d in diags] == [("PM605", OTHER), ("PM606", "postmortems/queue.yaml")]
    assert diags[0]["message"].startswith(f"published postmortem {OTHER} (id")
    assert diags[0]["hint"].startswith(f"Restore it ('git checkout {sha} -- {OTHER}')")
    assert diags[1]["message"] == (f"published postmortem renamed: {PM} → postmortems/queue.yaml, "
                                   "with no trace")


def test_retired_names_a_file_of_a_submodule_either_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """The message names the deleted file 'docs/postmortems/x.yaml'; listing that path in
    'retired' (settings of the superproject, given with --config) did not retire it, because
    only the path inside the submodule was compared. Both are the file's path."""
    outer, inner = postmortems_in_a_submodule(tmp_path)
    inner.git("rm", "-q", OTHER)
    inner.git("mv", PM, "postmortems/queue.yaml")
    (outer.root / ".pmkit.toml").write_text(
        f'[history]\nretired = {{ "docs/{OTHER}" = "duplicate (LEGAL-12)", "docs/{PM}" = "moved" }}\n',
        encoding="utf-8")
    monkeypatch.chdir(outer.root)
    code, diags = check_json("--config", ".pmkit.toml", "--repo-wide", "--select", "PM6", "docs/postmortems",
                             capsys=capsys)
    assert (code, diags) == (0, [])
    (outer.root / ".pmkit.toml").write_text(
        f'[history]\nretired = {{ "{OTHER}" = "duplicate (LEGAL-12)", "{PM}" = "moved" }}\n',
        encoding="utf-8")
    code, diags = check_json("--config", ".pmkit.toml", "--repo-wide", "--select", "PM6", "docs/postmortems",
                             capsys=capsys)
    assert (code, diags) == (0, [])


def archived(tmp_path: Path, *, keep_folder: bool) -> GitRepo:
    """A published postmortem moved with 'git mv' from postmortems/ to archive/, a folder the
    repository-wide check does not look in."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    if keep_folder:
        repo.write("postmortems/README.md", "How we write postmortems.\n")
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    (repo.root / "archive").mkdir()
    repo.git("mv", PM, "archive/queue.yaml")
    if not keep_folder and (repo.root / "postmortems").exists():
        (repo.root / "postmortems").rmdir()  # the folder that is left empty is gone
    return repo


@pytest.mark.parametrize("keep_folder", [True, False])
def test_a_published_postmortem_moved_out_of_the_checked_folders_is_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, keep_folder: bool) -> None:
    """'git mv postmortems/x.yaml archive/', then 'pmkit check --repo-wide postmortems' (the
    pmkit-history-repo hook): the file was neither deleted (git sees the rename) nor a checked
    file, so nothing was said and the check passed (exit 0); with no file left in postmortems/,
    the folder was 'no such file or folder, here or in the base tree' (exit 2), which it was.
    The move is now PM606 at the new file's id, as a rename within the folders is."""
    repo = archived(tmp_path, keep_folder=keep_folder)
    assert (repo.root / "postmortems").exists() == keep_folder
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--repo-wide", "--select", "PM6", "postmortems", capsys=capsys)
    assert code == 1
    assert [(d["code"], d["path"], d["line"], d["col"]) for d in diags] == [
        ("PM606", "archive/queue.yaml", 2, 1)]
    assert diags[0]["message"] == (f"published postmortem moved out of the checked folders: {PM} → "
                                   "archive/queue.yaml, with no trace")
    assert diags[0]["hint"] == (f"Move it back, or append a correction to archive/queue.yaml that names the "
                                f"old path ({PM}) so readers of old links can follow, or list it in "
                                "[tool.pmkit.history] retired with the reason.")
    # A correction that names the old path, or an entry in retired, is the trace asked for.
    text = repo.read("archive/queue.yaml").replace(
        "corrections: []\n",
        f'corrections:\n  - {{at: 2026-11-20, description: "Moved from {PM} to the archive."}}\n')
    repo.write("archive/queue.yaml", text)
    code, diags = check_json("--repo-wide", "--select", "PM6", "postmortems", capsys=capsys)
    assert (code, diags) == (0, [])
    repo.write("archive/queue.yaml", PUBLISHED)
    repo.write(".pmkit.toml", '[history]\nretired = { "2026-03-02-queue" = "archived (DOC-7)" }\n')
    code, diags = check_json("--repo-wide", "--select", "PM6", "postmortems", capsys=capsys)
    assert (code, diags) == (0, [])


def test_a_published_postmortem_renamed_to_a_backup_name_is_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Renamed to a name that is no postmortem's ('x.yaml.bak'): it is no longer checked nor
    published under its path, and nothing was said. (Then it was said to be "moved out of the
    checked folders", though it stayed in its folder.)"""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.write("postmortems/2026-04-01-dns.yaml",
               PUBLISHED.replace("id: 2026-03-02-queue", "id: 2026-04-01-dns"))
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.git("mv", PM, PM + ".bak")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--repo-wide", "--select", "PM6", "postmortems", capsys=capsys)
    assert code == 1
    assert [(d["code"], d["path"], d["line"], d["message"]) for d in diags] == [
        ("PM606", PM + ".bak", 2, f"published postmortem renamed to a name that is no postmortem's: {PM} → "
         f"{PM}.bak, with no trace")]


def test_a_date_contradicted_by_a_commit_of_a_submodule_names_where_the_commit_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """PM412 from the superproject on a postmortem of the submodule docs: it named 'commit
    e4b0faa', which 'git show' in the superproject does not know, and its hint ran 'git log'
    and 'git reflog' there. It now says which repository holds the commit, and the commands
    of its hint run in it."""
    inner = GitRepo(tmp_path / "postmortem-repo")
    inner.write(PM, PUBLISHED.replace("status: published", "status: draft")
                .replace("published_at: 2026-03-05T09:00:00Z", "published_at: 2026-03-10T09:00:00Z"))
    inner.commit("Draft", date="2026-03-05T09:00:00Z")
    inner.edit(PM, "status: draft", "status: published")
    publish = inner.commit("Publish", date="2026-03-25T09:00:00Z")
    outer = GitRepo(tmp_path / "super")
    outer.write("README", "The service.\n")
    outer.commit("Start")
    outer.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner.root), "docs")
    outer.commit("Add the postmortems")
    monkeypatch.chdir(outer.root)
    code, diags = check_json("--select", "PM412", "docs/postmortems", capsys=capsys)
    assert code == 1
    assert [(d["code"], d["path"], d["line"], d["col"]) for d in diags] == [
        ("PM412", f"docs/{PM}", 39, 17)]
    assert diags[0]["message"] == (
        f"published_at is 2026-03-10 09:00 UTC, but the file's status first became published in commit "
        f"{publish[:7]} of the submodule docs on 2026-03-25 09:00 UTC, 15 days later")
    assert diags[0]["hint"].endswith(
        "'git -C docs reflog' lists the commits from before the rewrite, and 'git -C docs log -1 "
        "--format=%cI <commit>' shows their dates.")
    # In the submodule itself, its own commits.
    monkeypatch.chdir(outer.root / "docs")
    code, diags = check_json("--select", "PM412", "postmortems", capsys=capsys)
    assert f"first became published in commit {publish[:7]} on 2026-03-25" in diags[0]["message"]
    assert diags[0]["hint"].endswith("'git reflog' lists the commits from before the rewrite, and "
                                     "'git log -1 --format=%cI <commit>' shows their dates.")


def as_markdown(text: str) -> str:
    """A YAML postmortem as Markdown: the same front matter, its summary as a '## Summary'
    section of the body."""
    summary = "summary: |\n  For 47 minutes, about 12,000 users got notifications late.\n"
    assert summary in text
    return ("---\n" + text.replace(summary, "") + "---\n\n## Summary\n\n"
            "For 47 minutes, about 12,000 users got notifications late.\n")


def test_a_published_postmortem_converted_to_markdown_changes_no_fact(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A published YAML postmortem rewritten as Markdown, its summary now the '## Summary'
    section (the form the design accepts next to YAML): PM601 said twice that the published
    facts changed silently, 'summary (numbers) was removed (was 47, 12,000)' and 'body[Summary]
    (numbers) was added: 47, 12,000', and 'pmkit history' marked both SILENT; the same numbers
    moved from the field to the section that fills it. Only the rename is left (PM606)."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    new = "postmortems/2026-03-02-queue.md"
    repo.git("rm", "-q", PM)
    repo.write(new, as_markdown(PUBLISHED))
    repo.git("add", "-A")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM6", new, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM606", 3, 1)]
    # A figure that changed on the way is still one change, of the section that is the summary
    # now, at the new figure; a correction that names either declares it.
    changed = as_markdown(PUBLISHED).replace("about 12,000 users got", "about 15,000 users got")
    repo.write(new, changed)
    code, diags = check_json("--select", "PM601", new, capsys=capsys)
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM601", 44, 23)]
    assert diags[0]["message"].startswith("body[Summary] (numbers) changed from 12,000 to 15,000 since it "
                                          "was published (HEAD), and no new correction declares it")
    repo.write(new, changed.replace("corrections: []", 'corrections:\n  - {at: 2026-11-20, description: '
                                    '"We said 12,000 users; it was 15,000.", fields: [summary]}'))
    code, diags = check_json("--select", "PM601", new, capsys=capsys)
    assert (code, diags) == (0, [])
    # Within a Markdown postmortem, the summary moved from the front matter into the body.
    repo.write(new, "---\n" + PUBLISHED + "---\n\n## Timeline notes\n\nNone.\n")
    repo.commit("As Markdown", date="2026-03-06T09:00:00Z")
    repo.write(new, as_markdown(PUBLISHED))
    code, diags = check_json("--select", "PM601", new, capsys=capsys)
    assert (code, diags) == (0, [])
    repo.commit("Summary in the body", date="2026-03-07T09:00:00Z")
    assert main(["history", "--format", "json", new]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [(e["subject"], e["facts"]) for e in entries][-1] == ("Summary in the body", [])


HOOKS = Path(__file__).resolve().parent.parent / "hooks"


def hooked(tmp_path: Path) -> tuple[GitRepo, dict[str, str]]:
    """A repository with pmkit's plain git hooks installed and a published postmortem pushed
    nowhere yet; the environment the hooks run pmkit with."""
    repo = GitRepo(tmp_path / "repo")
    for hook in ("pre-commit", "pre-push"):
        shutil.copy(HOOKS / hook, repo.root / ".git" / "hooks" / hook)
    repo.write(PM, PUBLISHED)
    repo.write("postmortems/2026-04-01-dns.yaml",
               PUBLISHED.replace("id: 2026-03-02-queue", "id: 2026-04-01-dns"))
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    env = {**repo.env(), "PMKIT": f"{sys.executable} -m pmkit",
           "PYTHONPATH": str(HOOKS.parent / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return repo, env


def test_the_plain_pre_commit_hook_refuses_a_deleted_published_postmortem(tmp_path: Path) -> None:
    """'git rm postmortems/x.yaml; git commit' with pmkit's plain pre-commit hook: no postmortem
    was staged as added or modified, so the hook ended at once and the published postmortem was
    deleted without a word. The hook now compares the folders with the last commit when one is
    deleted (PM605), as the pmkit-history-repo hook of the pre-commit framework does."""
    repo, env = hooked(tmp_path)
    repo.git("rm", "-q", PM)
    done = subprocess.run(["git", "commit", "-qm", "Remove the queue postmortem"], cwd=repo.root, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    # git gives a pre-commit hook's output to stderr.
    assert done.stderr.splitlines()[0] == (
        f"{PM}:1:1: PM605 published postmortem {PM} (id 2026-03-02-queue) was deleted (published in HEAD); "
        "no file carries its id any more (published-deleted)")
    assert "commit with --no-verify" in done.stderr
    # Retired with a reason, the deletion goes through.
    repo.write(".pmkit.toml", '[history]\nretired = { "2026-03-02-queue" = "duplicate of 2026-04-01-dns" }\n')
    repo.git("add", ".pmkit.toml")
    done = subprocess.run(["git", "commit", "-qm", "Remove the queue postmortem"], cwd=repo.root, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_plain_pre_push_hook_refuses_a_deleted_published_postmortem(tmp_path: Path) -> None:
    """A deletion committed with --no-verify and pushed: the pre-push hook looked only at
    files added or modified since the remote's commit, and let it through."""
    repo, env = hooked(tmp_path)
    first = repo.git("rev-parse", "HEAD").strip()
    repo.git("rm", "-q", PM)
    head = repo.commit("Remove the queue postmortem")
    line = f"refs/heads/main {head} refs/heads/main {first}\n"
    done = subprocess.run([str(repo.root / ".git" / "hooks" / "pre-push"), "origin", "https://example.com/r.git"],
                          cwd=repo.root, env=env, input=line, capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == (
        f"{PM}:1:1: PM605 published postmortem {PM} (id 2026-03-02-queue) was deleted (published in "
        f"{first[:10]}); no file carries its id any more (published-deleted)")
    assert "push with --no-verify" in done.stderr


def test_a_shallow_submodule_is_named_and_its_fetch_runs_in_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A CI checkout of a superproject with its submodule fetched to a depth of 1 (the default
    of actions/checkout with submodules): PM413 said 'the repository is a shallow clone' and
    hinted 'git fetch --unshallow', which in the superproject, complete, is an error; 'pmkit
    history' said the same. They now name the submodule and run the command in it."""
    inner = GitRepo(tmp_path / "postmortem-repo")
    inner.write(PM, PUBLISHED.replace("status: published", "status: draft"))
    inner.commit("Draft", date="2026-03-05T09:00:00Z")
    inner.edit(PM, "status: draft", "status: published")
    inner.commit("Publish", date="2026-03-06T09:00:00Z")
    outer = GitRepo(tmp_path / "super")
    outer.write("README", "The service.\n")
    outer.commit("Start")
    outer.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", inner.root.as_uri(), "docs")
    outer.commit("Add the postmortems")
    ci = GitRepo.__new__(GitRepo)
    ci.root, ci.clock = tmp_path / "ci", 0
    outer.git("clone", "-q", outer.root.as_uri(), str(ci.root))
    ci.git("-c", "protocol.file.allow=always", "submodule", "update", "-q", "--init", "--depth", "1")
    assert ci.git("-C", "docs", "rev-parse", "--is-shallow-repository").strip() == "true"
    monkeypatch.chdir(ci.root)
    code, diags = check_json("--select", "PM413", "docs/postmortems", capsys=capsys)
    assert code == 0  # an info
    assert [(d["code"], d["path"], d["line"], d["col"]) for d in diags] == [("PM413", f"docs/{PM}", 1, 1)]
    assert diags[0]["message"] == (
        "no git evidence for disclosure dates: the submodule docs is a shallow clone, so its history is "
        "incomplete; relying on the dates in the documents (said once per run)")
    assert diags[0]["hint"] == ("Fetch the full history (git -C docs fetch --unshallow; actions/checkout "
                                "fetch-depth: 0).")
    assert main(["history", f"docs/{PM}"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        "note: the submodule docs is a shallow clone; the history may be truncated, so the first commit "
        "shown may not be where the file was added (git -C docs fetch --unshallow)")


def published_on(tmp_path: Path, published_at: str, commit_date: str) -> GitRepo:
    """A draft committed on 5 March whose publication was committed at ``commit_date``, with
    ``published_at`` as given."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED.replace("status: published", "status: draft")
               .replace("published_at: 2026-03-05T09:00:00Z", f"published_at: {published_at}"))
    repo.commit("Draft", date="2026-03-05T09:00:00Z")
    repo.edit(PM, "status: draft", "status: published")
    repo.commit("Publish", date=commit_date)
    return repo


def test_a_publication_date_without_a_time_names_the_whole_day(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """'published_at: 2026-03-24', the publication committed at 20:00 on the 25th: PM412 read
    the date as its midnight, said 'published_at is 2026-03-24 00:00 UTC', a time nobody wrote,
    and found it 1 day 20 h before the commit, beyond the 24 h allowed, though a publication
    late on the 24th was 20 h before it. A date names its day: the tolerance counts from its
    end, and the message shows the date as written."""
    repo = published_on(tmp_path, "2026-03-24", "2026-03-25T20:00:00Z")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM412", "postmortems", capsys=capsys)
    assert (code, diags) == (0, [])
    repo.edit(PM, "published_at: 2026-03-24", "published_at: 2026-03-22")
    repo.commit("Earlier", date="2026-03-26T09:00:00Z")
    publish = repo.git("rev-parse", "HEAD~1").strip()
    code, diags = check_json("--select", "PM412", "postmortems", capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM412", 39, 17)]
    assert diags[0]["message"] == (
        f"published_at is 2026-03-22 (date only), but the file's status first became published in commit "
        f"{publish[:7]} on 2026-03-25 20:00 UTC, 3 days later")


def test_the_history_of_a_file_deleted_or_moved_but_not_committed_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """'git rm' or 'git mv' of a published postmortem, then 'pmkit history' of its path: the
    trail ended with the last commit, as if the file were still there, published; a change of
    the working tree is shown for a file that is there only. It now ends with the deletion, or
    with the rename and the new version compared with the committed one."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    other = "postmortems/2026-04-01-dns.yaml"
    repo.write(other, PUBLISHED.replace("id: 2026-03-02-queue", "id: 2026-04-01-dns"))
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.git("rm", "-q", other)
    (repo.root / "archive").mkdir()
    repo.git("mv", PM, "archive/queue.yaml")
    repo.edit("archive/queue.yaml", "users_affected: 12000", "users_affected: 15000")
    monkeypatch.chdir(repo.root)
    assert main(["history", other]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "(uncommitted)      deleted  status: published → ?"
    assert main(["history", PM]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-2:] == [
        "(uncommitted)      renamed to archive/queue.yaml  status: published",
        "    impact.users_affected: 12000 → 15000   [SILENT: no correction declares it]"]
    assert main(["history", "--format", "json", PM]) == 0
    last = json.loads(capsys.readouterr().out)["entries"][-1]
    assert (last["commit"], last["change"], last["path"], last["renamed_from"], last["status"]) == (
        None, "renamed", "archive/queue.yaml", PM, "published")
    assert [(f["field"], f["silent"]) for f in last["facts"]] == [("impact.users_affected", True)]


def test_the_correction_a_hint_offers_is_dated_today_where_the_postmortem_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """At 08:00 in Tokyo (23:00 UTC the day before) the correction PM601's hint offers to paste
    was dated the UTC day, yesterday for its authors; it is now today in the postmortem's
    declared timezone (UTC without one)."""
    text = PUBLISHED.replace("lang: en\n", "lang: en\ntimezone: Asia/Tokyo\n")
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, text)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    monkeypatch.chdir(repo.root)
    assert main(["check", "--format", "json", "--now", "2026-11-25T23:00:00Z", "--select", "PM601", PM]) == 1
    diags = json.loads(capsys.readouterr().out)["diagnostics"]
    assert [(d["code"], d["line"]) for d in diags] == [("PM601", 12)]
    # (the file's 'corrections: []' is a flow list: the entry is offered inside its brackets)
    assert ('{at: 2026-11-26, description: "<what was wrong, what is right, why>", '
            "fields: [impact.users_affected]}") in diags[0]["hint"]
