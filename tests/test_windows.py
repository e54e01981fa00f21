"""One plan, several windows (real processes in real pseudo-terminals): nothing typed is lost.

Each window is the installed ``pilot2prod`` in its own pty. The second window to open a plan is
asked whether to follow it read-only or edit as well; these tests edit.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path

import pytest

from ptyterm import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

COMMAND = shutil.which("pilot2prod", path=str(Path(sys.executable).parent)) or shutil.which(
    "pilot2prod"
)


@pytest.fixture
def data(tmp_path) -> Path:
    if COMMAND is None:
        pytest.skip("the pilot2prod command is not installed")
    folder = tmp_path / "D"
    subprocess.run(
        [COMMAND, "--data-dir", str(folder), "new", "Shared", "--no-open"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return folder


@pytest.fixture
def windows(data):
    opened: list[Terminal] = []

    def open_window(*, edit_as_well: bool = False) -> Terminal:
        term = Terminal([COMMAND, "--data-dir", str(data), "open", "Shared"])
        opened.append(term)
        if edit_as_well:
            term.wait_for("open in another window")
            term.settle()
            term.burst("2")  # "Edit here as well"
        term.wait_for("1 / 27")
        term.settle()
        return term

    yield open_window
    for term in opened:
        term.kill()


def plan_document(data: Path) -> dict:
    return tomllib.loads((data / "plans" / "shared.toml").read_text(encoding="utf-8"))


def every_text_on_disk(data: Path) -> str:
    """Everything the plan file says, answers and conflict records alike."""
    return (data / "plans" / "shared.toml").read_text(encoding="utf-8")


def wait_on_disk(
    data: Path, text: str, terms: Sequence[Terminal] = (), timeout: float = 30.0
) -> None:
    """Wait until *text* is in the plan file, reading what *terms* write meanwhile (a window
    whose terminal is not read stops when the pty's buffer fills, and cannot save)."""
    end = time.monotonic() + timeout
    while text not in every_text_on_disk(data):
        assert time.monotonic() < end, f"{text!r} never reached the plan file"
        drain(terms, 0.05)


def drain(terms: Sequence[Terminal], seconds: float) -> None:
    """Read every terminal for *seconds* (sleep when there are none)."""
    end = time.monotonic() + seconds
    while True:
        for term in terms:
            term.read(0.01)
        if not terms:
            time.sleep(0.01)
        if time.monotonic() >= end:
            return


def quit_window(term: Terminal) -> None:
    term.press("ctrl+q")
    assert term.wait(10) == 0


def test_two_windows_typing_different_answers_keep_both(data, windows):
    first = windows()
    second = windows(edit_as_well=True)
    first.burst("Typed in the first window")
    second.burst("<tab>Typed in the second window")
    first.wait_for("Typed in the first window")
    second.wait_for("Typed in the second window")
    quit_window(first)
    quit_window(second)
    answers = plan_document(data)["answers"]
    assert answers["use_case"] == "Typed in the first window"
    assert answers["business_problem"] == "Typed in the second window"


def test_three_windows_on_one_answer_keep_every_text_and_a_second_round(data, windows):
    terms = [windows(), windows(edit_as_well=True), windows(edit_as_well=True)]
    for round_ in ("one", "two"):
        # All three type the same answer at once, before any of them sees another's save.
        for n, term in enumerate(terms, start=1):
            if round_ == "two":
                term.burst("<ctrl+a>")  # select what is there, so typing replaces it
            term.burst(f"Round {round_} from window {n}")
        # Each text reaches the file, as an answer or a conflict record. (Not necessarily its
        # own window's screen: a later save from another window may replace it there.)
        for n in (1, 2, 3):
            wait_on_disk(data, f"Round {round_} from window {n}", terms)
        drain(terms, 2.5)  # every window saves and picks up the others' saves
    for term in terms:
        quit_window(term)
    on_disk = every_text_on_disk(data)
    for n in (1, 2, 3):
        assert f"Round one from window {n}" in on_disk
        assert f"Round two from window {n}" in on_disk
    assert len(plan_document(data)["conflicts"]) >= 4


def test_two_windows_hung_up_at_the_same_moment_lose_nothing(data, windows):
    first = windows()
    second = windows(edit_as_well=True)
    first.burst("Before the hangup, first")
    second.burst("<tab>Before the hangup, second")
    first.wait_for("Before the hangup, first")
    second.wait_for("Before the hangup, second")
    first.signal(signal.SIGHUP)
    second.signal(signal.SIGHUP)  # within the autosave delay of both
    assert first.wait(5) == 0
    assert second.wait(5) == 0
    answers = plan_document(data)["answers"]
    assert answers["use_case"] == "Before the hangup, first"
    assert answers["business_problem"] == "Before the hangup, second"


def test_a_hangup_that_cannot_save_leaves_a_recovery_file_offered_by_open(data, windows):
    plans = data / "plans"
    term = windows()
    term.burst("Typed while the disk went away")
    term.wait_for("Typed while the disk went away")
    # The folder disappears under the window (a file where it was): no save can succeed,
    # whoever runs the test (file permissions do not stop root).
    plans.rename(data / "plans-away")
    plans.write_text("not a folder", encoding="utf-8")
    term.signal(signal.SIGHUP)
    assert term.wait(5) == 1
    said = term.output.decode("utf-8", "replace")
    assert "could not be saved; its unsaved answers are in" in said
    (recovery,) = (data / "recovery").glob("*.toml")
    assert "Typed while the disk went away" in recovery.read_text(encoding="utf-8")

    plans.unlink()
    (data / "plans-away").rename(plans)
    # Opening the plan by name (not only home) offers them first, saying what they hold.
    again = Terminal([COMMAND, "--data-dir", str(data), "open", "Shared"])
    try:
        again.wait_for("Unsaved answers were kept")
        again.wait_for("Typed while the disk went")
        again.burst("1")  # Restore them into the plan
        again.wait_for("Restored 1 answer")
        again.wait_for("✓ saved")
        again.press("ctrl+q")
        assert again.wait(10) == 0
    finally:
        again.kill()
    assert plan_document(data)["answers"]["use_case"] == "Typed while the disk went away"
    assert not list((data / "recovery").glob("*.toml"))


def test_the_presenter_view_follows_the_wizard_in_another_terminal(data):
    """`present` in one pty, the wizard in another: the wizard asks nothing on opening (the
    presenter holds no lock and leaves no note), and what the scribe types shows in the
    presenter view once it is saved (the README says: about a second)."""
    room = Terminal([COMMAND, "--data-dir", str(data), "present", "Shared"], cols=80, rows=24)
    scribe = Terminal([COMMAND, "--data-dir", str(data), "open", "Shared"])
    try:
        room.wait_for("Following the scribe")
        scribe.wait_for("1 / 27")
        scribe.settle()
        assert "another window" not in scribe.text()  # no question, no notice
        scribe.burst("Claims sorted by urgency<tab>")
        room.wait_for("Claims sorted by urgency", timeout=15)
        scribe.press("pagedown")
        scribe.wait_for("2 / 27")
        room.wait_for("step 2 of 27", timeout=15)
        quit_window(scribe)
        room.press("ctrl+q")
        assert room.wait(10) == 0
    finally:
        room.kill()
        scribe.kill()
