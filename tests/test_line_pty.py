"""``pilot2prod ask`` at a real terminal (a pty): numbered choices, a bad number asked again, an
amount echoed, a checklist item, a list row, ``<`` and ``:goto``; and not one escape byte."""

from __future__ import annotations

import re
import sys
import time
import tomllib

import pytest

from pilot2prod.plan import Plan
from ptyterm import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Every C0 control but tab, newline and carriage return (the pty adds CR to each newline)."""


def wait_output(term: Terminal, needle: str, timeout: float = 20.0) -> None:
    """Wait until *needle* has been written since the last wait (scrolled off or not)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        term.read(0.05)
        text = term.output[term.seen :].decode("utf-8", "replace").replace("\r\n", "\n")
        at = text.find(needle)
        if at >= 0:
            term.seen += len(text[: at + len(needle)].encode("utf-8"))
            return
        if term.closed:
            break
    raise AssertionError(f"{needle!r} not written:\n{term.output.decode('utf-8', 'replace')}")


def answer(term: Terminal, text: str) -> None:
    term.type(text + "\r")


def test_ask_at_a_terminal_writes_plain_lines_only(store, bank, isolated_dirs):
    path = store.create(Plan.new("Acme", bank), bank.order)
    term = Terminal(
        [sys.executable, "-m", "pilot2prod", "ask", "Acme"],
        env={"PILOT2PROD_DATA_DIR": str(isolated_dirs)},
    )
    term.seen = 0  # type: ignore[attr-defined]
    try:
        wait_output(term, "Step 1 of 27: Plan basics, question 1 of 10")
        wait_output(term, "> ")
        answer(term, ":goto data plan")
        wait_output(term, "Step 4 of 27: Data plan, question 1 of 3")
        wait_output(term, "> ")
        answer(term, "Warehouse exports")
        wait_output(term, "Step 4 of 27: Data plan, question 2 of 3")
        wait_output(term, "Enter a number between 1 and")
        wait_output(term, "> ")
        answer(term, "9")  # not a choice: explained, asked again
        wait_output(term, "'9' is not one of the choices.")
        answer(term, "2")
        wait_output(term, "= ")
        wait_output(term, "Step 4 of 27: Data plan, question 3 of")
        answer(term, "<")  # back to the choice, which says its answer
        wait_output(term, "Step 4 of 27: Data plan, question 2 of 3")
        wait_output(term, "Now: ")
        answer(term, ":goto budget")
        wait_output(term, "Step 12 of 27: Budget and timeline, question 1 of 8")
        answer(term, "250k")
        wait_output(term, "= 250,000")
        answer(term, ":goto 25")
        wait_output(term, "Step 25 of 27: Technical, question 1 of 5")
        wait_output(term, "Status: ")
        answer(term, "3")
        wait_output(term, "Owner: ")
        answer(term, "Platform team")
        wait_output(term, "Evidence: ")
        answer(term, "Runbook")
        wait_output(term, "= Done by hand and documented; Platform team; Runbook")
        answer(term, ":goto attendees")
        wait_output(term, "Row 1, Name: ")
        answer(term, "Anna Berg")
        wait_output(term, "Row 1, Role: ")
        answer(term, "CFO")
        wait_output(term, "= Row 1: Name: Anna Berg · Role: CFO")
        wait_output(term, "Row 2, Name: ")
        answer(term, ":quit")
        wait_output(term, "Saved acme.toml.")
        assert term.wait() == 0
    finally:
        term.kill()
    answers = tomllib.loads(path.read_text(encoding="utf-8"))["answers"]
    refresh = bank.question("data_refresh")
    assert answers["data_sources"] == "Warehouse exports"
    assert answers["data_refresh"] == refresh.choices[1].value
    assert answers["budget_pilot_cost"] == 250_000
    assert answers["check_volume"] == {
        "status": "manual",
        "owner": "Platform team",
        "evidence": "Runbook",
    }
    assert answers["attendees"] == [{"name": "Anna Berg", "role": "CFO"}]
    output = bytes(term.output)
    assert output.count(b"\x1b") == 0
    assert not CONTROL.search(output)
