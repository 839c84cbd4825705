"""PM018: findings of the Markdown body reader (:mod:`pmkit.markdown`)."""

from __future__ import annotations

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
