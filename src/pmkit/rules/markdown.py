"""PM018, PM024, PM028: findings of the Markdown body reader (:mod:`pmkit.markdown`)."""

from __future__ import annotations

from pmkit.diagnostics import Severity
from pmkit.rules import register
from pmkit.rules.loading import LoaderRule


@register
class DuplicateSection(LoaderRule):
    """A narrative field is written twice: in the front matter and as a Markdown section.

    What it catches: a Markdown postmortem whose front matter has ``summary:`` and whose body
    also has a ``## Summary`` section; two ``## Impact`` sections; ``## What went well`` both
    as its own section and under ``## Lessons``.

    Why: only one text can be the field's value (the first one is used). The other is silently
    ignored by every tool, and a reviewer who edits it changes nothing.

    Example::

        ---
        summary: Checkout failed for 47 minutes.
        ---
        ## Summary

        For 47 minutes, 12% of checkout requests failed.

    Instead: keep the narrative in the body and remove the front-matter key (or the reverse).
    """

    code = "PM018"
    name = "duplicate-section"


@register
class SectionHeadingLevel(LoaderRule):
    """A heading named like a section is not at level 2 (or is bold text), and fills nothing.

    What it catches: ``# Summary``, ``### Impact`` or ``### What went wrong`` (outside
    ``## Lessons``), as exports from Google Docs and word processors write them, and an HTML
    heading such as ``<h2>Summary</h2>``, and a paragraph whose first line is only the name in
    emphasis or before a colon (``**Summary**``, ``__Impact__``, ``Summary:``), as word
    processors and chat tools write headings, and a line that starts with the name as a label
    with its text after it (``**Impact**: 12% of users saw errors``, ``**Impact:** ...``,
    ``__Impact__ - ...``, or ``Impact: ...`` as a paragraph's first line), when the field the
    section would fill is given nowhere else. Only a section's name counts as a label:
    ``Note: ...`` is text, and so is a plain ``impact: ...`` further down a paragraph, where a
    sentence may have been wrapped. Also a ``## Summary`` on the line right under an HTML
    tag such as ``<div>`` or ``<details>``: CommonMark reads the lines up to the next blank one
    as that HTML block, so the heading shows as text. Also a section's heading after a code
    fence (three backticks or tildes) that is never closed: CommonMark reads the rest of the
    file as that code block, so the heading shows as code (a heading inside a code block that
    is closed is an example, and is not reported). A subheading inside a section that fills
    a field (``### Impact`` under ``## Summary``) is part of its text and is not reported; nor
    is a bold line in code, a quote, a list or a table.

    Why: pmkit reads the body's level-2 sections (and the lessons as level-3 ones under
    ``## Lessons``); the text under a heading of another level is read as the author's own
    section, and a bold line is read as text, so the field counts as missing and its text
    goes unchecked. The finding names the heading, so that the missing-field finding makes
    sense.

    Example::

        # Summary

        For 47 minutes, 12% of checkout requests failed.

        **Impact**

        Customers could not pay.

    Instead::

        ## Summary

        For 47 minutes, 12% of checkout requests failed.

        ## Impact

        Customers could not pay.
    """

    code = "PM024"
    name = "section-heading-level"
    severity = Severity.WARNING


@register
class SecondFrontMatter(LoaderRule):
    """A second front matter in a Markdown postmortem's body, whose fields set nothing.

    What it catches: below the body's first lines, a block that is a front matter: a line
    ``---`` that does not underline a line of text (it follows a blank line, a heading, a code
    fence or another block), lines of the format's keys (``id: ...``, ``status: ...``, a
    list under a key), and a closing ``---`` (or ``...``), as a draft's metadata pasted below
    another's or two files joined leave it. A ``---`` rule around text that holds no key of the
    format (``Note: ...``) is a rule, and a block inside code is an example: neither is reported.

    Why: only the front matter at the top of the file is read. The fields of the second one set
    nothing (a ``status: published`` there leaves the postmortem a draft), and Markdown shows
    its last key line as a heading, so a reader sees metadata that no tool acts on.

    Example::

        ---
        pmkit: 1
        id: 2026-03-02-checkout
        title: Checkout failed for 47 minutes
        status: draft
        lang: en
        severity: SEV2
        ---
        ## Summary

        For 47 minutes, 12% of checkout requests failed.

        ---
        status: published
        owner: payments team lead
        ---

    Instead: put the fields into the front matter at the top (one value for each)::

        ---
        pmkit: 1
        id: 2026-03-02-checkout
        title: Checkout failed for 47 minutes
        status: published
        owner: payments team lead
        lang: en
        severity: SEV2
        ---
        ## Summary

        For 47 minutes, 12% of checkout requests failed.
    """

    code = "PM028"
    name = "second-front-matter"
    severity = Severity.WARNING
