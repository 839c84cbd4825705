"""Functions of the public API that work on single documents and models."""

from __future__ import annotations

import io
import math
import os
import sys
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pmkit.config import Config
from pmkit.diagnostics import Diagnostic, Severity
from pmkit.discovery import LONGEST_PATH, text_given_as_path
from pmkit.durations import Metrics
from pmkit.fsutil import PathName
from pmkit.loader import (
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    MAX_INT_BITS,
    Document,
    FieldPath,
    LoadError,
    format_path,
    looks_like_markdown,
    parse_text,
    read_document,
    text_too_large,
)
from pmkit.model import BareDate, Postmortem, TimelineEntry
from pmkit.schema import Endless, describe, load_model

#: A run's reference time as the API takes it: a datetime (UTC when it has no zone), a date
#: (its midnight UTC, as ``--now 2026-03-01`` is), an ISO 8601 text, or None for PMKIT_NOW or
#: the clock.
Moment = datetime | date | str | None


def load(path: PathName, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Postmortem:
    """Read a postmortem file (YAML or Markdown) into a model.

    The model remembers the file (not in its fields: it dumps and compares equal as before), so
    that :func:`validate` takes it for that file, not for another postmortem with its id (PM027),
    also after a change made in code; a copy of the model (``model_copy``) is read from no file.

    Raises :class:`pmkit.LoadError`, carrying the diagnostics, when the file cannot be read or
    does not match the schema.
    """
    if not isinstance(path, (str, bytes, os.PathLike)):
        # os.fsdecode's "expected str, bytes or os.PathLike object" named neither the argument
        # nor what reads an open file's text.
        hint = " (pmkit.loads(file.read()) reads an open file's text)" if hasattr(path, "read") else ""
        raise TypeError(f"path must be a file name (str, bytes or os.PathLike), not "
                        f"{type(path).__name__}{hint}")
    if (why := text_given_as_path(path)) is not None:
        # The text of a postmortem given for its name: the LoadError quoted the whole text as a
        # file name that could not be read.
        raise ValueError(f"path {why} and names no file: pmkit.loads(text) reads a postmortem given "
                         "as text")
    _check_max_bytes(max_bytes)
    name = os.fsdecode(path)
    return _remembered(load_model(read_document(name, max_bytes=max_bytes)), name)


#: The file each model :func:`load` made was read from, by the model's ``id()``, for
#: :func:`validate`: kept beside the model, not in it, so that it dumps and compares equal as
#: before (a private attribute of the model is compared by ``==``). An entry goes with its model.
_ORIGINS: dict[int, str] = {}


def _remembered(model: Postmortem, path: str) -> Postmortem:
    """``model``, remembered as read from ``path``."""
    key = id(model)
    _ORIGINS[key] = path
    weakref.finalize(model, _ORIGINS.pop, key, None)
    return model


def _origin(postmortem: Postmortem) -> str | None:
    """The file ``postmortem`` was read from by :func:`load` (or :func:`loads` given the name of
    a file), as it was named; None for a model made otherwise (in code, from a text, a copy)."""
    return _ORIGINS.get(id(postmortem))


def metrics(postmortem: Postmortem) -> Metrics:
    """The incident metrics of ``postmortem``: the milestones' times and the durations from the
    start of impact (:mod:`pmkit.durations`).

    A timeline time set in code without a UTC offset (``entry.at = datetime(2026, 11, 2, 9)``)
    is read in the postmortem's ``timezone``, as :func:`validate` and its file read it; where
    the postmortem names no zone pmkit knows, or the time does not exist in it (the clocks
    skipped it), that is a ValueError naming the entry: "can't subtract offset-naive and
    offset-aware datetimes" named none. So is any other time a file reads (a ``date``, a text
    such as ``"2026-01-02T10:00:00Z"``, an entry given as a mapping of its fields) read as the
    file reads it, and what no file holds there (a number, another section's model, a single
    entry where the list is meant) a ValueError naming the entry or the field."""
    from pmkit.durations import metrics as measured

    if not isinstance(postmortem, Postmortem):
        raise not_a_postmortem(postmortem)
    timeline: Any = postmortem.timeline
    if timeline is None:
        return measured(postmortem)
    if not isinstance(timeline, list):
        # (a single entry, iterated as a model, gave "'tuple' object has no attribute 'at'")
        raise ValueError(f"timeline: {_Misplaced(timeline, TimelineEntry, True).what} is not a list of "
                         "timeline entries (pmkit.validate reports it)")
    read = list(timeline)
    for index, entry in enumerate(timeline):
        if isinstance(entry, dict):
            read[index] = _entry_read(postmortem, entry, index)
        elif not isinstance(entry, TimelineEntry):
            raise ValueError(f"timeline[{index}]: {_Misplaced(entry, TimelineEntry, False).what} is not a "
                             "timeline entry (pmkit.validate reports it)")
        elif not isinstance(entry.at, datetime) or entry.at.utcoffset() is None:
            # A time without an offset, a date, a text: read as its file reads it (a bare date
            # is a day, a text a timestamp); what a file cannot hold there names the entry, as
            # "unsupported operand type(s) for -: 'datetime.date' and 'datetime.datetime'" did not.
            read[index] = entry.model_copy(
                update={"at": _in_own_zone(postmortem, entry.at, ("timeline", index, "at"))})
    if any(new is not old for new, old in zip(read, timeline, strict=True)):
        postmortem = postmortem.model_copy(update={"timeline": read})
    return measured(postmortem)


def _entry_read(postmortem: Postmortem, entry: dict[Any, Any], index: int) -> TimelineEntry:
    """A timeline entry set in code as a mapping, read as its file would read it."""
    from pydantic import TypeAdapter, ValidationError

    from pmkit.model import validation_context

    try:
        return TypeAdapter(TimelineEntry).validate_python(
            entry, context=validation_context({"timezone": postmortem.timezone}))
    except ValidationError as exc:
        error = exc.errors()[0]
        raise ValueError(f"{format_path(('timeline', index, *error['loc']))}: {error['msg']} "
                         "(pmkit.validate reports it)") from None


def _in_own_zone(postmortem: Postmortem, moment: Any, path: FieldPath) -> datetime:
    """``moment``, a time without an offset (or a date, a text), read as a file's is: in the
    postmortem's zone."""
    from pydantic import TypeAdapter, ValidationError

    from pmkit.model import Timestamp, validation_context

    try:
        read: datetime = TypeAdapter(Timestamp).validate_python(
            moment, context=validation_context({"timezone": postmortem.timezone}))
    except ValidationError as exc:
        said = exc.errors()[0]["msg"]
        raise ValueError(f"{format_path(path)}: {said} (pmkit.validate reports it)") from None
    return read


def _check_max_bytes(max_bytes: object) -> None:
    """Refuse a limit on a file's size that is no number of bytes, or none a file can be under."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
        raise TypeError(f"max_bytes must be a number of bytes (int), not {type(max_bytes).__name__}")
    if max_bytes < 1:  # every file was then "over the limit of -1 bytes"
        raise ValueError(f"max_bytes must be 1 or more, not {max_bytes}")


def loads(text: str, *, markdown: bool | None = None, path: str | os.PathLike[str] = "<string>",
          max_bytes: int = DEFAULT_MAX_BYTES) -> Postmortem:
    """Parse postmortem text into a model; raises :class:`pmkit.LoadError` like :func:`load`.

    ``markdown``: read the text as a Markdown postmortem (True) or as YAML (False); by default
    the text says which (front matter between '---' lines, then sections such as ``## Summary``).
    ``max_bytes``: a longer text (in UTF-8) is PM006, as a longer file is for :func:`load`.
    ``path``: the name the text goes by in errors; the name of a file (not "<string>"), it is
    the file the model stands for, as for :func:`load`."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    # (os.fsdecode's "expected str, bytes or os.PathLike object, not int" named no argument, and
    # markdown="no" read the text as Markdown)
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike[str], not {type(path).__name__}")
    if markdown is not None and not isinstance(markdown, bool):
        raise TypeError(f"markdown must be True, False or None, not {type(markdown).__name__}")
    _check_max_bytes(max_bytes)
    if _names_a_file(text):
        # (it was read as the YAML document 'postmortems/x.yaml': "top level of a postmortem
        # must be a mapping of fields, found a string")
        raise ValueError(f"text is the file name '{text.strip()}', not a postmortem's text: pmkit.load(path) "
                         "reads a file")
    name = os.fsdecode(path)
    # (a 30 MB text took minutes to parse where a file of that size is refused unread)
    if (refused := text_too_large(text, name, max_bytes)) is not None:
        raise LoadError(refused.diagnostics)
    if markdown is None:
        markdown = looks_like_markdown(text)
    model = load_model(parse_text(text, name, markdown=markdown))
    from pmkit.formats.paths import is_pseudo

    return model if is_pseudo(name) else _remembered(model, name)


def _names_a_file(text: str) -> bool:
    """``text`` is a file's name given for a postmortem's text: one line with a postmortem file's
    suffix and no mapping in it."""
    from pmkit.loader import MARKDOWN_SUFFIXES

    name = text.strip()
    return ("\n" not in name and ": " not in name and not name.endswith(":") and len(name) <= LONGEST_PATH
            and name.lower().endswith((".yaml", ".yml", *MARKDOWN_SUFFIXES)))


def check_text(
    text: str, path: str | os.PathLike[str] = "<string>", config: Config | None = None, *, now: Moment = None
) -> list[Diagnostic]:
    """All findings for one document given as text (positions refer to ``text``), as a plain
    list sorted by place, not a :class:`pmkit.Report` as :func:`pmkit.check` returns:
    ``pmkit.Report(findings).exit_code()`` gives the exit code (``fail_on=`` the settings'
    ``fail_on`` for other than errors).

    ``path``: the file the text is (a version of); its id is compared with the other files of the
    configured folders (PM027). Without one, a text that is a file's whole text (whatever its
    line breaks) is taken for that file; any other text with a file's id is a duplicate of it.

    ``config``: the settings; without them, those :func:`pmkit.check` would use for ``path``
    (``[tool.pmkit]`` or ``.pmkit.toml`` found upward from it; a settings file with a mistake
    is a :class:`pmkit.ConfigError`), and for a text without a name the built-in defaults. A
    path with a NUL character, which no file has, is a ValueError, as for :func:`pmkit.check`."""
    from pmkit.engine import Checker  # (the rules: imported when a text is checked)

    return Checker(_settings_for(config, path), now=now).check_text(text, path)


def _settings_for(config: Config | None, path: object) -> Config | None:
    """``config``, or when None the settings found upward from ``path``, the file a text or model
    stands for, as :func:`pmkit.check` finds them for its first path: they were the built-in
    defaults, so an editor's check of a file reported every rule a project had turned off. None
    (the defaults) for a text or model that stands for no file."""
    if isinstance(path, os.PathLike):
        path = os.fspath(path)
    if not isinstance(path, str):
        return config  # (the check names the argument of the wrong kind)
    from pmkit.engine import refuse_nul_path

    refuse_nul_path(path)  # before the settings are looked for upward from it
    from pmkit.formats.paths import is_pseudo

    if config is not None or is_pseudo(path):
        return config
    from pmkit.config import load_config

    return load_config(start=Path(path))


def validate(postmortem: Postmortem, config: Config | None = None, *, now: Moment = None) -> list[Diagnostic]:
    """Run every rule on a model; returns a plain list of findings (sorted), as :func:`check_text`
    does (``pmkit.Report(findings).exit_code()`` gives the exit code, where :func:`pmkit.check`
    returns a :class:`pmkit.Report`).

    A model built in code is checked as :func:`dump` writes it: the findings name it
    "<postmortem>", at that text's lines and columns.

    A model :func:`load` read (or :func:`loads` given a file's name) is a version of that file.
    Unchanged (it is what the file, as it is now, reads as), the file itself is checked, as
    :func:`pmkit.check` checks it: the file's path, lines and columns, its suppressions, the
    history rules (PM6xx). Changed in code since, it is checked as :func:`dump` writes it, as a
    model built in code is: a model holds no comments, so the file's suppressions are not in
    that text (a file written from the dump has none either), and the history rules do not run
    (the dump is not the file's text). A file that can no longer be read is left aside too.

    Its id is compared with the configured folders' other files (PM027), not with its own file;
    a model made otherwise is compared with them all, as :func:`check_text` compares a text
    without a name (the file whose text is its :func:`dump` is the same document).

    ``config``: the settings; without them, for a model :func:`load` read, those :func:`pmkit.check`
    would use for its file (a settings file with a mistake is a :class:`pmkit.ConfigError`), and
    for any other model the built-in defaults."""
    if not isinstance(postmortem, Postmortem):
        raise not_a_postmortem(postmortem, checks=True)
    from pmkit.engine import Checker

    # A value set in code that no file can hold (bytes, a Python object) is written as an empty
    # value, and the check is given the value itself there: the schema reports it at its field,
    # as it reports .nan (PM012), where writing it out failed.
    unwritable: dict[FieldPath, Any] = {}
    text = _dumped(postmortem, unwritable)
    # (a whole number too large to write out is read as infinite, as in a file: see loader._integer)
    values = {path: (math.inf if value > 0 else -math.inf) if isinstance(value, int) else value
              for path, value in unwritable.items()}
    # The file a model was read from is its own: its id was "also the id of" that file (PM027).
    # (Its text is still checked as "<postmortem>": the positions are the dump's, and the history
    # rules would compare that YAML with the file's base version, a Markdown file's too.)
    origin = _origin(postmortem)
    settings = _settings_for(config, origin) if origin is not None else config
    checker = Checker(settings, now=now)
    file = _file_document(origin, checker.config.max_file_size) if origin is not None else None
    if origin is not None and file is not None and not unwritable and _reads_as(file, postmortem):
        # Unchanged since it was read: the file is checked, as pmkit check checks it (its
        # suppressions, its lines and columns; the history rules too). The dump's positions
        # were another text's, under "<postmortem>", and the file's suppressions went unread.
        return checker.check_text(file.text, origin)
    # The history rules (PM6xx) step aside: the text is the dump's, not the file's (a Markdown
    # file's base version is Markdown), and they would report the difference as a rewrite. Said
    # in the docs rather than in a PM600 note on every model a program validates.
    return checker._check_text(text, "<postmortem>", values, stands_for=origin)


def _file_document(path: str, max_bytes: int) -> Document | None:
    """The file a model was read from, as it is now; None when it can no longer be read as a
    postmortem (removed, too large, not UTF-8, no mapping of fields)."""
    doc = read_document(path, max_bytes=max_bytes)
    return doc if doc.ok else None


def _reads_as(doc: Document, postmortem: Postmortem) -> bool:
    """The file ``doc`` reads as ``postmortem``: the model is the file's as it was read, not
    changed in code since (nor the file since it was read)."""
    try:
        return load_model(doc) == postmortem
    except LoadError:
        return False


def dump(postmortem: Postmortem) -> str:
    """The model as YAML text in the file format (empty and unset fields left out), as a
    postmortem is written by hand: texts of several lines as blocks (``summary: |``), a
    timestamp written as a bare date as that date; ``loads`` reads it back as the same model (a
    time whose UTC offset has seconds, such as Amsterdam's +00:19:32 before 1937, is written as
    the same moment in UTC: a file's offset has hours and minutes only).

    Raises ValueError, naming the field, for a value set in code that a file cannot hold: bytes,
    a whole number too large to write out, an object that is no YAML value, a list or mapping
    that holds itself or is nested deeper than a file is read (:func:`validate` reports each of
    them as a finding)."""
    if not isinstance(postmortem, Postmortem):
        raise not_a_postmortem(postmortem)
    unwritable: dict[FieldPath, Any] = {}
    text = _dumped(postmortem, unwritable)
    if unwritable:
        path, value = next(iter(unwritable.items()))
        more = f" (and {len(unwritable) - 1} more)" if len(unwritable) > 1 else ""
        if isinstance(value, _Misplaced):
            raise ValueError(f"{format_path(path)}: {value.what} cannot be written there{more}; set it to "
                             f"{value.wanted}; pmkit.validate reports each such value")
        raise ValueError(f"{format_path(path)}: {describe(value)} cannot be written in a postmortem file"
                         f"{more}; set it to a value of the file format (docs/format.md): a text, a number, "
                         "a date, a list (pmkit.validate reports each such value)")
    return text


def _dumped(postmortem: Postmortem, unwritable: dict[FieldPath, Any]) -> str:
    """:func:`dump`'s text; each value a file cannot hold is written as an empty value, and kept
    in ``unwritable`` at its path."""
    from ruamel.yaml import YAML

    misplaced: dict[FieldPath, Any] = {}
    dumped = _placed(postmortem, (), misplaced).model_dump(exclude_none=True, warnings=False)
    for path, value in misplaced.items():
        _put(dumped, path, value)
    data = _pruned(dumped, lambda value, path: _file_value(value, path, unwritable))
    data = _pruned(data, lambda value, _path: None if value is _UNWRITTEN else _styled(value))
    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = False
    # Never folded: a folded plain value left a space at the end of each line it broke.
    yaml.width = sys.maxsize
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


class _Misplaced(Endless):
    """A value set in code on a section of the model that is no value of a file and not the
    section's model either: another section's model (``pm.disclosure = Notification(...)``), a
    class (``pm.impact = Impact``, without its parentheses), an enum member, an object with
    attributes (a dataclass, a SimpleNamespace), a model where a list of them is meant. The
    serializer wrote what it could of it: the fields it shared with the section's model (a
    factor as an action item of its id alone), or nothing, or it failed on a class ("'mappingproxy'
    object is not an instance of 'dict'"). Given to the schema in its place, as :class:`Endless`
    is, it is reported at its field (PM012)."""

    def __init__(self, value: Any, wanted: type[BaseModel], many: bool) -> None:
        if isinstance(value, type):
            what = f"the class {value.__name__} itself"
        elif isinstance(value, BaseModel) and type(value).__module__ == "pmkit.model":
            what = f"a pmkit {type(value).__name__}"
        elif isinstance(value, Enum):
            what = f"the enum member {type(value).__name__}.{value.name}"
        else:
            what = describe(value)
        self.what = what
        self.wanted = (f"a list of pmkit.{wanted.__name__} (or of mappings of their fields)" if many
                       else f"a pmkit.{wanted.__name__} (or a mapping of its fields)")


#: The value kinds a file's data holds (and those :func:`_file_value` says a file cannot):
#: set in code on a section, they are written as they are, and the schema says what is wrong
#: with them as it says it of a file's.
_DATA_LIKE = (dict, list, str, int, float, date, bytes, bytearray, memoryview)


def _misplaced(value: Any) -> bool:
    """``value``, found where a section's model is meant and not one, is none a file holds."""
    return isinstance(value, Enum) or not isinstance(value, _DATA_LIKE)


def _placed(model: BaseModel, path: FieldPath, misplaced: dict[FieldPath, Any]) -> BaseModel:
    """``model``, or a copy of it (not validated again) in which each value of a section that is
    neither the section's model nor a value of a file is an empty mapping, the value kept in
    ``misplaced`` at its path as a :class:`_Misplaced`."""
    updates: dict[str, Any] = {}
    for name, (wanted, many) in _sections(type(model)).items():
        value = model.__dict__.get(name)
        where = (*path, name)
        if value is None:
            continue
        if not many and isinstance(value, wanted):
            if (placed := _placed(value, where, misplaced)) is not value:
                updates[name] = placed
        elif many and isinstance(value, list):
            items = list(value)
            for index, item in enumerate(value):
                if isinstance(item, wanted):
                    items[index] = _placed(item, (*where, index), misplaced)
                elif item is not None and _misplaced(item):
                    at: FieldPath = (*where, index)
                    misplaced[at] = _Misplaced(item, wanted, False)
                    items[index] = {}
            if any(new is not old for new, old in zip(items, value, strict=True)):
                updates[name] = items
        elif _misplaced(value):
            misplaced[where] = _Misplaced(value, wanted, many)
            updates[name] = {}
    return model.model_copy(update=updates) if updates else model


#: The sections of each model class: its fields that hold a model, by name, with that model's
#: class and whether the field holds a list of them.
_SECTIONS: dict[type[BaseModel], dict[str, tuple[type[BaseModel], bool]]] = {}


def _sections(cls: type[BaseModel]) -> dict[str, tuple[type[BaseModel], bool]]:
    found = _SECTIONS.get(cls)
    if found is None:
        import typing

        found = {}
        for name, info in cls.model_fields.items():
            union = typing.get_origin(info.annotation) is not list and typing.get_args(info.annotation)
            for arg in union or (info.annotation,):
                many = typing.get_origin(arg) is list
                inner = typing.get_args(arg)[0] if many else arg
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    found[name] = (inner, many)
        _SECTIONS[cls] = found
    return found


def _put(data: Any, path: FieldPath, value: Any) -> None:
    """Set ``value`` at ``path`` in the dumped ``data`` (where the dump holds an empty mapping)."""
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def not_a_postmortem(value: object, *, checks: bool = False) -> TypeError:
    """The error for ``value`` given where a model is wanted, saying what makes one: a file name
    or a text taken for a model said "not str", and left the way to read it to guess. ``checks``:
    for :func:`validate`, which also names the functions that check a file or text."""
    if isinstance(value, (str, bytes, os.PathLike)):
        how = "pmkit.load(path) reads a file into one, pmkit.loads(text) a text"
        if checks:
            how += "; pmkit.check([path]) and pmkit.check_text(text) check them as they are"
    else:
        how = "pmkit.load, pmkit.loads or Postmortem.model_validate make one"
    return TypeError(f"postmortem must be a pmkit.Postmortem, not {type(value).__name__} ({how})")


def _pruned(value: Any, leaf: Callable[[Any, FieldPath], Any], path: FieldPath = (),
            within: frozenset[int] = frozenset()) -> Any:
    """``value`` without its empty and unset fields, each other value as ``leaf`` makes it of
    the value and its path. A list or mapping inside itself (``within``: those it is inside
    of), or nested deeper than a file is read, is given to ``leaf`` as an :class:`Endless`, a
    value no file can hold: it was taken apart until Python's RecursionError."""
    if isinstance(value, (dict, list)) and id(value) in within:
        return leaf(Endless(value, "that holds itself"), path)
    if isinstance(value, (dict, list)) and len(within) >= MAX_DEPTH:
        return leaf(Endless(value, f"nested deeper than {MAX_DEPTH} levels"), path)
    if isinstance(value, dict):
        within |= {id(value)}
        return {k: _pruned(v, leaf, (*path, k), within) for k, v in value.items() if not _empty(v)}
    if isinstance(value, list):
        within |= {id(value)}
        return [_pruned(v, leaf, (*path, i), within) for i, v in enumerate(value)]
    return leaf(value, path)


def _empty(value: Any) -> bool:
    """An empty list or mapping, or no value: a field left out of the file."""
    return value is None or (isinstance(value, (list, dict)) and not value)


def _file_value(value: Any, path: FieldPath, unwritable: dict[FieldPath, Any]) -> Any:
    """One value of the model as the file holds it.

    A timestamp written as a bare date (``2025-02-14``) is written so again: as a time it became
    that day's midnight, a moment the rules then took at its word (a "resolved" entry before the
    incident began, PM104, where the file had a day without a time of day, PM106), and the
    metrics counted from it.

    Not in mode="json": it wrote a value set in code without validation (pm.impact.users_affected
    = float("nan")) as null, which the dump then left out, so validate() found nothing wrong, and
    the serializer's warnings went to stderr. As constants (.nan, .inf), the check reports them.
    A value no file can hold is kept in ``unwritable`` and written as an empty value (its key
    stays, for the finding's place): bytes (b"abc" was written as the text 'abc', which the
    model refuses for text), a whole number too large to write out in decimal (ruamel's
    "Exceeds the limit (4300 digits)") and an object that is no YAML value (pydantic's "Unable
    to serialize unknown type"), and a list or mapping that holds itself or is nested deeper
    than a file is read (a RecursionError)."""
    from pydantic_core import PydanticSerializationError, to_jsonable_python

    if isinstance(value, BareDate):
        value = value.date()
    elif isinstance(value, datetime) and (offset := value.utcoffset()) is not None and offset % _MINUTE:
        # An offset of seconds (Amsterdam's +00:19:32 until 1937, a local time of the document's
        # zone then) has no written form in a file: ISO 8601 and the serializer write '+00:19',
        # 32 seconds off. The same moment in UTC is exact.
        value = value.astimezone(timezone.utc)
    if isinstance(value, (bytes, bytearray, memoryview, Endless)) or (
            isinstance(value, int) and value.bit_length() > MAX_INT_BITS):
        unwritable[path] = value
        return _UNWRITTEN
    try:
        return to_jsonable_python(value, inf_nan_mode="constants")
    except (PydanticSerializationError, ValueError):
        unwritable[path] = value
        return _UNWRITTEN


_MINUTE = timedelta(minutes=1)

#: Where :func:`_file_value` left out a value no file can hold (an empty value is written).
_UNWRITTEN = object()


def _styled(value: Any) -> Any:
    """A text of several lines as a block (``summary: |``), as postmortems are written: quoted,
    its lines ran together into one with ``\\n`` between them, folded at the width. A text with
    a character a block cannot hold as it is is written in double quotes, escaped: a block
    reads "\\r\\n" as "\\n", a control character in it is no YAML at all, and in single quotes
    (ruamel's choice for a one-line text) a line or paragraph separator (U+0085, U+2028, U+2029)
    was written as a line break and read back as spaces."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if not isinstance(value, str):
        return value
    if any((char < " " and char not in "\n\t") or "\x7f" <= char <= "\x9f" or char in "\u2028\u2029"
           or "\ud800" <= char <= "\udfff" for char in value):
        return DoubleQuotedScalarString(value)
    return LiteralScalarString(value) if "\n" in value else value


@dataclass
class Loaded:
    """One file read for a report command: the model when one could be built, and the
    problems (load and schema errors) met on the way."""

    path: str
    doc: Document
    model: Postmortem | None
    problems: list[Diagnostic]

    def describe_problem(self) -> str:
        first = self.problems[0] if self.problems else None
        return f"{first.line}:{first.col}: {first.code} {first.message}" if first else "not a postmortem"


def load_all(
    paths: Sequence[str | os.PathLike[str]], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Loaded]:
    """Every postmortem file under ``paths``, for the commands that report across a repository.

    A file whose schema errors could be set aside still yields its model (as ``pmkit check``
    does), so one wrong field does not hide a postmortem's action items or clocks.
    """
    # Checked here, when called: load_all(paths, max_bytes="5") failed on the first file with
    # "'>' not supported between instances of 'int' and 'str'", and max_bytes=0 reported every
    # file as too large.
    _check_max_bytes(max_bytes)
    return _loaded(paths, max_bytes)


def _loaded(paths: Sequence[str | os.PathLike[str]], max_bytes: int) -> Iterator[Loaded]:
    from pmkit.discovery import discover
    from pmkit.schema import validate_document

    for name in discover(paths):
        doc = read_document(name, max_bytes=max_bytes)
        model, problems = validate_document(doc) if doc.ok else (None, [])
        errors = [d for d in [*doc.diagnostics, *problems] if d.severity is Severity.ERROR]
        yield Loaded(name, doc, model, errors)


__all__ = [
    "LoadError", "Loaded", "Moment", "Path", "check_text", "dump", "load", "load_all", "loads",
    "metrics", "validate",
]
