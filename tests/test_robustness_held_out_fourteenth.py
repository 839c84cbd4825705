"""Inputs of the fourteenth round: keys and values spelt with letters of another alphabet that
look like Latin ones, and files that are UTF-8 gone wrong (a surrogate, an overlong form, a
character cut short by the end of the file) rather than in another encoding. Each ends in the
finding, position and advice a user relies on, never a traceback; the guards at the end pin
what was already right."""

from __future__ import annotations

from helpers import run

_HEAD = "pmkit: 1\nid: 2024-05-14-db-failover\ntitle: DB failover\n"
_TAIL = "lang: en\nseverity: SEV2\n"


# --- letters of another alphabet in a key or a value ---------------------------------------------


def test_a_key_with_a_cyrillic_letter_names_the_letter() -> None:
    # It was "unknown key 'stаtus' (did you mean 'status'?)": two words that look the same, and
    # "required field 'status' is missing" beside a line that shows it.
    found = run(_HEAD + "st\u0430tus: draft\n" + _TAIL, select=["PM0"])
    assert [(d.code, d.line, d.col, d.message, d.hint) for d in found] == [
        ("PM011", 1, 1, "required field 'status' is missing: line 4 has 'st\u0430tus', with '\u0430' "
         "(U+0430, cyrillic small letter a) where 'a' goes",
         "Retype the key on line 4 as 'status', in ASCII letters."),
        ("PM010", 4, 1, "unknown key 'st\u0430tus' (did you mean 'status'?): it has '\u0430' (U+0430, "
         "cyrillic small letter a) where 'a' goes", "Retype the key as 'status', in ASCII letters."),
    ]


def test_a_nested_key_with_a_dotless_i_and_a_full_width_key_are_named() -> None:
    found = run(_HEAD + "status: draft\n" + _TAIL + "impact:\n  users_affected: 5\n  data_loss: false\n"
                "t\u0131tle: x\n", select=["PM010"])
    assert [(d.line, d.message) for d in found] == [
        (10, "unknown key 't\u0131tle' (did you mean 'title'?): it has '\u0131' (U+0131, latin small letter "
             "dotless i) where 'i' goes")]
    wide = "\uff53\uff45\uff56\uff45\uff52\uff49\uff54\uff59"  # 'severity' in full-width letters
    found = run(_HEAD + "status: draft\nlang: en\n" + wide + ": SEV2\n", select=["PM011"])
    assert [(d.line, d.message) for d in found] == [
        (1, f"required field 'severity' is missing: line 6 has '{wide}', with '\uff53' (U+FF53, fullwidth "
            "latin small letter s) where 's' goes, and 7 more letters outside ASCII")]


def test_a_choice_with_a_cyrillic_letter_names_the_letter() -> None:
    found = run(_HEAD + "status: publ\u0456shed\n" + _TAIL, select=["PM013"])
    assert [(d.code, d.line, d.col, d.message, d.hint) for d in found] == [
        ("PM013", 4, 9, "'publ\u0456shed' is not a valid status (did you mean 'published'?): it has "
         "'\u0456' (U+0456, cyrillic small letter byelorussian-ukrainian i) where 'i' goes",
         "Retype it as 'published', in ASCII letters.")]


def test_misspellings_in_ascii_and_unseen_characters_keep_their_messages() -> None:
    # Guard: only letters outside ASCII in place of the key's own are named.
    found = run(_HEAD + "statsu: draft\nst\u00e4tuss: x\n" + _TAIL, select=["PM010"])
    assert [d.message for d in found] == ["unknown key 'statsu' (did you mean 'status'?)",
                                          "unknown key 'st\u00e4tuss' (did you mean 'status'?)"]
    found = run(_HEAD + "status\u200b: draft\n" + _TAIL, select=["PM011"])
    assert [d.message for d in found] == [
        "required field 'status' is missing: line 4 has 'status\\u200b', with a character that does not show"]
    assert found[0].hint == "Delete the character that does not show from the key on line 4."
