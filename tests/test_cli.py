"""The command line, as a user drives it: exit codes, messages, files written."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import run_subprocess
from pilot2prod import __version__
from pilot2prod.cli import COMMANDS, build_parser, command_named
from pilot2prod.plan import Plan, progress
from pilot2prod.store import read_plan, write_plan


def tree(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")} if root.exists() else set()


def test_new_list_export_with_data_dir_flag(run, tmp_path):
    data = tmp_path / "D"
    result = run("--data-dir", str(data), "new", "X", "--no-open")
    assert result.code == 0, result.err
    path = Path(result.out.strip())
    assert path.parent == data / "plans"
    tomllib.loads(path.read_text(encoding="utf-8"))

    listed = run("--data-dir", str(data), "list")
    assert listed.code == 0
    assert "X" in listed.out and path.name in listed.out

    exported = run("--data-dir", str(data), "export", "X")
    assert exported.code == 0
    assert exported.out.startswith("# X\n")


def test_same_flow_with_the_environment_variable(run, tmp_path, monkeypatch):
    data = tmp_path / "E"
    monkeypatch.setenv("PILOT2PROD_DATA_DIR", str(data))
    assert run("new", "From env", "--no-open").code == 0
    assert (data / "plans" / "from-env.toml").is_file()
    assert "From env" in run("list").out
    assert run("export", "From env").out.startswith("# From env")
    assert run("path").out.strip() == str(data)


def test_global_options_work_after_the_command(run, tmp_path):
    data = tmp_path / "after"
    assert run("new", "Late flag", "--no-open", "--data-dir", str(data)).code == 0
    assert (data / "plans" / "late-flag.toml").exists()


def test_missing_plan_is_a_clear_failure(run):
    result = run("export", "Nope")
    assert result.code == 1
    assert result.err.startswith("pilot2prod: no plan named 'Nope'")
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err


def test_duplicate_plan_name_fails(run):
    assert run("new", "Twice", "--no-open").code == 0
    result = run("new", "twice", "--no-open")
    assert result.code == 1
    assert "already exists" in result.err


@pytest.mark.parametrize("name", ["../../escape", "a/b", "CON", "\x1b]0;pwned\x07title", "🚀"])
def test_hostile_names_write_nothing_outside_the_data_dir(run, tmp_path, isolated_dirs, name):
    before = tree(tmp_path)
    result = run("new", name, "--no-open")
    assert result.code == 0, result.err
    created = tree(tmp_path) - before
    assert created, "nothing was written"
    # Outside the data dir, only the user's cache folder: the bank's TOML kept as JSON, by
    # its hash (no name from the plan).
    cache = tmp_path / "xdg-cache"
    outside = {p for p in created if p != isolated_dirs and isolated_dirs not in p.parents}
    assert all(p == cache or cache in p.parents for p in outside), outside
    assert all(re.fullmatch(r"[0-9a-f]{64}\.json", p.name) for p in outside if p.is_file())
    assert "\x1b" not in result.out and "\x07" not in result.out


def test_wizard_commands_need_a_terminal(run, isolated_dirs):
    """Under pytest stdin is not a terminal: the TUI commands say so instead of hanging."""
    result = run("new", "No tty")
    assert result.code == 2
    assert "needs a terminal" in result.err
    assert not (isolated_dirs / "plans").exists() or not list((isolated_dirs / "plans").iterdir())
    assert run("demo").code == 2
    assert run().code == 2


def test_empty_name_is_a_usage_error(run):
    result = run("new", "   ", "--no-open")
    assert result.code == 2
    assert "plan name cannot be empty" in result.err


def test_import_valid_and_invalid_files(run, tmp_path, isolated_dirs, example):
    bad = tmp_path / "broken.toml"
    bad.write_text('schema_version = 1\n[plan]\nname = "x\n', encoding="utf-8")
    before = tree(tmp_path)
    result = run("import", str(bad))
    assert result.code == 1
    assert str(bad) in result.err and "line 3" in result.err
    assert tree(tmp_path) == before

    from pilot2prod.resources import example_path

    result = run("import", str(example_path()))
    assert result.code == 0, result.err
    imported = Path(result.out.strip())
    assert isolated_dirs in imported.parents
    assert tomllib.loads(imported.read_text(encoding="utf-8"))["plan"]["name"] == example.name
    again = run("import", str(example_path()))
    assert again.code == 1 and "already exists" in again.err


def test_import_of_a_question_bank_says_it_is_one(run):
    bank_file = Path(__file__).parent.parent / "assets" / "question-bank.toml"
    result = run("import", str(bank_file))
    assert result.code == 1
    assert "line 1: this is a question bank, not a plan ('pilot2prod --bank FILE new" in result.err


def test_import_missing_file(run, tmp_path):
    result = run("import", str(tmp_path / "missing.toml"))
    assert result.code == 1
    assert "does not exist" in result.err


def test_broken_custom_bank(run, tmp_path):
    bank = tmp_path / "bank.toml"
    bank.write_text(
        '[bank]\nid="x"\nversion="1"\ntitle="t"\n[[phases]]\nid="p"\ntitle="P"\n'
        '[[phases.steps]]\nid="s"\ntitle="S"\n'
        '[[phases.steps.questions]]\nid="q"\nkind="weird"\nprompt="Q"\n'
        '[[phases.steps.questions]]\nid="q"\nkind="choice"\nprompt="Q2"\n',
        encoding="utf-8",
    )
    before = tree(tmp_path)
    result = run("--bank", str(bank), "new", "Custom", "--no-open")
    assert result.code == 1
    assert f"the question bank {bank} has 3 problems" in result.err
    assert "bank.toml: question 'q': unknown kind 'weird'" in result.err
    assert "duplicate question id 'q'" in result.err
    assert "Traceback" not in result.err
    assert tree(tmp_path) == before


def test_custom_bank_is_used(run, tmp_path):
    doc = (Path(__file__).resolve().parents[1] / "docs" / "question-bank.md").read_text()
    bank = tmp_path / "mine.toml"
    bank.write_text(doc.split("```toml\n", 1)[1].split("```", 1)[0], encoding="utf-8")
    result = run("--bank", str(bank), "questions")
    assert result.code == 0
    assert "Quick readiness check" in result.out
    assert run("--bank", str(bank), "new", "Mine", "--no-open").code == 0
    exported = run("--bank", str(bank), "export", "Mine")
    assert "## 1. Pilot design" in exported.out


def test_export_to_file_refuses_to_overwrite(run, tmp_path):
    target = tmp_path / "plan.md"
    target.write_text("keep")
    result = run("export", "--example", "-o", str(target))
    assert result.code == 1
    assert "--force" in result.err
    assert target.read_text() == "keep"
    assert run("export", "--example", "-o", str(target), "--force").code == 0
    assert target.read_text(encoding="utf-8").startswith("# Northwind")


def test_export_into_a_missing_folder_is_refused(run, tmp_path):
    result = run("export", "--example", "-o", str(tmp_path / "nowhere" / "plan.md"))
    assert result.code == 2
    assert "does not exist" in result.err
    assert not (tmp_path / "nowhere").exists()


def test_export_into_a_path_under_a_file_or_to_no_name_is_a_usage_error(run, tmp_path):
    (tmp_path / "out.md").write_text("keep")
    under = run("export", "--example", "-o", str(tmp_path / "out.md" / "x.md"))
    assert under.code == 2
    assert "out.md is a file, not a folder" in under.err
    unnamed = run("export", "--example", "-o", "")
    assert (unnamed.code, unnamed.out) == (2, "")
    assert "-o needs a file name" in unnamed.err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_export_into_a_named_pipe_writes_into_it_and_leaves_the_pipe(run, tmp_path):
    """A pipe (or a device, /dev/stdout) is written into as a shell redirection would, with
    no --force: it was replaced by a plain file, and whoever read the pipe got nothing."""
    import stat
    import threading

    pipe = tmp_path / "plan.pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = run("export", "--example", "-o", str(pipe))
    reader.join(10)
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert got and got[0].decode("utf-8").startswith("# Northwind")


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="no /dev/stdout here")
def test_export_to_dev_stdout_sent_to_a_file_writes_into_that_file(tmp_path):
    """-o /dev/stdout with the output sent to a file: that file gets the plan (it was refused
    as existing; with --force a new file replaced it, and the shell's went on unlinked)."""
    out = tmp_path / "sent.md"
    out.write_text("before\n", encoding="utf-8")
    with out.open("w", encoding="utf-8") as stream:
        done = subprocess.run(
            [sys.executable, "-m", "pilot2prod", "export", "--example", "-o", "/dev/stdout"],
            stdout=stream,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("# Northwind")


def test_export_of_a_plan_with_a_number_for_a_table_answer(run, isolated_dirs, tmp_path):
    """The technical-debt register given as a number in a hand-edited file: exported, with
    the register counted as empty (it was a traceback)."""
    import tomli_w

    from pilot2prod.resources import example_path

    data = tomllib.loads(example_path().read_text(encoding="utf-8"))
    data["answers"]["debt_register"] = 5
    plans = isolated_dirs / "plans"
    plans.mkdir(parents=True)
    (plans / "odd.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    result = run("export", "odd", "-o", str(tmp_path / "odd.md"))
    assert result.code == 0, result.err
    document = (tmp_path / "odd.md").read_text(encoding="utf-8")
    assert "the technical-debt register is empty" in document


def test_open_reports_an_unreadable_plan_before_starting(run, isolated_dirs):
    plans = isolated_dirs / "plans"
    plans.mkdir(parents=True)
    (plans / "broken.toml").write_text("[[[", encoding="utf-8")
    result = run("open", "broken")
    assert result.code == 1
    assert "broken.toml, line 1" in result.err


def test_file_system_errors_are_one_sentence(run, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("export", "--example", "-o", str(blocker / "x.md"))
    assert result.code == 2  # the folder is a file: refused before writing
    result = run("--data-dir", str(blocker), "new", "X", "--no-open")
    assert result.code == 1
    assert "is a file, not a folder" in result.err
    assert "Traceback" not in result.err


def test_export_needs_a_name_or_example(run):
    assert run("export").code == 2
    both = run("export", "X", "--example")
    assert both.code == 2 and "not both" in both.err


def test_unknown_option_is_a_usage_error(run):
    result = run("list", "--colour")
    assert result.code == 2
    assert "unrecognized arguments: --colour" in result.err


def test_list_json_includes_corrupt_files(run, isolated_dirs, bank):
    assert run("new", "Fine", "--no-open").code == 0
    (isolated_dirs / "plans" / "zz-broken.toml").write_text("[[[", encoding="utf-8")
    result = run("list", "--json")
    assert result.code == 0
    rows = json.loads(result.out)
    assert [r["name"] for r in rows] == ["Fine", None]
    assert rows[0]["progress"] == progress(bank, Plan.new("Fine", bank)).percent
    assert rows[0]["error"] is None
    assert "not valid TOML" in rows[1]["error"]
    table = run("list")
    assert "(cannot read)" in table.out and "zz-broken.toml, line 1" in table.out


def test_list_shows_readiness_and_top_risk(run):
    from pilot2prod.resources import example_path

    assert run("import", str(example_path())).code == 0
    table = run("list").out
    assert "READY" in table and "TOP RISK" in table
    assert "20% NO-GO" in table
    assert "HIGH: Technical debt was ignored" in table
    (row,) = json.loads(run("list", "--json").out)
    assert row["readiness"] == 20
    assert row["verdict"] == "NO-GO"
    assert row["highest_risk"] == {"reason": "Technical debt was ignored", "level": "high"}


def test_list_shows_the_client_and_sorts_like_home(run, store, bank):
    """The organisation is in both forms; last update first by default (as home), or --sort."""
    from pilot2prod.resources import example_path

    assert run("import", str(example_path())).code == 0  # updated 2026-11-19, HIGH risk
    plan = Plan.new("Zeta onboarding", bank)
    plan.answers["organisation"] = "Zeta GmbH"
    store.create(plan, [q.id for q in bank.questions()])  # updated now
    rows = json.loads(run("list", "--json").out)
    assert [r["name"] for r in rows] == ["Zeta onboarding", "Northwind claims triage assistant"]
    assert [r["organisation"] for r in rows] == ["Zeta GmbH", "Northwind Mutual Insurance"]
    by_name = json.loads(run("list", "--json", "--sort", "name").out)
    assert [r["name"] for r in by_name] == ["Northwind claims triage assistant", "Zeta onboarding"]
    by_risk = json.loads(run("list", "--json", "--sort", "risk").out)
    assert by_risk[0]["highest_risk"]["level"] == "high"
    table = run("list").out
    assert "ORGANISATION" in table and "Zeta GmbH" in table
    assert table.index("Zeta onboarding") < table.index("Northwind claims")
    wrong = run("list", "--sort", "colour")
    assert wrong.code == 2 and "invalid choice" in wrong.err


def test_list_lines_up_names_of_wide_characters_by_the_cells_they_take(run, store, bank):
    """日本語 takes six cells and 🚀 two: counted as characters, they pushed the columns after
    them out of line."""
    from rich.cells import cell_len

    for name in ("Plain name", "日本語 plan", "Launch 🚀", "Café ünïcødé"):
        store.create(Plan.new(name, bank), [q.id for q in bank.questions()])
    lines = run("list").out.splitlines()
    header = lines[0]
    column = header.index(header.split()[1])  # where the second column starts, in cells
    for line in lines[1:5]:
        name = next(n for n in ("Plain", "日本語", "Launch", "Café") if line.startswith(n))
        before, _, after = line.partition("  ")
        rest = line[len(before) :].lstrip(" ")
        start = cell_len(line[: len(line) - len(rest)])
        assert start == column, (name, line)
        assert after


def test_list_when_empty(run):
    result = run("list")
    assert result.code == 0
    assert "No plans yet" in result.out


def test_questions_show_every_point_of_the_guide(run, bank):
    result = run("questions")
    assert result.code == 0
    out = result.out
    for phase in bank.phases:
        assert phase.label.upper() in out
        for step in phase.steps:
            assert step.title in out
            for question in step.questions:
                assert question.id in out and question.prompt in out
    for mode in bank.failure_modes:
        assert mode.fix in out
    assert len(bank.failure_modes) == 6
    assert sum(len(m.signs) for m in bank.failure_modes) == 24
    assert len(bank.checklist_items) == 15


def test_questions_json(run, bank):
    data = json.loads(run("questions", "--json").out)
    ids = [q["id"] for p in data["phases"] for s in p["steps"] for q in s["questions"]]
    assert ids == [q.id for q in bank.questions()]


def test_version_and_help_on_every_command(run):
    assert run("--version").out.strip() == f"pilot2prod {__version__}"
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name in [*commands, None]:
        argv = [name, "--help"] if name else ["--help"]
        result = run(*argv)
        assert result.code == 0, name
        assert "usage: pilot2prod" in result.out


def test_each_command_is_named_as_its_function_adds_it():
    parser = build_parser()
    assert list(parser._subparsers._group_actions[0].choices) == list(COMMANDS)
    for name in COMMANDS:
        only = build_parser(name)._subparsers._group_actions[0].choices
        assert list(only) == [name]


def test_a_command_loads_only_its_own_module_of_the_command_line():
    """Running one command reads only its group's module (a module's load is a fraction of a
    millisecond, a dozen of them the start-up of every command): ``open`` loads the wizard's,
    ``list`` the plans'; help loads them all."""
    code = (
        "import contextlib, sys\n"
        "from pilot2prod.cli import build_parser, command_named\n"
        "argv = sys.argv[1:]\n"
        "with contextlib.suppress(SystemExit):\n"
        "    build_parser(command_named(argv)).parse_args(argv)\n"
        "print(' '.join(m for m in sys.modules if m.startswith('pilot2prod.cli.')))"
    )

    def loaded(*argv: str) -> set[str]:
        result = subprocess.run(
            [sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=60
        )
        words = result.stdout.split()
        return {w.removeprefix("pilot2prod.cli.") for w in words if w.startswith("pilot2prod.")}

    assert loaded("open", "Acme") == {"wizard", "common"}
    assert loaded("--data-dir", "d", "list") == {"wizard", "common", "plans"}
    assert loaded("merge-driver", "a", "b", "c") == {"wizard", "common", "git"}
    assert set(COMMANDS.values()) <= loaded("--help")


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["open", "Acme"], "open"),
        (["--data-dir", "open", "list"], "list"),  # (a value that looks like a command)
        (["--data-dir=open", "list"], "list"),
        (["--data", "d", "new", "Acme"], "new"),  # (an abbreviated option takes its value)
        (["--line", "ask", "Acme"], "ask"),
        (["--theme", "projector", "demo"], "demo"),
        (["merge-driver", "a", "b", "c"], "merge-driver"),
        (["-h", "open"], None),
        (["--help"], None),
        (["--version"], None),
        (["--", "open"], None),
        (["opne", "Acme"], None),
        ([], None),
        (["--he", "open"], None),  # (argparse reads --he as --help)
        (["--vers", "open"], None),
        (["-", "open"], None),
        (["-1", "open"], None),
        (["--l", "ask", "Acme"], "ask"),  # (--line)
        (["--line=1", "ask", "Acme"], None),  # (an error: argparse says so)
        (["--b", "x", "new", "Acme"], "new"),  # (--bank)
        (["--x", "open"], None),
    ],
)
def test_the_command_is_found_before_the_parser_is_built(argv, named):
    assert command_named(argv) == named


@pytest.mark.parametrize(
    "argv",
    [
        ["open", "Acme"],
        ["--data-dir", "/tmp/d", "new", "Acme", "--no-open"],
        ["export", "Acme", "--format", "html"],
        ["--line", "ask", "Acme"],
        ["open"],  # (missing its name: the same error)
        ["list", "--bogus"],
        ["export", "Acme", "--format", "nope"],
        ["--bank", "x"],
        ["opne", "Acme"],
        ["--he", "open"],
        ["-", "open"],
        ["-1", "open"],
        ["--l", "ask", "Acme"],
        ["--theme=projector", "--data=d", "open", "Acme"],
        ["open", "Acme", "--line", "--bogus"],
    ],
)
def test_a_parser_with_only_the_command_reads_as_the_whole_one(argv, capsys):
    """The parser built for one command gives the same arguments, and the same errors."""
    outcomes = []
    for parser in (build_parser(), build_parser(command_named(argv))):
        try:
            outcomes.append(("args", vars(parser.parse_args(argv))))
        except SystemExit as exit:
            outcomes.append(("exit", exit.code, capsys.readouterr().err))
    assert outcomes[0] == outcomes[1]


def test_json_output_is_utf8_even_for_a_file_name_that_is_not(tmp_path):
    """A lone surrogate (a file name in bytes the system could not decode) is written as a
    JSON escape, never as a byte that is not UTF-8."""
    from pilot2prod.cli.common import visible_json

    text = visible_json({"file": "caf\udce9.toml", "name": "Café"})
    assert json.loads(text.encode("utf-8")) == {"file": "caf\udce9.toml", "name": "Café"}
    assert "\\udce9" in text and "Café" in text


def test_control_characters_never_reach_the_terminal(run, tmp_path):
    data = tmp_path / "odd\x1b[31mdir"
    result = run("--data-dir", str(data), "path")
    assert "\x1b" not in result.out
    assert "\\x1b" in result.out


# --- In a child process: exit codes, no tracebacks, no Textual -----------------------------------


def test_python_dash_m_and_errors_without_traceback(tmp_path):
    ok = run_subprocess("--version")
    assert ok.code == 0 and ok.out.startswith("pilot2prod ")
    missing = run_subprocess("open", "Nothing here")
    assert missing.code == 1
    assert "Traceback" not in missing.err
    usage = run_subprocess("frobnicate")
    assert usage.code == 2
    assert "Traceback" not in usage.err


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--json"],
        ["export", "--example"],
        ["questions"],
        ["path"],
        ["new", "Hygiene", "--no-open"],
        ["import", "EXAMPLE"],
    ],
)
def test_commands_do_not_import_textual(argv, tmp_path):
    from pilot2prod.resources import example_path

    argv = [str(example_path()) if a == "EXAMPLE" else a for a in argv]
    code = (
        "import sys\n"
        "from pilot2prod.cli import main\n"
        f"status = main({argv!r})\n"
        "sys.stdout.flush()\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not leaked, leaked\n"
        "raise SystemExit(status)\n"
    )
    import subprocess
    import sys

    env = dict(os.environ, PILOT2PROD_DATA_DIR=str(tmp_path / "d"))
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 0, proc.stderr


def test_unexpected_os_errors_end_in_one_sentence(run, monkeypatch, tmp_path):
    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    result = run("new", "Locked", "--no-open")
    assert result.code == 1
    assert result.err.startswith("pilot2prod: cannot use ")
    assert result.err.rstrip().endswith("Permission denied")
    assert result.err.count("\n") == 1


# --- Import checks types ----------------------------------------------------------------------


def _plan_file(path: Path, answers: str) -> Path:
    path.write_text(
        f'schema_version = 1\n[plan]\nname = "From elsewhere"\n[answers]\n{answers}',
        encoding="utf-8",
    )
    return path


def test_import_names_every_answer_of_the_wrong_type_and_imports_nothing(run, tmp_path):
    source = _plan_file(
        tmp_path / "foreign.toml",
        'budget_pilot_cost = "lots"\nplan_date = { year = 2026 }\ndebt_budgeted = "maybe"\n',
    )
    data = tmp_path / "D"
    result = run("--data-dir", str(data), "import", str(source))
    assert result.code == 1
    lines = result.err.splitlines()
    assert str(source) in lines[0] and "2 answers do not fit" in lines[0]
    assert "--keep-invalid" in lines[0]
    assert any("foreign.toml: answers.budget_pilot_cost: is text" in line for line in lines)
    assert any("foreign.toml: answers.plan_date: is a table" in line for line in lines)
    # A choice the bank does not offer is not a wrong type: it is not reported.
    assert not any("debt_budgeted" in line for line in lines)
    assert "Traceback" not in result.err
    assert not [p for p in tree(data) if p.suffix == ".toml"]


def test_import_keep_invalid_keeps_them_as_answers_to_fix(run, tmp_path, bank):
    source = _plan_file(tmp_path / "foreign.toml", 'budget_pilot_cost = "lots"\n')
    result = run("--data-dir", str(tmp_path / "D"), "import", str(source), "--keep-invalid")
    assert result.code == 0, result.err
    imported = Path(result.out.strip())
    assert tomllib.loads(imported.read_text(encoding="utf-8"))["answers"] == {
        "budget_pilot_cost": "lots"
    }
    exported = run("--data-dir", str(tmp_path / "D"), "export", "From elsewhere")
    to_fix = exported.out.split("## To fix", 1)[1]
    assert "“lots”" in to_fix
    assert "The pilot cost is missing" in exported.out


def test_import_as_another_name_instead_of_failing_on_a_clash(run, tmp_path):
    source = _plan_file(tmp_path / "foreign.toml", "budget_pilot_cost = 5\n")
    data = str(tmp_path / "D")
    assert run("--data-dir", data, "import", str(source)).code == 0
    clash = run("--data-dir", data, "import", str(source))
    assert clash.code == 1 and "add --as NAME" in clash.err
    again = run("--data-dir", data, "import", str(source), "--as", "Second copy")
    assert again.code == 0, again.err
    assert tomllib.loads(Path(again.out.strip()).read_text(encoding="utf-8"))["plan"]["name"] == (
        "Second copy"
    )


def test_import_reads_dates_written_the_way_people_say_them(run, tmp_path):
    source = _plan_file(tmp_path / "foreign.toml", 'plan_date = "14 March 2026"\n')
    result = run("--data-dir", str(tmp_path / "D"), "import", str(source))
    assert result.code == 0, result.err
    saved = tomllib.loads(Path(result.out.strip()).read_text(encoding="utf-8"))
    assert saved["answers"]["plan_date"] == "2026-03-14"


# --- Files shared with others: modes, names, odd files, pipes, terminals, git -------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_plans_are_0600_in_0700_folders_and_exports_keep_a_files_mode(tmp_path):
    data = tmp_path / "D"
    made = subprocess.run(
        [
            "sh",
            "-c",
            'umask 022 && "$0" -m pilot2prod --data-dir "$1" new Modes --no-open',
            sys.executable,
            str(data),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    plan = Path(made.stdout.strip())
    assert oct(plan.stat().st_mode & 0o777) == "0o600"
    assert oct(data.stat().st_mode & 0o777) == "0o700"
    assert oct(plan.parent.stat().st_mode & 0o777) == "0o700"
    shared = tmp_path / "shared.md"
    shared.write_text("old", encoding="utf-8")
    os.chmod(shared, 0o664)
    exported = run_subprocess(
        "--data-dir", str(data), "export", "Modes", "-o", str(shared), "--force"
    )
    assert exported.code == 0, exported.err
    assert oct(shared.stat().st_mode & 0o777) == "0o664"
    assert shared.read_text(encoding="utf-8").startswith("# Modes")


def test_lookup_never_picks_another_plan(run, tmp_path):
    data = str(tmp_path / "D")
    assert run("--data-dir", data, "new", "x", "--no-open").code == 0
    for name in ("%%%", "X?", "../../x"):
        result = run("--data-dir", data, "export", name)
        assert result.code == 1, (name, result.out)
        assert "no plan named" in result.err
    near = run("--data-dir", data, "export", "x plan")
    assert near.code == 1 and "did you mean 'x'" in near.err
    assert run("--data-dir", data, "export", "X").code == 0  # the same name, another case


def test_a_plan_whose_file_cannot_be_read_is_named_with_its_problem(run, tmp_path):
    plans = tmp_path / "D" / "plans"
    plans.mkdir(parents=True)
    (plans / "its-name.toml").write_text("name = [", encoding="utf-8")
    result = run("--data-dir", str(tmp_path / "D"), "export", "Its name")
    assert result.code == 1
    assert "its-name.toml" in result.err and "not valid TOML" in result.err


def test_invisible_characters_never_reach_the_output_unmarked(run, tmp_path):
    data = str(tmp_path / "D")
    refused = run("--data-dir", data, "new", "\u200b\u202e", "--no-open")
    assert refused.code == 2 and "invisible" in refused.err
    made = run("--data-dir", data, "new", "Evil\u202eplan", "--no-open")
    assert made.code == 0
    listing = run("--data-dir", data, "list", "--json")
    assert "\u202e" not in listing.out
    assert json.loads(listing.out)[0]["name"] == "Evilplan"
    plan_file = Path(made.out.strip())
    text = plan_file.read_text(encoding="utf-8").replace(
        "[answers]", '[answers]\norganisation = "Acme\\u202eLtd"'
    )
    plan_file.write_text(text, encoding="utf-8")
    exported = run("--data-dir", data, "export", "Evilplan")
    assert "\u202e" not in exported.out
    assert "Acme\\<U+202E\\>Ltd" in exported.out


def test_list_reports_odd_files_and_fails_when_nothing_can_be_listed(run, tmp_path):
    data = tmp_path / "D"
    assert run("--data-dir", str(data), "new", "Fine", "--no-open").code == 0
    (data / "plans" / "folder.toml").mkdir()
    listing = run("--data-dir", str(data), "list")
    assert listing.code == 0
    assert "folder.toml: this is a folder, not a plan file" in listing.out
    other = tmp_path / "E"
    other.mkdir()
    (other / "plans").write_text("a file", encoding="utf-8")
    broken = run("--data-dir", str(other), "list")
    assert broken.code == 1
    assert "is a file, not a folder" in broken.err


def test_output_to_a_closed_pipe_ends_quietly(tmp_path):
    proc = subprocess.run(
        ["sh", "-c", '"$0" -m pilot2prod questions --json | head -3', sys.executable],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stderr == ""
    again = subprocess.Popen(
        [sys.executable, "-m", "pilot2prod", "questions", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert again.stdout is not None
    again.stdout.read(10)
    again.stdout.close()
    _, err = again.communicate(timeout=60)
    assert again.returncode == 0
    assert err == b""


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_bank_that_is_not_a_regular_file_is_refused_at_once(run):
    result = run("--bank", "/dev/zero", "questions")
    assert result.code == 1
    assert "not a regular file" in result.err


@pytest.mark.pty
def test_a_terminal_without_term_gets_one_sentence_not_escape_codes(tmp_path):
    import pty

    master, slave = pty.openpty()
    env = dict(os.environ, TERM="")
    proc = subprocess.run(
        [sys.executable, "-m", "pilot2prod", "--data-dir", str(tmp_path / "D")],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        timeout=60,
    )
    os.close(slave)
    output = os.read(master, 65536).decode("utf-8", "replace")
    os.close(master)
    assert proc.returncode == 2
    assert "\x1b" not in output
    assert "pilot2prod list" in output and "TERM" in output


@pytest.mark.pty
def test_a_dumb_terminal_gets_line_mode_not_escape_codes(tmp_path):
    """TERM=dumb (an editor's shell, a serial console) once was refused: it gets line mode."""
    import pty

    master, slave = pty.openpty()
    env = dict(os.environ, TERM="dumb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "pilot2prod", "--data-dir", str(tmp_path / "D")],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    os.write(master, b"2\n")  # "Quit", the second of home's two choices with no plans
    assert proc.wait(timeout=60) == 0
    output = b""
    with contextlib.suppress(OSError):
        while chunk := os.read(master, 65536):
            output += chunk
    os.close(master)
    text = output.decode("utf-8", "replace")
    assert "\x1b" not in text
    assert "No plans yet in" in text and "  2. Quit" in text


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_merges_plans_answer_by_answer_with_the_merge_driver(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    driver = f"{sys.executable} -m pilot2prod merge-driver %O %A %B"

    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=60,
        )

    git("init", "-q", "-b", "main")
    git("config", "merge.pilot2prod.name", "pilot2prod plan merge")
    git("config", "merge.pilot2prod.driver", driver)
    (repo / ".gitattributes").write_text("*.toml merge=pilot2prod\n", encoding="utf-8")
    plan = Plan(name="Shared", created="2026-01-01T00:00:00Z")
    plan.answers["organisation"] = "Acme"
    target = repo / "shared.toml"
    write_plan(plan, target)
    git("add", ".")
    git("commit", "-q", "-m", "base")

    def change(branch: str, **answers: str) -> None:
        git("checkout", "-q", "-B", branch, "main")
        changed = read_plan(target)
        changed.answers.update(answers)
        write_plan(changed, target)
        git("commit", "-q", "-am", branch)

    change("alice", use_case="From Alice")
    change("bob", business_problem="From Bob")
    git("checkout", "-q", "alice")
    merged = git("merge", "-q", "--no-edit", "bob")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    answers = read_plan(target).answers
    assert answers["use_case"] == "From Alice" and answers["business_problem"] == "From Bob"

    # Both change the same answer: ours stays, theirs is recorded, and git reports a conflict.
    change("carol", sponsor="Carol")
    change("dave", sponsor="Dave")
    git("checkout", "-q", "carol")
    clash = git("merge", "-q", "--no-edit", "dave")
    assert clash.returncode != 0
    result = read_plan(target)
    assert result.answers["sponsor"] == "Carol"
    assert [(c["question"], c["other"]) for c in result.conflicts] == [("sponsor", "Dave")]
    assert "<<<<<<<" not in target.read_text(encoding="utf-8")
