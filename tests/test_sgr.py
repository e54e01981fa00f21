"""What the terminal driver writes, in fewer bytes: every cell of the screen ends the same
(character, colours, attributes) whether the app's writes go through StyleDiff or not, and
whether a frame written again straight after itself is left out or not."""

from __future__ import annotations

import os
import signal

import pyte
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pilot2prod.tui import sgr
from pilot2prod.tui.sgr import PLAIN, RepeatedFrames, StyleDiff, is_frame

COLS, ROWS = 40, 8

attributes = st.sets(st.sampled_from(["1", "2", "3", "4", "5", "7", "9"]), max_size=3)
colours = st.one_of(
    st.none(),
    st.sampled_from(["31", "32", "37", "90", "97"]),
    st.builds(lambda n: f"5;{n}", st.integers(0, 255)),
    st.builds(lambda r, g, b: f"2;{r};{g};{b}", *(st.integers(0, 255),) * 3),
)


@st.composite
def styled(draw) -> str:
    """A run of text as Rich writes it: its whole style, the text, a reset."""
    codes = sorted(draw(attributes))
    fg, bg = draw(colours), draw(colours)
    if fg is not None:
        codes.append(fg if ";" not in fg else f"38;{fg}")
    if bg is not None:
        codes.append(str(int(bg) + 10) if ";" not in bg else f"48;{bg}")
    text = draw(st.text(st.sampled_from("ab ▀█é-"), min_size=1, max_size=12))
    return (f"\x1b[{';'.join(codes)}m" if codes else "") + text + "\x1b[0m"


pieces = st.one_of(
    styled(),
    st.builds(lambda r, c: f"\x1b[{r};{c}H", st.integers(1, ROWS), st.integers(1, COLS)),
    st.just("\r\n"),
    st.just("\x1b[K"),
    st.just("\x1b[2J"),
    st.just("\x1b[?25l"),
    st.just("\x1b]0;title\x07"),
    st.builds(lambda c: f"\x1b[{c}m", st.sampled_from(["1", "7", "22", "27", "39", "49", "0"])),
)
writes = st.lists(st.lists(pieces, max_size=12).map("".join), min_size=1, max_size=6)


def screen_after(chunks: list[str]) -> list[list[tuple]]:
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.Stream(screen)
    for chunk in chunks:
        stream.feed(chunk)
    return [
        [
            (c.data, c.fg, c.bg, c.bold, c.italics, c.underscore, c.strikethrough, c.reverse)
            for c in (screen.buffer[y][x] for x in range(COLS))
        ]
        for y in range(ROWS)
    ]


@settings(max_examples=300, deadline=None)
@given(writes)
def test_the_screen_is_the_same_cell_for_cell(chunks):
    diff = StyleDiff()
    rewritten = [diff.rewrite(chunk) for chunk in chunks]
    assert screen_after(rewritten) == screen_after(chunks)


def test_a_row_of_runs_is_written_in_fewer_bytes():
    bg = "48;2;30;30;30"
    row = "".join(
        f"\x1b[38;2;224;224;224;{bg}m{w} \x1b[0m" for w in ["one", "two", "three", "four"]
    )
    rewritten = StyleDiff().rewrite(row)
    assert len(rewritten) < len(row) * 0.5
    assert screen_after([rewritten]) == screen_after([row])


def test_a_style_set_again_is_worked_out_once():
    """A frame sets the same few styles again and again (each run of text as its whole style,
    then a reset): each style code met again from the same style is not parsed again, nor the
    change between two styles worked out again."""
    sgr.apply.cache_clear()
    sgr.change.cache_clear()
    runs = [("38;2;224;224;224;48;2;30;30;30", "word "), ("1;38;2;254;166;43", "▌")] * 40
    frame = "\x1b[1;1H" + "".join(f"\x1b[{codes}m{text}\x1b[0m" for codes, text in runs)
    rewritten = StyleDiff().rewrite(frame)
    assert screen_after([rewritten]) == screen_after([frame])
    parsed, changes = sgr.apply.cache_info(), sgr.change.cache_info()
    assert parsed.misses <= 4 and parsed.hits >= 2 * len(runs) - 4
    assert changes.misses <= 4 and changes.hits >= len(runs) - 4


def test_what_it_does_not_follow_is_written_as_it_came():
    diff = StyleDiff()
    for odd in ("\x1b[4:3m underline", "text \x1b", "\x1b]0;unfinished title"):
        assert diff.rewrite(odd).endswith(odd)  # (after a reset, at most)
    # ... and the style is taken up again at the next reset.
    assert diff.rewrite("\x1b[0m\x1b[31mred\x1b[0m") == "\x1b[0;31mred\x1b[0m"


# --- A frame written again straight after itself ----------------------------------------------

NO_WRAP = "\x1b[?7l"
"""Textual turns the terminal's autowrap off as it starts; every write after it is drawn so."""

moves = st.builds(
    lambda r, c: f"\x1b[{r};{c}H", st.sampled_from([1, 2, ROWS - 1, ROWS]), st.integers(1, COLS)
)
"""Moves to the top and bottom rows, where a line feed or a scroll shows."""
frame_pieces = st.one_of(
    pieces,
    moves,
    st.sampled_from(["\n", "\n", "\r\n", "\x1b[L", "\x1bD", "\x1b[2P", "\x07"]),
)
maybe_frames = st.builds(
    lambda m, rest: m + "".join(rest), moves, st.lists(frame_pieces, max_size=10)
)
repeated = st.lists(
    st.tuples(
        st.one_of(maybe_frames, st.lists(pieces, max_size=12).map("".join)), st.integers(1, 3)
    ),
    min_size=1,
    max_size=4,
).map(lambda runs: [chunk for chunk, times in runs for _ in range(times)])


def cursor_after(chunks: list[str]) -> tuple:
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.Stream(screen)
    for chunk in chunks:
        stream.feed(chunk)
    return screen.cursor.x, screen.cursor.y, screen.cursor.attrs


@settings(max_examples=400, deadline=None)
@given(repeated)
@example(["a\x1b[0m\x1b[1m", *["\x1b[1;1Ha\x1b[0m"] * 2])  # unstyled text after a style left set
@example(["\x1b[1;1Ha\x1b[1m"] * 2)  # a frame that leaves a style set: drawn bold the second time
@example(["\x1b[8;1Hab\n"] * 2)  # a line feed on the bottom row scrolls
@example(["\x1b[1;1Hab\x1b[1;1H\x1b[L"] * 2)  # inserting a line moves what was drawn
@example(["\x1b[8;1Ha\n\x1b[8;1Hb"] * 2)  # a feed on the bottom row and back to it: it scrolled
def test_leaving_out_a_repeated_frame_leaves_the_same_screen_and_cursor(chunks):
    # As the driver does: StyleDiff follows the style of what is written.
    frames, styles, kept = RepeatedFrames(), StyleDiff(), []
    for chunk in chunks:
        if frames.admit(chunk, styles.want == PLAIN):
            styles.rewrite(chunk)
            kept.append(chunk)
    assert screen_after([NO_WRAP, *kept]) == screen_after([NO_WRAP, *chunks])
    assert cursor_after([NO_WRAP, *kept]) == cursor_after([NO_WRAP, *chunks])


def textual_frame(rows: range, col: int = 2) -> str:
    """A frame as Textual writes one: each row from an absolute move, a line feed between rows."""
    return "\n".join(f"\x1b[{y};{col}H\x1b[38;5;214m▌\x1b[0m text {y}" for y in rows)


def test_a_frame_repeated_straight_after_itself_is_left_out_once_and_only_then():
    frame, other = textual_frame(range(6, 12)), textual_frame(range(3, 5))
    frames = RepeatedFrames()
    assert [frames.admit(w, True) for w in (frame, frame, frame)] == [True, False, False]
    # Something written between: the frame is written again.
    assert [frames.admit(w, True) for w in ("\x1b[?25h", frame, other, frame)] == [True] * 4
    # Not from no style: its unstyled text may be drawn otherwise.
    assert [frames.admit(frame, plain) for plain in (True, False, False, True, True)] == [
        False,  # (the last write was this frame, from no style)
        True,
        True,
        True,
        False,
    ]
    # A resized terminal may not show it any more.
    frames.forget()
    assert frames.admit(frame, True)


def test_only_writes_that_paint_fixed_places_count_as_frames():
    assert is_frame(textual_frame(range(6, 12)))
    assert is_frame("\x1b[?2026h" + textual_frame(range(1, 24)) + "\x1b[?2026l")
    assert not is_frame("text where the cursor is")
    assert not is_frame("\x1b[?25l")  # (a mode: not a frame, never left out)
    assert not is_frame("\x1b[24;1Hbottom\n\x1b[1;1Htop")  # a feed on the bottom row may scroll
    assert not is_frame("\x1b[3;1Hrow\n")  # a feed with no row after it
    assert not is_frame("\x1b[3;1Hrow\n\ntwo feeds")
    assert not is_frame("\x1b[3;1H\x1b[2Lrows in")  # inserting lines
    assert not is_frame("\x1b[3;1Hbell\x07")


async def test_the_driver_writes_a_repeated_frame_once_and_again_after_a_resize(monkeypatch):
    from textual import events
    from textual.geometry import Size

    from pilot2prod.tui.driver import TerminalDriver

    written: list[str] = []
    base = TerminalDriver.__mro__[1]
    monkeypatch.setattr(base, "write", lambda self, data: written.append(data))
    monkeypatch.setattr(base, "process_message", lambda self, message: None)
    driver = TerminalDriver(None)  # type: ignore[arg-type]
    frame = textual_frame(range(6, 12))
    for data in (frame, frame, "\x1b[?25h", frame, frame):
        driver.write(data)
    assert len(written) == 3 and [w.count("text 6") for w in written] == [1, 0, 1]
    driver.process_message(events.Resize(Size(80, 24), Size(80, 24)))  # (reported in the input)
    driver.write(frame)
    assert len(written) == 4
    # SIGWINCH: the frame is written again, and the handler that was there is still called.
    told: list[int] = []
    before = signal.signal(signal.SIGWINCH, lambda signum, frame: told.append(signum))
    try:
        driver.watch_resizes()
        driver.write(frame)
        assert len(written) == 4
        os.kill(os.getpid(), signal.SIGWINCH)
        driver.write(frame)
        assert len(written) == 5 and told == [signal.SIGWINCH]
    finally:
        signal.signal(signal.SIGWINCH, before)


async def test_in_a_synchronized_terminal_a_repeated_frame_is_left_out_with_its_brackets(
    monkeypatch,
):
    """A terminal with synchronized output gets each frame between brackets Textual writes on
    their own: a frame repeated straight after itself is left out with both, and anything else
    goes with its brackets, in order."""
    from pilot2prod.tui.driver import SYNC_END, SYNC_START, TerminalDriver

    written: list[str] = []
    base = TerminalDriver.__mro__[1]
    monkeypatch.setattr(base, "write", lambda self, data: written.append(data))
    driver = TerminalDriver(None)  # type: ignore[arg-type]
    frame, other = textual_frame(range(6, 12)), textual_frame(range(3, 5))

    def synchronized(*frames: str) -> None:
        for each in frames:
            for data in (SYNC_START, each, SYNC_END):
                driver.write(data)

    synchronized(frame, frame, other, frame)
    assert [w.count("text 6") + w.count("text 3") * 10 for w in written] == [
        0, 1, 0, 0, 10, 0, 0, 1, 0  # (the second frame, with its brackets, left out)
    ]  # fmt: skip
    assert written[0::3] == [SYNC_START] * 3 and written[2::3] == [SYNC_END] * 3
    written.clear()
    driver.write(SYNC_START)  # (a frame with nothing in it: no brackets either)
    driver.write(SYNC_END)
    synchronized(frame)  # (straight after the last frame: left out)
    assert written == []
    driver.write(SYNC_START)
    driver.write(frame)  # (left out: the last frame again)
    driver.write("\x1b[?25h")  # (more in the same frame: it goes, after the bracket)
    driver.write(SYNC_END)
    assert written == [SYNC_START, "\x1b[?25h", SYNC_END]
