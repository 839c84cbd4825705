"""The command's start-up: what it skips, and that skipping changes no finding."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import FLAWED_EXAMPLE

SRC = Path(__file__).resolve().parent.parent / "src"

_CHECK = r"""
import io, json, sys
from contextlib import redirect_stdout
from pmkit.cli import main
out = io.StringIO()
with redirect_stdout(out):
    rc = main(["check", "--format", "json", "--select", "PM0,PM1", *sys.argv[1:]])
loader = sys.modules.get("pydantic.plugin._loader")
found = [(d["code"], d["line"]) for d in json.loads(out.getvalue())["diagnostics"]]
print(json.dumps({"rc": rc, "found": found,
                  "metadata": "importlib.metadata" in sys.modules,
                  "stub": (getattr(loader, "__doc__", None) or "").startswith("pmkit")}))
"""


def _python(code: str, *args: str, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "PMKIT_PYDANTIC_PLUGINS"}
    environ.update(PYTHONPATH=str(SRC), PMKIT_NOW="2026-11-25", **env)
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=environ,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_the_command_does_not_scan_installed_packages_for_pydantic_plugins() -> None:
    skipped = json.loads(_python(_CHECK, str(FLAWED_EXAMPLE)))
    assert skipped["stub"] is True and skipped["metadata"] is False
    kept = json.loads(_python(_CHECK, str(FLAWED_EXAMPLE), PMKIT_PYDANTIC_PLUGINS="1"))
    assert kept["stub"] is False and kept["metadata"] is True
    # The same findings either way, the schema error included.
    assert skipped["rc"] == kept["rc"] == 1
    assert skipped["found"] == kept["found"] and ["PM010", 38] in skipped["found"]


def test_anything_else_asked_of_the_loader_comes_from_pydantic() -> None:
    code = ("from pmkit.startup import skip_pydantic_plugins\n"
            "skip_pydantic_plugins()\n"
            "from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP\n"
            "print(PYDANTIC_ENTRY_POINT_GROUP)\n")
    assert _python(code) == "pydantic"


def test_the_library_keeps_pydantics_plugins() -> None:
    code = ("import sys, pmkit\nprint(pmkit.check_text('pmkit: 1\\n')[0].code)\n"
            "print((sys.modules['pydantic.plugin._loader'].__doc__ or '').startswith('pmkit'))")
    assert _python(code) == "False"


def test_html_and_difflib_are_imported_only_for_an_entity_or_a_mistake() -> None:
    """Reading prose, Markdown headings and the policies imports neither html (its table of
    entities, ~1 ms) nor difflib (~1 ms) in a check's processes: only a text with an entity
    and a name to correct need them, and then they work."""
    code = ("import sys\n"
            "import pmkit.schema, pmkit.policies\n"
            "from pmkit.markdown import normalise\n"
            "from pmkit.prose.engine import scan_text\n"
            "from pmkit.prose.lexicon import default_lexicon\n"
            "from pmkit.policies import builtin, suggest\n"
            "builtin()\n"
            "scan_text('The deploy failed at noon.', default_lexicon('en'))\n"
            "plain = normalise('What went wrong')\n"
            "before = sorted(m for m in ('html', 'difflib') if m in sys.modules)\n"
            "entity = normalise('Impact &amp; Scope')\n"
            "found = scan_text('It was hu&shy;man error.', default_lexicon('en'))\n"
            "print(before, plain, entity == normalise('Impact & Scope'), [f.category for f in found],\n"
            "      suggest('gdpr-33', sorted(builtin())))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split("\n")[0] == "[] what went wrong True ['human-error'] gdpr-art33"
