"""A screen shown for the first time is styled once, as its widgets mount, not again at once.

When a screen is pushed, Textual styles each of its widgets as it mounts (``App._register``
applies the stylesheet to it), and then, as the screen's first ``ScreenResume`` is handled,
every widget of the screen once more (``Screen._on_screen_resume`` calls
``update_node_styles`` when the event's ``refresh_styles`` is true, as it is for a push, a
``switch_screen`` or a mode; Textual 8.2.8's ``pop_screen`` never asks for it). A screen
resuming for the first time was never hidden: its widgets were styled a moment before, by the
same stylesheet, and whatever changed a style since (a class set, a focus given, the theme)
restyled what it changed. Styling the wizard's first page, the dashboard or the preview twice
was about a sixth of the work before their first frame.

One thing the second pass also did: a widget class first mounted on the screen whose own CSS
is not scoped to it (``SCOPED_CSS = False``) adds rules after the widgets before it were
styled, and those widgets would take them only then. The only such classes are Textual's
Markdown paragraph and viewer, whose rules select themselves and what they hold (styled after
them); the check in ``tests/test_compat.py`` fails if another appears.

Here the first ``ScreenResume`` each screen handles asks for no restyle; every later one is as
Textual sends it. Relies on ``Screen._on_screen_resume`` (replaced on the class, doing exactly
what it did otherwise; see the registry in :mod:`pilot2prod.tui.compat`).
"""

from __future__ import annotations

from typing import Any
from weakref import WeakSet

from textual.events import ScreenResume
from textual.screen import Screen

from pilot2prod.tui.compat import replace_once

_resume = Screen._on_screen_resume
_resumed: WeakSet[Screen[Any]] = WeakSet()
"""The screens that have handled a ScreenResume (and so may have been hidden since)."""


def _on_screen_resume(self: Screen[Any], event: ScreenResume) -> None:
    if self not in _resumed:
        _resumed.add(self)
        event.refresh_styles = False  # (styled as its widgets mounted: see the module)
    _resume(self, event)


def style_once() -> None:
    """Style screens shown for the first time once (see the module). Once per process;
    refuses to replace a method put on the class after this module was imported."""
    why = "screens shown for the first time would be styled twice"
    replace_once(Screen, "_on_screen_resume", _resume, _on_screen_resume, why)
