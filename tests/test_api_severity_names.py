"""A severity given by its name to a Diagnostic or to Report.count, as Report.exit_code takes it."""

from __future__ import annotations

import pytest

import pmkit


def _finding(severity: object) -> pmkit.Diagnostic:
    return pmkit.Diagnostic("pm.yaml", 1, 1, "PM101", "m", severity=severity)  # type: ignore[arg-type]


def test_a_diagnostic_takes_a_severity_by_name() -> None:
    finding = _finding("warning")
    assert finding.severity is pmkit.Severity.WARNING
    assert finding == _finding(pmkit.Severity.WARNING)
    report = pmkit.Report(diagnostics=[finding])
    assert (report.exit_code("warning"), report.exit_code("error"), report.exit_code()) == (1, 0, 0)


@pytest.mark.parametrize(("severity", "error", "message"), [
    ("bad", ValueError, "unknown severity 'bad': use error, warning or info"),
    (None, TypeError, "severity must be a pmkit.Severity, its name (error, warning or info) or its number "
     "(1, 2 or 3), not NoneType"),
])
def test_a_diagnostic_refuses_what_is_no_severity(severity: object, error: type[Exception],
                                                  message: str) -> None:
    with pytest.raises(error) as raised:
        _finding(severity)
    assert str(raised.value) == message


def test_report_count_takes_a_severity_by_name() -> None:
    report = pmkit.Report(diagnostics=[_finding(pmkit.Severity.WARNING), _finding(pmkit.Severity.ERROR)])
    counts = (report.count("warning"), report.count("WARNING"), report.count(pmkit.Severity.WARNING))
    assert counts == (1, 1, 1)
    assert report.count("info") == 0
    with pytest.raises(ValueError, match=r"^unknown severity 'nope': use error, warning or info$"):
        report.count("nope")
