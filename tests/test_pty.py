"""The installed ``pilot2prod`` command in a real pseudo-terminal, as a person over SSH sees it."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from ptyterm import SYNC_END, SYNC_START, Terminal, colour_codes

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

COMMAND = shutil.which("pilot2prod", path=str(Path(sys.executable).parent)) or shutil.which(
    "pilot2prod"
)


@pytest.fixture
def cli(tmp_path):
    if COMMAND is None:
        pytest.skip("the pilot2prod command is not installed")
    terminals: list[Terminal] = []

    def start(
        *args: str,
        cols: int = 80,
        rows: int = 24,
        controlling: bool = True,
        env: dict[str, str] | None = None,
        sync: bool = False,
    ) -> Terminal:
        term = Terminal(
            [COMMAND, "--data-dir", str(tmp_path / "D"), *args],
            cols=cols,
            rows=rows,
            controlling=controlling,
            env=env,
            sync=sync,
        )
        terminals.append(term)
        return term

    yield start
    for term in terminals:
        term.kill()


def plan_file(tmp_path: Path) -> Path:
    (path,) = (tmp_path / "D" / "plans").glob("*.toml")
    return path


def saved_answers(tmp_path: Path) -> dict:
    return tomllib.loads(plan_file(tmp_path).read_text(encoding="utf-8"))["answers"]


def test_new_type_page_and_quit_at_80x24(cli, tmp_path):
    term = cli("new", "Acme claims triage")
    term.wait_for("1 / 27")
    term.wait_for("Acme claims triage")
    term.type("Claims are triaged in hours.")
    term.wait_for("Claims are triaged in hours.")
    term.press("pagedown")
    term.wait_for("Production criteria")
    term.type("Adjusters accept the routing.")
    term.wait_for("Adjusters accept the routing.")
    term.press("pageup")
    term.wait_for("Plan basics")
    term.wait_for("Claims are triaged in hours.")
    term.press("ctrl+q")
    assert term.wait(10) == 0
    # The terminal is given back: the alternate screen is left.
    assert b"\x1b[?1049l" in term.output[-2000:]

    exported = subprocess.run(
        [COMMAND, "--data-dir", str(tmp_path / "D"), "export", "Acme claims triage"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert exported.returncode == 0
    assert "Claims are triaged in hours." in exported.stdout
    assert "Adjusters accept the routing." in exported.stdout
    answers = saved_answers(tmp_path)
    assert answers["use_case"] == "Claims are triaged in hours."
    assert answers["criteria_success"] == "Adjusters accept the routing."


def test_home_lists_the_plan_and_demo_opens_the_example(cli, tmp_path):
    term = cli("new", "Acme claims triage")
    term.wait_for("1 / 27")
    term.press("ctrl+q")
    assert term.wait(10) == 0

    home = cli()
    home.wait_for("Acme claims triage")
    home.wait_for("1 plan in")
    home.press("ctrl+q")
    assert home.wait(10) == 0

    demo = cli("demo")
    demo.wait_for("Northwind claims triage assistant")
    demo.wait_for("1 / 27")
    demo.press("ctrl+q")
    assert demo.wait(10) == 0


def test_in_a_synchronized_terminal_no_frame_is_written_twice_in_a_row(cli, tmp_path):
    """A terminal with synchronized output (most modern ones) gets every frame between
    brackets; opening the example plan and moving a step writes no frame straight after
    itself (Textual draws the first screen twice: the second is left out, brackets and all)."""
    term = cli("demo", sync=True)
    term.wait_for("1 / 27")
    term.settle(1.0)
    term.press("pagedown")
    term.wait_for("2 / 27")
    term.settle(0.5)
    framed = bytes(term.output).split(SYNC_START)[1:]
    frames = [each.split(SYNC_END)[0] for each in framed]
    assert len(frames) >= 3 and all(SYNC_END in each for each in framed)
    assert all(a != b for a, b in itertools.pairwise(frames))
    term.press("ctrl+q")
    assert term.wait(10) == 0


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_signal_saves_and_exits_promptly(cli, tmp_path, signum):
    term = cli("new", "Signals")
    term.wait_for("1 / 27")
    term.type("Typed just before the line dropped")
    term.wait_for("line dropped")
    term.signal(signum)  # at once: well inside the autosave delay
    start = time.monotonic()
    term.wait(5)
    assert time.monotonic() - start < 2.0
    assert saved_answers(tmp_path)["use_case"] == "Typed just before the line dropped"


def test_closing_the_terminal_saves_and_exits(cli, tmp_path):
    term = cli("new", "Closed")
    term.wait_for("1 / 27")
    term.type("Window closed")
    term.wait_for("Window closed")
    term.close()  # the kernel hangs up the controlling terminal: SIGHUP
    deadline = time.monotonic() + 5
    while term.proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert term.proc.poll() is not None, "still running after the terminal closed"
    assert saved_answers(tmp_path)["use_case"] == "Window closed"


def test_terminal_gone_without_a_signal_does_not_spin(cli, tmp_path):
    term = cli("new", "No signal", controlling=False)
    term.wait_for("1 / 27")
    term.type("No hangup signal")
    term.wait_for("No hangup signal")
    term.close()  # not the controlling terminal: no SIGHUP arrives
    deadline = time.monotonic() + 6
    while term.proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert term.proc.poll() is not None, "the app kept running (spinning) without a terminal"
    assert saved_answers(tmp_path)["use_case"] == "No hangup signal"


def test_text_from_files_never_reaches_the_terminal_as_escape_sequences(cli, tmp_path):
    plans = tmp_path / "D" / "plans"
    plans.mkdir(parents=True)
    (plans / "hostile.toml").write_text(
        "schema_version = 1\n[plan]\n"
        'name = "Evil\\u001b]0;pwned\\u0007\\u001b[2J plan"\n'
        "[answers]\n"
        'use_case = "Line\\u001b[31m red \\u009b31m"\n',
        encoding="utf-8",
    )
    term = cli()
    term.wait_for("Evil]0;pwned[2J plan")
    term.press("enter")
    term.wait_for("1 / 27")
    term.press("ctrl+q")
    term.wait(10)
    # The control characters are gone; what is left shows as plain text.
    assert b"\x1b]0;pwned" not in term.output
    assert b"pwned\x07" not in term.output
    assert b"\x1b[31m red" not in term.output
    assert b"\xc2\x9b31m" not in term.output


# --- Keys that arrive together, and pastes (as SSH delivers them) ------------------------------


def answers_after_quit(term: Terminal, tmp_path: Path) -> dict:
    term.press("ctrl+q")
    assert term.wait(10) == 0
    return saved_answers(tmp_path)


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("one<tab>two<tab>three", {"use_case": "one", "business_problem": "two"}),
        ("<pagedown>hello", {"criteria_success": "hello"}),
        ("<tab>x<shift+tab>y", {"use_case": "y", "business_problem": "x"}),
        ("<ctrl+g>go-live planned<enter>2027-02", {"budget_go_live": "2027-02"}),
    ],
    ids=["tab", "pagedown", "shift-tab", "palette"],
)
def test_keys_sent_in_one_write_land_in_their_own_fields(cli, tmp_path, keys, expected):
    term = cli("new", "Burst")
    term.wait_for("1 / 27")
    term.settle()
    term.burst(keys)
    term.wait_for(list(expected.values())[-1])
    # Ctrl+Q waits its turn behind the burst, and saves on the way out.
    answers = answers_after_quit(term, tmp_path)
    if keys.startswith("one"):
        # The third piece went to the third field: the plan's name.
        assert read_plan_name(tmp_path) == "Burstthree"
    assert {k: answers.get(k) for k in expected} == expected
    assert set(answers) == set(expected), answers


def test_keys_typed_before_the_first_screen_wait_for_it(cli, tmp_path):
    """Typing at once after the command (a fast typist, or keys queued on a slow link): the
    app is still starting, and nothing it shows yet can take them. They wait for the plan."""
    term = cli("new", "Early")
    term.burst("early<tab>words")  # written before the app has drawn anything
    term.wait_for("1 / 27")  # (until the app takes the terminal, the tty itself echoes them)
    term.wait_for("words")
    term.settle()
    assert answers_after_quit(term, tmp_path) == {"use_case": "early", "business_problem": "words"}


def read_plan_name(tmp_path: Path) -> str:
    return tomllib.loads(plan_file(tmp_path).read_text(encoding="utf-8"))["plan"]["name"]


def test_a_paste_with_escape_bel_c1_and_del_stays_text(cli, tmp_path):
    term = cli("new", "Paste")
    term.wait_for("1 / 27")
    term.settle()
    term.paste("before\x1b\x1bafter\x1b]0;x\x07osc\x1b\x7fdel\x1b\x11\x1bmore\u0085c1\x7f")
    term.wait_for("beforeafter]0;xoscdelmorec1")
    assert "1 / 27" in term.text()  # still on the same screen, not home, not quit
    assert term.proc.poll() is None
    answers = answers_after_quit(term, tmp_path)
    assert answers == {"use_case": "beforeafter]0;xoscdelmorec1"}


def test_a_byte_that_is_not_utf8_does_not_stop_the_keyboard(cli, tmp_path):
    term = cli("new", "Bytes")
    term.wait_for("1 / 27")
    term.settle()
    os.write(term.master, b"ok\x9b\xffstill typing")
    term.wait_for("okstill typing")
    assert answers_after_quit(term, tmp_path) == {"use_case": "okstill typing"}


def test_escape_on_its_own_still_goes_home(cli, tmp_path):
    term = cli("new", "Escape")
    term.wait_for("1 / 27")
    term.settle()
    term.press("escape")
    term.wait_for("1 plan in")
    term.press("ctrl+q")
    assert term.wait(10) == 0


# --- Readable without colour ---------------------------------------------------------------------


def go_to_step(term: Terminal, query: str, title: str) -> None:
    """Jump through the palette to the step found by *query*, whose title is *title*.

    Each stage waits for what it needs on screen (the match, then the step's header with
    the palette gone), never for a fixed time: a busy machine is slow, not wrong.
    """
    term.press("ctrl+g")
    term.wait_for("Go to a step")
    os.write(term.master, f"step: {query}".encode())
    term.wait_for("Go to step: ")
    term.wait_for(f"› {title}")
    term.press("enter")
    term.wait_until(
        lambda text: "Go to step: " not in text and f"› {title}  " in text.splitlines()[1],
        f"the step {title!r} shown",
    )
    term.settle()


def test_choices_ticks_and_the_current_question_read_in_plain_text(cli, tmp_path):
    """What is chosen, what is ticked and which question is being answered show in the
    characters on screen, not only in colours (here with NO_COLOR, in a text dump)."""
    term = cli("demo", env={"NO_COLOR": "1"})
    term.wait_for("1 / 27")
    go_to_step(term, "readiness testing", "Production-readiness testing")
    screen = term.text()
    assert "(•) At part of the volume" in screen
    assert "( ) Not tested at volume" in screen
    lines = screen.splitlines()
    current = next(line for line in lines if "Has it been run at production volume" in line)
    other = next(line for line in lines if "What happened under load" in line)
    assert current.lstrip().startswith("▌") and not other.lstrip().startswith("▌")
    go_to_step(term, "stakeholder buy-in", "Stakeholder buy-in")
    assert "[x] Executive team" in term.text()
    term.press("ctrl+q")
    assert term.wait(10) == 0


def test_a_step_seen_before_is_written_once(cli, tmp_path):
    """Back to a step seen before, whose introduction takes another number of rows than the
    step left, its page is written once, its first question marked as it appears: not again,
    unchanged, a frame later (Textual repaints a container whose size changed), nor with its
    prompt written again when Textual's focus event marks it."""
    term = cli("demo")
    term.wait_for("1 / 27", timeout=30)
    term.settle(0.5)
    for number in (2, 3, 4):  # to "Data for production", past "Technical debt"
        term.press("pagedown")
        term.wait_for(f"{number} / 27")
        term.settle(0.4)  # (the steps next to it are built while idle)
    assert times_written(term, "pageup", "3 / 27", "Which shortcuts is the pilot taking") == 1
    term.press("ctrl+q")
    assert term.wait(10) == 0


def times_written(term: Terminal, key: str, counter: str, prompt: str) -> int:
    """How many times *prompt* is written after *key* moves to the step showing *counter*
    (it must be on screen then)."""
    start = len(term.output)
    term.press(key)
    term.wait_for(counter)
    term.settle(0.5)
    assert prompt in term.text()
    return bytes(term.output[start:]).count(prompt.encode())


def test_a_step_visited_for_the_first_time_is_written_once(cli, tmp_path):
    """On to a step of a new plan never shown, built while the app was idle, whose questions
    overflow the page: its page is written once, with its scrollbar. (Textual decides a
    scrollbar from the layout before: the page was drawn full width, then again a frame
    later, a column narrower, with its scrollbar: 4 KB more of the same at 80x24.)"""
    term = cli("new", "First visits")
    term.wait_for("1 / 27", timeout=30)
    term.settle(1.5)  # (the steps next to it are built, and measured, while idle)
    prompt = "What must be true in production for this pilot"
    assert times_written(term, "pagedown", "2 / 27", prompt) == 1
    term.press("ctrl+q")
    assert term.wait(10) == 0


def test_the_first_tab_on_a_step_writes_the_answer_left_once(cli, tmp_path):
    """The first Tab on a step whose page got its scrollbar as it showed writes the long
    answer it leaves once (the text box drawn without its cursor line), then only the edge
    and the prompt of its question: not the whole question again a frame later. (Textual
    kept the whole question marked for repainting from the layout that narrowed it, and the
    next thing it marked, its edge, took that with it: a kilobyte more for that Tab.)"""
    term = cli("demo")
    term.wait_for("1 / 27", timeout=30)
    term.settle(0.5)
    term.press("pagedown")
    term.wait_for("2 / 27")
    term.settle(0.5)
    answer = "Claims reach the right team"
    assert answer in term.text()
    start = len(term.output)
    term.press("tab")
    term.settle(0.5)
    assert bytes(term.output[start:]).count(answer.encode()) == 1
    term.press("ctrl+q")
    assert term.wait(10) == 0


def test_back_from_a_stall_reason_leaves_none_of_its_fix_on_screen(cli, tmp_path):
    """Going back from a stall reason (whose fix stands under its introduction) to the phase
    gate, after moving about its page, leaves no line of the fix behind: every row the fix
    took is written again. (Textual lays out a scroll alone against nothing when the layout
    before was a whole one; before each layout was a whole one, a row went unwritten.)"""
    term = cli("demo")
    term.wait_for("1 / 27", timeout=30)
    go_to_step(term, "pilot solved the wrong problem", "The pilot solved the wrong problem")
    assert "Risk now" in term.text()
    for name in ["tab"] * 4 + ["shift+tab"] * 4:
        term.press(name)
        term.settle()
    for number in ("20 / 27", "19 / 27", "18 / 27"):
        term.press("pagedown" if number == "20 / 27" else "pageup")
        term.wait_for(number)
        term.settle(0.4)
    assert "Phase gate" in term.text().splitlines()[1]
    assert "Risk now" not in term.text()
    term.press("ctrl+q")
    assert term.wait(10) == 0


def test_no_color_writes_no_colour_codes_at_all(cli, tmp_path):
    """NO_COLOR (any value) means no colour: home, a choice step, the dashboard and the
    presenter view are written with bold, reverse and underline only. Textual alone would
    write greys."""
    term = cli("demo", env={"NO_COLOR": ""})
    term.wait_for("1 / 27")
    go_to_step(term, "readiness testing", "Production-readiness testing")
    term.wait_for("(•) At part of the volume")
    term.press("f2")
    term.wait_for("Readiness by group")
    term.settle()
    term.press("escape")
    term.wait_for("Production-readiness testing")
    term.press("escape")
    term.wait_for("1 plan in")
    term.settle()
    assert term.output.count(b"\x1b[") > 100  # it did draw, with attributes
    assert colour_codes(bytes(term.output)) == 0
    term.press("ctrl+q")
    assert term.wait(10) == 0
    room = cli("present", "Northwind claims triage assistant", env={"NO_COLOR": "1"})
    room.wait_for("Top stall risks")
    room.press("right")
    room.wait_for("On its own")
    room.settle()
    assert colour_codes(bytes(room.output)) == 0
    room.press("ctrl+q")
    assert room.wait(10) == 0


def test_the_colour_counter_counts_what_textual_writes():
    """The counter above sees 8-colour, 256-colour and truecolour codes alike."""
    assert colour_codes(b"\x1b[31m\x1b[1;44m\x1b[38;5;241m\x1b[48;2;1;2;3;97m") == 5
    assert colour_codes(b"\x1b[0m\x1b[1;7;4m\x1b[39;49m\x1b[m") == 0


def test_the_health_check_end_to_end(cli, tmp_path):
    """The second method in a real terminal: a plan made with it, a few answers, its own
    dashboard, then its export from a fresh process that is not told the bank."""
    term = cli("new", "Friday check", "--bank", "health-check")
    term.wait_for("1 / 11")
    term.wait_for("The pilot in brief")
    term.type("Routes claims to adjusters.")
    term.wait_for("Routes claims to adjusters.")
    term.press("pagedown")
    term.wait_for("Six quick facts")
    term.type("Hours to triage a claim")
    term.wait_for("Hours to triage a claim")
    term.press("f2")
    term.wait_for("Readiness (average of the groups)")
    term.wait_for("NOT READY YET")
    term.wait_for("(Nobody to run it)")  # its own reasons, in the questions to ask next
    assert "Budget" not in term.text()
    term.press("escape")
    term.wait_for("Six quick facts")
    term.press("ctrl+q")
    assert term.wait(10) == 0

    exported = subprocess.run(
        [COMMAND, "--data-dir", str(tmp_path / "D"), "export", "Friday check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert exported.returncode == 0, exported.stderr
    assert "Routes claims to adjusters." in exported.stdout
    assert "Hours to triage a claim" in exported.stdout
    assert "Where it could stall" in exported.stdout
    assert "Budget" not in exported.stdout
    answers = saved_answers(tmp_path)
    assert answers["hc_use_case"] == "Routes claims to adjusters."
    assert answers["hc_business_measure"] == "Hours to triage a claim"


# --- The silent vote on the local network -------------------------------------------------------

_DARK_NAMES = {"black", "brightblack"}


def _is_dark(colour: str, default_dark: bool) -> bool:
    """Whether pyte's *colour* (a name, six hex digits, or "default") is a dark one."""
    if colour == "default":
        return default_dark
    if colour in _DARK_NAMES:
        return True
    if len(colour) == 6 and all(c in "0123456789abcdefABCDEF" for c in colour):
        r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128
    return False  # white, brightwhite and the other named colours are light here


def _modules_on_screen(term: Terminal) -> list[list[bool]]:
    """The screen read as a phone's camera reads half blocks: two modules a cell, True dark.
    Without colour, the terminal's own text colour is light and its background dark."""
    rows: list[list[bool]] = []
    for y in range(term.screen.lines):
        top, bottom = [], []
        for x in range(term.screen.columns):
            char = term.screen.buffer[y][x]
            fg_dark, bg_dark = _is_dark(char.fg, False), _is_dark(char.bg, True)
            if char.reverse:
                fg_dark, bg_dark = bg_dark, fg_dark
            glyph = char.data
            top.append(fg_dark if glyph in "▀█" else bg_dark)
            bottom.append(fg_dark if glyph in "▄█" else bg_dark)
        rows += [top, bottom]
    return rows


def _holds(picture: list[list[bool]], code: list[list[bool]]) -> bool:
    """Whether *code* (with its quiet zone) appears in *picture*, module for module."""
    height, width = len(code), len(code[0])
    for y in range(0, len(picture) - height + 1, 2):
        for x in range(len(picture[0]) - width + 1):
            if all(picture[y + i][x : x + width] == code[i] for i in range(height)):
                return True
    return False


@pytest.mark.parametrize(
    ("args", "env"),
    [
        ((), {}),
        (("--theme", "textual-light"), {}),
        (("--theme", "projector"), {"TERM": "linux"}),
        ((), {"NO_COLOR": "1"}),
    ],
    ids=["dark", "light", "projector-16-colours", "no-colour"],
)
def test_a_network_vote_shows_its_address_and_a_readable_qr_code(cli, args, env):
    """``pilot2prod vote NAME --lan 127.0.0.1:0`` at 80x24: the address, and a QR code of it
    that reads back module for module (dark on light, quiet zone included) in every theme."""
    import re

    from pilot2prod.lan import qr

    new = cli("new", "Vote here", "--no-open")
    assert new.wait(30) == 0
    term = cli("vote", "Vote here", "--lan", "127.0.0.1:0", *args, env=env)
    term.wait_for("Ballots in: 0")
    term.wait_for("Phones cannot connect?")
    found = re.search(r"http://127\.0\.0\.1:\d+/[A-Z2-7]{16}/", term.text())
    assert found, term.text()
    term.read(0.3)
    code = qr.modules(found.group().upper())
    picture = _modules_on_screen(term)
    assert _holds(picture, code), term.text()
    assert not _holds(picture, [[not m for m in row] for row in code])  # (not light on dark)
    term.press("escape")
    term.wait_for(" / 27")  # back in the wizard (no ballot: nothing to ask)
    term.press("ctrl+q")
    assert term.wait(10) == 0


def test_a_network_vote_in_a_small_window_says_the_code_does_not_fit(cli):
    new = cli("new", "Vote here", "--no-open")
    assert new.wait(30) == 0
    term = cli("vote", "Vote here", "--lan", "127.0.0.1:0", cols=60, rows=18)
    term.wait_for("needs a larger window")
    assert "http://127.0.0.1:" in term.text()
    assert "▀" not in term.text() and "▄" not in term.text()
    term.press("ctrl+q")
    assert term.wait(10) == 0


def test_a_second_start_draws_from_the_stylesheets_the_first_kept(cli, tmp_path):
    """The first start keeps what it parsed in the user's cache folder; the second reads it,
    parses nothing (the file is not written again) and draws the same screen."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    shown, written = [], []
    for _ in range(2):
        term = cli("demo", env=env)
        term.wait_for("1 / 27")
        term.settle(0.5)
        shown.append(term.text())
        term.kill()
        (kept,) = (tmp_path / "cache" / "pilot2prod").glob("styles-*.pickle")
        written.append(kept.stat().st_mtime_ns)
    assert written[0] == written[1], "the second start parsed something again"
    assert shown[0] == shown[1]
