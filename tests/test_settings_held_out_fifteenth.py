"""Settings, suppressions and baselines as a team adopting pmkit writes them.

Suppressions: a comment that looks like one but silences nothing (another word than ``ignore``,
no colon, codes separated by blanks, written where it is text a reader sees) is said (PM902) at
its own line and column, while the finding it meant to silence stays.
"""

from __future__ import annotations

from helpers import run, where

HEAD = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"
BLAME = "summary: The outage was caused by human error."
FRONT = "---\n" + HEAD + "---\n\n## Summary\n\n"
WRITE_YAML = "so it silences nothing: write it as '# pmkit: ignore[CODE] reason'"


def _said(text: str, path: str = "pm.yaml") -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.col, d.message) for d in run(text, path=path, select=["PM3", "PM9"])]


def test_another_word_than_ignore_is_said() -> None:
    for word in ("disable", "noqa"):
        assert _said(HEAD + f"{BLAME}  # pmkit: {word}[PM301] quoting\n") == [
            ("PM301", 7, 35, '"human error" frames the incident as human error'),
            ("PM902", 7, 49, f"this suppression says '{word}' where pmkit reads 'ignore', {WRITE_YAML}"),
        ]


def test_a_file_wide_suppression_is_said_not_to_exist() -> None:
    said = _said("# pmkit: ignore-file[PM301] quoting\n" + HEAD + BLAME + "\n")
    assert said == [
        ("PM902", 1, 1, "this suppression says 'ignore-file', but pmkit has no file-wide suppression (one "
         "on a line of its own covers the field or list entry below it; 'ignore' in [tool.pmkit] turns a "
         f"rule off), {WRITE_YAML}"),
        ("PM301", 8, 35, '"human error" frames the incident as human error'),
    ]


def test_a_suppression_without_the_colon_after_pmkit_is_said() -> None:
    for written in ("# pmkit ignore[PM301]", "# pmkit : ignore[PM301]"):
        assert where(run(HEAD + f"{BLAME} {written}\n", select=["PM3", "PM9"])) == [
            ("PM301", 7, 35), ("PM902", 7, 48)]
        message = run(HEAD + f"{BLAME} {written}\n", select=["PM3", "PM9"])[1].message
        assert message == ("this suppression is not written 'pmkit:' (the colon right after 'pmkit'), "
                           + WRITE_YAML)
    html = _said(FRONT + "It was human error. <!-- pmkit ignore[PM301] -->\n", "pm.md")
    assert html[1] == ("PM902", 12, 21, "this suppression is not written 'pmkit:' (the colon right after "
                       "'pmkit'), so it silences nothing: write it as '<!-- pmkit: ignore[CODE] reason -->'")


def test_codes_separated_by_blanks_or_semicolons_are_told_to_use_commas() -> None:
    for codes in ("PM301 PM302", "PM301;PM302", "human-error ; PM302"):
        said = _said(HEAD + f"{BLAME}  # pmkit: ignore[{codes}]\n")
        parts = ", ".join(part.strip() for part in codes.replace(";", " ").split())
        assert said[1] == ("PM902", 7, 49, f"suppression names '{codes}', which is not a rule code, prefix "
                           f"or name (separate them with commas: ignore[{parts}])")
    # Not every part a rule: said as before, with the closest name, if any.
    assert _said(HEAD + f"{BLAME}  # pmkit: ignore[PM301 quoting]\n")[1][3] == (
        "suppression names 'PM301 quoting', which is not a rule code, prefix or name")


def test_a_suppression_on_a_line_of_a_block_of_text_is_said() -> None:
    for style in ("|", ">"):
        text = HEAD + f"summary: {style}\n  The outage was caused by human error.\n"
        text += "  # pmkit: ignore[PM301] x\n"
        assert _said(text) == [
            ("PM301", 8, 28, '"human error" frames the incident as human error'),
            ("PM902", 9, 3, "this suppression is a line of a block of text ('|' or '>'), so it is part of "
             "the text readers see and silences nothing: write it above the field's key, or at the end of "
             "the key's line ('summary: |  # pmkit: ignore[CODE] reason')"),
        ]
    # Guard: one in the middle of a line of text is an example, as before; above the key it works.
    example = HEAD + "summary: |\n  Write # pmkit: ignore[PM301] reason, on the line.\n"
    assert _said(example) == []
    above = HEAD + "# pmkit: ignore[PM301] quoting\nsummary: |\n  The outage was caused by human error.\n"
    assert _said(above) == []


def test_the_yaml_form_in_a_markdown_body_is_said() -> None:
    message = ("in a Markdown body a suppression is an HTML comment; this '#' one is text readers see and "
               "silences nothing: write it as '<!-- pmkit: ignore[CODE] reason -->'")
    own_line = _said(FRONT + "# pmkit: ignore[PM301] quoting\nIt was human error.\n", "pm.md")
    assert own_line == [("PM902", 12, 1, message),
                        ("PM301", 13, 8, '"human error" frames the incident as human error')]
    trailing = _said(FRONT + "It was human error.  # pmkit: ignore[PM301]\n", "pm.md")
    assert [(code, line, col) for code, line, col, _ in trailing] == [("PM301", 12, 8), ("PM902", 12, 22)]
    # Guards: in the front matter the YAML form works, in the body the HTML form, and shown as
    # inline code it is an example.
    assert _said("---\n" + HEAD + BLAME + "  # pmkit: ignore[PM301] quoting\n---\n", "pm.md") == []
    assert _said(FRONT + "It was human error. <!-- pmkit: ignore[PM301] quoting -->\n", "pm.md") == []
    assert _said(FRONT + "Write `# pmkit: ignore[PM301]` in YAML.\n", "pm.md") == []


def test_suppressions_already_handled_stay_as_they_are() -> None:
    """Guards: a typo, a full-width code, an en dash before the reason, a wrong line."""
    assert _said(HEAD + f"{BLAME}  # pmkit: ignore[PM301] – quoting the ticket\n") == []
    assert _said(HEAD + f"{BLAME}  # pmkit: ignore[pm301]: quoting\n") == []
    assert where(run(HEAD + f"{BLAME}  # pmkit: ignore[PM3O1]\n", select=["PM3", "PM9"])) == [
        ("PM301", 7, 35), ("PM902", 7, 49)]
    wrong_line = _said(HEAD + "# pmkit: ignore[PM301]\n\n" + BLAME + "\n")
    assert wrong_line[0] == ("PM901", 7, 1, "unused suppression: no PM301 finding on line 8")
    # "ignored", "ignores": other words, not attempts.
    assert _said(HEAD + "summary: fine  # pmkit ignores empty files; pmkit: ignored\n") == []
