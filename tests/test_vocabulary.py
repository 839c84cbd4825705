"""The format's words kept apart from the model (pmkit.vocabulary), so that the command's own
process reads and checks documents without importing pydantic: they must stay the model's."""

from __future__ import annotations

import subprocess
import sys

import pmkit.model as model
import pmkit.vocabulary as vocabulary
from pmkit.model import Postmortem


def test_the_top_level_fields_the_loader_knows_are_the_models() -> None:
    # The loader names them in PM028 (a second front matter): a field added to the model and
    # not here would be read as text there.
    assert tuple(Postmortem.model_fields) == vocabulary.POSTMORTEM_FIELDS


def test_the_model_uses_the_vocabularys_own_classes_and_bounds() -> None:
    for name in ("Status", "Lang", "IncidentSeverity", "Milestone", "ActionType", "Priority", "ActionStatus",
                 "Audience", "BareDate", "MIN_YEAR", "MAX_YEAR", "resolve_zone", "whole_number",
                 "ID_MAX_LENGTH", "ID_PATTERN"):
        assert getattr(model, name) is getattr(vocabulary, name), name
    # the schema's enumerations are the vocabulary's: a document's value compares equal to them
    assert Postmortem.model_fields["severity"].annotation is vocabulary.IncidentSeverity


def test_the_rules_and_the_vocabulary_import_without_pydantic() -> None:
    code = ("import sys\n"
            "import pmkit.vocabulary, pmkit.engine\n"
            "from pmkit.rules import registry\n"
            "registry()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')"
            " or m in ('pmkit.model', 'pmkit.schema')))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_the_rules_and_a_utc_zone_import_no_zoneinfo() -> None:
    """The command's process (which has no pydantic) imports zoneinfo, and sysconfig for its
    search path, only for a zone other than UTC: settings and postmortems mostly name none."""
    code = ("import sys\n"
            "import pmkit.engine\n"
            "from pmkit.rules import registry\n"
            "from pmkit.vocabulary import resolve_zone\n"
            "registry()\n"
            "zones = [resolve_zone(name) for name in ('UTC', 'utc', 'Z', 'localtime')]\n"
            "before = 'zoneinfo' in sys.modules\n"
            "berlin = resolve_zone('Europe/Berlin')\n"
            "print(before, str(zones[0]), zones[3], getattr(berlin, 'key', berlin))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False", "UTC", "None", "Europe/Berlin"]
