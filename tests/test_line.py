"""Line mode's pieces (reading, output, kinds) and the walk from a file of answers: the same
answers and drafts as the wizard, problems reported by line, the plan saved as it goes."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import run_subprocess
from pilot2prod.bank import Bank
from pilot2prod.line import kinds
from pilot2prod.line.opening import Lines, walk_plan
from pilot2prod.line.output import Output, plain_text, wrap
from pilot2prod.line.reading import LineSource
from pilot2prod.plan import Plan
from pilot2prod.store import Store, read_plan

EXAMPLE = Path(__file__).parent.parent / "docs" / "examples" / "answers.txt"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def lines_of(text: str) -> list:
    source = LineSource(io.StringIO(text))
    found = []
    while (line := source.next()) is not None:
        found.append(line)
    return found


# --- Reading ---------------------------------------------------------------------------------


def test_line_mode_at_a_terminal_starts_at_the_question_the_plan_was_left_at(store, bank):
    from pilot2prod.line.walk import Walk
    from pilot2prod.session import PlanSession

    path = store.create(Plan.new("Left", bank))
    at = [s.id for s in bank.steps].index("monitoring")

    def start() -> tuple[int, str] | None:
        session = PlanSession.open(store, bank, path)
        try:
            source, out = LineSource(io.StringIO("")), Output(io.StringIO())
            return Walk(session, source, out, io.StringIO(), interactive=True).start()
        finally:
            session.close()

    store.save_position(path, "monitoring", "monitor_errors")
    assert start() == (at, "monitor_errors")
    store.save_position(path, "monitoring", "organisation")  # (not a question of that step)
    assert start() == (at, "monitor_business")


def test_a_line_ending_in_a_backslash_goes_on_and_commands_stand_alone():
    found = lines_of("first \\\nsecond\n:goto Budget and time\n?\n<\n>\n:CLEAR\nends in \\\\\n")
    assert [(f.number, f.text, f.command) for f in found] == [
        (1, "first \nsecond", None),
        (3, "Budget and time", "goto"),
        (4, "", "help"),
        (5, "", "back"),
        (6, "", "skip"),
        (7, "", "clear"),
        (8, "ends in \\", None),
    ]


def test_a_backslash_first_is_always_an_answer_and_unknown_words_are_said():
    found = lines_of("\\?\n\\:back\n:backk\n:) smile\n")
    assert [(f.text, f.command) for f in found] == [
        ("?", None),
        (":back", None),
        (":backk", "unknown"),
        (":) smile", None),
    ]


# --- Output ----------------------------------------------------------------------------------


def test_output_wraps_at_words_and_never_writes_a_control_character():
    text = "Evil \x1b[31mred\x1b[0m \x07bell\ttab " + "word " * 30 + "\u202e"
    lines = wrap(text, 40)
    assert all(len(line) <= 40 for line in lines)
    joined = "\n".join(lines)
    assert "\x1b" not in joined and not CONTROL.search(joined.replace("\n", ""))
    assert "<U+202E>" in joined
    stream = io.StringIO()
    out = Output(stream, width=40)
    out.say(text)
    out.prompt("Owner\x1b[2J: ")
    out.echo("typed\x1b]0;title\x07")
    assert not CONTROL.search(stream.getvalue().replace("\n", ""))


def test_output_width_is_80_when_unknown(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    assert Output(io.StringIO()).width == 80
    assert plain_text("a\tb") == "a    b"


@pytest.mark.pty
@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")
def test_output_width_is_80_at_a_terminal_that_does_not_know_its_size(monkeypatch):
    """A pty nobody sized says 0 columns: that is not knowing (it wrapped at 20 columns)."""
    import fcntl
    import pty
    import struct
    import termios

    monkeypatch.delenv("COLUMNS", raising=False)
    main, side = pty.openpty()
    with os.fdopen(side, "w") as stream:
        try:
            assert os.get_terminal_size(side).columns == 0
            assert Output(stream).width == 80
            fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
            assert Output(stream).width == 100
        finally:
            os.close(main)


# --- Kinds -----------------------------------------------------------------------------------


def test_kinds_read_as_the_wizard_reads(bank: Bank):
    assert kinds.read_line("money", "250k", "GBP").echo == "= GBP 250,000"
    assert kinds.read_line("money", "250k", "GBP").value == 250_000
    bad = kinds.read_line("money", "25Ok", "GBP")
    assert not bad.ok and "25Ok" in (bad.problem or "")
    assert kinds.read_line("date", "14 March 2027").value == "2027-03-14"
    refresh = bank.question("data_refresh")
    assert refresh is not None
    assert kinds.read_choice("2", refresh.choices).value == refresh.choices[1].value
    assert kinds.read_choice(refresh.choices[0].label.upper(), refresh.choices).ok
    wrong = kinds.read_choice("9", refresh.choices)
    assert wrong.problem and wrong.problem.endswith(f"between 1 and {len(refresh.choices)}.")
    shared = bank.question("buyin_shared_with")
    assert shared is not None
    both = kinds.read_choices("1, 3", shared, ["from-another-bank"])
    assert both.value == [shared.choices[0].value, shared.choices[2].value, "from-another-bank"]
    assert kinds.read_status("3").value == "manual"
    item = kinds.checklist_item({"status": "manual", "due": "soon"}, owner="Jo", evidence="")
    assert item == {"status": "manual", "due": "soon", "owner": "Jo"}


# --- The walk from a file of answers -----------------------------------------------------------


def new_plan(store: Store, bank: Bank, name: str = "Acme") -> Path:
    return store.create(Plan.new(name, bank), bank.order)


def walk(store: Store, bank: Bank, path: Path, text: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    lines = Lines(LineSource(io.StringIO(text)), Output(out), err, interactive=False)
    code = walk_plan(store, bank, path, lines)
    return code, out.getvalue(), err.getvalue()


def saved(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_the_example_file_keeps_every_line_with_its_own_question(store, bank):
    path = new_plan(store, bank)
    code, out, err = walk(store, bank, path, EXAMPLE.read_text(encoding="utf-8"))
    assert code == 1  # one amount could not be read
    assert err.splitlines()[0].startswith("line 18: To fix: '1,5OO,OOO' is not an amount")
    data = saved(path)
    answers, drafts = data["answers"], data.get("drafts", {})
    assert answers["business_problem"] == (
        "Adjusters spend a third of their day sorting claims; \neach day of delay costs about "
        "GBP 30,000"
    )
    assert answers["attendees"] == [
        {"name": "Jo Smith", "role": "COO"},
        {"name": "Sam Lee", "role": "Facilitator"},
    ]
    assert answers["plan_date"] == "2027-03-14" and answers["pilot_start"] == "2027-02"
    assert drafts == {"budget_production": "1,5OO,OOO"}
    # Every line after the bad one is with its own question.
    assert answers["budget_infrastructure"] == 300_000
    assert answers["budget_operations"] == 90_000
    assert answers["budget_go_live"] == "2027-06-01"
    assert answers["test_volume"] == bank.question("test_volume").choices[1].value
    assert answers["test_volume_result"].startswith("Response times held")
    assert answers["check_volume"] == {
        "status": "in_progress",
        "owner": "Platform team",
        "evidence": "Load test at twice the peak",
    }
    assert "= GBP 250,000" in out and "Not read (line 18)" in out
    assert "\x1b" not in out + err


def test_back_goto_clear_and_a_bad_choice_in_a_script(store, bank):
    path = new_plan(store, bank)
    plan = store.load(path)
    plan.answers["organisation"] = "Old name"
    store.save(plan, path, bank.order)
    script = "\n".join(
        [
            "Use case",  # 1 use_case
            "<",  # 2 back to use_case
            "Use case again",  # 3 use_case
            "Problem",  # 4 business_problem
            "",  # 5 plan name kept
            ":clear",  # 6 organisation cleared
            ":goto data plan",  # 7
            "Warehouse",  # 8 data_sources
            "7",  # 9 data_refresh: not a choice, reported, moves on
            "Nightly job",  # 10 data_pipeline: with its own question
        ]
    )
    code, out, err = walk(store, bank, path, script + "\n")
    assert code == 1
    assert err.splitlines()[0] == (
        f"line 9: '7' is not one of the choices. Enter a number between 1 and "
        f"{len(bank.question('data_refresh').choices)}."
    )
    answers = saved(path)["answers"]
    assert answers["use_case"] == "Use case again"
    assert "organisation" not in answers
    assert answers["data_sources"] == "Warehouse" and "data_refresh" not in answers
    assert answers["data_pipeline"] == "Nightly job"
    assert "Step 4 of 27: Data plan, question 1 of" in out


def test_a_clean_script_exits_0_and_the_command_pipes_in_a_file(store, bank, tmp_path):
    new_plan(store, bank)
    answers = tmp_path / "answers.txt"
    answers.write_text(":goto budget and timeline\n250k\n", encoding="utf-8")
    with answers.open(encoding="utf-8") as handle:
        result = run_subprocess("ask", "Acme", input_text=handle.read())
    assert result.code == 0, result.err
    assert "Step 12 of 27: Budget and timeline, question 1 of 8" in result.out
    assert "= 250,000" in result.out
    assert "\x1b" not in result.out + result.err


def test_line_mode_flags_and_the_presenter(store, bank):
    new_plan(store, bank)
    present = run_subprocess("present", "Acme", "--line")
    assert present.code == 2
    assert present.err.strip().endswith(
        "needs the full screen: run 'pilot2prod present' without --line, ACCESSIBLE or TERM=dumb"
    )
    dumb = run_subprocess("open", "Acme", env={"TERM": "dumb"}, input_text="Typed\n")
    assert dumb.code == 0, dumb.err
    assert "Step 1 of 27: Plan basics, question 1 of 10" in dumb.out
    home = run_subprocess(env={"ACCESSIBLE": "1"}, input_text="2\nSecond plan\n")
    assert home.code == 0, home.err
    assert "  1. Acme (updated" in home.out and "Created second-plan.toml." in home.out


@pytest.mark.parametrize("given", ["Not a number", "0", "12"])
def test_home_asks_again_for_a_number_out_of_range(store, bank, given):
    out, err = io.StringIO(), io.StringIO()
    lines = Lines(LineSource(io.StringIO(f"{given}\n2\n")), Output(out), err, interactive=False)
    from pilot2prod.line.home import home

    assert home(store, bank, lines) == 0
    assert f"'{given}' is not one of them: type a number between 1 and 2" in out.getvalue()


def test_a_numbered_question_says_what_a_command_was_and_quit_leaves_it(store, bank):
    """A command at a numbered question (:help, :back) is said as typed (it was said as ''),
    :help lists the choices again, an empty line says what to type, and :quit leaves the
    question unanswered (a revealed vote's decisions had no way out but Ctrl+C)."""
    from pilot2prod.line.home import home

    out, err = io.StringIO(), io.StringIO()
    typed = ":back\n:help\n\n:quit\n"
    lines = Lines(LineSource(io.StringIO(typed)), Output(out), err, interactive=False)
    assert home(store, bank, lines) == 0
    said = out.getvalue()
    assert "':back' is not one of them" in said
    assert "''" not in said
    assert said.count("1. New plan") == 3  # (listed, then again for :help and the empty line)
    assert "or :quit to leave this question" in said
    assert said.rstrip().endswith(":quit")  # (echoed, as every line of a script is)
    assert not list(store.plans_dir.glob("*.toml"))


def test_a_goto_that_finds_nothing_in_a_script_reads_no_more_lines(store, bank):
    """A script's lines after a :goto that points nowhere were meant for somewhere else: they
    are not read at all (never answers to the wrong questions), and the exit status says so."""
    path = store.create(Plan.new("Scripted", bank), bank.order)
    proc = subprocess.run(
        [sys.executable, "-m", "pilot2prod", "--data-dir", str(store.root), "ask", "Scripted"],
        input=":goto no such place anywhere\nAn answer meant for it\nAnother one\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "line 1: No step or question matches" in proc.stderr
    plan = read_plan(path)
    assert plan.name == "Scripted" and not plan.answers
