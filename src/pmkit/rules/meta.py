"""PM9xx: findings about pmkit's own markers and settings in a file."""

from __future__ import annotations

from pmkit.diagnostics import Severity
from pmkit.rules import register
from pmkit.rules.loading import LoaderRule


@register
class UnusedSuppression(LoaderRule):
    """A ``# pmkit: ignore[...]`` comment that silences nothing.

    What it catches: a suppression left behind after the text it excused was rewritten, or
    one placed on the wrong line.

    Why: stale suppressions hide future findings on that line and tell readers something
    that is no longer true. (A suppression for a rule that was not selected in this run is
    not reported.) Like every rule, it obeys ``--select`` and ``--ignore``, and a suppression
    silences it: ``# pmkit: ignore[PM301, PM901] reason`` keeps a suppression that silences
    nothing for now (an ``ignore[PM901]`` that silences nothing is itself reported).

    Example::

        summary: The deploy pipeline stopped a bad config.  # pmkit: ignore[PM301]

    Instead: remove the comment, or put it on (or just above) the line of the finding.
    """

    code = "PM901"
    name = "unused-suppression"
    severity = Severity.WARNING


@register
class UnknownSuppression(LoaderRule):
    """A suppression names a code, prefix or name that no rule has, or is not complete.

    What it catches: ``# pmkit: ignore[PM999]``, ``# pmkit: ignore[human-eror]``, an empty
    ``ignore[]``, and a comment that starts like a suppression but is not one on its line:
    ``# pmkit: ignore PM301`` (no brackets), ``# pmkit: ignore [PM301]`` (a blank before the
    bracket), ``# PMKIT: IGNORE[PM301]`` (suppressions are written in lower case),
    ``# pmkit: ignore[PM301,`` continued on the next line, ``<!-- pmkit: ignore[PM301] ...``
    without its ``-->`` on the same line, or below a ``<!--`` on a line of its own,
    ``# pmkit ignore[PM301]`` (no colon), another word than ``ignore`` (``disable``, ``noqa``,
    ``ignore-file``: there is no file-wide suppression), codes separated by blanks
    (``ignore[PM301 PM302]``), and a suppression written where it is text a
    reader sees: a line of its own inside a block of text (``summary: |``), or the ``#`` form in
    a Markdown body. Also a suppression of the error that kept a file from being read
    (``ignore[PM001]`` in a file that does not parse): its comments were not read either, and the
    error is reported all the same. Each message says which of these it is.

    Why: a misspelt or broken suppression silences nothing, while its author believes it does.

    Example::

        # pmkit: ignore[PM3O1]

    Instead::

        # pmkit: ignore[PM301] quoting the customer's ticket verbatim
    """

    code = "PM902"
    name = "unknown-suppression"
    severity = Severity.WARNING


@register
class InternalError(LoaderRule):
    """pmkit itself failed while checking this file.

    What it catches: a bug in pmkit or in one of its rules, met on this file. The other rules'
    findings are still reported; the run exits with code 2. A rule that ran out of memory (a
    limit set with ``ulimit -v``, or a container's) is said so, with no bug to report.

    Why: a crash must never hide findings or print a bare traceback in a commit hook.

    Example: a rule raising an exception on an unusual but valid document.

    Instead: report the bug with the file (or a redacted copy); meanwhile ``--ignore`` the rule
    named in the message. Out of memory: check the file alone, or allow the run more memory.
    """

    code = "PM903"
    name = "internal-error"
