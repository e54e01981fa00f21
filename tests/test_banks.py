"""Plans remember their bank: the bank a plan is made with is kept in <data dir>/banks/ by id,
version and content hash, and every command and screen uses each plan's own bank without
--bank (issue 20)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import run_subprocess
from pilot2prod import resources
from pilot2prod.bank import content_hash, load_bank, version_key
from pilot2prod.store import Store, read_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "banks"
CHATBOT_PROMPT = "Who owns the chatbot's answers?"


@pytest.fixture
def chatbot(tmp_path: Path) -> Path:
    """A copy of the chatbot bank outside the data directory (deleted by tests to prove the
    plan no longer needs it)."""
    path = tmp_path / "elsewhere" / "chatbot.toml"
    path.parent.mkdir()
    shutil.copyfile(FIXTURES / "chatbot.toml", path)
    return path


@pytest.fixture
def retail(tmp_path: Path) -> Path:
    path = tmp_path / "elsewhere" / "retail.toml"
    path.parent.mkdir(exist_ok=True)
    shutil.copyfile(FIXTURES / "retail.toml", path)
    return path


def data_dir() -> Path:
    return Path(os.environ["PILOT2PROD_DATA_DIR"])


def kept_files() -> list[Path]:
    folder = data_dir() / "banks"
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


# --- Keeping the bank ---------------------------------------------------------------------------


def test_a_plan_made_with_a_bank_keeps_it_by_id_version_and_hash(run, chatbot):
    result = run("new", "Bot", "--bank", str(chatbot), "--no-open")
    assert result.code == 0, result.err
    assert result.err == ""
    digest = content_hash(chatbot.read_bytes())
    (kept,) = kept_files()
    assert kept.name == f"genai_chatbot-1-{digest}.toml"
    assert kept.read_bytes() == chatbot.read_bytes()
    if sys.platform != "win32":
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    meta = tomllib.loads(Path(result.out.strip()).read_text(encoding="utf-8"))["plan"]
    assert (meta["bank_id"], meta["bank_version"], meta["bank_hash"]) == (
        "genai-chatbot",
        "1",
        digest,
    )
    # Made again with the same bank: nothing new is kept, and nothing is said.
    again = run("new", "Bot two", "--bank", str(chatbot), "--no-open")
    assert again.code == 0 and again.err == ""
    assert kept_files() == [kept]


def test_the_built_in_bank_is_recorded_but_not_copied(run):
    result = run("new", "Guide", "--no-open")
    assert result.code == 0
    assert kept_files() == []
    plan = read_plan(Path(result.out.strip()))
    assert plan.bank_hash == content_hash(resources.bank_path().read_bytes())


def test_an_edited_bank_with_the_same_version_is_kept_beside_the_old_one_with_a_warning(
    run, chatbot
):
    assert run("new", "Bot", "--bank", str(chatbot), "--no-open").code == 0
    edited = chatbot.read_text(encoding="utf-8").replace(CHATBOT_PROMPT, "Who signs off answers?")
    chatbot.write_text(edited, encoding="utf-8")
    result = run("new", "Bot edited", "--bank", str(chatbot), "--no-open")
    assert result.code == 0
    warning = one_line(result.err)
    assert warning.startswith("pilot2prod: warning: the question bank 'genai-chatbot' version 1")
    assert "both are kept" in warning and "raise the version" in warning
    assert len(kept_files()) == 2
    chatbot.unlink()
    # Each plan keeps the bank it was made with.
    old = run("export", "Bot")
    new = run("export", "Bot edited")
    assert CHATBOT_PROMPT in old.out and "Who signs off answers?" not in old.out
    assert "Who signs off answers?" in new.out and CHATBOT_PROMPT not in new.out


# --- Every command uses the plan's own bank ------------------------------------------------------


def test_a_custom_plan_exports_and_shows_its_history_without_bank_from_a_fresh_process(
    run, chatbot
):
    made = run("new", "Bot", "--bank", str(chatbot), "--no-open")
    assert made.code == 0
    chatbot.unlink()  # only the kept copy is left
    exported = run_subprocess("export", "Bot")
    assert exported.code == 0, exported.err
    assert "| Question bank | GenAI chatbot go-live (version 1) |" in exported.out
    assert CHATBOT_PROMPT in exported.out
    assert "Production criteria" not in exported.out  # (a step of the built-in bank)
    as_json = json.loads(run_subprocess("export", "Bot", "--format", "json").out)
    assert "genai-chatbot" in json.dumps(as_json)
    assert run_subprocess("history", "Bot", "--save", "first").code == 0
    history = run_subprocess("history", "Bot")
    assert history.code == 0, history.err
    assert "25%" in history.out  # one of four questions (the name): the built-in bank says 0%
    assert run_subprocess("diff", "Bot", "1").code == 0
    assert run_subprocess("actions", "Bot").code == 0


async def test_a_custom_plan_opens_in_the_app_with_its_own_bank(run, chatbot):
    from pilot2prod.tui.app import Pilot2ProdApp
    from pilot2prod.tui.wizard import WizardScreen

    path = Path(run("new", "Bot", "--bank", str(chatbot), "--no-open").out.strip())
    chatbot.unlink()
    store = Store.open()
    app = Pilot2ProdApp(store, store.banks.built_in(), path, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        assert screen.session.bank.id == "genai-chatbot"
        assert CHATBOT_PROMPT in [q.prompt for q in screen.session.bank.questions()]


async def test_home_sums_up_each_plan_with_its_own_bank(run, chatbot, retail):
    from pilot2prod.tui.app import Pilot2ProdApp
    from pilot2prod.tui.screens.home import HomeScreen

    assert run("new", "Bot", "--bank", str(chatbot), "--no-open").code == 0
    assert run("new", "Shop", "--bank", str(retail), "--no-open").code == 0
    assert run("new", "Guide", "--no-open").code == 0
    store = Store.open()
    app = Pilot2ProdApp(store, store.banks.built_in(), cursor_blink=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        progress = {e.name: (e.summary or {}).get("progress") for e in app.screen.plans.entries}
        # The name is one of the chatbot's four questions and one of the retail pack's two.
        assert progress == {"Bot": 25, "Shop": 50, "Guide": 0}


@pytest.mark.pty
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_a_custom_plan_is_presented_without_bank_in_a_real_terminal(run, chatbot, tmp_path):
    from ptyterm import Terminal

    command = shutil.which("pilot2prod", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.skip("the pilot2prod command is not installed")
    assert run("new", "Bot", "--bank", str(chatbot), "--no-open").code == 0
    chatbot.unlink()
    term = Terminal([command, "--data-dir", str(data_dir()), "present", "Bot"], cols=80, rows=24)
    try:
        term.wait_for(CHATBOT_PROMPT)
        assert "Chatbot basics" in term.text()
        term.press("ctrl+q")
        assert term.wait(10) == 0
    finally:
        term.kill()


def test_list_and_compare_show_plans_of_two_banks_side_by_side(run, chatbot, retail):
    assert run("new", "Bot", "--bank", str(chatbot), "--no-open").code == 0
    assert run("new", "Shop", "--bank", str(retail), "--no-open").code == 0
    chatbot.unlink()
    retail.unlink()
    listed = run("list", "--sort", "name")
    assert listed.code == 0, listed.err
    head, bot, shop = listed.out.splitlines()
    assert "BANK" in head
    assert "genai-chatbot 1" in bot and "25%" in bot
    assert "retail-pricing 2" in shop and "50%" in shop
    rows = {row["name"]: row for row in json.loads(run("list", "--json").out)}
    assert rows["Bot"]["bank"] == {"id": "genai-chatbot", "version": "1"}
    assert rows["Shop"]["bank"] == {"id": "retail-pricing", "version": "2"}
    assert (rows["Bot"]["progress"], rows["Shop"]["progress"]) == (25, 50)
    compared = run("compare", "Bot", "Shop")
    assert compared.code == 0, compared.err
    lines = compared.out.splitlines()
    assert lines[0].split() == ["FIGURE", "Bot", "Shop"]
    assert "GenAI chatbot go-live (genai-chatbot 1)" in lines[1]
    assert "Retail pricing pilot (retail-pricing 2)" in lines[1]
    progress = next(line for line in lines if line.startswith("Progress"))
    assert progress.split() == ["Progress", "25%", "50%"]
    # A figure only one bank has shows "—" for the other.
    safety = next(line for line in lines if line.startswith("Readiness: Safety"))
    assert safety.split()[-1] == "—"


# --- Refusals ------------------------------------------------------------------------------------


def test_a_plan_whose_bank_cannot_be_found_is_one_sentence_and_exit_1(run, chatbot):
    assert run("new", "Bot", "--bank", str(chatbot), "--no-open").code == 0
    shutil.rmtree(data_dir() / "banks")
    for argv in (("export", "Bot"), ("open", "Bot"), ("present", "Bot"), ("history", "Bot")):
        result = run(*argv)
        assert result.code == 1, argv
        line = one_line(result.err)
        assert "'genai-chatbot'" in line and "--bank FILE" in line, line
        assert "Traceback" not in result.err
    listed = run("list")
    assert listed.code == 0
    assert "bank 'genai-chatbot' not found" in listed.out
    # Supplied again, it is kept, and the plan no longer needs it.
    assert run("export", "Bot", "--bank", str(chatbot)).code == 0
    chatbot.unlink()
    assert run("export", "Bot").code == 0
    assert "25%" in run("list").out


def test_a_bank_of_another_id_is_refused_on_a_command_that_names_one_plan(run, chatbot, retail):
    assert run("new", "Bot", "--bank", str(chatbot), "--no-open").code == 0
    for argv in (("export", "Bot"), ("open", "Bot"), ("history", "Bot"), ("actions", "Bot")):
        result = run(*argv, "--bank", str(retail))
        assert result.code == 2, argv
        line = one_line(result.err)
        assert "'retail-pricing'" in line and "'genai-chatbot'" in line, line
    assert len(kept_files()) == 1  # the refused bank is not kept


# --- --bank takes a file or an id ----------------------------------------------------------------


def test_bank_by_the_id_of_a_kept_bank(run, chatbot):
    assert run("new", "Bot", "--bank", str(chatbot), "--no-open").code == 0
    chatbot.unlink()
    result = run("new", "Bot two", "--bank", "genai-chatbot", "--no-open")
    assert result.code == 0, result.err
    assert read_plan(Path(result.out.strip())).bank_id == "genai-chatbot"
    assert "GenAI chatbot go-live" in run("questions", "--bank", "genai-chatbot").out


def test_bank_by_the_id_of_a_bundled_bank_which_is_not_copied(run, monkeypatch):
    monkeypatch.setattr(resources, "bundled_bank_paths", lambda: [FIXTURES / "retail.toml"])
    result = run("new", "Shop", "--bank", "retail-pricing", "--no-open")
    assert result.code == 0, result.err
    assert kept_files() == []
    assert "50%" in run("list").out
    banks = {row["id"]: row for row in json.loads(run("banks", "--json").out)}
    assert banks["retail-pricing"]["source"] == "bundled"
    assert banks["retail-pricing"]["plans"] == 1


def test_an_unknown_bank_id_is_one_line_and_exit_2(run):
    result = run("new", "X", "--bank", "no-such-bank", "--no-open")
    assert result.code == 2
    line = one_line(result.err)
    assert "'no-such-bank'" in line and "pilot2prod banks" in line
    assert "pilot2prod" in line  # the known ids are named


# --- pilot2prod banks ----------------------------------------------------------------------------


def test_banks_lists_built_in_and_kept_banks_with_the_plans_using_each(run, chatbot, retail):
    assert run("new", "Bot", "--bank", str(chatbot), "--no-open").code == 0
    assert run("new", "Bot two", "--bank", str(chatbot), "--no-open").code == 0
    assert run("new", "Shop", "--bank", str(retail), "--no-open").code == 0
    result = run("banks")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split()[:5] == ["ID", "VERSION", "TITLE", "QUESTIONS", "PLANS"]
    built_in = load_bank()
    assert lines[1].split()[:2] == [built_in.id, built_in.version]
    assert lines[1].split()[-2:] == ["0", "built-in"]
    bot = next(line for line in lines if line.startswith("genai-chatbot"))
    assert "GenAI chatbot go-live" in bot
    assert bot.split()[5:7] == ["4", "2"]  # four questions, two plans
    shop = next(line for line in lines if line.startswith("retail-pricing"))
    assert shop.split()[1] == "2" and shop.split()[5:7] == ["2", "1"]
    rows = json.loads(run("banks", "--json").out)
    bundled = [read_plan_bank_id(p) for p in resources.bundled_bank_paths()]
    assert [row["source"] for row in rows] == ["built-in"] + ["bundled"] * len(bundled) + [
        "kept",
        "kept",
    ]
    assert [row["id"] for row in rows if row["source"] == "bundled"] == bundled
    chat = next(row for row in rows if row["id"] == "genai-chatbot")
    assert chat["version"] == "1" and chat["title"] == "GenAI chatbot go-live"
    assert (chat["questions"], chat["plans"]) == (4, 2)
    assert chat["hash"] == content_hash(chatbot.read_bytes())


def test_banks_does_not_load_textual():
    import subprocess

    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pilot2prod.cli import main; main(['banks']); "
            "print('textual' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stdout.strip().endswith("False"), proc.stderr


def read_plan_bank_id(path: Path) -> str:
    return load_bank(path).id


def test_the_bundled_health_check_is_listed_and_chosen_by_its_id(run):
    if not any(p.name == "health-check.toml" for p in resources.bundled_bank_paths()):
        pytest.skip("assets/banks/health-check.toml is not in this checkout")
    listed = {row["id"]: row for row in json.loads(run("banks", "--json").out)}
    assert listed["health-check"]["source"] == "bundled"
    made = run("new", "Check", "--bank", "health-check", "--no-open")
    assert made.code == 0, made.err
    assert read_plan(Path(made.out.strip())).bank_id == "health-check"
    assert kept_files() == []  # it ships with the program: not copied
    assert run("export", "Check").code == 0
    listed = {row["id"]: row for row in json.loads(run("banks", "--json").out)}
    assert listed["health-check"]["plans"] == 1


# --- Which bank a plan uses ----------------------------------------------------------------------


def test_versions_compare_as_dotted_numbers_then_as_text():
    assert version_key("1.10") > version_key("1.9") > version_key("1")
    assert version_key("2") > version_key("1.99")
    assert version_key("1.0-beta") > version_key("1.0")  # text after a number in its place
    assert sorted(["b", "a", "10", "9"], key=version_key) == ["9", "10", "a", "b"]


def test_a_newer_version_of_the_bank_is_used_keeping_answers_to_dropped_questions(
    run, chatbot, tmp_path
):
    assert run("new", "Bot", "--bank", str(chatbot), "--no-open").code == 0
    path = Store.open().find("Bot")
    text = path.read_text(encoding="utf-8")
    path.write_text(text + 'chat_answer_owner = "Support lead"\n', encoding="utf-8")
    newer = tmp_path / "elsewhere" / "chatbot-1.10.toml"
    source = chatbot.read_text(encoding="utf-8").replace('version = "1"', 'version = "1.10"')
    newer.write_text(source.replace(CHATBOT_PROMPT, "Who answers for the bot?"), encoding="utf-8")
    nine = tmp_path / "elsewhere" / "chatbot-1.9.toml"
    nine.write_text(source.replace('version = "1.10"', 'version = "1.9"'), encoding="utf-8")
    for other in (newer, nine):
        assert run("new", f"Bot {other.stem}", "--bank", str(other), "--no-open").code == 0
    # The plan's own version is no longer kept: the newest of its id (1.10, not 1.9) is used.
    (own,) = [p for p in kept_files() if p.name.startswith("genai_chatbot-1-")]
    own.unlink()
    exported = run("export", "Bot")
    assert exported.code == 0, exported.err
    assert "Who answers for the bot?" in exported.out
    assert "(version 1.10)" in exported.out
    assert one_line(exported.err) == (
        "pilot2prod: note: 'Bot' was made with the question bank 'genai-chatbot' version 1, "
        "which is not kept here; version 1.10 is used (answers to questions it no longer has "
        "are kept)"
    )
    # The answer to the question 1.10 renamed is still in the file.
    assert read_plan(path).answers["chat_answer_owner"] == "Support lead"


def test_a_plan_written_before_banks_were_recorded_uses_the_built_in_bank(run, example):
    from pilot2prod.store import dumps

    example.bank_hash = ""
    text = dumps(example)
    assert "bank_hash" not in text
    plans = data_dir() / "plans"
    plans.mkdir(parents=True)
    (plans / "old.toml").write_text(text, encoding="utf-8")
    result = run("export", "old")
    assert result.code == 0, result.err
    assert "Northwind" in result.out


def test_bank_hash_is_read_back_and_written_again(store, example):
    example.bank_hash = "0123456789ab"
    path = store.create(example)
    assert read_plan(path).bank_hash == "0123456789ab"
    copy = store.duplicate(path, "Copy of it")
    assert read_plan(copy).bank_hash == "0123456789ab"


async def test_a_plan_edited_with_a_newer_version_records_that_version(run, chatbot, tmp_path):
    from pilot2prod.tui.app import Pilot2ProdApp

    path = Path(run("new", "Bot", "--bank", str(chatbot), "--no-open").out.strip())
    newer_file = tmp_path / "elsewhere" / "chatbot-2.toml"
    newer_file.write_text(
        chatbot.read_text(encoding="utf-8").replace('version = "1"', 'version = "2"'),
        encoding="utf-8",
    )
    store = Store.open()
    newer = store.named_bank(str(newer_file))
    store.keep_bank(newer)
    app = Pilot2ProdApp(store, store.banks.built_in(), path, cursor_blink=False, plan_bank=newer)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        session = app.screen.session
        question = newer.question("chat_answer_owner")
        assert question is not None
        session.set_answer(question, "Support lead")
        session.flush()
    saved = read_plan(path)
    assert (saved.bank_version, saved.bank_hash) == ("2", newer.fingerprint[:12])
    # ... so it opens with version 2 from now on, without --bank.
    assert "(version 2)" in run("export", "Bot").out


def test_new_from_another_plan_takes_its_bank_and_import_finds_a_plan_files_bank(
    run, chatbot, tmp_path
):
    made = Path(run("new", "Bot", "--bank", str(chatbot), "--no-open").out.strip())
    chatbot.unlink()
    copy = run("new", "Bot again", "--from", "Bot", "--no-open")
    assert copy.code == 0, copy.err
    assert read_plan(Path(copy.out.strip())).bank_id == "genai-chatbot"
    outside = tmp_path / "from-a-colleague.toml"
    outside.write_text(made.read_text(encoding="utf-8"), encoding="utf-8")
    imported = run("import", str(outside), "--as", "Imported bot")
    assert imported.code == 0, imported.err
    shutil.rmtree(data_dir() / "banks")
    refused = run("import", str(outside), "--as", "Imported bot two")
    assert refused.code == 1
    assert "'genai-chatbot'" in one_line(refused.err)


async def test_home_says_which_bank_a_plan_lacks_and_opening_it_says_so(run, chatbot):
    from textual.widgets import DataTable

    from pilot2prod.tui import compat
    from pilot2prod.tui.app import Pilot2ProdApp
    from pilot2prod.tui.screens.home import HomeScreen

    assert run("new", "Bot", "--bank", str(chatbot), "--no-open").code == 0
    shutil.rmtree(data_dir() / "banks")
    store = Store.open()
    app = Pilot2ProdApp(store, store.banks.built_in(), cursor_blink=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#plans", DataTable)
        row = [str(c) for c in table.get_row_at(0)]
        assert row[:2] == ["Bot", "its bank 'genai-chatbot' is not here"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        said = " ".join(str(n.message) for n in compat.notifications(app))
        assert "'genai-chatbot'" in said and "--bank FILE" in said


def test_a_banks_id_is_read_however_its_bank_table_is_written(tmp_path):
    from pilot2prod.store.banks import read_bank_file

    source = (FIXTURES / "retail.toml").read_text(encoding="utf-8")
    header, rest = source.split("[[phases]]", 1)
    moved = tmp_path / "moved.toml"  # [bank] last, with a comment on its line
    moved.write_text("[[phases]]" + rest + "\n" + header.replace("[bank]", "[bank]  # id"))
    dotted = tmp_path / "dotted.toml"  # no [bank] line at all: the whole file is read
    dotted.write_text(
        'bank.id = "retail-pricing"\nbank.version = "2"\nbank.title = "Retail"\n'
        + "[[phases]]"
        + rest
    )
    for path in (moved, dotted):
        file = read_bank_file(path, "kept")
        assert (file.id, file.version, file.problem) == ("retail-pricing", "2", ""), path
        assert load_bank(path).id == "retail-pricing"
    broken = tmp_path / "broken.toml"
    broken.write_text("[bank\nid = 1\n")
    assert read_bank_file(broken, "kept").problem == "it is not valid TOML"


async def test_home_offers_a_recovery_in_its_plans_own_words(run, chatbot, monkeypatch):
    from pilot2prod.tui.app import Pilot2ProdApp
    from test_recovery import dialog_text, failed_save

    path = Path(run("new", "Bot", "--bank", str(chatbot), "--no-open").out.strip())
    store = Store.open()
    own = store.named_bank(str(chatbot))
    failed_save(store, own, path, monkeypatch, {"chat_answer_owner": "Support lead"})
    app = Pilot2ProdApp(store, store.banks.built_in(), cursor_blink=False)
    async with app.run_test(size=(100, 40)):
        text = dialog_text(app)
        assert "1 answer to 'Bot' could not be saved" in text
        assert "Who owns the chatbot's" in text  # (its prompt; the built-in bank has no such)


async def test_home_names_each_plans_bank_when_plans_of_several_banks_are_listed(run, chatbot):
    from textual.widgets import DataTable

    from pilot2prod.tui.app import Pilot2ProdApp

    assert run("new", "Guide", "--no-open").code == 0
    store = Store.open()
    app = Pilot2ProdApp(store, store.banks.built_in(), cursor_blink=False)
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#plans", DataTable)
        assert "Bank" not in [str(c.label) for c in table.columns.values()]  # one bank: as ever
    assert run("new", "Bot", "--bank", str(chatbot), "--no-open").code == 0
    app = Pilot2ProdApp(store, store.banks.built_in(), cursor_blink=False)
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#plans", DataTable)
        assert [str(c.label) for c in table.columns.values()][-1] == "Bank"
        rows = {str(table.get_row_at(i)[0]): table.get_row_at(i) for i in range(2)}
        assert str(rows["Bot"][-1]) == "genai-chatbot"
        assert str(rows["Guide"][-1]) == load_bank().id
    app = Pilot2ProdApp(store, store.banks.built_in(), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:  # (two lines a plan: the bank under it)
        await pilot.pause()
        table = app.screen.query_one("#plans", DataTable)
        names = {str(table.get_row_at(i)[0]).split("\n")[0]: i for i in range(2)}
        under = str(table.get_row_at(names["Guide"])[0]).split("\n")[1]
        assert under == f"bank {load_bank().id}"  # (no organisation: not taken for one)


def test_banks_lists_versions_as_dotted_numbers_and_says_why_a_kept_bank_is_unusable(
    run, chatbot, tmp_path
):
    for version in ("1.9", "1.10"):
        text = chatbot.read_text(encoding="utf-8").replace(
            'version = "1"', f'version = "{version}"'
        )
        path = tmp_path / f"bot-{version}.toml"
        path.write_text(text, encoding="utf-8")
        assert run("new", f"Bot {version}", "--bank", str(path), "--no-open").code == 0
    (broken,) = [p for p in kept_files() if "-1.9-" in p.name]
    broken.write_text(broken.read_text(encoding="utf-8") + "\n[[phases]\n", encoding="utf-8")
    result = run("banks")
    assert result.code == 0, result.err
    bots = [line for line in result.out.splitlines() if line.startswith("genai-chatbot")]
    assert [line.split()[1] for line in bots] == ["1.9", "1.10"]
    assert "cannot be used: it is not valid TOML" in bots[0]
    rows = json.loads(run("banks", "--json").out)
    (row,) = [r for r in rows if r["version"] == "1.9"]
    assert row["error"].startswith("cannot be used: it is not valid TOML")


def test_new_from_a_plan_of_another_method_is_refused_not_an_empty_plan(run, chatbot):
    assert run("new", "Bot", "--bank", str(chatbot), "--no-open").code == 0
    result = run("new", "Check", "--from", "Bot", "--bank", "health-check", "--no-open")
    assert result.code == 2
    assert one_line(result.err) == (
        "pilot2prod: 'Bot' follows the method 'genai-chatbot', not 'health-check': a plan "
        "started from it follows its method (leave out --bank)"
    )
    assert not (data_dir() / "plans" / "check.toml").exists()
    assert run("new", "Bot two", "--from", "Bot", "--no-open").code == 0  # its own method


def test_a_listing_loads_each_bank_once_not_once_per_plan(store, bank, monkeypatch):
    """A thousand plans of one bank were summed up and keyed with a thousand loads of it (each
    resolving its path); a listing now loads each bank it records once, with the same result."""
    from pilot2prod import insight
    from pilot2prod.plan import Plan
    from pilot2prod.store.banks import Banks

    for n in range(6):
        store.create(Plan.new(f"Plan {n}", bank), [q.id for q in bank.questions()])
    for n in range(2):  # a bank not known here: summed up as missing, each time
        stray = Plan.new(f"Stray {n}", bank)
        stray.bank_id = "someone-elses-bank"
        store.create(stray, [q.id for q in bank.questions()])
    before = store.listing_per_bank(insight.summary, insight.summary_key)
    loads: list[object] = []
    load = Banks.load

    def counted(self, file):
        loads.append(file)
        return load(self, file)

    monkeypatch.setattr(Banks, "load", counted)
    (store.data.index_path).unlink()  # every plan summed up again
    listed = store.listing_per_bank(insight.summary, insight.summary_key)
    assert len(loads) == 1
    assert [(e.name, e.summary) for e in listed] == [(e.name, e.summary) for e in before]
    strays = [e.summary for e in listed if (e.name or "").startswith("Stray")]
    assert strays == [{"bank_missing": "someone-elses-bank"}] * 2
