"""Inline suppressions silence exactly what they name, where they are; stale ones are reported."""

from __future__ import annotations

from helpers import run, where

HEAD = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"
BAD = "timeline:\n  - at: 2018-10-21T22:52:00Z\n    decision: D9\n"


def test_finding_without_suppression() -> None:
    assert where(run(HEAD + BAD, select=["PM0", "PM9"])) == [("PM021", 9, 15)]


def test_trailing_comment_suppresses_its_line() -> None:
    text = HEAD + BAD.replace("D9\n", "D9  # pmkit: ignore[PM021] record lives in the old wiki\n")
    assert run(text, select=["PM0", "PM9"]) == []


def test_comment_on_line_above() -> None:
    text = HEAD + BAD.replace("    decision", "    # pmkit: ignore[dangling-reference]\n    decision")
    assert run(text, select=["PM0", "PM9"]) == []


def test_comment_above_a_key_covers_its_whole_block() -> None:
    text = HEAD + "# pmkit: ignore[PM0]\ntimeline:\n  - at: 2018-10-21T22:52:00Z\n    decision: D9\n"
    assert run(text, select=["PM0", "PM9"]) == []


def test_suppression_of_another_code_does_not_apply_and_is_unused() -> None:
    text = HEAD + BAD.replace("D9\n", "D9  # pmkit: ignore[PM020]\n")
    assert where(run(text, select=["PM0", "PM9"])) == [("PM021", 9, 15), ("PM901", 9, 19)]


def test_unused_suppression() -> None:
    text = HEAD + "summary: fine  # pmkit: ignore[PM021] no longer needed\n"
    diags = run(text, select=["PM0", "PM9"])
    assert where(diags) == [("PM901", 7, 16)]
    assert diags[0].message == "unused suppression: no PM021 finding on line 7"


def test_unknown_code_in_suppression() -> None:
    text = HEAD + "summary: fine  # pmkit: ignore[PM3O1]\n"
    assert where(run(text, select=["PM0", "PM9"])) == [("PM902", 7, 16)]


def test_suppression_for_unselected_rule_is_not_unused() -> None:
    text = HEAD + "summary: fine  # pmkit: ignore[PM021]\n"
    assert run(text, select=["PM9"]) == []


def test_markdown_html_comment() -> None:
    text = "---\n" + HEAD + "timeline:\n  - at: 2018-10-21T22:52:00Z\n    decision: D9\n---\n"
    assert where(run(text, path="pm.md", select=["PM0"])) == [("PM021", 10, 15)]
    # In the front matter a YAML comment suppresses, as in a YAML file.
    yaml_comment = text.replace("    decision", "    # pmkit: ignore[PM021]\n    decision")
    assert run(yaml_comment, path="pm.md", select=["PM0", "PM9"]) == []
    # In the body, an HTML comment does; an unused one is reported at its position.
    body = text + "\n<!-- pmkit: ignore[PM020] -->\nSome text.\n"
    assert where(run(body, path="pm.md", select=["PM0", "PM9"])) == [("PM021", 10, 15), ("PM901", 13, 1)]


def test_an_incomplete_suppression_is_said_to_silence_nothing() -> None:
    spread = "    # pmkit: ignore[PM021,\n    #   PM020] reason\n    decision"
    two_lines = HEAD + BAD.replace("    decision", spread)
    diags = run(two_lines, select=["PM0", "PM9"])
    assert where(diags) == [("PM902", 9, 5), ("PM021", 11, 15)]
    assert diags[0].message.startswith("this suppression is not complete on its line, so it silences "
                                       "nothing: write it on one line as '# pmkit: ignore[CODE] reason'")
    no_brackets = HEAD + BAD.replace("D9\n", "D9  # pmkit: ignore PM021\n")
    assert where(run(no_brackets, select=["PM0", "PM9"])) == [("PM021", 9, 15), ("PM902", 9, 19)]
    # In a quoted string it is text, and "ignored" is another word.
    quoted = HEAD + 'summary: "say # pmkit: ignore here"\nowner: a  # pmkit: ignored\n'
    assert run(quoted, select=["PM0", "PM9"]) == []


def test_an_html_suppression_without_its_end_on_the_line() -> None:
    text = "---\n" + HEAD + "timeline:\n  - at: 2018-10-21T22:52:00Z\n    decision: D9\n---\n"
    body = text + "\n<!-- pmkit: ignore[PM020]\n  reason -->\nSome text.\n"
    diags = run(body, path="pm.md", select=["PM0", "PM9"])
    assert where(diags) == [("PM021", 10, 15), ("PM902", 13, 1)]
    assert "'<!-- pmkit: ignore[CODE] reason -->'" in diags[1].message


def test_a_suppression_after_a_string_that_contains_one() -> None:
    # The text inside the quotes is not a comment; the comment after the string is.
    for value in ("'D9 # pmkit: ignore['", '"D9 # pmkit: ignore[PM1] x"'):
        line = f"    decision: {value}"
        text = HEAD + f"timeline:\n  - at: 2018-10-21T22:52:00Z\n{line}\n"
        assert where(run(text, select=["PM0", "PM9"])) == [("PM021", 9, 15)]
        silenced = text.replace(line, line + "  # pmkit: ignore[PM021] the record lives in the old wiki")
        assert run(silenced, select=["PM0", "PM9"]) == [], value


def test_a_hash_in_a_block_scalar_is_text() -> None:
    incomplete = HEAD + "summary: |\n  Write # pmkit: ignore to silence a finding.\n"
    assert run(incomplete, select=["PM0", "PM9"]) == []
    complete = HEAD + "summary: |\n  Write # pmkit: ignore[PM301] reason, on the line.\n"
    assert run(complete, select=["PM0", "PM9"]) == []  # no PM901: it is not a suppression
    # After the indicator it is a comment (of that line).
    after = HEAD + "summary: |  # pmkit: ignore[PM301] quoting the ticket\n  It was fine.\n"
    assert where(run(after, select=["PM3", "PM9"])) == [("PM901", 7, 13)]


def test_an_unused_suppression_on_the_last_line() -> None:
    diags = run(HEAD + "summary: fine\n# pmkit: ignore[PM021] for what comes next", select=["PM0", "PM9"])
    assert where(diags) == [("PM901", 8, 1)]
    assert diags[0].message == "unused suppression: no PM021 finding on the line below (the file ends here)"


def test_a_suppression_shown_as_inline_code_is_text() -> None:
    front = "---\n" + HEAD + "---\n\n## Summary\n\n"
    shown = front + "Write `<!-- pmkit: ignore[PM301] why -->` at the end of the line.\n"
    assert run(shown, path="pm.md", select=["PM3", "PM9"]) == []  # no PM901 for an example
    real = shown + "It was human error. <!-- pmkit: ignore[PM301] quoting the ticket -->\n"
    assert run(real, path="pm.md", select=["PM3", "PM9"]) == []
    unfinished = front + "A comment starts with `<!-- pmkit: ignore`.\n"
    assert run(unfinished, path="pm.md", select=["PM3", "PM9"]) == []  # no PM902


def test_rule_names_are_matched_whatever_their_case() -> None:
    """Codes never cared about case (pm021); names now do not either, in a comment or --select."""
    from pmkit.rules import registry

    text = HEAD + BAD.replace("    decision", "    # pmkit: ignore[Dangling-Reference]\n    decision")
    assert run(text, select=["PM0", "PM9"]) == []
    assert where(run(HEAD + BAD, select=["DANGLING-REFERENCE"])) == [("PM021", 9, 15)]
    rule = registry().get("Dangling-Reference")
    assert rule is not None and rule.code == "PM021"


def test_two_selectors_for_one_finding_are_both_used() -> None:
    text = HEAD + BAD.replace("decision: D9", "decision: D9  # pmkit: ignore[dangling-reference, PM0]")
    assert run(text, select=["PM0", "PM9"]) == []


def test_every_selector_the_settings_take_silences_what_it_names() -> None:
    """ALL and a name written with underscores name rules in --select and [tool.pmkit]; in a
    comment they were accepted (no PM902) but silenced nothing, and the comment was then said to
    be unused beside the very finding it named."""
    for selector in ("ALL", "all", "dangling_reference", "DANGLING_REFERENCE"):
        text = HEAD + BAD.replace("D9\n", f"D9  # pmkit: ignore[{selector}] record lives in the old wiki\n")
        assert run(text, select=["PM0", "PM9"]) == [], selector
    assert where(run(HEAD + BAD, select=["dangling_reference"])) == [("PM021", 9, 15)]
    text = HEAD + "summary: fine  # pmkit: ignore[all] no longer needed\n"
    diags = run(text, select=["PM0", "PM9"])
    assert where(diags) == [("PM901", 7, 16)]
    assert diags[0].message == "unused suppression: no all finding on line 7"


def test_a_comment_above_a_dash_alone_covers_the_entry_written_below_it() -> None:
    """An entry written below a dash on a line of its own ("-", then its keys): the comment
    above the dash covers the whole entry, as one above "- at: ..." does."""
    entries = ("timeline:\n  - {at: 2018-10-21T22:50:00Z, actor: bob, event: Deployed.}\n"
               "  # pmkit: ignore[PM109] the actor is in the incident channel\n"
               "  -\n    at: 2018-10-21T22:52:00Z\n    event: Restarted.\n")
    assert run(HEAD + entries, select=["PM109", "PM9"]) == []
    one_key = entries.replace("    event: Restarted.\n", "")
    assert run(HEAD + one_key, select=["PM109", "PM9"]) == []
    bare = entries.replace("  # pmkit: ignore[PM109] the actor is in the incident channel\n", "")
    assert where(run(HEAD + bare, select=["PM109", "PM9"])) == [("PM109", 10, 5)]
