"""PM6xx: history. Once published, every change of a fact is declared, never slipped in.

Each file is compared with its version at the *base*: ``HEAD`` in a pre-commit hook (the
file as it will be committed against the last commit), ``--base REF`` in CI (the pull
request's base; its merge base with ``HEAD``), or ``PRE_COMMIT_FROM_REF`` when pre-commit
provides it. The base versions of all files of a run are read in one batch
(:func:`pmkit.history.baseline`); the facts compared are those of :mod:`pmkit.facts`.

Outside git, without a base, or for a file that is not in the base yet, the rules step
aside; PM600 says so once per run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from pmkit.config import register_section
from pmkit.diagnostics import Diagnostic, Severity
from pmkit.fsutil import link_target
from pmkit.loader import (
    MARKDOWN_SUFFIXES,
    POSTMORTEM_SUFFIXES,
    Span,
    is_lfs_pointer,
    scanned_file_id,
    written_in_flow,
)
from pmkit.rules import GIT_BASE, GIT_LOG, Context, Rule, RunState, register

if TYPE_CHECKING:
    from pmkit.config import Config
    from pmkit.engine import Checker
    from pmkit.facts import CorrectionDiff, CorrectionEntry, FactChange
    from pmkit.history import Baseline, GitEvidence

PUBLISHED = "published"



def _facts() -> Any:
    """:mod:`pmkit.facts`, imported when a comparison is made (not on every run)."""
    import pmkit.facts

    return pmkit.facts

@dataclass
class Comparison:
    """One file against its base version."""

    baseline: Baseline
    rel: str
    base_rel: str
    base_data: dict[str, Any]
    data: dict[str, Any]
    changes: list[FactChange] = field(default_factory=list)
    corrections: CorrectionDiff = field(default_factory=lambda: _facts().CorrectionDiff())
    renamed_by: str = ""  # "git" (a rename git detected) or "id" (same id, another path)

    @cached_property
    def pushed(self) -> Pushed | None:
        """The file as the newest pushed commit has it (:func:`pushed_version`); read when first
        asked: it costs git commands."""
        return pushed_version(self.baseline, self.base_rel)

    @property
    def unread(self) -> str | None:
        """Why git could not read the file as pushed (or what it is, when not text: see
        :attr:`Pushed.not_text`), once :attr:`shared` was asked; None when it could. What
        readers saw is then unknown: the rules that depend on it step aside and say so
        (:func:`unread_notice`), instead of taking the version for one not pushed."""
        pushed = self.__dict__.get("pushed")  # not read here: only once a rule needed it
        return None if pushed is None else pushed.unread

    @cached_property
    def shared(self) -> tuple[dict[str, Any], frozenset[tuple[Any, ...]]] | None:
        """The file as the newest pushed commit has it, and the keys of its corrections, when
        the base commit was not pushed yet (``{}`` when no pushed commit has the file, or when
        git could not read it: see :attr:`unread`); None when the base was pushed, or when
        nothing tells (no remote-tracking branches of this history: every commit counts as
        shared). Unread, it shares nothing: no correction counts as pushed, no change as one
        readers saw, no publication as pushed, so that no rule reports what git did not show."""
        pushed = self.pushed
        if pushed is None:
            return None
        text = pushed.text
        data = _facts().load_data(text, markdown=_markdown(self.base_rel)) if text is not None else {}
        data = data if isinstance(data, dict) else {}
        return data, frozenset(entry.key for entry in _facts().corrections(data))

    def was_shared(self, entry: CorrectionEntry) -> bool:
        """Whether a correction of the base version may have been read: it is in a pushed
        version, or nothing tells (no remote-tracking branches)."""
        return self.shared is None or entry.key in self.shared[1]

    def changed_since_shared(self, changes: list[FactChange]) -> list[FactChange]:
        """Of ``changes`` (against the base), those that also change the file as it was pushed
        and published; all of them when the base was pushed. A value a local commit changed
        and this one changes back, or a postmortem first published in a commit not pushed
        yet, changed nothing anyone read."""
        if self.shared is None:
            return changes
        shared = self.shared[0]
        if shared.get("status") != PUBLISHED:
            return []
        since = {change.field for change in _facts().diff_facts(shared, self.data)}
        return [change for change in changes if change.field in since]

    def declaring(self) -> list[CorrectionEntry]:
        """The corrections that may declare this version's changes: those added since the base,
        and, when the base was not pushed yet, those added since the pushed version (the
        correction of a commit that is being amended)."""
        added = list(self.corrections.added)
        if self.shared is None:
            return added
        known = {entry.key for entry in added}
        return added + [entry for entry in _facts().corrections(self.data)
                        if entry.key not in known and not self.was_shared(entry)]

    @property
    def published(self) -> bool:
        return self.base_data.get("status") == PUBLISHED

    @property
    def published_as_pushed(self) -> bool:
        """Published at the base, and as pushed (or nothing tells): a publication made in a
        commit not pushed yet was read by no one, and may still be taken back or moved."""
        return self.published and (self.shared is None or self.shared[0].get("status") == PUBLISHED)

    @property
    def label(self) -> str:
        return self.baseline.label


def _is_file(ctx: Context) -> bool:
    """Only real files have a history; a text checked through the API has none."""
    return os.path.isfile(ctx.doc.path)


def _markdown(path: str) -> bool:
    return Path(path).suffix.lower() in MARKDOWN_SUFFIXES


def _baseline(ctx: Context) -> Baseline:
    from pmkit.history import baseline

    return baseline(ctx.run, ctx.config, ctx.doc.path)


def _parsed(run: RunState, base: Baseline, rel: str) -> dict[str, Any] | None:
    """A base version's data, parsed once per run."""
    def parse() -> dict[str, Any] | None:
        text = base.texts.get(rel)
        return None if text is None else _facts().kept_data(text, markdown=_markdown(rel), keep=_keeps(run))

    result: dict[str, Any] | None = run.for_document(f"history-base:{base.sha}:{rel}", parse)
    return result


#: The most files of a run whose versions the command keeps for the next run's comparisons
#: (:func:`pmkit.facts.kept_data`): a hook's few.
KEPT_VERSIONS_FILES = 10


def _keeps(run: RunState) -> bool:
    return len(run.paths) <= KEPT_VERSIONS_FILES


def _first_commit(base: Baseline) -> bool:
    """A new repository's (or orphan branch's) first commit: every file is new, nothing was
    published before it, and there is nothing to compare with or to say."""
    return base.evidence.unborn and base.ref == "HEAD"


def comparison(ctx: Context) -> Comparison | None:
    """The file against its base version, computed once per file and shared by the rules."""
    if not _is_file(ctx) or not isinstance(ctx.doc.data, dict):
        return None

    def compute() -> Comparison | None:
        base = _baseline(ctx)
        if not base.available:
            return None
        rel = base.evidence.relative(ctx.doc.path)
        if rel is None:
            return None
        base_rel = base.base_paths.get(rel, rel)
        renamed_by = "git" if base_rel != rel else ""
        base_text = base.texts.get(base_rel)
        text = ctx.doc.text
        if base_text is not None and base_text != text:
            text = _stored_text(ctx, base, rel) or text
        if base_text is not None and base_text == text and not renamed_by:
            return Comparison(base, rel, base_rel, {}, {})  # unchanged: nothing to compare
        base_data = _parsed(ctx.run, base, base_rel)
        # Both versions are read by the same loader (load_data), so they compare like for like.
        # A YAML file's data is what that loader made of it for this check: not parsed again
        # (a second read of a large file, seconds for 10,000 timeline entries).
        if ctx.doc.kind == "yaml" and not _markdown(ctx.doc.path) and text is ctx.doc.text:
            data = ctx.doc.data
            if _keeps(ctx.run):  # (this file as it is now is likely the next commit's base version)
                _facts().keep_data(text, data)
        else:
            data = _facts().kept_data(text, markdown=_markdown(ctx.doc.path), keep=_keeps(ctx.run)) or {}
        if base_data is None and base_text is None:
            base_rel, base_data = _same_id(ctx.run, base, data.get("id"))
            renamed_by = "id" if base_data is not None else ""
        if base_data is None:
            return None
        comp = Comparison(base, rel, base_rel, base_data, data, renamed_by=renamed_by)
        comp.changes = _facts().diff_facts(base_data, data)
        comp.corrections = _facts().diff_corrections(base_data, data)
        return comp

    result: Comparison | None = ctx.run.for_document(f"history-comparison:{ctx.doc.path}", compute)
    return result


def _stored_text(ctx: Context, base: Baseline, rel: str) -> str | None:
    """The text git would store for the file when git converts it on checkout (an ``ident``, a
    filter's keyword, another encoding: :meth:`GitEvidence.stored_text`), else None; the
    attributes of every file of the run in the repository are asked for at once."""
    from pmkit.gitplace import repository_key
    from pmkit.history import files_in

    evidence = base.evidence
    key = repository_key(ctx.doc.path)
    # Asked once per run and repository: named again for each changed file, the run's 1,000
    # names made a million lookups (pmkit check --select PM6 of 1,000 changed files: 2 s -> 9 s).
    converted: set[str] = ctx.run.get(f"history-converted:{key}", lambda: evidence.converted(
        [r for path in files_in(ctx.run, key) if (r := evidence.relative(path)) is not None]))
    if rel not in converted and rel not in evidence.converted([rel]):
        return None
    return evidence.stored_text(rel)


def _same_id(run: RunState, base: Baseline, ident: Any) -> tuple[str, dict[str, Any] | None]:
    """A base file, gone from the working tree, that carried the same postmortem id."""
    if not isinstance(ident, str) or not ident:
        return "", None
    for old in base.deleted:
        data = _parsed(run, base, old)
        if data is not None and data.get("id") == ident:
            return old, data
    return "", None


def _where(ctx: Context, change: FactChange,
           base_data: dict[str, Any] | None = None) -> tuple[tuple[str | int, ...], Span | None]:
    """Where to report a change: at its field, or for numbers in prose at the first new number.

    A ``summary: |`` block starts with its indicator line, and a Markdown section with its
    heading; the changed number may be many lines below, where the annotation belongs. Prose
    in YAML is located through the source map (:func:`pmkit.textmap.locate`), a Markdown
    body section by its offset in the file; a section with no new number gets its heading.
    """
    from pmkit.textmap import locate, text_span

    facts = _facts()
    if not change.path or change.path[0] != facts.BODY:
        if change.offsets is None or not isinstance(change.new_raw, str):
            return change.path, None
        return change.path, locate(ctx.doc, change.path, change.new_raw, *change.offsets)
    heading = str(change.path[1]) if len(change.path) > 1 else ""
    # Split and indexed once per document, not once per change reported in it (10,000
    # sections with a changed number each took seconds).
    body = ctx.run.for_document("pmkit.history.body", lambda: _Body(ctx.doc.text, ctx.doc.body_line))
    part = body.by_key.get(heading)
    if part is not None:
        section, start = part
        if change.offsets is not None:
            return (), text_span(ctx.doc.text, start + change.offsets[0], start + change.offsets[1])
        if section is not None:
            return (), Span(section.line, 1, section.line, section.heading_end_col)
    # A section that is gone: at the heading that now stands where it was (the one after the
    # last section before it that is still there), not at the top of the body.
    headings, order = body.headings, body.order
    old = ctx.run.for_document(f"pmkit.history.old_headings:{id(base_data)}",
                               lambda: _Positions(_body_headings(base_data)))
    label = change.field.removesuffix(facts.NUMBERS)
    if not heading and label.startswith("body[") and label.endswith("]"):
        heading = label[len("body["):-1]  # a removal's path stops at the body, its label does not
    if heading in old.index and order:
        survivor = next((key for key in reversed(old.keys[:old.index[heading]]) if key in headings), None)
        if survivor is None:
            target = order[0]
        else:
            at = body.position[survivor]
            target = order[at + 1] if at + 1 < len(order) else survivor
        section = headings[target]
        return (), Span(section.line, 1, section.line, section.heading_end_col)
    first = max(ctx.doc.body_line, 1)
    return (), Span(first, 1, first, 1)


class _Body:
    """A Markdown body's parts (:func:`pmkit.facts.body_parts`), looked up by key."""

    def __init__(self, text: str, body_line: int) -> None:
        parts = _facts().body_parts(text, body_line)
        self.by_key: dict[str, tuple[Any, int]] = {}
        for key, section, start, _end in parts:
            self.by_key.setdefault(key, (section, start))
        self.headings = {key: section for key, section, _start, _end in parts if section is not None}
        self.order = list(self.headings)
        self.position = {key: at for at, key in enumerate(self.order)}


class _Positions:
    """Keys in order, and the position of each (its first)."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = list(keys)
        self.index: dict[str, int] = {}
        for at, key in enumerate(self.keys):
            self.index.setdefault(key, at)


def _body_headings(data: dict[str, Any] | None) -> Iterable[str]:
    """The body sections' keys of a version, in the order they were written."""
    body = (data or {}).get(_facts().BODY)
    return (str(key) for key in body) if isinstance(body, dict) else ()


@register_section("history")
def _history_settings(section: dict[str, Any], origin: str) -> dict[str, str]:
    """``[tool.pmkit.history] retired``: published postmortems removed on purpose, with why."""
    from pmkit.config import ConfigError
    from pmkit.tomlkeys import named

    unknown = sorted(set(section) - {"retired"})
    if unknown:
        raise ConfigError(f"{origin}: unknown setting {named(unknown[0])} (known: retired)")
    value = section.get("retired", {})
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        raise ConfigError(
            f"{origin} retired must map a postmortem id or repository path to the reason it was "
            'removed, e.g. retired = { "2018-10-21-db" = "withdrawn: LEGAL-12" }'
        )
    return dict(value)


def _retired(config: Config) -> dict[str, str]:
    retired: dict[str, str] = _history_settings(config.section("history"), "[tool.pmkit.history]")
    return retired


def _is_retired(retired: Mapping[str, str], base: Baseline, rel: str, ident: object) -> bool:
    """Whether ``[tool.pmkit.history] retired`` lists the base file ``rel`` (by its path in its
    repository, or as the repository pmkit is run in names it: a submodule's
    ``docs/postmortems/x.yaml``) or its postmortem id."""
    if rel in retired or (isinstance(ident, str) and ident in retired):
        return True
    return _named(base, rel) in retired


def _named(base: Baseline, rel: str) -> str:
    """A path of the base's repository as the repository pmkit is run in names it: with the
    submodule's folder in front for a file of a submodule, as is."""
    from pmkit.history import nested_prefix

    return nested_prefix(base.evidence.root) + rel


def _git(base: Baseline) -> str:
    """The start of a git command, in a hint, for the base's repository, from where pmkit runs."""
    from pmkit.history import git_command

    return git_command(base.evidence.root)


def shell_word(word: str) -> str:
    """:func:`pmkit.history.shell_word`, imported when a hint needs it."""
    from pmkit.history import shell_word as quoted

    return quoted(word)


def _mentions(entry: CorrectionEntry, old: str) -> bool:
    """Whether a correction names the old path, file name or stem as a whole: not inside a
    longer name ("faq.yaml" does not name "q.yaml") nor at the end of another path
    ("archive/postmortems/q.yaml" is not "postmortems/q.yaml"; "./postmortems/q.yaml" is)."""
    text = entry.description
    for name in dict.fromkeys((old, Path(old).name, Path(old).stem)):
        if not name:
            continue
        before = r"(?<![\w.\-/\\])(?:\./)?" if name == old else r"(?<![\w.\-/\\])"
        if re.search(before + re.escape(name) + r"(?![\w\-/\\]|\.\w)", text):
            return True
    return False


def _today(ctx: Context) -> str:
    """Today where the postmortem is (its declared ``timezone``, else the team's by the
    settings, else UTC): the date of a correction written now, which in Tokyo in the morning
    is a day after UTC's. PM601's hint offers it, and PM608 takes a later date for the future."""
    return _today_date(ctx).isoformat()


def _today_date(ctx: Context) -> date:
    from pmkit.config import team_zone
    from pmkit.vocabulary import resolve_zone

    data = ctx.doc.data
    name = data.get("timezone") if isinstance(data, dict) else None
    zone = resolve_zone(name) if isinstance(name, str) and name.strip() else None
    return ctx.now.astimezone(zone or team_zone(ctx.config)).date()


#: A label YAML reads as the same plain string inside a flow sequence: no brackets, commas,
#: colons, quotes or blanks (``impact.users_affected``, ``severity``).
_PLAIN_LABEL = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


def flow_scalar(label: str) -> str:
    """``label`` written so that it reads back as itself inside a YAML flow sequence ``[...]``.

    Labels such as ``timeline[5].at`` or ``body[Summary]`` hold brackets, which end a plain
    scalar inside ``[...]`` (a pasted ``fields: [timeline[5].at]`` is a PM001 syntax error),
    so anything but a plain identifier path is double-quoted, with YAML's escapes.
    """
    if _PLAIN_LABEL.fullmatch(label):
        return label
    escaped = []
    for char in label:
        if char in '"\\':
            escaped.append("\\" + char)
        elif not char.isprintable():  # a control or separator character: YAML wants an escape
            escaped.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _correction_hint(ctx: Context, fields: Sequence[str]) -> str:
    names = ", ".join(flow_scalar(name) for name in dict.fromkeys(fields))
    entry = (f"{{at: {_today(ctx)}, description: \"<what was wrong, what is right, why>\", "
             f"fields: [{names}]}}")
    # A "- {...}" line below "corrections: []" (as 'pmkit new' drafts it) is a YAML syntax error:
    # a flow list takes the entry inside its brackets.
    span = ctx.doc.value_spans.get(("corrections",))
    if span is not None and written_in_flow(ctx.doc.text, span):
        if ctx.data.get("corrections") == []:
            return f"Published facts are corrected in the open: write 'corrections: [{entry}]'"
        return ("Published facts are corrected in the open: add inside the brackets of 'corrections: "
                f"[...]', after a comma, an entry such as {entry}")
    return f"Published facts are corrected in the open: append to 'corrections' an entry such as - {entry}"


@register
class HistoryUnavailable(Rule):
    """The history rules could not compare this run with git (said once per run).

    What it catches: nothing wrong with the postmortem. It says why the PM6xx rules stepped
    aside: the files are not in a git repository, git is not installed, the base named by
    ``--base`` or ``PRE_COMMIT_FROM_REF`` is not there (a shallow clone), or the base version
    of a file cannot be read (also when it is a Git LFS pointer: git holds only the pointer,
    and pmkit never downloads LFS contents), or its version in the newest pushed commit, which
    tells what readers saw when the base was not pushed yet (a corrupt object, a ``git
    cat-file`` that died): the findings that depend on it are then left out, not guessed. A
    new file (not in the base) and a new repository (no commits yet) are not reported: their
    history starts with this commit.

    Why: a check that silently does nothing is worse than one that says so. In CI, make sure
    the base is fetched (``actions/checkout`` with ``fetch-depth: 0``).

    Example::

        pm.yaml:1:1: PM600 history rules skipped: not inside a git repository

    Instead: run pmkit inside the repository, and pass ``--base origin/main`` in CI.
    """

    code = "PM600"
    git = frozenset({GIT_BASE})
    changes_only = True
    name = "history-unavailable"
    severity = Severity.INFO
    needs_model = False

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        if not _is_file(ctx):
            return
        base = _baseline(ctx)
        if _first_commit(base):
            return
        if base.problem is not None:
            if ctx.run.once("PM600:problem"):
                yield ctx.report((), f"history rules (PM6xx) skipped: {base.problem}", once="PM600:problem",
                                 hint=_problem_hint(base))
            return
        for note in base.notes:
            if ctx.run.once(f"PM600:{note}"):
                yield ctx.report((), f"history: {note}", once=f"PM600:{note}", hint=base.hints.get(note, ""))
        if not isinstance(ctx.doc.data, dict) or comparison(ctx) is not None:
            return
        rel = base.evidence.relative(ctx.doc.path)
        old = base.base_paths.get(rel or "", rel)
        if old in base.not_downloaded:
            yield ctx.report((), f"history rules skipped for {rel}: its version in {base.label} is not "
                             "in this partial clone (git clone --filter), and pmkit never fetches",
                             hint=f"Download it with '{_git(base)} show "
                             f"{shell_word(f'{(base.sha or base.ref)[:10]}:{old}')}' (git "
                             "fetches it), or clone without --filter (actions/checkout: no filter).")
            return
        if old in base.unreadable and base.evidence.promisor_packs and not base.evidence.partial:
            # Left out by a partial clone whose promisor remote was removed: missing, not damaged.
            yield ctx.report((), f"history rules skipped for {rel}: git cannot read its version "
                             f"in {base.label}: this partial clone (git clone --filter) did not download "
                             "it, and its promisor remote is gone from the settings ('git remote "
                             "remove'), so git cannot get it either; pmkit never fetches",
                             hint="Clone without --filter (actions/checkout: no filter, fetch-depth: 0).")
            return
        if old in base.unreadable:
            yield ctx.report((), f"history rules skipped for {rel}: git cannot read its version "
                             f"in {base.label} (a missing or corrupt object)",
                             hint=f"Run '{_git(base)} fsck' to find the damage; re-clone if needed.")
            return
        base_text = base.texts.get(old or "")
        if base_text is not None and is_lfs_pointer(base_text):
            from pmkit.history import LFS_HINT

            # git keeps only the pointer; its contents are on the LFS server, which pmkit never
            # asks (no network, no smudge filters).
            yield ctx.report((), f"history rules skipped for {rel}: its version in {base.label} is "
                             "a Git LFS pointer, and pmkit does not download LFS contents, so there "
                             "is nothing to compare it with",
                             hint=LFS_HINT)
            return
        if base_text is not None and base_text == link_target(ctx.doc.path):
            # A committed symbolic link: git's blob is the link's target path, not the text of
            # the file it points to (outside the repository, or git would hold that one).
            yield ctx.report((), f"history rules skipped for {rel}: it is a symbolic link to "
                             f"{base_text}, and git keeps the link, not the text it points to, so "
                             "there is no history to compare it with",
                             hint="Commit the postmortem itself into the repository instead of a "
                             "link to a file outside it.")
            return
        if old and old in base.not_text:
            # Said as the loader says it of such a file on the disk, rather than "not valid YAML
            # or not UTF-8 text", which left the author to find out which (a UTF-16 version,
            # committed before a working-tree-encoding attribute, is neither mojibake nor YAML).
            yield ctx.report((), f"history rules skipped for {rel}: its version in {base.label} "
                             f"{base.not_text[old]}, so there is nothing to compare it with",
                             hint=_unreadable_base_hint(base, old or ""))
            return
        if base_text is not None or (old and old in base.listing):
            # In the base, but not as a postmortem: invalid YAML there.
            yield ctx.report((), f"history rules skipped for {rel}: its version in {base.label} cannot "
                             "be read as a postmortem (not valid YAML or not UTF-8 text), so there is "
                             "nothing to compare it with",
                             hint=_unreadable_base_hint(base, old or ""))
            return
        # Not in the base: a new file, whose history starts with this commit. Nothing to say
        # (said, it would make every new postmortem's first commit fail with --fail-on info).


def _unreadable_base_hint(base: Baseline, old: str) -> str:
    """What to do when a file's base version does not read while the file does. The base version
    is a commit, pushed or about to be compared with as one, which no edit of the file changes
    ("Fix it in this change" sent the author to fix a file that reads): the comparison resumes
    from the next version that reads, or starts now from an older commit named by --base."""
    return (f"A committed version cannot be edited, and the file reads now: the history rules compare it "
            "again once its base is a version that reads (after this change is committed, and merged "
            "where a base branch is compared with); to compare it now, pass --base with an older commit "
            f"whose version reads ('{_git(base)} log --oneline -- {shell_word(old)}' lists them).")


def _problem_hint(base: Baseline) -> str:
    """How to fix why there is nothing to compare with: where to run, and the base to fetch;
    or, in a repository git cannot read (not installed, dubious ownership, corrupt), that."""
    from pmkit.history import repair_hint

    # A base that names no commit here ("the base 'x' (--base) ...") is fetched, or named again:
    # the message says which; run elsewhere than in the repository, it was never there.
    problem = base.problem or ""
    if problem.startswith("the base '"):
        return ("Fetch it, or name another base, as said; in CI, check out with the history "
                "(fetch-depth: 0). The history rules then compare again.")
    repair = repair_hint(problem)
    if repair is not None:
        return f"{repair} The history rules then compare again."
    return ("Run inside the git repository; in CI fetch the base (fetch-depth: 0) and pass "
            "--base origin/<branch>.")


@register
class SilentFactChange(Rule):
    """A fact of a published postmortem changed without a correction.

    What it catches: in a postmortem that was ``published`` in the base version, a change
    of a fact (a timeline timestamp or milestone, a number in the summary or in an event,
    ``impact`` figures, ``data_loss``, a decision's time or owner, a contributing factor
    added or removed, a disclosure timestamp, the severity) with no new ``corrections``
    entry that declares it. One finding per changed fact, at its line, with the old and the
    new value, so a pull-request annotation sits on the changed line. A new correction
    without ``fields`` declares every change in the same commit (``fields: []`` names none and
    declares nothing); one with ``fields``
    declares only those (``impact.users_affected``, ``timeline[3].at``,
    ``timeline[detected]``, ``decisions[D2]``, or a whole section such as ``impact``); inside
    a flow list a label with brackets is quoted: ``fields: ["timeline[3].at"]``.
    Rewording prose is not a fact change; changing a number inside it is.

    Why: readers quote published postmortems. A number that quietly moves is disclosure in
    slices, the opposite of pmkit's design principle 4 ("don't disclose in slices: once
    published, every change of a fact is declared as a correction, never slipped in
    silently"). Publishers that handle their errors well append a correction ("we wrote
    mid-2008; it was mid-2018") instead of editing the text in place.

    Example::

        impact:
          users_affected: 15000       # was 12000 when published
        corrections: []

    Instead::

        impact:
          users_affected: 15000
        corrections:
          - at: 2026-11-20
            description: The first version said 12,000 users; the final count is 15,000.
            fields: [impact.users_affected]
    """

    code = "PM601"
    git = frozenset({GIT_BASE})
    changes_only = True
    name = "silent-fact-change"
    severity = Severity.ERROR
    needs_model = False  # compares raw data: a schema error elsewhere must not hide it

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        comp = comparison(ctx)
        if comp is None or not comp.published or not comp.changes:
            return
        added = comp.corrections.added
        silent = _facts().undeclared(comp.changes, added)
        if silent:  # a correction of this file's own unpushed commits declares changes too
            added = comp.declaring()
            silent = comp.changed_since_shared(_facts().undeclared(comp.changes, added))
            yield from unread_notice(ctx, comp)
        fields_named = sorted({f for entry in added for f in entry.fields or ()})
        # "fields: []" declares nothing: say so, or the author, who wrote a correction, is left
        # wondering why it does not count.
        empty = any(entry.fields == () for entry in added)
        # (several new corrections, as one: "the new corrections name only ...")
        they, name = ("the new corrections", "name") if len(added) > 1 else ("the new correction", "names")
        possessive = f"{they}'" if len(added) > 1 else f"{they}'s"
        for change in silent:
            also = (f"; {they} {name} only {', '.join(fields_named)}" if fields_named
                    else f"; {possessive} 'fields: []' {name} no field" if empty else "")
            path, span = _where(ctx, change, comp.base_data)
            yield ctx.report(
                path,
                f"{change.describe()} since it was published ({comp.label}), "
                f"and no new correction declares it{also}",
                span=span,
                hint=_correction_hint(ctx, [change.field.removesuffix(_facts().NUMBERS)]),
                key=change.kind == "removed",
                data={"field": change.field, "old": change.old, "new": change.new,
                      "kind": change.kind, "base": comp.label},
            )


@register
class ImpactRevisedUpward(Rule):
    """The impact of a published postmortem was revised upward.

    What it catches: after publication, more users or customers affected, a larger impact
    metric, ``data_loss`` or ``disclosure.personal_data_breach`` turning true, or a worse
    severity (SEV3 → SEV1). A warning even when a correction declares it. A negative metric
    is a signed change, a drop ("checkouts against the same hour last week: -11 percent"):
    it is revised upward when it drops further (-11 → -20), not when it drops less (-11 → -5).
    A metric that turns from a drop to a rise or back (-11 → 11) is a changed fact (PM601)
    with no direction pmkit can tell, and so is one that was 0 and is now negative.

    Why: the worst postmortem is one whose truth comes out in slices. A declared upward
    revision is honest, but it is also the moment to check that everyone who read the first
    version hears the new one: regulators expect updated figures in the later stages of a
    report (GDPR Art. 33(4) allows information "in phases"; NIS2 Art. 23(4) and DORA's RTS
    2025/301 Art. 5 have intermediate and final reports), and customers who read the first
    figure deserve the new one. Reviewers should see it.

    Example::

        impact:
          users_affected: 31000       # published as 3100

    Instead: keep the correction, update the summary, and record the follow-up
    notification under ``disclosure.notifications``.
    """

    code = "PM602"
    git = frozenset({GIT_BASE})
    changes_only = True
    name = "impact-revised-upward"
    severity = Severity.WARNING
    needs_model = False  # compares raw data: a schema error elsewhere must not hide it

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        comp = comparison(ctx)
        if comp is None or not comp.published:
            return
        for change in comp.changes:
            why = _facts().revised_upward(change)
            if why is None:
                continue
            by = _facts().declared_by(change, comp.corrections.added)
            # Else one of the commits not pushed yet: unknown when git could not read the version
            # as pushed (every correction then counts as not pushed, so none found is certain).
            maybe = not by and comp.shared is not None and comp.unread is not None
            by = by or _facts().declared_by(change, comp.declaring())
            yield from unread_notice(ctx, comp)
            said = ("not declared by any correction" if not by
                    else f"declared by the correction of {by[0].at} if that was not pushed yet, which git "
                    "could not tell" if maybe else f"declared by the correction of {by[0].at}")
            path, span = _where(ctx, change, comp.base_data)
            yield ctx.report(
                path,
                f"{change.field} revised upward after publication: {why}; {said}",
                span=span,
                hint="Make sure everyone who read the first version hears the new figure "
                "(update the summary; record the follow-up under disclosure.notifications).",
                data={"field": change.field, "old": change.old, "new": change.new,
                      "declared": bool(by)},
            )


@register
class CorrectionRewritten(Rule):
    """An existing correction was edited or removed.

    What it catches: a ``corrections`` entry of the base version that is no longer there
    unchanged: its text, date or fields were edited, or it was deleted. A correction added
    in a commit not pushed yet (no remote-tracking branch holds it) may still change, so
    that ``git commit --amend`` of one's own correction passes; such a correction also
    declares the changes it names for PM601. In a repository without remote-tracking
    branches, or with only ones of another history (a remote added for another project),
    every commit counts as pushed.

    Why: corrections are append-only. They are the record of what readers were told and
    when; rewriting one rewrites that record. A correction that was itself wrong gets a new
    correction.

    Example::

        corrections:
          - {at: 2019-07-21, description: The loss was in mid-2019.}   # edited in place

    Instead::

        corrections:
          - {at: 2019-07-21, description: The first version said mid-2008; it was mid-2018.}
          - {at: 2019-07-30, description: The correction of 2019-07-21 gave the wrong year; it is 2019.}
    """

    code = "PM603"
    git = frozenset({GIT_BASE})
    changes_only = True
    name = "correction-rewritten"
    severity = Severity.ERROR
    needs_model = False  # compares raw data: a schema error elsewhere must not hide it

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        comp = comparison(ctx)
        if comp is None:
            return
        hint = ("Restore the correction as it was and append a new one that corrects it; "
                "corrections are append-only.")
        for old, new in comp.corrections.edited:
            if not comp.was_shared(old):  # added in a commit not pushed yet: still a draft
                continue
            parts = []
            if old.at != new.at:
                parts.append(f"date {old.at} → {new.at}")
            if " ".join(old.description.split()) != " ".join(new.description.split()):
                was, now = _around_the_change(old.description, new.description)
                parts.append(f'description "{was}" → "{now}"')
            if old.fields != new.fields:
                parts.append(f"fields [{', '.join(old.fields or ())}] → [{', '.join(new.fields or ())}]")
            yield ctx.report(
                ("corrections", new.index),
                f"corrections[{new.index}] (of {old.at or 'no date'}) was edited: {'; '.join(parts)}",
                hint=hint, data={"old": old.to_dict(), "new": new.to_dict()},
            )
        for old in comp.corrections.removed:
            if not comp.was_shared(old):
                continue
            where: tuple[str | int, ...] = ("corrections",) if "corrections" in comp.data else ()
            yield ctx.report(
                where,
                f"the correction of {old.at or 'no date'} (\"{_short(old.description)}\") was removed",
                hint=hint, key=True, data={"old": old.to_dict()},
            )
        yield from unread_notice(ctx, comp)


def _short(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _around_the_change(old: str, new: str, limit: int = 70) -> tuple[str, str]:
    """Two versions of a text, each as :func:`_short` shows it when both are short; else the
    part of each from a little before where they differ: cut at the same length, an edit near
    the end of a long description showed the same text on both sides of the arrow."""
    was, now = " ".join(old.split()), " ".join(new.split())
    if len(was) <= limit and len(now) <= limit:
        return was, now
    same = 0
    while same < min(len(was), len(now)) and was[same] == now[same]:
        same += 1
    start = was.rfind(" ", 0, max(0, same - 25)) + 1 if same > 25 else 0
    lead = "…" if start else ""
    return lead + _short(was[start:], limit), lead + _short(now[start:], limit)


@register
class CorrectionFieldUnknown(Rule):
    """A new correction names a field that is no fact of the postmortem.

    What it catches: a label in the ``fields`` of a correction added since the base version
    that names no fact of either version: ``impact.user_affected`` for
    ``impact.users_affected``, ``timeline[12]`` in a timeline of eight entries,
    ``decisions[D9]`` where there is no D9. The message proposes the closest label.

    Why: such a label declares nothing, so the change it meant stays undeclared (PM601), and
    readers of the correction are pointed at a field that does not exist.

    Example::

        corrections:
          - {at: 2026-11-20, description: "15,000 users, not 12,000.", fields: [impact.user_affected]}

    Instead::

          - {at: 2026-11-20, description: "15,000 users, not 12,000.", fields: [impact.users_affected]}
    """

    code = "PM607"
    git = frozenset({GIT_BASE})
    changes_only = True
    name = "correction-field-unknown"
    severity = Severity.WARNING
    needs_model = False  # compares raw data: a schema error elsewhere must not hide it

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        from pmkit.config import did_you_mean

        comp = comparison(ctx)
        if comp is None or not comp.corrections.added:
            return
        facts = _facts()
        # A correction may name a fact the change removed: the base version's names count too.
        known = facts.fact_names(comp.base_data) | facts.fact_names(comp.data)
        for entry in comp.corrections.added:
            for position, name in enumerate(entry.fields or ()):
                if facts.norm_label(name) in known:
                    continue
                yield ctx.report(
                    ("corrections", entry.index, "fields", position),
                    f"corrections[{entry.index}] names '{name}', which is no fact of this postmortem"
                    + did_you_mean(facts.norm_label(name), known),
                    hint="Name the changed fact as PM601 does (impact.users_affected, "
                         "\"timeline[1].at\", decisions[D1]); a name that matches none declares nothing.",
                )


@register
class StatusRegressed(Rule):
    """The status of a published postmortem moved back from ``published``.

    What it catches: ``status: published`` in the base version, ``draft`` or ``in-review``
    now. Not a publication made in a commit not pushed yet (when remote-tracking branches
    tell), which no one has read.

    Why: readers have the published version. Unpublishing does not take it back; it only
    hides the changes that follow from the rules that keep corrections visible.

    Example::

        status: draft        # was published

    Instead: keep ``status: published`` and append a correction for what changes.
    """

    code = "PM604"
    git = frozenset({GIT_BASE})
    changes_only = True
    name = "status-regressed"
    severity = Severity.ERROR
    needs_model = False  # compares raw data: a schema error elsewhere must not hide it

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        comp = comparison(ctx)
        if comp is None or not comp.published:
            return
        now = comp.data.get("status")
        if now != PUBLISHED and not comp.published_as_pushed:
            yield from unread_notice(ctx, comp)
            return
        if now != PUBLISHED:
            yield ctx.report(
                ("status",),
                f"status moved back from published ({comp.label}) to {now or 'nothing'}",
                hint="A published postmortem stays published: set status back to 'published' "
                "and declare changes in 'corrections'.",
                data={"old": PUBLISHED, "new": now},
            )


@register
class PublishedDeleted(Rule):
    """A published postmortem was deleted.

    What it catches: a file that was ``published`` in the base version and is gone from the
    postmortem folders, with no file that git tracks carrying its ``id`` (a new name left
    untracked, as ``mv`` then ``git commit -a`` leave it, does not keep it) and no entry in
    ``[tool.pmkit.history] retired``; also one still in the folder that git no longer tracks
    (``git rm --cached``), which the commit deletes from the repository all the same. A
    postmortem published in a commit not pushed yet (when remote-tracking branches tell) was
    read by no one, and may be taken back (``git commit --amend`` without it). Found by
    ``pmkit check --repo-wide`` (the ``pmkit-history-repo`` hook, which runs with
    ``pass_filenames: false`` and ``always_run: true``), because a deleted file is never passed to a hook.

    Why: a postmortem that disappears is the most complete way to rewrite what readers were
    told. If one must go (a legal request, a duplicate), say so where reviewers and auditors
    look.

    Example::

        git rm postmortems/2018-10-21-database-partition.yaml

    Instead::

        [tool.pmkit.history]
        retired = { "2018-10-21-database-partition" = "duplicate of 2018-10-21-github-outage" }
    """

    code = "PM605"
    git = frozenset({GIT_BASE})
    changes_only = True
    name = "published-deleted"
    severity = Severity.ERROR
    needs_model = False

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        # Per file, only note which ids exist, for repo_wide_findings().
        data = ctx.doc.data
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            ids: dict[str, str] = ctx.run.get("history-ids", dict)
            ids[os.path.abspath(ctx.doc.path)] = data["id"]
        return ()


@register
class PublishedRenamed(Rule):
    """A published postmortem was renamed or moved without a trace.

    What it catches: a file that was ``published`` in the base version and now lives at
    another path (a rename git detects, or the same ``id`` in a new file), when no new
    correction names the old path or file name and ``[tool.pmkit.history] retired`` does not
    list it. The name counts as a whole, not inside another (``faq.yaml`` does not name
    ``q.yaml``, nor ``archive/postmortems/q.yaml`` the path ``postmortems/q.yaml``). Its
    facts are compared with the old file as well (PM601-PM604). ``pmkit check
    --repo-wide`` also reports a published postmortem that git sees renamed out of the checked
    folders (``git mv postmortems/db.yaml archive/``) or to a name that is no postmortem's
    (``db.yaml.bak``), at the new file. Not one published in a commit not pushed yet (when
    remote-tracking branches tell): no link points at it yet.

    Why: links to a published postmortem (status pages, tickets, regulators' files) point at
    its path. Moving it silently breaks them, and a move hides its history in tools that do
    not follow renames.

    Example::

        git mv postmortems/db.yaml postmortems/2018/db.yaml

    Instead::

        corrections:
          - at: 2026-11-25
            description: Moved from postmortems/db.yaml to postmortems/2018/db.yaml; old links redirect.
    """

    code = "PM606"
    git = frozenset({GIT_BASE})
    changes_only = True
    name = "published-renamed"
    severity = Severity.ERROR
    needs_model = False  # compares raw data: a schema error elsewhere must not hide it

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        comp = comparison(ctx)
        if comp is None or not comp.published or not comp.renamed_by:
            return
        if not comp.published_as_pushed:
            yield from unread_notice(ctx, comp)
            return
        if _is_retired(_retired(ctx.config), comp.baseline, comp.base_rel, comp.base_data.get("id")):
            return
        if any(_mentions(entry, comp.base_rel) for entry in comp.corrections.added):
            return
        how = "renamed" if comp.renamed_by == "git" else "moved (same id, new file)"
        # Named as the repository pmkit runs in names them (a submodule's folder in front).
        old, new = _named(comp.baseline, comp.base_rel), _named(comp.baseline, comp.rel)
        yield ctx.report(
            ("id",) if "id" in comp.data else (),
            f"published postmortem {how}: {old} → {new}, with no trace",
            key=True,
            hint=f"Append a correction that names the old path ({old}) so readers of "
            "old links can follow, or list it in [tool.pmkit.history] retired with the reason.",
            data={"old": old, "new": new},
        )


@register
class CorrectionDateWrong(Rule):
    """A correction dated before the publication it corrects, or in the future.

    What it catches: a ``corrections[].at`` whose day comes before the day the postmortem was
    published (``disclosure.published_at``, else the commit that first made its status
    ``published``), before the day of the correction listed above it (corrections are
    appended, newest last), or after today; and a new correction listed above one that was
    there before, whatever its date. Days are counted in the document's ``timezone``,
    else the team's from the settings. Only the corrections added since the base version are
    checked (``HEAD`` in a pre-commit hook, ``--base`` in CI): an older one cannot be edited
    without PM603; in a file not committed yet, all of them. Where the history rules step
    aside (PM600: outside git, a base that is not there), it does too.

    Why: the date of a correction is when readers were told the record changed (design
    principle 4). A correction dated before the publication corrects nothing anyone read, and
    one in the future has not happened: one of the dates is a typo (the year of a copied
    entry, most often), or ``published_at`` is wrong.

    Example::

        disclosure:
          published_at: 2026-03-05T09:00:00Z
        corrections:
          - {at: 2025-03-20, description: "The first version said 12,000 users; it was 15,000."}

    Instead::

        corrections:
          - {at: 2026-03-20, description: "The first version said 12,000 users; it was 15,000."}
    """

    code = "PM608"
    git = frozenset({GIT_BASE, GIT_LOG})
    changes_only = True  # only the corrections added since the base: none in an unchanged file
    name = "correction-date-wrong"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        from pmkit.calendar import render_both
        from pmkit.config import team_zone

        pm = ctx.pm
        assert pm is not None
        if not pm.corrections:
            return
        added = new_corrections(ctx)
        if added is None:
            return  # no base to tell the new ones from (PM600 says the PM6xx rules stepped aside)
        # Only the new ones: an old correction cannot be edited without PM603.
        new = [index for index in (added if isinstance(added, list) else range(len(pm.corrections)))
               if index < len(pm.corrections)]
        if not new:
            return
        zone = team_zone(ctx.config, pm)
        today = _today_date(ctx)
        published, source = self._published(ctx, zone)
        for index in new:
            at = pm.corrections[index].at
            day = _day(at, zone)
            where = ("corrections", index, "at")
            shown = day.isoformat() if not isinstance(at, datetime) or _bare(at) else render_both(at, zone)
            if day > today:
                yield ctx.report(
                    where,
                    f"corrections[{index}].at is {shown}, in the future (today is {today} in "
                    f"{_zone_label(zone)})",
                    hint="Date the correction the day it was made (usually the day this change is "
                         "committed): check the year, month and day.",
                )
                continue
            if published is not None and day < _day(published, zone):
                yield ctx.report(
                    where,
                    f"corrections[{index}].at is {shown}, before the postmortem was published "
                    f"({source}): a correction follows the publication it corrects",
                    hint="Check the date (the year of a copied entry, most often); if it is right, "
                         "published_at is wrong. A change made before publication is no correction: "
                         "edit the text and leave the entry out.",
                )
                continue
            if index > 0:
                above = pm.corrections[index - 1].at
                if day < _day(above, zone):
                    yield ctx.report(
                        where,
                        f"corrections[{index}].at is {shown}, before corrections[{index - 1}] of "
                        f"{_day(above, zone)}: corrections are appended, newest last",
                        hint="Check the date; a new correction goes at the end of the list, dated "
                             "the day it was made.",
                    )
        if isinstance(added, list):
            # A new correction above one that was there before breaks the order readers count
            # on (newest last) even when its date is right, which the dates above cannot see.
            fresh = set(new)
            for index in new:
                older = next((j for j in range(index + 1, len(pm.corrections)) if j not in fresh), None)
                if older is None:
                    continue
                yield ctx.report(
                    ("corrections", index),
                    f"corrections[{index}] was added above corrections[{older}] of "
                    f"{_day(pm.corrections[older].at, zone)}, which was there before: corrections are "
                    "appended, newest last",
                    hint="Move the new correction to the end of the list.",
                )

    @staticmethod
    def _published(ctx: Context, zone: Any) -> tuple[datetime | None, str]:
        """When the postmortem was published and how that is known: ``published_at``, else
        the commit that first made its status published (read once per run)."""
        from pmkit.calendar import render_both
        from pmkit.gitdates import file_dates, incident_began

        pm = ctx.pm
        assert pm is not None
        recorded = pm.disclosure.published_at if pm.disclosure is not None else None
        if recorded is not None:
            shown = recorded.date().isoformat() if _bare(recorded) else render_both(recorded, zone)
            return recorded, f"published_at is {shown}"
        if not _is_file(ctx) or pm.status.value != PUBLISHED:
            return None, ""  # (a draft's versions are not read for a publication it lacks)
        git = file_dates(ctx.run, ctx.doc.path, published=True, now=ctx.now, since=incident_began(pm))
        if git.available and git.first_published is not None and not git.added_published:
            return git.first_published, (f"its status first became published in "
                                         f"{git.commit(git.first_published_sha)} on "
                                         f"{render_both(git.first_published, zone)}")
        return None, ""


#: Every correction of a file is new (:func:`new_corrections`): it has no base version.
ALL: Final = "all"
#: The corrections PM608 checks: the indexes of those added since the base version, or
#: :data:`ALL`; None where it steps aside.
NewCorrections = list[int] | Literal["all"] | None
#: The key (:meth:`RunState.ahead`) of :func:`new_corrections` read ahead by another process, by
#: path (see :func:`pmkit.engine.Checker._check_early`): its base versions are read there.
NEW_CORRECTIONS = "history-new-corrections"


def new_corrections(ctx: Context) -> NewCorrections:
    """Which corrections of ``ctx``'s document PM608 checks: those added since its base
    version (:func:`comparison`); all of them in a file that has none (a new file, or text
    checked through the API); None where there is no base to tell the new ones from (PM600
    says why). What another process read ahead for this run is taken as it is."""
    known: dict[str, NewCorrections] = ctx.run.ahead(NEW_CORRECTIONS) or {}
    if ctx.doc.path in known:
        return known[ctx.doc.path]
    comp = comparison(ctx)
    if comp is None and _is_file(ctx):
        base = _baseline(ctx)
        if base.problem is not None and not _first_commit(base):
            return None
    return ALL if comp is None else sorted({entry.index for entry in comp.corrections.added})


def _bare(moment: Any) -> bool:
    from pmkit.clocks import _bare as bare

    return isinstance(moment, datetime) and bool(bare(moment))


def _day(moment: date | datetime, zone: Any) -> date:
    """The day of a date, or of a date written alone; of a time, in ``zone``."""
    if isinstance(moment, datetime):
        return moment.date() if _bare(moment) else moment.astimezone(zone).date()
    return moment


def _zone_label(zone: Any) -> str:
    return str(getattr(zone, "key", None) or "UTC")


def repo_wide_findings(checker: Checker, paths: Sequence[str | os.PathLike[str]]
                       ) -> tuple[list[Diagnostic], list[str], list[str]]:
    """``pmkit check --repo-wide``: published postmortems deleted from the checked folders,
    the ``paths`` that are neither here nor held any file at the base (a mistyped folder, or
    a run from the wrong folder, which must not pass in silence), and the ``paths`` absent
    because they are outside a sparse checkout (not deleted, and not checked either).

    Compares the base tree with the working tree for ``paths`` (the postmortem folders).
    Files that were renamed (by git's account, or carrying the same ``id``) are the
    business of PM606 on the new file.
    """
    from pmkit.gitplace import repository_key

    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if not {"PM600", "PM605", "PM606"} & checker.active:
        return [], missing, []
    # Folders of several repositories (a submodule's and the superproject's): each is compared
    # with the base of its own repository (only the first one's was read, and a published
    # postmortem deleted in another went unreported).
    by_repository: dict[str, list[str]] = {}
    for path in paths:
        by_repository.setdefault(repository_key(path), []).append(str(path))
    out: list[Diagnostic] = []
    unknown: set[str] = set()
    outside: set[str] = set()
    for key, folders in by_repository.items():
        found, gone, absent = _repo_wide_in(checker, key, folders, [p for p in missing if p in folders])
        out.extend(found)
        unknown.update(gone)
        outside.update(absent)
    return out, [p for p in missing if p in unknown], [p for p in missing if p in outside]


def _repo_wide_in(checker: Checker, key: str, paths: list[str], missing: list[str]
                  ) -> tuple[list[Diagnostic], list[str], list[str]]:
    """:func:`repo_wide_findings` for the ``paths`` of one repository (``key``: its
    :func:`pmkit.gitplace.repository_key`), ``missing`` those not on disk."""
    from pmkit.history import base_ref, baseline, files_in, read_baseline

    run = checker.run
    # The folders of this pass (given on the command line, or the configured ones) are listed
    # at the base; the per-file baseline lists only the folders of the files that are left.
    files = files_in(run, key)
    if files:
        base = baseline(run, checker.config, files[0], folders=paths)
    else:
        ref, source = base_ref(checker.config)
        base = read_baseline(files, ref, folders=paths, source=source)
    out: list[Diagnostic] = []
    severity = checker.config.severity
    if _first_commit(base):
        return out, missing, []
    outside: list[str] = []
    if base.evidence.root is not None:
        top = base.evidence.root
        # A folder whose files were all deleted or moved elsewhere held files at the base.
        gone = {**base.deleted, **dict.fromkeys(base.moved)}
        outside = [p for p in missing if not _held_files(top, p, gone)
                   and _held_files(top, p, dict.fromkeys(base.sparse))]
        missing = [p for p in missing if not _held_files(top, p, gone) and p not in outside]
    if base.problem is not None:
        if "PM600" in checker.active and run.once("PM600:problem"):
            out.append(Diagnostic(
                str(paths[0]) if paths else ".", 1, 1, "PM600",
                f"history rules (PM6xx) skipped: {base.problem}", name="history-unavailable",
                severity=severity.get("PM600", Severity.INFO),
            ))
        return out, missing, outside
    if "PM600" in checker.active:
        where = str(paths[0]) if paths else "."
        for note in base.notes:
            if run.once(f"PM600:{note}"):
                out.append(Diagnostic(where, 1, 1, "PM600", f"history: {note}", name="history-unavailable",
                                      severity=severity.get("PM600", Severity.INFO),
                                      hint=base.hints.get(note, "")))
        for old, text in sorted(base.deleted.items()):
            # Gone from the working tree, and its base version is not here to tell whether it
            # was published: a PM605 that cannot be decided is said, not dropped.
            assert base.evidence.root is not None
            if old in base.not_downloaded:
                why = (f"this partial clone (git clone --filter) has not downloaded its version in "
                       f"{base.label}, so whether it was published is unknown; pmkit never fetches")
                hint = (f"Download it with '{_git(base)} show "
                        f"{shell_word(f'{(base.sha or base.ref)[:10]}:{old}')}', or clone "
                        "without --filter (actions/checkout: no filter).")
            elif text is not None and is_lfs_pointer(text):
                from pmkit.history import LFS_HINT

                why = (f"its version in {base.label} is a Git LFS pointer, so whether it was published "
                       "is unknown; pmkit does not download LFS contents")
                hint = LFS_HINT
            else:
                continue
            out.append(Diagnostic(
                os.path.relpath(base.evidence.root / old), 1, 1, "PM600",
                f"history rules skipped for {old}: it is gone from the working tree, and {why}",
                name="history-unavailable", severity=severity.get("PM600", Severity.INFO), hint=hint))
    retired = _retired(checker.config)
    root = base.evidence.root
    assert root is not None
    carried = _current_ids(run, files, checker.config.max_file_size) if base.deleted or base.moved else {}
    # A file git does not track carries its id on the disk only, not in the repository: a file
    # moved with 'mv' and committed with 'git commit -a', which leaves the new name out.
    tracked = base.tracked
    untracked = {path for path in carried if tracked is not None and not _is_tracked(base, path, tracked)}
    ids = {ident for path, ident in carried.items() if path not in untracked}
    on_disk_only = {ident: path for path, ident in sorted(carried.items()) if path in untracked}
    if "PM606" in checker.active:
        out.extend(_moved_out(checker, base, retired, ids))
    if "PM605" not in checker.active:
        return out, missing, outside
    for old, text in sorted(base.deleted.items()):
        if text is None:
            continue
        data = _parsed(run, base, old)
        if data is None or data.get("status") != PUBLISHED:
            continue
        ident = data.get("id")
        if _is_retired(retired, base, old, ident) or (isinstance(ident, str) and ident in ids):
            continue
        pushed = _published_when_pushed(base, old)
        if pushed is not True:
            out.extend(_unread_said(checker, base, old, pushed))
            continue
        shown = os.path.relpath(root / old)
        named = _named(base, old)  # a submodule's file as the superproject names it
        if old in base.untracked:
            # Still in the folder, so nothing looks deleted; git's index no longer has it.
            what = (f"is no longer tracked by git (published in {base.label}): the file is still on "
                    "the disk, but a commit without it deletes it from the repository (as after "
                    "'git rm --cached')")
            restore = f"{_git(base)} add -- {shell_word(old)}"
            again = "Track it again"
        elif isinstance(ident, str) and ident in on_disk_only:
            other = os.path.relpath(on_disk_only[ident], root)
            what = (f"was deleted (published in {base.label}); {_named(base, Path(other).as_posix())} "
                    "carries its id, but git does not track that file, so the repository loses it")
            restore = f"{_git(base)} add -- {shell_word(Path(other).as_posix())}"
            again = "Add the file that carries it"
        else:
            what = f"was deleted (published in {base.label}); no file carries its id any more"
            restore = f"{_git(base)} checkout {(base.sha or base.ref)[:10]} -- {shell_word(old)}"
            again = "Restore it"
        out.append(Diagnostic(
            shown, 1, 1, "PM605",
            f"published postmortem {named} (id {ident}) {what}",
            name="published-deleted", severity=severity.get("PM605", Severity.ERROR),
            hint=f"{again} ('{restore}') and declare changes as corrections; if it must go, list it in "
            '[tool.pmkit.history] retired = { "' + str(ident) + '" = "<why>" }.',
            data=(("old", named), ("id", ident), ("base", base.label)),
        ))
    return out, missing, outside


def _published_when_pushed(base: Baseline, old: str) -> bool | Pushed:
    """Whether the base file ``old``, published at the base, was published as pushed: True when
    the base commit was pushed, or when nothing tells (no remote-tracking branches). A
    postmortem published in a commit not pushed yet (and taken back before the push: 'git
    commit --amend' without it) was never read by anyone, as for PM601. The pushed version
    when it is unknown (:attr:`Pushed.unread`)."""
    pushed = pushed_version(base, old)
    if pushed is None:
        return True
    if pushed.unread is not None:
        return pushed
    data = _facts().load_data(pushed.text, markdown=_markdown(old)) if pushed.text is not None else None
    return isinstance(data, dict) and data.get("status") == PUBLISHED


@dataclass(frozen=True)
class Pushed:
    """A base file as the newest pushed commit has it (see :func:`pushed_version`)."""

    #: That commit; "" when no commit of the base's first-parent line was pushed.
    commit: str
    #: Its text; None when the commit does not have the file (or there is no such commit), or
    #: when git could not read it.
    text: str | None = None
    #: Why git could not read it (git's words), or what it is when git read it but it is not
    #: text (:attr:`not_text`), or None: neither is an absent file.
    unread: str | None = None
    #: Git read the version, which is not UTF-8 text (binary, another encoding): the loader
    #: refuses it as it would in the working tree, so there is nothing to compare with.
    not_text: bool = False

    def words(self, rel: str) -> tuple[str, str]:
        """The message and the hint of PM600 for this version, when :attr:`unread`."""
        if self.not_text:
            return (f"history rules skipped for {rel}: its version as pushed (commit {self.commit[:10]}), "
                    f"which tells what readers saw of it, {self.unread}",
                    "pmkit reads postmortems as UTF-8 text; the history rules compare again once "
                    "the commits since then are pushed.")
        return _unread_words(rel, str(self.unread))


def pushed_version(base: Baseline, path: str) -> Pushed | None:
    """The base file ``path`` as the newest pushed commit has it, when the base commit was not
    pushed yet; None when it was, or when nothing tells (no remote-tracking branches of this
    history: every commit counts as shared). Renamed in a commit not pushed yet, it is read by
    the name of then. Git commands as before this was told apart from a failed read: the
    version (through the persistent ``cat-file``), and when it gives no text, one diff for the
    name it had; a lost object is looked for only when that diff says the commit has the file."""
    from pmkit.history import GitError

    evidence = base.evidence
    commit = evidence.newest_shared(base.sha) if base.sha else None
    if not commit:
        return None if commit is None else Pushed(commit)
    read = _read_pushed(evidence, commit, path)
    if read is not None:
        return read
    try:
        name = evidence.older_name(commit, base.sha, path) if base.sha and evidence.stalled is None else path
    except GitError as exc:
        return _unread(base, commit, evidence.stalled or evidence.lost(commit, path) or str(exc))
    if name is None:
        return Pushed(commit)  # added since: nothing of it was pushed
    read = _read_pushed(evidence, commit, name) if name != path else None
    if read is not None:
        return read
    why = evidence.stalled or evidence.lost(commit, name)
    return Pushed(commit) if why is None else _unread(base, commit, why)


def _read_pushed(evidence: GitEvidence, commit: str, path: str) -> Pushed | None:
    """``path`` as ``commit`` has it: its text, or what it is when git read a version that is not
    text; None when git gave nothing (absent, or not read: the caller tells which)."""
    text = evidence.show(commit, path)
    if text is not None:
        return Pushed(commit, text)
    odd = evidence.not_text.get(f"{commit}:{path}")
    return None if odd is None else Pushed(commit, unread=odd, not_text=True)


def _unread(base: Baseline, commit: str, why: str) -> Pushed:
    """:class:`Pushed` for a version git could not read, and why (with what a partial clone
    lacks, when git failed for a blob it did not download)."""
    from pmkit.history import partial_clone_note

    return Pushed(commit, unread=why + partial_clone_note(base.evidence, why))


def unread_notice(ctx: Context, comp: Comparison) -> Iterable[Diagnostic]:
    """PM600 for a file whose pushed version git could not read (said once per file, by
    whichever rule first needed it): what readers saw is unknown, and the findings that depend
    on it are neither given nor taken as absent."""
    if comp.unread is None or not ctx.run.once(f"PM600:unread:{comp.baseline.evidence.root}:{comp.rel}"):
        return
    assert comp.pushed is not None  # (read: it says why)
    message, hint = comp.pushed.words(comp.rel)
    yield ctx.doc.diagnostic((), HistoryUnavailable.code, message, name=HistoryUnavailable.name,
                             severity=HistoryUnavailable.severity, hint=hint)


def _unread_said(checker: Checker, base: Baseline, old: str, pushed: Pushed | bool) -> list[Diagnostic]:
    """:func:`unread_notice` for a base file gone from the checked folders (PM605, PM606 of
    ``--repo-wide``); nothing when it was not published as pushed (``why`` False)."""
    code = HistoryUnavailable.code
    root = base.evidence.root
    if pushed is False or code not in checker.active or not checker.run.once(f"PM600:unread:{root}:{old}"):
        return []
    assert root is not None
    assert isinstance(pushed, Pushed)
    message, hint = pushed.words(_named(base, old))
    return [Diagnostic(os.path.relpath(root / old), 1, 1, code, message,
                       name=HistoryUnavailable.name, hint=hint,
                       severity=checker.config.severity.get(code, HistoryUnavailable.severity))]


def _unread_words(rel: str, why: str) -> tuple[str, str]:
    """The message and the hint of PM600 for a version as pushed that git could not read."""
    from pmkit.history import repair_hint

    return (f"history rules skipped for {rel}: git could not read its version as pushed, which "
            f"tells what readers saw of it ({why})",
            f"{repair_hint(why) or ''} The history rules then compare again.".lstrip())


def _is_tracked(base: Baseline, path: str, tracked: set[str]) -> bool:
    """Whether git's index holds a file of the run, by any name it has in the repository: as
    given (a symbolic link to a file is what git tracks) or through the folders' links (a
    linked folder's files are tracked where the link leads). One outside the repository counts
    as tracked: git cannot say otherwise."""
    root = base.evidence.root
    absolute = os.path.abspath(path)
    folder, name = os.path.split(absolute)
    inside = False
    for candidate in (Path(absolute), Path(os.path.realpath(folder)) / name):
        try:
            rel = candidate.relative_to(root).as_posix() if root is not None else None
        except ValueError:
            continue
        inside = True
        if rel in tracked:
            return True
    return not inside


def _current_ids(run: RunState, files: Sequence[str], limit: int) -> dict[str, str]:
    """The ids of the run's files by absolute path: as PM605 noted them in the files this
    process checked, and read from the ``id:`` line of every file, for those checked by worker
    processes (whose notes stay there) or left unread as unchanged since the base version."""
    ids: dict[str, str] = dict(run.get("history-ids", dict))
    for path in files:
        if (scanned := scanned_file_id(path, limit)) is not None:
            ids.setdefault(os.path.abspath(path), scanned[0])
    return ids


#: The top-level ``id:`` key of a postmortem (YAML, or Markdown front matter).
_ID_LINE = re.compile(r"^id[ \t]*:", re.MULTILINE)


def _moved_out(checker: Checker, base: Baseline, retired: Mapping[str, str], ids: set[str]
               ) -> list[Diagnostic]:
    """PM606 for published postmortems that git sees renamed to a path that is not checked:
    another folder ('git mv postmortems/x.yaml archive/'), or a name that is no postmortem's
    (``x.yaml.bak``). They are neither deleted (PM605) nor a checked file that PM606 compares
    with its old version, and went unreported."""
    root = base.evidence.root
    assert root is not None
    out: list[Diagnostic] = []
    for old, new in sorted(base.moved.items()):
        data = _parsed(checker.run, base, old)
        if data is None or data.get("status") != PUBLISHED:
            continue
        ident = data.get("id")
        if _is_retired(retired, base, old, ident) or (isinstance(ident, str) and ident in ids):
            continue
        pushed = _published_when_pushed(base, old)
        if pushed is not True:
            out.extend(_unread_said(checker, base, old, pushed))
            continue
        line, end_col, field = 1, None, ""
        try:
            text = (root / new).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError, ValueError):
            text = None
        if text is not None:
            now = _facts().load_data(text, markdown=_markdown(new))
            if isinstance(now, dict) and any(
                    _mentions(entry, old) for entry in _facts().diff_corrections(data, now).added):
                continue
            found = _ID_LINE.search(text)
            if found:
                # The file is not checked, so there is no map of its fields: its top-level
                # 'id' key, found by its line, is where the other PM606 points too.
                line, end_col, field = text.count("\n", 0, found.start()) + 1, 3, "id"
        named_old, named_new = _named(base, old), _named(base, new)
        # 'db.yaml.bak' next to where it was is not checked for its name, whatever its folder.
        how = "moved out of the checked folders" if new.lower().endswith(POSTMORTEM_SUFFIXES) \
            else "renamed to a name that is no postmortem's"
        out.append(Diagnostic(
            os.path.relpath(root / new), line, 1, "PM606",
            f"published postmortem {how}: {named_old} → {named_new}, with no trace",
            name="published-renamed", severity=checker.config.severity.get("PM606", Severity.ERROR),
            end_line=line if end_col else None, end_col=end_col, field=field,
            hint=f"Move it back, or append a correction to {named_new} that names the old path "
            f"({named_old}) so readers of old links can follow, or list it in [tool.pmkit.history] "
            "retired with the reason.",
            data=(("old", named_old), ("new", named_new), ("base", base.label)),
        ))
    return out


def _held_files(root: Path, path: str, deleted: Mapping[str, object]) -> bool:
    """Whether ``path``, gone from the working tree, held files at the base (``deleted`` is
    keyed by paths from the repository's root)."""
    # As the folder really is (the root is): reached through a symbolic link, it is still
    # inside the repository.
    inside = Path(os.path.relpath(os.path.realpath(path), root)).as_posix()
    return any(old == inside or old.startswith(inside.rstrip("/") + "/") for old in deleted)
