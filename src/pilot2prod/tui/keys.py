"""The app's keys as Textual bindings, made from the key table (:mod:`pilot2prod.keymap`): a
screen's ``BINDINGS`` is ``bindings("its scope")``, each binding with its action's id, so a
user's ``[keys]`` (``App.set_keymap``) finds it. The help, the palette and the notices that
name a key show it as it is bound now, through :func:`shown`."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType

from pilot2prod.keymap import ACTIONS, PUNCTUATION, Keymap

_KEY_NAMES = {
    "pagedown": "PageDown",
    "pageup": "PageUp",
    "escape": "Escape",
    "delete": "Delete",
    "insert": "Insert",
    "enter": "Enter",
    "tab": "Tab",
    "space": "Space",
    "ctrl": "Ctrl",
    "shift": "Shift",
    "alt": "Alt",
    "meta": "Meta",
    "super": "Super",
    **{name: sign for sign, name in PUNCTUATION.items()},
}


def key_label(keys: str) -> str:
    """Keys as people write them: ``ctrl+r`` is Ctrl+R, ``pagedown`` PageDown, ``slash`` /."""

    def one(key: str) -> str:
        parts = key.strip().split("+")
        return "+".join(_KEY_NAMES.get(part, part.upper()) for part in parts)

    return " or ".join(one(key) for key in keys.split(","))


def bindings(scope: str) -> list[BindingType]:
    """The bindings of every action of *scope*, each with its id."""
    return [
        Binding(
            action.keys,
            action.runs,
            action.label,
            show=action.show,
            priority=action.priority,
            key_display=action.display,
            tooltip=action.help,
            id=action.id,
        )
        for action in ACTIONS
        if action.scope == scope
    ]


def keymap_of(app: App[Any]) -> Keymap:
    """The keys *app* uses (its user's keymap; the defaults when it has none)."""
    keymap = getattr(app, "keymap", None)
    return keymap if isinstance(keymap, Keymap) else Keymap()


def remapped(app: App[Any], action_id: str) -> bool:
    return action_id in keymap_of(app).own


def shown(app: App[Any], action_id: str, default: str = "") -> str:
    """The keys of *action_id* as bound now (``Ctrl+R``, ``F12``); *default* is how the default
    keys are written where a place says them its own way (``Y / N``)."""
    if default and not remapped(app, action_id):
        return default
    return key_label(",".join(keymap_of(app).keys(action_id)))


def help_rows(app: App[Any], scope: str) -> list[tuple[str, str]]:
    """(keys, what they do) for F1: every action of *scope* that has a name, as bound now."""
    return [
        (shown(app, action.id), action.description)
        for action in ACTIONS
        if action.scope == scope and action.label
    ]


def say_refused(app: App[Any], refused: list[str]) -> None:
    """Say at start which entries of the user's ``[keys]`` were refused: each of one or two,
    else the first and how many more (a notice each would cover the screen)."""
    for said in refused if len(refused) <= 2 else refused[:1]:
        app.notify(said, severity="warning", timeout=20)
    if len(refused) > 2:
        more = f"{len(refused) - 1} more entries of [keys] were refused (their actions keep"
        said = f"{more} their keys): 'pilot2prod keys' says why."
        app.notify(said, severity="warning", timeout=20)
