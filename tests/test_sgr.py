"""What the terminal driver writes, in fewer bytes: every cell of the screen ends the same
(character, colours, attributes) whether the app's writes go through StyleDiff or not."""

from __future__ import annotations

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st

from pilot2prod.tui.sgr import StyleDiff

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


def test_what_it_does_not_follow_is_written_as_it_came():
    diff = StyleDiff()
    for odd in ("\x1b[4:3m underline", "text \x1b", "\x1b]0;unfinished title"):
        assert diff.rewrite(odd).endswith(odd)  # (after a reset, at most)
    # ... and the style is taken up again at the next reset.
    assert diff.rewrite("\x1b[0m\x1b[31mred\x1b[0m") == "\x1b[0;31mred\x1b[0m"
