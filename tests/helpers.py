"""Tiny helpers shared by the tests: run pmkit on a text and look at what it found."""

from __future__ import annotations

import os
import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pmkit.config import Config, ConfigError, load_config, parse_config
from pmkit.diagnostics import Diagnostic
from pmkit.engine import Checker

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"
GOOD_EXAMPLE = EXAMPLES / "postmortems" / "2018-10-21-database-partition.yaml"
#: The example with deliberate flaws; every other example is meant to be clean.
FLAWED_EXAMPLE = EXAMPLES / "postmortems" / "2025-02-14-login-outage.yaml"
CLEAN_EXAMPLES = sorted(
    p for p in (EXAMPLES / "postmortems").iterdir()
    if p.suffix in (".yaml", ".md") and p != FLAWED_EXAMPLE
)

#: A fixed clock for tests that involve "today" (overdue items, open deadlines).
NOW = "2026-11-25T12:00:00Z"

#: A SEV4 incident of 2024-03-12 with two decisions, at 10:20 and 12:00 (lines 17 and 18);
#: RESOLVED stands for the resolution's time (PM209's window).
DECISION_WINDOW = """\
pmkit: 1
id: 2024-03-12-cache
title: Cache outage in checkout
status: draft
lang: en
severity: SEV4
timeline:
  - at: 2024-03-12T10:00:00Z
    milestone: impact_started
  - at: 2024-03-12T10:05:00Z
    milestone: detected
  - at: 2024-03-12T10:30:00Z
    milestone: mitigated
  - at: RESOLVED
    milestone: resolved
decisions:
  - {id: D1, at: '2024-03-12T10:20:00Z', decided_by: incident commander}
  - {id: D2, at: '2024-03-12T12:00:00Z', decided_by: incident commander}
"""

#: A SEV2 postmortem in Kathmandu's +05:45: RESOLVED is its third milestone, DECIDED the time of
#: its one decision record, MORE what follows the record's fields.
KATHMANDU = """\
pmkit: 1
id: 2026-03-02-cache
title: Cache outage in checkout
status: draft
lang: en
severity: SEV2
owner: sre-oncall
timeline:
  - at: 2026-03-02T10:00+05:45
    milestone: impact_started
    actor: deploy pipeline
    event: Config push reached the cache fleet.
  - at: 2026-03-02T10:05+05:45
    milestone: detected
    actor: monitoring
    event: Error-rate alert fired for checkout.
  - at: 2026-03-02T10:40+05:45
    milestone: RESOLVED
    actor: Jane (on-call)
    event: Cache fleet served normally again after the config was reverted.
    decision: D1
decisions:
  - id: D1
    at: DECIDED
    decision: Revert the config push.
    rationale: The previous config ran for months without cache errors.
    tradeoff: Lost the new eviction setting for a week.
    decided_by: Jane
MORE"""

#: A SEV3 timeline of three milestones; DETECTED and RESOLVED stand for their times.
THREE_MILESTONES = """\
pmkit: 1
id: 2026-03-02-cache
title: Cache outage in checkout
status: draft
lang: en
severity: SEV3
owner: sre-oncall
timeline:
  - at: 2026-03-02T10:00Z
    milestone: impact_started
    event: Config push reached the cache fleet.
  - at: DETECTED
    milestone: detected
    event: Error-rate alert fired for checkout.
  - at: RESOLVED
    milestone: resolved
    event: Cache fleet served normally again.
"""


def run(
    text: str,
    *,
    select: list[str] | None = None,
    path: str = "pm.yaml",
    config: dict[str, Any] | None = None,
    now: str = NOW,
) -> list[Diagnostic]:
    """Check ``text`` (dedented) and return its findings, optionally only some rules."""
    cfg: Config = parse_config(config or {})
    if select:
        cfg.select = select
    return Checker(cfg, now=now).check_text(textwrap.dedent(text).lstrip("\n"), path)


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


def where(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int]]:
    """``[(code, line, col), ...]``: what a user sees in the first columns of the output."""
    return [(d.code, d.line, d.col) for d in diagnostics]


#: The keys before a draft's text (``{lang}`` to fill), for tests that place findings exactly.
DRAFT_HEAD = """\
pmkit: 1
id: 2026-03-02-x
title: Cache outage
status: draft
lang: {lang}
severity: SEV3
"""

#: ``(code, line, col, end_line, end_col, the text covered)``: where a finding is, and what of
#: the file an editor selects for it.
Where = tuple[str, int, int, int, int, str]


#: A SEV2 draft's head (``LANG`` stands for its ``lang``), up to an entry at 10:10 by the incident
#: commander whose event, and what follows, a test writes: the decision rules' documents.
DECIDING_HEAD = """\
pmkit: 1
id: x
title: t
status: draft
lang: LANG
severity: SEV2
timeline:
  - at: 2026-03-02T10:00:00Z
    milestone: impact_started
    actor: monitoring
    event: Impact began.
  - at: 2026-03-02T10:10:00Z
    actor: incident commander
"""


def covered(text: str, d: Diagnostic) -> str:
    """The text of the file from a finding's start to its end, as an editor selects it."""
    lines = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    end_line, end_col = d.end_line or d.line, d.end_col or d.col
    if end_line == d.line:
        return lines[d.line - 1][d.col - 1:end_col - 1]
    middle = lines[d.line:end_line - 1]
    return "\n".join([lines[d.line - 1][d.col - 1:], *middle, lines[end_line - 1][:end_col - 1]])


def spans(text: str, select: list[str], path: str) -> list[Where]:
    """Every finding of the ``select`` rules in ``text``, with the text it covers."""
    return [(d.code, d.line, d.col, d.end_line or d.line, d.end_col or d.col, covered(text, d))
            for d in run(text, select=select, path=path)]


def good_text() -> str:
    """The clean example postmortem, as text to modify in tests."""
    return GOOD_EXAMPLE.read_text(encoding="utf-8")


def prose_codes(text: str, lang: str = "en") -> list[tuple[str, str]]:
    """``[(code, phrase), ...]`` of the prose engine on one sentence."""
    from pmkit.prose import scan

    return [(f.code, f.text) for f in scan(text, lang)]


#: The clean example's second timeline event, which the prose tests replace with a sentence.
EVENT = "    event: Internal monitoring alerted on a large number of faults."


def event_findings(sentence: str, lang: str = "en") -> list[tuple[str, int, int, int, str]]:
    """The PM3xx findings of the clean example with ``sentence`` as its second timeline event."""
    text = good_text()
    assert EVENT in text
    text = text.replace(EVENT, f"    event: {sentence}")
    if lang != "en":
        text = text.replace("lang: en", f"lang: {lang}")
    return [(d.code, d.line, d.col, d.end_col, d.message)
            for d in run(text, select=["PM3"]) if d.field == "timeline[1].event"]


def tool(name: str) -> str | None:
    """An executable installed next to this Python (a venv's bin/), else on PATH.

    The README runs the tests as ``.venv/bin/python -m pytest`` without activating the venv,
    so console scripts such as ``pre-commit`` are not necessarily on PATH.
    """
    import shutil
    import sys

    return shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)


def postmortem_folder(tmp_path: Path, monkeypatch: Any, name: str, text: str) -> Path:
    """``tmp_path`` as a repository's top folder (a ``.git`` folder, which bounds the settings'
    search), the current folder, with ``postmortems/<name>`` holding ``text``; no CI variables
    and no fixed time from the environment."""
    monkeypatch.chdir(tmp_path)
    for variable in ("GITHUB_ACTIONS", "GITHUB_WORKSPACE", "PMKIT_NOW"):
        monkeypatch.delenv(variable, raising=False)
    (tmp_path / ".git").mkdir()
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / name).write_text(text, encoding="utf-8")
    return tmp_path


def flawed_repo(folder: Path) -> Path:
    """``folder`` as the top of a repository (a ``.git`` folder, where the configuration search
    stops) holding the flawed example as ``pm.yaml``."""
    (folder / ".git").mkdir()
    (folder / "pm.yaml").write_text(FLAWED_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def unplaced(message: str) -> str:
    """A settings error without the line and column that follow the settings file's name
    (``pyproject.toml:2:1: ...`` as ``pyproject.toml: ...``): for the tests that pin a message's
    words, written before settings errors named their place (tested on their own)."""
    return re.sub(r"(\.toml):\d+:\d+: ", r"\1: ", message, count=1)


def settings_error(path: Path, text: str | bytes) -> ConfigError:
    """The ConfigError that loading the settings ``text`` (bytes as they are on disk), written
    at ``path``, raises."""
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    try:
        load_config(path)
    except ConfigError as exc:
        return exc
    raise AssertionError(f"{path}: the settings loaded without an error")


def assert_placed(error: ConfigError, path: Path, said: str, *, whole: bool = True) -> None:
    """That ``error`` reads ``path:said`` (or starts so, when not ``whole``) and carries the line
    and column ``said`` starts with (``3:7: ...``)."""
    message = str(error)
    assert message == f"{path}:{said}" if whole else message.startswith(f"{path}:{said}"), message
    line, col = said.split(":")[:2]
    assert (error.line, error.col) == (int(line), int(col))


def grows_linearly(cost: Callable[[int], int], n: int) -> bool:
    """True if doubling the input size at most (about) doubles ``cost``."""
    small, large = cost(n), cost(2 * n)
    return large <= 2.3 * small + 50


def lines_run(func: Callable[[], object], module: str) -> int:
    """How many lines of ``module``'s functions ``func`` executes: the work done, independent
    of the machine's speed."""
    import sys

    count = 0

    def local(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename.endswith(module) else None

    sys.settrace(tracer)
    try:
        func()
    finally:
        sys.settrace(None)
    return count


# --- few files on two cores: the text rules in a forked child ---------------------------------------

SPLIT_NOW = "2026-06-01T00:00:00Z"


def split_case(folder: Path) -> list[Path]:
    """Files with findings of every family, and suppressions used and unused on both sides."""
    folder.mkdir()
    text = FLAWED_EXAMPLE.read_text()
    lines = text.splitlines()
    lines[14] += "  # pmkit: ignore[PM113]"  # used: a timeline finding (this process's share)
    lines[1] += "  # pmkit: ignore[PM302]"  # unused: PM901
    lines.insert(9, "# pmkit: ignore[PM301] quoted")  # used: a text rule's finding
    (folder / "flawed.yaml").write_text("\n".join(lines) + "\n")
    (folder / "plain.yaml").write_text(text)
    (folder / "broken.yaml").write_text("pmkit: 1\nid: x\nsumary: [\n")
    (folder / "empty.md").write_text("")
    return sorted(folder.iterdir())


def text_rules_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Record the process that applies the text rules (in a file: it may be another process)."""
    log = tmp_path / "text-rules.log"
    real = Checker._findings_of

    def recorded(self: Checker, docs: list[object], rules: list[object]) -> object:
        with log.open("a") as out:
            out.write(f"{os.getpid()} {' '.join(sorted(r.code for r in rules))}\n")  # type: ignore[attr-defined]
        return real(self, docs, rules)  # type: ignore[arg-type]

    monkeypatch.setattr(Checker, "_findings_of", recorded)
    monkeypatch.setattr("pmkit.cores.usable", lambda: 2)
    monkeypatch.delenv("PMKIT_JOBS", raising=False)
    return log


#: A personal-data breach in Berlin under GDPR Art. 33 with one notice to the regulator, its
#: awareness and the notice's time to fill in (:func:`breach_notice`): the disclosure-clock tests.
_BREACH = """\
pmkit: 1
id: {ident}
title: Customer export exposed
status: draft
lang: en
severity: SEV2
timezone: Europe/Berlin
impact:
  users_affected: 300
disclosure:
  personal_data_breach: true
  regimes: [gdpr-art33]
  aware_at: {aware}
  notifications:
    - {{audience: regulator, regime: gdpr-art33, sent_at: {sent}}}
"""


def breach_notice(sent: str, aware: str = "2026-10-22T01:00:00Z", ident: str = "2026-10-22-export") -> str:
    """:data:`_BREACH` with its notice ``sent`` and awareness ``aware`` (as written in the file)."""
    return _BREACH.format(sent=sent, aware=aware, ident=ident)


#: The front matter of a Markdown postmortem (the cache stampede of the render tests), its
#: body to follow.
STAMPEDE_FRONT = """---
pmkit: 1
id: 2023-06-05-cache-stampede
title: Cache stampede took the shop down
status: draft
lang: en
severity: SEV2
timeline:
  - at: 2023-06-05T10:00:00Z
    milestone: impact_started
    event: Pages failed.
  - at: 2023-06-05T10:05:00Z
    milestone: detected
    event: The alert fired.
  - at: 2023-06-05T10:30:00Z
    milestone: resolved
    event: The cache was warm again.
---
"""


#: The head of a small draft postmortem (the cache outage of the entry and finding tests): its
#: ``summary:`` is line 9, so a ``timeline:`` added after it starts on line 10.
CACHE_OUTAGE_HEAD = """\
pmkit: 1
id: 2026-03-02-cache-outage
title: Stale pages after a cache deploy
status: draft
lang: en
severity: SEV4
owner: alice
authors: [alice]
"""
CACHE_OUTAGE_SUMMARY = "summary: The cache returned stale pages for 40 minutes.\n"


def kept_cache_run(cwd: Path, cache: Path, script: str, **env: str) -> tuple[list[Any], str]:
    """``pmkit check --format json pm.yaml`` in ``cwd`` through ``script`` (which ends by running
    the command, and may print one line of its own to stderr as it ends), in one process
    (PMKIT_JOBS=1) with its cache in ``cache``: the findings (exit code 1), and that last line."""
    import json
    import subprocess

    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PMKIT_", "XDG_"))}
    environ.update(PYTHONPATH=str(Path(__file__).resolve().parent.parent / "src"),
                   PMKIT_NOW="2026-11-25T00:00:00Z", PMKIT_CACHE_DIR=str(cache), PMKIT_JOBS="1",
                   GIT_CEILING_DIRECTORIES=str(cwd.parent), **env)
    done = subprocess.run([sys.executable, "-c", script, "check", "--format", "json", "pm.yaml"], cwd=cwd,
                          capture_output=True, text=True, env=environ, timeout=120)
    assert done.returncode == 1, done.stderr
    return json.loads(done.stdout)["diagnostics"], done.stderr.strip().splitlines()[-1]


def start_early(arguments: list[str]) -> None:
    """Start the command's child (:func:`pmkit.early.start`) as the command does, in a process
    with no other thread: it forks only then (:func:`pmkit.forked.can_fork`). A test that ran a
    check in this process first may still have a thread of that run ending (a pipe's writer, a
    git reader), which on a busy machine made the fork not happen and the test fail."""
    import threading

    from pmkit import early

    for thread in threading.enumerate():
        if thread is not threading.current_thread():
            thread.join(timeout=10)
    left = [thread.name for thread in threading.enumerate() if thread is not threading.current_thread()]
    assert not left, f"threads still running, so no child can be forked: {left}"
    early.start(arguments)


#: The first nine lines of a SEV3 draft in the language LANG, its summary on line 9: the drafts
#: below add one field after it.
MINI_HEAD = """\
pmkit: 1
id: mini
title: Errors after a release
status: draft
lang: LANG
severity: SEV3
owner: platform lead
authors: [Bob Lee]
summary: A release caused errors for 20 minutes.
"""

#: A draft with impact DESCRIPTION on line 10 (the value at column 24) and no numbers, in the
#: language LANG: the vague-impact tests put one description in it.
IMPACT_DRAFT = MINI_HEAD + 'impact: {description: "DESCRIPTION"}\n'


def vague_impact(description: str, lang: str = "en") -> list[tuple[str, int, int]]:
    """Where PM503 finds a vague impact in :data:`IMPACT_DRAFT` with ``description``."""
    text = IMPACT_DRAFT.replace("LANG", lang).replace("DESCRIPTION", description)
    return where(run(text, select=["PM503"]))


#: A draft whose one timeline entry's ``event`` is '{event}' (line 9, the text from column 13),
#: in the language {lang}: the personal-data and secret tests put one text in it.
EVENT_DRAFT = """\
pmkit: 1
id: x
title: x
status: draft
lang: {lang}
severity: SEV4
timeline:
  - at: 2024-03-03T14:02:00Z
    event: '{event}'
"""


#: A SEV2 failover (LANG: its language) whose options list OPTIONS.
FAILOVER_DECISION = """\
pmkit: 1
id: 2026-02-03-failover
title: Primary database region lost its storage
status: draft
lang: LANG
severity: SEV2
owner: database lead
timeline:
  - at: 2026-02-03T10:00:00Z
    milestone: impact_started
    actor: storage
    event: The primary region's volumes stopped accepting writes.
  - at: 2026-02-03T10:20:00Z
    actor: incident commander
    event: Failover to the standby region.
    decision: D1
decisions:
  - id: D1
    at: 2026-02-03T10:20:00Z
    decision: Fail over to the standby region.
    rationale: The standby had been in sync 30 seconds earlier; the vendor gave no estimate.
    options_considered: OPTIONS
    tradeoff: Availability over the last 30 seconds of writes.
    decided_by: incident commander
    known_at_the_time: The primary's volumes rejected every write; the standby's lag was 30 seconds.
"""


#: The notice to the regulator of :func:`fall_back_breach`, three days after.
FALL_BACK_NOTICE = ("    - {audience: regulator, regime: gdpr-art33, stage: notification, "
                    "sent_at: 2026-10-28T01:45:00}\n")


def fall_back_breach(aware: str = "2026-10-25T02:30:00", *, notice: bool = True) -> str:
    """A breach in Berlin that the organisation became aware of at ``aware`` (written without an
    offset: 02:30 on the night the clocks went back, 25 October 2026, is 02:30 CEST and, an hour
    later, 02:30 CET), with the regulator's notice (:data:`FALL_BACK_NOTICE`) or none yet."""
    return ("pmkit: 1\nid: 2026-10-25-export\ntitle: Customer export exposed\nstatus: draft\nlang: en\n"
            "severity: SEV2\ntimezone: Europe/Berlin\nimpact:\n  users_affected: 300\ndisclosure:\n"
            f"  personal_data_breach: true\n  regimes: [gdpr-art33]\n  aware_at: {aware}\n"
            + ("  notifications:\n" + FALL_BACK_NOTICE if notice else ""))


def sources_named(sources: Any, monkeypatch: Any) -> tuple[str, set[str]]:
    """What ``sources()`` (a cached function that names what a kept value depends on, through
    :func:`pmkit.patterncache.identity`) returns, asked anew, and the names of the files it
    gave ``identity``."""
    from pmkit import patterncache

    seen: set[str] = set()
    original = patterncache.identity

    def recorded(files: Any) -> str:
        files = list(files)
        seen.update(Path(name).name for name in files)
        return original(files)

    monkeypatch.setattr(patterncache, "identity", recorded)
    sources.cache_clear()
    try:
        return sources(), seen
    finally:
        sources.cache_clear()


def fresh_memos(folder: Path, monkeypatch: Any) -> dict[str, Any]:
    """Have :func:`pmkit.patterncache.memo` give memos kept in ``folder``, as the command has
    them (a library's process has none), each made anew once the returned dict is cleared."""
    from pmkit import patterncache

    memos: dict[str, patterncache.Memo] = {}

    def memo(name: str, max_file: int | None = None) -> patterncache.Memo:
        return memos.setdefault(name, patterncache.Memo(folder / f"{name}.bin", max_file))

    monkeypatch.setattr(patterncache, "memo", memo)
    return memos
