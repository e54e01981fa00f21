"""The pilot2prod Textual app: home, wizard, review, preview, help.

The app class keeps what is the app's own: its first screen, the keys and input of every
screen, notices, and joining home to the wizard. Its parts are modules of their own, each
handed what it needs (none imports this one; :mod:`~pilot2prod.tui.run` makes the app, runs it
in the terminal and keeps what must be kept once it stops):

- :mod:`~pilot2prod.tui.opening`: opening a plan (the recovery offer, another window, the wizard)
- :mod:`~pilot2prod.tui.recovery_offer`: answers kept in recovery files, offered back
- :mod:`~pilot2prod.tui.unsaved`: answers not saved, on the way out (quitting, a hangup)
- :mod:`~pilot2prod.tui.hangup`: SIGHUP, SIGTERM or a lost terminal
- :mod:`~pilot2prod.tui.notices`, :mod:`~pilot2prod.tui.paste`,
  :mod:`~pilot2prod.tui.screenshot`, :mod:`~pilot2prod.tui.help_sections`
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from textual import events
from textual.driver import Driver
from textual.geometry import Size
from textual.notifications import SeverityLevel
from textual.widgets import Input

from pilot2prod.bank import Bank
from pilot2prod.store import Store
from pilot2prod.text import for_terminal
from pilot2prod.tui import compat
from pilot2prod.tui.commands import system_commands
from pilot2prod.tui.compat.layout import restyle_later
from pilot2prod.tui.compat.resume import style_once
from pilot2prod.tui.hangup import EXIT_GRACE, TerminalWatch, end_after
from pilot2prod.tui.keys import bindings, say_refused, shown
from pilot2prod.tui.notices import NoticesShown
from pilot2prod.tui.opening import PlanOpener
from pilot2prod.tui.ordered_input import OrderedInputApp
from pilot2prod.tui.paste import pasted_text
from pilot2prod.tui.recovery_offer import RecoveryOffer
from pilot2prod.tui.screens.window_size import fit_window
from pilot2prod.tui.session import PlanSession
from pilot2prod.tui.themes import THEMES, use_no_colour
from pilot2prod.tui.typeahead import StrayKeys, takes_text
from pilot2prod.tui.unsaved import ask_about_unsaved, ask_before_quitting, keep_unsaved, say

if TYPE_CHECKING:
    from textual.app import SystemCommand
    from textual.dom import DOMNode
    from textual.pilot import Pilot
    from textual.screen import Screen

    from pilot2prod.tui.screens.home import HomeScreen
    from pilot2prod.tui.style_cache import StyleCache
    from pilot2prod.vote import Request as VoteRequest


def home_screen() -> type[HomeScreen]:
    """The list of plans' screen class, loaded when first shown: a plan opened from the command
    line starts without it (and without the summaries it reads)."""
    from pilot2prod.tui.screens.home import HomeScreen

    return HomeScreen


FIRST_SCREEN_WAIT = 30.0
"""Seconds run_test waits for the first screen before handing over anyway."""
_SHEETS = "base home wizard review dialogs dashboard presenter vote nocolor"
STYLESHEETS: list[str | PurePath] = [f"styles/{name}.tcss" for name in _SHEETS.split()]
"""The app's stylesheets, by screen, in the order their rules apply: where two rules are as
specific as each other, the later one wins (the no-colour rules come last)."""


class Pilot2ProdApp(OrderedInputApp[None]):
    CSS_PATH = STYLESHEETS
    TITLE = "pilot2prod"
    BINDINGS = bindings("app")

    def __init__(
        self,
        store: Store,
        bank: Bank,
        open_path: Path | None = None,
        step_id: str | None = None,
        *,
        cursor_blink: bool | None = None,
        theme: str | None = None,
        present: bool = False,
        workshop: bool = False,
        vote: VoteRequest | None = None,
        plan_bank: Bank | None = None,
        style_cache: StyleCache | None = None,
        tidy_store: bool = False,
    ) -> None:
        super().__init__()
        style_once()  # (screens shown for the first time styled once, not twice)
        if style_cache is not None:  # (a run in a terminal: tests parse as Textual does)
            style_cache.attach(self.stylesheet, self.call_after_refresh)
        if self.no_color:
            use_no_colour(compat.colour_filters(self))
        for ours in THEMES:
            self.register_theme(ours)
        self.asked_theme = theme
        """A theme for this run (--theme): shown, not remembered."""
        if cursor_blink is None:
            cursor_blink = store.settings().get("cursor_blink") is True
        self.cursor_blink = cursor_blink
        """Off by default: a steady cursor writes nothing to an idle terminal (SSH, projectors).
        ``cursor_blink = true`` in settings.toml turns blinking on."""
        self.store = store
        self.tidy_store = tidy_store
        """Tidy the store (Store.tidy) once the first screen is drawn, not before it."""
        self.keymap = store.keymap()
        """The keys in use: the defaults, and the user's [keys] that could be used."""
        self.set_keymap(self.keymap.own)
        self.bank = bank
        self.order = bank.order
        self.open_path = open_path
        self.start_step = step_id
        self.present = present
        """Show the plan at *open_path* in the presenter view only: read, never written."""
        self.clock: Callable[[], float] = time.time
        """The wall clock the workshop timer reads (tests put a fake one here)."""
        self.sessions: list[PlanSession] = []
        """Every plan opened in this run; saved once more after the app stops, however it stops."""
        self.exit_messages: list[str] = []
        """Lines for stderr once the terminal is given back (answers kept in recovery files)."""
        self.recovery = RecoveryOffer(self, store, bank)
        """Answers kept in recovery files, offered back (and those said "not now" to)."""
        chosen = {open_path: plan_bank} if open_path is not None and plan_bank else {}
        starts: dict[str, Any] = {"workshop": workshop, "vote": vote, "chosen": chosen}
        self.opener = PlanOpener(self, store, bank, self.recovery, self.show_home, **starts)
        """Opens plans, each with its own bank: for editing (after the recovery offer), or for
        presenting. *bank* is for new plans; *plan_bank* the one chosen for *open_path*."""
        self.terminal = TerminalWatch(self, self.terminate)
        """SIGHUP, SIGTERM or a lost terminal: save everything, then leave promptly."""
        self.started = asyncio.Event()
        """Set once the first screen (the plan, or the list of plans) has been drawn."""
        self.animation_level = "none"
        """Nothing moves on its own (calm on a projector, fewer bytes on a slow link): a scroll
        to a focused field is a jump, never an animation that another scroll can cut short."""
        self._notices = NoticesShown()
        self.stray_keys = StrayKeys(self.notify, lambda: shown(self, "app.help"))
        """What printable keys that nothing took do (see :mod:`pilot2prod.tui.typeahead`)."""

    def on_mount(self) -> None:
        theme = self.asked_theme or self.store.settings().get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self._remember_theme = True
        # The first screen is pushed once the app is running, not from inside its Mount: Textual
        # paints nothing until Mount returns, and a screen pushed here would be laid out twice
        # and wait for its idle work before its first frame reaches the terminal.
        self.call_later(self._first_screen)
        if not self.is_headless:
            self.terminal.start()

    def _first_screen(self) -> None:
        if self.present and self.open_path is not None:
            self.opener.present(self.open_path, self.exit_messages)
        elif self.open_path is not None:
            # Straight to the plan: the list of plans is built when someone goes back to it.
            self.open_plan(self.open_path, self.start_step)
        else:
            self.push_screen(home_screen()(self.store, self.bank))
        self.call_after_refresh(self._first_screen_drawn)
        self._fit_window(self.size)
        say_refused(self, self.keymap.refused)  # (the app starts all the same)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_window(event.size)

    def _fit_window(self, size: Size) -> None:
        fit_window(self, size, started=self.started.is_set())

    def _first_screen_drawn(self) -> None:
        self.resume_collection()
        self.started.set()
        if self.tidy_store:
            self.call_later(tidy_quietly, self.store)

    @staticmethod
    def resume_collection() -> None:
        """Once the first screen is drawn: what start-up made is kept out of the garbage
        collector's passes for good (it lives as long as the app), and collection resumes.

        The command line turns collection off while starting (see ``cli.main``); an app run
        another way (tests) has it on, and nothing is frozen here then.
        """
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def is_settled(self, event: events.Event | None = None, *, inside_app: bool = False) -> bool:
        """Keys typed while the app starts wait for its first screen (not the blank one)."""
        return self.started.is_set() and super().is_settled(event, inside_app=inside_app)

    @asynccontextmanager
    async def run_test(self, *args: Any, **kwargs: Any) -> AsyncIterator[Pilot[None]]:
        """Textual's test harness, handing over once the first screen is up (as a person
        sees it), not when the app itself is mounted."""
        async with super().run_test(*args, **kwargs) as pilot:
            # (A first screen that never draws is for the test to find, not to hang on.)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.started.wait(), FIRST_SCREEN_WAIT)
            await pilot.pause()
            yield pilot

    def get_driver_class(self) -> type[Driver]:
        """Textual's own driver, but on Linux and macOS one that keeps pastes as text."""
        from pilot2prod.tui.driver import driver_for

        return driver_for(super().get_driver_class())

    def prepare_input(self, event: events.Event) -> events.Event:
        """Pastes are text, never keys (see :mod:`pilot2prod.tui.paste`)."""
        if isinstance(event, events.Paste):
            text, joined = pasted_text(event.text, one_line=isinstance(self.focused, Input))
            if joined:
                self.notify("The pasted lines were joined into one: this field holds one line.")
            event.text = text
        return event

    def input_refused(self, event: events.Event) -> None:
        """Keys typed with a jump to a hidden question go nowhere: say so, once."""
        self.notify("What was typed with the jump was left out: nothing there takes it yet.")

    def on_key(self, event: events.Key) -> None:
        """A printable key that no widget took (it bubbled up here) and no binding wants: it
        moves a highlight or says where typing goes, never vanishes (see typeahead.py)."""
        if not event.is_printable or takes_text(self.focused):
            return
        if event.key in self.screen.active_bindings and not self.stray_keys.in_burst(event):
            return  # a key of the screen's (y / n in a question, Space on a choice...)
        # (A bound key inside a burst of stray keys is part of a sentence: a space between two
        # words typed on a choice must not choose.)
        event.prevent_default()
        self.stray_keys.handle(self.focused, event)

    def action_select_answer(self) -> None:
        """Select all of the answer being typed, so the next key replaces it."""
        focused = self.focused
        if focused is not None and takes_text(focused):
            focused.select_all()  # type: ignore[attr-defined]
        else:
            keys = shown(self, "app.select_answer")
            self.notify(f"{keys} selects the whole answer of a text box; move to one first.")

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        """Restyle *node* and all it holds, unless that waits (see compat.layout)."""
        if not restyle_later(node):
            super().update_styles(node, animate)

    def watch_theme(self, theme: str) -> None:
        """Remember the theme chosen in the command palette for next time (a projector, say)."""
        if getattr(self, "_remember_theme", False):
            self.store.save_settings(theme=theme)

    # --- Plans ----------------------------------------------------------------------------------

    def on_home_screen_open(self, message: HomeScreen.Open) -> None:
        self.open_plan(message.path, message.step_id, message.question_id)

    def on_home_screen_open_example(self, message: HomeScreen.OpenExample) -> None:
        self.opener.open_example()

    def on_home_screen_recover(self, message: HomeScreen.Recover) -> None:
        self.recovery.offer(self.store.recoveries())

    def open_plan(
        self, path: Path, step_id: str | None = None, question_id: str | None = None
    ) -> None:
        """Open a plan for editing, the same way whatever asked (:mod:`pilot2prod.tui.opening`)."""
        self.opener.open(path, step_id, question_id)

    def show_home(self) -> None:
        """Make sure the list of plans is there (it is not when a plan was opened directly)."""
        home = home_screen()
        if not any(isinstance(screen, home) for screen in self.screen_stack):
            self.push_screen(home(self.store, self.bank))

    def go_home(self) -> None:
        """Leave the screen on top for the list of plans (built now if it was never shown)."""
        home = home_screen()
        if any(isinstance(screen, home) for screen in self.screen_stack[:-1]):
            self.pop_screen()
        else:
            self.switch_screen(home(self.store, self.bank))

    def flush_all(self) -> None:
        """Save every open plan now."""
        from pilot2prod.tui.wizard import WizardScreen  # (not at start: Home needs none)

        for screen in self.screen_stack:
            if isinstance(screen, WizardScreen):
                screen.flush()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications here carry file names and plan text: never markup, never controls.

        A notice on screen is not shown twice (asked for again, it is renewed); once the last
        notice is gone, the rows notices took are given back (:mod:`pilot2prod.tui.notices`).
        """
        text = for_terminal(message)
        wait = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        if not self._notices.admit(self, text, wait):
            return
        super().notify(text, title=title, severity=severity, timeout=timeout, markup=markup)

    # --- Actions --------------------------------------------------------------------------------

    async def action_quit(self, asked: bool = False) -> None:
        """Save and quit; if answers could not be saved, ask what to do with them first (and a
        voter's ballot asks whether to quit at all)."""
        if not asked and ask_before_quitting(self, lambda: self.action_quit(asked=True)):
            return
        self.flush_all()
        unsaved = [s for s in self.sessions if s.unsaved]
        if not unsaved:
            self.exit()
            return
        self.ask_about_unsaved(unsaved[0], then=self.action_quit)

    def ask_about_unsaved(self, session: PlanSession, then: Callable[[], Any]) -> None:
        """Answers could not be saved: retry, save a copy elsewhere, or lose them (in words).

        *then* runs once the answers are saved, copied or given up; Cancel stays.
        """
        ask_about_unsaved(self, session, then)

    def action_help_quit(self) -> None:
        """Ctrl+C (pressed out of habit): say how to quit, in plain words."""
        quit_keys = shown(self, "app.quit")
        self.notify(f"{quit_keys} saves and quits. (Ctrl+C copies, in a text field.)", timeout=6)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return system_commands(super().get_system_commands(screen), self.action_screenshot)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """The palette's Screenshot (see :mod:`pilot2prod.tui.screenshot`)."""
        from pilot2prod.tui.screenshot import save_screenshot

        save_screenshot(self, self.store.root, filename, path)

    def action_help(self) -> None:
        from pilot2prod.tui.screens.help import HelpScreen  # deferred: Markdown is slow to load

        if not isinstance(self.screen, HelpScreen):
            from pilot2prod.tui.help_sections import help_sections

            self.push_screen(HelpScreen(help_sections(self)))

    # --- The terminal going away ----------------------------------------------------------------

    def terminate(self) -> None:
        """SIGHUP, SIGTERM or a lost terminal: save everything, then leave promptly.

        Answers that cannot be saved go to a recovery file, named on stderr at exit (exit 1).
        """
        self.flush_all()
        keep_unsaved(self)
        status = 1 if self.exit_messages else 0
        # If the app does not stop in time, say it here, then end.
        end_after(EXIT_GRACE, status, lambda: say(self.exit_messages))
        self.exit(return_code=status)


def tidy_quietly(store: Store) -> None:
    """The store tidied after the app's first frame, as housekeeping: a folder it cannot read
    (another user's temporary folder, say) leaves what is there, and the app carries on."""
    with contextlib.suppress(OSError):
        store.tidy()
