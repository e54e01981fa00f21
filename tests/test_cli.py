"""The command line, as a user drives it: exit codes, messages, files written."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest

from conftest import run_subprocess
from pilot2prod import __version__
from pilot2prod.cli import build_parser
from pilot2prod.plan import Plan, progress


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
    assert all(p == isolated_dirs or isolated_dirs in p.parents for p in created)
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
    from pilot2prod import store

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(store.os, "replace", refuse)
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
