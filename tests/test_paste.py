"""Pastes are text, never keys: the parser, and what a paste does to a field."""

from __future__ import annotations

import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual import events
from textual.widgets import Input

from pilot2prod.plan import Plan
from pilot2prod.store import read_plan
from pilot2prod.text import clean
from pilot2prod.tui.app import Pilot2ProdApp

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the POSIX driver's parser")

START, END = "\x1b[200~", "\x1b[201~"


def parse(*chunks: str, tick_after: float | None = None) -> list:
    from pilot2prod.tui.driver import PasteSafeParser

    parser = PasteSafeParser()
    out: list = []
    for chunk in chunks:
        out.extend(parser.feed(chunk))
    if tick_after is not None:
        time.sleep(tick_after)
        out.extend(parser.tick())
    return out


def pastes(messages: list) -> list[str]:
    return [m.text for m in messages if isinstance(m, events.Paste)]


def key_names(messages: list) -> list[str]:
    return [m.key for m in messages if isinstance(m, events.Key)]


HOSTILE = (
    "before\x1b\x1bafter"  # ESC ESC: Textual turns it into the Escape key (home)
    "\x1b]0;title\x07osc"  # an OSC ended by BEL: the palette opened
    "\x1b\x7fdel"  # ESC DEL: delete a word
    "text\x1b\x11\x1bmore"  # ESC Ctrl+Q ESC: quit
    "\u0085c1\u009bcsi"  # C1 controls
)


def test_escape_sequences_inside_a_paste_stay_text():
    messages = parse(START + HOSTILE + END)
    assert key_names(messages) == []
    assert pastes(messages) == [clean(HOSTILE)]
    assert pastes(messages)[0] == "beforeafter]0;titleoscdeltextmorec1csi"


def test_keys_around_a_paste_are_still_keys():
    messages = parse("a" + START + "pasted\x1b" + END + "b\t")
    assert [type(m).__name__ for m in messages] == ["Key", "Paste", "Key", "Key"]
    assert key_names(messages) == ["a", "b", "tab"]
    assert pastes(messages) == ["pasted"]


def test_markers_split_across_reads_are_recognised():
    text = START + "one\x1b\x1btwo" + END
    for cut in range(1, len(text)):
        messages = parse(text[:cut], text[cut:])
        assert pastes(messages) == ["onetwo"], cut
        assert key_names(messages) == [], cut


def test_a_lone_escape_is_still_the_escape_key():
    assert key_names(parse("\x1b", tick_after=0.15)) == ["escape"]


def test_a_paste_the_terminal_never_ends_is_kept_as_text(monkeypatch):
    from pilot2prod.tui import driver

    monkeypatch.setattr(driver, "PASTE_TIMEOUT", 0.05)
    messages = parse(START + "no end\x1b", tick_after=0.1)
    assert pastes(messages) == ["no end"]
    assert key_names(messages) == []


def test_arrow_keys_and_function_keys_still_parse():
    assert key_names(parse("\x1b[A\x1b[6~\x1bOP")) == ["up", "pagedown", "f1"]


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60).filter(lambda t: END not in t),
    st.lists(st.integers(min_value=0, max_value=80), max_size=4),
)
def test_any_paste_in_any_chunks_is_one_paste_of_clean_text(text, cuts):
    whole = START + text + END
    points = sorted({min(c, len(whole)) for c in cuts})
    chunks = [whole[a:b] for a, b in zip([0, *points], [*points, len(whole)], strict=True)]
    messages = parse(*[c for c in chunks if c])
    assert key_names(messages) == []
    assert pastes(messages) == [clean(text)]


# --- What a paste does in the app ------------------------------------------------------------


async def paste_into(store, bank, question_id: str, text: str):
    path = store.create(Plan.new("Paste", bank), [q.id for q in bank.questions()])
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.screen.go_to("basics", question_id)
        await pilot.pause()
        app.post_message(events.Paste(text))
        await pilot.pause()
        await pilot.pause()
        editor = app.screen.query_one(f"#q-{question_id}").query_one("Input, TextArea")
        shown = editor.value if isinstance(editor, Input) else editor.text
        notices = [n.message for n in app._notifications]
        screen = type(app.screen).__name__
        await app.action_quit()
    return shown, notices, screen, read_plan(path).answers.get(question_id)


async def test_a_paste_with_controls_keeps_its_text_and_the_screen(store, bank):
    shown, _, screen, saved = await paste_into(store, bank, "organisation", HOSTILE)
    assert screen == "WizardScreen"
    assert shown == saved == clean(HOSTILE)


async def test_a_multi_line_paste_into_a_one_line_field_keeps_every_line(store, bank):
    shown, notices, _, saved = await paste_into(
        store, bank, "organisation", "Northwind\r\n  Insurance \n\nplc\tUK"
    )
    assert shown == saved == "Northwind Insurance plc UK"
    assert any("joined into one" in n for n in notices)


async def test_a_multi_line_paste_into_a_text_box_keeps_its_lines(store, bank):
    shown, notices, _, saved = await paste_into(store, bank, "use_case", "one\r\ntwo\x1b\nthree")
    assert shown == saved == "one\ntwo\nthree"
    assert not notices


def test_escape_then_a_key_at_once_are_two_keys_not_alt():
    """Escape and a letter in one write (SSH, a fast hand) reach the app as Escape, then the
    letter, in order. Textual alone reads them as Alt+letter (which nothing binds), and Escape,
    a letter and another Escape as "^" and the letter, typed into a text box."""

    def keys(*chunks: str) -> list[str]:
        return [m.key for m in parse(*chunks, tick_after=0.2) if isinstance(m, events.Key)]

    assert keys("\x1bz") == ["escape", "z"]
    assert keys("\x1bz\x1bQ?") == ["escape", "z", "escape", "Q", "question_mark"]
    assert keys("\x1b", "z") == ["escape", "z"]
    # Escape sequences are still keys of their own.
    assert keys("ab\x1b[A\x1bOPx\x1b") == ["a", "b", "up", "f1", "x", "escape"]
