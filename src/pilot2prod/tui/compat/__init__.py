"""Textual's private names, in one place: what the app relies on that Textual does not promise.

The app needs a few things Textual keeps to itself: whether a message pump is idle (key order,
:mod:`pilot2prod.tui.ordered_input`), whether it is closing, whether the app is exiting, the
app's line filters (NO_COLOR), taking one notification back, which radio button is highlighted,
a terminal driver whose input goes through our own parser, and a stylesheet that takes rules
parsed in an earlier run. Each is reached here, through a small named function or class, and
nowhere else in ``src/``.

:data:`REGISTRY` lists every private name relied on, with what we rely on it for.
``tests/test_compat.py`` checks each entry on the installed Textual (it exists, and behaves as
relied on) and scans ``src/`` so that no other module imports a ``textual._*`` module or names a
registry entry. A Textual upgrade that renames or changes one of them fails there, by name,
never somewhere else in silence. Nothing here reads a private name with a default: a name that
is gone raises.

This package imports nothing of the app's own (an import-linter contract in pyproject.toml).
The parts that load more of Textual live in submodules, imported by those that need them:
:mod:`.terminal` (the input parser and the driver's input loop), :mod:`.widgets` (a radio
button that draws its own button, an Input whose typing lays out nothing), :mod:`.styles`
(parsed rules kept between runs), :mod:`.toasts` (notices taken back whole) and
:mod:`.frames` (frames left undrawn while keys of a burst wait their turn).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from textual.app import App

if TYPE_CHECKING:
    from textual.filter import LineFilter
    from textual.message_pump import MessagePump
    from textual.notifications import Notification
    from textual.widgets import RadioButton, TextArea

ReturnType = TypeVar("ReturnType")


class Reliance(NamedTuple):
    """One thing of Textual's the app relies on that Textual does not promise: a private name,
    or how a public one behaves inside."""

    owner: str
    """The dotted path of the class or module that has it (``textual.app.App``)."""
    name: str
    """The attribute, method, module, class or CSS class relied on."""
    kind: str
    """One of :data:`KINDS`: how it is used, and so how the scan in the test looks for it."""
    relied_on: str
    """What the app relies on it doing (the test checks exactly this)."""


KINDS = frozenset(
    {
        "attribute",  # read on an object (pump._closing)
        "method",  # called (app._unnotify(...))
        "override",  # defined in a subclass, so Textual calls ours (App._shutdown)
        "module",  # a private module looked up by name
        "class",  # a class imported from a private module
        "css class",  # a class name Textual sets on a widget (RadioSet's highlight)
        "copied code",  # a public method whose body is copied here and changed
    }
)

MESSAGE_PUMP = "textual.message_pump.MessagePump"
APP = "textual.app.App"
QUEUE = "textual._queue.Queue"
"""The message queue of a pump (a private module: found through ``MessagePump._message_queue``)."""
DOM_NODE = "textual.dom.DOMNode"
NODE_LIST = "textual._node_list.NodeList"
"""What ``DOMNode.children`` returns (a private module)."""
TEXT_AREA_MODULE = "textual.widgets._text_area"
"""Where Textual keeps TextArea; ``textual.widgets`` imports it on first use of the name."""
STYLESHEET = "textual.css.stylesheet.Stylesheet"
SCREEN = "textual.screen.Screen"
HIGHLIGHT = "-selected"
"""The CSS class RadioSet puts on the button its highlight is on (also used by app.tcss)."""

REGISTRY: tuple[Reliance, ...] = (
    Reliance(
        MESSAGE_PUMP,
        "_closing",
        "attribute",
        "a bool, True from the moment the pump starts closing (set before its queue gets the "
        "None that ends it)",
    ),
    Reliance(
        MESSAGE_PUMP,
        "_closed",
        "attribute",
        "a bool, True once the pump took the end of its queue (it handles nothing more)",
    ),
    Reliance(
        MESSAGE_PUMP,
        "_message_queue",
        "attribute",
        "the pump's queue of messages not taken yet, whose empty() says whether one waits "
        "(a textual._queue.Queue in 8.2.8, not an asyncio.Queue)",
    ),
    Reliance(
        QUEUE,
        "values",
        "attribute",
        "the deque of the messages a pump's queue holds, empty when none waits (empty() "
        "returns not values); too common a name for the scan to look for, read only in "
        "first_busy",
    ),
    Reliance(
        DOM_NODE,
        "_nodes",
        "attribute",
        "the node's NodeList of children, the object the children property returns",
    ),
    Reliance(
        NODE_LIST,
        "_nodes",
        "attribute",
        "the list of a node's children in order, the one the children property's NodeList iterates",
    ),
    Reliance(
        MESSAGE_PUMP,
        "_pending_message",
        "attribute",
        "the message taken off the queue to peek at and not handled yet, or None",
    ),
    Reliance(
        MESSAGE_PUMP,
        "_next_callbacks",
        "attribute",
        "the list of callbacks call_next queued, emptied as they run",
    ),
    Reliance(
        APP,
        "_shutdown",
        "override",
        "a coroutine awaited once as the app ends (run and run_test), before the screens and "
        "widgets close",
    ),
    Reliance(
        APP,
        "_filters",
        "attribute",
        "the list of line filters the app applies (its NO_COLOR filter appended in __init__); "
        "get_line_filters() reads it, so a change in place takes effect",
    ),
    Reliance(
        APP,
        "_exit",
        "attribute",
        "a bool, False while the app runs and True from the moment exit() is called",
    ),
    Reliance(
        APP,
        "_notifications",
        "attribute",
        "the notifications on screen, iterable, each a textual.notifications.Notification",
    ),
    Reliance(
        APP,
        "_unnotify",
        "method",
        "_unnotify(notification, refresh=bool) takes one notification off the screen",
    ),
    Reliance(
        "textual.widgets._toast",
        "ToastHolder",
        "class",
        "each toast on screen sits in a ToastHolder, a child of the screen's ToastRack, with "
        "the id --textual-toast-<its notification's identity>; when ToastRack.show drops a "
        "toast whose notification is gone, it removes the Toast and leaves its holder",
    ),
    Reliance(
        SCREEN,
        "_compositor_refresh",
        "override",
        "what draws the top screen's changes (render_update, the app's _display, then "
        "_dirty_widgets emptied), looked up on the class by the screen's update timer and "
        "after a layout; .frames replaces it on the class with one that may return without "
        "drawing: the compositor keeps the regions marked dirty, adding to them, until a "
        "frame is rendered from them",
    ),
    Reliance(
        SCREEN,
        "_dirty_widgets",
        "attribute",
        "the set of the screen's widgets refreshed since its last frame (a layout empties it "
        "too); while it is not empty the screen's idle handler brings the update timer back, "
        "and the screen itself in it marks no region of its own",
    ),
    Reliance(
        "textual.widgets",
        "_text_area",
        "module",
        f"TextArea lives in {TEXT_AREA_MODULE}, which only the first use of "
        f"textual.widgets.TextArea imports",
    ),
    Reliance(
        "textual._xterm_parser",
        "XTermParser",
        "class",
        "XTermParser(debug).feed(text) turns terminal input into key, mouse and paste events, "
        "in order; tick() hands on a lone Escape after the escape delay; feed('') ends the "
        "input",
    ),
    Reliance(
        "textual._parser",
        "ParseError",
        "class",
        "the Exception feed() raises when fed after the input ended; the input loop ignores it "
        "(and EOFError) when it ends the input itself",
    ),
    Reliance(
        "textual.driver.Driver",
        "_debug",
        "attribute",
        "the debug flag the driver was made with, handed to the parser",
    ),
    Reliance(
        "textual.drivers.linux_driver.LinuxDriver",
        "run_input_thread",
        "copied code",
        "the input thread's target calls self.run_input_thread(); .terminal.InputThreadDriver "
        "replaces it with a copy of this body (pinned by a hash in the test)",
    ),
    Reliance(
        STYLESHEET,
        "_parse_rules",
        "override",
        "parse() gets every source's rules from self._parse_rules(css, read_from=..., "
        "is_default_rules=..., tie_breaker=..., scope=...), looked up on the instance, and "
        "applies the list of RuleSets it returns (replaced on one stylesheet by .styles)",
    ),
    Reliance(
        STYLESHEET,
        "_variables",
        "attribute",
        "the dict of variables (the theme's colours) the stylesheet parses with: "
        "set_variables(d) puts d there, and App.get_css_variables() makes a new dict each time",
    ),
    Reliance(
        STYLESHEET,
        "reparse",
        "override",
        "what refresh_css() calls after set_variables() (a theme change): parses every source "
        "with the new variables and takes the rules only if all parse, as parse() does once "
        "set_variables() emptied the parse cache (replaced by parse on one stylesheet)",
    ),
    Reliance(
        "textual.widgets.RadioSet",
        HIGHLIGHT,
        "css class",
        "the one RadioButton the highlight is on has this class, and no other",
    ),
    Reliance(
        "textual.widgets.RadioButton",
        "_button",
        "override",
        "a property (ToggleButton's) giving the Content drawn as the button part, before the "
        "label; render() and the width read it",
    ),
    Reliance(
        "textual.widgets.Input",
        "virtual_size",
        "override",
        "Input sets its virtual_size (Widget's reactive, which asks for a layout) to "
        "Size(width of its text + 1, 1) on each change of its value, and nothing outside the "
        "Input reads it: ScrollView._size_updated keeps its own, so .widgets.LeanInput "
        "redeclares it without the layout and the Input still scrolls to its cursor",
    ),
    Reliance(
        "textual.widgets.Input",
        "-textual-compact",
        "css class",
        "an Input made with compact=True has this class (app.tcss styles compact fields in "
        "dialogs)",
    ),
)


# --- Message pumps -------------------------------------------------------------------------------


def is_closing(pump: MessagePump) -> bool:
    """True once *pump* (a widget, a screen, the app) has started to close, and after it closed:
    it will never handle another message. Relies on ``MessagePump._closing`` and ``_closed``."""
    return pump._closing or pump._closed


def is_idle(pump: MessagePump) -> bool:
    """True when *pump* has nothing waiting: no message queued or taken to peek at, and no
    callback from call_next. A closing pump counts as idle. (Whether its task is in the middle
    of a handler is not asked.) Relies on ``MessagePump._message_queue``, ``_pending_message``
    and ``_next_callbacks``."""
    if is_closing(pump):
        return True
    return (
        pump._message_queue.empty() and pump._pending_message is None and not pump._next_callbacks
    )


def first_busy(root: MessagePump) -> MessagePump | None:
    """A pump in *root*'s tree (root included) that is not :func:`is_idle`, or None when all are.

    The same test as :func:`is_idle` for each node, in one tight loop: the ordered input asks
    this between the keys of a burst, over every widget of a wizard (a thousand or more once
    many steps are built), so it avoids a generator and a call per node: it reads the queue's
    own deque (``Queue.values``) rather than calling ``empty()``, and each node's list of
    children (``NodeList._nodes``) rather than the ``children`` property (half the time of
    the walk with both calls)."""
    stack: list[Any] = [root]
    pop, push = stack.pop, stack.extend
    while stack:
        node = pop()
        if (
            node._pending_message is not None or node._next_callbacks or node._message_queue.values
        ) and not (node._closing or node._closed):
            return node
        push(node._nodes._nodes)
    return None


def callbacks_waiting(pump: MessagePump) -> bool:
    """True when call_next queued a callback on *pump* that has not run yet. Relies on
    ``MessagePump._next_callbacks``."""
    return bool(pump._next_callbacks)


# --- The app -------------------------------------------------------------------------------------


def app_is_exiting(app: App[Any]) -> bool:
    """True from the moment ``app.exit()`` was called (the app may still be running its last
    messages). Relies on ``App._exit``."""
    return bool(app._exit)


def colour_filters(app: App[Any]) -> list[LineFilter]:
    """The app's own list of line filters, to change in place (every filter, enabled or not;
    ``get_line_filters()`` reads this list). Relies on ``App._filters``."""
    return app._filters


def notifications(app: App[Any]) -> list[Notification]:
    """The notifications on screen now, oldest first. Relies on ``App._notifications``."""
    return list(app._notifications)


def unnotify(app: App[Any], notification: Notification, *, refresh: bool = True) -> None:
    """Take *notification* off the screen (Textual has no public way to take one back); with
    ``refresh=False`` the notifications are not redrawn now (the next ``notify`` redraws
    them). Relies on ``App._unnotify``."""
    app._unnotify(notification, refresh=refresh)


class CleanShutdownApp(App[ReturnType]):
    """An App that runs :meth:`before_shutdown` as it ends, before Textual closes its screens
    and widgets. Relies on ``App._shutdown`` being awaited once at the end (run and run_test)."""

    async def before_shutdown(self) -> None:
        """Stop what the app started on its own (tasks that would touch closing widgets)."""

    async def _shutdown(self) -> None:
        await self.before_shutdown()
        await super()._shutdown()


# --- Widgets -------------------------------------------------------------------------------------


def loaded_text_area_class() -> type[TextArea] | None:
    """Textual's TextArea class if something loaded it already, else None, without loading it
    (a plan with no long text never does). Relies on TextArea's module, ``textual.widgets.
    _text_area``."""
    module = sys.modules.get(TEXT_AREA_MODULE)
    return None if module is None else module.TextArea


def is_highlighted(button: RadioButton) -> bool:
    """True when the highlight of the RadioSet holding *button* is on it (what Space would
    choose). Relies on the ``-selected`` class RadioSet sets on that button."""
    return button.has_class(HIGHLIGHT)
