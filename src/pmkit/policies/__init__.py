"""Disclosure policies as data: the built-in presets and the team's own.

A *policy* (or preset) names who must be told (``audience``), whether it is law in force
(``status``), where it is written (``citation``) and its *stages*, each with the *anchor* that
starts its clock and the *deadline*. The built-in presets are YAML files next to this module,
one per id (``internal``, ``gdpr-art33``, ``nis2``...), read lazily on first use.

Teams add presets, or change a built-in one, in configuration::

    [tool.pmkit.policies.acme-sla]
    title = "ACME master services agreement, section 7.2"
    audience = "customers"
    citation = "MSA 7.2"
    [tool.pmkit.policies.acme-sla.stages.notice]
    anchor = "detected"
    deadline = { hours = 24 }

    [tool.pmkit.policies.internal.stages.publish]
    deadline = { days = 7 }          # merged over the built-in stage

A table whose id is a built-in preset is merged over it (mappings key by key, stages by name;
a deadline of another length replaces the built-in deadline whole);
any other id is a new preset and must be complete. Everything is validated; mistakes raise
:class:`~pmkit.config.ConfigError` with the table and field at fault.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from pmkit.config import BUSINESS_DAYS, DAYS, MONTHS, POSITIVE_HOURS, Limits, shown

if TYPE_CHECKING:
    from pmkit.config import Config

#: The built-in preset ids: part of the file-format contract (``disclosure.regimes``).
BUILTIN_IDS = ("internal", "gdpr-art33", "gdpr-art34", "nis2", "dora", "sec-8k", "hipaa", "nydfs",
               "ch-isa", "cert-in", "eu-ai-act")

#: Timestamps of the ``disclosure`` section that can start a clock.
DISCLOSURE_ANCHORS = ("aware_at", "classified_major_at", "materiality_determined_at",
                      "discovered_at", "determined_at")
#: Timeline milestones that can start a clock.
MILESTONE_ANCHORS = ("impact_started", "detected", "acknowledged", "mitigated", "resolved")
#: Prefixes of anchors that are another stage's submission (first or latest) or a year end.
CHAINED_PREFIXES = ("submitted:", "latest-submitted:")
YEAR_END_PREFIX = "year_end:"

ROLLOVERS = ("none", "eu", "noon-next-working-day")
SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4", "SEV5")
AUDIENCES = ("regulator", "customers", "data-subjects", "public", "investors", "partners", "internal")
STATUSES = ("in_force", "pending", "proposed")

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _no_items() -> list[str]:
    """The default of list fields. Plain functions rather than ``list`` and ``dict``: pydantic
    reads a factory's signature, and a builtin's is parsed from text with ``tokenize``, whose
    pattern (built from a set, so different in every process) is compiled anew each run: ~15 ms."""
    return []


def _no_entries() -> dict[str, Any]:
    return {}


class _Model(BaseModel):
    # Strict: TOML has real booleans, numbers and strings, so `days = true` or `hours = "72"` is a
    # mistake to report, not a value to convert (it became 1 day, or 72 hours). Each validator is
    # built on first use: presets are validated whole, and one per part cost the clocks ~1 ms.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


def _within(limits: Limits) -> AfterValidator:
    """A field validator: the number (as the field parsed it) must be inside ``limits``, so that
    deadline arithmetic never leaves the dates Python can represent."""

    def check(value: float) -> float:
        if not limits.contains(value):
            raise ValueError(f"must be {limits.describe()}, got {shown(value)}")
        return value

    return AfterValidator(check)


#: Clock lengths (see pmkit.config: up to ten years).
Hours = Annotated[float, _within(POSITIVE_HOURS)]
Days = Annotated[int, _within(DAYS)]
BusinessDays = Annotated[int, _within(BUSINESS_DAYS)]
Months = Annotated[int, _within(MONTHS)]


class Limb(_Model):
    """A second limb of a deadline: ``not_later_than`` N hours after another anchor."""

    anchor: str
    hours: Hours

    @field_validator("anchor")
    @classmethod
    def _anchor(cls, value: str) -> str:
        # The limit is resolved from the document's own timestamps; another stage's submission
        # would never be found, and the limit would be reported as an unrecorded anchor.
        if value.startswith(CHAINED_PREFIXES):
            raise ValueError(f"'{value}' is another stage's submission; a not_later_than limit counts "
                             f"from a milestone ({', '.join(MILESTONE_ANCHORS)}) or a disclosure "
                             f"timestamp ({', '.join(DISCLOSURE_ANCHORS)})")
        return check_anchor(value)


class Deadline(_Model):
    """How long a clock runs: exactly one of hours, days, business_days, months, undue_delay.

    - ``hours``: clock hours, through nights, weekends and holidays (an absolute instant).
    - ``days``: calendar days; the anchor's day is day 0, the clock ends at ``due_time`` (default
      the end of the day, 23:59) of the last day, in the calendar's zone.
    - ``business_days``: like ``days``, counting only working days of the calendar; an anchor on
      a weekend or holiday starts the count on the next working day (SEC Gen. Instr. B.1).
    - ``months``: calendar months, ending on the same date (or the month's last day).
    - ``undue_delay``: "without undue delay": the organisation's target in hours.

    ``rollover``: ``eu`` moves the end of a day or month period that falls on a weekend or
    holiday to the end of the next working day, and makes a period of two days or more hold at
    least two working days (Reg. 1182/71 Art. 3(4)-(5)); ``noon-next-working-day`` moves a time
    limit on a weekend or holiday to noon of the next working day (DORA RTS Art. 5(4)).
    """

    hours: Hours | None = None
    days: Days | None = None
    business_days: BusinessDays | None = None
    months: Months | None = None
    undue_delay: bool = False
    due_time: str | None = None
    rollover: Literal["none", "eu", "noon-next-working-day"] = "none"
    not_later_than: Limb | None = None

    @field_validator("due_time")
    @classmethod
    def _time(cls, value: str | None) -> str | None:
        if value is not None and not _TIME_RE.match(value):
            raise ValueError(f"due_time '{value}' is not a time of day such as \"17:30\"")
        return value

    @model_validator(mode="after")
    def _one_length(self) -> Deadline:
        given = [k for k in ("hours", "days", "business_days", "months") if getattr(self, k) is not None]
        if self.undue_delay:
            given.append("undue_delay")
        if len(given) != 1:
            which = f" (got {', '.join(given)})" if given else ""
            raise ValueError("give exactly one of hours, days, business_days, months or "
                             f"undue_delay = true{which}")
        if self.due_time and (self.hours is not None or self.undue_delay):
            raise ValueError("due_time applies to days, business_days and months, not to hours")
        if self.rollover == "eu" and (self.hours is not None or self.undue_delay):
            # Reg. 1182/71 Art. 3(4) rolls periods of days, weeks, months and years; ignoring the
            # setting would leave an author believing that a weekend moves the deadline.
            raise ValueError("rollover 'eu' moves the end of a period of days or months; a clock of "
                             "hours runs through weekends and holidays (for a time limit that moves "
                             "off them, use rollover = 'noon-next-working-day')")
        return self

    @property
    def kind(self) -> str:
        for key in ("hours", "days", "business_days", "months"):
            if getattr(self, key) is not None:
                return key
        return "undue_delay"

    def describe(self, undue_delay_hours: float | None = None) -> str:
        """``72 h``, ``4 business days``, ``1 calendar month``, ``without undue delay (target 72 h)``."""
        if self.hours is not None:
            text = f"{_num(self.hours)} h"
        elif self.days is not None:
            text = f"{self.days} calendar day{'s' if self.days != 1 else ''}"
        elif self.business_days is not None:
            text = f"{self.business_days} business day{'s' if self.business_days != 1 else ''}"
        elif self.months is not None:
            text = f"{self.months} calendar month{'s' if self.months != 1 else ''}"
        else:
            target = f" (organisation target {_num(undue_delay_hours)} h)" if undue_delay_hours else ""
            text = f"without undue delay{target}"
        if self.not_later_than is not None:
            text += f", and no later than {_num(self.not_later_than.hours)} h after " \
                    f"{self.not_later_than.anchor}"
        return text


class Condition(_Model):
    """When a stage applies, from the postmortem's impact (HIPAA's 500-person thresholds)."""

    users_affected_min: Annotated[int, Field(ge=0)] | None = None
    users_affected_max: Annotated[int, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _some_number(self) -> Condition:
        # A minimum above the maximum (min 500, max 10, the two thresholds swapped) matches no
        # postmortem: the stage would silently never run, and a notice it asks for never be
        # reported missing or late.
        low, high = self.users_affected_min, self.users_affected_max
        if low is not None and high is not None and low > high:
            raise ValueError(f"users_affected_min {low} is more than users_affected_max {high}: no "
                             "number of users fits, so the stage would never apply (swapped?)")
        return self


class Stage(_Model):
    """One report of a policy: its anchor, deadline, audience and what proves it was done."""

    anchor: str
    deadline: Deadline
    audience: Literal["regulator", "customers", "data-subjects", "public", "investors", "partners",
                      "internal"] | None = None
    #: What satisfies the stage: a recorded notification, or the postmortem's own dates.
    evidence: Literal["notification", "drafted_at", "published_at"] = "notification"
    #: Optional stages are checked when recorded, never reported missing.
    optional: bool = False
    citation: str = ""
    #: Per severity: another deadline, or null when the stage does not apply at that severity.
    by_severity: dict[str, Deadline | None] = Field(default_factory=_no_entries)
    when: Condition | None = None

    @field_validator("anchor")
    @classmethod
    def _anchor(cls, value: str) -> str:
        return check_anchor(value)

    @field_validator("by_severity", mode="before")
    @classmethod
    def _toml_none(cls, value: Any) -> Any:
        # TOML has no null: `SEV4 = false` or `SEV4 = "none"` means "not at this severity".
        if isinstance(value, dict):
            return {k: (None if v is False or v == "none" else v) for k, v in value.items()}
        return value

    @field_validator("by_severity")
    @classmethod
    def _severities(cls, value: dict[str, Deadline | None]) -> dict[str, Deadline | None]:
        for key in value:
            if key not in SEVERITIES:
                raise ValueError(f"by_severity: '{key}' is not one of {', '.join(SEVERITIES)}")
        return value

    def deadline_for(self, severity: str | None) -> Deadline | None:
        """The deadline at this severity, or None when the stage does not apply to it."""
        if severity is not None and severity in self.by_severity:
            return self.by_severity[severity]
        return self.deadline


class SignOff(_Model):
    """Roles that must appear in ``approvals[].role`` before a postmortem is published."""

    severities: list[str] = Field(default_factory=lambda: ["SEV1", "SEV2"])
    roles: list[str] = Field(default_factory=lambda: ["accountable executive"])


class Calendar(_Model):
    """Working days and zone: country/subdivision holidays (``holidays``), extra days off."""

    country: str | None = None
    subdivision: str | None = None
    timezone: str | None = None
    extra_holidays: list[str] = Field(default_factory=_no_items)
    #: Days that are working days although the holiday calendar lists them.
    working_days: list[str] = Field(default_factory=_no_items)
    weekend: list[str] | None = None


class Policy(_Model):
    """A disclosure policy (preset)."""

    id: str
    title: str
    audience: Literal["regulator", "customers", "data-subjects", "public", "investors", "partners",
                      "internal"]
    status: Literal["in_force", "pending", "proposed"] = "in_force"
    citation: str
    jurisdiction: str = ""
    applies: str = ""
    note: str = ""
    stages: dict[str, Stage]
    #: A late notification that gives ``late_reason`` is a warning, not an error (GDPR Art. 33(1)).
    late_reason_allowed: bool = False
    #: The duty exists only for a breach of personal data (GDPR, HIPAA): with
    #: ``disclosure.personal_data_breach: false`` the preset's clocks do not run (PM419 says so).
    personal_data_only: bool = False
    sign_off: SignOff | None = None
    #: This preset's target for "without undue delay" (else [tool.pmkit.disclosure]).
    undue_delay_hours: Hours | None = None
    #: Its own calendar (SEC: US federal, New York); None: the team's [tool.pmkit.calendar].
    calendar: Calendar | None = None
    #: Where the preset came from: "built-in" or the configuration file.
    source: str = "built-in"

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError(f"'{value}' is not a preset id (lower-case letters, digits, '-', '.', '_')")
        return value

    @field_validator("stages")
    @classmethod
    def _stage_names(cls, value: dict[str, Stage]) -> dict[str, Stage]:
        for name in value:
            _check_stage_name(name)
        return value

    @model_validator(mode="after")
    def _chains(self) -> Policy:
        if not self.stages:
            raise ValueError("a policy needs at least one stage")
        for name, stage in self.stages.items():
            for prefix in CHAINED_PREFIXES:
                if stage.anchor.startswith(prefix):
                    target = stage.anchor[len(prefix):]
                    if target not in self.stages or target == name:
                        raise ValueError(f"stages.{name}.anchor: '{stage.anchor}' names no other "
                                         f"stage of this policy (stages: {', '.join(self.stages)})")
        return self

    @property
    def in_force(self) -> bool:
        return self.status == "in_force"

    def stage_audience(self, name: str) -> str:
        return self.stages[name].audience or self.audience


def _check_stage_name(name: str) -> None:
    """A notification names its stage as written (``stage: notice``): a stage named by an empty
    string, or with blanks around it (``[tool.pmkit.policies.acme.stages." notice"]``), would be
    listed and reported as ``acme `` with nothing to match it."""
    if not name.strip():
        raise ValueError("a stage needs a name: write [tool.pmkit.policies.<id>.stages.<name>] "
                         "with the name notifications give as 'stage' (such as 'notice')")
    if name != name.strip():
        raise ValueError(f"stage name {shown(name)} has blanks around it: write "
                         f"{shown(name.strip())}")


def check_anchor(value: str) -> str:
    """Validate an anchor name; raises ValueError with the choices."""
    base = value
    for prefix in (*CHAINED_PREFIXES, YEAR_END_PREFIX):
        if value.startswith(prefix):
            if prefix in CHAINED_PREFIXES:
                return value  # the stage name is checked by the policy
            base = value[len(prefix):]
    if base in DISCLOSURE_ANCHORS or base in MILESTONE_ANCHORS:
        return value
    choices = [*MILESTONE_ANCHORS, *DISCLOSURE_ANCHORS]
    import difflib  # (here: only a mistake takes its ~1 ms import)
    close = difflib.get_close_matches(base, choices, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise ValueError(f"unknown anchor '{value}'{hint}: use a milestone ({', '.join(MILESTONE_ANCHORS)}), "
                     f"a disclosure timestamp ({', '.join(DISCLOSURE_ANCHORS)}), "
                     "'submitted:<stage>', 'latest-submitted:<stage>' or 'year_end:<milestone or timestamp>'")


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


# --- loading ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def builtin_data() -> dict[str, dict[str, Any]]:
    """The raw data of every built-in preset, read from the package once."""
    from pmkit.datafiles import read_yaml

    return {preset_id: read_yaml(__name__, f"{preset_id}.yaml") for preset_id in BUILTIN_IDS}


@lru_cache(maxsize=1)
def builtin() -> dict[str, Policy]:
    """The built-in presets, validated (a broken preset file is a bug: it raises); the command
    keeps them between runs (:func:`_unpacked`)."""
    from pmkit.patterncache import memo

    kept = memo("policies")
    key = ("built-in presets", _sources())
    found = _unpacked(kept.get(key)) if kept is not None else None
    if found is not None:
        return found
    presets = {pid: Policy.model_validate(data) for pid, data in builtin_data().items()}
    if kept is not None:
        import pickle

        kept.put(key, (pickle.dumps(presets, protocol=pickle.HIGHEST_PROTOCOL),))
    return presets


@lru_cache(maxsize=1)
def _sources() -> str:
    """What the kept presets depend on: this module, the preset files and their snapshot, and
    pydantic (which pickled them)."""
    from pydantic.version import VERSION

    from pmkit.patterncache import identity

    here = Path(__file__).parent
    files = [Path(__file__), *sorted(here.glob("*.yaml")), *sorted(here.glob("*.json"))]
    return f"{identity(files)} {VERSION}"


def _unpacked(value: Any) -> dict[str, Policy] | None:
    """The presets kept as ``value`` (by :func:`builtin`), or None when it is not of that shape.

    Read by an unpickler that makes nothing but this module's models, with the state pydantic
    gave them (pickle makes no other object, and calls no other function): a kept value is
    taken only from a file this user owns (:class:`pmkit.patterncache.Memo`), and must still
    be these presets, not whatever a file holds. Kept, the presets take 0.3 ms, not the 4 ms of
    reading the snapshot and building the validators they were checked with, which a check's
    disclosure rules (PM4xx) paid on every run (docs/performance.md)."""
    import io
    import pickle

    class Presets(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            found = globals().get(name) if module == __name__ else None
            if isinstance(found, type) and issubclass(found, _Model):
                return found
            raise pickle.UnpicklingError(f"not a model of {__name__}: {module}.{name}")

    if not (type(value) is tuple and len(value) == 1 and type(value[0]) is bytes):
        return None
    try:
        presets = Presets(io.BytesIO(value[0])).load()
    except Exception:
        return None
    if not (type(presets) is dict and list(presets) == list(BUILTIN_IDS)
            and all(type(policy) is Policy and policy.id == pid for pid, policy in presets.items())):
        return None
    return presets


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Deep merge of mappings: ``over`` wins; a None value removes nothing (it sets None)."""
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) \
                and not _other_length(out[key], value):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


#: The keys that say how long a deadline runs; a deadline gives exactly one.
_LENGTHS = ("hours", "days", "business_days", "months", "undue_delay")


def _other_length(base: dict[str, Any], over: dict[str, Any]) -> bool:
    """Whether ``over`` is a deadline of another length than ``base`` (``days = 3`` over GDPR's
    ``hours = 72``). It replaces the built-in deadline rather than merging with it: merged, the
    deadline held both lengths ("got hours, days", though the team wrote only days), and the
    built-in's ``due_time``, ``rollover`` or ``not_later_than`` were made for the old length."""
    mine = {k for k in _LENGTHS if k in over}
    theirs = {k for k in _LENGTHS if k in base and base[k] not in (None, False)}
    return bool(mine) and bool(theirs) and not theirs <= mine


#: What a value of the wrong shape must be, in TOML's words.
_TABLE = "a table ([...] heading, or {key = value})"
_SHAPES = {"dict_type": _TABLE, "model_type": _TABLE, "list_type": "a list ([...])",
           "string_type": "a text in quotes"}


def _config_error(where: str, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown field"
        elif err["type"] == "missing":
            msg = "required field is missing"
        elif err["type"] in _SHAPES:  # not pydantic's "Input should be a valid dictionary"
            msg = f"must be {_SHAPES[err['type']]}, got {shown(err['input'])}"
        elif err["type"] != "value_error" and not isinstance(err["input"], (dict, list)):
            msg += f", got {shown(err['input'])}"
        lines.append(f"{where}{'.' + loc if loc else ''}: {msg}")
    return "; ".join(lines)


def parse_policies(table: dict[str, Any], origin: str = "configuration") -> dict[str, Policy]:
    """Built-in presets with ``[tool.pmkit.policies]`` applied (validated)."""
    from pmkit.config import ConfigError

    presets = dict(builtin())
    raw = builtin_data() if table else {}  # (kept presets need no snapshot: see builtin)
    for preset_id, value in table.items():
        where = f"{origin}: [tool.pmkit.policies.{preset_id}]"
        if not isinstance(value, dict):
            raise ConfigError(f"{where} must be a table of preset fields")
        if "id" in value and value["id"] != preset_id:
            raise ConfigError(f"{where}: id '{value['id']}' differs from the table name '{preset_id}'")
        data = merge(raw[preset_id], value) if preset_id in raw else {**value, "id": preset_id}
        if preset_id in raw:
            _cite_changed_stages(data, value, Path(origin).name, preset_id)
        data["id"] = preset_id
        data["source"] = origin
        if isinstance(data.get("stages"), dict):
            # `draft = false` under [tool.pmkit.policies.<id>.stages] removes a built-in stage.
            data["stages"] = {k: v for k, v in data["stages"].items() if v is not False}
        try:
            presets[preset_id] = Policy.model_validate(data)
        except ValidationError as exc:
            raise ConfigError(_config_error(where, exc)) from None
    return presets


#: What a stage's citation vouches for: when the team changes one of these, the built-in text
#: ("publish within 14 calendar days") no longer describes the deadline pmkit applies.
_CITED = ("anchor", "deadline", "by_severity")


def _cite_changed_stages(data: dict[str, Any], changes: dict[str, Any], origin: str, preset_id: str) -> None:
    """Cite the team's own configuration for the built-in stages it changed without a citation."""
    stages = changes.get("stages")
    if not isinstance(stages, dict) or not isinstance(data.get("stages"), dict):
        return
    for name, change in stages.items():
        stage = data["stages"].get(name)
        if isinstance(change, dict) and isinstance(stage, dict) and "citation" not in change \
                and any(key in change for key in _CITED):
            stage["citation"] = f"{origin} [tool.pmkit.policies.{preset_id}.stages.{name}]"


def policies(config: Config | None = None) -> dict[str, Policy]:
    """Every preset for this configuration, cached on the config object per run."""
    if config is None:
        return dict(builtin())
    table = config.section("policies")
    origin = str(config.source) if config.source else "configuration"
    return parse_policies(table, origin)


def folded_name(name: str) -> str:
    """A name as a person might have meant it: case, and the blanks, '_' or '-' between its
    words, set aside ('GDPR-Art33', ' nis2', 'early warning', 'Accountable  Executive')."""
    return re.sub(r"[\s_-]+", "-", name.strip().lower())


def suggest(name: str, known: list[str] | tuple[str, ...]) -> str | None:
    """The known name ``name`` most likely stands for, or None.

    The same name in other case or spacing comes first ('GDPR-Art33' is 'gdpr-art33', which
    a plain similarity of 0.6 misses as most of its letters differ in case); then the only
    known name it begins ('final' for 'final-report'); then the closest by similarity.
    """
    folded = {folded_name(k): k for k in known}
    wanted = folded_name(name)
    if wanted in folded:
        return folded[wanted]
    starts = [k for f, k in folded.items() if wanted and f.startswith(wanted)]
    if len(starts) == 1:
        return starts[0]
    import difflib
    close = difflib.get_close_matches(wanted, list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


def is_preset_id(name: str) -> bool:
    """Whether ``name`` can name a preset ([tool.pmkit.policies.<name>])."""
    return bool(_ID_RE.match(name))


__all__ = [
    "BUILTIN_IDS",
    "Calendar",
    "Condition",
    "Deadline",
    "Limb",
    "Policy",
    "SignOff",
    "Stage",
    "builtin",
    "folded_name",
    "parse_policies",
    "policies",
]
