"""The pilot2prod Textual app: home, wizard, review, preview, help."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.binding import Binding
from textual.driver import Driver
from textual.geometry import Size
from textual.notifications import SeverityLevel
from textual.widgets import Input

from pilot2prod import resources
from pilot2prod.bank import Bank
from pilot2prod.errors import Pilot2ProdError
from pilot2prod.fileio import FileLock
from pilot2prod.plan import answer_text, currency, plain_value
from pilot2prod.store import Recovery, Store
from pilot2prod.text import clean, for_terminal, one_line
from pilot2prod.tui.ordered_input import OrderedInputApp
from pilot2prod.tui.render import key_label, key_rows
from pilot2prod.tui.session import PlanSession
from pilot2prod.tui.themes import THEMES, use_no_colour
from pilot2prod.tui.typeahead import StrayKeys, takes_text
from pilot2prod.tui.wizard import WizardScreen

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from pilot2prod.tui.screens.home import HomeScreen


def home_screen() -> type[HomeScreen]:
    """The list of plans' screen class, loaded when first shown: a plan opened from the command
    line starts without it (and without the summaries it reads)."""
    from pilot2prod.tui.screens.home import HomeScreen

    return HomeScreen


FIRST_SCREEN_WAIT = 30.0
"""Seconds run_test waits for the first screen before handing over anyway."""
EXIT_GRACE = 1.5
"""Seconds the app may take to shut down after SIGHUP/SIGTERM before it is ended outright."""


class Pilot2ProdApp(OrderedInputApp[None]):
    CSS_PATH = "app.tcss"
    TITLE = "pilot2prod"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="save and quit"),
        Binding("f1", "help", "Help", tooltip="this help"),
        Binding(
            "ctrl+l",
            "select_answer",
            "Select all",
            show=False,
            tooltip="select the whole answer in a text box, so what you type replaces it",
        ),
    ]

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
    ) -> None:
        super().__init__()
        if self.no_color:
            use_no_colour(self._filters)
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
        self.bank = bank
        self.order = bank.order
        self.open_path = open_path
        self.start_step = step_id
        self.present = present
        """Show the plan at *open_path* in the presenter view only: read, never written."""
        self.workshop = workshop
        """Start the workshop timer on the plan opened first (``open --workshop``)."""
        self.clock: Callable[[], float] = time.time
        """The wall clock the workshop timer reads (tests put a fake one here)."""
        self._terminal_fd: int | None = None
        self.sessions: list[PlanSession] = []
        """Every plan opened in this run; saved once more after the app stops, however it stops."""
        self.exit_messages: list[str] = []
        """Lines for stderr once the terminal is given back (answers kept in recovery files)."""
        self.not_now: set[Path] = set()
        """Recovery files someone said "not now" to: asked about again at the next start."""
        self.started = asyncio.Event()
        """Set once the first screen (the plan, or the list of plans) has been drawn."""
        self.animation_level = "none"
        """Nothing moves on its own (calm on a projector, fewer bytes on a slow link): a scroll
        to a focused field is a jump, never an animation that another scroll can cut short."""
        self._notices: dict[str, float] = {}
        """Notices on screen now, and when each goes."""
        self.stray_keys = StrayKeys(self.notify)
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
            self._install_signal_handlers()
            self._watch_terminal()

    def _first_screen(self) -> None:
        if self.present and self.open_path is not None:
            self._present(self.open_path)
        elif self.open_path is not None:
            # Straight to the plan: the list of plans is built when someone goes back to it.
            self.open_plan(self.open_path, self.start_step)
        else:
            self.push_screen(home_screen()(self.store, self.bank))
        self.call_after_refresh(self._first_screen_drawn)
        self._fit_window(self.size)

    def _present(self, path: Path) -> None:
        """The presenter view on its own (``pilot2prod present``): no lock, no session."""
        from pilot2prod.tui.screens.presenter import FileFeed, PresenterScreen

        try:
            plan = self.store.load(path)
        except (Pilot2ProdError, OSError) as exc:
            self.exit_messages.append(f"pilot2prod: {clean(str(exc))}")
            self.exit(return_code=1)
            return
        self.push_screen(PresenterScreen(self.bank, FileFeed(self.store, path, plan)))

    def on_resize(self, event: events.Resize) -> None:
        self._fit_window(event.size)

    def _fit_window(self, size: Size) -> None:
        """Below the smallest size the screens are laid out for, say so instead of showing a
        broken screen; take the notice away once the window is big enough again."""
        from pilot2prod.tui.screens.too_small import TooSmall, too_small

        shown = self.screen if isinstance(self.screen, TooSmall) else None
        if too_small(size):
            if shown is None:
                if self.started.is_set() or len(self.screen_stack) > 1:
                    self.push_screen(TooSmall(size))
            else:
                shown.show_size(size)
        elif shown is not None:
            self.pop_screen()

    def _first_screen_drawn(self) -> None:
        self.resume_collection()
        self.started.set()

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
            self.notify("Ctrl+L selects the whole answer of a text box; move to one first.")

    def watch_theme(self, theme: str) -> None:
        """Remember the theme chosen in the command palette for next time (a projector, say)."""
        if getattr(self, "_remember_theme", False):
            self.store.save_settings(theme=theme)

    # --- Plans ----------------------------------------------------------------------------------

    def on_home_screen_open(self, message: HomeScreen.Open) -> None:
        self.open_plan(message.path, message.step_id, message.question_id)

    def on_home_screen_open_example(self, message: HomeScreen.OpenExample) -> None:
        self.open_example()

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

    def on_home_screen_recover(self, message: HomeScreen.Recover) -> None:
        self.offer_recoveries(self.store.recoveries())

    def open_plan(
        self, path: Path, step_id: str | None = None, question_id: str | None = None
    ) -> None:
        """Open a plan for editing, the same way whatever asked (home, ``open``, ``demo``,
        ``new --from``): first offer back the answers a window could not save in it, then take
        the edit lock; if another window is editing it, ask first."""
        self.offer_recoveries(
            self.store.recoveries(path), then=lambda: self._edit(path, step_id, question_id)
        )

    def offer_recoveries(
        self, recoveries: list[Recovery], then: Callable[[], None] | None = None
    ) -> None:
        """Offer back answers kept in recovery files, one file at a time, saying what each
        holds: restore them into the plan, not now (asked again next time), or discard them.
        *then* runs once every one has been answered (at once when there are none)."""
        recoveries = [r for r in recoveries if r.file not in self.not_now]
        if not recoveries:
            if then is not None:
                then()
            return
        from pilot2prod.tui.dialogs import Choose  # deferred: needed only when there are some

        recovery, rest = recoveries[0], recoveries[1:]

        def chosen(choice: str | None) -> None:
            if choice == "restore":
                try:
                    self.store.restore(recovery, self.order)
                except (Pilot2ProdError, OSError) as exc:
                    self.notify(f"Could not restore them: {exc}", severity="error", timeout=12)
                else:
                    count = len(recovery.changed)
                    what = "1 answer" if count == 1 else f"{count} answers"
                    self.notify(f"Restored {what} into {recovery.plan_file.name}.")
            elif choice == "discard":
                self.store.discard(recovery)
            else:
                self.not_now.add(recovery.file)
            self.offer_recoveries(rest, then)

        self.push_screen(
            Choose(
                "Unsaved answers were kept",
                recovery_text(self.bank, recovery),
                [
                    ("restore", "Restore them into the plan"),
                    ("later", "Not now (ask again next time)"),
                    ("discard", "Discard them"),
                ],
            ),
            chosen,
        )

    def _edit(self, path: Path, step_id: str | None, question_id: str | None) -> None:
        """Take the plan's edit lock and open it; if another window is editing it, ask first."""
        lock, holder = self.store.take_edit_lock(path)
        if holder is None:
            self._open_session(path, step_id, question_id, lock=lock)
            return
        from pilot2prod.tui.dialogs import Choose  # deferred: most opens ask nothing

        def chosen(choice: str | None) -> None:
            if choice in ("follow", "edit"):
                self._open_session(path, step_id, question_id, read_only=choice == "follow")
            else:
                self.show_home()

        self.push_screen(
            Choose(
                "This plan is open in another window",
                f"{path.name} is being edited {holder.describe()}. Answers from both windows "
                "are merged as they are saved; an answer changed in both is kept from the "
                "later one, and the other is listed as a conflict.",
                [
                    ("follow", "Follow it read-only (its answers show here as they are saved)"),
                    ("edit", "Edit here as well"),
                    ("cancel", "Cancel"),
                ],
            ),
            chosen,
        )

    def _open_session(
        self,
        path: Path,
        step_id: str | None,
        question_id: str | None,
        *,
        read_only: bool = False,
        lock: FileLock | None = None,
    ) -> None:
        try:
            session = PlanSession.open(self.store, self.bank, path, read_only=read_only, lock=lock)
        except Pilot2ProdError as exc:
            if lock is not None:
                lock.release()
            self.show_home()
            self.notify(str(exc), severity="error", timeout=10)
            return
        workshop, self.workshop = self.workshop, False  # for the first plan opened only
        self.push_screen(WizardScreen(session, step_id, question_id, workshop=workshop))

    def open_example(self) -> None:
        try:
            path = self.store.demo(resources.example_path(), self.order)
        except (Pilot2ProdError, OSError) as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.open_plan(path)

    def flush_all(self) -> None:
        """Save every open plan now."""
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

        A notice already on screen is not shown twice. Notices take rows of their own (a split
        at the bottom of the screen, app.tcss); a notice removes itself when its time is up
        and leaves its rack shown with no rows, which takes every row from the screen: once
        the last notice is gone, the rack is hidden.
        """
        text = for_terminal(message)
        now = time.monotonic()
        wait = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        if self._notices.get(text, 0.0) > now:
            return
        self._notices = {k: v for k, v in self._notices.items() if v > now} | {text: now + wait}
        super().notify(text, title=title, severity=severity, timeout=timeout, markup=markup)
        self.set_timer(wait + 0.1, self._hide_empty_notices)

    def _hide_empty_notices(self) -> None:
        for screen in self.screen_stack:
            for rack in screen.query_children("ToastRack"):
                if not rack.children:
                    rack.display = False

    # --- Actions --------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Save and quit; if answers could not be saved, ask what to do with them first."""
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
        from pilot2prod.tui.dialogs import Choose, Prompt

        def chosen(choice: str | None) -> None:
            if choice == "retry":
                if session.flush():
                    self.notify(f"Saved {session.path.name}.")
                    self.call_later(then)
                else:
                    self.ask_about_unsaved(session, then)
            elif choice == "copy":
                self.push_screen(
                    Prompt(
                        "Save a copy elsewhere",
                        "File to save this window's answers to",
                        str(copy_place(session.path)),
                        ok="Save the copy",
                    ),
                    lambda where: save_copy(where),
                )
            elif choice == "lose":
                session.discarded = True
                self.call_later(then)

        def save_copy(where: str | None) -> None:
            if not where:
                self.ask_about_unsaved(session, then)
                return
            target = Path(where).expanduser()
            try:
                session.save_copy(target)
            except OSError as exc:
                self.notify(f"cannot save {target} ({exc.strerror or exc})", severity="error")
                self.ask_about_unsaved(session, then)
                return
            self.notify(f"This window's answers are saved in {target}.")
            self.call_later(then)

        self.push_screen(
            Choose(
                "These answers are not saved",
                f"{session.error or 'Saving failed'}.",
                [
                    ("retry", "Try saving again"),
                    ("copy", "Save a copy elsewhere…"),
                    ("lose", "Quit and lose these answers"),
                    ("cancel", "Cancel (stay here)"),
                ],
            ),
            chosen,
        )

    def action_help_quit(self) -> None:
        """Ctrl+C (pressed out of habit): say how to quit, in plain words."""
        self.notify("Ctrl+Q saves and quits. (Ctrl+C copies, in a text field.)", timeout=6)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """The palette's "Save screenshot": an SVG in the downloads folder when there is one,
        else in the current folder, else in the data directory; the notice says where."""
        from platformdirs import user_downloads_dir

        name = filename or f"pilot2prod-{time.strftime('%Y-%m-%dT%H%M%S')}.svg"
        places = [Path(path)] if path else [Path(user_downloads_dir()), Path.cwd(), self.store.root]
        svg = self.export_screenshot()
        problem = ""
        for folder in places:
            if not folder.is_dir():
                continue
            target = folder / name
            try:
                target.write_text(svg, encoding="utf-8")
            except OSError as exc:
                problem = f"cannot save a screenshot in {folder} ({exc.strerror or exc})"
                continue
            self.notify(f"Screenshot saved: {target}", timeout=8)
            return
        self.notify(problem or "No folder to save the screenshot in.", severity="error")

    def action_help(self) -> None:
        from pilot2prod.tui.screens.help import HelpScreen  # deferred: Markdown is slow to load

        if not isinstance(self.screen, HelpScreen):
            from pilot2prod.tui.dialogs import DIALOG_KEYS
            from pilot2prod.tui.screens.presenter import PresenterScreen

            wizard = [
                ("Tab / Shift+Tab", "next / previous field (they stop at a step's ends)"),
                ("Enter", "next field (in a one-line field); on 'Next step ›', the next step"),
                ("Typing on a list", "starts a new row with what you type"),
                ("A letter on a choice", "moves to the next option starting with it"),
                *key_rows(WizardScreen.BINDINGS),
            ]
            everywhere = [
                *key_rows(self.BINDINGS),
                (key_label(self.COMMAND_PALETTE_BINDING), "command palette (also: switch theme)"),
            ]
            self.push_screen(
                HelpScreen(
                    [
                        ("In the wizard", wizard),
                        ("On the list of plans", key_rows(home_screen().BINDINGS)),
                        ("In the presenter view", key_rows(PresenterScreen.BINDINGS)),
                        ("In a dialog", DIALOG_KEYS),
                        ("Everywhere", everywhere),
                    ]
                )
            )

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
        """SIGHUP, SIGTERM or a lost terminal: save everything, then leave promptly.

        Answers that cannot be saved go to a recovery file, named on stderr at exit (exit 1).
        """
        self.flush_all()
        keep_unsaved(self)
        status = 1 if self.exit_messages else 0

        def last_word() -> None:  # the app did not stop in time: say it here, then end
            say(self.exit_messages)
            os._exit(status)

        watchdog = threading.Timer(EXIT_GRACE, last_word)
        watchdog.daemon = True
        watchdog.start()
        self.exit(return_code=status)


RECOVERY_LINES = 4
"""Answers a recovery offer lists (the rest are counted)."""


def recovery_text(bank: Bank, recovery: Recovery) -> str:
    """What a recovery file holds, in words: how many answers, when, where, and the first
    few of them (question: value)."""
    plan = recovery.plan
    count = len(recovery.changed)
    when = recovery.saved.replace("T", " ").removesuffix("Z")
    what = "1 answer" if count == 1 else f"{count} answers"
    were = "was" if count == 1 else "were"
    lines = [
        f"{what} to '{plan.name}' could not be saved on {when} UTC and {were} kept in "
        f"{recovery.file}:"
    ]
    money = currency(bank, plan)
    for qid in recovery.changed[:RECOVERY_LINES]:
        question = bank.question(qid)
        if qid in plan.drafts:
            value = f"{plan.drafts[qid]} (to fix)"
        elif qid in plan.answers:
            answer = plan.answers[qid]
            value = answer_text(question, answer, money) if question else plain_value(answer)
        else:
            value = "(cleared)"
        label = one_line(question.prompt if question else qid, 24)
        lines.append(one_line(f"• {label}: {value}", 62))
    if count > RECOVERY_LINES:
        lines.append(f"… and {count - RECOVERY_LINES} more")
    return "\n".join(lines)


def copy_place(path: Path) -> Path:
    """Where to suggest saving a copy: the home folder if it can be written, else temp."""
    import tempfile

    home = Path.home()
    folder = home if os.access(home, os.W_OK) else Path(tempfile.gettempdir())
    return folder / f"{path.stem}-unsaved.toml"


def keep_unsaved(app: Pilot2ProdApp) -> None:
    """Write the answers no save could keep to recovery files, and note what to tell."""
    for session in app.sessions:
        if session.answers_dirty and not session.discarded and not session.flush():
            file = session.write_recovery()
            if file is not None:
                app.exit_messages.append(
                    f"pilot2prod: {session.path.name} could not be saved; its unsaved answers "
                    f"are in {file} (the next start offers to restore them)"
                )
            else:
                app.exit_messages.append(
                    f"pilot2prod: {session.path.name} could not be saved, and no recovery file "
                    "could be written either; the answers typed since the last save are lost"
                )


def say(lines: list[str]) -> None:
    for line in lines:
        with contextlib.suppress(OSError, ValueError):
            print(for_terminal(line), file=sys.stderr, flush=True)


def run_app(
    store: Store,
    bank: Bank,
    open_path: Path | None = None,
    step_id: str | None = None,
    *,
    theme: str | None = None,
    present: bool = False,
    workshop: bool = False,
) -> int:
    """Run the app in the terminal; returns the exit status. *theme* is for this run only;
    *present* shows the plan at *open_path* in the presenter view."""
    app = Pilot2ProdApp(
        store, bank, open_path, step_id, theme=theme, present=present, workshop=workshop
    )
    try:
        app.run()
    finally:
        # Even after an unexpected error, nothing typed is lost: saved, or kept for recovery.
        if not app.exit_messages:
            keep_unsaved(app)
        for session in app.sessions:
            session.close()
        say(app.exit_messages)
    if app.exit_messages:
        return 1
    return app.return_code or 0
