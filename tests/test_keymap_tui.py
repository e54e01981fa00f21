"""Every key remapped through settings.toml: the step changes, the palette and F1 answer the new
keys, the old ones are free, and the key bar, the palette and the help show the new ones; a
refused remap is said at start and the app starts all the same."""

from __future__ import annotations

import string
from pathlib import Path

from textual.command import CommandPalette

from pilot2prod.keymap import ACTIONS, BY_ID, read_keymap
from pilot2prod.plan import Plan
from pilot2prod.store import Store
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.compat import notifications
from pilot2prod.tui.keys import key_label
from pilot2prod.tui.screens.help import HelpScreen, KeyList
from pilot2prod.tui.widgets.keybar import KeyBar
from pilot2prod.tui.wizard import WizardScreen

SIZE = (120, 40)

CHOSEN = {
    # The keys the test presses (each one a terminal sends); every other action gets a key of
    # the pool below.
    "wizard.next_step": "f12",
    "wizard.previous_step": "f11",
    "wizard.goto": "f10",
    "app.help": "ctrl+f1",
    "help.close": "ctrl+f2",
    "app.command_palette": "ctrl+f3",
    "wizard.review": "ctrl+f4",
}


def every_action_remapped() -> dict[str, str]:
    """A new key for every action, none of them a default key, none twice."""
    defaults = {k for action in ACTIONS for k in action.keys.split(",")}
    pool = [f"f{n}" for n in range(13, 25)]
    pool += [f"{mod}+f{n}" for mod in ("ctrl", "shift", "ctrl+shift") for n in range(1, 25)]
    pool += [f"ctrl+{c}" for c in "fhjnx"]
    pool += [f"{mod}+{name}" for mod in ("ctrl", "shift") for name in ("insert", "pageup")]
    taken = set(CHOSEN.values())
    free = (k for k in pool if k not in defaults and k not in taken)
    letters = (c for c in string.ascii_lowercase + string.digits if c not in defaults)
    keys: dict[str, str] = {}
    for action in ACTIONS:
        # A letter where nobody types; elsewhere a key that never types nor edits text.
        chosen = CHOSEN.get(action.id) or (None if action.typing else next(letters, None))
        keys[action.id] = chosen or next(free)
    return keys


def write_settings(data: Path, keys: dict[str, str]) -> None:
    data.mkdir(parents=True, exist_ok=True)
    lines = ["[keys]", *(f'"{action_id}" = "{key}"' for action_id, key in keys.items())]
    (data / "settings.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def new_plan(store: Store, bank) -> Path:
    return store.create(Plan.new("Remapped", bank), [q.id for q in bank.questions()])


def test_the_remap_of_every_action_is_accepted():
    keys = every_action_remapped()
    assert len(set(keys.values())) == len(ACTIONS)
    keymap = read_keymap(keys)
    assert keymap.refused == []
    assert keymap.own == keys


async def test_every_action_remapped_drives_the_wizard_palette_and_help(store, bank):
    keys = every_action_remapped()
    write_settings(store.root, keys)
    path = new_plan(store, bank)
    app = Pilot2ProdApp(store, bank, path, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        assert app.keymap.refused == [] and app.keymap.own == keys
        # The key bar shows the new keys, not the old.
        bar = wizard.query_one(KeyBar).text
        assert "f12 Next" in bar and "f11 Back" in bar, bar
        assert "PgDn" not in bar
        # The old key is free; the new ones change the step.
        await pilot.press("pagedown")
        await pilot.pause()
        assert wizard.index == 0
        await pilot.press("f12")
        await pilot.pause()
        assert wizard.index == 1
        await pilot.press("f11")
        await pilot.pause()
        assert wizard.index == 0
        # The palette opens with its new key and shows each action's new key.
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert not CommandPalette.is_open(app)
        await pilot.press("ctrl+f3")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        await pilot.press("escape")
        await pilot.pause()
        entries = {entry.text: entry.help for entry in wizard.command_entries()}
        assert entries["Review answers and gaps"] == "Ctrl+F4"
        assert entries["Capture an action here"] == key_label(keys["wizard.capture_action"])
        # The go-to palette too.
        await pilot.press("f10")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        await pilot.press("escape")
        await pilot.pause()
        # F1 is free; the new help key opens the help, which lists the new keys.
        await pilot.press("f1")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("ctrl+f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = "\n".join(str(k.render()) for k in app.screen.query(KeyList))
        assert "F12" in listed and "PageDown" not in listed
        lines = listed.splitlines()
        cancel = key_label(keys["dialog.cancel"])
        assert any(line.startswith(cancel) and "cancel; when" in line for line in lines)
        quits = key_label(keys["app.quit"])
        assert any(line.startswith(quits) and "save and quit" in line for line in lines)
        await pilot.press("ctrl+f2")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        # The review opens with its new key.
        await pilot.press("ctrl+f4")
        await pilot.pause()
        assert type(app.screen).__name__ == "ReviewScreen"
        app.exit()


async def test_a_refused_remap_is_said_at_start_and_the_app_starts(store, bank):
    write_settings(store.root, {"wizard.next_step": "n", "wizard.previous_step": "f11"})
    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = [str(n.message) for n in notifications(app)]
        refused = [m for m in said if "wizard.next_step" in m]
        assert len(refused) == 1 and "n types a character" in refused[0]
        assert str(store.root / "settings.toml") in refused[0]
        assert app.keymap.own == {"wizard.previous_step": "f11"}
        assert type(app.screen).__name__ == "HomeScreen"


async def test_many_refused_remaps_take_two_notices_not_the_screen(store, bank):
    """Each refusal took a notice of its own: a dozen covered half of an 80x24 screen."""
    wrong = {f"wizard.nope{n}": "f12" for n in range(6)}
    write_settings(store.root, {**wrong, "wizard.previous_step": "f11"})
    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = [str(n.message) for n in notifications(app)]
        assert len(said) == 2, said
        assert "'wizard.nope0' is not an action" in said[0]
        assert "5 more entries of [keys] were refused" in said[1]
        assert "'pilot2prod keys' says why" in said[1]
        assert app.keymap.own == {"wizard.previous_step": "f11"}


def test_every_binding_of_the_app_has_an_id_from_the_table():
    import importlib
    import inspect
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import pilot2prod.tui as tui

    found: set[str] = set()
    for info in pkgutil.walk_packages(tui.__path__, "pilot2prod.tui."):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if (
                inspect.isclass(cls)
                and issubclass(cls, DOMNode)
                and cls.__module__ == module.__name__
                and "BINDINGS" in vars(cls)
            ):
                for binding in cls.BINDINGS:
                    assert isinstance(binding, Binding) and binding.id in BY_ID, (cls, binding)
                    found.add(binding.id)
    assert found == set(BY_ID)  # and every action of the table is bound somewhere


def test_no_class_binds_one_key_to_two_actions():
    """Textual's keymap takes a rebound key away from every binding of the class that has it:
    two actions sharing a key in one class would lose it together."""
    import importlib
    import inspect
    import pkgutil

    from textual.dom import DOMNode

    import pilot2prod.tui as tui

    for info in pkgutil.walk_packages(tui.__path__, "pilot2prod.tui."):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if inspect.isclass(cls) and issubclass(cls, DOMNode) and "BINDINGS" in vars(cls):
                owners: dict[str, str] = {}
                for key, binding in cls._merge_bindings():
                    if binding.id in BY_ID:
                        assert owners.setdefault(key, binding.id) == binding.id, (cls, key)
