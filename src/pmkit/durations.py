"""Incident metrics computed from a postmortem's timeline milestones.

``pmkit.metrics(postmortem)`` returns a :class:`Metrics`: the five milestone times and the
durations teams track, all measured from the moment user impact began::

    time_to_detect       = detected     - impact_started   (TTD)
    time_to_acknowledge  = acknowledged - impact_started   (TTA)
    time_to_mitigate     = mitigated    - impact_started   (TTM)
    time_to_resolve      = resolved     - impact_started   (TTR)
    impact_duration      = resolved     - impact_started

Every duration is ``None`` when either end is missing, or is a bare date (a day, no time:
PM106); pmkit never guesses a milestone from other entries, nor a time of day. When a
milestone appears more than once, its first entry counts (PM103 flags the duplicate). A
duration can come out negative. Time to detect is negative for an early warning, detection
before users were affected (a vulnerability advisory before its exploitation), and so is time
to acknowledge when the acknowledgement followed such a detection: both are facts of the
incident. A time to the minute is its whole minute next to one to the second, as the order
rules read it (``docs/timeline.md``, "Precision"): ``detected`` at ``10:00`` after an impact
logged at ``10:00:30`` is a time to detect of 0, not -30 seconds. Any other negative
duration means the milestones are in the wrong causal order (PM104 flags that); it is
returned as computed so that the data error stays visible, and
:meth:`Metrics.in_order` says which is which. So is a duration to a milestone that contradicts
another one, negative or not: with ``resolved`` before ``detected`` the time to resolve is
in doubt, and with ``detected`` after ``acknowledged``, ``mitigated`` and ``resolved`` the time
to detect (the milestone PM104 blames, :meth:`Metrics.contradicted`).

``impact_duration`` is the span reports quote ("24 hours and 11 minutes of degraded
service"): it runs to ``resolved``, the end of the incident for the people affected, which is
why it equals ``time_to_resolve``. It is kept under its own name because dashboards and
regulators ask for it by that name. The FireHydrant and incident.io duration metrics and
Google's sredocs (TTD, time to initiate response, TTM) use the same start-end pairs
(``docs/stats.md``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from pmkit.vocabulary import BareDate, Milestone

if TYPE_CHECKING:
    from pmkit.model import Postmortem

#: The durations of :class:`Metrics`, in the order reports show them, with short labels.
DURATIONS: tuple[tuple[str, str], ...] = (
    ("time_to_detect", "TTD"),
    ("time_to_acknowledge", "TTA"),
    ("time_to_mitigate", "TTM"),
    ("time_to_resolve", "TTR"),
    ("impact_duration", "impact"),
)


#: ``(earlier, later)``: the later milestone cannot happen before the earlier one (PM104).
CAUSAL_ORDER: tuple[tuple[Milestone, Milestone], ...] = (
    (Milestone.DETECTED, Milestone.ACKNOWLEDGED),
    (Milestone.DETECTED, Milestone.MITIGATED),
    (Milestone.DETECTED, Milestone.RESOLVED),
    (Milestone.IMPACT_STARTED, Milestone.MITIGATED),
    (Milestone.IMPACT_STARTED, Milestone.RESOLVED),
    (Milestone.MITIGATED, Milestone.RESOLVED),
)

#: The milestone each duration runs to (all run from ``impact_started``).
_RUNS_TO = {"time_to_detect": Milestone.DETECTED, "time_to_acknowledge": Milestone.ACKNOWLEDGED,
            "time_to_mitigate": Milestone.MITIGATED, "time_to_resolve": Milestone.RESOLVED,
            "impact_duration": Milestone.RESOLVED}


#: How far outside the other times a milestone must lie to be out of line with them whatever
#: their span: a day or a month typed wrong, not an hour (either of two milestones may then be
#: the slip, and the list order decides).
_OUT_OF_LINE = timedelta(hours=12)


def out_of_line(moment: datetime, others: Collection[datetime]) -> bool:
    """Whether a milestone at ``moment`` lies outside the ``others`` (the times in no
    contradiction) by more than their whole span and more than half a day: a ``detected``
    typed a month late, before a correct ``resolved``, is out of line with the impact's start
    and the entries around it; the ``resolved`` is not."""
    if not others:
        return False
    low, high = min(others), max(others)
    beyond = max(low - moment, moment - high, timedelta(0))
    return beyond > max(high - low, _OUT_OF_LINE)


def minute_end(moment: datetime, other: datetime) -> datetime:
    """The first moment certainly after ``moment`` next to ``other``: the next minute when
    ``moment`` is written to the minute (``13:46``, as pagers and decision records show it) and
    ``other`` to the second (``13:46:12`` from a log), for then ``moment`` may be any second of
    its minute; else the next microsecond."""
    if not moment.second and not moment.microsecond and (other.second or other.microsecond):
        return moment + timedelta(minutes=1)
    return moment + timedelta(microseconds=1)


def certainly_before(moment: datetime, other: datetime) -> bool:
    """Whether ``moment`` certainly came before ``other`` (see :func:`minute_end`)."""
    return minute_end(moment, other) <= other


#: The order of the milestones, the causally later last: the last tie-break of :func:`blame`.
_RANK = {milestone: rank for rank, milestone in enumerate(Milestone)}


def blame(present: Collection[Milestone], before: Callable[[Milestone, Milestone], bool],
          ties: Callable[[Milestone, frozenset[Milestone]], tuple[bool, ...]],
          ) -> dict[Milestone, list[Milestone]]:
    """The milestones whose times contradict the causal order, each with the milestones it
    contradicts (in :data:`CAUSAL_ORDER`'s order), in the order they are blamed.

    ``present``: the milestones with a time to compare; ``before(a, b)``: whether ``a``
    certainly came before ``b``. Of the pairs :data:`CAUSAL_ORDER` finds violated, the milestone
    in most is blamed (a ``detected`` typed an hour late contradicts ``acknowledged``,
    ``mitigated`` and ``resolved``: it alone is the flaw), its pairs are dropped, and so on while
    any are left. A tie goes to the milestone ``ties`` weighs highest (it is given the milestones
    in the pairs left, ``contested``, so as to compare one with the times in no contradiction:
    :func:`out_of_line`), then to the causally later one."""
    pairs = [(earlier, later) for earlier, later in CAUSAL_ORDER
             if earlier in present and later in present and before(later, earlier)]
    blamed: dict[Milestone, list[Milestone]] = {}
    while pairs:
        counts = Counter(milestone for pair in pairs for milestone in pair)
        contested = frozenset(counts)
        culprit = max(counts, key=lambda m: (counts[m], *ties(m, contested), _RANK[m]))
        blamed[culprit] = [later if earlier is culprit else earlier for earlier, later in pairs
                           if culprit in (earlier, later)]
        pairs = [pair for pair in pairs if culprit not in pair]
    return blamed


@dataclass(frozen=True)
class Metrics:
    """Milestone times and the durations between them (see the module docstring)."""

    impact_started: datetime | None = None
    detected: datetime | None = None
    acknowledged: datetime | None = None
    mitigated: datetime | None = None
    resolved: datetime | None = None
    time_to_detect: timedelta | None = None
    time_to_acknowledge: timedelta | None = None
    time_to_mitigate: timedelta | None = None
    time_to_resolve: timedelta | None = None
    impact_duration: timedelta | None = None

    def in_order(self, name: str, doubted: Collection[Milestone] | None = None) -> bool:
        """Whether the duration ``name`` is known and its milestones are in causal order, so
        that it belongs in aggregates. A negative time to detect is an early warning (detection
        before impact), and a negative time to acknowledge one acknowledged after such a
        detection; a mitigation or resolution before impact started, or an acknowledgement
        before detection, is a data error (PM104). So is any duration, negative or not, to a
        milestone PM104 blames (:meth:`contradicted`: ``resolved`` before ``detected``, the time
        to resolve), and every one when that is ``impact_started``, which they all run from.
        ``doubted``: those milestones as the timeline rules find them (``pmkit stats`` passes
        the ones ``pmkit check`` reports, a mistyped year too), instead of :meth:`contradicted`.

        A ``name`` that is none of the five durations (:data:`DURATIONS`) is a ValueError."""
        if not isinstance(name, str) or name not in _RUNS_TO:
            # (a milestone's name was a KeyError of the lookup below, any other an AttributeError)
            names = ", ".join(duration for duration, _ in DURATIONS)
            raise ValueError(f"{name!r} is not a duration of Metrics: in_order takes one of {names}")
        value: timedelta | None = getattr(self, name)
        if doubted is None:
            doubted = self.contradicted() if value is not None else set()
        # (every duration runs from impact_started: when its time is in doubt, so is each)
        if value is None or {_RUNS_TO[name], Milestone.IMPACT_STARTED} & set(doubted):
            return False
        if value >= timedelta(0) or name == "time_to_detect":
            return True
        if name == "time_to_acknowledge":
            # After the detection unless it certainly came before it, as PM104 compares them: an
            # acknowledgement at 10:00 of an alert at 10:00:30 is one in the alert's minute.
            detected, acknowledged = self.detected, self.acknowledged
            return detected is None or isinstance(detected, BareDate) or (
                acknowledged is not None and not certainly_before(acknowledged, detected))
        return False

    def contradicted(self) -> set[Milestone]:
        """The milestones whose times are in doubt because they contradict the causal order
        (PM104). As PM104 does, the one in most contradictions is blamed (a ``detected`` typed an
        hour late contradicts ``acknowledged``, ``mitigated`` and ``resolved``: only it is in
        doubt); of two that contradict each other alone, the one out of line with the other
        milestones (:func:`out_of_line`: a ``detected`` typed a month late), else the causally
        later one (``resolved`` before ``detected``: the resolution), where PM104 reports it
        when no offset or place in the list tells otherwise. A milestone written as a bare date
        is left out: its day is no time to compare."""
        times = {m: getattr(self, m.value) for m in Milestone}
        known = {m: t for m, t in times.items() if t is not None and not isinstance(t, BareDate)}

        def far_out(milestone: Milestone, contested: frozenset[Milestone]) -> tuple[bool, ...]:
            return (out_of_line(known[milestone], [t for m, t in known.items() if m not in contested]),)

        return set(blame(known, lambda a, b: certainly_before(known[a], known[b]), far_out))

    def durations(self) -> dict[str, timedelta | None]:
        """The five durations by name, in :data:`DURATIONS` order."""
        return {name: getattr(self, name) for name, _ in DURATIONS}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: times as ISO 8601 strings (a bare date as its day, ``2026-11-05``),
        durations as seconds (``None`` stays null)."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if isinstance(value, BareDate):
                # The day as written: its midnight (with an offset) is a time nobody wrote, and
                # a consumer would count durations from it that metrics() refuses to guess.
                out[key] = value.date().isoformat()
            elif isinstance(value, datetime):
                out[key] = value.isoformat()
            elif isinstance(value, timedelta):
                out[key] = value.total_seconds()
            else:
                out[key] = value
        return out


def _since(start: datetime | None, end: datetime | None) -> timedelta | None:
    # A milestone written as a bare date has no time of day (PM106): counting it as midnight
    # would invent up to a day.
    if start is None or end is None or isinstance(start, BareDate) or isinstance(end, BareDate):
        return None
    span = end - start
    if span < timedelta(0) and not certainly_before(end, start):
        # A time to the minute is its whole minute next to one to the second, as the order rules
        # read it: 'detected' at 10:00 after an impact logged at 10:00:30 may be any second of
        # that minute, no early warning of 30 seconds.
        return timedelta(0)
    return span


def metrics(postmortem: Postmortem) -> Metrics:
    """The incident metrics of ``postmortem`` (definitions in the module docstring)."""
    from pmkit.model import Postmortem  # (imported here: the rules import this module without pydantic)

    if not isinstance(postmortem, Postmortem):
        from pmkit.api import not_a_postmortem

        raise not_a_postmortem(postmortem)
    times = {m: postmortem.milestone(m) for m in Milestone}
    start = times[Milestone.IMPACT_STARTED]
    return Metrics(
        impact_started=start,
        detected=times[Milestone.DETECTED],
        acknowledged=times[Milestone.ACKNOWLEDGED],
        mitigated=times[Milestone.MITIGATED],
        resolved=times[Milestone.RESOLVED],
        time_to_detect=_since(start, times[Milestone.DETECTED]),
        time_to_acknowledge=_since(start, times[Milestone.ACKNOWLEDGED]),
        time_to_mitigate=_since(start, times[Milestone.MITIGATED]),
        time_to_resolve=_since(start, times[Milestone.RESOLVED]),
        impact_duration=_since(start, times[Milestone.RESOLVED]),
    )


def marked_twice(postmortem: Postmortem) -> dict[Milestone, list[int]]:
    """The milestones marked on more than one timeline entry at different times, each with the
    indices of its entries in timeline order. Their durations count the first entry, which may
    not be the one meant (two entries claiming ``detected``: the alert, and the customer ticket
    listed above it), so reports say so. Entries at the same time change no duration."""
    found: dict[Milestone, list[int]] = {}
    for index, entry in enumerate(postmortem.timeline or ()):
        if entry.milestone is not None:
            found.setdefault(entry.milestone, []).append(index)
    timeline = postmortem.timeline or []
    return {milestone: indices for milestone, indices in found.items()
            if len({timeline[i].at for i in indices}) > 1}


__all__ = ["CAUSAL_ORDER", "DURATIONS", "Metrics", "blame", "certainly_before", "marked_twice", "metrics",
           "minute_end"]
