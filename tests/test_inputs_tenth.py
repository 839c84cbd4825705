"""Inputs of the tenth round: findings said twice, and reports that must line up. Each test
ends in what a user relies on: a finding's code and place, a report's text or an exit code."""

from __future__ import annotations

from helpers import GOOD_EXAMPLE, run, where

_YAML = GOOD_EXAMPLE.read_text(encoding="utf-8")
_AI4_END = "tracker: https://github.com/github/infra/issues/4, status: done, addresses: [CF1]}"


def _line(text: str, part: str) -> int:
    return text[:text.index(part)].count("\n") + 1


def _col(text: str, part: str) -> int:
    start = text.index(part)
    return start - text.rfind("\n", 0, start)


def _wont_do(reason: str) -> str:
    assert _AI4_END in _YAML
    return _YAML.replace(_AI4_END, _AI4_END.replace("status: done", f"status: wont-do, reason: {reason}"))


def test_a_wont_do_reason_left_as_tbd_is_one_finding_at_the_placeholder() -> None:
    # `reason: TBD` got two findings: PM019 (placeholder, an error once published) at the value
    # and PM715 (wont-do without a reason) at the status. The placeholder is PM019's to say,
    # as an owner's is PM704's.
    text = _wont_do("TBD")
    line = _line(text, "reason: TBD")
    assert where(run(text, select=["PM019", "PM715"])) == [("PM019", line, _col(text, "TBD"))]
    # A non-answer that is no template placeholder is still PM715's.
    text = _wont_do("n/a")
    assert where(run(text, select=["PM019", "PM715"])) == [("PM715", line, _col(text, "wont-do"))]
