"""A severity given by its number, as the IntEnum's members are ints: Report.count(3) and
Diagnostic(..., severity=3) work as they did; a number out of range or a bool is refused."""

from __future__ import annotations

import pytest

import pmkit


def _finding(severity: object) -> pmkit.Diagnostic:
    return pmkit.Diagnostic("pm.yaml", 1, 1, "PM101", "m", severity=severity)  # type: ignore[arg-type]


@pytest.mark.parametrize(("number", "member"), [(1, pmkit.Severity.INFO), (2, pmkit.Severity.WARNING),
                                                (3, pmkit.Severity.ERROR)])
def test_a_diagnostic_takes_a_severity_by_number(number: int, member: pmkit.Severity) -> None:
    finding = _finding(number)
    assert finding.severity is member
    assert finding == _finding(member) == _finding(str(member))
    assert str(finding.severity) == member.name.lower()


def test_report_count_takes_a_severity_by_number() -> None:
    report = pmkit.Report(diagnostics=[_finding(pmkit.Severity.WARNING), _finding(3), _finding("error")])
    assert (report.count(3), report.count(2), report.count(1)) == (2, 1, 0)
    assert report.count(pmkit.Severity.ERROR) == report.count("error") == 2


@pytest.mark.parametrize("number", [0, 4, -1, 10**30])
def test_a_number_out_of_range_names_the_valid_ones(number: int) -> None:
    message = (f"severity {number} is no severity: use 1 (info), 2 (warning) or 3 (error), or a name: "
               "error, warning or info")
    with pytest.raises(ValueError) as raised:
        _finding(number)
    assert str(raised.value) == message
    with pytest.raises(ValueError) as raised:
        pmkit.Report().count(number)
    assert str(raised.value) == message


@pytest.mark.parametrize("value", [True, 2.0, None])
def test_what_is_no_severity_is_still_refused(value: object) -> None:
    with pytest.raises(TypeError, match=r"must be a pmkit\.Severity, its name \(error, warning or info\) "
                       r"or its number \(1, 2 or 3\), not "):
        _finding(value)
    with pytest.raises(TypeError):
        pmkit.Report().count(value)  # type: ignore[arg-type]
