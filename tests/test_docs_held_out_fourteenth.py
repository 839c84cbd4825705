"""What the README, docs/ and the rule pages show is what pmkit does.

- every rule page's example (``pmkit explain CODE``), put into a postmortem, is reported with
  that rule on the example's own lines and loads without schema findings of other rules, and
  its "instead", written into the example, is not reported;
- the postmortem snippets of the README and docs/ load, and the suppressions shown silence
  what they name;
- the README's demo prints the lines and the count the README shows;
- every option of every verb's ``--help`` is named in the docs (the README lists check's, the
  authoring guide new's), and every option a page's synopsis names is one the verb takes;
- the JSON and the baseline the pages show have the fields pmkit writes, docs/format.md names
  the fields of the schema, and every ``pmkit.*`` name the pages give exists;
- the rule the architecture page shows how to write takes a free code and name.
"""

from __future__ import annotations

import argparse
import json
import re
import textwrap
from pathlib import Path

import pytest

import pmkit
from pmkit.cli import build_parser, main
from pmkit.commands.due import _RANK
from pmkit.config import load_config
from pmkit.diagnostics import Diagnostic, Severity
from pmkit.rules import registry

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = {p.name: p.read_text(encoding="utf-8")
         for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]}

# --- rule pages ------------------------------------------------------------------------------

#: The fields a postmortem must have; a fragment that gives one of them replaces it.
HEADER = {"pmkit": "1", "id": "2026-03-02-example", "title": "Checkout errors", "status": "draft",
          "lang": "en", "severity": "SEV3"}
TOP_KEYS = {"pmkit", "id", "title", "status", "lang", "severity", "timezone", "summary", "impact", "timeline",
            "decisions", "contributing_factors", "action_items", "lessons", "disclosure", "corrections",
            "approvals", "tags", "owner", "authors", "services"}
#: A fragment of one record's keys (``decision: ...`` with ``rationale: ...``) goes into a list of
#: that kind, after these lines; a fragment of list entries, below the list's key.
RECORDS = {
    "decisions": ({"decision", "rationale", "options_considered", "options_reason", "tradeoff", "decided_by",
                   "known_at_the_time"},
                  "decisions:\n  - id: D1\n"),
    "timeline": ({"at", "event", "evidence", "milestone", "actor"}, "timeline:\n  -\n"),
    "action_items": ({"due", "title", "owner", "status", "priority", "tracker", "type", "addresses"},
                     "action_items:\n  - id: AI1\n"),
    "impact": ({"users_affected", "customers_affected", "description", "metrics"}, "impact:\n"),
    "disclosure": ({"notifications"}, "disclosure:\n"),
}
#: Examples that are not a part of one postmortem, and why the test cannot run them as one.
NOT_ONE_FILE = {
    "PM027": "two files with one id",
    "PM413": "a shell command in a shallow clone",
    "PM600": "an output line of a run outside git",
    "PM605": "a git command",
    "PM606": "a git command",
    # The history rules compare with the file's published version, which the pages give in
    # a comment ("# was 12000 when published"): tests/test_history*.py run them in git.
    "PM412": "git history", "PM601": "git history", "PM602": "git history", "PM603": "git history",
    "PM604": "git history", "PM607": "git history", "PM608": "git history",
}
#: Examples that are a whole file as they stand (a header added above would change what they are).
WHOLE_FILE = {"PM001", "PM003", "PM008"}
#: What a page's "What it catches" names and its fragment leaves to the rest of the postmortem.
CONTEXT = {
    "PM111": "severity: SEV2\n",  # evidence_severities: SEV1, SEV2
    "PM206": "severity: SEV2\n",  # a trade-off is asked of SEV1/SEV2 decisions
    "PM212": "severity: SEV2\n",  # so is what was known
    "PM208": "timeline:\n  - {at: 2024-03-12T10:05:00Z, event: The incident commander was paged.}\n",
}
#: Rules whose "instead" is still reported, at a lower severity, as the page says (a late
#: notice stays late; with the reasons for the delay it is a warning).
LOWERED = {"PM404": Severity.WARNING}
#: Rules about what the whole file lacks, reported at its first line.
AT_TOP = {"PM101", "PM201", "PM508", "PM701", "PM711"}


def literal_blocks(page: str) -> dict[str, str]:
    """The ``Example::`` and ``Instead::`` literal blocks of a rule page, dedented."""
    found = {}
    for label in ("Example", "Instead"):
        match = re.search(rf"^{label}\b(?:[^\n]|\n(?!\n))*?::\n\n((?:(?:    [^\n]*)?\n)+)", page + "\n", re.M)
        if match:
            found[label] = textwrap.dedent(match.group(1)).strip("\n") + "\n"
    return found


def _fields(text: str) -> dict[str, str] | None:
    """The top-level fields of a fragment, each with its lines (a comment above goes with the
    field below it); None when the fragment is no mapping of fields."""
    fields: dict[str, str] = {}
    pending = ""
    for line in text.splitlines(keepends=True):
        key = re.match(r"(\w+):", line)
        if key:
            fields[key.group(1)] = pending + line
            pending = ""
        elif line.startswith("#") or not line.strip() or not fields:
            pending += line
        else:
            fields[list(fields)[-1]] += line
    if fields:
        fields[list(fields)[-1]] += pending
    return fields or None


def in_example(instead: str, example: str) -> str:
    """What the reader has after writing an "instead" into the example: the fields it shows
    replace the example's (the other fields stay), and one that shows only the corrected entry
    (a notification) takes the place of the example's last entry."""
    lines = example.splitlines()
    starts = [i for i, line in enumerate(lines) if line.lstrip().startswith("- ")]
    if instead.startswith("- ") and not example.startswith("- ") and starts:
        indent = lines[starts[-1]][:len(lines[starts[-1]]) - len(lines[starts[-1]].lstrip())]
        return "\n".join(lines[:starts[-1]]) + "\n" + textwrap.indent(instead, indent)
    old, new = _fields(example), _fields(instead)
    if old is None or new is None or set(old) - TOP_KEYS:  # (a misspelt key: the line, corrected)
        return instead
    return "".join({**old, **new}.values())


def _entries_key(text: str) -> str:
    for key, pattern in (("decisions", r"\bid: D\d"), ("action_items", r"\bid: AI\d"),
                         ("contributing_factors", r"\bid: CF\d")):
        if re.search(pattern, text):
            return key
    return "disclosure:\n  notifications" if "audience:" in text else "timeline"


def elided(fragment: str) -> str:
    """``fragment`` without the ``...`` that stands for what the example leaves out."""
    fragment = re.sub(r"^[ \t]*\w+: \.\.\.(?:[ \t]+#.*)?\n", "", fragment, flags=re.M)  # a field's value
    return re.sub(r",\s*\.\.\.(?=\s*})", "", fragment).replace("[...]", "[]")


def postmortem(code: str, fragment: str) -> str:
    """A postmortem holding ``fragment`` as a reader would paste it: ``...`` left out, the
    required fields it does not give added above it, and entries or a record's keys put into
    the list they belong to."""
    text = elided(fragment)
    if code in WHOLE_FILE:
        return text
    keys = set(re.findall(r"^(\w+):", text, re.M))
    head = CONTEXT.get(code, "")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if lines and lines[0].startswith("- "):
        key = _entries_key(text)
        text = key + ":\n" + textwrap.indent(text, "  " * (key.count("\n") + 1))
        keys = {key.split(":")[0]}
    elif keys and not keys & TOP_KEYS:
        for key, (names, above) in RECORDS.items():
            if keys <= names:
                indent = "    " if "  -" in above else "  "
                if key == "timeline" and "at" not in keys:  # an entry has its time
                    above += "    at: 2026-03-02T10:00:00Z\n"
                text = above + textwrap.indent(text, indent)
                keys = {key}
                break
    if re.search(r"[äöüß]", fragment):
        keys.add("lang")
        head += "lang: de\n"
    keys |= set(re.findall(r"^(\w+):", head, re.M))
    fields = "".join(f"{key}: {value}\n" for key, value in HEADER.items() if key not in keys)
    if text.startswith("---\n"):  # Markdown: the front matter gets the fields
        return "---\n" + fields + head + text[4:]
    if re.search(r"^#{1,6} [A-Z]", text, re.M) and not keys:  # a Markdown body
        return "---\n" + fields + head + "---\n\n" + text
    return fields + head + text


def findings(code: str, text: str, fragment: str, settings: Path | None = None) -> list[Diagnostic]:
    config = load_config(settings) if settings else pmkit.Config()
    # The suppression rules judge the findings of the rules that ran: they run with all. The
    # schema rules run too: an example that does not load as meant shows nothing.
    config.select = [] if code.startswith("PM9") else [code, "PM0"]
    checked = re.search(r"checked on (\d{4}-\d\d-\d\d)", fragment)
    now = checked.group(1) + "T12:00:00Z" if checked else "2026-11-25T12:00:00Z"
    name = "postmortems/x.md" if text.startswith("---\n") else "postmortems/x.yaml"
    found = pmkit.check_text(text, name, config, now=now)
    if not code.startswith("PM0"):
        assert not [d.message for d in found if d.code.startswith("PM0")], text
    return [d for d in found if d.code == code]


def _bare(line: str) -> str:
    return line.strip().removeprefix("- ").strip()


def pages() -> list[object]:
    return [pytest.param(rule.code, literal_blocks(rule.doc()), id=rule.code) for rule in registry()
            if rule.code not in NOT_ONE_FILE and literal_blocks(rule.doc())]


@pytest.mark.parametrize(("code", "blocks"), pages())
def test_a_rule_page_example_is_reported_on_its_lines_and_its_instead_passes(
        code: str, blocks: dict[str, str], tmp_path: Path) -> None:
    if "Example" in blocks:
        example = blocks["Example"]
        text = postmortem(code, example)
        hits = findings(code, text, example)
        assert hits, f"{code}: the page's example is not reported:\n{text}"
        own = {_bare(ln) for ln in elided(example).splitlines() if ln.strip()}
        own |= {_bare(ln) for _names, above in RECORDS.values() for ln in above.splitlines()}  # its record
        for hit in hits:
            line = text.splitlines()[hit.line - 1]
            assert _bare(line) in own or (code in AT_TOP and hit.line == 1), (hit.line, line, hit.message)
    if "Instead" in blocks:
        instead, settings = blocks["Instead"], None
        if re.search(r"^\[tool\.pmkit", instead, re.M):  # settings: the example passes with them
            settings = tmp_path / "pyproject.toml"
            settings.write_text(instead, encoding="utf-8")
            instead = blocks["Example"]
        instead = in_example(instead, blocks.get("Example", ""))
        text = postmortem(code, instead)
        hits = [d for d in findings(code, text, instead, settings) if d.severity != LOWERED.get(code)]
        assert not hits, f"{code}: the page's 'instead' is reported: {[d.message for d in hits]}\n{text}"


def test_the_rule_pages_the_test_leaves_out_exist_and_show_examples() -> None:
    """Guard: the lists above name rules that are there, and leave out no page they need not."""
    codes = {rule.code: rule for rule in registry()}
    for code in [*NOT_ONE_FILE, *WHOLE_FILE, *CONTEXT, *AT_TOP, *LOWERED]:
        assert code in codes and "Example" in literal_blocks(codes[code].doc()), code
    for code, severity in LOWERED.items():  # the page says what its "instead" still is
        label = re.search(r"^Instead\b(.*?)::", codes[code].doc(), re.M | re.S)
        assert label is not None and severity.name.lower() in label.group(1), code
    assert len(pages()) >= 90


def test_the_correction_example_of_pm607_loads_as_written() -> None:
    (rule,) = [r for r in registry() if r.code == "PM607"]
    blocks = literal_blocks(rule.doc())
    for block in (blocks["Example"], "corrections:\n" + blocks["Instead"]):
        text = postmortem("PM607", block)
        assert not [d.code for d in pmkit.check_text(text, "x.yaml", pmkit.Config(select=["PM0"]))]


def yaml_snippets() -> list[object]:
    """The postmortem snippets of the README and docs/ (not hook, workflow, CI job or lexicon
    files, and not a part of the snippet above, shown indented)."""
    found = []
    for name, text in PAGES.items():
        for match in re.finditer(r"^```yaml\n(.*?)^```", text, re.S | re.M):
            block = match.group(1)
            other = re.search(r"^(repos|entries|permissions):|^- (uses|id|name|run):|^ +script:", block, re.M)
            if block.startswith(" ") or other:
                continue
            found.append(pytest.param(block, id=f"{name}:{text.count(chr(10), 0, match.start()) + 1}"))
    return found


@pytest.mark.parametrize("snippet", yaml_snippets())
def test_a_postmortem_snippet_of_the_docs_loads_as_written(snippet: str) -> None:
    text = postmortem("", snippet)
    found = pmkit.check_text(text, "postmortems/x.yaml", pmkit.Config(select=["PM0"]))
    assert not [(d.line, d.message) for d in found], text


def test_the_suppressions_the_authoring_guide_shows_silence_what_they_name() -> None:
    page = PAGES["authoring.md"].split("### Suppressing a finding", 1)[1]
    yaml_block = re.search(r"```yaml\n(.*?)```", page, re.S)
    markdown_block = re.search(r"```markdown\n(.*?)```", page, re.S)
    assert yaml_block is not None and markdown_block is not None
    # (the section the comment covers, with a sentence of its own)
    body = markdown_block.group(1).replace("## Background\n", "## Background\n\nIt says human error.\n")
    fields = "".join(f"{key}: {value}\n" for key, value in HEADER.items())
    for text, name in ((postmortem("", yaml_block.group(1)), "x.yaml"),
                       (f"---\n{fields}---\n\n## Summary\n\n{body}", "x.md")):
        config = pmkit.Config(select=["PM3", "PM9"])
        assert not pmkit.check_text(text, name, config), text
        bare = re.sub(r"\s*(?:# pmkit: ignore|<!-- pmkit: ignore)[^\n]*", "", text)
        assert [d.code for d in pmkit.check_text(bare, name, config)] == ["PM301", "PM301"], bare


# --- the README's demo -----------------------------------------------------------------------

def test_the_readme_demo_prints_what_the_readme_shows(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    shown = re.search(r"```text\n\$ pmkit check examples/\n(.*?)```", README, re.S)
    assert shown is not None
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("PMKIT_NOW", raising=False)
    code = main(["check", "examples/"])
    printed = capsys.readouterr().out.splitlines()
    assert code == 1  # "so it prints findings and exits with 1"
    lines = [ln for ln in shown.group(1).splitlines() if ln != "..."]
    for line in lines:
        assert line in printed
    assert printed[-1] == lines[-1]


def test_the_readme_says_which_settings_the_config_holds_as_codes() -> None:
    config = pmkit.Config(severity={"human-error": "info"}, rules={"overdue-action-item": {"grace_days": 3}},
                          select=["human-error"], ignore=["PM5"])
    assert config.severity == {"PM301": pmkit.Severity.INFO}
    assert config.rules == {"PM714": {"grace_days": 3}}
    assert (config.select, config.ignore) == (["human-error"], ["PM5"])
    text = " ".join(README.split())
    assert 'the Config holds them as `pmkit.Severity` and codes (`{"PM301": Severity.INFO}`), ' \
           "while `select` and `ignore` keep the codes, prefixes and names as written" in text


def test_the_readme_names_the_families_each_hook_selects() -> None:
    from ruamel.yaml import YAML

    for hook in YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")):
        row = re.search(rf"^\| [^|]*`{re.escape(hook['id'])}`[^|]* \|(.*)\|$", README, re.M)
        assert row is not None, hook["id"]
        chosen = re.search(r"--select (\S+)", hook["entry"])
        said = row.group(1)
        for family in chosen.group(1).split(",") if chosen else []:
            if len(family) == 3:  # a family, PM3: its codes are PM3xx
                assert f"{family}xx" in said or "one family each" in said, (hook["id"], family)


# --- --help and the docs ---------------------------------------------------------------------

def verbs() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def long_options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions for o in a.option_strings if o.startswith("--") and o != "--help"}


@pytest.mark.parametrize("verb", sorted(verbs()))
def test_every_option_of_a_verb_is_documented(verb: str) -> None:
    docs = "\n".join(PAGES.values())
    for option in sorted(long_options(verbs()[verb])):
        assert re.search(rf"{re.escape(option)}\b", docs), f"pmkit {verb} {option} is in no page"


def test_the_readme_shows_the_options_of_pmkit_itself() -> None:
    for option in sorted(long_options(build_parser())):
        assert f"`pmkit {option}`" in README, option


def test_the_readme_lists_every_option_of_check() -> None:
    listed = README.split("Options of `check`:", 1)[1].lstrip("\n").split("\n\n", 1)[0]
    for option in sorted(long_options(verbs()["check"])):
        assert re.search(rf"{re.escape(option)}\b", listed), option


def test_the_authoring_guide_lists_every_option_of_new() -> None:
    table = PAGES["authoring.md"].split("| option | default | meaning |", 1)[1].split("\n\n", 1)[0]
    listed = set(re.findall(r"^\| `(--[a-z-]+)`", table, re.M))
    assert listed == long_options(verbs()["new"])


def test_due_all_names_every_state_it_adds(capsys: pytest.CaptureFixture[str]) -> None:
    from pmkit.commands.due import _LISTED_STATES

    assert main(["due", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    said = text.split("--all ", 1)[1].split(" --overdue", 1)[0]
    for state in sorted({*_RANK, "optional"} - set(_LISTED_STATES)):
        assert state.removeprefix("no-") in said, state


@pytest.mark.parametrize("verb", ["check", "stats", "actions", "due"])
def test_a_verb_that_reads_the_configured_folder_says_so_at_its_paths(
        verb: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([verb, "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert re.search(r" PATH files or folders[^(]*\(default: the configured postmortem folder\)", text)


def synopses() -> list[object]:
    found = []
    for name, text in PAGES.items():
        for match in re.finditer(r"^```\n(pmkit (\w+) [^\n]*)\n```", text, re.M):
            found.append(pytest.param(match.group(2), match.group(1), id=f"{name}:{match.group(2)}"))
    return found


@pytest.mark.parametrize(("verb", "synopsis"), synopses())
def test_a_synopsis_names_the_options_of_its_verb(verb: str, synopsis: str) -> None:
    named = set(re.findall(r"--[a-z][a-z-]*", synopsis))
    taken = long_options(verbs()[verb])
    assert named <= taken, named - taken
    if verb != "check":  # check's page shows the one option it is about
        assert named == taken, taken - named


def test_the_pages_have_synopses() -> None:
    assert {p.values[0] for p in synopses()} >= {"stats", "actions", "due"}  # type: ignore[attr-defined]


def test_new_and_stats_say_what_now_means_to_them(capsys: pytest.CaptureFixture[str]) -> None:
    """--now is "the reference time for deadlines" for check, actions and due; new takes today
    from it, and stats, which measures durations, changes nothing by it."""
    helps = {}
    for verb in ("new", "stats", "check"):
        assert main([verb, "--help"]) == 0
        helps[verb] = " ".join(capsys.readouterr().out.split())
    assert "--now TIME today, for the default --date and the due date of the draft's action item" \
        in helps["new"]
    assert "--now TIME accepted and checked, but the metrics do not depend on it" in helps["stats"]
    assert "--now TIME reference time for deadlines" in helps["check"]
    assert "[tool.pmkit.templates] format" in helps["new"]


# --- JSON shown in the pages -----------------------------------------------------------------

def test_the_json_report_docs_output_shows_is_the_one_pmkit_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    block = re.search(r"```json\n(.*?)```", PAGES["output.md"], re.S)
    assert block is not None
    shown = json.loads(block.group(1))
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "a.yaml").write_text(
        "".join(f"{key}: {value}\n" for key, value in HEADER.items()) + "sumary: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "json", "--select", "PM010", "postmortems/a.yaml"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report.keys() == shown.keys()
    assert (report["files"], report["summary"]) == (shown["files"], shown["summary"])
    (want,), (got,) = shown["diagnostics"], report["diagnostics"]
    # (no "data": a finding has it only when its rule gives details)
    assert got.keys() == want.keys()
    assert got["hint"].startswith(want.pop("hint").removesuffix("..."))
    assert {key: got[key] for key in want} == want


def test_the_fields_of_a_clock_docs_disclosure_lists_are_those_pmkit_due_writes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = " ".join(PAGES["disclosure.md"].split())
    listed = re.search(r"one object per clock with (.*?), and `\"skipped\"", page)
    assert listed is not None
    states = re.search(r"`state` \(([^()]*)\)", listed.group(1))
    assert states is not None
    assert set(re.findall(r"`([\w-]+)`", states.group(1))) == {*_RANK, "optional"}
    fields = set(re.findall(r"`(\w+)`", re.sub(r"\([^()]*\)", "", listed.group(1))))
    # One clock open, one without a deadline (a count past the years whose holidays are known).
    path = tmp_path / "a.yaml"
    path.write_text("".join(f"{key}: {value}\n" for key, value in HEADER.items())
                    + "disclosure:\n  regimes: [nis2, sec-8k]\n  aware_at: 2026-11-20T09:00:00Z\n"
                    "  materiality_determined_at: 2101-07-01T09:00:00-04:00\n", encoding="utf-8")
    assert main(["due", "--all", "--format", "json", "--now", "2026-11-20T10:00:00Z", str(path)]) == 0
    clocks = json.loads(capsys.readouterr().out)["clocks"]
    assert {"open", "uncomputable"} <= {clock["state"] for clock in clocks}
    for clock in clocks:
        assert set(clock) == fields


def test_the_baseline_docs_authoring_describes_is_the_one_pmkit_writes(
        monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    page = " ".join(PAGES["authoring.md"].split())
    described = re.search(r"The baseline is JSON \(`(\{.*?\})`, each finding with its (.*?)\)", page)
    assert described is not None and "`--write-baseline -` prints it" in page
    monkeypatch.chdir(ROOT)
    assert main(["check", "--write-baseline", "-", "examples/postmortems/2025-02-14-login-outage.yaml"]) == 0
    baseline = json.loads(capfd.readouterr().out)  # ("-" is written as /dev/stdout)
    assert list(baseline) == re.findall(r'"(\w+)":', described.group(1))
    assert baseline["generator"] == f"pmkit {pmkit.__version__}"
    fields = re.findall(r"`(\w+)`", described.group(2))
    # "entry" only in the rows of findings in list entries, which the example has too.
    assert all(list(finding) == [f for f in fields if f != "entry" or "entry" in finding]
               for finding in baseline["findings"])
    assert any("entry" in finding for finding in baseline["findings"])
    assert baseline["findings"][0]["path"] == "examples/postmortems/2025-02-14-login-outage.yaml"


def test_every_python_name_the_pages_give_exists() -> None:
    """`pmkit.metrics()`, `pmkit.textmap.locate(...)`, `pmkit.commands.actions.open_items`:
    a name a page gives for the API can be imported."""
    import importlib

    names = {m for text in PAGES.values() for m in re.findall(r"`(pmkit(?:\.[A-Za-z_]\w*)+)", text)}
    assert len(names) >= 25
    for dotted in sorted(names):
        parts = dotted.split(".")
        obj: object = importlib.import_module("pmkit")
        for index, part in enumerate(parts[1:], 2):  # (a module not imported yet is imported)
            name = ".".join(parts[:index])
            obj = getattr(obj, part) if hasattr(obj, part) else importlib.import_module(name)


# --- the file format -------------------------------------------------------------------------

def _braced(text: str) -> set[str]:
    """The field names of the first ``{by, role, at}`` in ``text``; a record inside it
    (``metrics: [{name, value, unit}]``) is left out, as its field (``metrics``) is named."""
    outer = re.search(r"\{[^{}]*\}", re.sub(r"\[\{[^{}]*\}\]", "", text))
    assert outer is not None, text
    return {part.strip().split(":")[0] for part in outer.group(0).strip("{}").split(",")}


def test_docs_format_names_the_fields_of_the_schema() -> None:
    from pmkit import model

    page = PAGES["format.md"]
    rows = {m.group(1): m for m in re.finditer(r"^\| `(\w+)`(?:, `(\w+)`)? \| (.*)$", page, re.M)}
    named = {name for m in rows.values() for name in m.groups()[:2] if name}
    assert named == set(model.Postmortem.model_fields)
    records = {"approvals": model.Approval, "impact": model.Impact,
               "contributing_factors": model.ContributingFactor, "corrections": model.Correction}
    for field, cls in records.items():
        assert _braced(rows[field].group(3)) == set(cls.model_fields), field
    metrics = re.search(r"metrics: \[(\{[^}]*\})\]", rows["impact"].group(3))
    assert metrics is not None and _braced(metrics.group(1)) == set(model.Metric.model_fields)
    for heading, cls in {"Timeline entry": model.TimelineEntry, "Decision record": model.Decision,
                         "Action item": model.ActionItem, "Disclosure": model.Disclosure}.items():
        section = page.split(f"### {heading}\n", 1)[1]
        assert _braced(section) == set(cls.model_fields), heading
    notifications = re.search(r"notifications: \[(\{[^}]*\})\]", page)
    assert notifications is not None
    assert _braced(notifications.group(1)) == set(model.Notification.model_fields)


# --- docs/architecture.md --------------------------------------------------------------------

def test_the_rule_docs_architecture_shows_runs_as_a_new_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Copied as the start of a rule, the example must not take the code or name of a rule
    that exists (it took PM105, timeline-order, and the name of PM112); it loads as a rule."""
    import pmkit.rules

    block = re.search(r"## Writing a rule\n\n```python\n(.*?)```", PAGES["architecture.md"], re.S)
    assert block is not None
    added: list[type[pmkit.rules.Rule]] = []
    monkeypatch.setattr(pmkit.rules, "register", lambda rule: added.append(rule) or rule)
    exec(compile(block.group(1), "architecture.md", "exec"), {})
    (rule,) = added
    taken = {r.code for r in registry()} | {r.name for r in registry()}
    assert rule.code.startswith("PM1") and rule.code not in taken and rule.name not in taken
    assert all(section in rule.doc() for section in ("What it catches:", "Why:", "Example", "Instead"))
    rule.validate_options({k: o.default for k, o in rule.options.items()}, rule.code)
