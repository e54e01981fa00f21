"""The silent vote in line mode: phones vote on the local network, the facilitator's lines say only
how many ballots are in, ``r`` reveals each question's spread, numbered questions take the
scribe's decisions; the laptop passed round is refused; never an escape byte."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from conftest import run_subprocess
from pilot2prod import vote
from pilot2prod.bank import Bank
from pilot2prod.line.vote import count_line, result_lines
from pilot2prod.plan import Plan
from pilot2prod.store import Store, read_plan

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX pipes and a pty")

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Every C0 control but tab, newline and carriage return (a pty adds CR to each newline)."""
URL = re.compile(r"http://127\.0\.0\.1:\d+/[A-Z2-7]{16}/")


@pytest.fixture
def plan_path(store: Store, bank: Bank) -> Path:
    return store.create(Plan.new("Acme", bank), bank.order)


def first_reason(bank: Bank) -> tuple[str, list[str]]:
    step = vote.diagnostic_steps(bank)[0]
    return step.id, [q.id for q in vote.step_questions(step)]


# --- A phone ----------------------------------------------------------------------------------


def request(url: str, method: str = "GET", body: bytes = b"", cookie: str = "") -> tuple:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers = {"Cookie": cookie} if cookie else {}
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, parts.path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def phone_votes(url: str, name: str, answers: dict[str, str]) -> None:
    """One phone: the form (its device cookie), then its ballot."""
    status, headers, _ = request(url)
    assert status == 200
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    form = {"name": name, **{f"q.{qid}": value for qid, value in answers.items()}}
    status, _, page = request(url, "POST", urllib.parse.urlencode(form).encode(), cookie)
    assert status == 200, page


# --- The vote from a pipe ------------------------------------------------------------------------


class Piped:
    """``pilot2prod vote`` in line mode with its input from a pipe; its output read as it comes."""

    def __init__(self, data_dir: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pilot2prod", "vote", *args],
            env={**os.environ, "PILOT2PROD_DATA_DIR": str(data_dir), "ACCESSIBLE": "1"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.out = ""
        self.seen = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.lock:
                self.out += line

    def wait_for(self, needle: str, timeout: float = 30.0) -> str:
        """The output up to *needle*, once written after what the last wait saw."""
        deadline = time.monotonic() + timeout
        exited = None
        while time.monotonic() < deadline:
            with self.lock:
                at = self.out.find(needle, self.seen)
                if at >= 0:
                    before, self.seen = self.out[self.seen : at], at + len(needle)
                    return before
            if self.proc.poll() is not None and exited is not None:
                break  # (one more look after it exited: its last lines are read by then)
            exited = self.proc.poll()
            time.sleep(0.05)
        raise AssertionError(f"{needle!r} not written:\n{self.out}")

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text)
        self.proc.stdin.flush()

    def end(self) -> tuple[int, str, str]:
        assert self.proc.stdin is not None and self.proc.stderr is not None
        self.proc.stdin.close()
        code = self.proc.wait(60)
        err = self.proc.stderr.read()
        time.sleep(0.1)
        with self.lock:
            return code, self.out, err


def test_phones_vote_the_lines_count_them_and_r_reveals_the_spread(store, bank, plan_path):
    step, signs = first_reason(bank)
    run = Piped(store.root, "Acme", "--step", step, "--lan", "127.0.0.1:0")
    try:
        run.wait_for("Ballots in: 0")
        url = URL.search(run.out).group(0)
        # Three phones: Ana and Ben say yes to the first two signs, an anonymous one no.
        phone_votes(url, "Ana", {signs[0]: "yes", signs[1]: "yes"})
        run.wait_for("Ballots in: 1")
        phone_votes(url, "", {signs[0]: "yes", signs[1]: "no"})
        run.wait_for("Ballots in: 2")
        phone_votes(url, "Ben", {signs[0]: "no", signs[1]: "no"})
        run.wait_for("Ballots in: 3")
        during = run.out
        assert "Ana" not in during and "Ben" not in during  # the count only, until the reveal
        port = urllib.parse.urlsplit(url).port
        run.send("r\n")
        run.wait_for("Revealed: 3 ballots; the room is split on 2 of 4 questions.")
        run.wait_for("The room: yes 2 (Ana, 1 anonymous), no 1 (Ben), not sure 0.")
        run.wait_for("Split: the room disagrees; most said yes.")
        run.wait_for("The room: yes 1 (Ana), no 2 (Ben, 1 anonymous), not sure 0.")
        # The form is no longer served once revealed.
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        run.wait_for("1. Take the room's answer: yes")
        run.wait_for("3. Take the room's answer for this and every question left that has one")
        run.send("1\n")  # the first sign: the room's yes
        run.wait_for("1. Take the room's answer: no")
        run.send("2\n")  # the second: the plan's (none) kept
        run.wait_for("The vote is closed. The room's answer is now the plan's for 1 question.")
    finally:
        code, out, err = run.end()
    assert code == 0, err
    assert "\x1b" not in out + err and not CONTROL.search(out + err)
    plan = read_plan(plan_path)
    done = vote.votes(plan)[0]
    assert done.status == "closed" and done.way == "lan" and done.count == 3
    assert sorted(b.name for b in done.ballots) == ["", "Ana", "Ben"]
    assert done.outcomes[signs[0]].decision == "accepted"
    assert done.outcomes[signs[1]].decision == "kept"
    assert plan.answers[signs[0]] == "yes" and signs[1] not in plan.answers


def test_without_phones_line_mode_refuses_the_vote(store, plan_path):
    result = run_subprocess("--data-dir", str(store.root), "vote", "Acme", "--line")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "--lan" in result.err and "full screen" in result.err
    assert "votes" not in plan_path.read_text(encoding="utf-8")


# --- At a terminal -----------------------------------------------------------------------------


@pytest.mark.pty
def test_at_a_terminal_q_asks_then_closes_the_vote_unrevealed(store, bank, plan_path):
    from ptyterm import Terminal

    step, signs = first_reason(bank)
    term = Terminal(
        [
            sys.executable,
            "-m",
            "pilot2prod",
            "vote",
            "Acme",
            "--step",
            step,
            "--lan",
            "127.0.0.1:0",
        ],
        env={"PILOT2PROD_DATA_DIR": str(store.root), "TERM": "dumb"},
    )
    try:
        term.wait_for("Ballots in: 0")
        url = URL.search(term.output.decode()).group(0)
        term.type("r\r")
        term.wait_for("No ballots yet: nothing to reveal.")
        phone_votes(url, "Ana", {signs[0]: "yes"})
        term.wait_for("Ballots in: 1")
        term.type("q\r")
        term.wait_for("Enter a number between 1 and 2:")
        assert "The 1 ballot stays in the plan, uncounted." in term.text()
        term.type("1\r")
        term.wait_for("The vote is closed; its 1 ballot stays in the plan, uncounted.")
        assert term.wait() == 0
    finally:
        term.kill()
    assert not CONTROL.search(term.output.decode().replace("\r\n", "\n"))
    done = vote.votes(read_plan(plan_path))[0]
    assert done.status == "closed" and not done.is_revealed and done.count == 1


@pytest.mark.pty
@pytest.mark.parametrize("asked", [False, True], ids=["serving", "asked-to-reveal"])
def test_ctrl_c_stops_serving_and_saves(store, bank, plan_path, asked):
    """Ctrl+C while phones vote, or while the reveal is being asked: the form stops, the
    ballots are kept, the plan saved, and nothing is said of it but that."""
    from ptyterm import Terminal

    step, signs = first_reason(bank)
    term = Terminal(
        [
            sys.executable,
            "-m",
            "pilot2prod",
            "vote",
            "Acme",
            "--step",
            step,
            "--lan",
            "127.0.0.1:0",
        ],
        env={"PILOT2PROD_DATA_DIR": str(store.root), "ACCESSIBLE": "1"},
    )
    try:
        term.wait_for("Ballots in: 0")
        url = URL.search(term.output.decode()).group(0)
        phone_votes(url, "", {signs[0]: "no"})
        term.wait_for("Ballots in: 1")
        if asked:
            term.type("r\r")
            term.wait_for("Reveal the 1 ballot?")
        term.type("\x03")
        term.wait_for("Saved acme.toml.")
        assert term.wait() == 0
    finally:
        term.kill()
    output = term.output.decode()
    assert "Traceback" not in output and "Fatal" not in output
    with pytest.raises(OSError):
        request(url)
    found = vote.current(read_plan(plan_path))
    assert found is not None and found.count == 1 and found.is_open  # joined by the next run


# --- The lines themselves ---------------------------------------------------------------------


def test_the_result_lines_say_the_spread_split_or_agreed_and_what_the_plan_says(bank):
    plan = Plan.new("Acme", bank)
    signs = vote.all_signs(bank)
    vid = vote.start(plan, signs, title="Every stall reason")
    first, second, third = signs[0], signs[1], signs[4]
    for n, (name, a, b) in enumerate(
        [("Ana", "yes", "no"), ("", "yes", "no"), ("Ben", "no", "no")]
    ):
        assert vote.cast(plan, vid, f"b-{n}", {first.id: a, third.id: b}, name=name) is None
    plan.set(third, "yes")
    vote.reveal(plan, vid)
    vote.keep(plan, bank, vid, third.id)
    found = vote.find(plan, vid)
    lines = result_lines(bank, plan, found)
    assert lines[0] == f"Revealed: 3 ballots; the room is split on 1 of {len(signs)} questions."
    text = "\n".join(lines)
    reasons = vote.diagnostic_steps(bank)
    assert f"{reasons[0].title}:" in lines and f"{reasons[1].title}:" in lines
    assert f"Question 1 of {len(signs)}: {first.prompt}" in lines
    assert "  The room: yes 2 (Ana, 1 anonymous), no 1 (Ben), not sure 0." in lines
    assert "  Split: the room disagrees; most said yes." in lines
    assert f"Question 2 of {len(signs)}: {second.prompt} Nobody answered this one." in lines
    at = lines.index(f"Question 5 of {len(signs)}: {third.prompt}")
    assert lines[at + 1 : at + 5] == [
        "  The room: yes 0, no 3 (Ana, Ben, 1 anonymous), not sure 0.",
        "  Agreed: no.",
        "  The plan says now: yes.",
        "  Decided: the plan's answer kept.",
    ]
    assert "\x1b" not in text
    assert count_line(3) == "Ballots in: 3"


def test_a_question_one_ballot_answered_is_neither_agreed_nor_split(bank):
    plan = Plan.new("Acme", bank)
    signs = vote.all_signs(bank)
    vid = vote.start(plan, signs, title="Every stall reason")
    assert vote.cast(plan, vid, "b-0", {signs[0].id: "no"}) is None
    assert vote.cast(plan, vid, "b-1", {signs[1].id: "yes"}) is None
    vote.reveal(plan, vid)
    lines = result_lines(bank, plan, vote.find(plan, vid))
    at = lines.index(f"Question 1 of {len(signs)}: {signs[0].prompt}")
    assert lines[at + 1 : at + 3] == [
        "  The room: yes 0, no 1 (1 anonymous), not sure 0 (1 of 2 ballots left it).",
        "  One ballot answered it: no.",
    ]


def test_a_revealed_vote_is_taken_up_without_phones(store, bank):
    """Decisions left at the end of the input are taken up by the next run (no --lan needed:
    nothing is hidden any more)."""
    plan = Plan.new("Acme", bank)
    step = vote.diagnostic_steps(bank)[0]
    signs = vote.step_questions(step)
    vid = vote.start(plan, signs, title=step.title)
    for n, value in enumerate(["yes", "yes", "no"]):
        vote.cast(plan, vid, f"b-{n}", {signs[0].id: value, signs[1].id: "unsure"})
    vote.reveal(plan, vid)
    path = store.create(plan, bank.order)
    result = run_subprocess(
        "--data-dir", str(store.root), "vote", "Acme", "--line", input_text="2\n"
    )
    assert result.code == 0, result.err
    assert "is revealed and not yet decided" in result.out and "Revealed: 3 ballots" in result.out
    assert "The room: yes 0, no 0, not sure 3 (3 anonymous)." in result.out
    # The first question's plan answer kept; the input ended at the second: left to decide.
    assert "The vote stays revealed" in result.out
    found = vote.find(read_plan(path), vid)
    assert found.status == "revealed" and found.outcomes[signs[0].id].decision == "kept"
    assert signs[1].id not in found.outcomes


def test_an_address_this_machine_lacks_is_said_and_leaves_no_vote(store, plan_path):
    result = run_subprocess(
        "--data-dir", str(store.root), "vote", "Acme", "--line", "--lan", "192.0.2.77:0"
    )
    assert result.code == 1
    assert "192.0.2.77 is not an address of this machine" in result.err
    assert "Traceback" not in result.err
    assert vote.votes(read_plan(plan_path)) == []
