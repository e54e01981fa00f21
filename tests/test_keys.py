"""Keys as data: the key table, the user's [keys] in settings.toml (checked, each refusal one
clear line), and `pilot2prod keys`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pilot2prod.keymap import ACTIONS, BY_ID, RESERVED, is_printable, normal_key, read_keymap


def write_keys(data: Path, body: str) -> Path:
    data.mkdir(parents=True, exist_ok=True)
    path = data / "settings.toml"
    path.write_text(f"[keys]\n{body}\n", encoding="utf-8")
    return path


def test_every_action_has_a_unique_id_in_its_scope_and_a_word_or_help():
    ids = [a.id for a in ACTIONS]
    assert len(ids) == len(set(ids))
    for action in ACTIONS:
        scope, _, name = action.id.partition(".")
        assert scope and name and action.keys
        assert action.label or action.help, action.id
        for key in action.keys.split(","):
            assert normal_key(key) == key, (action.id, key)  # written as Textual names them
            assert key not in RESERVED


def test_no_default_key_types_a_character_where_people_type():
    toggles = {"checklist.status", "rows.edit"}  # Space on a row: the one deliberate one
    for action in ACTIONS:
        if action.typing and action.id not in toggles:
            assert not any(is_printable(k) for k in action.keys.split(",")), action.id


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("F12", "f12"),
        ("Ctrl+K", "ctrl+k"),
        ("ctrl+shift+x", "ctrl+shift+x"),
        ("shift+ctrl+x", "ctrl+shift+x"),
        ("PageDown", "pagedown"),
        ("?", "question_mark"),
        ("alt+/", "alt+slash"),
        ("q", "q"),
        ("hyper+x", None),
        ("ctrl+", None),
        ("ctrl+ctrl+x", None),
        ("pgdown", None),
        ("", None),
    ],
)
def test_key_names_are_read_as_textual_names_them(written, key):
    assert normal_key(written) == key


def test_a_remap_is_kept_and_the_other_keys_stay():
    keymap = read_keymap({"wizard.next_step": "f12, f11"})
    assert keymap.refused == []
    assert keymap.keys("wizard.next_step") == ["f12", "f11"]
    assert keymap.keys("wizard.previous_step") == ["pageup"]


def test_two_keys_can_swap_in_one_go():
    keymap = read_keymap({"wizard.next_step": "pageup", "wizard.previous_step": "pagedown"})
    assert keymap.refused == []
    assert keymap.own == {"wizard.next_step": "pageup", "wizard.previous_step": "pagedown"}


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ('"wizard.nope" = "f12"', "'wizard.nope' is not an action (`pilot2prod keys` lists"),
        ('"wizard.review" = 12', 'wizard.review must be a key in quotes, such as "f12"'),
        ('"wizard.review" = ""', "wizard.review = '' names no key; give one, such as \"f12\""),
        ('"wizard.review" = "  "', "wizard.review = '  ' names no key"),
        ('"wizard.review" = "hyper+r"', "'hyper+r' is not a key name"),
        ('"wizard.review" = "r"', "r types a character, and this key works while an answer"),
        ('"wizard.next_step" = "space"', "space types a character"),
        ('"app.quit" = "ctrl+b"', "ctrl+b is kept free for tmux's prefix"),
        ('"wizard.review" = "ctrl+s"', "ctrl+s is kept free for flow control"),
        ('"wizard.preview" = "ctrl+z"', "ctrl+z is kept free for job control"),
        ('"wizard.park" = "f3"', "f3 is already the key of wizard.capture_action"),
        ('"wizard.review" = "f1"', "f1 is already the key of app.help"),
        ('"list.add_row" = "pagedown"', "pagedown is already the key of wizard.next_step"),
        ('"wizard.review" = "alt+r"', "sends Alt (or Meta) and a key as Escape, then the key"),
        ('"home.new" = "ctrl+shift+n"', "sends Ctrl+Shift and a letter as Ctrl and the letter"),
        ('"home.new" = "shift+n"', "Shift and a letter is the capital: write 'N'"),
        ('"wizard.review" = "ctrl+i"', "sends Ctrl+I as Tab"),
        ('"wizard.review" = "ctrl+1"', "does not send Ctrl with '1'"),
        ('"wizard.next_step" = "right"', "right edits the text in a text box"),
        ('"wizard.previous_step" = "backspace"', "backspace edits the text in a text box"),
        ('"wizard.toggle_steps" = "tab"', "tab edits the text in a text box"),
        ('"wizard.review" = "ctrl+k"', "ctrl+k edits the text in a text box"),
    ],
)
def test_each_refused_remap_says_why_in_one_line_and_the_default_stays(
    run, isolated_dirs, entry, says
):
    path = write_keys(isolated_dirs, entry)
    result = run("keys", "--json")
    assert result.code == 0
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and str(path) in lines[0], result.err
    listed = {row["id"]: row["keys"] for row in json.loads(result.out)}
    assert listed == {a.id: a.keys.split(",") for a in ACTIONS}  # nothing changed


def test_two_actions_given_one_key_are_both_refused(run, isolated_dirs):
    write_keys(isolated_dirs, '"wizard.review" = "f12"\n"wizard.preview" = "f12"')
    result = run("keys")
    assert result.err.count("f12 is already the key of") == 2


def test_a_printable_key_is_fine_where_nobody_types(run, isolated_dirs):
    write_keys(isolated_dirs, '"home.new" = "a"\n"actions.sort" = "o"')
    result = run("keys", "--json")
    assert result.err == ""
    listed = {row["id"]: row["keys"] for row in json.loads(result.out)}
    assert listed["home.new"] == ["a"] and listed["actions.sort"] == ["o"]


def test_keys_lists_every_action_with_its_keys_and_what_it_does(run, isolated_dirs):
    write_keys(isolated_dirs, '"wizard.next_step" = "F12"')
    result = run("keys", "--json")
    rows = json.loads(result.out)
    assert [row["id"] for row in rows] == [a.id for a in ACTIONS]
    assert all(set(row) == {"id", "keys", "description"} for row in rows)
    by_id = {row["id"]: row for row in rows}
    assert by_id["wizard.next_step"]["keys"] == ["f12"]
    assert by_id["wizard.next_step"]["description"] == BY_ID["wizard.next_step"].help
    text = run("keys").out
    assert "wizard.next_step" in text and "f12" in text and "[keys]" in text


def test_a_settings_file_that_is_not_toml_keeps_every_default(run, isolated_dirs):
    isolated_dirs.mkdir(parents=True)
    (isolated_dirs / "settings.toml").write_text("[keys\n", encoding="utf-8")
    result = run("keys", "--json")
    assert result.code == 0
    assert {row["id"]: row["keys"] for row in json.loads(result.out)}["app.quit"] == ["ctrl+q"]


def test_control_characters_in_an_id_never_reach_the_terminal(run, isolated_dirs):
    write_keys(isolated_dirs, '"wizard.\\u001b[31mred" = "f12"')
    result = run("keys")
    assert "\x1b" not in result.err and "is not an action" in result.err


def test_a_clicker_may_use_the_arrows_where_nobody_types():
    keymap = read_keymap({"presenter.next_step": "right, f12", "home.new": "N"})
    assert keymap.refused == []
    assert keymap.keys("presenter.next_step") == ["right", "f12"]


def test_an_id_written_without_quotes_and_a_list_of_keys_are_understood(run, isolated_dirs):
    write_keys(isolated_dirs, 'wizard.next_step = "f12"\n"wizard.review" = ["f10", "ctrl+f5"]')
    result = run("keys", "--json")
    assert result.err == ""
    listed = {row["id"]: row["keys"] for row in json.loads(result.out)}
    assert listed["wizard.next_step"] == ["f12"] and listed["wizard.review"] == ["f10", "ctrl+f5"]


def test_a_settings_file_with_a_mistake_is_said_and_never_rewritten(run, store, isolated_dirs):
    path = write_keys(isolated_dirs, '"wizard.next_step" = f12')  # no quotes: not TOML
    before = path.read_bytes()
    result = run("keys")
    assert "cannot be read" in result.err and str(path) in result.err
    store.save_settings(theme="nord")  # as choosing a theme in the palette does
    assert path.read_bytes() == before


def test_saving_the_theme_keeps_the_keys_and_the_comments(store, isolated_dirs):
    path = write_keys(isolated_dirs, '# my clicker\n"wizard.next_step" = "f12"')
    path.write_text('theme = "nord"\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    store.save_settings(theme="projector")
    text = path.read_text(encoding="utf-8")
    assert text.startswith('theme = "projector"\n') and "# my clicker" in text
    assert store.keymap().own == {"wizard.next_step": "f12"}
    assert store.settings()["theme"] == "projector"
