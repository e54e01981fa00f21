"""The pilot2prod Textual app: home, wizard, review, preview, help."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
from pathlib import Path

from textual import events
from textual.binding import Binding
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.widgets import Input

from pilot2prod import resources
from pilot2prod.bank import Bank
from pilot2prod.errors import Pilot2ProdError
from pilot2prod.plan import Plan
from pilot2prod.store import Store
from pilot2prod.text import clean, for_terminal
from pilot2prod.tui.ordered_input import OrderedInputApp
from pilot2prod.tui.session import PlanSession

EXIT_GRACE = 1.5
"""Seconds the app may take to shut down after SIGHUP/SIGTERM before it is ended outright."""


class Pilot2ProdApp(OrderedInputApp[None]):
    CSS_PATH = "app.tcss"
    TITLE = "pilot2prod"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help"),
    ]

    def __init__(
        self,
        store: Store,
        bank: Bank,
        open_path: Path | None = None,
        step_id: str | None = None,
        *,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink
        """False for stable screenshots and snapshot tests."""
        self.store = store
        self.bank = bank
        self.order = [q.id for q in bank.questions()]
        self.open_path = open_path
        self.start_step = step_id
        self._terminal_fd: int | None = None
        self.sessions: list[PlanSession] = []
        """Every plan opened in this run; saved once more after the app stops, however it stops."""

    def on_mount(self) -> None:
        from pilot2prod.tui.screens.home import HomeScreen

        theme = self.store.settings().get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self._remember_theme = True
        self.push_screen(HomeScreen())
        if self.open_path is not None:
            self.open_plan(self.open_path, self.start_step)
        if not self.is_headless:
            self._install_signal_handlers()
            self._watch_terminal()

    def get_driver_class(self) -> type[Driver]:
        """Textual's own driver, but on Linux and macOS one that keeps pastes as text."""
        driver = super().get_driver_class()
        if sys.platform != "win32":
            from textual.drivers.linux_driver import LinuxDriver

            from pilot2prod.tui.driver import TerminalDriver

            if driver is LinuxDriver:
                return TerminalDriver
        return driver

    def prepare_input(self, event: events.Event) -> events.Event:
        """Pastes are text, never keys: no control characters, and every line kept."""
        if isinstance(event, events.Paste):
            text = clean(event.text)
            if isinstance(self.focused, Input):
                lines = [" ".join(line.split()) for line in text.split("\n")]
                joined = " ".join(line for line in lines if line)
                if sum(1 for line in lines if line) > 1:
                    self.notify("The pasted lines were joined into one: this field holds one line.")
                text = joined if "\n" in text else text.replace("\t", " ")
            event.text = text
        return event

    def watch_theme(self, theme: str) -> None:
        """Remember the theme chosen in the command palette for next time (a projector, say)."""
        if getattr(self, "_remember_theme", False):
            self.store.save_settings(theme=theme)

    # --- Plans ----------------------------------------------------------------------------------

    def create_plan(self, name: str, organisation: str = "") -> Path:
        plan = Plan.new(name, self.bank)
        if organisation.strip():
            question = self.bank.question("organisation")
            if question is not None:
                plan.set(question, organisation)
        return self.store.create(plan, self.order)

    def open_plan(
        self, path: Path, step_id: str | None = None, question_id: str | None = None
    ) -> None:
        from pilot2prod.tui.screens.wizard import WizardScreen

        try:
            session = PlanSession.open(self.store, self.bank, path)
        except Pilot2ProdError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.push_screen(WizardScreen(session, step_id, question_id))

    def open_example(self) -> None:
        try:
            path = self.store.demo(resources.example_path(), self.order)
        except (Pilot2ProdError, OSError) as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.open_plan(path)

    def flush_all(self) -> None:
        """Save every open plan now."""
        from pilot2prod.tui.screens.wizard import WizardScreen

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
        """Notifications here carry file names and plan text: never markup, never controls."""
        super().notify(
            for_terminal(message), title=title, severity=severity, timeout=timeout, markup=markup
        )

    # --- Actions --------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        self.flush_all()
        self.exit()

    def action_help(self) -> None:
        from pilot2prod.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # --- The terminal going away ----------------------------------------------------------------

    def _install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._terminate)

    def _watch_terminal(self) -> None:
        """Notice a terminal that vanished without a signal (its tty reads EOF or fails)."""
        try:
            import termios

            fd = sys.__stdin__.fileno() if sys.__stdin__ else -1
            if fd < 0 or not os.isatty(fd):
                return
            termios.tcgetattr(fd)
        except (ImportError, OSError, ValueError):
            return
        self._terminal_fd = fd
        self.set_interval(1.0, self._check_terminal)

    def _check_terminal(self) -> None:
        import termios

        if self._terminal_fd is None:
            return
        try:
            termios.tcgetattr(self._terminal_fd)
        except (termios.error, OSError):
            self._terminal_fd = None
            self._terminate()

    def _terminate(self) -> None:
        """SIGHUP, SIGTERM or a lost terminal: save everything, then leave promptly."""
        self.flush_all()
        watchdog = threading.Timer(EXIT_GRACE, os._exit, args=(0,))
        watchdog.daemon = True
        watchdog.start()
        self.exit()


def run_app(
    store: Store, bank: Bank, open_path: Path | None = None, step_id: str | None = None
) -> int:
    """Run the app in the terminal; returns the exit status."""
    app = Pilot2ProdApp(store, bank, open_path, step_id)
    try:
        app.run()
    finally:
        # Even after an unexpected error, nothing typed is lost.
        for session in app.sessions:
            session.flush()
    return app.return_code or 0
