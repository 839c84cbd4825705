"""PM4xx: disclosure timeliness: the postmortem's own deadlines, regulatory and customer
clocks, sign-off, and git as evidence of when things really happened.

The clocks come from :mod:`pmkit.clocks` (policies in :mod:`pmkit.policies`, calendars in
:mod:`pmkit.calendar`); the reference time is ``ctx.now`` (``--now``/``PMKIT_NOW``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from pmkit.config import HOURS, Config, register_config_validator
from pmkit.diagnostics import Diagnostic, Severity
from pmkit.loader import Document, FieldPath
from pmkit.rules import GIT_LOG, Context, Option, Rule, register
from pmkit.vocabulary import Audience

if TYPE_CHECKING:
    from pmkit.clocks import Clock, Settings
    from pmkit.gitdates import FileDates
    from pmkit.model import Postmortem
    from pmkit.policies import Policy


# The clock machinery (presets, holiday calendars) loads only when a document has clocks:
# every rule module is imported on every run, and most runs never need it.
def evaluate(*args: Any, **kwargs: Any) -> Any:
    from pmkit.clocks import evaluate as run

    return run(*args, **kwargs)


def settings(*args: Any, **kwargs: Any) -> Any:
    from pmkit.clocks import settings as run

    return run(*args, **kwargs)


def anchor_path(*args: Any, **kwargs: Any) -> Any:
    from pmkit.clocks import anchor_path as run

    return run(*args, **kwargs)


def human_duration(*args: Any, **kwargs: Any) -> Any:
    from pmkit.calendar import human_duration as run

    return run(*args, **kwargs)


def render_both(*args: Any, **kwargs: Any) -> Any:
    from pmkit.calendar import render_both as run

    return run(*args, **kwargs)


def _settings(ctx: Context) -> Settings:
    result: Settings = ctx.run.get("disclosure-settings", lambda: settings(ctx.config))
    return result


def clocks(ctx: Context) -> list[Clock]:
    """The clocks of the current document, computed once per document for all PM4xx rules."""
    from pmkit.gitdates import file_dates, incident_began, walks_versions

    pm = ctx.pm
    assert pm is not None
    found: list[Clock] = ctx.run.for_document("disclosure-clocks", lambda: evaluate(
        pm, _settings(ctx), git=file_dates(ctx.run, ctx.doc.path, published=walks_versions(ctx.data),
                                           now=ctx.now, since=incident_began(pm)),
        now=ctx.now))
    return found


def _where(clock: Clock) -> FieldPath:
    if clock.regime_index is not None:
        return ("disclosure", "regimes", clock.regime_index)
    return ("status",)


def _cite(clock: Clock) -> str:
    return clock.stage.citation or clock.policy.citation


def _ago(now: datetime, then: datetime) -> str:
    text: str = human_duration(now - then)
    return text


@register_config_validator
def _check_disclosure_settings(config: Config) -> None:
    """At config load (this module is imported with the rule catalogue; pmkit.clocks is not):
    the disclosure, calendar and policy tables, and PM411's regimes, when any are set (loading
    the presets and holiday calendars costs time that a run without them should not pay)."""
    if any(config.section(name) for name in ("disclosure", "calendar", "policies")):
        settings(config)
    regimes = config.rules.get("PM411", {}).get("regimes")
    if regimes:
        from pmkit.clocks import check_regimes

        check_regimes(config, regimes)


@register
class PostmortemOverdue(Rule):
    """The postmortem is not drafted or not published, and its policy's deadline has passed.

    What it catches: a postmortem whose draft (``disclosure.drafted_at``, or the commit that
    first added the file) or publication (``status: published`` with ``disclosure.published_at``,
    or the commit that first made it published) is still missing after the deadline of its
    policy: a preset in ``disclosure.regimes`` with draft or publication stages (or the one that
    ``[tool.pmkit.disclosure] policy`` applies to every file), usually ``internal``: draft
    within 5 business days of resolution, publish within 14 calendar days (SEV1-SEV2; SEV3: 10
    business days and 30 days; none for SEV4-SEV5). The deadline is computed in the team's
    zone with its public holidays (``[tool.pmkit.calendar]``) and shown in the document's zone
    and in UTC. A draft on the disk that is not committed yet (checked by the pre-commit hook
    before its first commit) is drafted by the time of the check: late, it is PM402's, not
    "not drafted".

    Why: a postmortem loses value every day it waits: memories fade, and people fill the gap
    with speculation. Google's SRE workbook counts a postmortem published four months late as a
    failure mode; PagerDuty books the review within 5 business days (practice.md section 5).

    Example::

        status: draft
        timeline:
          - {at: 2026-03-02T16:00:00Z, milestone: resolved, ...}
        disclosure:
          regimes: [internal]
        # checked on 2026-03-20: the 14-day publication deadline was 2026-03-16 23:59 UTC

    Instead::

        status: published
        disclosure:
          regimes: [internal]
          drafted_at: 2026-03-05T10:00:00Z
          published_at: 2026-03-12T09:00:00Z
    """

    code = "PM401"
    git = frozenset({GIT_LOG})
    name = "postmortem-overdue"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for clock in clocks(ctx):
            if clock.stage.evidence == "notification" or clock.deadline is None:
                continue
            if clock.state(ctx.now) != "overdue":
                continue
            what = "drafted" if clock.stage.evidence == "drafted_at" else "published"
            yield ctx.report(
                ("status",),
                f"postmortem not {what}: the {clock.policy.id} policy's deadline "
                f"({clock.describe_deadline()}) was {clock.when(clock.deadline)}, "
                f"{_ago(ctx.now, clock.deadline)} ago [{_cite(clock)}]",
                hint=(("Commit the draft" if what == "drafted" else "Publish it") + ", and record "
                      f"disclosure.{clock.stage.evidence}; or change the policy in "
                      f"[tool.pmkit.policies.{clock.policy.id}]."),
                data=_data(clock, ctx.now),
            )


@register
class PostmortemLate(Rule):
    """The postmortem was drafted or published after its policy's deadline.

    What it catches: ``disclosure.drafted_at`` or ``disclosure.published_at`` (or, when they
    are not recorded, the git commits that first added the file or first made it published; a
    draft or a publication on the disk, not committed yet, by the time of the check) later than
    the deadline of the postmortem's policy: a regime of ``disclosure.regimes`` with
    postmortem stages (``internal``), or the ``policy`` of ``[tool.pmkit.disclosure]``. A
    ``published_at`` that git contradicts (PM412: the status became published later still)
    decides only when git's date is on the same side of the deadline: both after it, the
    publication is late, counted from ``published_at``, the earlier date, so that the lateness
    is never overstated, and the message says git's date is later; ``published_at`` in time
    and git's date after the deadline, whether it was met cannot be told, and PM412 alone
    reports it.

    Why: the record of how late a postmortem was is what lets a team see whether its own
    policy is realistic (practice.md section 5). It is a warning: the delay is history, but a
    pattern of them is worth a retrospective.

    Example::

        severity: SEV2
        timeline:
          - {at: 2026-03-02T16:00:00Z, milestone: resolved, ...}
        disclosure:
          regimes: [internal]
          published_at: 2026-03-30T09:00:00Z   # deadline 2026-03-16 23:59 UTC

    Instead: publish within the policy's deadline, or agree a longer one for this severity
    in ``[tool.pmkit.policies.internal.stages.publish.by_severity]``.
    """

    code = "PM402"
    git = frozenset({GIT_LOG})
    name = "postmortem-late"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for clock in clocks(ctx):
            if clock.stage.evidence == "notification" or clock.state(ctx.now) != "late":
                continue
            assert clock.done_at is not None and clock.deadline is not None
            what = "drafted" if clock.stage.evidence == "drafted_at" else "published"
            done, due = clock.when_pair(clock.done_at, clock.deadline)
            yield ctx.report(
                clock.done_path or ("status",),
                f"postmortem {what} {clock.lateness()} late: "
                f"{what} {done} ({clock.done_source}{_later_in_git(ctx, clock)}), deadline "
                f"{due} ({clock.describe_deadline()}, {clock.policy.id} "
                f"policy) [{_cite(clock)}]",
                hint="Nothing to fix in the file if the date is right; agree a realistic deadline "
                     f"in [tool.pmkit.policies.{clock.policy.id}] if this keeps happening."
                     + _zone_hint(clock),
                data=_data(clock, ctx.now),
            )


def _later_in_git(ctx: Context, clock: Clock) -> str:
    """For a publication late by ``published_at`` that git contradicts (PM412, an error): that
    git's date is later still, so the lateness counted from ``published_at``, the earlier of
    the two, is the least it can be; else ""."""
    from pmkit.gitdates import file_dates, incident_began, walks_versions

    pm = ctx.pm
    if pm is None or clock.done_path != ("disclosure", "published_at") or clock.done_at is None:
        return ""
    git = file_dates(ctx.run, ctx.doc.path, published=walks_versions(ctx.data), now=ctx.now,
                     since=incident_began(pm))
    later = published_later_in_git(clock.done_at, pm.status.value, git, _team_zone(ctx),
                                   pm412_tolerance(ctx.config), ctx.now)
    if later is None or later.rewritten:
        return ""
    return f", the earlier date: git's is later, {later.where(git, clock.when)}, PM412"


@register
class NotificationMissing(Rule):
    """A regime's notification is due and none is recorded.

    What it catches: a stage of a regime listed in ``disclosure.regimes`` (GDPR Art. 33,
    NIS2 early warning, DORA initial notification, SEC Form 8-K...) whose deadline, computed
    from its anchor, has passed (by ``--now``) with no entry in ``disclosure.notifications``
    for that regime and stage. Chained stages (NIS2 final report, DORA intermediate and final)
    start when the earlier report was submitted. "Without undue delay" clocks use the
    organisation's target and are warnings. A notification of the same regime and audience
    recorded under a stage that does not apply for the number of people affected (HIPAA's
    ``hhs-annual``, for fewer than 500, in a breach of 800) is named as the likely report, and
    so are a notification recorded as the report but sent to another audience (a GDPR Art. 33
    notice to customers), one of another stage of the regime sent between the start of this
    clock and its deadline (an NIS2
    incident notification within the 24 hours of the early warning: a combined report, to be
    recorded for both stages), a dated notification to the same audience that names no
    regime, and one of the regime recorded under a stage it does not have that most likely
    means this one, as PM408 says it (``stage: Early-Warning``; ``stage: 8-k`` for sec-8k's only
    stage, ``form-8k``). A
    clock of hours whose anchor is a date alone (``aware_at: 2025-03-28``) counts from the
    start of that day, and the message says so; one whose anchor is written without an offset
    at a time the document's zone lived through twice (02:30 on the night the clocks went
    back) counts from the first, and the message says where the second would put the
    deadline (PM404 too). A notification whose ``sent_at`` is written in
    a form the schema rejects (no UTC offset in a document without ``timezone``) is left to
    that finding, not called one without ``sent_at``.

    Why: regulators and customers learn of an incident from its notification, within a clock
    set in law (disclosure.md section 1). A missed clock is the costliest disclosure failure,
    and often the one nobody noticed.

    Example::

        disclosure:
          regimes: [gdpr-art33]
          aware_at: 2026-03-27T09:00:00+01:00
          notifications: []

    Instead::

        disclosure:
          regimes: [gdpr-art33]
          aware_at: 2026-03-27T09:00:00+01:00
          notifications:
            - {audience: regulator, regime: gdpr-art33, sent_at: 2026-03-29T15:00:00+02:00}
    """

    code = "PM403"
    git = frozenset({GIT_LOG})
    name = "notification-missing"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for clock in clocks(ctx):
            if clock.stage.evidence != "notification" or clock.stage.optional:
                continue
            if clock.state(ctx.now) != "overdue":
                continue
            assert clock.deadline is not None
            stage = f", stage: {clock.stage_name}" if len(clock.policy.stages) > 1 else ""
            if clock.undated is not None:
                if _sent_at_rejected(ctx, clock.undated):
                    continue  # written, in a form the schema finding explains: not "no sent_at"
                yield ctx.report(
                    ("disclosure", "notifications", clock.undated),
                    f"the {clock.label} in disclosure.notifications[{clock.undated}] has no "
                    "sent_at, and it was due "
                    f"{clock.when(clock.deadline)} ({clock.describe_deadline()}), "
                    f"{_ago(ctx.now, clock.deadline)} ago [{_cite(clock)}]{_untimed(clock)}",
                    hint=_untimed_hint(clock) + "Add sent_at with the time it was sent (and its UTC "
                    "offset), or send it now.",
                    severity=Severity.WARNING if clock.soft else None,
                    data=_data(clock, ctx.now),
                )
                continue
            record = (f"in disclosure.notifications: {{audience: {clock.audience}, "
                      f"regime: {clock.policy.id}{stage}, sent_at: ...}}"
                      + (", with late_reason if it went out late." if clock.policy.late_reason_allowed
                         else "."))
            misfiled = _misfiled(clock, ctx) or _misspelt(clock, ctx)
            looks, hint = "", f"Record it {record}"
            if misfiled is not None:
                index, other, why = misfiled
                looks = (f"; the notification recorded as {clock.policy.id} {other} "
                         f"(disclosure.notifications[{index}]) looks like it: {other} {why}")
                hint = (f"If disclosure.notifications[{index}] is the {clock.stage_name} report, change "
                        f"its stage to {clock.stage_name}; if not, record the report {record}")
            elif (astray := _to_another_audience(clock, ctx)) is not None:
                index, audience = astray
                looks = (f"; disclosure.notifications[{index}] is recorded as this report but went to "
                         f"the {_audience_name(audience)}, not the {_audience_name(clock.audience)}")
                hint = (f"If disclosure.notifications[{index}] went to the {_audience_name(clock.audience)}, "
                        f"set its audience to {clock.audience}; if not, record the report {record}")
            elif (combined := _sent_in_time_as_another_stage(clock, ctx)) is not None:
                index, other = combined
                looks = (f"; disclosure.notifications[{index}], the {clock.policy.id} {other}, was sent "
                         "before this deadline: if it was a combined report that served as the "
                         f"{clock.stage_name} too, record it for both stages")
                hint = (f"If disclosure.notifications[{index}] was also the {clock.stage_name}, add a "
                        f"copy of it with stage: {clock.stage_name}; if not, record the report {record}")
            elif (unnamed := _without_regime(clock, ctx)) is not None:
                looks = (f"; disclosure.notifications[{unnamed}], to the {clock.audience}, names no "
                         "regime, so it answers no clock")
                hint = (f"If disclosure.notifications[{unnamed}] is this report, add regime: "
                        f"{clock.policy.id}{stage} to it; if not, record the report {record}")
            twice, twice_hint = _twice(ctx, clock)
            yield ctx.report(
                _where(clock),
                f"no {clock.label} recorded, and it was due "
                f"{clock.when(clock.deadline)} ({clock.describe_deadline()}), "
                f"{_ago(ctx.now, clock.deadline)} ago [{_cite(clock)}]{looks}{_untimed(clock)}{twice}",
                hint=twice_hint + _untimed_hint(clock) + hint + _holidays_hint(clock),
                severity=Severity.WARNING if clock.soft else None,
                data=_data(clock, ctx.now),
            )


def _sent_at_rejected(ctx: Context, index: int) -> bool:
    """Whether notification ``index`` writes a ``sent_at`` that the schema rejected (no offset
    in a document without a zone, a zone abbreviation...): a PM0xx finding says why, and the
    notice is not one recorded without a date."""
    data = ctx.data
    disclosure = data.get("disclosure")
    notes = disclosure.get("notifications") if isinstance(disclosure, dict) else None
    note = notes[index] if isinstance(notes, list) and 0 <= index < len(notes) else None
    raw = note.get("sent_at") if isinstance(note, dict) else None
    return raw is not None and raw != ""


def _twice(ctx: Context, clock: Clock) -> tuple[str, str]:
    """See :func:`pmkit.clocks.anchor_twice`: the end of the message and the start of the hint
    for a clock counted from an anchor that happened twice, else ("", "")."""
    from pmkit.clocks import anchor_twice

    assert ctx.pm is not None
    return anchor_twice(clock, ctx.pm, ctx.doc.data)


def _untimed(clock: Clock) -> str:
    """``; aware_at gives no time of day: counted from the start of that day, ...`` when the
    clock counts hours from a date alone: the strict reading may call a notice sent in time
    late, and the reader must see which start the deadline assumes."""
    note = clock.anchor_without_time()
    return f"; {note}" if note else ""


def _holidays_hint(clock: Clock) -> str:
    """For a clock that rolls a limit falling on a holiday forward (DORA's noon of the next
    working day, the EU's next working day) when the calendar names no country: pmkit knows
    the weekend only, and a limit on a bank holiday is reported as if there were no relief."""
    if clock.spec.rollover == "none" or clock.calendar.country is not None:
        return ""
    return (" No public holidays are known, as [tool.pmkit.calendar] names no country: a limit on a "
            "bank holiday of your Member State moves to the next working day under "
            f"{clock.policy.id}; set country (and subdivision) there to count them.")


def _zone_hint(clock: Clock) -> str:
    """:meth:`Clock.zone_advice` as the end of a hint."""
    advice = clock.zone_advice()
    return f" {advice}" if advice else ""


def _untimed_hint(clock: Clock) -> str:
    if clock.anchor_without_time() is None:
        return ""
    return f"Write the time of day of {clock.anchor_name} (with its UTC offset) to count from it. "


def _sent_in_time_as_another_stage(clock: Clock, ctx: Context) -> tuple[int, str] | None:
    """A notification recorded as another stage of the clock's regime, to the same audience,
    sent by the clock's deadline (an NIS2 incident notification sent within the 24 hours of
    the early warning): a combined report that may have served as this stage too. Its index
    and stage. Stages that count from this one's submission are left out, and so are reports
    sent before this clock started: an early warning sent before the incident notification
    from which the final report counts is no final report."""
    pm = ctx.pm
    assert pm is not None and pm.disclosure is not None and clock.deadline is not None
    for index, note in enumerate(pm.disclosure.notifications):
        other = clock.policy.stages.get(note.stage or "")
        if (note.regime != clock.policy.id or other is None or note.stage == clock.stage_name
                or other.evidence != "notification" or note.sent_at is None
                or other.anchor.endswith(f"submitted:{clock.stage_name}")
                or clock.policy.stage_audience(note.stage or "") != clock.audience):
            continue
        if clock.anchor_at is not None and _before(note.sent_at, clock.anchor_at, clock.calendar.zone):
            continue
        if not _before(clock.deadline, note.sent_at, clock.calendar.zone):
            return index, note.stage or ""
    return None


def _to_another_audience(clock: Clock, ctx: Context) -> tuple[int, str] | None:
    """The first dated notification recorded as the clock's report (its regime, and its stage
    named or counted) that went to an audience the report does not tell: its index and that
    audience."""
    from pmkit.clocks import unnamed_stage, wrong_audience

    pm = ctx.pm
    assert pm is not None and pm.disclosure is not None
    stages = [n for n, s in clock.policy.stages.items() if s.evidence == "notification"]
    for index, note in enumerate(pm.disclosure.notifications):
        if note.regime != clock.policy.id or note.sent_at is None:
            continue
        stage = note.stage or unnamed_stage(clock.policy, stages, note.audience.value, pm)
        if stage == clock.stage_name and wrong_audience(clock.policy, stage, note.audience.value):
            return index, note.audience.value
    return None


def _without_regime(clock: Clock, ctx: Context) -> int | None:
    """The first dated notification to the clock's audience that names no regime: a notice to
    the regulator recorded without ``regime: gdpr-art33`` answers no clock, and "no gdpr-art33
    notification recorded" alone reads as if the notice had been forgotten."""
    pm = ctx.pm
    assert pm is not None and pm.disclosure is not None
    for index, note in enumerate(pm.disclosure.notifications):
        if note.regime is None and note.sent_at is not None and note.audience.value == clock.audience:
            return index
    return None


def meant_stage(stage: str, stages: list[str]) -> str | None:
    """The notification stage a ``stage`` that is not one of ``stages`` most likely means: the
    closest name (``Early-Warning``, ``final``), or the only stage of a regime that has one
    (``8-k`` for sec-8k's ``form-8k``); None when none is likely. PM408 says it as "did you
    mean", and PM403 names the notice as the report it misses."""
    from pmkit.policies import suggest

    return suggest(stage, stages) or (stages[0] if len(stages) == 1 else None)


def _misspelt(clock: Clock, ctx: Context) -> tuple[int, str, str] | None:
    """A notification of the clock's regime, to its audience, recorded under a stage the regime
    does not have that most likely means the clock's (:func:`meant_stage`, as PM408 says it):
    the missing report, with its stage misspelt. Its index, its stage and why it answers no
    clock."""
    from pmkit.clocks import wrong_audience

    pm = ctx.pm
    assert pm is not None and pm.disclosure is not None
    stages = [n for n, s in clock.policy.stages.items() if s.evidence == "notification"]
    for index, note in enumerate(pm.disclosure.notifications):
        if (note.regime != clock.policy.id or note.stage is None or note.stage in stages
                or wrong_audience(clock.policy, clock.stage_name, note.audience.value)):
            continue
        if meant_stage(note.stage, stages) == clock.stage_name:
            return index, f"'{note.stage}'", f"is not a stage of {clock.policy.id}"
    return None


def _misfiled(clock: Clock, ctx: Context) -> tuple[int, str, str] | None:
    """A notification of the clock's regime and audience recorded under a stage that does not
    apply to this postmortem, by the number of people affected: most likely the missing report
    under the other stage's name (HIPAA's hhs-annual, for small breaches, for one of 800).
    Its index, its stage and why that stage does not apply."""
    from pmkit.clocks import condition_holds

    pm = ctx.pm
    assert pm is not None and pm.disclosure is not None
    for index, note in enumerate(pm.disclosure.notifications):
        other = clock.policy.stages.get(note.stage or "")
        if (note.regime != clock.policy.id or other is None or other.evidence != "notification"
                or other.when is None or condition_holds(other, pm)
                or clock.policy.stage_audience(note.stage or "") != clock.audience):
            continue
        low, high = other.when.users_affected_min, other.when.users_affected_max
        span = (f"{low} to {high}" if low is not None and high is not None
                else f"at least {low}" if low is not None else f"at most {high}")
        users = pm.impact.users_affected if pm.impact else None
        told = "users_affected is not recorded" if users is None else f"users_affected is {users}"
        return index, note.stage or "", f"applies to {span} people affected, and {told}"
    return None


@register
class NotificationLate(Rule):
    """A notification was sent after its regime's deadline.

    What it catches: a notification whose ``sent_at`` is later than the deadline of its
    regime and stage; the message says how late, the deadline (document zone and UTC) and the
    article. A ``sent_at`` written as a date alone is late only when that day comes after the
    deadline's day (in the calendar's zone). A notification that gives ``late_reason`` is a
    warning instead of an error when the regime accepts reasons for a delay (GDPR Art. 33(1):
    "accompanied by reasons for the delay"; the internal policy), and a ``late_reason`` that is
    blank or punctuation alone gives no reason; late "without undue delay" notices are
    warnings. A clock of hours whose anchor is a date alone counts from the start of that day
    (the strict reading), and the message says so: with the time of day written, the notice
    may have been in time. When the regime moves a limit that falls on a bank holiday (DORA's
    noon of the next working day, the EU roll-over of NIS2's final report) and
    ``[tool.pmkit.calendar]`` names no country, only weekends are known, and the hint says so.
    Without a declared zone, days are counted in the UTC offset the anchor is written in (which
    knows no daylight-saving time), and the message says so; a notice written in another offset
    is shown as written, and the hint asks for the zone (``timezone:``).

    Why: a late notice is still a breach of the rule, and the record should say so and why.
    GDPR asks the controller to give the reasons, so a reasoned late notice is a different
    situation from a silent one (disclosure.md section 1).

    Example::

        disclosure:
          regimes: [gdpr-art33]
          aware_at: 2026-03-27T09:00:00+01:00
          notifications:
            - {audience: regulator, regime: gdpr-art33, sent_at: 2026-03-31T10:00:00+02:00}

    Instead: a late notice stays late; give the reasons for the delay, as GDPR asks, and the
    finding is a warning::

            - {audience: regulator, regime: gdpr-art33, sent_at: 2026-03-31T10:00:00+02:00,
               late_reason: "The forensic review needed to confirm the breach took four days."}
    """

    code = "PM404"
    git = frozenset({GIT_LOG})
    name = "notification-late"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for clock in clocks(ctx):
            if clock.stage.evidence != "notification" or clock.state(ctx.now) != "late":
                continue
            assert clock.done_at is not None and clock.deadline is not None
            excused = bool(clock.late_reason) and clock.policy.late_reason_allowed
            level = Severity.WARNING if (excused or clock.soft) else None
            note = ""
            if clock.late_reason and excused:
                note = "; the late_reason is recorded, as the regime allows"
            elif clock.late_reason:
                note = f"; a late_reason does not excuse a late {clock.policy.id} report"
            done, due = clock.when_pair(clock.done_at, clock.deadline)
            twice, twice_hint = _twice(ctx, clock)
            yield ctx.report(
                clock.done_path or _where(clock),
                f"{clock.label} sent {clock.lateness()} "
                f"late: sent {done}, due {due} "
                f"({clock.describe_deadline()}) [{_cite(clock)}]{note}{_untimed(clock)}{twice}",
                hint=twice_hint + _untimed_hint(clock) + (
                    "Check sent_at and the anchor; if both are right, give the reasons for the "
                    "delay in late_reason." if not clock.late_reason else
                    "Nothing to change if the dates are right.") + _holidays_hint(clock) + _zone_hint(clock),
                severity=level,
                data=_data(clock, ctx.now),
            )


@register
class NoticeBeforeItsClock(Rule):
    """A notification dated before the moment its clock starts.

    What it catches: a notification whose ``sent_at`` is earlier than the timestamp its stage
    counts from (``aware_at``, ``classified_major_at``, ``materiality_determined_at``, a
    milestone such as ``detected``): the regulator was told before the organisation knew, or the
    customers before anyone had detected the incident. A date written without a time of day is
    compared by its day. Stages that count from another report's
    submission or from the end of a year are left out (an early report may be allowed there).

    Why: one of the two dates is wrong, and until it is corrected the clock cannot be checked:
    a notice dated before its anchor always looks on time (PM404 never fires), also when a
    later notice to the same audience was late. ``pmkit due`` lists the clock as
    ``contradicted``, not met. Regulators read the record against their own receipt timestamps
    (disclosure.md section 1).

    Example::

        disclosure:
          regimes: [gdpr-art33]
          aware_at: 2026-03-27T09:00:00+01:00
          notifications:
            - {audience: regulator, regime: gdpr-art33, sent_at: 2026-03-26T10:00:00+01:00}

    Instead: the dates as they happened (the notice was sent on 28 March, say)::

            - {audience: regulator, regime: gdpr-art33, sent_at: 2026-03-28T10:00:00+01:00}
    """

    code = "PM414"
    git = frozenset({GIT_LOG})
    name = "notice-before-clock"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for clock in clocks(ctx):
            if not clock.sent_before_anchor():
                continue
            assert clock.done_at is not None and clock.anchor_at is not None
            note, hint = "", ""
            twice = written_twice(ctx.pm, ctx.doc, clock.done_path) if clock.done_path else None
            if twice is not None and not twice.second < clock.anchor_at:
                # The other reading of a time the clocks went back over is after the anchor.
                note = (f", unless sent_at, {twice.wall}, which happened twice in {twice.zone_name} (the "
                        f"clocks went back) and was read as the first, meant the second, "
                        f"{twice.clock(twice.second)}, after {clock.anchor}")
                hint = twice.hint() + " "
            yield ctx.report(
                clock.done_path or _where(clock),
                f"{clock.label} was sent {clock.when(clock.done_at)}, before {clock.anchor}, "
                f"{clock.when(clock.anchor_at)}, which starts its clock: one of the two dates is wrong"
                + note,
                hint=hint + f"Correct sent_at or {clock.anchor}; until then the deadline of this notice "
                     "cannot be checked.",
                data=_data(clock, ctx.now),
            )


@dataclass(frozen=True)
class Twice:
    """A disclosure time or a clock's anchor written without an offset at a wall time the
    document's zone lived through twice (02:30 on the night the clocks went back): its two
    readings."""

    field: str
    wall: str
    zone_name: str
    zone: tzinfo
    first: datetime
    second: datetime
    written: str

    def clock(self, moment: datetime) -> str:
        """``02:30 CET (01:30 UTC)``; ``02:59:59.5 CET (01:59:59.5 UTC)`` for a time written to
        the second or its fraction, as precisely as :attr:`wall` shows it."""
        from pmkit.calendar import _offset_name

        local = moment.astimezone(self.zone)
        precise = bool(self.first.second or self.first.microsecond)
        return (f"{_time_of_day(local, precise)} {_offset_name(local.tzname() or '')} "
                f"({_time_of_day(moment.astimezone(timezone.utc), precise)} UTC)")

    def happened(self) -> str:
        """``aware_at, 2026-10-25 02:30, happened twice in Europe/Berlin (the clocks went back)``:
        how PM420, PM403, PM404 and ``pmkit due`` start to say it."""
        return f"{self.field}, {self.wall}, happened twice in {self.zone_name} (the clocks went back)"

    def readings(self) -> str:
        """Which of the two moments was read and which was not, as PM420 and ``pmkit due`` say it."""
        return (f"{self.happened()}: read as the first, {self.clock(self.first)}, "
                f"not the second, {self.clock(self.second)}")

    def verdict(self, due: datetime) -> str:
        """Whether the time is in time for the deadline ``due`` under each reading: ``in time as
        read, 30 min late as the second``, or ``in time either way``."""
        late_first, late_second = self.first > due, self.second > due
        if late_first == late_second:
            either = f"{human_duration(self.first - due)} late" if late_first else "in time"
            return f"{either} either way"
        first = f"{human_duration(self.first - due)} late" if late_first else "in time"
        second = f"{human_duration(self.second - due)} late" if late_second else "in time"
        return f"{first} as read, {second} as the second"

    def offsets(self) -> str:
        """The time with each offset to write: ``2026-10-25T02:30:00+02:00 for the first, ...``."""
        return (f"{self.written}{_offset(self.first)} for the first, "
                f"{self.written}{_offset(self.second.astimezone(self.zone))} for the second")

    def hint(self) -> str:
        return f"Write {self.field} with its offset: {self.offsets()}."


def _time_of_day(moment: datetime, precise: bool) -> str:
    """``02:30``, or with ``precise`` ``02:30:00`` and ``02:59:59.5``: a fraction of a second as
    written (its trailing zeros dropped), not cut off."""
    if not precise:
        return f"{moment:%H:%M}"
    text = f"{moment:%H:%M:%S}"
    return text + f".{moment.microsecond:06d}".rstrip("0") if moment.microsecond else text


def _offset(moment: datetime) -> str:
    minutes = int((moment.utcoffset() or timedelta(0)).total_seconds()) // 60
    hours, rest = divmod(abs(minutes), 60)
    return f"{'-' if minutes < 0 else '+'}{hours:02d}:{rest:02d}"


def written_twice(pm: Postmortem | None, doc: Document, path: FieldPath) -> Twice | None:
    """The two readings of the disclosure time at ``path`` (``("disclosure", "published_at")``,
    a notification's ``sent_at``, indexed as the model is) when it is written without an offset
    at a wall time the document's zone lived through twice; None otherwise. pmkit reads it as
    the first, as Python does (and as PM115 says of a timeline entry). ``doc``: the document as
    the model sees it (:meth:`pmkit.loader.Document.rule_view`), whose values say whether an
    offset was written, and which names the field by its place in the file: a notification the
    schema left out before it does not shift it. PM420 and ``pmkit due`` find it alike."""
    if pm is None or pm.disclosure is None or not pm.timezone or path[:1] != ("disclosure",):
        return None
    if len(path) == 2:
        value: Any = getattr(pm.disclosure, str(path[1]), None)
        field = str(path[1])
    elif len(path) == 4 and path[1] == "notifications" and isinstance(path[2], int) \
            and path[2] < len(pm.disclosure.notifications):
        value = pm.disclosure.notifications[path[2]].sent_at
        field = f"notifications[{doc.source_path(path)[2]}].sent_at"
    else:
        return None
    raw: Any = doc.data
    for key in path:
        if isinstance(key, int):
            raw = raw[key] if isinstance(raw, list) and key < len(raw) else None
        else:
            raw = raw.get(key) if isinstance(raw, dict) else None
    from pmkit.clocks import written_without_offset

    if not isinstance(value, datetime) or not written_without_offset(raw):
        return None
    from pmkit.model import BareDate

    if isinstance(value, BareDate):
        return None
    return twice_at(field, value, pm)


def twice_at(field: str, value: datetime, pm: Postmortem) -> Twice | None:
    """The two readings of ``value``, the time ``field`` gives read in the document's zone as the
    first of two, when its wall time happened twice there; None when it happened once. Whether
    it was written without an offset is the caller's to know: :func:`written_twice` for a
    disclosure time, :func:`pmkit.clocks.anchor_twice` for a clock's anchor."""
    first = value.astimezone(pm.zone)
    wall = first.replace(tzinfo=None, fold=0)
    later = wall.replace(tzinfo=pm.zone, fold=1)
    if later.utcoffset() == first.utcoffset():
        return None
    # (to the second, and its fraction where one was written: "02:59:59.5" is no "02:59:59")
    shown = _time_of_day(wall, bool(wall.second or wall.microsecond))
    return Twice(field=field, wall=f"{wall:%Y-%m-%d} {shown}", zone_name=str(pm.timezone), zone=pm.zone,
                 first=first, second=later.astimezone(timezone.utc),
                 written=f"{wall:%Y-%m-%d}T{_time_of_day(wall, True)}")


#: The disclosure times, besides the clock anchors, that a reading may move across a deadline.
_TWICE_FIELDS = ("drafted_at", "published_at")


@register
class DisclosureTimeTwice(Rule):
    """A disclosure time without an offset that happened twice: the night the clocks went back.

    What it catches: ``drafted_at``, ``published_at`` or a notification's ``sent_at`` written
    without a UTC offset, in a document that declares its ``timezone``, at a wall-clock time
    the zone lived through twice (02:30 on the last Sunday of October in ``Europe/Berlin``:
    once in summer time, +02:00, and an hour later in winter time, +01:00). pmkit reads it as
    the first, as Python does; the finding says so, and for each clock the time answers, whether
    it was met or late under either reading; ``pmkit due`` notes it beside each such clock, in
    the same words. A clock anchor (``aware_at``...) written so is said by PM403 and PM404, and
    ``pmkit due``, with the deadline the other reading gives; a timeline entry, by PM115.

    Why: an hour decides whether a 72-hour notice was in time, and the record is read by a
    regulator against its own receipt timestamp. Only the offset says which hour was meant
    (disclosure.md section 1).

    Example::

        timezone: Europe/Berlin
        disclosure:
          aware_at: 2026-10-22T01:00:00Z
          notifications:
            - {audience: regulator, regime: gdpr-art33, sent_at: 2026-10-25T02:30:00}

    Instead::

            - {audience: regulator, regime: gdpr-art33, sent_at: 2026-10-25T02:30:00+01:00}
    """

    code = "PM420"
    name = "disclosure-time-twice"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        if pm is None or pm.disclosure is None or not pm.timezone:
            return
        paths: list[FieldPath] = [("disclosure", key) for key in _TWICE_FIELDS]
        paths += [("disclosure", "notifications", index, "sent_at")
                  for index in range(len(pm.disclosure.notifications))]
        found = [(path, twice) for path in paths
                 if (twice := written_twice(ctx.pm, ctx.doc, path)) is not None]
        if not found:
            return
        # The times as written decide here, whatever git says of a publication (PM412): the
        # clocks are counted from the document alone, and the rule reads no git log.
        everyone: list[Clock] = ctx.run.for_document(
            "disclosure-clocks-as-written", lambda: evaluate(pm, _settings(ctx), now=ctx.now))
        for path, twice in found:
            verdicts = []
            for clock in everyone:
                if clock.done_path != path or clock.deadline is None or clock.done_at is None \
                        or clock.uncomputable or clock.sent_before_anchor():
                    continue
                verdicts.append(f"; {clock.label} due {clock.when(clock.deadline)}: "
                                f"{twice.verdict(clock.deadline)}")
            yield ctx.report(path, twice.readings() + "".join(verdicts), hint=twice.hint())


@register
class PostmortemDatesOutOfOrder(Rule):
    """The postmortem's own dates contradict each other or the incident.

    What it catches: ``disclosure.published_at`` earlier than ``disclosure.drafted_at``, and
    either of them, or a notification's ``sent_at`` that names no regime (customers, the
    public: PM414 checks a regime's notices against their clock), earlier than the incident
    began (the ``impact_started`` milestone, else the earliest timeline entry);
    ``classified_major_at`` (DORA) earlier than ``aware_at``: an incident is classified as
    major after the entity becomes aware of it, and the earlier of the two starts the 4-hour
    clock of the initial notification. A bare date is
    compared by its day, so a postmortem drafted ``2026-03-20`` about an incident that began
    that morning is not reported. A clock anchor (``aware_at``, ``classified_major_at``,
    ``materiality_determined_at``, ``discovered_at``, ``determined_at``) is reported only when
    it precedes the first timeline entry by more than the timeline spans and by more than
    half a day: awareness before ``impact_started`` is no contradiction (a vulnerability
    reported before it was exploited, a breach found before anyone was affected), and the
    first alert may precede the first entry by a night.
    Without ``impact_started``, timeline entries whose time pmkit could not read (PM015, or
    no ``at`` at all, PM011) written before the first one it read may hold the start:
    nothing is then compared with the first timeline entry.

    Why: a postmortem is written after the incident and published after it is drafted. A date
    out of that order is a typo (a wrong month, a day and month swapped), and it silently
    passes every deadline: a publication dated before the incident is never late (PM402
    cannot fire) and git's evidence (PM412) only checks dates that are too early by a margin.
    An anchor a month early starts every regulatory clock a month early.

    Example::

        timeline:
          - {at: 2026-03-20T09:00:00Z, milestone: impact_started, ...}
        disclosure:
          drafted_at: 2026-03-24T12:00:00Z
          published_at: 2026-03-19T09:00:00Z   # meant 2026-04-19

    Instead::

        disclosure:
          drafted_at: 2026-03-24T12:00:00Z
          published_at: 2026-04-19T09:00:00Z
    """

    code = "PM415"
    name = "postmortem-dates-out-of-order"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        if pm.disclosure is None:
            return
        zone = pm.zone
        drafted, published = pm.disclosure.drafted_at, pm.disclosure.published_at
        began, began_label = _incident_start(pm, ctx.doc)
        early: set[str] = set()
        for field, value in (("drafted_at", drafted), ("published_at", published)):
            if value is not None and began is not None and _before(value, began, zone):
                early.add(field)
                yield ctx.report(
                    ("disclosure", field),
                    f"{field} is {render_both(value, zone)}, before the incident began "
                    f"({began_label}, {render_both(began, zone)}): a postmortem is written after "
                    "its incident; one of the two dates is wrong",
                    hint=f"Correct disclosure.{field} (a wrong month or year?) or the timeline.",
                )
        # A notice to customers or the public about the incident goes out after it began. Notices
        # of a regime are PM414's: it compares them with the moment their clock starts.
        for index, note in enumerate(pm.disclosure.notifications):
            if note.regime is not None or note.sent_at is None or began is None \
                    or not _before(note.sent_at, began, zone):
                continue
            yield ctx.report(
                ("disclosure", "notifications", index, "sent_at"),
                f"notifications[{index}].sent_at is {_shown(note.sent_at, zone)}, before the incident "
                f"began ({began_label}, {render_both(began, zone)}): a notice about an incident is "
                "sent after it began; one of the two dates is wrong",
                hint="Correct the notice's sent_at (a wrong month or year?) or the timeline.",
            )
        anchors = list(self._anchors_before_timeline(ctx, pm))
        yield from anchors
        classified, aware = pm.disclosure.classified_major_at, pm.disclosure.aware_at
        # A classification already reported as long before the timeline needs no second finding.
        if classified is not None and aware is not None and _before(classified, aware, zone) \
                and not any(d.field == "disclosure.classified_major_at" for d in anchors):
            yield ctx.report(
                ("disclosure", "classified_major_at"),
                f"classified_major_at is {_shown(classified, zone)}, before aware_at, "
                f"{_shown(aware, zone)}: an incident is classified as major after the entity becomes "
                "aware of it, so one of the two dates is wrong (the 4 hours of the DORA initial "
                "notification count from classified_major_at) [RTS 2025/301 Art. 5(1)(a)]",
                hint="Correct disclosure.classified_major_at or aware_at (a wrong day or hour?).",
            )
        # A publication already reported as before the incident needs no second finding there.
        if (drafted is not None and published is not None and "published_at" not in early
                and _before(published, drafted, zone)):
            yield ctx.report(
                ("disclosure", "published_at"),
                f"published_at is {render_both(published, zone)}, before drafted_at, "
                f"{render_both(drafted, zone)}: a postmortem is published after it is drafted; "
                "one of the two dates is wrong",
                hint="Correct disclosure.published_at or drafted_at (a wrong month or year?).",
            )


    @staticmethod
    def _anchors_before_timeline(ctx: Context, pm: Postmortem) -> Iterator[Diagnostic]:
        """A clock anchor (aware_at, classified_major_at, ...) dated before the first timeline
        entry by more than the whole timeline lasts.

        Not before ``impact_started``: an organisation may learn of a vulnerability before it is
        exploited, or of a breach before anyone is affected, and the timeline then starts with
        that report. Nor a little before the first entry (up to half a day, or as long as the
        timeline spans): a timeline may start with the first action rather than the first alert.
        But a moment of awareness that precedes everything the timeline records by more than
        that is a wrong year, month or day far more often than a missing entry, and it moves
        every clock that counts from it."""
        from pmkit.calendar import human_duration
        from pmkit.policies import DISCLOSURE_ANCHORS

        times = [entry.at for entry in pm.timeline or ()]
        if not times or pm.disclosure is None or _unread_before_first(times, ctx.doc):
            return
        zone = pm.zone
        first = min(times)
        span = max(_day_end(at, zone) for at in times) - first
        for name in DISCLOSURE_ANCHORS:
            value: datetime | None = getattr(pm.disclosure, name, None)
            if value is None:
                continue
            # A date alone is its whole day: it is early only by what lies after its end.
            gap = first - _day_end(value, zone)
            if gap <= max(span, _ANCHOR_SLACK):
                continue
            yield ctx.report(
                ("disclosure", name),
                f"{name} is {_shown(value, zone)}, {human_duration(gap)} before the first timeline "
                f"entry ({_shown(first, zone)}), and the timeline spans {human_duration(span)}: the "
                "clocks it starts count from a moment long before anything the postmortem records; "
                "one of the dates is wrong",
                hint=f"Correct disclosure.{name} (a wrong year, month or day?); if it is right (a "
                "vulnerability reported long before it was exploited), add that moment to the timeline.",
            )


#: How long before the first timeline entry a clock anchor may be without a finding, however
#: short the timeline: the first alert may precede the first entry by a night.
_ANCHOR_SLACK = timedelta(hours=12)


def _day_end(moment: datetime, zone: Any) -> datetime:
    """The end of the day a date alone names (the next midnight where the document is);
    otherwise the instant itself."""
    from pmkit.model import BareDate

    if not isinstance(moment, BareDate):
        return moment
    return datetime.combine(moment.date() + timedelta(days=1), time(0), tzinfo=zone)


def _incident_start(pm: Postmortem, doc: Any) -> tuple[datetime | None, str]:
    """When the incident began, and what says so; (None, "") when that is not known: no
    ``impact_started`` and no timeline, or timeline entries whose time could not be read (PM015,
    PM011) written before the earliest one read, which may have been the start."""
    from pmkit.model import Milestone

    started = pm.milestone(Milestone.IMPACT_STARTED)
    if started is not None:
        return started, "impact_started"
    times = [entry.at for entry in pm.timeline or ()]
    if not times or _unread_before_first(times, doc):
        return None, ""
    return min(times), "its first timeline entry"


def _unread_before_first(times: list[datetime], doc: Any) -> bool:
    """Whether a timeline entry the schema dropped is written before the earliest of ``times``,
    the entries read: the incident may have begun then, and "before the incident began" or
    "before the first timeline entry" would be a guess. The schema drops an entry only when it
    has no time it can read: one it cannot parse (PM015), none (PM011), or an entry that is no
    mapping; an entry lacking its ``event`` or ``actor`` is kept, and its time is read."""
    kept: list[int] = getattr(doc, "model_index", {}).get(("timeline",)) or []
    first = times.index(min(times))
    # ``kept`` holds the written positions of the entries read, in order: fewer entries are
    # read before this one than are written before it when one of those was dropped.
    return first < len(kept) and kept[first] != first


def _before(a: datetime, b: datetime, zone: Any) -> bool:
    """Whether ``a`` is earlier than ``b``; by the day when either is a bare date, which names a
    day rather than its first instant."""
    from pmkit.model import BareDate

    if isinstance(a, BareDate) or isinstance(b, BareDate):
        return _day(a, zone) < _day(b, zone)
    return a < b


def _day(moment: datetime, zone: Any) -> date:
    from pmkit.model import BareDate

    return moment.date() if isinstance(moment, BareDate) else moment.astimezone(zone).date()


@register
class CustomerNotificationMissing(Rule):
    """An incident that affected users records no notification to customers or the public.

    What it catches: ``impact.users_affected`` or ``impact.customers_affected`` above zero (or
    ``impact.data_loss: true``) with no entry in ``disclosure.notifications`` whose audience is
    customers, the public or the data subjects.

    Why: customers should hear about an incident from the provider, early, not from a
    postmortem a year later (Atlassian Statuspage guidance; Google Cloud puts speed of
    notification ahead of detail; practice.md section 5).

    Example::

        impact: {users_affected: 12000}
        disclosure:
          notifications: []

    Instead::

        disclosure:
          notifications:
            - {audience: customers, sent_at: 2026-03-02T14:20:00Z, channel: status-page}
    """

    code = "PM405"
    name = "no-customer-notification"
    severity = Severity.WARNING
    options: ClassVar[dict[str, Option]] = {
        "audiences": Option(["customers", "public", "data-subjects"],
                            "notification audiences that count as telling the users", list,
                            choices=tuple(a.value for a in Audience)),
    }

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        impact = pm.impact
        if impact is None:
            return
        affected = (impact.users_affected or 0) > 0 or (impact.customers_affected or 0) > 0
        if not (affected or impact.data_loss):
            return
        wanted = set(self.option("audiences"))
        if not wanted:  # audiences = []: no notification is asked for
            return
        notes = pm.disclosure.notifications if pm.disclosure else []
        if any(n.audience.value in wanted for n in notes):
            return
        # What happened, as the file records it: "users were affected" for customers, or for
        # data lost with no one counted as affected, said of neither.
        if impact.users_affected:
            what = f"users were affected (impact.users_affected is {impact.users_affected:,})"
            path: FieldPath = ("impact", "users_affected")
        elif impact.customers_affected:
            what = f"customers were affected (impact.customers_affected is {impact.customers_affected:,})"
            path = ("impact", "customers_affected")
        else:
            what, path = "data was lost (impact.data_loss is true)", ("impact", "data_loss")
        audiences = sorted(wanted)
        named = ", ".join(audiences[:-1]) + " or " + audiences[-1] if len(audiences) > 1 else audiences[0]
        yield ctx.report(
            path,
            f"{what} but no notification to {named} is recorded in disclosure.notifications",
            hint="Add the status-page post or customer e-mail: {audience: customers, sent_at: ..., "
                 "channel: status-page, link: ...}.",
        )


@register
class RegimeAnchorMissing(Rule):
    """A regime's clock cannot start: the timestamp it counts from is missing.

    What it catches: a regime in ``disclosure.regimes`` whose anchor is not recorded:
    ``aware_at`` for GDPR, NIS2 and the AI Act, ``classified_major_at`` (and ``aware_at``) for
    DORA, ``materiality_determined_at`` for SEC 8-K, ``discovered_at`` for HIPAA, the Swiss ISA
    and CERT-In, ``determined_at`` for NYDFS, or a timeline milestone for a milestone anchor.
    When ``discovered_at`` is missing and ``aware_at`` is recorded, or the other way round, the
    hint offers the recorded moment: the two name the same moment in different regimes' words.

    Why: each regime starts its clock at a different, legally defined moment; pmkit cannot
    tell whether a clock was met without it, and auditors will ask for it (disclosure.md
    section 3, "Clock-start vocabulary"; practice.md: make each anchor an explicit, evidenced
    timestamp).

    Example::

        disclosure:
          regimes: [sec-8k]

    Instead::

        disclosure:
          regimes: [sec-8k]
          materiality_determined_at: 2025-06-18T15:00:00-04:00
    """

    code = "PM406"
    git = frozenset({GIT_LOG})
    name = "regime-anchor-missing"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        reported: set[tuple[str, str]] = set()
        for clock in clocks(ctx):
            if clock.regime_index is None:
                continue
            for anchor in clock.missing:
                if (clock.policy.id, anchor) in reported or _written(ctx, anchor):
                    continue
                reported.add((clock.policy.id, anchor))
                where = anchor_path(anchor)
                field = ".".join(map(str, where)) if where[0] == "disclosure" else \
                    f"a timeline entry with milestone: {anchor}"
                if clock.deadline is not None:
                    # Only the not_later_than limit is missing: the clock runs on its main limit.
                    main, _, limit = clock.describe_rule().partition(", and ")
                    message = (f"the {clock.label} is due {limit}, but {anchor} is not recorded, so "
                               f"only {main} is checked")
                else:
                    message = (f"{clock.policy.id} counts its {clock.stage_name} clock from {anchor}, "
                               f"which is not recorded, so its deadline ({clock.describe_deadline()}) "
                               "cannot be checked")
                yield ctx.report(
                    _where(clock),
                    f"{message} [{_cite(clock)}]",
                    hint=(f"Record {field} with the exact time and its UTC offset."
                          f"{_same_moment(ctx, anchor, clock.policy.id)}"),
                )


#: Anchors that name one moment in the words of different regimes: when the organisation became
#: aware of an incident (GDPR, NIS2, DORA) and when it discovered a breach (HIPAA).
_SAME_MOMENT = {"discovered_at": "aware_at", "aware_at": "discovered_at"}


def _same_moment(ctx: Context, anchor: str, regime: str) -> str:
    """The end of PM406's hint when the anchor's counterpart in another regime's words is
    recorded (``aware_at`` for a missing ``discovered_at``): it may be the very moment, offered
    as written."""
    other = _SAME_MOMENT.get(anchor)
    data = ctx.data
    disclosure = data.get("disclosure")
    raw = disclosure.get(other) if other and isinstance(disclosure, dict) else None
    pm = ctx.pm
    read = getattr(pm.disclosure, other, None) if other and pm is not None and pm.disclosure else None
    if read is None or raw is None or raw == "" or not isinstance(raw, (str, date)):
        return ""  # not recorded, or in a form the schema rejected (its finding says so)
    shown = raw if isinstance(raw, str) else raw.isoformat()
    # HIPAA counts from a breach's discovery; CERT-In and the Swiss ISA from an incident's.
    found = "the breach" if regime == "hipaa" else "the incident"
    what = f"{found} was discovered" if anchor == "discovered_at" else "the organisation became aware"
    return f" {other} is recorded ({shown}): if {what} then, write {anchor}: {shown}."


@register
class DeadlineUncomputable(Rule):
    """A clock whose deadline cannot be computed from its calendar.

    What it catches: a day, business-day or month clock whose count reaches a year for which
    the calendar's public holidays are not known (the ``holidays`` package knows most countries
    from 1901 to 2100): an SEC Form 8-K clock counting from ``materiality_determined_at:
    2101-07-01`` would pass 4 July without knowing it is a federal holiday.

    Why: counted as a working day, an unknown holiday makes the deadline a day early, silently;
    no deadline is better than a wrong one. Such a year is usually a typo (2101 for 2021).

    Example::

        disclosure:
          regimes: [sec-8k]
          materiality_determined_at: 2101-07-01T09:00:00-04:00

    Instead::

        disclosure:
          regimes: [sec-8k]
          materiality_determined_at: 2021-07-01T09:00:00-04:00
    """

    code = "PM416"
    git = frozenset({GIT_LOG})
    name = "deadline-uncomputable"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for clock in clocks(ctx):
            if clock.uncomputable is None:
                continue
            yield ctx.report(
                _where(clock) if clock.chained else anchor_path(clock.anchor),
                f"the {clock.label} deadline ({clock.describe_deadline()}) cannot be computed: "
                f"{clock.uncomputable}, so the clock is not checked [{_cite(clock)}]",
                hint=f"Check the year of {clock.anchor}; a date that far out is usually a typo.",
                data=_data(clock, ctx.now),
            )


@register
class LateReasonOnTime(Rule):
    """A ``late_reason`` on a notification that was sent before its deadline.

    What it catches: ``late_reason`` on the notification that meets a regime's stage when
    its ``sent_at`` is within the deadline (a "without undue delay" clock, which has no fixed
    deadline, is left out, as are notices dated before their clock starts: PM414).

    Why: ``late_reason`` records why a notice went out after its deadline (GDPR Art. 33(1):
    "accompanied by reasons for the delay"). On a notice that was in time, the record
    contradicts itself: the author believed it late, so either the reason is left over from
    an earlier draft, or ``sent_at`` or the anchor (``aware_at``...) is wrong, and a wrong
    anchor makes the clock look met when it was not. It is information: if the reason explains
    a delay within the deadline (GDPR asks for notice without undue delay, even inside the 72
    hours), keep it and suppress this.

    Example::

        disclosure:
          regimes: [gdpr-art33]
          aware_at: 2026-03-27T09:00:00+01:00
          notifications:
            - {audience: regulator, regime: gdpr-art33, sent_at: 2026-03-28T10:00:00+01:00,
               late_reason: "Forensic confirmation took until 31 March."}

    Instead: the dates as they happened (the breach was confirmed on 27 March, so the
    reason was stale), without the reason::

            - {audience: regulator, regime: gdpr-art33, sent_at: 2026-03-28T10:00:00+01:00}
    """

    code = "PM418"
    git = frozenset({GIT_LOG})
    name = "late-reason-on-time"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for clock in clocks(ctx):
            if (clock.stage.evidence != "notification" or clock.soft or not clock.late_reason
                    or clock.done_path is None or clock.state(ctx.now) != "met"
                    or (clock.anchor_at is not None and clock.before_anchor())):
                continue
            assert clock.done_at is not None and clock.deadline is not None
            index = clock.done_path[2]
            done, due = clock.when_pair(clock.done_at, clock.deadline)
            yield ctx.report(
                ("disclosure", "notifications", index, "late_reason"),
                f"notifications[{index}] gives a late_reason, but the {clock.label} was sent in time: "
                f"sent {done}, due {due} ({clock.describe_deadline()}) [{_cite(clock)}]",
                hint=f"If the notice was in time, remove late_reason; if the author was right that it "
                     f"was late, correct sent_at or {clock.anchor_name}, whichever is wrong.",
                data=_data(clock, ctx.now),
            )


@register
class RegimeNotABreach(Rule):
    """A personal-data regime is listed for an incident recorded as no personal data breach.

    What it catches: ``disclosure.personal_data_breach: false`` while ``disclosure.regimes``
    lists a preset whose duty exists only for a breach of personal data (``gdpr-art33``,
    ``gdpr-art34``, ``hipaa``; a team preset with ``personal_data_only = true``). Their clocks
    do not run, and this says so once per regime. ``personal_data_breach`` left empty (null,
    not known yet) keeps the clocks running.

    Why: an incident first handled as a breach is often found not to be one: the GDPR
    notification duty (Art. 33(1)) and HIPAA's (45 CFR 164.404) then never arose, and a
    "notification missing" error would be wrong. But the two fields contradict each other, so
    the record should say which is right: GDPR asks for every breach to be documented (Art.
    33(5)), and the assessment that found none is what an auditor will ask for.

    Example::

        disclosure:
          personal_data_breach: false
          regimes: [gdpr-art33, nis2]

    Instead: the regimes that apply, and the assessment in the narrative; a notice already
    given under the regime as a precaution stays in ``notifications`` as the record of it
    (PM408 does not ask for its regime to be listed)::

        disclosure:
          personal_data_breach: false
          regimes: [nis2]
    """

    code = "PM419"
    name = "regime-not-a-breach"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        from pmkit.clocks import not_a_breach

        pm = ctx.pm
        assert pm is not None
        if pm.disclosure is None:
            return
        st = _settings(ctx)
        seen: set[str] = set()
        for index, name in enumerate(pm.disclosure.regimes):
            preset = st.presets.get(name)
            if preset is None or name in seen or not st.enabled(preset) or not not_a_breach(pm, preset):
                continue
            seen.add(name)
            yield ctx.report(
                ("disclosure", "regimes", index),
                f"{name} applies to a personal data breach only, and disclosure.personal_data_breach "
                f"is false, so its clocks are not checked [{preset.citation}]",
                hint=f"If the incident was found not to be a breach, remove {name} from "
                     "disclosure.regimes (and keep the assessment in the postmortem); if it was one, "
                     "set personal_data_breach: true.",
            )


#: The dates of ``disclosure`` that record something that has happened, in the file's order.
_RECORDED = ("aware_at", "classified_major_at", "materiality_determined_at", "discovered_at",
             "determined_at", "drafted_at", "published_at")


@register
class DisclosureDateInFuture(Rule):
    """A disclosure date later than now.

    What it catches: ``aware_at``, ``classified_major_at``, ``materiality_determined_at``,
    ``discovered_at``, ``determined_at``, ``drafted_at``, ``published_at`` or a notification's
    ``sent_at`` after now (``--now``/``PMKIT_NOW`` for reproducible runs); a date written
    without a time of day only when its day is after today.

    Why: these fields record what has happened. Dated in the future (2062 for 2026), a clock
    counts from a moment that has not come and is never overdue, and a notice or publication
    dated in the future counts as not done yet: the deadline checks go quiet, or report the
    wrong thing, without saying why. A report that is only planned is recorded without
    ``sent_at``.

    Example::

        disclosure:
          regimes: [gdpr-art33]
          aware_at: 2062-03-01T12:00:00Z

    Instead::

        disclosure:
          regimes: [gdpr-art33]
          aware_at: 2026-03-01T12:00:00Z
    """

    code = "PM417"
    name = "disclosure-date-in-future"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        if pm.disclosure is None:
            return
        zone = pm.zone
        found: list[tuple[FieldPath, datetime]] = []
        for key in _RECORDED:
            value = getattr(pm.disclosure, key)
            if value is not None:
                found.append((("disclosure", key), value))
        for index, note in enumerate(pm.disclosure.notifications):
            if note.sent_at is not None:
                found.append((("disclosure", "notifications", index, "sent_at"), note.sent_at))
        for path, value in found:
            if not _before(ctx.now, value, zone):
                continue
            # Without a declared zone, shown in the offset it was written in, as clocks show it.
            here = zone if pm.timezone else (value.tzinfo or zone)
            field = path[-1] if path[1] != "notifications" else f"notifications[{path[2]}].sent_at"
            if path[-1] == "sent_at":
                hint = ("Check the year, month and day: until then the notice counts as not sent. One "
                        "not sent yet is recorded without sent_at.")
            elif path[-1] in ("drafted_at", "published_at"):
                hint = "Check the year, month and day: until then the postmortem counts as not " + (
                    "drafted." if path[-1] == "drafted_at" else "published.")
            else:
                hint = "Check the year, month and day: until then no clock counts from it."
            yield ctx.report(
                path,
                f"{field} is {_shown(value, here)}, in the future (now is {render_both(ctx.now, zone)})",
                hint=hint,
            )


def _shown(moment: datetime, zone: Any) -> str:
    """A date written without a time of day as that date; else the instant, in the document's
    zone and UTC."""
    from pmkit.model import BareDate

    return moment.date().isoformat() if isinstance(moment, BareDate) else render_both(moment, zone)


def _written(ctx: Context, anchor: str) -> bool:
    """Whether the anchor was written but the schema rejected its value (its own finding)."""
    return anchor_written(ctx.data, ctx.doc, anchor)


def anchor_written(data: Any, view: Any, anchor: str) -> bool:
    """Whether a clock's anchor is written but the schema rejected its value, which the schema's
    own finding reports (PM014, PM015): ``data`` is the document as written, ``view`` the rules'
    view of it (``Document.rule_view``), which keeps the timeline entries the schema dropped.
    Such an anchor is not "not recorded": PM406 steps aside for it, and 'pmkit due' says that
    it could not be read."""
    from pmkit.policies import YEAR_END_PREFIX
    from pmkit.rules.timeline import dropped_milestones

    where = anchor_path(anchor)
    if where[0] == "disclosure":
        section = data.get("disclosure") if isinstance(data, dict) else None
        return isinstance(section, dict) and section.get(where[-1]) not in (None, "")
    return anchor.removeprefix(YEAR_END_PREFIX) in dropped_milestones(view)


@register
class UnknownRegime(Rule):
    """``disclosure.regimes`` names a preset that does not exist.

    What it catches: a misspelt or unknown id in ``disclosure.regimes`` (the built-in ids are
    internal, gdpr-art33, gdpr-art34, nis2, dora, sec-8k, hipaa, nydfs, ch-isa, cert-in,
    eu-ai-act; teams add their own in ``[tool.pmkit.policies.<id>]``).

    Why: an unknown regime runs no clock at all, so a typo silently switches off the check
    the author asked for.

    Example::

        disclosure:
          regimes: [gdpr-33]

    Instead::

        disclosure:
          regimes: [gdpr-art33]
    """

    code = "PM407"
    name = "unknown-regime"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        from pmkit.policies import is_preset_id, suggest

        pm = ctx.pm
        assert pm is not None
        if pm.disclosure is None:
            return
        presets = _settings(ctx).presets
        for index, name in enumerate(pm.disclosure.regimes):
            if name in presets:
                continue
            close = suggest(name, sorted(presets))
            # A name that cannot be a preset id ('GDPR-Art33') cannot be defined either: the
            # table the hint named would be a configuration error of its own.
            own = (f"define your own in [tool.pmkit.policies.{name}]" if is_preset_id(name)
                   else "a preset id of your own is written in lower-case letters, digits, '-', '.' "
                        "and '_'")
            yield ctx.report(
                ("disclosure", "regimes", index),
                f"unknown disclosure regime '{name}'" + (f" (did you mean '{close}'?)" if close else ""),
                hint=f"Known presets: {', '.join(sorted(presets))}; {own}.",
            )


@register
class UnknownStage(Rule):
    """A notification names a regime, stage or audience that does not match the postmortem's regimes.

    What it catches: ``notifications[].stage`` that is not a stage of its regime (``nis2``:
    early-warning, notification, final-report; ``dora``: initial, intermediate, final), with
    the stage it most likely means (the closest name, or the only stage of a regime that has
    one: ``form-8k`` for ``8-k``), a notification of a staged regime without a ``stage``, a
    ``regime`` that is unknown or
    not listed in ``disclosure.regimes`` (except a notice given under ``gdpr-art33``,
    ``gdpr-art34`` or ``hipaa`` for an incident then found not to be a personal data breach,
    ``personal_data_breach: false``: the regime did not apply, and the precautionary notice is a
    record of what was done), a notification for a policy whose stages are met
    by the postmortem's own dates (``internal``: ``drafted_at``, ``published_at``), and a
    notification sent to an audience its stage does not tell (a ``gdpr-art33`` notice to
    ``customers``, a ``sec-8k`` Form 8-K as a customer e-mail): it answers no clock. A
    regulator is told only by ``audience: regulator``; the affected people also by
    ``customers``, ``data-subjects`` or ``public``; investors also by ``public`` or
    ``regulator``.

    Why: a notification only stops a clock when pmkit can tell which clock it answers; a
    mismatch leaves a clock reported as missing although the report was sent. And a notice to
    customers does not tell the supervisory authority: counted as the regulator's report, it
    would hide a missed 72-hour clock (GDPR Art. 33(1)).

    Example::

        disclosure:
          regimes: [nis2]
          aware_at: 2026-06-20T09:00:00+02:00
          notifications:
            - {audience: regulator, regime: nis2, stage: early_warning, sent_at: 2026-06-20T16:00:00+02:00}

    Instead::

        disclosure:
          regimes: [nis2]
          aware_at: 2026-06-20T09:00:00+02:00
          notifications:
            - {audience: regulator, regime: nis2, stage: early-warning, sent_at: 2026-06-20T16:00:00+02:00}
    """

    code = "PM408"
    name = "unknown-stage"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        from pmkit.clocks import not_a_breach, unnamed_stage, wrong_audience
        from pmkit.policies import suggest

        pm = ctx.pm
        assert pm is not None
        if pm.disclosure is None:
            return
        presets = _settings(ctx).presets
        listed = set(pm.disclosure.regimes)
        for index, note in enumerate(pm.disclosure.notifications):
            if note.regime is None:
                continue
            preset = presets.get(note.regime)
            if preset is None:
                close = suggest(note.regime, sorted(presets))
                yield ctx.report(
                    ("disclosure", "notifications", index, "regime"),
                    f"notification for unknown regime '{note.regime}'"
                    + (f" (did you mean '{close}'?)" if close else ""),
                    hint="Use a preset id, as in disclosure.regimes.",
                )
                continue
            stages = [n for n, s in preset.stages.items() if s.evidence == "notification"]
            # A notice given as a precaution under a personal-data regime before the incident
            # was found not to be a breach is a record of what was done: the regime rightly
            # stays out of the list (PM419 asks for that), and the notice needs no clock.
            if note.regime not in listed and not not_a_breach(pm, preset):
                yield ctx.report(
                    ("disclosure", "notifications", index, "regime"),
                    f"notification for {note.regime}, which disclosure.regimes does not list, so "
                    "its clocks are not checked",
                    hint=f"Add {note.regime} to disclosure.regimes.",
                )
            if not stages:
                # The internal policy: its stages are met by the postmortem's own dates.
                fields = sorted({f"disclosure.{s.evidence}" for s in preset.stages.values()})
                yield ctx.report(
                    ("disclosure", "notifications", index, "regime"),
                    f"notification for {note.regime}, whose stages ({', '.join(preset.stages)}) are "
                    f"met by {' and '.join(fields)}, not by a notification: it answers no clock",
                    hint=f"Record {' and '.join(fields)} instead, or name the regime this "
                         "notification was sent for.",
                )
                continue
            audience = note.audience.value
            if note.stage is not None and note.stage not in stages:
                close = meant_stage(note.stage, stages)
                yield ctx.report(
                    ("disclosure", "notifications", index, "stage"),
                    f"'{note.stage}' is not a stage of {note.regime}"
                    + (f" (did you mean '{close}'?)" if close else "")
                    + f"; its stages are {', '.join(stages)}",
                    hint="Use one of the regime's stage names.",
                )
                continue
            counted = note.stage or unnamed_stage(preset, stages, audience, pm)
            if wrong_audience(preset, counted, audience):
                yield self._wrong_audience(ctx, index, preset, counted, audience)
            elif note.stage is None and len(stages) > 1:
                yield ctx.report(
                    ("disclosure", "notifications", index),
                    f"notification for {note.regime} does not say which stage it is "
                    f"({', '.join(stages)}); it is counted as {counted}",
                    hint=f"Add stage: one of {', '.join(stages)}.",
                    key=False,
                )

    @staticmethod
    def _wrong_audience(ctx: Context, index: int, preset: Policy, stage: str, audience: str) -> Diagnostic:
        """A notification recorded as a regime's report but sent to someone that report does
        not tell: a GDPR Art. 33 notice e-mailed to customers has not told the supervisory
        authority, so it must not stop the authority's clock."""
        pm = ctx.pm
        assert pm is not None and pm.disclosure is not None
        owed = preset.stage_audience(stage)
        label = f"{preset.id} {stage}"
        other = _regime_reaching(ctx, audience, preset.id)
        meant = (f"; if it is the {other[0]} {other[1]}, which goes to the {_audience_name(audience)}, "
                 f"set regime: {other[0]}" + (f" and stage: {other[1]}" if other[2] else "")) if other else ""
        return ctx.report(
            ("disclosure", "notifications", index, "audience"),
            f"notification to the {_audience_name(audience)} is recorded as the {label}, which goes to "
            f"the {_audience_name(owed)}: a notice to the {_audience_name(audience)} does not tell the "
            f"{_audience_name(owed)}, so it answers no {preset.id} clock "
            f"[{preset.stages[stage].citation or preset.citation}]",
            hint=f"If it was sent to the {_audience_name(owed)}, set audience: {owed}{meant}; if it was "
                 f"a separate notice to the {_audience_name(audience)}, remove regime: {preset.id} from it "
                 f"and record the {label} sent to the {_audience_name(owed)}.",
        )


def _audience_name(audience: str) -> str:
    """An audience as a sentence names it: 'data subjects', 'regulator'."""
    return audience.replace("-", " ")


def _regime_reaching(ctx: Context, audience: str, besides: str) -> tuple[str, str, bool] | None:
    """A regime of the postmortem, other than ``besides``, with a notification stage sent to
    ``audience`` (gdpr-art34 for a GDPR notice to data subjects recorded as gdpr-art33): its
    id, the stage, and whether the regime has several stages (so the stage must be named)."""
    from pmkit.clocks import reaches

    pm = ctx.pm
    assert pm is not None and pm.disclosure is not None
    presets = _settings(ctx).presets
    for name in pm.disclosure.regimes:
        preset = presets.get(name)
        if preset is None or name == besides:
            continue
        stages = [n for n, s in preset.stages.items() if s.evidence == "notification"]
        for stage in stages:
            if preset.stage_audience(stage) == audience or reaches(preset.stage_audience(stage), audience):
                return name, stage, len(stages) > 1
    return None


@register
class RegimeNotInForce(Rule):
    """A regime that is not in force is listed but not enabled, so its clocks do not run.

    What it catches: a preset with ``status: pending`` or ``proposed`` (the EU AI Act Art. 73
    preset, whose application date is moving) in ``disclosure.regimes`` without
    ``[tool.pmkit.disclosure] enable = ["<id>"]`` (or ``policy = "<id>"``, which enables it too).

    Why: pmkit does not enforce rules that are not law yet unless the team opts in; this says
    so, rather than silently ignoring the regime (disclosure.md: "do not enforce by default").

    Example::

        disclosure:
          regimes: [eu-ai-act]

    Instead::

        # pyproject.toml
        [tool.pmkit.disclosure]
        enable = ["eu-ai-act"]
    """

    code = "PM409"
    name = "regime-not-in-force"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        if pm.disclosure is None:
            return
        st = _settings(ctx)
        for index, name in enumerate(pm.disclosure.regimes):
            preset = st.presets.get(name)
            if preset is None or st.enabled(preset):
                continue
            status = preset.status.replace("_", " ")
            yield ctx.report(
                ("disclosure", "regimes", index),
                f"{name} is {status}, not in force, so its clocks are not checked: it is opt-in "
                f"[{preset.citation}]",
                hint=f"Opt in with [tool.pmkit.disclosure] enable = [\"{name}\"], or remove it.",
            )


@register
class SignOffMissing(Rule):
    """A published SEV1 or SEV2 postmortem lacks the sign-off its policy asks for.

    What it catches: ``status: published`` on a postmortem whose policy asks for sign-off (the
    ``internal`` regime listed in ``disclosure.regimes``, or set as the ``policy`` of
    ``[tool.pmkit.disclosure]``) and whose severity needs it (default SEV1 and SEV2) without
    an entry in ``approvals`` whose ``role`` is each of the
    required roles (default: "accountable executive"; configure ``sign_off_roles`` and
    ``sign_off_severities`` in ``[tool.pmkit.disclosure]``, or ``sign_off`` in a policy). Roles
    are compared without regard to case or to blanks, '-' or '_' between their words.

    Why: the accountable executive signs a public postmortem of a major incident: it commits
    the organisation to its action items and to what it tells customers (Atlassian: approval
    by the accountable managers; practice.md section 5).

    Example::

        status: published
        severity: SEV1
        disclosure:
          regimes: [internal]
        approvals:
          - {by: Dana Reyes, role: engineering manager}

    Instead::

        approvals:
          - {by: Dana Reyes, role: engineering manager}
          - {by: VP of Engineering, role: accountable executive, at: 2026-03-10T17:00:00Z}
    """

    code = "PM410"
    name = "sign-off-missing"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        from pmkit.clocks import applicable_policies
        from pmkit.policies import folded_name

        pm = ctx.pm
        assert pm is not None
        if pm.status.value != "published":
            return
        st = _settings(ctx)
        present = {folded_name(a.role) for a in pm.approvals if a.role}
        for policy, _index in applicable_policies(pm, st):
            if policy.sign_off is None:
                continue
            # An empty list in [tool.pmkit.disclosure] is a setting too: no severity, no role.
            severities = st.sign_off_severities if st.sign_off_severities is not None \
                else tuple(policy.sign_off.severities)
            roles = st.sign_off_roles if st.sign_off_roles is not None else tuple(policy.sign_off.roles)
            if pm.severity.value not in severities:
                continue
            missing = [r for r in roles if folded_name(r) not in present]
            if not missing:
                continue
            yield ctx.report(
                ("approvals",) if pm.approvals else ("status",),
                f"published {pm.severity.value} postmortem without sign-off by the "
                f"{' and '.join(missing)} ({policy.id} policy)",
                key=bool(pm.approvals),
                hint=f"Add approvals: [{{by: ..., role: {missing[0]}, at: ...}}], or change "
                     "sign_off_roles in [tool.pmkit.disclosure].",
            )


@register
class PersonalDataBreachWithoutGdpr(Rule):
    """A personal data breach without the GDPR Art. 33 clock considered.

    What it catches: ``disclosure.personal_data_breach: true`` while ``disclosure.regimes``
    does not list ``gdpr-art33``.

    Why: a personal data breach starts a 72-hour clock to the supervisory authority (GDPR
    Art. 33(1)) unless it is unlikely to result in a risk, and every breach must be documented
    (Art. 33(5)). If GDPR does not apply (no EU data subjects, no EU establishment), say so
    with a suppression and its reason; an organisation GDPR never applies to names the regimes
    its breaches are handled under (``hipaa``, a state-law preset) in the ``regimes`` option,
    as the hint says when the postmortem lists one.

    Example::

        disclosure:
          personal_data_breach: true
          regimes: [internal]

    Instead::

        disclosure:
          personal_data_breach: true
          regimes: [internal, gdpr-art33]
          aware_at: 2026-03-27T09:00:00+01:00
    """

    code = "PM411"
    name = "breach-without-gdpr"
    severity = Severity.WARNING
    options: ClassVar[dict[str, Option]] = {
        "regimes": Option(["gdpr-art33"], "regimes of which one must be listed", list),
    }

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        if pm.disclosure is None or not pm.disclosure.personal_data_breach:
            return
        wanted = list(self.option("regimes"))
        if any(r in pm.disclosure.regimes for r in wanted):
            return
        # A breach handled under another personal-data regime (HIPAA, a state law): an
        # organisation GDPR never applies to names it in the option once, not in every file.
        presets = _settings(ctx).presets
        others = [r for r in dict.fromkeys(pm.disclosure.regimes)
                  if r in presets and presets[r].personal_data_only and not r.startswith("gdpr-")]
        option = ""
        if others:
            listed = ", ".join(f'"{r}"' for r in [*wanted, *others])
            option = (f" If your breaches are handled under {' and '.join(others)} and GDPR never applies "
                      f"to your organisation, list {'it' if len(others) == 1 else 'them'} in "
                      f"[tool.pmkit.rules.PM411] regimes = [{listed}] instead of suppressing this in "
                      "every file.")
        yield ctx.report(
            ("disclosure", "personal_data_breach"),
            f"personal data breach, but disclosure.regimes does not list {' or '.join(wanted)}: "
            "the supervisory authority must be told within 72 h of becoming aware unless the "
            "breach is unlikely to result in a risk [GDPR Art. 33(1)]",
            hint="Add gdpr-art33 (and gdpr-art34 for high risk) with aware_at; if GDPR does not "
                 "apply, suppress this with '# pmkit: ignore[PM411] <why>'." + option,
        )


def _team_zone(ctx: Context) -> tzinfo:
    """The zone PM412 reads a date alone in and shows commits in: the document's ``timezone``,
    else the team's by the settings (:func:`pmkit.config.team_zone`), else UTC.
    'published_at: 2026-03-22' of a team in New York ends at midnight there, not at 20:00 EDT."""
    from pmkit.config import team_zone

    return team_zone(ctx.config, ctx.pm)


#: The commit's date is git's (the committer date for a publication, the author date for a
#: draft), which a rewrite after the fact moves: the finding may then be the rewrite's.
def _latest(moment: datetime, zone: tzinfo) -> datetime:
    """The latest instant a recorded date may mean: a date written without a time of day
    (``published_at: 2026-03-24``) names its whole day, which ends at midnight in the
    document's zone; a time is itself."""
    from pmkit.clocks import _bare

    if _bare(moment):
        return datetime.combine(moment.date(), time.max, tzinfo=zone)
    return moment


def published_contradicted(published: datetime, git: FileDates, zone: tzinfo, tolerance: timedelta, *,
                           authored: bool = False) -> bool:
    """Whether ``published`` (``disclosure.published_at``) is earlier, by more than ``tolerance``,
    than the commit in which the file's status first became published, as PM412 judges it (a
    date alone names its whole day in ``zone``): by that commit's committer date, or with
    ``authored`` by its author date (where only the committer date contradicts the record, the
    commit was rewritten: PM412 then warns). False where git has no such commit, or the file
    entered the repository already published."""
    commit = git.first_published
    if authored and commit is not None and git.first_published_authored is not None:
        commit = min(commit, git.first_published_authored)  # (a later author date is not taken)
    return commit is not None and not git.added_published and _latest(published, zone) < commit - tolerance


@dataclass(frozen=True)
class LaterInGit:
    """Git's evidence that the postmortem went out later than its ``published_at`` says, as
    PM412 reports it and as ``pmkit due`` and PM402 take it."""

    #: When git says the status became published: the committer date of the commit that first
    #: made it published, or, for a publication on the disk not committed yet, the time of the check.
    at: datetime
    #: The status becomes published only in the change not committed yet.
    uncommitted: bool
    #: Only the commit's committer date contradicts ``published_at``, not its author date: the
    #: commit was amended or rebased later (PM412 then warns).
    rewritten: bool

    def where(self, git: FileDates, show: Callable[[datetime], str], *, aside: bool = False) -> str:
        """Where and when git has the publication, as PM402 and ``pmkit due`` say it: ``commit
        e4b0faa on <date>``, or ``the change not committed yet, at the time of this check, <date>``
        (with ``aside``, the time of the check in brackets); the date by ``show``."""
        if not self.uncommitted:
            return f"{git.commit(git.first_published_sha)} on {show(self.at)}"
        if aside:
            return f"the change not committed yet (at the time of this check, {show(self.at)})"
        return f"the change not committed yet, at the time of this check, {show(self.at)}"


def published_later_in_git(published: datetime | None, status: str, git: FileDates, zone: tzinfo,
                           tolerance: timedelta, now: datetime) -> LaterInGit | None:
    """Whether git contradicts ``published`` (``disclosure.published_at``) by more than
    ``tolerance``, the one judgement of PM412, PM402 and ``pmkit due``: the status first became
    published in a commit that much later (:func:`published_contradicted`), or, committed and
    never published in a commit, the file is published (``status``) only on the disk, where the
    change not committed yet is the publication, made at the time of the check (``now``)."""
    if published is None or not git.available:
        return None
    if git.first_published is not None and published_contradicted(published, git, zone, tolerance):
        rewritten = not published_contradicted(published, git, zone, tolerance, authored=True)
        return LaterInGit(git.first_published, uncommitted=False, rewritten=rewritten)
    if (status == "published" and git.walked and git.on_disk and not git.first_published_sha
            and not git.added_published and not git.merged_published
            and _latest(published, zone) < now - tolerance):
        return LaterInGit(now, uncommitted=True, rewritten=False)
    return None


def pm412_tolerance(config: Config) -> timedelta:
    """How much earlier than git's evidence ``published_at`` may be (PM412's ``tolerance_hours``)."""
    rule = DateContradictedByGit(config.rules.get(DateContradictedByGit.code))
    return timedelta(hours=float(rule.option("tolerance_hours")))


def _as_written(moment: datetime, zone: tzinfo) -> str:
    """A recorded date as written: a date alone is that date, not a midnight nobody wrote."""
    from pmkit.clocks import _bare

    if _bare(moment):
        return f"{moment.date().isoformat()} (date only)"
    shown: str = render_both(moment, zone)
    return shown


def _gap(recorded: datetime, commit: datetime, zone: tzinfo) -> str:
    """How much later the commit is than the recorded date: in days for a date alone (its
    hours are not known), by the commit's day in the document's zone."""
    from pmkit.clocks import _bare

    if not _bare(recorded):
        gap: str = human_duration(commit - recorded)
        return gap
    days = (commit.astimezone(zone).date() - recorded.date()).days
    return f"{days} day{'s' if days != 1 else ''}"


def _rewritten(git: str, *, committer: bool = False) -> str:
    """The end of PM412's hints: how to find the commits of before a rewrite, with ``git`` (or
    ``git -C <folder>`` for a submodule's commits) as the start of the commands. ``committer``:
    the date compared is the commit's committer date (a publication), which every rewrite
    moves; else its author date (a draft), which only some do."""
    if committer:
        return (" If the history was rewritten since (git commit --amend, git rebase, git cherry-pick), "
                f"the commit's committer date moved with it: '{git} reflog' lists the commits from "
                f"before the rewrite, and '{git} log -1 --format=%cI <commit>' shows their dates.")
    return (" If the history was rewritten since (git commit --amend --reset-author, git rebase "
            f"--ignore-date), the commit's author date moved with it: '{git} reflog' lists the commits "
            f"from before the rewrite, and '{git} log -1 --format=%aI <commit>' shows their dates.")


def _published_on(git: FileDates, zone: tzinfo) -> str:
    """`` on <date>``: when the commit that first made the status published was made (its
    committer date), and, when its author date is older, that date and why it is not the one
    taken; when its author date is later, that date too."""
    assert git.first_published is not None
    authored = git.first_published_authored
    if authored is None:
        return f" on {render_both(git.first_published, zone)}"
    if authored > git.first_published:
        return (f", committed on {render_both(git.first_published, zone)} (its author date, "
                f"{render_both(authored, zone)}, is later; the committer date is the one taken)")
    return (f", committed on {render_both(git.first_published, zone)} (its author date, "
            f"{render_both(authored, zone)}, is older: the commit was amended, "
            "rebased or cherry-picked after it was first made)")


def _added_on(git: FileDates, zone: tzinfo) -> str:
    """`` on <date>``: the author date of the file's first commit, named as such when its
    committer date is later (a draft written on a branch and rebased was written then)."""
    assert git.first_added is not None
    if git.first_added_committed is None:
        return f" on {render_both(git.first_added, zone)}"
    return (f", authored on {render_both(git.first_added, zone)} (committed on "
            f"{render_both(git.first_added_committed, zone)}, after an amend, a rebase or a cherry-pick)")


@register
class DateContradictedByGit(Rule):
    """``published_at`` or ``drafted_at`` is contradicted by the git history.

    What it catches: ``disclosure.published_at`` earlier than the first commit in which the
    file's status was ``published`` (its committer date: ``git commit --amend`` keeps the
    author date of the commit it amends, which may be days before the status changed), by more
    than ``tolerance_hours``; and ``disclosure.drafted_at`` earlier than the commit that first
    added the file (its author date: a draft rebased later was written before), by more than
    ``draft_tolerance_hours`` (a warning: drafts are sometimes written elsewhere first). When a
    commit's two dates differ, the message names both; when only its committer date contradicts
    ``published_at`` (the commit was amended, or rebased when its branch was merged, which git
    cannot tell apart), the finding is a warning. A date
    written without a time of day (``published_at: 2026-03-24``) names its whole day: the
    tolerance counts from the end of that day in the document's zone (without one, the team's
    from the settings: ``[tool.pmkit.calendar] timezone``, else the top-level ``timezone``). A file
    that entered the repository already published (an imported postmortem) is not judged:
    git has no evidence of its publication. Nor is a commit dated after the time of the check
    (``--now``) or before the incident began (its first timeline entry, or ``aware_at`` if
    earlier): the clock of the machine that made it was wrong, so its date is no evidence (the
    disclosure clocks do not use it either; a draft so committed is drafted at a time unknown).
    A status changed to ``published`` on the disk and in no commit yet (the pre-commit hook
    checks the commit that publishes the file) is published at the time of the check. A
    contradiction changes the verdict on the deadline only when the two dates fall on either
    side of it: both by the deadline, the publication was met (``pmkit due``: ``met``, with
    the two dates in ``contradiction``); both after it, late (PM402, counted from the earlier,
    ``published_at``; ``pmkit due``: ``late``); across it, ``pmkit due`` lists the clock as
    ``contradicted`` and PM402 does not count it late.

    Why: the dates of record decide whether a policy was met; the history is the evidence.
    A date that the history contradicts is either a mistake or a postmortem made to look
    timely after the fact. A rewrite after publication moves the dates (any amend or rebase
    the committer date; ``git commit --amend --reset-author`` or ``git rebase --ignore-date``
    the author date too); the hint says how to find the commit from before it (``git reflog``).

    Example::

        # committed as draft on 2026-03-05, first committed as published on 2026-03-25
        disclosure:
          published_at: 2026-03-10T09:00:00Z

    Instead::

        disclosure:
          published_at: 2026-03-25T16:40:00Z
    """

    code = "PM412"
    git = frozenset({GIT_LOG})
    name = "date-contradicted-by-git"
    severity = Severity.ERROR
    options: ClassVar[dict[str, Option]] = {
        "tolerance_hours": Option(24.0, "published_at may precede the published commit by this much",
                                  (int, float), limits=HOURS),
        "draft_tolerance_hours": Option(72.0, "drafted_at may precede the file's first commit by this "
                                        "much", (int, float), limits=HOURS),
    }

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        from pmkit.gitdates import file_dates, incident_began, walks_versions

        pm = ctx.pm
        assert pm is not None
        if pm.disclosure is None:
            return
        git = file_dates(ctx.run, ctx.doc.path, published=walks_versions(ctx.data), now=ctx.now,
                         since=incident_began(pm))
        if not git.available:
            return
        zone = _team_zone(ctx)
        published = pm.disclosure.published_at
        tolerance = timedelta(hours=float(self.option("tolerance_hours")))
        later = published_later_in_git(published, pm.status.value, git, zone, tolerance, ctx.now)
        if later is not None and not later.uncommitted:
            assert published is not None
            # Only the commit's rewrite contradicts the date (its author date does not): an amend
            # that folded the status in later, or a branch rebased when it was merged ("Rebase
            # and merge"), which git cannot tell apart. A warning, saying both dates.
            yield ctx.report(
                ("disclosure", "published_at"),
                f"published_at is {_as_written(published, zone)}, but the file's status first "
                f"became published in {git.commit(git.first_published_sha)}"
                f"{_published_on(git, zone)}, {_gap(published, later.at, zone)} later",
                hint="Set published_at to when the postmortem really went out; if it was published "
                     "elsewhere first, link that publication." + _rewritten(git.git, committer=True)
                     + (" If the branch was rebased when it was merged, the publication is when it "
                        "was merged." if later.rewritten else ""),
                severity=Severity.WARNING if later.rewritten else None,
            )
        elif later is not None:
            assert published is not None
            # Committed, never published in a commit, and published on the disk: the change
            # being committed is the publication, as its commit will say once made.
            yield ctx.report(
                ("disclosure", "published_at"),
                f"published_at is {_as_written(published, zone)}, but the file's status becomes "
                f"published only in the change not committed yet (at the time of this check, "
                f"{render_both(later.at, zone)}), {_gap(published, later.at, zone)} later",
                hint="Set published_at to when the postmortem really goes out (this commit, if it "
                     "is the publication); if it was published elsewhere first, link that publication.",
            )
        drafted = pm.disclosure.drafted_at
        draft_tolerance = timedelta(hours=float(self.option("draft_tolerance_hours")))
        if (drafted is not None and git.first_added is not None and not git.added_published
                and _latest(drafted, zone) < git.first_added - draft_tolerance):
            yield ctx.report(
                ("disclosure", "drafted_at"),
                f"drafted_at is {_as_written(drafted, zone)}, but the file first entered the "
                f"repository in {git.commit(git.first_added_sha)}{_added_on(git, zone)}, "
                f"{_gap(drafted, git.first_added, zone)} later",
                severity=Severity.WARNING,
                hint="Set drafted_at to when the draft existed, or link the earlier draft."
                     + _rewritten(git.git),
            )


@register
class NoGitEvidence(Rule):
    """Git cannot say when postmortems were drafted or published (said once per run).

    What it catches: a run outside a git repository, in a shallow clone (CI checkouts often
    are) or a partial one (``git clone --filter``, whose old file versions pmkit does not
    download: it never uses the network). The disclosure rules then rely on the dates the
    document records (``drafted_at``, ``published_at``) alone. A file not committed yet (a
    new postmortem, a new repository) is not reported: it has no history to miss yet.

    Why: the history is pmkit's independent evidence of timeliness; when it is missing the
    findings are only as good as the recorded dates, and you should know that.

    Example::

        $ git clone --depth 1 ... && pmkit check postmortems/

    Instead::

        $ git fetch --unshallow    # or actions/checkout with fetch-depth: 0
    """

    code = "PM413"
    git = frozenset({GIT_LOG})
    name = "no-git-evidence"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        from pmkit.gitdates import file_dates

        if not Path(ctx.doc.path).is_file():
            return  # text checked from memory (the API): git has nothing to say about it
        git = file_dates(ctx.run, ctx.doc.path, published=False)
        # A file not committed yet (a new postmortem at its first commit) has no history to
        # miss: saying so would make every first commit fail with --fail-on info.
        if git.available or git.kind == "uncommitted" or not ctx.run.once("PM413"):
            return
        yield ctx.report(
            (),
            f"no git evidence for disclosure dates: {git.problem}; relying on the dates in the "
            "documents (said once per run)",
            hint=no_evidence_advice(git),
            once="PM413",
        )


def no_evidence_advice(git: FileDates) -> str:
    """What to do when git gives no dates (``git.available`` false): PM413's hint, and the
    advice of ``pmkit due`` and ``pmkit actions``, which say it too."""
    if git.kind == "shallow":
        return f"Fetch the full history ({git.git} fetch --unshallow; actions/checkout fetch-depth: 0)."
    if git.kind == "partial":
        return "Clone without --filter (actions/checkout: no filter, fetch-depth: 0)."
    if git.kind not in ("lfs", "unreadable"):
        # (said without importing pmkit.history, which a check outside any repository never needs)
        return "Run pmkit inside the repository that holds the postmortems."
    from pmkit.history import LFS_HINT, repair_hint

    if git.kind == "lfs":
        return LFS_HINT
    # Inside a repository git cannot read, "run it inside the repository" misleads.
    return f"{repair_hint(git.problem or '')} The disclosure rules then use its dates again."


def _data(clock: Clock, now: datetime) -> dict[str, object]:
    from pmkit.clocks import stamp

    out: dict[str, object] = {
        "regime": clock.policy.id,
        "stage": clock.stage_name,
        "citation": _cite(clock),
    }
    if clock.deadline is not None:
        out["deadline"] = clock.deadline_stamp(timezone.utc, clock.done_at)
        out["deadline_local"] = clock.deadline_stamp(clock.doc_zone, clock.done_at)
    if clock.done_at is not None:
        out["done_at"] = stamp(clock.done_at)
    return out
