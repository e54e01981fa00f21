"""Textual's private names: each one the app relies on still exists and behaves as relied on, on
the installed Textual, and none is used outside ``pilot2prod.tui.compat``.

A Textual upgrade that renames or changes one of them fails here, by name. The first half
checks every entry of ``compat.REGISTRY`` (one check per entry; an entry without a check fails);
the second half scans ``src/`` (its syntax trees, and its classes once imported).
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import functools
import hashlib
import importlib
import inspect
import itertools
import os
import pkgutil
import re
import subprocess
import sys
import textwrap
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Self

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import constants, events, messages
from textual._compositor import ChopsUpdate, Compositor
from textual._queue import Queue
from textual._styles_cache import StylesCache
from textual.app import App, ComposeResult
from textual.color import Color
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.css.stylesheet import Stylesheet, StylesheetParseError
from textual.dom import DOMNode
from textual.filter import LineFilter, Monochrome, NoColor
from textual.geometry import Region, Size
from textual.message import Message
from textual.pilot import Pilot
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Label, RadioButton, RadioSet, TextArea
from textual.widgets.text_area import TextAreaTheme

import fast_apps
import pilot2prod.tui
from pilot2prod.tui import compat
from pilot2prod.tui.compat import parts, renders, resume, warm
from pilot2prod.tui.compat.layout import OneLayoutScreen
from pilot2prod.tui.compat.radio import DrawnRadioButton
from pilot2prod.tui.compat.terminal import InputThreadDriver, XTermParser
from pilot2prod.tui.compat.text_area import LeanTextArea
from pilot2prod.tui.compat.widgets import LeanInput

SRC = Path(__file__).resolve().parents[1] / "src" / "pilot2prod"
COMPAT = SRC / "tui" / "compat"

NOT_YET_MOVED: dict[str, set[str]] = {
    # Private names still used outside compat while a restructuring moves them (empty: every
    # use goes through compat). The scan fails for any use not listed here, and for any entry
    # listed here that is no longer used (so it cannot go stale).
}

RUN_INPUT_THREAD_SHA256 = "d796af6d69db337d6fa6bd463984f7d17188d991dbb22f60efb92a8a9619507c"
"""Of the source of LinuxDriver.run_input_thread in Textual 8.2.8, which
compat.terminal.InputThreadDriver copies. When this changes, read Textual's new loop, bring its
changes into the copy, then record the new hash here."""


# --- A small app to look at Textual with -----------------------------------------------------


class Ping(Message):
    """A message nothing handles but :class:`Probe`."""


class Probe(Label):
    """A widget that handles Ping (by doing nothing)."""

    def on_ping(self, message: Ping) -> None:
        pass


class ProbeApp(compat.CleanShutdownApp[None]):
    def __init__(self) -> None:
        super().__init__()
        self.hook_saw: list[bool] = []

    def compose(self) -> ComposeResult:
        yield Probe("probe", id="probe")
        with RadioSet(id="radios"):
            yield RadioButton("Alpha")
            yield RadioButton("Bravo")
            yield RadioButton("Charlie")
        yield Input(compact=True, id="compact")
        yield Input(id="roomy")

    async def before_shutdown(self) -> None:
        self.hook_saw.append(compat.is_closing(self.screen))


Check = Callable[[], Awaitable[None]]
CHECKS: dict[tuple[str, str], Check] = {}


def check(owner: str, name: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[owner, name] = function
        return function

    return register


async def settled(pilot) -> None:
    await pilot.pause()
    await pilot.pause()


@check(compat.MESSAGE_PUMP, "_closing")
@check(compat.MESSAGE_PUMP, "_closed")
async def check_closing() -> None:
    app = ProbeApp()
    async with app.run_test() as pilot:
        probe = app.query_one(Probe)
        assert type(probe._closing) is bool and type(probe._closed) is bool
        assert not probe._closing and not probe._closed
        assert not compat.is_closing(probe)
        await probe.remove()
        await settled(pilot)
        assert probe._closing and probe._closed
        assert compat.is_closing(probe)
        assert compat.is_idle(probe)  # a closed pump handles nothing more: it counts as idle


@check(compat.MESSAGE_PUMP, "_message_queue")
async def check_message_queue() -> None:
    app = ProbeApp()
    async with app.run_test() as pilot:
        probe = app.query_one(Probe)
        await settled(pilot)
        assert probe._message_queue.empty()
        assert compat.is_idle(probe)
        probe.post_message(Ping())
        assert not probe._message_queue.empty()
        assert not compat.is_idle(probe)
        assert compat.first_busy(app.screen) is probe  # (the walk over the screen finds it)
        await settled(pilot)
        assert probe._message_queue.empty()
        assert compat.is_idle(probe)
        assert compat.first_busy(app.screen) is None
    await check_message_queue_made_on_first_use()


async def check_message_queue_made_on_first_use() -> None:
    """Textual's queue is made on the pump's first use and kept on the pump; tell_puts's is
    made the same way, and it is a Queue that notes what is put in it."""
    made_by_textual = compat._QUEUES
    pump = Probe("never started")
    assert "_message_queue" not in vars(pump)
    queue = made_by_textual.__get__(pump, Probe)
    assert type(queue) is Queue and vars(pump)["_message_queue"] is queue
    compat.tell_puts()
    another = Probe("never started either")
    telling = another._message_queue
    assert isinstance(telling, Queue) and vars(another)["_message_queue"] is telling
    assert another._message_queue is telling  # (made once)


@check("textual._queue", "Queue")
async def check_messages_go_in_through_put_nowait() -> None:
    compat.tell_puts()
    app = ProbeApp()
    async with app.run_test() as pilot:
        probe = app.query_one(Probe)
        await settled(pilot)
        queue = probe._message_queue
        assert isinstance(queue, Queue) and type(queue) is not Queue
        put: list[object] = []
        put_nowait = queue.put_nowait

        def noted(value: object) -> None:
            put.append(value)
            put_nowait(value)

        queue.put_nowait = noted  # type: ignore[method-assign]
        ping, from_a_thread = Ping(), Ping()

        def later() -> None:
            pass

        probe.post_message(ping)
        probe.call_later(later)
        await settled(pilot)
        probe.call_next(lambda: None)  # (nothing queued: it puts a Prompt)
        await settled(pilot)
        thread = threading.Thread(target=probe.post_message, args=(from_a_thread,))
        thread.start()
        thread.join()
        await settled(pilot)
        ours = [
            "ping"
            if value is ping
            else "thread"
            if value is from_a_thread
            else type(value).__name__
            for value in put
            if value in (ping, from_a_thread)
            or getattr(getattr(value, "callback", None), "func", None) is later  # (a partial)
            or isinstance(value, messages.Prompt)
        ]
        assert ours == ["ping", "Callback", "Prompt", "thread"]


@check(compat.QUEUE, "values")
@check(compat.DOM_NODE, "_nodes")
@check(compat.NODE_LIST, "_nodes")
async def check_the_walk_reads_queues_and_children_directly() -> None:
    app = ProbeApp()
    async with app.run_test() as pilot:
        probe = app.query_one(Probe)
        await settled(pilot)
        screen = app.screen
        assert screen._nodes is screen.children
        assert type(screen._nodes._nodes) is list
        assert screen._nodes._nodes == list(screen.children)
        assert [n for n in screen.walk_children(with_self=False)] == [
            n for n in _walk_by_lists(screen) if n is not screen
        ]
        queue = probe._message_queue
        assert isinstance(queue.values, deque) and not queue.values and queue.empty()
        ping = Ping()
        probe.post_message(ping)
        assert list(queue.values) == [ping] and not queue.empty()
        assert compat.first_busy(screen) is probe
        await settled(pilot)
        assert not queue.values and queue.empty()
        assert compat.first_busy(screen) is None


def _walk_by_lists(root):  # depth first, in order, as walk_children goes
    yield root
    for child in root._nodes._nodes:
        yield from _walk_by_lists(child)


@check(compat.MESSAGE_PUMP, "_pending_message")
async def check_pending_message() -> None:
    app = ProbeApp()
    async with app.run_test() as pilot:
        probe = app.query_one(Probe)
        await settled(pilot)
        assert probe._pending_message is None
        ping = Ping()
        probe.post_message(ping)
        # Textual takes a message off the queue to peek at it (to merge repeated messages):
        # the queue is then empty, and the pump is still not idle.
        assert probe._peek_message() is ping
        assert probe._pending_message is ping
        assert probe._message_queue.empty()
        assert not compat.is_idle(probe)
        assert compat.first_busy(app.screen) is probe
        await settled(pilot)
        assert probe._pending_message is None
        assert compat.is_idle(probe)


@check(compat.MESSAGE_PUMP, "_next_callbacks")
async def check_next_callbacks() -> None:
    app = ProbeApp()
    async with app.run_test() as pilot:
        probe = app.query_one(Probe)
        await settled(pilot)
        ran: list[str] = []
        assert probe._next_callbacks == []
        assert not compat.callbacks_waiting(probe)
        probe.call_next(ran.append, "ran")
        assert isinstance(probe._next_callbacks, list) and len(probe._next_callbacks) == 1
        assert compat.callbacks_waiting(probe)
        assert not compat.is_idle(probe)
        assert compat.first_busy(app.screen) is probe
        await settled(pilot)
        assert ran == ["ran"]
        assert not compat.callbacks_waiting(probe)
        assert compat.is_idle(probe)


@check(compat.APP, "_shutdown")
async def check_shutdown() -> None:
    assert inspect.iscoroutinefunction(App._shutdown)
    app = ProbeApp()
    async with app.run_test() as pilot:
        screen = app.screen
        await settled(pilot)
        assert app.hook_saw == []
    assert app.hook_saw == [False]  # once, before the screens closed
    assert compat.is_closing(screen)


@check(compat.APP, "_filters")
async def check_filters() -> None:
    before = os.environ.get("NO_COLOR")
    os.environ["NO_COLOR"] = "1"
    try:
        app = App()
    finally:
        if before is None:
            del os.environ["NO_COLOR"]
        else:
            os.environ["NO_COLOR"] = before
    filters = compat.colour_filters(app)
    assert type(filters) is list
    assert any(isinstance(f, Monochrome | NoColor) for f in filters)

    class Marker(LineFilter):
        def apply(self, segments, background):  # type: ignore[no-untyped-def]
            return segments

    marker = Marker()
    filters.append(marker)
    assert marker in app.get_line_filters()  # changed in place, read by Textual


@check(compat.APP, "_exit")
async def check_exit() -> None:
    app = ProbeApp()
    async with app.run_test() as pilot:
        await settled(pilot)
        assert app._exit is False
        assert not compat.app_is_exiting(app)
        app.exit()
        assert app._exit is True
        assert compat.app_is_exiting(app)


@check(compat.APP, "_notifications")
@check(compat.APP, "_unnotify")
async def check_notifications() -> None:
    app = ProbeApp()
    async with app.run_test() as pilot:
        app.notify("first")
        app.notify("second")
        await settled(pilot)
        shown = compat.notifications(app)
        assert [n.message for n in shown] == ["first", "second"]
        assert [n.message for n in app._notifications] == ["first", "second"]
        compat.unnotify(app, shown[0], refresh=False)
        assert [n.message for n in compat.notifications(app)] == ["second"]
        compat.unnotify(app, shown[1])
        await settled(pilot)
        assert compat.notifications(app) == []


@check("textual.widgets._toast", "ToastHolder")
async def check_toast_holders() -> None:
    from textual.widgets._toast import ToastHolder

    from pilot2prod.tui.compat import toasts

    app = ProbeApp()
    async with app.run_test(notifications=True) as pilot:
        app.notify("first", timeout=30)
        app.notify("second", timeout=30)
        await settled(pilot)
        first, second = compat.notifications(app)
        holders = list(app.screen.query(ToastHolder))
        assert [h.id for h in holders] == [f"--textual-toast-{n.identity}" for n in (first, second)]
        assert all(h.parent is app.screen.query_one("ToastRack") for h in holders)
        # Textual's own way of dropping a toast leaves its holder behind, empty:
        compat.unnotify(app, first, refresh=False)
        app.notify("third", timeout=30)
        await settled(pilot)
        assert [len(h.children) for h in app.screen.query(ToastHolder)] == [0, 1, 1]
        assert toasts.drop_stale_toast_holders(app, app.screen)
        await settled(pilot)
        assert [len(h.children) for h in app.screen.query(ToastHolder)] == [1, 1]
        # A holder just mounted, its toast not inside yet, is kept: it has a notification.
        app.notify("fourth", timeout=30)
        await pilot.pause(0)
        assert toasts.drop_stale_toast_holders(app, app.screen)
        await settled(pilot)
        assert len(app.screen.query(ToastHolder)) == 3
        # take_back takes the toast and its holder.
        toasts.take_back(app, second)
        await settled(pilot)
        assert [n.message for n in compat.notifications(app)] == ["third", "fourth"]
        assert len(app.screen.query(ToastHolder)) == 2
        for notification in compat.notifications(app):
            toasts.take_back(app, notification)
        await settled(pilot)
        assert not toasts.drop_stale_toast_holders(app, app.screen)
        assert len(app.screen.query(ToastHolder)) == 0


@check(compat.SCREEN, "_compositor_refresh")
@check(compat.SCREEN, "_dirty_widgets")
async def check_frames_left_undrawn() -> None:
    from textual.screen import Screen

    app = ProbeApp()
    async with app.run_test() as pilot:
        await settled(pilot)
        screen, probe = app.screen, app.query_one(Probe)
        marked = screen._compositor._dirty_regions
        # The update timer draws a changed screen through _compositor_refresh, found on the
        # class; left undrawn, the widget stays in _dirty_widgets and its region stays marked,
        # and the regions of the next frames are added to it.
        held: list[Screen] = []
        drawn: list[Screen] = []
        draw = Screen._compositor_refresh

        def leave_undrawn(self: Screen) -> None:
            held.append(self)

        Screen._compositor_refresh = leave_undrawn  # type: ignore[method-assign]
        try:
            probe.refresh()  # (a repaint)
            await settled(pilot)
            assert held and held[-1] is screen
            assert probe in screen._dirty_widgets and probe.region in marked
            roomy = app.query_one("#roomy", Input)
            roomy.value = "typed"  # (another widget, another frame)
            await settled(pilot)
            assert probe.region in marked and roomy.region in marked
            # A layout empties _dirty_widgets; the screen put back in it (as .frames does after
            # the timer's turn) brings the timer back, and the screen adds no region of its own.
            probe.update("a longer label, laid out again")
            await settled(pilot)
            assert not screen._dirty_widgets and marked
            count = len(held)
            screen._dirty_widgets.add(screen)
            screen.check_idle()
            await asyncio.sleep(0.2)
            assert len(held) > count
            assert not any(region.width == 80 and region.height == 24 for region in marked)

            def draw_now(self: Screen) -> None:
                drawn.append(self)
                draw(self)

            Screen._compositor_refresh = draw_now  # type: ignore[method-assign]
            screen._dirty_widgets.add(screen)
            screen.check_idle()
            await asyncio.sleep(0.2)
        finally:
            Screen._compositor_refresh = draw  # type: ignore[method-assign]
        # The frame drawn at last draws all of it, and empties both.
        assert drawn and not marked and not screen._dirty_widgets


@check("textual.widgets", "_text_area")
async def check_text_area_module() -> None:
    code = (
        "import textual.widgets\n"
        "from pilot2prod.tui import compat\n"
        "assert compat.loaded_text_area_class() is None, 'loaded before its first use'\n"
        "from textual.widgets import TextArea\n"
        f"assert TextArea.__module__ == {compat.TEXT_AREA_MODULE!r}, TextArea.__module__\n"
        "assert compat.loaded_text_area_class() is TextArea\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


@check("textual._xterm_parser", "XTermParser")
async def check_xterm_parser() -> None:
    parser = XTermParser(False)
    assert [event.key for event in parser.feed("a\tb\x1b[A")] == ["a", "tab", "b", "up"]
    assert list(parser.feed("\x1b")) == []  # Escape alone: it may begin a sequence
    time.sleep(constants.ESCAPE_DELAY * 2)
    assert [event.key for event in parser.tick()] == ["escape"]
    list(parser.feed(""))


@check("textual._parser", "ParseError")
async def check_parse_error() -> None:
    from textual._parser import ParseError

    assert issubclass(ParseError, Exception)
    parser = XTermParser(False)
    list(parser.feed(""))
    with pytest.raises(ParseError):
        list(parser.feed("a"))


@check("textual.driver.Driver", "_debug")
async def check_driver_debug() -> None:
    """The copied input loop, run on a pipe: keys in order, bytes that are not UTF-8 dropped,
    the driver's debug flag handed to the parser."""
    got: list[Message] = []
    made_with: list[bool] = []

    class Collecting(InputThreadDriver):
        def make_parser(self, debug: bool) -> XTermParser:
            made_with.append(debug)
            return XTermParser(False)  # (debug=True would write keys.log to the current folder)

        def process_message(self, message: Message) -> None:
            got.append(message)

    driver = Collecting(App(), debug=True)
    assert driver._debug is True
    read, write = os.pipe()
    driver.fileno = read
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()
    try:
        os.write(write, b"a\xffb\tc")
        deadline = time.monotonic() + 10
        while len(got) < 4 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
    finally:
        driver.exit_event.set()
        thread.join(10)
        os.close(write)
        os.close(read)
    assert made_with == [True]
    assert [getattr(m, "key", m) for m in got] == ["a", "b", "tab", "c"]


@check("textual.drivers.linux_driver.LinuxDriver", "run_input_thread")
async def check_run_input_thread() -> None:
    from textual.drivers.linux_driver import LinuxDriver

    source = inspect.getsource(LinuxDriver.run_input_thread)
    assert hashlib.sha256(source.encode()).hexdigest() == RUN_INPUT_THREAD_SHA256, (
        "Textual's input loop changed: bring the change into compat/terminal.py, then update "
        "RUN_INPUT_THREAD_SHA256"
    )
    assert "target=self._run_input_thread" in inspect.getsource(LinuxDriver)
    assert "self.run_input_thread()" in inspect.getsource(LinuxDriver._run_input_thread)


@check("textual.widgets.RadioSet", compat.HIGHLIGHT)
async def check_radio_highlight() -> None:
    app = ProbeApp()
    async with app.run_test() as pilot:
        radios = app.query_one(RadioSet)
        buttons = list(radios.query(RadioButton))
        radios.focus()
        await settled(pilot)
        assert [compat.is_highlighted(b) for b in buttons] == [True, False, False]
        await pilot.press("down")
        assert [compat.is_highlighted(b) for b in buttons] == [False, True, False]
        assert [b.has_class(compat.HIGHLIGHT) for b in buttons] == [False, True, False]
        assert radios.pressed_button is None  # the highlight only: nothing was chosen


@check("textual.widgets.RadioButton", "_button")
async def check_toggle_button() -> None:
    class Ticked(DrawnRadioButton):
        def draw_button(self) -> Content:
            return Content("<" + ("x" if self.value else " ") + ">")

    class Buttons(App[None]):
        def compose(self) -> ComposeResult:
            yield RadioButton("Plain", id="plain")
            yield DrawnRadioButton("Plain", id="drawn")
            yield Ticked("Mine", value=True, id="ticked")

    app = Buttons()
    async with app.run_test() as pilot:
        await settled(pilot)
        plain, drawn, ticked = (app.query_one(f"#{n}") for n in ("plain", "drawn", "ticked"))
        assert isinstance(inspect.getattr_static(RadioButton, "_button"), property)
        assert str(drawn.render()) == str(plain.render())  # Textual's own button by default
        assert str(ticked.render()).startswith("<x>")
        assert ticked.get_content_width(app.size, app.size) == len("<x> Mine ")


@check("textual.widgets.Input", "-textual-compact")
async def check_compact_input() -> None:
    app = ProbeApp()
    async with app.run_test():
        assert app.query_one("#compact", Input).has_class("-textual-compact")
        assert not app.query_one("#roomy", Input).has_class("-textual-compact")


@check(compat.SCREEN, "_on_screen_resume")
async def check_first_resume() -> None:
    """A pushed screen's widgets are styled when it handles its first ScreenResume, which asks
    for a restyle of the whole screen: Textual's handler does one, .resume's does not (only
    on that first one), and the widgets end styled the same either way."""
    restyled: list[object] = []
    seen: list[tuple[bool, object]] = []
    update_styles = App.update_styles
    resume.style_once()
    ours = Screen._on_screen_resume

    def recorded(self: App, node, animate: bool = True) -> None:  # type: ignore[no-untyped-def]
        restyled.append(node)
        update_styles(self, node, animate)

    def peek(handler):  # type: ignore[no-untyped-def]
        def handle(self: Screen, event: events.ScreenResume) -> None:
            if self.query(Label):  # (the pushed screen, not the app's default one)
                seen.append((event.refresh_styles, self.query_one(Label).styles.width))
            handler(self, event)

        return handle

    class Pushed(Screen[None]):
        CSS = "Label { width: 7; }"

        def compose(self) -> ComposeResult:
            yield Label("styled", id="label")

    styles = {}
    App.update_styles = recorded  # type: ignore[method-assign]
    try:
        for name, handler in (("textual", resume._resume), ("ours", ours)):
            Screen._on_screen_resume = peek(handler)  # type: ignore[method-assign]
            app = App[None]()
            async with app.run_test(size=(40, 6)) as pilot:
                await settled(pilot)
                restyled.clear()
                seen.clear()
                screen = Pushed()
                await app.push_screen(screen)
                await settled(pilot)
                label = screen.query_one(Label)
                assert seen == [(True, label.styles.width)] and label.size.width == 7
                styles[name] = (screen in restyled, label.rich_style, label.render_line(0).text)
                restyled.clear()
                screen.post_message(events.ScreenResume())  # (a later resume: restyled)
                await settled(pilot)
                assert screen in restyled
    finally:
        App.update_styles = update_styles  # type: ignore[method-assign]
        Screen._on_screen_resume = ours  # type: ignore[method-assign]
    assert styles["textual"][0] and not styles["ours"][0]
    assert styles["textual"][1:] == styles["ours"][1:]
    # What the skipped restyle would also have done: bring rules that a widget class mounted
    # first on the screen adds unscoped (SCOPED_CSS = False) to the widgets styled before it.
    # The only such classes are Textual's two below, whose rules select themselves and what
    # they hold (styled after them); a new one is for .resume to be looked at again.
    assert unscoped_default_css() == {"MarkdownParagraph", "MarkdownViewer"}


def unscoped_default_css() -> set[str]:
    """The widget classes of Textual and of the app whose own DEFAULT_CSS is not scoped."""
    import textual.widgets

    for package in (textual.widgets, pilot2prod.tui):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    found, todo = set(), [DOMNode]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if not sub.SCOPED_CSS and sub.__dict__.get("DEFAULT_CSS", "").strip():
                found.add(sub.__name__)
    return found - {"App"}


@contextlib.contextmanager
def layouts_made() -> Iterator[list[str]]:
    """The class name of each screen laid out while inside."""
    layouts: list[str] = []
    refresh_layout = Screen._refresh_layout

    def counted(self: Screen, *args, **kwargs):  # type: ignore[no-untyped-def]
        layouts.append(type(self).__name__)
        return refresh_layout(self, *args, **kwargs)

    Screen._refresh_layout = counted  # type: ignore[method-assign]
    try:
        yield layouts
    finally:
        Screen._refresh_layout = refresh_layout  # type: ignore[method-assign]


@contextlib.asynccontextmanager
async def pushed(screen: Screen) -> AsyncIterator[Pilot[None]]:
    """A plain app at 40x6 with *screen* pushed on it, settled."""
    app = App[None]()
    async with app.run_test(size=(40, 6)) as pilot:
        await app.push_screen(screen)
        await settled(pilot)
        yield pilot


class PlainLabel(Screen[None]):
    """A screen with one short label, laid out as Textual does."""

    def compose(self) -> ComposeResult:
        yield Label("short", id="label")


class OnceLabel(OneLayoutScreen[None]):
    """The same, laid out once (:mod:`pilot2prod.tui.compat.layout`)."""

    def compose(self) -> ComposeResult:
        yield Label("short", id="label")


@check("textual.widget.Widget", "_size_updated")
@check(compat.SCREEN, "_refresh_layout")
async def check_one_layout() -> None:
    """A label that grows is laid out once on a OneLayoutScreen; on a Screen, the virtual
    size the layout hands it asks for a second layout. Both end the same on screen."""

    seen = {}
    for screen in (PlainLabel(), OnceLabel()):
        async with pushed(screen) as pilot:
            label = screen.query_one("#label", Label)
            with layouts_made() as layouts:
                label.update("a label of many more words")
                await settled(pilot)
            assert label.virtual_size == label.size == Size(26, 1)
            drawn = label.render_line(0).text
            seen[type(screen).__name__] = (len(layouts), drawn)
    words = "a label of many more words"
    assert seen == {"PlainLabel": (2, words), "OnceLabel": (1, words)}


@check("textual.widget.Widget", "_repaint_regions")
async def check_a_resized_widget_stays_marked_for_repainting() -> None:
    """A widget handed a new size is marked whole (at the size it had) for repainting,
    without asking for a repaint; the mark goes with its next repaint. On a OneLayoutScreen,
    a layout that resizes a widget (and draws it whole) leaves no mark."""

    async with pushed(PlainLabel()) as pilot:
        label = pilot.app.screen.query_one("#label", Label)
        await settled(pilot)
        assert not label._repaint_regions
        label._size_updated(Size(30, 1), Size(30, 1), label.container_size, layout=False)
        whole = {Region(0, 0, 5, 1)}  # (all of it, at the size it had)
        assert label._repaint_regions == whole
        await settled(pilot)
        assert label._repaint_regions == whole  # (no repaint asked)
        label.refresh(Region(0, 0, 1, 1))
        await settled(pilot)
        assert not label._repaint_regions
    async with pushed(OnceLabel()) as pilot:
        label = pilot.app.screen.query_one("#label", Label)
        await settled(pilot)
        label.styles.width = 30
        await settled(pilot)
        assert label.size.width == 30 and not label._repaint_regions


@check(compat.SCREEN, "_compositor")
@check(compat.COMPOSITOR, "_full_map")
async def check_layout_compares_with_the_map_it_holds() -> None:
    """A layout marks to draw again what differs from the compositor's _full_map, then puts
    its own map there: compared with the map it made, nothing moved; with the map from before
    a scroll, every row moved."""

    class Rows(Screen[None]):
        def compose(self) -> ComposeResult:
            with VerticalScroll(id="rows"):
                for n in range(20):
                    yield Label(f"row {n}")

    screen = Rows()
    async with pushed(screen) as pilot:
        compositor = screen._compositor
        before = compositor._full_map
        assert screen.query_one("#rows") in before
        compositor._dirty_regions.clear()
        compositor.reflow(screen, screen.size)
        assert not compositor._dirty_regions
        assert compositor._full_map is not before and compositor._full_map == before
        screen.query_one("#rows").scroll_to(y=3, animate=False, immediate=True)
        await settled(pilot)
        compositor._full_map = before
        compositor._dirty_regions.clear()
        compositor.reflow(screen, screen.size)
        rows = screen.query_one("#rows").region
        assert compositor._dirty_regions and all(
            rows.contains_region(region) for region in compositor._dirty_regions
        )


@check(compat.COMPOSITOR, "_arrange_root")
@check(compat.COMPOSITOR, "_full_map_invalidated")
@check("textual.widget.Widget", "render_lines")
async def check_a_hidden_container_drawn_ahead_shows_without_drawing_again() -> None:
    """Labels inside a hidden container, laid out and drawn while it is hidden (.warm) at the
    size it will show at: the frames that show it draw none of them anew, and their rows are
    what they are drawn anew. Not drawn ahead, each is drawn as it shows."""

    class Hidden(OneLayoutScreen[None]):
        CSS = """
        #shown, #hidden { height: 1fr; }
        #hidden { display: none; }
        Label { border: round green; width: 100%; }
        """

        def compose(self) -> ComposeResult:
            with Vertical(id="shown"):
                yield Label("on screen")
            with Vertical(id="hidden"):
                for n in range(3):
                    yield Label(f"hidden {n} " * (n + 2))

    drawn: list[object] = []
    render_line = StylesCache.render_line

    def counted(self: StylesCache, styles, y, *args):  # type: ignore[no-untyped-def]
        drawn.append(styles.node)
        return render_line(self, styles, y, *args)

    drawn_as_shown = {}
    for ahead in (True, False):
        app = App[None]()
        async with app.run_test(size=(40, 14)) as pilot:
            fast_apps.draw_every_frame(app)
            screen = Hidden()
            await app.push_screen(screen)
            await settled(pilot)
            shown, hidden = screen.query_one("#shown"), screen.query_one("#hidden")
            labels = list(hidden.query(Label))
            if ahead:
                assert warm.warm(screen, hidden, shown.outer_size) == len(labels)
            drawn.clear()
            StylesCache.render_line = counted  # type: ignore[method-assign]
            try:
                shown.display, hidden.display = False, True
                await settled(pilot)
            finally:
                StylesCache.render_line = render_line  # type: ignore[method-assign]
            drawn_as_shown[ahead] = {label for label in labels if label in drawn}
            for label in labels:
                whole = Region(0, 0, *label.outer_size)
                kept = [strip.text for strip in label.render_lines(whole)]
                label._styles_cache.clear()
                assert kept == [strip.text for strip in label.render_lines(whole)]
                assert kept[1].strip("│ ").startswith("hidden")
    assert drawn_as_shown == {True: set(), False: drawn_as_shown[False]}
    assert len(drawn_as_shown[False]) == 3


@check(compat.COMPOSITOR, "_get_renders")
@check(compat.COMPOSITOR, "visible_widgets")
async def check_partial_frames_draw_what_shows() -> None:
    """A frame writes the same whether every widget on screen draws all its rows for it
    (Textual) or only those showing in it, for the rows no widget in front gives (.renders):
    docked, scrolled out of sight in part, bordered, layered and covered widgets, for
    rectangles of every row, part rows and blocks, and for whole frames; and a widget whose
    children cover it is not asked to draw."""

    class Crowd(App[None]):
        CSS = """
        Screen { layers: base above; }
        #top { dock: top; height: 2; background: blue; }
        #rows Label { border: round green; width: 30; }
        #float { layer: above; offset: 10 4; width: 16; height: 3; background: red; }
        """

        def compose(self) -> ComposeResult:
            yield Label("docked at the top", id="top")
            with VerticalScroll(id="rows"):
                for n in range(12):
                    yield Label(f"row {n}")
            yield Label("floating above", id="float")

    def partial_frame(app: App[None], crop: Region) -> str:
        compositor = app.screen._compositor
        spans = list(compositor._regions_to_spans([crop]))
        rows = {y for y, _, _ in spans}
        chops = compositor._render_chops(crop, rows.__contains__)
        ends = [cuts[1:] for cuts in compositor.cuts]
        return ChopsUpdate(chops, spans, ends).render_segments(app.console)

    app = Crowd()
    async with app.run_test(size=(40, 14)) as pilot:
        app.query_one("#rows").scroll_to(y=4, animate=False, immediate=True)
        await settled(pilot)
        compositor = app.screen._compositor
        assert next(iter(compositor.visible_widgets)) is app.query_one("#float")  # front first
        crops = [Region(0, y, 40, 1) for y in range(14)]
        crops += [Region(3, 5, 9, 1), Region(12, 2, 20, 6), Region(0, 0, 5, 14)]
        ours = renders._renders_shown_in
        for crop in crops:
            with monkeypatch_attribute(Compositor, "_get_renders", renders._get_renders):
                every = partial_frame(app, crop)
            with monkeypatch_attribute(Compositor, "_get_renders", ours):
                shown = partial_frame(app, crop)
            assert shown == every and every, crop
        with monkeypatch_attribute(Compositor, "_get_renders", renders._get_renders):
            every = compositor.render_full_update().render_segments(app.console)
        with monkeypatch_attribute(Compositor, "_get_renders", ours):
            shown = compositor.render_full_update().render_segments(app.console)
        assert shown == every

    class Covered(App[None]):
        CSS = """
        #box { height: 6; }
        #box Label { width: 1fr; height: 3; }
        """

        def compose(self) -> ComposeResult:
            with Vertical(id="box"):
                yield Label("one")
                yield Label("two")

    asked: list[tuple[Widget, Region]] = []

    def spy(widget: Widget, crop: Region) -> list[Strip]:
        asked.append((widget, crop))
        return Widget.render_lines(widget, crop)

    app = Covered()
    async with app.run_test(size=(40, 10)) as pilot:
        await settled(pilot)
        compositor = app.screen._compositor
        with monkeypatch_attribute(Compositor, "_get_renders", ours):
            for widget in compositor.visible_widgets:
                widget.render_lines = functools.partial(spy, widget)  # type: ignore[method-assign]
            compositor.render_full_update()
        # (the box is covered by its labels; of the screen, the rows below the box)
        widgets = [widget for widget, _ in asked]
        assert set(widgets[:2]) == set(app.query(Label)) and widgets[2:] == [app.screen]
        assert asked[-1][1] == Region(0, 6, 40, 4)


@check(compat.DOM_NODE, "_get_component_classes")
async def check_a_widget_restyled_keeping_its_parts() -> None:
    """The stylesheet asks the node it styles for its parts: a TextArea restyled by Textual
    gets new styles for each of its parts; restyled by .parts, the same ones, no part
    restyled, unless a rule that may style one of them (ending in its class, or in any node)
    has a focus. Its own styles follow its focus either way, and nothing is left shadowed."""

    class Box(App[None]):
        AUTO_FOCUS = None

        def __init__(self, css: str) -> None:
            self.CSS = css
            super().__init__()

        def compose(self) -> ComposeResult:
            yield TextArea("some words")

    by_focus = "TextArea:focus .text-area--cursor { color: blue; }"
    any_by_focus = "TextArea:focus * { color: blue; }"  # (a part is a node too: DOMNode)
    for css, kept in (("", True), (by_focus, False), (any_by_focus, False)):
        app = Box("TextArea:focus { background: red; } " + css)
        async with app.run_test(size=(40, 8)) as pilot:
            area = app.query_one(TextArea)
            await settled(pilot)
            before = dict(area._component_styles)
            assert len(before) >= 8
            app.update_styles(area)
            assert all(area._component_styles[k] is not v for k, v in before.items())
            before = dict(area._component_styles)
            area.set_reactive(TextArea.has_focus, True)  # (no watcher, no event: the restyle)
            parts.restyle_keeping_parts(area)
            same = [area._component_styles[k] is v for k, v in before.items()]
            assert same == [kept] * len(same), css
            assert area.styles.background == Color.parse("red")
            assert "_get_component_classes" not in vars(area)
            cursor = area.get_component_rich_style("text-area--cursor")
            assert (cursor.color is not None and cursor.color.triplet == (0, 0, 255)) != kept


async def test_a_widget_that_draws_less_than_asked_leaves_the_rest_to_those_behind():
    """A widget may draw narrower than its region in the frame's layout (its region in the
    map made since, as widgets mount, is): the cells it does not give are drawn by the
    widgets behind it, as Textual draws them, where a frame with a cell nobody gives would
    end the app (an AttributeError writing it, seen once under load in a go-to jump)."""

    class Stacked(App[None]):
        CSS = "#front { width: 1fr; height: 4; background: red; }"  # (whole rows)

        def compose(self) -> ComposeResult:
            yield Label("in front", id="front")

    def narrow(widget: Widget, crop: Region) -> list[Strip]:
        strips = Widget.render_lines(widget, crop)
        return [strip.crop(0, max(0, strip.cell_length - 3)) for strip in strips[:-1]]

    app = Stacked()
    async with app.run_test(size=(30, 6)) as pilot:
        await settled(pilot)
        front = app.query_one("#front", Label)
        front.render_lines = functools.partial(narrow, front)  # type: ignore[method-assign]
        compositor = app.screen._compositor
        with monkeypatch_attribute(Compositor, "_get_renders", renders._get_renders):
            every = compositor.render_full_update().render_segments(app.console)
        with monkeypatch_attribute(Compositor, "_get_renders", renders._renders_shown_in):
            shown = compositor.render_full_update().render_segments(app.console)
        assert shown == every  # (Textual keeps none of a row cut short: the screen's)


@contextlib.contextmanager
def monkeypatch_attribute(owner: object, name: str, value: object) -> Iterator[None]:
    before = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, before)


@check(compat.APP, "update_styles")
async def check_update_styles() -> None:
    """A class added and the focus lost restyle the widget through the app's update_styles;
    for a widget that is stylesheet.update_nodes of the widget and all it holds."""
    asked: list[DOMNode] = []

    class Spy(App[None]):
        def compose(self) -> ComposeResult:
            with Vertical(id="box"):
                yield Input(id="field")
                yield Label("a label")

        def update_styles(self, node: DOMNode, animate: bool = True) -> None:
            asked.append(node)
            super().update_styles(node, animate)

    app = Spy()
    async with app.run_test(size=(40, 6)) as pilot:
        await settled(pilot)
        box, field = app.query_one("#box", Vertical), app.query_one("#field", Input)
        assert app.focused is field
        asked.clear()
        box.add_class("-marked")
        app.set_focus(None)
        await settled(pilot)
        assert box in asked and field in asked
        given: list[list[DOMNode]] = []
        update_nodes = app.stylesheet.update_nodes
        app.stylesheet.update_nodes = lambda nodes, animate=False: given.append(list(nodes))  # type: ignore[method-assign]
        try:
            App.update_styles(app, box)
        finally:
            app.stylesheet.update_nodes = update_nodes  # type: ignore[method-assign]
        assert given == [list(box.walk_children(with_self=True))]
        assert len(given[0]) == 3
        # Called for a widget not in the app yet too (a class given before mounting it, and
        # TextArea's constructor), which mounting styles in full, so skipping it is safe.
        asked.clear()
        early = Label("early", classes="-wide")
        early.add_class("-marked")
        box_early = TextArea("text", compact=True)
        assert early in asked and box_early in asked
        assert not early.is_attached and not box_early.is_attached
        app.update_styles = lambda node, animate=True: None  # type: ignore[method-assign]
        app.stylesheet.add_source("Label.-marked { width: 9; }", read_from=("check", ""))
        app.stylesheet.parse()
        await app.screen.mount(early, box_early)
        await settled(pilot)
        assert early.styles.width is not None and early.styles.width.value == 9
        assert early.outer_size.width == 9
        assert box_early.styles.border_top[0] == ""  # (compact: no border)


@check("textual.widget.Widget", "_check_refresh")
async def check_layouts_asked_by_message() -> None:
    """A label mounted into a container inside a hidden one asks its screen for a layout,
    which a Screen makes and a OneLayoutScreen does not; shown, the hidden container is laid
    out with the label, drawn at its size, on both. Hidden and shown again between two
    layouts (none while updates are batched), with the label changed meanwhile, the label's
    repaint reaches the screen on both: nothing of it moved, so that repaint alone redraws it."""

    def hidden_box() -> Vertical:
        box = Vertical(Vertical(Label("first"), id="inner"), id="box")
        box.display = False
        return box

    class Plain(Screen[None]):
        def compose(self) -> ComposeResult:
            yield hidden_box()

    class Once(OneLayoutScreen[None]):
        def compose(self) -> ComposeResult:
            yield hidden_box()

    repainted: list[object] = []
    on_update = Screen._on_update

    async def recorded(self: Screen, message):  # type: ignore[no-untyped-def]
        repainted.append(message.widget)
        await on_update(self, message)

    seen = {}
    for screen in (Plain(), Once()):
        async with pushed(screen) as pilot:
            box = screen.query_one("#box", Vertical)
            with layouts_made() as layouts:
                inner = box.query_one("#inner", Vertical)
                await inner.mount(Label("a label mounted while hidden", id="late"))
                await settled(pilot)
                while_hidden = len(layouts)
                box.display = True
                await settled(pilot)
            late = screen.query_one("#late", Label)
            assert late.size == Size(28, 1)
            drawn = late.render_line(0).text
            seen[type(screen).__name__] = (while_hidden > 0, len(layouts) > while_hidden, drawn)
            repainted.clear()
            Screen._on_update = recorded  # type: ignore[method-assign]
            try:
                with pilot.app.batch_update():
                    box.display = False
                    late.update("changed while hidden")
                    await asyncio.sleep(0.05)  # (the label asks for its repaint now)
                    box.display = True
                await settled(pilot)
            finally:
                Screen._on_update = on_update  # type: ignore[method-assign]
            assert late in repainted, type(screen).__name__
    words = "a label mounted while hidden"
    assert seen == {"Plain": (True, True, words), "Once": (False, True, words)}


@check("textual.widgets.Input", "virtual_size")
async def check_input_virtual_size() -> None:
    class Inputs(App[None]):
        CSS = "Input { width: 12; }"

        def compose(self) -> ComposeResult:
            yield Input(id="plain")
            yield LeanInput(id="lean")

    text = "a sentence longer than the input is wide"
    app = Inputs()
    async with app.run_test() as pilot:
        plain, lean = app.query_one("#plain", Input), app.query_one("#lean", LeanInput)
        layouts: list[str] = []
        for widget in (plain, lean):
            refresh = widget.refresh

            def spy(*regions, widget=widget, refresh=refresh, **flags):  # type: ignore[no-untyped-def]
                if flags.get("layout"):
                    layouts.append(widget.id or "")
                return refresh(*regions, **flags)

            widget.refresh = spy  # type: ignore[method-assign]
        for widget in (plain, lean):
            widget.focus()
            for n, character in enumerate(text, 1):
                await pilot.press(character if character != " " else "space")
                assert widget.virtual_size == Size(n + 1, 1)  # what Input sets, each change
        await settled(pilot)
        assert "plain" in layouts and "lean" not in layouts  # Textual's asks for a layout
        app.screen.refresh(layout=True)  # a layout leaves the Input's own virtual size
        await settled(pilot)
        assert lean.virtual_size == plain.virtual_size == Size(len(text) + 1, 1)
        assert lean.scroll_x == plain.scroll_x > 0  # both keep the cursor in view
        assert lean.render_line(0).text == plain.render_line(0).text


@check("textual.widgets.TextArea", "_theme")
@check("textual.widgets.TextArea", "render_lines")
@check(compat.DOM_NODE, "_component_styles")
async def check_text_area_theme() -> None:
    """A LeanTextArea draws what a TextArea draws, line for line and style for style, as it
    is focused, typed into, left, its box's background changes (a class on what holds it),
    the app's theme changes and it takes a theme of its own; and it works its theme out
    again only when one of those changed, not for each key typed."""

    class Box(App[None]):
        AUTO_FOCUS = None
        CSS = ".lit { background: red; } TextArea:focus .text-area--cursor { color: blue; }"

        def __init__(self, kind: type[TextArea]) -> None:
            super().__init__()
            self.kind = kind

        def compose(self) -> ComposeResult:
            with Vertical(id="box"):
                yield self.kind("some words", soft_wrap=True)
            yield Input()

    async def scenario(kind: type[TextArea]) -> tuple[list[object], list[int]]:
        app = Box(kind)
        shots: list[object] = []
        applied: list[int] = []
        async with app.run_test(size=(40, 12)) as pilot:
            area = app.query_one(TextArea)

            async def shot() -> None:
                await settled(pilot)
                applied.append(0)
                area.refresh()
                lines = area.render_lines(Region(0, 0, area.size.width, area.size.height))
                shots.append([[(seg.text, seg.style) for seg in line] for line in lines])

            apply_css = TextAreaTheme.apply_css

            def counted(theme: TextAreaTheme, text_area: TextArea) -> None:
                applied[-1] += 1
                apply_css(theme, text_area)

            TextAreaTheme.apply_css = counted  # type: ignore[method-assign]
            try:
                await shot()
                area.focus()
                await shot()
                for key in "xyz":
                    await pilot.press(key)
                    await shot()
                app.query_one(Input).focus()
                await shot()
                app.query_one("#box").add_class("lit")
                await shot()
                app.theme = "textual-light"
                await shot()
                area.theme = "monokai"
                await shot()
            finally:
                TextAreaTheme.apply_css = apply_css  # type: ignore[method-assign]
        return shots, applied

    plain, plain_applied = await scenario(TextArea)
    lean, lean_applied = await scenario(LeanTextArea)
    assert len(lean) == len(plain) == 9
    assert all(plain[n] != plain[n + 1] for n in range(8))  # each step draws something new
    for n, (a, b) in enumerate(zip(plain, lean, strict=True)):
        assert a == b, n
    assert plain_applied[2:5] == [1, 1, 1]  # each key typed: worked out again
    assert lean_applied[2:5] == [0, 0, 0]
    assert all(lean_applied[n] for n in (0, 1, 5, 6, 7, 8)), lean_applied  # every change


@check("textual.widgets.TextArea", "_on_resize")
@check("textual.document._wrapped_document.WrappedDocument", "_width")
async def check_text_area_wraps_again_on_resize() -> None:
    """A TextArea narrowed so that its text wraps at other words on as many rows: its Resize
    handler, run after a subclass's on_resize, wraps the text for the new width, and asks
    for no repaint (the rows it drew stay wrapped for the wider box)."""

    class Seen(TextArea):
        seen: list[str] = []

        def on_resize(self) -> None:
            document = self.wrapped_document
            self.seen.append(f"on_resize, wrapped at {document.get_offsets(0)}")
            self.seen.append(f"for {document._width}, now {self.wrap_width}")

        def refresh(self, *regions: Region, **kwargs: bool) -> Self:
            self.seen.append("refresh")
            return super().refresh(*regions, **kwargs)

    class Boxed(OneLayoutScreen[None]):
        AUTO_FOCUS = None
        CSS = "#holder { width: 44; height: 8; } TextArea { height: 5; }"

        def compose(self) -> ComposeResult:
            with Vertical(id="holder"):
                yield Seen("word " * 12, soft_wrap=True)

    app = App[None]()
    async with app.run_test(size=(60, 10)) as pilot:
        screen = Boxed()
        await app.push_screen(screen)
        await settled(pilot)
        box = screen.query_one(Seen)
        before = box.wrapped_document.get_offsets(0)
        Seen.seen.clear()
        screen.query_one("#holder").styles.width = 36
        await settled(pilot)
        after = box.wrapped_document.get_offsets(0)
        assert len(after) == len(before) == 1 and after != before  # (two rows each)
        assert Seen.seen == [f"on_resize, wrapped at {before}", "for 39, now 31"]
        assert box.wrapped_document._width == box.wrap_width == 31


@check("textual.widgets.TextArea", "edit")
async def check_text_area_edit() -> None:
    """A key typed and an edit made by the app go through edit(), which asks from inside
    for a repaint of the whole TextArea (no region). (What else an edit changes on screen:
    tests/test_frames_add_up.py, which draws each frame of a LeanTextArea against it.)"""

    class Asked(TextArea):
        inside = False
        asked: list[tuple[bool, tuple[Region, ...]]] = []

        def edit(self, edit):  # type: ignore[no-untyped-def]
            self.inside = True
            try:
                return super().edit(edit)
            finally:
                self.inside = False

        def refresh(self, *regions, **flags):  # type: ignore[no-untyped-def]
            if flags.get("repaint", True) and not flags.get("layout"):
                self.asked.append((self.inside, regions))
            return super().refresh(*regions, **flags)

    class Box(App[None]):
        def compose(self) -> ComposeResult:
            yield Asked("some words\nmore", id="plain")

    app = Box()
    async with app.run_test(size=(30, 6)) as pilot:
        area = app.query_one(Asked)
        area.focus()
        await settled(pilot)
        for act in (lambda: area.post_message(events.Key("x", "x")), lambda: area.insert("y")):
            Asked.asked = []
            act()
            await settled(pilot)
            assert (True, ()) in Asked.asked, Asked.asked


@check(compat.STYLESHEET, "_parse_rules")
async def check_parse_rules() -> None:
    stylesheet = Stylesheet(variables={"accent": "#ff0000"})
    stylesheet.add_source("Label { color: red; }", read_from=("a.tcss", ""), tie_breaker=2)
    given = Stylesheet()._parse_rules("Input { color: blue; }", ("b.tcss", ""))
    calls: list[tuple[object, ...]] = []

    def parse_rules(css, read_from, is_default_rules=False, tie_breaker=0, scope=""):  # type: ignore[no-untyped-def]
        calls.append((css, read_from, is_default_rules, tie_breaker, scope))
        return given

    stylesheet._parse_rules = parse_rules  # type: ignore[method-assign]
    stylesheet.parse()
    assert calls == [("Label { color: red; }", ("a.tcss", ""), False, 2, "")]
    assert stylesheet.rules == given


@check(compat.STYLESHEET, "_variables")
async def check_variables() -> None:
    given = {"accent": "#ff0000"}
    stylesheet = Stylesheet(variables=given)
    assert stylesheet._variables is given
    new = {"accent": "#00ff00"}
    stylesheet.set_variables(new)
    assert stylesheet._variables is new  # (the dict given: what the cache looks at)
    (rule,) = stylesheet._parse_rules("Input { color: $accent; }", ("c.tcss", ""))
    assert "Color(0, 255, 0)" in str(rule.styles.get_rules())
    app = App()
    first, second = app.get_css_variables(), app.get_css_variables()
    assert first == second and first is not second  # (refresh_css hands a new dict each time)


@check(compat.STYLESHEET, "reparse")
async def check_reparse() -> None:
    """reparse() after set_variables() gives what parse() gives, on a twin stylesheet, and
    both refuse a source that fails."""
    twins = [Stylesheet(variables={"accent": "#ff0000"}) for _ in range(2)]
    for stylesheet in twins:
        stylesheet.add_source("Input { color: $accent; }", read_from=("a.tcss", ""))
        stylesheet.add_source("Label { color: red; }", read_from=("b.tcss", ""), tie_breaker=1)
        stylesheet.parse()
        stylesheet.set_variables({"accent": "#00ff00"})
    twins[0].reparse()
    twins[1].parse()
    assert [_rule_text(r) for r in twins[0].rules] == [_rule_text(r) for r in twins[1].rules]
    assert "Color(0, 255, 0)" in _rule_text(twins[0].rules[0])
    for stylesheet in twins:
        stylesheet.add_source("Label { colour: red; }", read_from=("c.tcss", ""))
        stylesheet.set_variables({"accent": "#0000ff"})
    for redo in (twins[0].reparse, twins[1].parse):  # (neither takes half the rules)
        with pytest.raises(StylesheetParseError):
            redo()


def _rule_text(rule: object) -> str:
    return f"{rule.selectors} {sorted(rule.styles.get_rules().items())!r}"  # type: ignore[attr-defined]


class ManyProbes(App[None]):
    def compose(self) -> ComposeResult:
        for row in range(4):
            with Vertical():
                for column in range(3):
                    yield Probe(f"{row}.{column}")


async def test_a_busy_pump_is_found_among_those_put_in_as_the_walk_finds_it(monkeypatch):
    """Once queues tell their puts, first_busy looks only at the pumps put in since they were
    last found idle, never walking the tree, and finds a busy one exactly when the walk over
    every widget does: a message queued, one taken to peek at, a call_next callback."""
    import random

    compat.tell_puts()
    app = ManyProbes()
    async with app.run_test() as pilot:
        await settled(pilot)
        screen = app.screen
        probes = list(app.query(Probe))
        assert isinstance(screen._message_queue, compat._TellingQueue)
        assert compat.first_busy(screen) is None
        walk = compat._first_in_walk
        monkeypatch.setattr(compat, "_first_in_walk", lambda root: pytest.fail("walked"))
        draw = random.Random(20261206)
        for _ in range(40):
            for probe in draw.sample(probes, draw.randint(0, 3)):
                way = draw.choice(("post", "peek", "call_next"))
                if way == "post":
                    probe.post_message(Ping())
                elif way == "peek":
                    probe.post_message(Ping())
                    probe._peek_message()
                else:
                    probe.call_next(lambda: None)
            found = compat.first_busy(screen)
            assert (found is None) == (walk(screen) is None)
            assert found is None or not compat.is_idle(found)
            await settled(pilot)
            assert compat.first_busy(screen) is None and walk(screen) is None


async def test_no_record_is_kept_of_widgets_long_gone_while_nobody_types(monkeypatch):
    """Without keys, first_busy is not asked and forgets nothing: past a bound, the queues of
    pumps idle, closed or gone are forgotten as messages come (widgets mounted and removed for
    hours in a window nobody types in)."""
    compat.tell_puts()
    monkeypatch.setattr(compat, "FORGET_AT", 50)
    monkeypatch.setattr(compat, "_forget_at", [50])
    app = ManyProbes()
    async with app.run_test() as pilot:
        await settled(pilot)
        compat._forget_idle()  # (what earlier tests left: only what stays busy is kept)
        start = len(compat._PUT)
        for _ in range(8):
            probes = [Probe(f"{n}") for n in range(30)]
            await app.screen.mount_all(probes)
            await settled(pilot)
            for probe in probes:
                await probe.remove()
            await settled(pilot)
            assert len(compat._PUT) <= start + 2 * 50 + 30
        assert compat.first_busy(app.screen) is None


def test_the_registry_is_well_formed():
    keys = [(r.owner, r.name) for r in compat.REGISTRY]
    assert len(keys) == len(set(keys)), "one entry per name"
    for reliance in compat.REGISTRY:
        assert reliance.kind in compat.KINDS, reliance
        assert reliance.relied_on.strip(), reliance


def test_every_registry_entry_has_a_check_and_every_check_an_entry():
    assert set(CHECKS) == {(r.owner, r.name) for r in compat.REGISTRY}


@pytest.mark.parametrize("reliance", compat.REGISTRY, ids=lambda r: f"{r.owner}.{r.name}")
async def test_each_private_name_still_behaves_as_relied_on(reliance: compat.Reliance):
    await CHECKS[reliance.owner, reliance.name]()


@pytest.mark.parametrize(
    "reliance",
    [r for r in compat.REGISTRY if r.kind in {"attribute", "method", "override", "copied code"}],
    ids=lambda r: f"{r.owner}.{r.name}",
)
def test_each_private_name_is_still_found_where_it_is_relied_on(reliance: compat.Reliance):
    """Names set on an instance are found in the owner's source as ``self.NAME``."""
    module_name, _, class_name = reliance.owner.rpartition(".")
    owner = getattr(importlib.import_module(module_name), class_name)
    assert any(reliance.name in vars(c) for c in owner.__mro__) or reliance.name in (
        _self_stores(owner)
    ), f"{reliance.owner} no longer has {reliance.name}"


# --- The scan -------------------------------------------------------------------------------------

PRIVATE_MODULE = re.compile(r"\btextual(\.\w+)*\._\w+")
NAMED = {r.name for r in compat.REGISTRY if r.name.startswith("_")}
CLASSES = {r.name for r in compat.REGISTRY if r.kind == "class"}
CSS_CLASSES = {r.name for r in compat.REGISTRY if r.kind == "css class"}
COPIED = {r.name for r in compat.REGISTRY if r.kind == "copied code"}


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _python_files() -> Iterator[Path]:
    return (p for p in sorted(SRC.rglob("*.py")) if "__pycache__" not in p.parts)


def _in_compat(path: Path) -> bool:
    return COMPAT in path.parents or path == COMPAT


def _css_token(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")


def private_uses(tree: ast.AST) -> set[str]:
    """The private names of Textual's (registry entries, and private modules) *tree* uses."""
    modules = {  # `os._exit` is an attribute of a module, not of a Textual object
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if not alias.name.startswith("textual")
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if PRIVATE_MODULE.match(a.name)}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
            if PRIVATE_MODULE.match(node.module or ""):
                found.add(node.module or "")
            found |= {a.name for a in node.names if _is_private(a.name) or a.name in CLASSES}
        elif isinstance(node, ast.Attribute) and node.attr in NAMED:
            if not (isinstance(node.value, ast.Name) and node.value.id in modules):
                found.add(node.attr)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if node.name in NAMED | COPIED:
                found.add(node.name)
        elif isinstance(node, ast.Name) and node.id in NAMED and isinstance(node.ctx, ast.Store):
            found.add(node.id)  # a class attribute of that name
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value in NAMED:
                found.add(node.value)  # getattr(app, "_exit", ...)
            if PRIVATE_MODULE.search(node.value):
                found.add(PRIVATE_MODULE.search(node.value).group())  # type: ignore[union-attr]
            found |= {name for name in CSS_CLASSES if _css_token(name).search(node.value)}
    return found


@functools.cache
def _self_stores(cls: type) -> frozenset[str]:
    """Every ``self.NAME`` *cls*'s own source assigns."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError):
        return frozenset()
    return frozenset(
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.ctx, ast.Store)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    )


def _textual_privates(cls: type) -> set[str]:
    names: set[str] = set()
    for base in cls.__mro__:
        if base.__module__ == "textual" or base.__module__.startswith("textual."):
            names |= {n for n in vars(base) if _is_private(n)}
            names |= {n for n in _self_stores(base) if _is_private(n)}
    return names


def _classes(tree: ast.Module, module: object) -> Iterator[tuple[ast.ClassDef, type]]:
    def walk(nodes: list[ast.stmt], owner: object) -> Iterator[tuple[ast.ClassDef, type]]:
        for node in nodes:
            if isinstance(node, ast.ClassDef):
                cls = getattr(owner, node.name, None)
                if isinstance(cls, type):
                    yield node, cls
                    yield from walk(node.body, cls)

    yield from walk(tree.body, module)


def shadowed(tree: ast.Module, module: object) -> set[str]:
    """The private names of Textual's that a Textual subclass in *module* defines again."""
    found: set[str] = set()
    for node, cls in _classes(tree, module):
        ours = {
            n.name
            for n in node.body
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        }
        ours |= {
            t.id
            for n in node.body
            if isinstance(n, ast.Assign | ast.AnnAssign)
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
            if isinstance(t, ast.Name)
        }
        ours |= {
            n.attr
            for n in ast.walk(node)
            if isinstance(n, ast.Attribute)
            and isinstance(n.ctx, ast.Store)
            and isinstance(n.value, ast.Name)
            and n.value.id == "self"
        }
        found |= {n for n in ours if _is_private(n)} & _textual_privates(cls)
    return found


@functools.cache
def uses_outside_compat() -> dict[str, set[str]]:
    """Per file under src/pilot2prod (outside compat), the private names of Textual it uses."""
    for info in pkgutil.walk_packages(pilot2prod.tui.__path__, "pilot2prod.tui."):
        importlib.import_module(info.name)
    uses: dict[str, set[str]] = {}
    for path in _python_files():
        if _in_compat(path):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = private_uses(tree)
        relative = path.relative_to(SRC)
        name = ".".join(("pilot2prod", *relative.with_suffix("").parts)).removesuffix(".__init__")
        if name in sys.modules:
            found |= shadowed(tree, sys.modules[name])
        if found:
            uses[relative.as_posix()] = found
    return uses


def test_no_module_outside_compat_uses_a_textual_private_name():
    unexpected = {
        path: sorted(names - NOT_YET_MOVED.get(path, set()))
        for path, names in uses_outside_compat().items()
        if names - NOT_YET_MOVED.get(path, set())
    }
    assert unexpected == {}, (
        "Reach Textual's private names through pilot2prod.tui.compat (a named function there, "
        "and an entry in its REGISTRY), never directly"
    )


def test_the_names_not_yet_moved_are_all_still_used():
    uses = uses_outside_compat()
    stale = {
        path: sorted(names - uses.get(path, set()))
        for path, names in NOT_YET_MOVED.items()
        if names - uses.get(path, set())
    }
    assert stale == {}, "moved already: take them out of NOT_YET_MOVED"


def test_compat_never_reads_a_private_name_with_a_default():
    """getattr(x, "_name", default) or hasattr(x, "_name") would hide a rename and bring back
    what the name was for (keys misfiled): compat reads the name, and a rename raises. (Outside
    compat, the scan above refuses any such string.)"""
    for path in sorted(COMPAT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"getattr", "hasattr", "setattr"}
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and _is_private(str(node.args[1].value))
            ):
                pytest.fail(f"{path.name}:{node.lineno} reads a private name by its string")


def test_the_stylesheets_name_only_our_classes_or_registered_ones():
    """A class in a stylesheet that no module of ours sets is one Textual sets: registered."""
    ours = set()
    for path in _python_files():
        if not _in_compat(path):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    ours |= set(re.findall(r"(?<![\w-])-[a-z][\w-]*", node.value))
    for sheet in sorted(SRC.rglob("*.tcss")):
        named = set(re.findall(r"\.(-[a-z][\w-]*)", sheet.read_text(encoding="utf-8")))
        assert named - ours - CSS_CLASSES == set(), sheet.name


def test_the_scan_finds_each_kind_of_use():
    """The scan itself: each way of reaching a private name is found."""
    uses = private_uses(
        ast.parse(
            textwrap.dedent(
                """
                import os
                import textual._xterm_parser
                from textual._parser import ParseError
                from textual import _compat
                from textual.drivers.linux_driver import XTermParser
                class A:
                    async def _shutdown(self): pass
                    def run_input_thread(self): pass
                def f(pump, app, button):
                    os._exit(0)
                    pump._message_queue
                    getattr(app, "_exit", False)
                    sys.modules.get("textual.widgets._text_area")
                    button.has_class("-selected")
                """
            )
        )
    )
    assert uses == {
        "textual._xterm_parser",
        "textual._parser",
        "ParseError",
        "_compat",
        "XTermParser",
        "_shutdown",
        "run_input_thread",
        "_message_queue",
        "_exit",
        "textual.widgets._text_area",
        "-selected",
    }


regions = st.builds(
    Region,
    st.integers(0, 30),
    st.integers(0, 8),
    st.integers(0, 12),
    st.integers(0, 4),
)


@given(st.lists(regions, max_size=8), regions.filter(bool))
def test_the_cells_in_front_are_counted_cell_by_cell(given_regions, asked):
    """.renders' record of the cells the widgets in front give: each band it says is missing
    is a run of the rows of *asked* (a region with cells: an empty one is never asked) with a
    cell not given, and every such row is in one."""
    cells = renders._Cells()
    given_cells: set[tuple[int, int]] = set()
    for region in given_regions:
        cells.add(region)
        given_cells |= {
            (x, y) for x in range(region.x, region.right) for y in range(region.y, region.bottom)
        }
    missing_rows = [
        y
        for y in range(asked.y, asked.bottom)
        if any((x, y) not in given_cells for x in range(asked.x, asked.right))
    ]
    bands = list(cells.bands_missing(asked))
    rows = [y for band in bands for y in range(band.y, band.bottom)]
    assert rows == missing_rows
    assert all(band.x == asked.x and band.width == asked.width for band in bands)
    assert all(a.bottom < b.y for a, b in itertools.pairwise(bands))  # (runs, apart)
