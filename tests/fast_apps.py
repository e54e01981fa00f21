"""Less repeated work for the apps the tests run in this process (Pilot), none of it observable
by a test: the apps started in real terminals (the pty tests, the benchmarks) are untouched.

Every app parses the same stylesheets again (Textual keeps parsed rules per app): about 7 % of
what starting a wizard costs in a test (0.29 s against 0.31 s of CPU, 20 starts, measured
three times each way). Here the parsed rules are kept for the whole test process, per
stylesheet text and theme variables, as Textual's own cache keys them within one app (and
never changes them once parsed; a theme's variables come as a new dict, never edited).

A headless app draws every frame, and Textual then throws the frame away (``App._display``
writes nothing for a headless app): a quarter of the CPU of a Pilot test, for nothing. Here
the frames are not drawn while the test runs (the screen's layout, focus, regions and what
the mouse is over are all kept up to date as before); the screen a test ends on is drawn once,
whole, at its end, so a widget that fails to draw still fails the test (tests/test_fast_apps.py).
Snapshots draw their own frame (``export_screenshot``), as before. P2P_RENDER_HEADLESS=1 draws
every frame again, to compare; :func:`draw_every_frame` does for one app (a test of what the
frames hold).
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any
from weakref import WeakSet

if TYPE_CHECKING:
    from textual.app import App

_drawn: WeakSet[Any] = WeakSet()
"""The apps that draw every frame as Textual does (:func:`draw_every_frame`)."""


def draw_every_frame(app: App[Any]) -> None:
    """Let *app* draw its frames as Textual does, and hand each to its ``_display``."""
    _drawn.add(app)


def install() -> None:
    _share_parsed_rules()
    if os.environ.get("P2P_RENDER_HEADLESS") != "1":
        _skip_headless_output()


def _skip_headless_output() -> None:
    from textual.app import App
    from textual.screen import Screen

    compositor_refresh = Screen._compositor_refresh

    def refresh(self: Screen[Any]) -> None:
        app = self.app
        if app.is_headless and not app.is_inline and self is app.screen and app not in _drawn:
            self._compositor._dirty_regions.clear()
            self._dirty_widgets.clear()
            app._update_mouse_over(self)
            return
        compositor_refresh(self)

    Screen._compositor_refresh = refresh  # type: ignore[method-assign]

    run_test = App.run_test

    @asynccontextmanager
    async def run_test_then_draw(self: App[Any], *args: Any, **kwargs: Any) -> Any:
        async with run_test(self, *args, **kwargs) as pilot:
            yield pilot
            draw(self)

    App.run_test = run_test_then_draw  # type: ignore[assignment]


def draw(app: App[Any]) -> None:
    """Draw the screen a test ends on, the whole of it, as a terminal would get it (not when
    the test made the app exit: its screens may be half taken down by then)."""
    if app.is_running and not app._exit and app._screen_stack:
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)


def _share_parsed_rules() -> None:
    from textual.css.stylesheet import Stylesheet

    parse_rules = Stylesheet._parse_rules
    shared: dict[tuple[Any, ...], Any] = {}
    frozen: dict[int, tuple[dict[str, str], tuple[tuple[str, str], ...]]] = {}

    def variables_key(stylesheet: Stylesheet) -> tuple[tuple[str, str], ...]:
        variables = stylesheet._variables  # (set_variables replaces the dict)
        seen = frozen.get(id(stylesheet))
        if seen is None or seen[0] is not variables:
            seen = (variables, tuple(sorted(variables.items())))
            frozen[id(stylesheet)] = seen
        return seen[1]

    def shared_parse_rules(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables_key(self))
        rules = shared.get(key)
        if rules is None:
            rules = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
            shared[key] = rules
        return rules

    Stylesheet._parse_rules = shared_parse_rules  # type: ignore[method-assign]
