"""Inputs of the ninth round on loading and the schema: ids, YAML and Markdown as editors and
people write them, and what the published JSON Schema says of the same documents. Each ends in
the finding, position and advice a user relies on, never a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import good_text, run
from pmkit.cli import main

SCHEMA = json.loads((Path(__file__).parent.parent / "schemas" / "postmortem.schema.json")
                    .read_text(encoding="utf-8"))

# --- ids --------------------------------------------------------------------------------


def _with_id(written: str) -> str:
    text = good_text()
    assert "\nid: 2018-10-21-database-partition\n" in text
    return text.replace("\nid: 2018-10-21-database-partition\n", f"\nid: {written}\n", 1)


@pytest.mark.parametrize(("written", "wrong", "meant"), [
    ("störung-2026", "'ö'", "'stoerung-2026'"),
    ("café.v2", "'é'", "'cafe.v2'"),
    ("db outage", "a space", "'db-outage'"),
    ("Ærø-façade", "'Æ'", "'Aeroe-facade'"),  # spelled as 'pmkit new' spells a title in its ids
])
def test_an_id_with_a_letter_outside_ascii_says_what_is_allowed_and_offers_one(
        written: str, wrong: str, meant: str) -> None:
    # "may only contain letters" refused 'ö', which is a letter, and gave no id that would do.
    found = [d for d in run(_with_id(written), select=["PM013"]) if d.field == "id"]
    assert [(d.code, d.line, d.col) for d in found] == [("PM013", 3, 5)]
    assert found[0].message == (f"id '{written}' may only contain ASCII letters (a-z, A-Z), digits (0-9), "
                                f"'.', '_' and '-'; {wrong} is not one of them")
    assert found[0].hint.startswith(f"Write it as {meant} (ids name files, URLs and report keys")


def test_an_id_in_a_script_without_latin_spelling_is_told_to_spell_it() -> None:
    found = [d for d in run(_with_id("日本語-障害"), select=["PM013"]) if d.field == "id"]
    assert [(d.code, d.line, d.col) for d in found] == [("PM013", 3, 5)]
    assert "'日' is not one of them" in found[0].message
    assert "e.g. the date and a few words in Latin letters, 2026-03-14-payment-outage" in found[0].hint


def test_an_id_that_starts_with_a_dash_says_so() -> None:
    # Every character of '-x' is allowed: "may only contain" named no fault at all.
    found = [d for d in run(_with_id("-x"), select=["PM013"]) if d.field == "id"]
    assert found[0].message == "id '-x' must start with an ASCII letter or a digit, not '-'"
    assert found[0].hint.startswith("Write it as 'x' ")


def test_the_suggested_ids_are_what_the_model_and_the_json_schema_accept() -> None:
    pattern = SCHEMA["properties"]["id"]["pattern"]
    assert "ASCII" in SCHEMA["properties"]["id"]["description"]
    for written in ("störung-2026", "café.v2", "db outage", "-x", "Grüße_ÄÖÜ"):
        hint = next(d for d in run(_with_id(written), select=["PM013"]) if d.field == "id").hint
        meant = re.match(r"Write it as '([^']+)'", hint)
        assert meant, hint
        assert re.search(pattern, meant.group(1))
        assert not [d for d in run(_with_id(meant.group(1)), select=["PM0"]) if d.field == "id"]


# --- Markdown: a title line above the front matter ------------------------------------------

_FIELDS = "pmkit: 1\nid: x-1\ntitle: Test outage\nstatus: draft\nlang: en\nseverity: SEV2\n"


@pytest.mark.parametrize(("above", "opening", "named"), [
    ("# Incident report\n\n", 3, "# Incident report"),
    ("Incident report\n===============\n\n", 4, "Incident report"),
    ("<!-- markdownlint-disable MD041 -->\n", 2, "<!-- markdownlint-disable MD041 -->"),
])
def test_a_front_matter_below_a_title_line_is_told_to_move_the_title(
        above: str, opening: int, named: str) -> None:
    # It said the file had no front matter and to add one above the heading, a second copy of
    # the fields the author had written three lines below.
    text = above + "---\n" + _FIELDS + "---\n\n## Summary\n\nSomething broke.\n"
    found = [d for d in run(text, path="pm.md", select=["PM0"]) if d.code == "PM007"]
    assert [(d.line, d.col) for d in found] == [(opening, 1)]
    assert found[0].message == (f"Markdown front matter must open on the first line; its '---' is on line "
                                f"{opening}, below '{named}' (renderers then show the fields as text)")
    assert found[0].hint == (f"Move the lines above line {opening} below the '---' on line {opening + 7} "
                             "that closes the front matter, or remove them: the 'title' field is the title.")


def test_a_markdown_file_without_fields_between_rules_is_still_told_to_add_them() -> None:
    text = "# Incident report\n\n---\n\nSome text.\n\n---\n\n## Summary\n\nx\n"
    found = [d for d in run(text, path="pm.md", select=["PM0"]) if d.code == "PM007"]
    assert found[0].message == ("Markdown postmortem has no YAML front matter: the postmortem's fields go "
                                "above '# Incident report'")


def test_a_folder_check_reports_a_front_matter_below_a_title_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # With one section heading, the file was taken for a README and passed over: "no postmortem
    # files in this folder", exit 0, although it is one.
    text = "# Incident report\n\n---\n" + _FIELDS + "---\n\n## Summary\n\nSomething broke.\n"
    (tmp_path / "outage.md").write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    (tmp_path / "README.md").write_text("# Postmortems\n\nOne file per incident.\n", encoding="utf-8")
    assert main(["check", "--select", "PM0", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'outage.md'}:3:1: PM007 Markdown front matter must open on the first line" in out
    assert "README" not in out


# --- timestamps with slashes, year first ----------------------------------------------------


def _timeline_at(written: str, *, zone: str = "") -> str:
    return ("pmkit: 1\nid: x-1\ntitle: Test outage\nstatus: draft\nlang: en\nseverity: SEV2\n" + zone
            + f"timeline:\n  - at: {written}\n    event: Alerts fired.\n"
            + f"action_items:\n  - {{id: AI1, title: Add an alert, due: {written}}}\n")


@pytest.mark.parametrize(("written", "meant", "day"), [
    ("2018/10/21 22:52:00Z", "2018-10-21T22:52:00Z", "2018-10-21"),  # as logs print it
    ("2018/10/21 9:05 UTC", "2018-10-21T09:05Z", "2018-10-21"),
    ("2018/2/3 9:05:00 +02:00", "2018-02-03T09:05:00+02:00", "2018-02-03"),
    ("2018/10/21 22:52 Europe/Berlin", "2018-10-21T22:52+02:00", "2018-10-21"),
])
def test_a_date_with_slashes_year_first_is_offered_in_the_form_pmkit_reads(
        written: str, meant: str, day: str) -> None:
    # "is not an ISO 8601 timestamp" without the value to write, although the order of year,
    # month and day leaves no doubt (unlike 03/04/2026, which was already offered both ways).
    found = [d for d in run(_timeline_at(written), select=["PM0"]) if d.code == "PM015"]
    assert [(d.line, d.col, d.field) for d in found] == [
        (8, 9, "timeline[0].at"), (11, 41, "action_items[0].due")]
    assert found[0].message == f"'{written}' is a date with slashes, which pmkit does not read: write {meant}"
    assert found[0].hint == f"Write {meant}, the form pmkit reads (year-month-day, then the time)."
    # a due date is a day: the time is not what to write there
    assert found[1].message == f"'{written}' is a date with slashes, which pmkit does not read: write {day}"


def test_a_date_with_slashes_year_first_without_a_zone_says_to_add_one() -> None:
    found = [d for d in run(_timeline_at("2018/10/21 22:52"), select=["PM0"]) if d.code == "PM015"]
    assert found[0].message == ("'2018/10/21 22:52' is a date with slashes, which pmkit does not read: "
                                "write 2018-10-21T22:52")
    assert found[0].hint.startswith(
        "Write 2018-10-21T22:52Z if the time is UTC, or 2018-10-21T22:52 with its offset (+02:00)")
    zoned = run(_timeline_at("2018/10/21 22:52", zone="timezone: Europe/Berlin\n"), select=["PM0"])
    assert next(d.hint for d in zoned if d.code == "PM015") == (
        "Write 2018-10-21T22:52, the form pmkit reads (year-month-day, then the time).")


@pytest.mark.parametrize("written", ["2018/13/21 22:52Z", "2018/10/21 25:52Z", "2018/10/21 22:52 CST"])
def test_a_date_with_slashes_that_is_no_moment_gets_no_offer(written: str) -> None:
    found = [d for d in run(_timeline_at(written), select=["PM0"]) if d.field == "timeline[0].at"]
    assert [d.code for d in found] == ["PM015"]
    assert "write 20" not in found[0].message


# --- the JSON Schema says what the model says ------------------------------------------------


def _schema_valid(text: str) -> bool:
    jsonschema = pytest.importorskip("jsonschema")
    from ruamel.yaml import YAML

    data = json.loads(json.dumps(YAML(typ="safe", pure=True).load(text), default=str))
    return bool(jsonschema.Draft202012Validator(SCHEMA).is_valid(data))


@pytest.mark.parametrize(("old", "new", "code", "line"), [
    ("owner: database infrastructure lead", 'owner: "  "', "PM013", 8),
    ("  - {by: VP of Engineering,", '  - {by: " ",', "PM013", 11),
    ("pmkit: 1\n", "pmkit: 1\ntimezone: +02:00\n", "PM016", 3),
    ("pmkit: 1\n", 'pmkit: 1\ntimezone: ""\n', "PM016", 3),
])
def test_the_json_schema_refuses_what_pmkit_refuses(old: str, new: str, code: str, line: int) -> None:
    # An editor using the schema showed these as fine, and 'pmkit check' then failed on them.
    text = good_text()
    assert old in text
    text = text.replace(old, new, 1)
    assert [(d.code, d.line) for d in run(text, select=["PM0"])] == [(code, line)]
    assert not _schema_valid(text)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Zurich", "America/Argentina/Buenos_Aires", "Etc/GMT+2",
                                  "EST5EDT"])
def test_the_json_schema_accepts_the_zones_pmkit_accepts(zone: str) -> None:
    text = good_text().replace("pmkit: 1\n", f"pmkit: 1\ntimezone: {zone}\n", 1)
    assert not run(text, select=["PM0"])
    assert _schema_valid(text)


# --- unknown keys that other templates use -----------------------------------------------------


@pytest.mark.parametrize(("section", "written", "meant", "line", "col"), [
    ("action_items:\n  - id: AI1\n    title: Add an alert\n", "deadline: 2026-01-01", "due", 10, 5),
    ("action_items:\n  - id: AI1\n    title: Add an alert\n", "due date: 2026-01-01", "due", 10, 5),
    ("action_items:\n  - id: AI1\n    title: Add an alert\n", "assignee: sre lead", "owner", 10, 5),
    ("timeline:\n", "  - time: 2026-01-01T10:00:00Z", "at", 8, 5),
    ("timeline:\n  - at: 2026-01-01T10:00:00Z\n", "    description: Alerts fired.", "event", 9, 5),
    ("decisions:\n  - id: D1\n", "    alternatives: [wait, roll back]", "options_considered", 9, 5),
    ("impact:\n", "  Users Affected: 1200", "users_affected", 8, 3),
    ("", "lessons_learned: [Alerts work.]", "lessons", 7, 1),
])
def test_an_unknown_key_from_another_template_names_the_field_it_stands_for(
        section: str, written: str, meant: str, line: int, col: int) -> None:
    # "deadline", "assignee", a timeline's "time" had no suggestion at all, and a timeline
    # entry's "description" was told "did you mean 'decision'?".
    body = written if written.startswith(" ") or not section else "    " + written
    text = "pmkit: 1\nid: x-1\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV2\n" + section + body + "\n"
    found = [d for d in run(text, select=["PM010"])]
    assert [(d.line, d.col) for d in found] == [(line, col)]
    key = written.strip().lstrip("- ").split(":")[0]
    assert found[0].message == f"unknown key '{key}' (did you mean '{meant}'?)"


# --- a postmortem as the item of a list ----------------------------------------------------


def test_a_postmortem_written_as_a_list_item_is_told_to_drop_the_dash() -> None:
    # "found a list" and "Start with 'pmkit: 1'": the file starts with 'pmkit: 1', after '- '.
    text = "- " + _FIELDS.replace("\n", "\n  ").rstrip(" ")
    found = run(text, select=["PM0"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM003", 1, 1)]
    assert found[0].message == ("top level of a postmortem must be a mapping of fields, found a list whose "
                                "one item is the postmortem")
    assert found[0].hint.startswith("Remove the '- ' before the first field")


def test_a_list_of_postmortems_is_told_to_split_them() -> None:
    one = "- " + _FIELDS.replace("\n", "\n  ").rstrip(" ")
    found = run(one + one.replace("x-1", "x-2"), select=["PM0"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM003", 1, 1)]
    assert found[0].message.endswith("found a list of 2 postmortems")
    assert found[0].hint.startswith("Put each postmortem in a file of its own")


# --- a number where text goes, written otherwise than YAML reads it --------------------------


@pytest.mark.parametrize(("line", "number", "written", "hint"), [
    ("id: 0123", "123", "0123", 'quote the value to keep it as written, id: "0123".'),
    ("id: 1.10", "1.1", "1.10", 'quote the value to keep it as written, id: "1.10".'),
    ("owner: 007", "7", "007", 'quote the value to keep it as written, owner: "007".'),
    ("authors: [payments lead, 1.50]", "1.5", "1.50", 'quote the value to keep it as written, "1.50".'),
])
def test_a_number_where_text_goes_names_what_was_written(line: str, number: str, written: str,
                                                        hint: str) -> None:
    # "must be text, not the number 123" about "id: 0123": the author looked for a 123 that
    # is nowhere in the file, and "Quote the value" of 1.10 gave "1.1" to those who quoted 1.1.
    key = line.split(":")[0]
    text = "".join(f"{ln}\n" for ln in _FIELDS.splitlines() if not ln.startswith(f"{key}:")) + line + "\n"
    found = run(text, select=["PM012"])
    assert [(d.code, d.line) for d in found] == [("PM012", 6 if f"\n{key}:" in f"\n{_FIELDS}" else 7)]
    assert found[0].message.endswith(f"must be text, not the number {number}")
    assert found[0].hint == f"YAML reads '{written}' as the number {number}: {hint}"


def test_a_number_written_as_yaml_reads_it_keeps_the_short_advice() -> None:
    text = _FIELDS.replace("title: Test outage", "title: 2024")
    found = run(text, select=["PM012"])
    assert [(d.message, d.hint) for d in found] == [
        ("'title' must be text, not the number 2024", "Quote the value to make it text.")]


# --- a front matter closed by a line that does not close it ----------------------------------


@pytest.mark.parametrize("closing", ["--- # end of fields", "----"])
def test_a_front_matter_closed_by_a_near_miss_names_that_line(closing: str) -> None:
    # "no '---' line after the fields", and the hint to start the file with '---': both true
    # only to a parser; the author wrote the closing line and needs to know what is wrong in it.
    text = "---\n" + _FIELDS + closing + "\n\n## Summary\n\nSomething broke.\n"
    found = run(text, path="pm.md", select=["PM0"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM007", 8, 1)]
    assert found[0].message == (f"Markdown front matter is not closed: line 8 '{closing}' is not the line "
                                "'---' alone that ends it")
    assert found[0].hint == "Write '---' alone on line 8 (a comment goes on a line of its own, before it)."


def test_a_front_matter_never_closed_says_where_to_close_it() -> None:
    found = run("---\n" + _FIELDS + "\n## Summary\n\nSomething broke.\n", path="pm.md", select=["PM0"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM007", 1, 1)]
    assert found[0].message == "Markdown front matter is not closed: no '---' line after the fields"
    assert found[0].hint == "Add a line '---' alone after the last field, before the body."


# --- the format version ----------------------------------------------------------------------


@pytest.mark.parametrize("written", ['"1"', "'1'"])
def test_the_format_version_in_quotes_says_to_drop_them(written: str) -> None:
    # "format version '1' is not supported; this pmkit reads version 1" contradicted itself.
    found = run(_FIELDS.replace("pmkit: 1", f"pmkit: {written}"), select=["PM0"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM017", 1, 8)]
    assert found[0].message == "'pmkit' must be the number 1, not the text '1'"
    assert found[0].hint == "Write 'pmkit: 1', without quotes."


def test_a_version_key_is_taken_for_pmkit() -> None:
    found = run(_FIELDS.replace("pmkit: 1", "version: 1"), select=["PM010"])
    assert [(d.line, d.col, d.message) for d in found] == [
        (1, 1, "unknown key 'version' (did you mean 'pmkit'?)")]


@pytest.mark.parametrize(("written", "meant"), [("English", "en"), ("Deutsch", "de"), ("german", "de"),
                                                ("eng", "en")])
def test_a_language_written_by_its_name_is_offered_its_code(written: str, meant: str) -> None:
    found = run(_FIELDS.replace("lang: en", f"lang: {written}"), select=["PM0"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM013", 5, 7)]
    assert found[0].message == f"'{written}' is not a valid lang (did you mean '{meant}'?)"
    assert found[0].hint == "Use one of: en, de."


def test_a_readme_with_an_example_front_matter_in_a_code_block_is_not_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "README.md").write_text("# Postmortems\n\nStart each file so:\n\n```markdown\n---\n" + _FIELDS
                                        + "---\n```\n", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "PM007" not in out
    assert "no postmortem files in this folder" in err
