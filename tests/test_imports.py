"""The import graph of src/: layers and independence kept, and no cycles at all.

The contracts live in pyproject.toml ([tool.importlinter]). Imports inside functions count: a
cycle hidden in a function is still a cycle.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_are_kept():
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert command, "import-linter is in the test extras"
    result = subprocess.run(
        [command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_module_imports_itself_through_others():
    graph = grimp.build_graph("pilot2prod", include_external_packages=False)
    cycles = sorted(
        {
            tuple(sorted((module, imported)))
            for module in graph.modules
            for imported in graph.find_modules_directly_imported_by(module)
            if graph.chain_exists(importer=imported, imported=module)
        }
    )
    assert cycles == []


def test_every_question_kind_has_a_field_module():
    from pilot2prod.bank import KINDS
    from pilot2prod.tui.widgets.fields import MODULES, QuestionField, field_class

    assert set(MODULES) == set(KINDS)
    for kind in KINDS:
        assert issubclass(field_class(kind), QuestionField), kind


def test_opening_the_wizard_loads_no_editor_it_does_not_show_yet():
    """A field's module (and Textual's widget behind it) is loaded when a question of its kind
    is first built: the wizard itself loads none of them, and no dialog either."""
    code = (
        "import sys, pilot2prod.tui.app, pilot2prod.tui.wizard;"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('pilot2prod', 'textual')))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(result.stdout.split())
    assert "pilot2prod.tui.widgets.fields.base" in loaded
    for module in (
        "pilot2prod.tui.widgets.fields.line",
        "pilot2prod.tui.widgets.fields.table",
        "pilot2prod.tui.widgets.fields.checklist",
        "pilot2prod.tui.dialogs",
        "textual.widgets._data_table",
        "textual.widgets._text_area",
    ):
        assert module not in loaded, module


APP_ON_ACME = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    import pilot2prod.cli
    from pilot2prod.bank import load_bank
    from pilot2prod.plan import Plan
    from pilot2prod.store import Store
    from pilot2prod.tui.app import Pilot2ProdApp
    from pilot2prod.tui.style_cache import StyleCache

    store, bank = Store(Path(sys.argv[1])), load_bank()
    path = store.create(Plan.new("Acme", bank), [q.id for q in bank.questions()])
    app = Pilot2ProdApp(store, bank, {opened}, style_cache=StyleCache(Path(sys.argv[2])))

    first_screen = {{}}
    drawn = app._first_screen_drawn
    app._first_screen_drawn = lambda: first_screen.update(sys.modules) or drawn()
    """
)
"""A fresh interpreter's app on a new plan "Acme" (*opened*: ``path`` opens it, ``None`` shows
Home), keeping in ``first_screen`` the modules loaded when its first screen was drawn."""


def modules_printed(code: str, tmp_path: Path, *more: str) -> set[str]:
    """Run *code* in a fresh interpreter (argv: a data and a cache folder under *tmp_path*,
    then *more*); the module names it prints, space-separated."""
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "data"), str(tmp_path / "cache"), *more],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_opening_a_plan_loads_neither_the_vote_nor_package_metadata(tmp_path):
    """What opening a plan without votes need not load before its first screen: the vote
    module (the header asks about votes only when the plan has some),
    ``importlib.metadata`` (which reads every installed package's metadata: Textual's
    ``__version__`` loads it, the style cache must not), and the dialogs no question on it
    opens (the first step's table loads its row editor; the workshop record's dialogs and
    data wait), the notice of a window too small, the step list (not shown at 80 columns), or
    OpenSSL (hashes go through ``pilot2prod.digest``), or the standard library's JSON
    (msgspec, loaded anyway, reads and writes the cache, the index and the lock notes), or
    the registry of Textual's private names (the tests read it), or Textual's radio buttons
    (its first step asks no choice). The dashboard's code is
    loaded after, once the pages near the first one are built."""
    code = APP_ON_ACME.format(opened="path") + textwrap.dedent(
        """
        async def main():
            async with app.run_test() as pilot:
                assert app.screen.query("#q-use_case")
                await app.screen.built.wait()
                await pilot.pause()
                assert "pilot2prod.tui.screens.dashboard" in sys.modules, "not loaded while idle"

        asyncio.run(main())
        print(" ".join(sorted(first_screen)))
        """
    )
    loaded = modules_printed(code, tmp_path)
    assert "pilot2prod.tui.wizard.screen" in loaded
    assert "pilot2prod.vote" not in loaded
    assert "importlib.metadata" not in loaded
    assert "pilot2prod.tui.dialogs.row_editor" in loaded
    assert "pilot2prod.record" not in loaded
    assert "pilot2prod.tui.screens.too_small" not in loaded
    assert "pilot2prod.tui.widgets.steplist" not in loaded
    assert "hashlib" not in loaded and "_hashlib" not in loaded
    assert "json" not in loaded
    assert "pilot2prod.tui.compat.registry" not in loaded
    assert "pilot2prod.tui.dialogs.sureness" not in loaded
    assert "textual.widgets._radio_button" not in loaded  # (the first step asks no choice)
    assert "textual.widgets._toggle_button" not in loaded


def test_every_dialog_the_package_names_loads_from_its_module():
    """The dialogs package loads a dialog's module when the dialog is first asked for: each
    name it lists is found, in the module it says, and a name it does not have is an
    AttributeError as usual."""
    code = (
        "import sys, pilot2prod.tui.dialogs as d;"
        "print(' '.join(m for m in sys.modules if m.startswith('pilot2prod.tui.dialogs.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == []  # the package alone loads no dialog

    from pilot2prod.tui import dialogs

    assert sorted(dialogs.__all__) == sorted(dialogs.MODULES)
    for name, module in dialogs.MODULES.items():
        value = getattr(dialogs, name)
        assert value.__module__ == f"pilot2prod.tui.dialogs.{module}", name
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        dialogs.Nothing  # noqa: B018

    # What the type checker is shown instead (it never sees __getattr__): the same names,
    # each from the module that holds it, so a misspelt dialog is an error before it runs.
    tree = ast.parse(Path(dialogs.__file__).read_text(encoding="utf-8"))
    shown = {
        alias.name: node.module.rsplit(".", 1)[1]
        for block in tree.body
        if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    assert shown == dialogs.MODULES


def test_home_loads_no_wizard_before_its_first_screen(tmp_path):
    """Home (``pilot2prod`` with no plan named) shows the list of plans: the wizard's code
    (about 20 ms to load) waits until a plan is opened."""
    code = APP_ON_ACME.format(opened="None") + textwrap.dedent(
        """
        async def main():
            async with app.run_test() as pilot:
                assert "Acme" in str(app.screen.query_one("#plans").get_row_at(0)[0])
                await pilot.press("enter")  # opens it: now the wizard loads
                await pilot.pause()
                assert app.screen.query("#q-use_case")

        asyncio.run(main())
        print(" ".join(sorted(first_screen)))
        """
    )
    loaded = modules_printed(code, tmp_path)
    assert "pilot2prod.tui.screens.home" in loaded
    assert not {name for name in loaded if name.startswith("pilot2prod.tui.wizard")}


def test_home_on_plans_summed_up_in_the_index_loads_no_insight(tmp_path):
    """Home lists each plan with its summary (readiness, verdict, highest risk), which insight
    works out and the data directory's index keeps: when every summary comes from the index,
    insight (about 25 ms to load, with the record and the vote) is not loaded, nor is
    Textual's TextArea (for a long answer, which Home never shows)."""
    first = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from pilot2prod.bank import load_bank
        from pilot2prod.plan import Plan
        from pilot2prod.store import Store
        from pilot2prod.tui.screens.home.plan_list import PlanList

        store, bank = Store(Path(sys.argv[1])), load_bank()
        store.create(Plan.new("Acme", bank), [q.id for q in bank.questions()])
        plans = PlanList(store, bank)
        assert plans.read() is None and plans.entries[0].summary  # (worked out, and kept)
        assert "pilot2prod.insight" in sys.modules
        """
    )
    modules_printed(first, tmp_path)
    code = textwrap.dedent(
        """
        import asyncio, sys
        from pathlib import Path
        import pilot2prod.cli
        from pilot2prod.bank import load_bank
        from pilot2prod.store import Store
        from pilot2prod.tui.app import Pilot2ProdApp

        app = Pilot2ProdApp(Store(Path(sys.argv[1])), load_bank(), None)
        first_screen = {}
        drawn = app._first_screen_drawn
        app._first_screen_drawn = lambda: first_screen.update(sys.modules) or drawn()

        async def main():
            async with app.run_test() as pilot:
                await pilot.pause()
                row = " ".join(str(cell) for cell in app.screen.query_one("#plans").get_row_at(0))
                assert "Acme" in row and "%" in row, row

        asyncio.run(main())
        print(" ".join(sorted(first_screen)))
        """
    )
    loaded = modules_printed(code, tmp_path)
    assert "pilot2prod.tui.screens.home" in loaded
    assert "pilot2prod.insight" not in loaded
    assert "textual.widgets._text_area" not in loaded


def test_list_on_plans_summed_up_in_the_index_loads_no_insight(tmp_path):
    """``pilot2prod list`` shows each plan's summary as the index keeps it: once every plan
    is summed up there, the second listing prints the same table without loading insight
    (which works summaries out), and a listing that must work one out loads it."""
    code = textwrap.dedent(
        """
        import contextlib, io, sys
        from pathlib import Path
        from pilot2prod.bank import load_bank
        from pilot2prod.cli import main
        from pilot2prod.plan import Plan
        from pilot2prod.store import Store

        data = sys.argv[1]
        if sys.argv[3] == "make":
            bank = load_bank()
            Store(Path(data)).create(Plan.new("Acme", bank), [q.id for q in bank.questions()])
        table = io.StringIO()
        with contextlib.redirect_stdout(table):
            assert main(["--data-dir", data, "list"]) == 0
        with open(Path(sys.argv[2]) / "table.txt", "a", encoding="utf-8") as kept:
            kept.write(table.getvalue())
        print(" ".join(sorted(sys.modules)))
        """
    )
    (tmp_path / "cache").mkdir()
    made = modules_printed(code, tmp_path, "make")
    assert "pilot2prod.insight" in made  # (the summary worked out, and kept)
    assert "pilot2prod.insight" not in modules_printed(code, tmp_path, "again")
    first, second = (tmp_path / "cache" / "table.txt").read_text().split("NAME")[1:]
    assert "Acme" in first and "%" in first
    assert first == second
