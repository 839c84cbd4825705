"""A postmortem's life in git as an auditor reads it: ``pmkit history`` and the PM6xx findings
of ``pmkit check`` over drafts, branches, merges, corrections, reverts and restyling.

Every figure in the expected trails is worked out by hand from the commits the test makes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, line_of, pmkit_json, published_repo

from pmkit.cli import main
from pmkit.facts import diff_facts, load_data, numbers_in

DRAFT = PUBLISHED.replace("status: published", "status: draft")
SUMMARY = "  For 47 minutes, about 12,000 users got notifications late.\n"


@pytest.fixture(autouse=True)
def _clean_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


def history(path: str, capsys: Any) -> list[str]:
    """The text trail, each commit's heading without its (random) commit id."""
    assert main(["history", path]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    return [line[:24] + line[36:] if line[:4].isdigit() else line for line in out.out.splitlines()]


def history_json(path: str, capsys: Any) -> list[dict[str, Any]]:
    assert main(["history", "--format", "json", path]) == 0
    entries: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["entries"]
    return entries


def rows(entries: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """(subject, previous status, status, compared with, [(field, old, new, silent)]) per entry."""
    return [(e["subject"], e["previous_status"], e["status"], e["compared_with"],
             [(f["field"], f["old"], f["new"], f["silent"]) for f in e["facts"]]) for e in entries]


# --- a postmortem set back to draft, changed there, and published again --------------------------


@pytest.fixture
def republished(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[GitRepo, str]:
    """Published (12,000 users) → back to draft → 9,000 users → published again. Returns the
    repository and the first publication's commit."""
    repo = published_repo(tmp_path)
    first = repo.git("rev-parse", "HEAD").strip()
    repo.edit(PM, "status: published", "status: draft")
    repo.commit("Back to draft for a rewrite", date="2026-03-06T09:00:00+05:45")
    repo.edit(PM, "users_affected: 12000", "users_affected: 9000")
    repo.commit("Fix the user count", date="2026-03-07T09:00:00-03:30")
    repo.edit(PM, "status: draft", "status: published")
    repo.commit("Publish again", date="2026-03-08T09:00:00+14:00")
    monkeypatch.chdir(repo.root)
    return repo, first


def test_a_fact_changed_while_set_back_to_draft_is_silent_in_the_trail(
        republished: tuple[GitRepo, str], capsys: Any) -> None:
    # The trail said "[before publication]" of a figure changed after the postmortem had been
    # published, where 'pmkit check' across the same commits reports PM601: the trail read
    # "published before" from the version each commit changed only.
    repo, first = republished
    assert history(PM, capsys) == [
        f"History of {PM}: 4 commits",
        "",
        f"2026-03-05 09:00 +0000  added as {PM}  status: published",
        "    Publish the queue postmortem",
        "",
        "2026-03-06 09:00 +0545  modified  status: published → draft",
        "    Back to draft for a rewrite",
        "",
        "2026-03-07 09:00 -0330  modified  status: draft",
        "    Fix the user count",
        "    impact.users_affected: 12000 → 9000   [SILENT: no correction declares it "
        "(published earlier, then set back to draft)]",
        "",
        "2026-03-08 09:00 +1400  modified  status: draft → published",
        "    Publish again",
    ]
    assert rows(history_json(PM, capsys))[2] == (
        "Fix the user count", "draft", "draft", None, [("impact.users_affected", "12000", "9000", True)])
    # 'pmkit check' across the same commits says the same of the same figure.
    code, diags = pmkit_json("--select", "PM6", "--base", first, PM, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"], d["message"]) for d in diags] == [
        ("PM601", 11, 19, f"impact.users_affected changed from 12000 to 9000 since it was published "
                          f"({first[:10]}), and no new correction declares it")]
    # The working tree's version, set back to draft again and changed: silent as well.
    repo.edit(PM, "status: published", "status: draft")
    repo.commit("Back to draft again", date="2026-03-09T09:00:00Z")
    repo.edit(PM, "users_affected: 9000", "users_affected: 8000")
    last = history_json(PM, capsys)[-1]
    assert (last["change"], last["previous_status"], last["facts"]) == ("uncommitted", "draft", [{
        "field": "impact.users_affected", "old": "9000", "new": "8000", "kind": "changed",
        "declared_by": [], "silent": True}])


def test_a_correction_made_while_set_back_to_draft_declares_the_change(
        republished: tuple[GitRepo, str], capsys: Any) -> None:
    """Guard: a correction added in the draft declares its change, as at any other time."""
    repo, _first = republished
    repo.edit(PM, "status: published", "status: draft")
    repo.edit(PM, "customers_affected: 40", "customers_affected: 30")
    repo.edit(PM, "corrections: []\n", "corrections:\n  - at: 2026-03-09\n"
                                       "    description: 30 customers, not 40.\n    fields: [impact]\n")
    repo.commit("Correct the customers", date="2026-03-09T09:00:00Z")
    assert history(PM, capsys)[-3:] == [
        "    Correct the customers",
        "    impact.customers_affected: 40 → 30   [declared by the correction of 2026-03-09]",
        "    + correction 2026-03-09: 30 customers, not 40.",
    ]


# --- branches and merges ---------------------------------------------------------------------------


def draft_branch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, branch_date: str) -> tuple[GitRepo, str]:
    """A draft on main; a branch 'fix' from it that makes 13,000 users of 12,000 (dated
    ``branch_date``); main publishes the draft on 2026-03-05. Returns the repository and the
    publishing commit."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, DRAFT)
    repo.commit("Draft", date="2026-03-03T09:00:00Z")
    repo.git("checkout", "-q", "-b", "fix")
    repo.edit(PM, "users_affected: 12000", "users_affected: 13000")
    repo.commit("Recount the users", date=branch_date)
    repo.git("checkout", "-q", "main")
    repo.edit(PM, "status: draft", "status: published")
    publish = repo.commit("Publish", date="2026-03-05T09:00:00Z")
    monkeypatch.chdir(repo.root)
    return repo, publish


def test_the_published_version_merged_into_a_draft_branch_is_what_the_merge_is_compared_with(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    # main was merged into the branch (whose version was still the draft), and the branch then
    # fast-forwarded main: the published 12,000 became 13,000 with no correction, and the trail
    # showed the merge against its first parent (the draft) with no fact changed at all.
    repo, publish = draft_branch(tmp_path, monkeypatch, "2026-03-04T09:00:00Z")
    repo.git("checkout", "-q", "fix")
    repo.git("merge", "-q", "--no-edit", "main", date="2026-03-07T09:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "fix")
    assert history(PM, capsys)[-4:] == [
        "2026-03-07 09:00 +0000  merge  status: published",
        "    Merge branch 'main' into fix",
        f"    (compared with {publish[:10]}, the published version it merged; its first parent's was draft)",
        "    impact.users_affected: 12000 → 13000   [SILENT: no correction declares it]",
    ]
    assert rows(history_json(PM, capsys)) == [
        ("Draft", None, "draft", None, []),
        ("Recount the users", "draft", "draft", None, [("impact.users_affected", "12000", "13000", False)]),
        ("Publish", "draft", "published", None, []),
        ("Merge branch 'main' into fix", "published", "published", publish,
         [("impact.users_affected", "12000", "13000", True)]),
    ]
    # 'pmkit check' of main against the publication says the same.
    code, diags = pmkit_json("--select", "PM601", "--base", publish, PM, capsys=capsys)
    assert (code, [(d["code"], d["line"], d["col"]) for d in diags]) == (1, [("PM601", 11, 19)])


def test_a_branch_forked_from_the_draft_stays_before_publication_whatever_its_date(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Guard: a branch commit dated after main's publication, on a line where the postmortem
    was a draft, changed no published fact (the trail lists it after the publication); its
    merge into main, compared with main's published version, did."""
    repo, _publish = draft_branch(tmp_path, monkeypatch, "2026-03-06T09:00:00Z")
    repo.git("merge", "-q", "--no-ff", "--no-edit", "fix", date="2026-03-07T09:00:00Z")
    assert rows(history_json(PM, capsys)) == [
        ("Draft", None, "draft", None, []),
        ("Publish", "draft", "published", None, []),
        ("Recount the users", "draft", "draft", None, [("impact.users_affected", "12000", "13000", False)]),
        ("Merge branch 'fix'", "published", "published", None,
         [("impact.users_affected", "12000", "13000", True)]),
    ]


def test_a_squash_merged_review_branch_publishes_in_one_commit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Guard: drafted and reviewed on a branch, squash-merged: main's trail has the one commit,
    which may still change facts (the publishing commit)."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("README.md", "postmortems\n")
    repo.commit("Start", date="2026-03-02T12:00:00Z")
    repo.git("checkout", "-q", "-b", "review")
    repo.write(PM, DRAFT.replace("users_affected: 12000", "users_affected: 11000"))
    repo.commit("Draft", date="2026-03-03T09:00:00Z")
    repo.write(PM, PUBLISHED.replace("status: published", "status: in-review"))
    repo.commit("Review comments", date="2026-03-04T09:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--squash", "review")
    repo.edit(PM, "status: in-review", "status: published")
    repo.commit("Publish the queue postmortem (#12)", date="2026-03-05T09:00:00Z")
    monkeypatch.chdir(repo.root)
    assert rows(history_json(PM, capsys)) == [
        ("Publish the queue postmortem (#12)", None, "published", None, [])]
    code, diags = pmkit_json("--select", "PM6", "--base", "HEAD~1", PM, capsys=capsys)
    assert (code, diags) == (0, [])


def test_a_rebased_correction_shows_when_it_was_committed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: Any) -> None:
    """Guard: a correction written on a branch at -03:30 and rebased onto main four days later
    at +05:45 keeps its author date, says when it was committed, and still declares its change."""
    import subprocess

    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    repo.git("checkout", "-q", "-b", "fix")
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    repo.edit(PM, "corrections: []\n", "corrections:\n  - at: 2026-03-06\n    description: The count is "
                                       "15,000.\n    fields: [impact.users_affected]\n")
    repo.commit("Correct the count", date="2026-03-06T09:00:00-03:30")
    repo.git("checkout", "-q", "main")
    repo.edit(PM, "owner: messaging lead", "owner: messaging team lead")
    repo.commit("Name the owning team", date="2026-03-07T09:00:00Z")
    repo.git("checkout", "-q", "fix")
    env = repo.env("2026-03-10T09:00:00+05:45")
    del env["GIT_AUTHOR_DATE"]  # a rebase keeps the author date and sets the committer date
    subprocess.run(["git", "rebase", "-q", "main"], cwd=repo.root, env=env, check=True, capture_output=True)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "fix")
    assert history(PM, capsys)[-8:] == [
        "2026-03-07 09:00 +0000  modified  status: published",
        "    Name the owning team",
        "",
        "2026-03-06 09:00 -0330  modified  status: published",
        "    Correct the count",
        "    (committed 2026-03-10 09:00 +0545: amended, rebased or cherry-picked after it was first made)",
        "    impact.users_affected: 12000 → 15000   [declared by the correction of 2026-03-06]",
        "    + correction 2026-03-06: The count is 15,000.",
    ]


# --- deleted and added again ------------------------------------------------------------------------


def test_a_published_postmortem_deleted_and_added_again_is_compared_with_its_last_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    # The commit that added the file again was compared with nothing: 12,000 users restored as
    # 15,000 showed no change in the trail, where 'pmkit check' across it reports PM601.
    repo = published_repo(tmp_path)
    first = repo.git("rev-parse", "HEAD").strip()
    monkeypatch.chdir(repo.root)
    repo.git("rm", "-q", PM)
    repo.commit("Remove the queue postmortem", date="2026-03-06T09:00:00Z")
    # In the working tree first, then committed.
    repo.write(PM, PUBLISHED.replace("users_affected: 12000", "users_affected: 15000"))
    assert history(PM, capsys)[-4:] == [
        "",
        "(uncommitted)      uncommitted  status: published",
        f"    (compared with {first[:10]}, the last version before it was deleted)",
        "    impact.users_affected: 12000 → 15000   [SILENT: no correction declares it]",
    ]
    repo.commit("Restore it", date="2026-03-07T09:00:00Z")
    assert rows(history_json(PM, capsys)) == [
        ("Publish the queue postmortem", None, "published", None, []),
        ("Remove the queue postmortem", "published", None, None, []),
        ("Restore it", "published", "published", first, [("impact.users_affected", "12000", "15000", True)]),
    ]
    assert history(PM, capsys)[-4:] == [
        "2026-03-07 09:00 +0000  added as postmortems/2026-03-02-queue.yaml  status: published",
        "    Restore it",
        f"    (compared with {first[:10]}, the last version before it was deleted)",
        "    impact.users_affected: 12000 → 15000   [SILENT: no correction declares it]",
    ]
    code, diags = pmkit_json("--select", "PM601", "--base", first, PM, capsys=capsys)
    assert (code, [(d["code"], d["line"], d["col"]) for d in diags]) == (1, [("PM601", 11, 19)])
    # Restored as it was: compared all the same, and nothing changed.
    repo.git("rm", "-q", PM)
    repo.commit("Remove it again", date="2026-03-08T09:00:00Z")
    repo.write(PM, PUBLISHED.replace("users_affected: 12000", "users_affected: 15000"))
    repo.commit("Restore it again", date="2026-03-09T09:00:00Z")
    assert rows(history_json(PM, capsys))[-1] == (
        "Restore it again", "published", "published", repo.git("rev-parse", "HEAD~2").strip(), [])
    # Another postmortem (another id) at the name is a new file, compared with nothing.
    repo.git("rm", "-q", PM)
    repo.commit("Remove it for good", date="2026-03-10T09:00:00Z")
    repo.write(PM, DRAFT.replace("id: 2026-03-02-queue", "id: 2026-03-02-other"))
    repo.commit("Another draft at the name", date="2026-03-11T09:00:00Z")
    assert rows(history_json(PM, capsys))[-1] == ("Another draft at the name", None, "draft", None, [])


def test_a_new_postmortem_at_the_name_of_one_moved_away_is_not_after_its_publication(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Guard: the published postmortem moved to the archive, a new draft (another id) took its
    name; the draft's changes come before its own publication, though its commits descend
    from the other one's."""
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    (repo.root / "archive").mkdir()
    repo.git("mv", PM, "archive/queue.yaml")
    repo.commit("Archive the queue postmortem", date="2026-03-06T09:00:00Z")
    repo.write(PM, DRAFT.replace("id: 2026-03-02-queue", "id: 2026-03-02-other"))
    repo.commit("A new draft at the old name", date="2026-03-07T09:00:00Z")
    repo.edit(PM, "users_affected: 12000", "users_affected: 9000")
    repo.commit("Edit the new draft", date="2026-03-08T09:00:00Z")
    assert history(PM, capsys)[-3:] == [
        "2026-03-08 09:00 +0000  modified  status: draft",
        "    Edit the new draft",
        "    impact.users_affected: 12000 → 9000   [before publication]",
    ]


# --- reformatting is no change of fact --------------------------------------------------------------


REWRAPPED = """\
  Since 2026-03-02 10:00 UTC, for 47 minutes, about 12 000 users got 3.5
  million notifications late, 98 per cent of the day's notifications.
"""


def test_numbers_re_wrapped_over_two_lines_are_the_same_numbers() -> None:
    # An editor's hard wrap breaks a line at a blank, also the blank inside "12 000", between a
    # date and its time, or in "per cent": the numbers read as "12" and "000", "2026-03-02" and
    # "10:00", and "98", each a change of fact that needed a correction.
    before = PUBLISHED.replace(SUMMARY, REWRAPPED)
    after = PUBLISHED.replace(SUMMARY, """\
  Since 2026-03-02
  10:00 UTC, for 47 minutes, about 12
  000 users got 3.5 million notifications late, 98 per
  cent of the day's notifications.
""")
    assert diff_facts(load_data(before), load_data(after)) == []
    text = "about 12\n000 users at 2026-03-02\n10:00, 98 per\ncent"
    assert [(t.key, t.start, t.end) for t in numbers_in(text)] == [
        ("12000", 6, 12), ("2026-03-02T10:00", 22, 38), ("98%", 40, 51)]
    # A blank line or an indented line still parts two numbers.
    assert [t.key for t in numbers_in("12\n\n000 and 12\n  000")] == ["12", "0", "12", "0"]


def test_a_re_wrapped_published_summary_needs_no_correction_but_a_changed_number_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = published_repo(tmp_path, PUBLISHED.replace(SUMMARY, REWRAPPED))
    monkeypatch.chdir(repo.root)
    wrapped = """\
  Since 2026-03-02
  10:00 UTC, for 47 minutes, about 12
  000 users got 3.5 million notifications late, 98 per
  cent of the day's notifications.
"""
    repo.write(PM, PUBLISHED.replace(SUMMARY, wrapped))
    assert pmkit_json("--select", "PM6", PM, capsys=capsys) == (0, [])
    repo.commit("Re-wrap the summary", date="2026-03-06T09:00:00Z")
    assert rows(history_json(PM, capsys))[-1] == ("Re-wrap the summary", "published", "published", None, [])
    # Re-wrapped once more, with the count changed: one finding, at the new number.
    text = repo.write(PM, PUBLISHED.replace(SUMMARY, wrapped.replace("12\n  000", "12\n  500"))).read_text()
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"], d["message"]) for d in diags] == [
        ("PM601", line_of(text, "10:00 UTC"), 36,
         "summary (numbers) changed from 12 000 to 12 500 since it was published (HEAD), and no new "
         "correction declares it")]


def test_yaml_restyling_changes_no_fact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: Any) -> None:
    """Guard: keys reordered, flow and block style swapped, strings quoted, a folded block,
    timestamps in other offsets (+05:45, -03:30, +14:00) for the same instants."""
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    restyled = (PUBLISHED
                .replace("summary: |\n" + SUMMARY, "summary: >\n  For 47 minutes, about 12,000 users\n"
                         "  got notifications late.\n")
                .replace("    - {name: notifications delayed, value: 80000, unit: messages}",
                         "    - unit: 'messages'\n      value: 80000\n      name: \"notifications delayed\"")
                .replace("  - at: 2026-03-02T10:00:00Z", "  - at: 2026-03-02T15:45:00+05:45")
                .replace("  - at: 2026-03-02T10:05:00Z", "  - at: '2026-03-02T06:35:00-03:30'")
                .replace("    at: 2026-03-02T10:12:00Z", "    at: 2026-03-03T00:12:00+14:00")
                .replace("severity: SEV2", "severity: \"SEV2\"")
                .replace("    decided_by: incident commander", "    decided_by: Incident  Commander")
                .replace("  aware_at: 2026-03-02T10:05:00Z\n  published_at: 2026-03-05T09:00:00Z",
                         "  published_at: 2026-03-05 09:00:00+00:00\n  aware_at: 2026-03-02T10:05:00.000Z"))
    assert restyled.count("\n") > PUBLISHED.count("\n")
    repo.write(PM, restyled)
    assert pmkit_json("--select", "PM6", PM, capsys=capsys) == (0, [])
    repo.commit("Restyle", date="2026-03-06T09:00:00+14:00")
    assert rows(history_json(PM, capsys))[-1] == ("Restyle", "published", "published", None, [])


EXAMPLE_MD = (Path(__file__).resolve().parent.parent / "examples" / "postmortems"
              / "2023-06-05-cache-stampede.md")
IMPACT_LINE = "About 41,000 shoppers saw at least one failed or very slow product page. Checkout itself"


def test_numbers_in_an_html_comment_of_a_markdown_section_are_no_facts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    # A note to the authors in a published Markdown postmortem ("<!-- TODO: confirm ... -->")
    # is not on the page readers read, as a comment in YAML is not, yet editing its numbers was
    # a PM601 change of fact that needed a correction, and a figure changed with the old one
    # kept in a comment was reported as a number added, not as the change it is.
    name = "postmortems/2023-06-05-cache-stampede.md"
    repo = GitRepo(tmp_path / "repo")
    published = EXAMPLE_MD.read_text(encoding="utf-8").replace(
        IMPACT_LINE, "<!-- TODO: confirm 41,000 with analytics (ticket 4711) -->\n" + IMPACT_LINE)
    repo.write(name, published)
    repo.commit("Publish the cache stampede postmortem", date="2023-06-09T11:00:00+02:00")
    monkeypatch.chdir(repo.root)
    repo.write(name, published.replace("41,000 with analytics (ticket 4711)",
                                       "41,500 with analytics (ticket 4712)"))
    assert pmkit_json("--select", "PM6", name, capsys=capsys) == (0, [])
    repo.commit("Update the note", date="2023-06-10T11:00:00+02:00")
    assert rows(history_json(name, capsys))[-1] == ("Update the note", "published", "published", None, [])
    text = repo.edit(name, IMPACT_LINE, IMPACT_LINE.replace("41,000", "<!-- was 41,000 --> 41,500"))
    code, diags = pmkit_json("--select", "PM601", name, capsys=capsys)
    at = line_of(text, "<!-- was 41,000 -->")
    assert (code, [(d["code"], d["line"], d["col"], d["message"]) for d in diags]) == (1, [
        ("PM601", at, 27, "body[Impact] (numbers) changed from 41,000 to 41,500 since it was published "
                          "(HEAD), and no new correction declares it")])
    # A number in a code block is on the page: still a fact.
    repo.write(name, published.replace(IMPACT_LINE,
                                       "```\n$ curl -I shop/p/1  # 503 after 30 s\n```\n" + IMPACT_LINE))
    code, diags = pmkit_json("--select", "PM601", name, capsys=capsys)
    assert [d["message"] for d in diags] == [
        "body[Impact] (numbers) was added: 503, 30 since it was published (HEAD), and no new correction "
        "declares it"]


# --- corrections: at the publication's second, in another zone, reverted ----------------------------


def test_a_correction_at_the_publications_second_in_another_zone_and_its_revert(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Guard: a correction dated to the very second of the publication, written at -03:30
    (12:30 UTC the same day), passes PM608 and declares the change (PM602 still warns); the
    revert of that commit is a silent change back (PM601) and a removed correction (PM603)."""
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    text = repo.edit(PM, "corrections: []\n", "corrections:\n  - at: 2026-03-05T09:00:00-03:30\n"
                     "    description: The count is 15,000.\n    fields: [impact.users_affected]\n")
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert (code, [(d["code"], d["line"], d["col"], d["message"]) for d in diags]) == (0, [
        ("PM602", 11, 19, "impact.users_affected revised upward after publication: 12,000 → 15,000 "
                          "(+3,000, +25%); declared by the correction of 2026-03-05T09:00:00-03:30")])
    repo.commit("Correct the count", date="2026-03-05T09:00:00-03:30")
    repo.git("revert", "--no-edit", "HEAD", date="2026-03-06T09:00:00+05:45")
    code, diags = pmkit_json("--select", "PM601,PM603", "--base", "HEAD~1", PM, capsys=capsys)
    assert (code, [(d["code"], d["line"], d["col"]) for d in diags]) == (1, [
        ("PM601", 11, 19), ("PM603", line_of(text, "corrections:"), 1)])
    assert history(PM, capsys)[-9:] == [
        "2026-03-05 09:00 -0330  modified  status: published",
        "    Correct the count",
        "    impact.users_affected: 12000 → 15000   "
        "[declared by the correction of 2026-03-05T09:00:00-03:30]",
        "    + correction 2026-03-05T09:00:00-03:30: The count is 15,000.",
        "",
        "2026-03-06 09:00 +0545  modified  status: published",
        "    Revert \"Correct the count\"",
        "    impact.users_affected: 15000 → 12000   [SILENT: no correction declares it]",
        "    ! 1 earlier correction edited or removed",
    ]
