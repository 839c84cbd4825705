"""PM6xx in throwaway git repositories: a published postmortem edited in each way, checked with --base."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, found, line_of, pmkit_json, published_repo


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    made = published_repo(tmp_path)
    monkeypatch.chdir(made.root)
    return made


def check(*args: str, capsys: Any, base: str | None = "HEAD") -> tuple[int, list[dict[str, Any]]]:
    extra = ["--base", base] if base else []
    return pmkit_json("--select", "PM6", *extra, *args, capsys=capsys)


def only(diags: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    return [d for d in diags if d["code"] == code]


CORRECTION = """corrections:
  - at: 2026-11-20
    description: The first version said 12,000 users; the final count is 15,000.
    fields: [impact.users_affected]
"""


# --- a clean state ---------------------------------------------------------------------


def test_unchanged_published_file_is_clean(repo: GitRepo, capsys: Any) -> None:
    code, diags = check(PM, capsys=capsys)
    assert (code, diags) == (0, [])


def test_reworded_prose_is_not_a_fact_change(repo: GitRepo, capsys: Any) -> None:
    repo.edit(PM, "event: Consumers stalled after a config push.",
              "event: The consumers stopped after a configuration push.")
    repo.edit(PM, "For 47 minutes, about 12,000 users got notifications late.",
              "About 12,000 users received their notifications late, for 47 minutes.")
    code, diags = check(PM, capsys=capsys)
    assert (code, diags) == (0, [])


def test_draft_in_base_may_change_freely(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: Any) -> None:
    repo = published_repo(tmp_path, PUBLISHED.replace("status: published", "status: draft"))
    monkeypatch.chdir(repo.root)
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    repo.edit(PM, "status: draft", "status: published")
    code, diags = check(PM, capsys=capsys)
    assert (code, diags) == (0, [])


# --- PM601 silent fact changes, each with old and new value ------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field", "old_value", "new_value", "needle", "col"),
    [
        ("users_affected: 12000", "users_affected: 15000", "impact.users_affected", "12000", "15000",
         "users_affected:", 19),
        ("customers_affected: 40", "customers_affected: 35", "impact.customers_affected", "40", "35",
         "customers_affected:", 23),
        ("data_loss: false", "data_loss: true", "impact.data_loss", "false", "true", "data_loss:", 14),
        ("value: 80000", "value: 60000", "impact.metrics[notifications delayed].value",
         "80000 messages", "60000 messages", "notifications delayed", 44),
        ("- at: 2026-03-02T10:05:00Z", "- at: 2026-03-02T10:09:00Z", "timeline[1].at",
         "2026-03-02T10:05:00Z", "2026-03-02T10:09:00Z", "T10:09", 9),
        ("milestone: resolved", "milestone: mitigated", "timeline[2].milestone", '"resolved"',
         '"mitigated"', "milestone: mitigated", 16),
        # Numbers in prose: at the new number itself, on its line inside a "|" block.
        ("For 47 minutes", "For 52 minutes", "summary (numbers)", "47", "52", "For 52 minutes", 7),
        ("fired at 5,000 messages", "fired at 50,000 messages", "timeline[1].event (numbers)",
         "5,000", "50,000", "50,000 messages", 35),
        ("    at: 2026-03-02T10:12:00Z", "    at: 2026-03-02T10:22:00Z", "decisions[D1].at",
         "2026-03-02T10:12:00Z", "2026-03-02T10:22:00Z", "T10:22", 9),
        ("decided_by: incident commander", "decided_by: messaging lead", "decisions[D1].decided_by",
         '"incident commander"', '"messaging lead"', "decided_by:", 17),
        # The same person in another case: no fact changed.
        ("decided_by: incident commander", "decided_by: Incident Commander", None, None, None,
         "decided_by:", 17),
        ("published_at: 2026-03-05T09:00:00Z", "published_at: 2026-03-04T09:00:00Z",
         "disclosure.published_at", "2026-03-05T09:00:00Z", "2026-03-04T09:00:00Z", "published_at:", 17),
        ("aware_at: 2026-03-02T10:05:00Z", "aware_at: 2026-03-02T11:05:00+01:00",
         None, None, None, "aware_at:", 13),  # the same instant, written in another zone
        ("severity: SEV2", "severity: SEV1", "severity", '"SEV2"', '"SEV1"', "severity:", 11),
    ],
)
def test_silent_change_is_caught_with_old_and_new_value(
    repo: GitRepo, capsys: Any, old: str, new: str, field: str | None, old_value: str | None,
    new_value: str | None, needle: str, col: int,
) -> None:
    text = repo.edit(PM, old, new)
    code, diags = check(PM, capsys=capsys)
    silent = only(diags, "PM601")
    if field is None:
        assert (code, silent) == (0, [])
        return
    assert code == 1
    assert found(silent) == [("PM601", line_of(text, needle), col)]
    assert silent[0]["data"] == {"field": field, "old": old_value, "new": new_value,
                                 "kind": "changed", "base": "HEAD"}
    assert f"from {old_value} to {new_value}" in silent[0]["message"]
    assert "no new correction declares it" in silent[0]["message"]


def test_a_count_after_a_date_in_prose_is_its_own_number(repo: GitRepo, capsys: Any) -> None:
    repo.edit(PM, "For 47 minutes, about 12,000 users", "On March 21 500 users")
    repo.commit("say the date")
    text = repo.edit(PM, "On March 21 500 users", "On March 21 600 users")
    code, diags = check(PM, capsys=capsys)
    silent = only(diags, "PM601")
    assert code == 1
    assert found(silent) == [("PM601", line_of(text, "600 users"), 15)]
    assert silent[0]["data"]["old"] == "500" and silent[0]["data"]["new"] == "600"
    assert silent[0]["message"].startswith("summary (numbers) changed from 500 to 600 since it was published")


def test_timeline_entry_added_and_factor_removed(repo: GitRepo, capsys: Any) -> None:
    repo.edit(PM, "  - at: 2026-03-02T10:47:00Z\n",
              "  - at: 2026-03-02T10:30:00Z\n    actor: messaging on-call engineer\n"
              "    event: Restarted 3 consumers.\n  - at: 2026-03-02T10:47:00Z\n")
    factors = "contributing_factors:\n  - id: CF1\n    description: The config push had no canary.\n"
    text = repo.edit(PM, factors, "contributing_factors: []\n")
    code, diags = check(PM, capsys=capsys)
    assert code == 1
    assert found(only(diags, "PM601")) == [
        ("PM601", line_of(text, "T10:30"), 5),
        ("PM601", line_of(text, "contributing_factors:"), 1),
    ]
    added, removed = only(diags, "PM601")
    assert added["data"]["kind"] == "added" and added["data"]["field"] == "timeline[2]"
    assert added["data"]["new"] == '2026-03-02T10:30:00Z "Restarted 3 consumers."'
    assert removed["data"]["kind"] == "removed"
    assert removed["data"]["field"] == "contributing_factors[CF1]"
    assert removed["data"]["old"] == '"The config push had no canary."'


def test_a_number_in_a_contributing_factor_is_declared_by_the_factors_label(
        repo: GitRepo, capsys: Any) -> None:
    text = repo.edit(PM, "description: The config push had no canary.",
                     "description: The config push had no canary in 3 of 5 regions.")
    code, diags = check(PM, capsys=capsys)
    assert code == 1
    assert found(diags) == [("PM601", line_of(text, "3 of 5 regions"), 51)]
    assert diags[0]["message"].startswith(
        "contributing_factors[CF1].description (numbers) was added: 3, 5 since it was published")
    assert 'fields: ["contributing_factors[CF1].description"]}' in diags[0]["hint"]
    # The label the hint and docs/history.md give declares it.
    repo.edit(PM, "corrections: []", 'corrections:\n  - at: 2026-11-20\n'
              "    description: The canary was missing in 3 of the 5 regions.\n"
              '    fields: ["contributing_factors[CF1].description"]\n')
    assert check(PM, capsys=capsys) == (0, [])


def test_every_changed_fact_is_its_own_finding(repo: GitRepo, capsys: Any) -> None:
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    repo.edit(PM, "about 12,000 users", "about 15,000 users")
    text = repo.edit(PM, "- at: 2026-03-02T10:05:00Z", "- at: 2026-03-02T10:07:00Z")
    _code, diags = check(PM, capsys=capsys)
    assert found(only(diags, "PM601")) == [
        ("PM601", line_of(text, "15,000 users"), 25),
        ("PM601", line_of(text, "users_affected:"), 19),
        ("PM601", line_of(text, "T10:07"), 9),
    ]


# --- declared corrections pass ------------------------------------------------------------


def test_declared_correction_passes_but_upward_revision_still_warns(repo: GitRepo, capsys: Any) -> None:
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    text = repo.edit(PM, "corrections: []\n", CORRECTION)
    code, diags = check(PM, capsys=capsys)
    assert code == 0
    assert found(diags) == [("PM602", line_of(text, "users_affected:"), 19)]
    assert diags[0]["severity"] == "warning"
    assert diags[0]["message"] == (
        "impact.users_affected revised upward after publication: 12,000 → 15,000 (+3,000, +25%); "
        "declared by the correction of 2026-11-20"
    )


def test_correction_without_fields_declares_every_change(repo: GitRepo, capsys: Any) -> None:
    repo.edit(PM, "For 47 minutes", "For 52 minutes")
    repo.edit(PM, "- at: 2026-03-02T10:47:00Z", "- at: 2026-03-02T10:52:00Z")
    repo.edit(PM, "corrections: []\n",
              "corrections:\n  - {at: 2026-11-20, description: The incident lasted 52 minutes, not 47.}\n")
    code, diags = check(PM, capsys=capsys)
    assert (code, diags) == (0, [])


def test_correction_with_an_empty_fields_list_declares_nothing(repo: GitRepo, capsys: Any) -> None:
    text = repo.edit(PM, "For 47 minutes", "For 52 minutes")
    repo.edit(PM, "corrections: []\n",
              "corrections:\n  - {at: 2026-11-20, description: It lasted 52 minutes., fields: []}\n")
    code, diags = check(PM, capsys=capsys)
    assert code == 1
    assert found(only(diags, "PM601")) == [("PM601", line_of(text, "For 52 minutes"), 7)]
    assert only(diags, "PM601")[0]["message"] == (
        "summary (numbers) changed from 47 to 52 since it was published (HEAD), and no new correction "
        "declares it; the new correction's 'fields: []' names no field")


def test_correction_naming_other_fields_does_not_declare(repo: GitRepo, capsys: Any) -> None:
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    text = repo.edit(PM, "data_loss: false", "data_loss: true")
    repo.edit(PM, "corrections: []\n", CORRECTION)
    code, diags = check(PM, capsys=capsys)
    assert code == 1
    assert found(only(diags, "PM601")) == [("PM601", line_of(text, "data_loss:"), 14)]
    assert only(diags, "PM601")[0]["message"].endswith(
        "no new correction declares it; the new correction names only impact.users_affected")
    assert found(only(diags, "PM602")) == [
        ("PM602", line_of(text, "users_affected:"), 19), ("PM602", line_of(text, "data_loss:"), 14)]


@pytest.mark.parametrize("name", ["timeline", "timeline[1]", "timeline[detected]", "timeline[1].at",
                                  "timeline[detected].at"])
def test_correction_fields_name_a_fact_in_several_ways(repo: GitRepo, capsys: Any, name: str) -> None:
    repo.edit(PM, "- at: 2026-03-02T10:05:00Z", "- at: 2026-03-02T10:09:00Z")
    repo.edit(PM, "corrections: []\n",
              f"corrections:\n  - {{at: 2026-11-20, description: Detection was at 10:09.,"
              f" fields: ['{name}']}}\n")
    code, diags = check(PM, capsys=capsys)
    assert (code, diags) == (0, [])


def test_severity_and_data_loss_upward_are_warned(repo: GitRepo, capsys: Any) -> None:
    text = repo.edit(PM, "severity: SEV2", "severity: SEV1")
    repo.edit(PM, "corrections: []\n",
              "corrections:\n  - {at: 2026-11-20, description: Reclassified as SEV1.}\n")
    code, diags = check(PM, capsys=capsys)
    assert code == 0
    assert found(diags) == [("PM602", line_of(text, "severity:"), 11)]
    assert "SEV2 → SEV1" in diags[0]["message"]


def test_impact_revised_downward_is_not_pm602(repo: GitRepo, capsys: Any) -> None:
    repo.edit(PM, "users_affected: 12000", "users_affected: 9000")
    _code, diags = check(PM, capsys=capsys)
    assert [d["code"] for d in diags] == ["PM601"]


# --- PM603 corrections are append-only ------------------------------------------------------


@pytest.fixture
def corrected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    text = PUBLISHED.replace("corrections: []\n", CORRECTION).replace(
        "users_affected: 12000", "users_affected: 15000")
    made = published_repo(tmp_path, text)
    monkeypatch.chdir(made.root)
    return made


def test_edited_correction(corrected: GitRepo, capsys: Any) -> None:
    text = corrected.edit(PM, "the final count is 15,000.", "the final count is 15,000 users.")
    code, diags = check(PM, capsys=capsys)
    assert code == 1
    assert found(diags) == [("PM603", line_of(text, "- at: 2026-11-20"), 5)]
    assert diags[0]["message"] == (
        'corrections[0] (of 2026-11-20) was edited: description "The first version said 12,000 '
        'users; the final count is 15,000." → "The first version said 12,000 users; the final count '
        'is 15,000 users."'
    )


def test_an_edit_near_the_end_of_a_long_correction_is_shown_where_it_is(
        corrected: GitRepo, capsys: Any) -> None:
    # Each side cut at 70 characters showed the same text twice around the arrow.
    corrected.edit(PM, "the final count is 15,000.",
                   "the final count is 15,000 after a recount of sessions in the EU region.")
    corrected.commit("Longer correction (not pushed: no remote, so every commit counts as shared)")
    corrected.edit(PM, "recount of sessions", "recount of accounts")
    code, diags = check(PM, capsys=capsys)
    assert code == 1
    assert diags[0]["message"] == (
        'corrections[0] (of 2026-11-20) was edited: description "…15,000 after a recount of sessions in the '
        'EU region." → "…15,000 after a recount of accounts in the EU region."')

def test_removed_correction(corrected: GitRepo, capsys: Any) -> None:
    text = corrected.edit(PM, CORRECTION, "corrections: []\n")
    code, diags = check(PM, capsys=capsys)
    assert code == 1
    assert found(diags) == [("PM603", line_of(text, "corrections:"), 1)]
    assert "was removed" in diags[0]["message"]


def test_appended_correction_passes(corrected: GitRepo, capsys: Any) -> None:
    corrected.edit(PM, "data_loss: false", "data_loss: false  # confirmed")
    corrected.write(PM, corrected.read(PM) + "  - {at: 2026-11-24, description: Typo fixed.}\n")
    code, diags = check(PM, capsys=capsys)
    assert (code, diags) == (0, [])


# --- PM604 status ----------------------------------------------------------------------------


def test_status_moved_back_from_published(repo: GitRepo, capsys: Any) -> None:
    text = repo.edit(PM, "status: published", "status: draft")
    code, diags = check(PM, capsys=capsys)
    assert code == 1
    assert found(diags) == [("PM604", line_of(text, "status:"), 9)]
    assert diags[0]["message"] == "status moved back from published (HEAD) to draft"


# --- PM605 / PM606 deleted or renamed --------------------------------------------------------


def test_deleted_published_postmortem_repo_wide(repo: GitRepo, capsys: Any) -> None:
    repo.write("postmortems/other.yaml", PUBLISHED.replace("2026-03-02-queue", "2026-04-01-other"))
    repo.commit("another one")
    repo.git("rm", "-q", PM)
    code, diags = pmkit_json("--repo-wide", "--select", "PM600,PM605", capsys=capsys)
    assert code == 1
    assert found(diags) == [("PM605", 1, 1)]
    assert diags[0]["path"] == PM
    assert diags[0]["message"] == (
        f"published postmortem {PM} (id 2026-03-02-queue) was deleted (published in HEAD); "
        "no file carries its id any more"
    )


def test_deleting_the_whole_folder_is_seen(repo: GitRepo, capsys: Any) -> None:
    repo.git("rm", "-q", "-r", "postmortems")
    code, diags = pmkit_json("--repo-wide", "--select", "PM6", capsys=capsys)
    assert (code, found(diags)) == (1, [("PM605", 1, 1)])


def test_retired_postmortem_may_go(repo: GitRepo, capsys: Any) -> None:
    repo.write(".pmkit.toml", '[history]\nretired = { "2026-03-02-queue" = "duplicate of INC-7" }\n')
    repo.git("rm", "-q", PM)
    code, diags = pmkit_json("--repo-wide", "--select", "PM6", capsys=capsys)
    assert (code, diags) == (0, [])


def test_bad_retired_setting_is_a_configuration_error(repo: GitRepo, capsys: Any) -> None:
    repo.write(".pmkit.toml", '[history]\nretired = ["2026-03-02-queue"]\n')
    repo.git("rm", "-q", PM)
    assert pmkit_json_code("--repo-wide", "--select", "PM6", capsys=capsys) == 2
    assert "retired must map a postmortem id" in capsys.readouterr().err


def pmkit_json_code(*args: str, capsys: Any) -> int:
    from pmkit.cli import main

    return main(["check", "--format", "json", *args])


def test_deleted_draft_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = published_repo(tmp_path, PUBLISHED.replace("status: published", "status: draft"))
    monkeypatch.chdir(repo.root)
    repo.git("rm", "-q", PM)
    code, diags = pmkit_json("--repo-wide", "--select", "PM6", capsys=capsys)
    assert (code, diags) == (0, [])


def test_renamed_without_trace(repo: GitRepo, capsys: Any) -> None:
    new = "postmortems/2026/queue.yaml"
    repo.git("mv", PM, "postmortems/queue.yaml")
    (repo.root / "postmortems/2026").mkdir()
    repo.git("mv", "postmortems/queue.yaml", new)
    text = repo.edit(new, "users_affected: 12000", "users_affected: 12500")
    code, diags = check(new, capsys=capsys)
    assert code == 1
    assert found(diags) == [("PM606", 2, 1), ("PM601", line_of(text, "users_affected"), 19),
                            ("PM602", line_of(text, "users_affected"), 19)]
    assert diags[0]["message"] == f"published postmortem renamed: {PM} → {new}, with no trace"
    # the repository-wide hook does not call a rename a deletion
    code, diags = pmkit_json("--repo-wide", "--select", "PM605", capsys=capsys)
    assert (code, diags) == (0, [])


def test_renamed_with_a_correction_naming_the_old_path(repo: GitRepo, capsys: Any) -> None:
    new = "postmortems/queue-backlog.yaml"
    repo.git("mv", PM, new)
    repo.edit(new, "corrections: []\n",
              f"corrections:\n  - {{at: 2026-11-20, description: 'Moved from {PM}.'}}\n")
    code, diags = check(new, capsys=capsys)
    assert (code, diags) == (0, [])


def test_moved_without_git_seeing_a_rename_is_found_by_id(repo: GitRepo, capsys: Any) -> None:
    # rewritten so much that git sees a delete and an add; the id tells pmkit it is the same
    new = "postmortems/queue.md"
    text = "---\n" + PUBLISHED.replace("12,000", "12,000").replace("corrections: []\n", "") + \
        "---\n\n## Summary\n\n" + "Long body text. " * 200 + "\n"
    repo.write(new, text)
    repo.git("rm", "-q", PM)
    repo.git("add", new)
    code, diags = pmkit_json("--repo-wide", "--select", "PM6", "--base", "HEAD", capsys=capsys)
    assert code == 1
    assert [(d["code"], Path(d["path"]).resolve()) for d in diags] == [
        ("PM606", (repo.root / new).resolve())]
    assert "moved (same id, new file)" in diags[0]["message"]


# --- where the base comes from ---------------------------------------------------------------


def test_pre_commit_from_ref_is_the_default_base(repo: GitRepo, capsys: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    first = repo.git("rev-parse", "HEAD").strip()
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    repo.commit("silently bump the count")
    code, diags = check(PM, capsys=capsys, base=None)
    assert (code, diags) == (0, [])  # against HEAD, nothing is new
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", first)
    code, diags = check(PM, capsys=capsys, base=None)
    assert code == 1
    assert [d["code"] for d in diags] == ["PM601", "PM602"]
    assert diags[0]["data"]["base"] == first[:10]


def test_base_is_the_merge_base_of_a_pull_request(repo: GitRepo, capsys: Any) -> None:
    fork = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "-q", "-b", "fix")
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    repo.commit("fix: users")
    repo.git("checkout", "-q", "main")
    repo.write("postmortems/other.yaml", PUBLISHED.replace("2026-03-02-queue", "2026-04-01-other"))
    repo.commit("main moves on")
    repo.git("checkout", "-q", "fix")
    code, diags = check(PM, capsys=capsys, base="main")
    assert code == 1
    assert diags[0]["data"]["base"] == f"main (merge base {fork[:10]})"


def test_unknown_base_is_a_usage_error(repo: GitRepo, capsys: Any) -> None:
    from pmkit.cli import main

    assert main(["check", "--select", "PM6", "--base", "origin/nope", PM]) == 2
    err = capsys.readouterr().err
    assert "--base origin/nope: names no commit in this repository" in err
    for empty in ("", "  "):  # not silently HEAD
        assert main(["check", "--select", "PM6", "--base", empty, PM]) == 2
        assert "--base needs a revision" in capsys.readouterr().err


def test_merge_in_progress_compares_with_head(repo: GitRepo, capsys: Any) -> None:
    repo.git("checkout", "-q", "-b", "side")
    repo.edit(PM, "customers_affected: 40", "customers_affected: 41")
    repo.commit("side: customers")
    repo.git("checkout", "-q", "main")
    repo.write("postmortems/notes.txt", "x\n")
    repo.commit("main: notes")
    repo.git("merge", "--no-commit", "--no-ff", "side", check=False)
    text = repo.read(PM)
    code, diags = check(PM, capsys=capsys, base=None)
    assert code == 1
    assert found(diags) == [("PM601", line_of(text, "customers_affected"), 23),
                            ("PM602", line_of(text, "customers_affected"), 23)]


MD = "postmortems/queue.md"


def _published_markdown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> GitRepo:
    """A repository with the published postmortem as Markdown (its summary moved into ``body``),
    committed, and the current folder."""
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    repo = GitRepo(tmp_path / "repo")
    summary = "summary: |\n  For 47 minutes, about 12,000 users got notifications late.\n"
    repo.write(MD, f"---\n{PUBLISHED.replace(summary, '')}---\n\n{body}")
    repo.commit("Publish")
    monkeypatch.chdir(repo.root)
    return repo


def test_numbers_in_a_markdown_body_are_facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: Any) -> None:
    repo = _published_markdown(tmp_path, monkeypatch, "## Summary\n\nFor 47 minutes, about 12,000 users "
                               "waited.\n\n## Lessons\n\nCanaries help.\n")
    md = MD
    repo.edit(md, "For 47 minutes, about 12,000 users waited.", "About 12,000 users waited 47 minutes.")
    assert check(md, capsys=capsys) == (0, [])
    text = repo.edit(md, "About 12,000 users", "About 14,000 users")
    code, diags = check(md, capsys=capsys)
    assert code == 1
    assert found(diags) == [("PM601", line_of(text, "About 14,000 users"), 7)]
    assert diags[0]["message"].startswith("body[Summary] (numbers) changed from 12,000 to 14,000")


def test_a_renamed_markdown_heading_changes_no_fact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: Any) -> None:
    repo = _published_markdown(tmp_path, monkeypatch, "## Summary\n\nAbout 12,000 users waited.\n\n"
                               "## Impact\n\nFor 47 minutes.\n")
    repo.edit(MD, "## Impact", "## Customer impact")
    assert check(MD, capsys=capsys) == (0, [])
    text = repo.edit(MD, "For 47 minutes.", "For 52 minutes.")
    code, diags = check(MD, capsys=capsys)
    assert code == 1
    # A section gone: at the heading that now stands where it was.
    assert [(d["code"], d["line"], d["col"], d["data"]["field"], d["data"]["kind"]) for d in diags] == [
        ("PM601", line_of(text, "## Customer impact"), 1, "body[Impact] (numbers)", "removed"),
        ("PM601", line_of(text, "52 minutes"), 5, "body[Customer impact] (numbers)", "added"),
    ]


def test_a_removed_markdown_section_is_reported_where_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: Any) -> None:
    repo = _published_markdown(tmp_path, monkeypatch, "## Summary\n\nAbout 12,000 users waited.\n\n"
                               "## Impact\n\nFor 47 minutes.\n\n## Notes\n\nNone.\n")
    text = repo.edit(MD, "## Impact\n\nFor 47 minutes.\n\n", "")
    code, diags = check(MD, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM601", line_of(text, "## Notes"), 1)]
    assert diags[0]["message"].startswith(
        "body[Impact] (numbers) was removed (was 47) since it was published")


def test_a_schema_error_elsewhere_does_not_hide_a_silent_change(repo: GitRepo, capsys: Any) -> None:
    repo.edit(PM, "owner: messaging lead", "owner: messaging lead\nownr: typo")
    text = repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    code, diags = check(PM, capsys=capsys)
    assert code == 1
    assert found(only(diags, "PM601")) == [("PM601", line_of(text, "users_affected"), 19)]


def test_rule_pages() -> None:
    from pmkit.rules import registry

    rules = [r for r in registry() if r.code.startswith("PM6")]
    assert [(r.code, r.name, str(r.severity)) for r in rules] == [
        ("PM600", "history-unavailable", "info"),
        ("PM601", "silent-fact-change", "error"),
        ("PM602", "impact-revised-upward", "warning"),
        ("PM603", "correction-rewritten", "error"),
        ("PM604", "status-regressed", "error"),
        ("PM605", "published-deleted", "error"),
        ("PM606", "published-renamed", "error"),
        ("PM607", "correction-field-unknown", "warning"),
        ("PM608", "correction-date-wrong", "warning"),
    ]
    for rule in rules:
        page = rule.doc()
        for section in ("What it catches:", "Why:", "Example::", "Instead:"):
            assert section in page, (rule.code, section)


def test_bundled_example_is_clean_against_its_own_commit(capsys: Any) -> None:
    from helpers import GOOD_EXAMPLE

    code, diags = pmkit_json("--select", "PM6", str(GOOD_EXAMPLE), capsys=capsys)
    assert code == 0
    assert [d for d in diags if d["severity"] != "info"] == []


# --- numbers in prose: the finding sits on the changed number ------------------------------


def _span(diag: dict[str, Any]) -> tuple[int, int, int, int]:
    return diag["line"], diag["col"], diag["end_line"], diag["end_col"]


@pytest.mark.parametrize(
    ("block", "old", "new", "needle", "col", "width"),
    [
        ("summary: |\n  For 47 minutes, users got\n  notifications late.\n  About 12,000 users.\n",
         "About 12,000", "About 14,000", "About 14,000", 9, 6),
        ("summary: >-\n  For 47 minutes, users got\n  notifications late.\n  About 12,000 users.\n",
         "About 12,000", "About 14,000", "About 14,000", 9, 6),
        ('summary: "For 47 minutes, \\"users\\"\\n  got notifications late\n  for 12,000 users."\n',
         "for 12,000", "for 14,000 (about 98%)", "for 14,000", 7, 6),
    ],
    ids=["literal", "folded", "double-quoted"],
)
def test_a_number_changed_in_a_block_is_reported_on_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, block: str, old: str, new: str,
    needle: str, col: int, width: int,
) -> None:
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    summary = "summary: |\n  For 47 minutes, about 12,000 users got notifications late.\n"
    repo = published_repo(tmp_path, PUBLISHED.replace(summary, block))
    monkeypatch.chdir(repo.root)
    text = repo.edit(PM, old, new)
    _code, diags = check(PM, capsys=capsys)
    [silent] = only(diags, "PM601")
    line = line_of(text, needle)
    assert _span(silent) == (line, col, line, col + width)
    assert silent["data"]["field"] == "summary (numbers)"


def test_a_number_in_a_later_markdown_paragraph_is_reported_on_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any,
) -> None:
    repo = _published_markdown(tmp_path, monkeypatch, "Intro, 3 teams.\n\n## Summary\n\nNotifications were "
                               "late.\n\n<!-- 7 drafts -->\nFor 47 minutes,\nabout 12,000 users waited.\n\n"
                               "## Summary\n\nAgain 5 times.\n")
    md = MD
    text = repo.edit(md, "about 12,000 users", "about 12,500 users")
    text = repo.edit(md, "Again 5 times.", "Again 6 times.")
    text = repo.edit(md, "Intro, 3 teams.", "Intro, 4 teams.")
    _code, diags = check(md, capsys=capsys)
    assert [(d["data"]["field"], _span(d)) for d in only(diags, "PM601")] == [
        ("body (numbers)", (line_of(text, "Intro, 4"), 8, line_of(text, "Intro, 4"), 9)),
        ("body[Summary] (numbers)", (line_of(text, "about 12,500"), 7, line_of(text, "about 12,500"), 13)),
        ("body[Summary (2)] (numbers)", (line_of(text, "Again 6"), 7, line_of(text, "Again 6"), 8)),
    ]
    # A number only removed has no new text to point at: the section's heading.
    repo.edit(md, "Again 6 times.", "Again.")
    _code, diags = check(md, capsys=capsys)
    second = [i for i, line in enumerate(text.splitlines(), 1) if line == "## Summary"][1]
    assert [(d["data"]["field"], d["line"], d["col"]) for d in only(diags, "PM601")][-1] == (
        "body[Summary (2)] (numbers)", second, 1)


def test_a_correction_naming_no_fact_is_reported_with_the_label_meant(repo: GitRepo, capsys: Any) -> None:
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    named = '[impact.user_affected, "timeline[detected]"]'
    text = repo.edit(PM, "corrections: []\n", CORRECTION.replace("[impact.users_affected]", named))
    code, diags = check(PM, capsys=capsys)
    assert code == 1  # the change itself is still undeclared (PM601)
    unknown = only(diags, "PM607")
    assert found(unknown) == [("PM607", line_of(text, "fields:"), 14)]
    assert unknown[0]["severity"] == "warning"
    assert unknown[0]["message"] == ("corrections[0] names 'impact.user_affected', which is no fact of this "
                                     "postmortem (did you mean 'impact.users_affected'?)")
    # "timeline[detected]" names a fact, unchanged: not reported here.
    assert found(only(diags, "PM601")) == [("PM601", line_of(text, "users_affected:"), 19)]
