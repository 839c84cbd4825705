"""pmkit: Git-native incident postmortems.

The public API::

    import pmkit

    pm = pmkit.load("postmortems/2018-10-21-db.yaml")      # -> pmkit.Postmortem
    report = pmkit.check(["postmortems/"])                  # -> pmkit.Report
    for diag in report.diagnostics:
        print(diag.path, diag.line, diag.code, diag.message)
    findings = pmkit.validate(pm)                           # -> list[pmkit.Diagnostic]
    findings = pmkit.check_text(text, "pm.yaml")            # -> list[pmkit.Diagnostic]
    code = pmkit.Report(findings).exit_code()               # a list's exit code, as check's

Names are imported lazily so that ``import pmkit`` stays cheap for hooks and scripts.
"""

from __future__ import annotations

# Not typing's TYPE_CHECKING: 'import pmkit' runs first in every command, and importing typing
# (a few milliseconds) delayed the moment from which Ctrl-C ends it quietly (pmkit.launcher).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Diagnostic": "pmkit.diagnostics",
    "Severity": "pmkit.diagnostics",
    "Report": "pmkit.diagnostics",
    "Config": "pmkit.config",
    "ConfigError": "pmkit.config",
    "load_config": "pmkit.config",
    "Document": "pmkit.loader",
    "LoadError": "pmkit.loader",
    "Checker": "pmkit.engine",
    "check": "pmkit.engine",
    "load": "pmkit.api",
    "loads": "pmkit.api",
    "validate": "pmkit.api",
    "check_text": "pmkit.api",
    "dump": "pmkit.api",
    "Postmortem": "pmkit.model",
    "TimelineEntry": "pmkit.model",
    "Decision": "pmkit.model",
    "ActionItem": "pmkit.model",
    "ContributingFactor": "pmkit.model",
    "Impact": "pmkit.model",
    "Disclosure": "pmkit.model",
    "Notification": "pmkit.model",
    "Correction": "pmkit.model",
    "Approval": "pmkit.model",
    "Lessons": "pmkit.model",
    "Metric": "pmkit.model",
    "Milestone": "pmkit.model",
    "Status": "pmkit.model",
    "IncidentSeverity": "pmkit.model",
    "Lang": "pmkit.model",
    "metrics": "pmkit.api",
    "Metrics": "pmkit.durations",
}

__all__ = [
    "ActionItem",
    "Approval",
    "Checker",
    "Config",
    "ConfigError",
    "ContributingFactor",
    "Correction",
    "Decision",
    "Diagnostic",
    "Disclosure",
    "Document",
    "Impact",
    "IncidentSeverity",
    "Lang",
    "Lessons",
    "LoadError",
    "Metric",
    "Metrics",
    "Milestone",
    "Notification",
    "Postmortem",
    "Report",
    "Severity",
    "Status",
    "TimelineEntry",
    "__version__",
    "check",
    "check_text",
    "dump",
    "load",
    "load_config",
    "loads",
    "metrics",
    "validate",
]

if TYPE_CHECKING:
    from pmkit.api import check_text, dump, load, loads, metrics, validate
    from pmkit.config import Config, ConfigError, load_config
    from pmkit.diagnostics import Diagnostic, Report, Severity
    from pmkit.durations import Metrics
    from pmkit.engine import Checker, check
    from pmkit.loader import Document, LoadError
    from pmkit.model import (
        ActionItem,
        Approval,
        ContributingFactor,
        Correction,
        Decision,
        Disclosure,
        Impact,
        IncidentSeverity,
        Lang,
        Lessons,
        Metric,
        Milestone,
        Notification,
        Postmortem,
        Status,
        TimelineEntry,
    )


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'pmkit' has no attribute '{name}'")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
