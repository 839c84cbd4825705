"""Schema errors come out as PM0xx findings at the exact key or value, with helpful hints."""

from __future__ import annotations

import pytest

from helpers import run, where

HEAD = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"


def test_minimal_document_is_schema_valid() -> None:
    assert [d for d in run(HEAD, select=["PM0"])] == []


def test_unknown_key_suggests_the_closest() -> None:
    diags = run(HEAD + "sumary: x\n", select=["PM0"])
    assert where(diags) == [("PM010", 7, 1)]
    assert "did you mean 'summary'?" in diags[0].message


def test_nested_unknown_key() -> None:
    diags = run(HEAD + "impact:\n  users_afected: 3\n", select=["PM0"])
    assert where(diags) == [("PM010", 8, 3)]
    assert "users_affected" in diags[0].message


def test_missing_required_fields() -> None:
    diags = run("pmkit: 1\nid: x\ntitle: t\n", select=["PM0"])
    assert [d.code for d in diags] == ["PM011"] * 3
    assert {d.message for d in diags} == {
        "required field 'status' is missing",
        "required field 'lang' is missing",
        "required field 'severity' is missing",
    }


def test_wrong_types() -> None:
    diags = run(HEAD + "impact:\n  users_affected: '12000'\n  data_loss: 'no'\n", select=["PM0"])
    assert where(diags) == [("PM012", 8, 19), ("PM012", 9, 14)]
    assert diags[0].message == "'users_affected' must be a whole number, not the text '12000'"


def test_invalid_enum_value_with_suggestion() -> None:
    diags = run(HEAD.replace("draft", "publshed"), select=["PM0"])
    assert where(diags) == [("PM013", 4, 9)]
    assert "did you mean 'published'?" in diags[0].message
    assert "draft, in-review, published" in diags[0].hint


def test_naive_timestamp_needs_timezone() -> None:
    text = HEAD + "timeline:\n  - at: 2018-10-21T22:52:00\n    event: x\n"
    assert where(run(text, select=["PM0"])) == [("PM014", 8, 9)]
    assert run(text + "timezone: Europe/Zurich\n", select=["PM0"]) == []


def test_invalid_timestamp_and_timezone() -> None:
    text = HEAD + "timezone: Europe/Zürich\ntimeline:\n  - at: 21.10.2018 22:52\n"
    assert where(run(text, select=["PM0"])) == [("PM016", 7, 11), ("PM015", 9, 9)]


def test_unsupported_version() -> None:
    diags = run(HEAD.replace("pmkit: 1", "pmkit: 2"), select=["PM0"])
    assert where(diags) == [("PM017", 1, 8)]


def test_duplicate_ids_and_dangling_references() -> None:
    text = HEAD + (
        "timeline:\n  - at: 2018-10-21T22:52:00Z\n    decision: D2\n"
        "decisions:\n  - id: D1\n  - id: D1\n"
        "contributing_factors:\n  - id: CF1\n"
        "action_items:\n  - id: AI1\n    addresses: [CF1, CF2]\n"
    )
    assert where(run(text, select=["PM0"])) == [
        ("PM021", 9, 15),
        ("PM020", 12, 9),
        ("PM021", 17, 22),
    ]


def test_one_bad_field_does_not_hide_other_findings() -> None:
    # The wrong type is reported, and the rest of the document is still checked.
    text = HEAD + (
        "impact:\n  users_affected: many\n"
        "timeline:\n  - at: 2018-10-21T22:52:00Z\n    decision: D9\n"
    )
    assert [d.code for d in run(text, select=["PM0"])] == ["PM012", "PM021"]


def test_invalid_list_item_is_dropped_and_positions_stay_right() -> None:
    from pmkit.engine import Checker
    from pmkit.loader import parse_text
    from pmkit.schema import validate_document

    text = HEAD + (
        "timeline:\n  - event: no time\n  - at: 2018-10-21T22:52:00Z\n    event: second\n"
    )
    doc = parse_text(text)
    model, diags = validate_document(doc)
    assert [d.code for d in diags] == ["PM011"]
    assert model is not None and model.timeline is not None and len(model.timeline) == 1
    view = doc.rule_view()
    assert view.data["timeline"][0]["event"] == "second"
    assert view.key_spans[("timeline", 0, "event")].line == 10
    assert view.source_path(("timeline", 0, "event")) == ("timeline", 1, "event")
    assert Checker().check_document(doc)  # and the engine still runs the rules


def test_suggestion_ignores_case() -> None:
    diags = run(HEAD.replace("SEV3", "sev1"), select=["PM0"])
    assert where(diags) == [("PM013", 6, 11)]
    assert "did you mean 'SEV1'?" in diags[0].message


def test_list_item_of_wrong_type_is_named_by_its_path() -> None:
    diags = run(HEAD + "timeline:\n  - '22:52 something broke'\n", select=["PM0"])
    assert where(diags) == [("PM012", 8, 5)]
    assert diags[0].message.startswith("'timeline[0]' must be a mapping of fields")


def test_section_of_wrong_type_is_not_also_reported_missing() -> None:
    text = HEAD + "timeline:\n  at: 2018-10-21T22:52:00Z\n"
    codes = [d.code for d in run(text, select=["PM0", "PM101"])]
    assert codes == ["PM012"]


@pytest.mark.parametrize(("value", "meant"), [
    ("SEV0", "SEV1"),  # worse than the worst: the worst, not the SEV5 that spelling picks
    ("sev-0", "SEV1"), ("SEV6", "SEV5"), ("SEV10", "SEV5"), ("SEV 3", "SEV3"), ("0", "SEV1"),
])
def test_a_severity_past_the_scale_suggests_its_nearest_end(value: str, meant: str) -> None:
    diags = run(HEAD.replace("SEV3", value), select=["PM0"])
    assert where(diags) == [("PM013", 6, 11)]
    # (YAML reads 0 as a number, named as one)
    written = f"the number {value}" if value.isdigit() else f"'{value}'"
    assert diags[0].message == f"{written} is not a valid severity (did you mean '{meant}'?)"
    assert diags[0].hint == "Use one of: SEV1, SEV2, SEV3, SEV4, SEV5."


@pytest.mark.parametrize(("value", "meant"), [("P5", "P4"), ("p9", "P4"), ("P-1", "P1"), ("5", "P4")])
def test_a_priority_past_the_scale_suggests_its_nearest_end(value: str, meant: str) -> None:
    text = HEAD + f"action_items:\n  - id: AI1\n    title: Alert on lag\n    priority: {value}\n"
    diags = [d for d in run(text, select=["PM0"]) if d.code == "PM013"]
    assert where(diags) == [("PM013", 10, 15)]
    written = f"the number {value}" if value.isdigit() else f"'{value}'"
    assert diags[0].message == f"{written} is not a valid priority (did you mean '{meant}'?)"


def test_a_word_on_a_numbered_scale_gets_no_guess() -> None:
    diags = run(HEAD.replace("SEV3", "high"), select=["PM0"])
    assert [(d.code, d.line, d.col, d.message) for d in diags] == [
        ("PM013", 6, 11, "'high' is not a valid severity")]


def test_out_of_range_values_are_said_in_the_authors_terms() -> None:
    text = HEAD.replace("title: t", "title: ''").replace("id: x", "id: " + "x" * 121) + (
        "impact:\n  users_affected: -3\ndecisions:\n  - id: ''\n"
    )
    found = [(d.code, d.line, d.col, d.field, d.message, d.hint) for d in run(text, select=["PM0"])]
    assert found == [
        ("PM013", 2, 5, "id", "'id' has 121 characters, more than the 120 allowed",
         "Shorten it to at most 120 characters."),
        ("PM013", 3, 8, "title", "'title' is empty", "Write its value."),
        ("PM013", 8, 19, "impact.users_affected", "'users_affected' must be 0 or more, not -3",
         "Write how many there were: a whole number, 0 when there were none."),
        ("PM013", 10, 9, "decisions[0].id", "'id' is empty", "Write its value."),
    ]


def test_an_empty_or_blank_owner_or_author_is_empty_text() -> None:
    text = HEAD.replace("title: t", "title: '  '") + "owner: ''\nauthors: ['', '  ', SRE lead]\n"
    found = [(d.code, d.line, d.col, d.field, d.message, d.hint) for d in run(text, select=["PM0"])]
    assert found == [
        ("PM013", 3, 8, "title", "'title' is empty (blanks only)", "Write its value."),
        ("PM013", 7, 8, "owner", "'owner' is empty", "Write its value."),
        ("PM013", 8, 11, "authors[0]", "'authors[0]' is empty",
         "Write its value, or remove the empty entry."),
        ("PM013", 8, 15, "authors[1]", "'authors[1]' is empty (blanks only)",
         "Write its value, or remove the empty entry."),
    ]



_PEOPLE_AS_RECORDS = HEAD + """\
authors:
  - {name: Jane Doe, team: payments}
approvals:
  - by: {role: payments lead}
timeline:
  - at: 2024-03-12T10:05:00Z
    actor: {role: incident commander}
    event: Rolled back release 4.2.
    decision: D1
decisions:
  - id: D1
    decided_by: {role: incident commander}
"""


def test_a_person_or_role_written_as_a_record_is_shown_as_its_text() -> None:
    """Not quoted, which would keep the braces as the name: the text, as for an owner."""
    found = run(_PEOPLE_AS_RECORDS, select=["PM0"])
    assert [(d.code, d.line, d.col, d.message, d.hint) for d in found] == [
        ("PM012", 8, 5, "'authors[0]' must be text, not a mapping",
         "Write each author as one text, the name or handle: '- Jane Doe'."),
        ("PM012", 10, 9, "'by' must be text, not a mapping",
         "Write who signed off as one text, the role or handle: 'by: payments lead'."),
        ("PM012", 13, 12, "'actor' must be text, not a mapping",
         "Write who acted as one text, the role or handle: 'actor: incident commander'."),
        ("PM012", 18, 17, "'decided_by' must be text, not a mapping",
         "Write who decided as one text, the role or handle: 'decided_by: incident commander'."),
    ]
    followed = (_PEOPLE_AS_RECORDS.replace("{name: Jane Doe, team: payments}", "Jane Doe")
                .replace("{role: payments lead}", "payments lead")
                .replace("{role: incident commander}", "incident commander"))
    assert run(followed, select=["PM0"]) == []


@pytest.mark.parametrize(("value", "shown"), [(".nan", "nan"), ("-.inf", "-inf"), ("1e400", "inf")])
def test_a_metric_value_that_is_no_finite_number_is_invalid(value: str, shown: str) -> None:
    # JSON cannot hold it, and a rendered page said "nan events".
    text = HEAD + f"impact:\n  metrics:\n    - {{name: failed requests, value: {value}, unit: events}}\n"
    diags = run(text, select=["PM0"])
    assert [(d.code, d.line, d.col, d.end_col, d.field) for d in diags] == [
        ("PM013", 9, 38, 38 + len(value), "impact.metrics[0].value")]
    assert diags[0].message == f"'value' must be a finite number, not the number {shown}"
    assert diags[0].hint.startswith("Write the measured value, e.g. 5000000")


def test_a_mapping_where_a_number_or_text_belongs_is_named_by_its_field() -> None:
    # The value may be of several types; pydantic names each in its error, and the mapping
    # written there made the type's name look like a key of it ("value.float").
    text = HEAD + "impact:\n  metrics:\n    - name: failed requests\n      value: {count: 3}\n"
    diags = run(text, select=["PM0"])
    assert [(d.code, d.line, d.col, d.field, d.message) for d in diags] == [
        ("PM012", 10, 14, "impact.metrics[0].value", "'value' must be a number, not a mapping")]


def test_a_field_missing_from_an_item_is_hinted_there() -> None:
    # The top-level hint ("Every postmortem needs pmkit, id, ...") said nothing about an entry.
    text = HEAD + "timeline:\n  - {actor: on-call engineer}\nimpact:\n  metrics:\n    - {value: 3}\n"
    diags = run(text, select=["PM0"])
    assert [(d.code, d.line, d.col, d.field, d.hint) for d in diags] == [
        ("PM011", 8, 5, "timeline[0].at", "Add 'at:' to timeline[0]."),
        ("PM011", 11, 7, "impact.metrics[0].name", "Add 'name:' to impact.metrics[0]."),
    ]
    assert diags[0].message == "required field 'at' is missing"


@pytest.mark.parametrize(("at", "message", "hint"), [
    ("1540162320", "'at' must be a timestamp such as 2018-10-21T22:52:00Z, not the number 1540162320",
     "Write the date, the time and its UTC offset, e.g. 2018-10-21T22:52:00Z or 2018-10-21T22:52:00+02:00."),
    ("{date: 2018-10-21}", "'at' must be a timestamp such as 2018-10-21T22:52:00Z, not a mapping",
     "Write the date, the time and its UTC offset, e.g. 2018-10-21T22:52:00Z or 2018-10-21T22:52:00+02:00."),
    # (HEAD declares no timezone: the time to write needs its offset, and the hint says so.)
    ("21.10.2018 22:52", "'21.10.2018 22:52' is a day-first date (DD.MM.YYYY), which pmkit does not read: "
     "write 2018-10-21T22:52",
     "Write 2018-10-21T22:52Z if the time is UTC, or 2018-10-21T22:52 with its offset (+02:00); or declare "
     "'timezone:' (Europe/Berlin, say), which gives every time without one its offset."),
    ("9999-12-31T00:00:00Z", "'9999-12-31T00:00:00Z' is outside the years 1900 to 2999 that pmkit checks",
     "Write the year it happened; leave a date that is not known yet out rather than write a placeholder."),
])
def test_an_unreadable_time_says_how_to_write_one(at: str, message: str, hint: str) -> None:
    diags = run(HEAD + f"timeline:\n  - at: {at}\n", select=["PM0"])
    assert [(d.code, d.line, d.col, d.field, d.message, d.hint) for d in diags] == [
        ("PM015", 8, 9, "timeline[0].at", message, hint)]


def test_an_unreadable_date_says_how_to_write_one() -> None:
    diags = run(HEAD + "action_items:\n  - id: AI1\n    title: Add an alert\n    due: 30.11.2018\n",
                select=["PM0"])
    assert [(d.code, d.line, d.col, d.message, d.hint) for d in diags] == [
        ("PM015", 10, 10, "'30.11.2018' is a day-first date (DD.MM.YYYY), which pmkit does not read: "
         "write 2018-11-30",
         "Write 2018-11-30, the form pmkit reads (year-month-day).")]


@pytest.mark.parametrize(("zone", "meant"), [
    ("europe/zurich", "Europe/Zurich"), ("Europe/Zürich", "Europe/Zurich"), ("Zurich", "Europe/Zurich"),
    ("Europe/Berln", "Europe/Berlin"),
    # Abbreviations and offsets get no guess: spelt alike, they are other hours.
    ("CEST", None), ("GMT+1", None), ("Etc/GMT+14", None), ("Mars/Olympus", None),
])
def test_an_unknown_time_zone_suggests_the_zone_meant(zone: str, meant: str | None) -> None:
    diags = run(HEAD + f"timezone: {zone}\n", select=["PM0"])
    assert [(d.code, d.line, d.col) for d in diags] == [("PM016", 7, 11)]
    assert diags[0].message == f"'{zone}' is not an IANA time zone such as Europe/Zurich" + (
        f" (did you mean '{meant}'?)" if meant else "")
    place = ("the IANA name of the place whose clocks the times were read from (Europe/Berlin, "
             "America/New_York)")
    # An abbreviation or an offset is told why it is no zone; other names get the general hint.
    assert diags[0].hint == {
        "CEST": f"An abbreviation such as 'CEST' names several zones, or half of one zone's year: write "
                f"{place}, or UTC.",
        "GMT+1": f"An offset is no time zone: it does not follow the clock changes. Write {place}; or, for "
                 "times without clock changes, leave 'timezone' out and write the offset on each time "
                 "(2026-03-02T14:20+01:00).",
    }.get(zone, "Use a name from the IANA time zone database (Region/City, e.g. Europe/Zurich), or UTC.")


def test_a_comma_in_flow_mapping_text_says_which_field_lost_its_text() -> None:
    text = HEAD + ("action_items:\n"
                   "  - {id: AI1, title: Rotate certs, then delete old ones, owner: sre lead}\n"
                   "timeline:\n"
                   "  - {at: 2020-02-03T14:00:00Z, event: Release 4.2, which changed the cache, went out}\n")
    diags = run(text, select=["PM010"])
    assert where(diags) == [("PM010", 8, 36), ("PM010", 10, 52), ("PM010", 10, 77)]
    assert diags[0].message == ("unknown key 'then delete old ones' (the comma before it ended the text of "
                                "'title')")
    assert diags[0].hint == ('Inside { } a comma separates the fields: put the text in quotes, '
                             'title: "Rotate certs, then delete old ones".')
    # Two commas in one value: both leftovers point to the whole text.
    assert diags[1].hint == diags[2].hint == (
        'Inside { } a comma separates the fields: put the text in quotes, '
        'event: "Release 4.2, which changed the cache, went out".')


def test_a_comma_in_a_flow_mapping_number_says_how_to_write_it() -> None:
    text = HEAD + ("impact:\n  metrics:\n"
                   "    - {name: failed requests, value: 5,000, unit: requests}\n"
                   "    - {name: Fehlerquote, value: 1,5, unit: Prozent}\n")
    diags = run(text, select=["PM010"])
    assert where(diags) == [("PM010", 9, 40), ("PM010", 10, 36)]
    assert [(d.message, d.hint) for d in diags] == [
        ("unknown key '000' (the comma in 'value: 5,000' ended the number)",
         "Write the number without a comma: value: 5000."),
        ("unknown key '5' (the comma in 'value: 1,5' ended the number)",
         "Write the number without a comma: value: 1.5."),
    ]


def test_a_key_written_with_a_colon_in_a_flow_mapping_is_an_ordinary_unknown_key() -> None:
    text = HEAD + "action_items:\n  - {id: AI1, titel: Rotate certs, owner: sre lead}\n"
    diags = run(text, select=["PM010"])
    assert [d.message for d in diags] == ["unknown key 'titel' (did you mean 'title'?)"]
    assert diags[0].hint.startswith("Allowed keys here:")


def test_a_comma_in_markdown_front_matter_is_explained_at_its_line() -> None:
    text = ("---\npmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: de\nseverity: SEV3\naction_items:\n"
            "  - {id: AI1, title: Zahlungen automatisch umleiten, wenn die Erfolgsquote 5 Minuten unter "
            "85 % liegt, type: mitigate}\n---\n\n## Zusammenfassung\n\nText.\n")
    diags = run(text, select=["PM010"], path="pm.md")
    assert where(diags) == [("PM010", 9, 54)]
    assert diags[0].hint == ('Inside { } a comma separates the fields: put the text in quotes, title: '
                             '"Zahlungen automatisch umleiten, wenn die Erfolgsquote 5 Minuten unter '
                             '85 % liegt".')


def test_text_with_a_colon_read_as_a_mapping_is_hinted_to_be_quoted() -> None:
    text = HEAD + ("lessons:\n  went_well:\n    - Alert fired: within 7 minutes\n"
                   "    - 'Quoted: fine'\n  lucky:\n    - a: b\n      c: d\n")
    diags = run(text, select=["PM012"])
    assert where(diags) == [("PM012", 9, 7), ("PM012", 12, 7)]
    assert diags[0].message == "'lessons.went_well[0]' must be text, not a mapping"
    assert diags[0].hint == ("YAML reads ': ' (a colon and a space) as a key and its value: put the text "
                             'in quotes, "Alert fired: within 7 minutes".')
    assert diags[1].hint == ""  # a real mapping of two keys is not text with a colon


def test_a_comma_in_a_flow_list_that_cuts_a_lesson_in_two() -> None:
    text = HEAD + ("lessons:\n  went_well: [Paging worked, the on-call acknowledged in 2 minutes]\n"
                   "  went_wrong: [\"Alerts fired late, and nobody saw them\", Runbook was stale]\n"
                   "  lucky:\n    - Traffic was low, and the cache was warm\n")
    found = run(text, select=["PM022"])
    assert where(found) == [("PM022", 8, 30)]
    assert found[0].message == (
        "'the on-call acknowledged in 2 minutes' in lessons.went_well reads as the rest of the item "
        "before it: in a [ ] list a comma ends an item, so 'Paging worked, the on-call acknowledged "
        "in 2 minutes' became 2 items")
    assert found[0].hint.startswith(
        'Quote it as one item: "Paging worked, the on-call acknowledged in 2 minutes"')


def test_more_users_than_people_on_earth_is_a_typo_warning() -> None:
    text = HEAD + "impact:\n  users_affected: 1000000000000000\n  customers_affected: 9999999999\n"
    found = run(text, select=["PM0"])
    assert [(d.code, d.line, d.col, d.message, d.severity.name) for d in found] == [
        ("PM023", 8, 19, "impact.users_affected is 1,000,000,000,000,000, more than there are people on "
         "Earth (about 8 billion)", "WARNING")]
    assert found[0].hint == "Check the number: a digit too many, or a value from another field?"
