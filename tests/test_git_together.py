"""The base version's diff and listing run at once (pmkit.history._together): the same answers
as one after the other, each failure said with its own git's words."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from pmkit import history
from pmkit.history import GitError, _together


def test_both_run_at_once_and_both_answers_come_back() -> None:
    first_started, second_started = threading.Event(), threading.Event()

    def first() -> str:
        first_started.set()
        assert second_started.wait(10), "the second did not run while the first did"
        return "first"

    def second() -> list[str]:
        second_started.set()
        assert first_started.wait(10), "the first did not run while the second did"
        return ["second"]

    assert _together(first, second) == ("first", ["second"])
    assert [t for t in threading.enumerate() if t.name == "pmkit-git"] == []  # (waited for)


def test_what_either_raises_is_raised_here_after_both_ended() -> None:
    ended: list[str] = []

    def fails() -> str:
        raise GitError("the second failed")

    def slow() -> str:
        threading.Event().wait(0.05)
        ended.append("slow")
        return "slow"

    with pytest.raises(GitError, match="the second failed"):
        _together(slow, fails)
    with pytest.raises(GitError, match="the second failed"):
        _together(fails, slow)
    assert ended == ["slow", "slow"]  # (the other one was waited for, not left running)


def test_a_failed_listing_and_diff_at_once_each_say_their_own_error(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Both commands fail at once: the listing's error names its own git's words and the diff's
    failure is kept for the note on renames (each from its own command's answer, not from the
    ``last_error`` both set)."""
    import git

    repo = git.Repo.init(tmp_path)
    evidence = history.GitEvidence(root=tmp_path, _repo=repo)
    barrier = threading.Barrier(2)

    def failing(_repo: object, command: list[str], **_kwargs: object) -> str:
        verb = next(word for word in command if word in ("ls-tree", "diff-index"))
        barrier.wait(10)  # both failed before either says why
        raise git.GitCommandError(command, 128, f"fatal: {verb} went wrong".encode())

    monkeypatch.setattr(history, "_execute", failing)
    with pytest.raises(GitError) as raised:
        _together(lambda: evidence.renames("HEAD", []), lambda: evidence.tree_files("HEAD", ["x"]))
    assert "ls-tree went wrong" in str(raised.value) and "diff-index" not in str(raised.value)
    assert evidence.renames_failed is not None and "diff-index went wrong" in evidence.renames_failed


def test_one_after_the_other_when_the_limit_of_open_files_leaves_no_room(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Under 'ulimit -n 16' a second git's pipes do not fit beside the run's own: the two run
    one after the other, in this thread (the whole check: test_environment_held_out_seventeenth)."""
    from pmkit import workers

    monkeypatch.setattr(workers, "_room_for_workers", lambda: 0)
    order: list[str] = []
    threads: set[str] = set()

    def step(name: str) -> str:
        order.append(name)
        threads.add(threading.current_thread().name)
        return name

    assert _together(lambda: step("first"), lambda: step("second")) == ("first", "second")
    assert order == ["first", "second"] and threads == {threading.main_thread().name}


def test_one_after_the_other_when_no_thread_can_be_started(monkeypatch: pytest.MonkeyPatch) -> None:
    """A limit of processes (ulimit -u) or of memory leaves no thread: the two run here."""
    def refused(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refused)
    assert _together(lambda: "first", lambda: ["second"]) == ("first", ["second"])


def test_a_log_in_slices_runs_them_at_once_where_the_limit_leaves_room_for_all(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The log's slices (one git per core) run through the same calls: at once with room for
    every other git's pipes, one after the other with room for fewer."""
    from pmkit import workers
    from pmkit.history import _concurrently

    def calls(barrier: threading.Barrier | None, threads: set[int]) -> list[Callable[[], int]]:
        def step(number: int) -> int:
            threads.add(threading.get_ident())
            if barrier is not None:
                barrier.wait(10)  # (all three at once, or this times out)
            return number
        return [lambda number=number: step(number) for number in range(3)]  # type: ignore[misc]

    seen: set[int] = set()
    assert _concurrently(calls(threading.Barrier(3), seen)) == [0, 1, 2]
    assert len(seen) == 3
    monkeypatch.setattr(workers, "_room_for_workers", lambda: 1)  # (room for one more git, not two)
    seen.clear()
    assert _concurrently(calls(None, seen)) == [0, 1, 2]
    assert seen == {threading.main_thread().ident}
