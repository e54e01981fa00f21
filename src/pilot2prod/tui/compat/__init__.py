"""Textual's private names, in one place: what the app relies on that Textual does not promise.

The app needs a few things Textual keeps to itself: whether a message pump is idle (key order,
:mod:`pilot2prod.tui.ordered_input`) and which pumps had a message put in their queue (to find
a busy one without looking at every widget), whether a pump is closing, whether the app is
exiting, the app's line filters (NO_COLOR), taking one notification back, which radio button is
highlighted, a terminal driver whose input goes through our own parser, and a stylesheet that
takes rules parsed in an earlier run. Each is reached here, through a small named function or
class, and nowhere else in ``src/``.

:data:`REGISTRY` (kept in :mod:`.registry`, loaded when asked for) lists every private name
relied on, with what we rely on it for. ``tests/test_compat.py`` checks each entry on the
installed Textual (it exists, and behaves as relied on) and scans ``src/`` so that no other
module imports a ``textual._*`` module or names a registry entry. A Textual upgrade that
renames or changes one of them fails there, by name, never somewhere else in silence. Nothing
here reads a private name with a default: a name that is gone raises.

This package imports nothing of the app's own (an import-linter contract in pyproject.toml).
The parts that load more of Textual live in submodules, imported by those that need them:
:mod:`.terminal` (the input parser and the driver's input loop), :mod:`.radio` (a radio
button that draws its own button), :mod:`.widgets` (an Input whose typing lays out nothing),
:mod:`.styles` (parsed rules kept between runs), :mod:`.toasts` (notices taken back whole),
:mod:`.frames` (frames left undrawn while keys of a burst wait their turn), :mod:`.layout`
(one layout where Textual would make two), :mod:`.resume` (a screen shown for the first time
styled once), :mod:`.renders` (a frame drawn by the widgets showing in it, only the rows it
keeps), :mod:`.text_area` (a text box that redraws what an edit changed), :mod:`.parts` (a
text box restyled without its parts as its focus changes) and :mod:`.warm` (a hidden page
laid out and drawn while the app is idle).
"""

from __future__ import annotations

import sys
import weakref
from typing import TYPE_CHECKING, Any, TypeVar

from textual._queue import Queue
from textual.app import App
from textual.message_pump import MessagePump

from pilot2prod.tui.compat.reliance import APP as APP
from pilot2prod.tui.compat.reliance import COMPOSITOR as COMPOSITOR
from pilot2prod.tui.compat.reliance import DOM_NODE as DOM_NODE
from pilot2prod.tui.compat.reliance import HIGHLIGHT as HIGHLIGHT
from pilot2prod.tui.compat.reliance import KINDS as KINDS
from pilot2prod.tui.compat.reliance import MESSAGE_PUMP as MESSAGE_PUMP
from pilot2prod.tui.compat.reliance import NODE_LIST as NODE_LIST
from pilot2prod.tui.compat.reliance import QUEUE as QUEUE
from pilot2prod.tui.compat.reliance import SCREEN as SCREEN
from pilot2prod.tui.compat.reliance import STYLESHEET as STYLESHEET
from pilot2prod.tui.compat.reliance import TEXT_AREA_MODULE as TEXT_AREA_MODULE
from pilot2prod.tui.compat.reliance import Reliance as Reliance

if TYPE_CHECKING:
    from textual.filter import LineFilter
    from textual.notifications import Notification
    from textual.widgets import RadioButton, TextArea

    from pilot2prod.tui.compat.registry import REGISTRY as REGISTRY

ReturnType = TypeVar("ReturnType")


def __getattr__(name: str) -> Any:
    """:data:`REGISTRY`, loaded when first asked for: the tests read it, the app never does."""
    if name == "REGISTRY":
        from pilot2prod.tui.compat.registry import REGISTRY

        return REGISTRY
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- Methods replaced on Textual's classes --------------------------------------------------


def replace_once(owner: type, name: str, original: object, replacement: object, why: str) -> None:
    """Put *replacement* on *owner* as *name*, once per process, where *original* (what the
    class had when the replacing module was imported) still stands. Refuses to replace
    something put there by another since (it would be lost): the error says *why* the
    replacement was wanted ("frames could not be held")."""
    current = getattr(owner, name)
    if current is replacement:
        return
    if current is not original:
        raise RuntimeError(
            f"{owner.__name__}.{name} was replaced after {replacement.__module__} was "
            f"imported; {why} without losing that replacement."
        )
    setattr(owner, name, replacement)


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


class _TellingQueue(Queue[Any]):
    """A pump's message queue that says when something is put in it (see :func:`tell_puts`)."""

    def __init__(self, pump: MessagePump) -> None:
        super().__init__()
        self.pump = weakref.ref(pump)

    def put_nowait(self, value: Any) -> None:
        super().put_nowait(value)
        _PUT.add(self)
        if len(_PUT) > _forget_at[0]:  # (no key for a long while: widgets come and go)
            _forget_idle()


_PUT: set[_TellingQueue] = set()
"""The telling queues something was put in since :func:`first_busy` last found their pump
idle (or gone)."""
FORGET_AT = 4096
"""How many queues :data:`_PUT` may hold before the idle ones are forgotten without a key (or
twice as many as were busy when they last were)."""
_forget_at = [FORGET_AT]


def _forget_idle() -> None:
    """Forget the queues whose pump is idle, closed or gone (what :func:`first_busy` does as
    it looks), so that a window nobody types in keeps no record of widgets long removed."""
    for queue in list(_PUT):
        pump = queue.pump()
        if pump is None or is_idle(pump):
            _PUT.discard(queue)
    _forget_at[0] = max(FORGET_AT, 2 * len(_PUT))


class _TellingQueues:
    """What ``MessagePump._message_queue`` is once :func:`tell_puts` ran: as Textual's own, a
    queue made when the pump first needs it and kept on the pump, only a telling one."""

    def __get__(self, pump: MessagePump | None, owner: type | None = None) -> Any:
        if pump is None:
            return self
        queue = pump.__dict__["_message_queue"] = _TellingQueue(pump)
        return queue


_QUEUES = MessagePump.__dict__["_message_queue"]
_TELLING = _TellingQueues()


def tell_puts() -> None:
    """From now on every message pump's queue, made when the pump first needs it, says when
    something is put in it, so :func:`first_busy` looks at those pumps only rather than at
    every widget. Call it once per process before the app's widgets exist (in an app's
    ``__init__``). Relies on ``MessagePump._message_queue`` being made on first use (a cached
    property) and on ``Queue.put_nowait`` being how every message goes in."""
    replace_once(MessagePump, "_message_queue", _QUEUES, _TELLING, "busy pumps cannot be told")


def first_busy(root: MessagePump) -> MessagePump | None:
    """A pump in *root*'s tree (root included) that is not :func:`is_idle`, or None when all are.

    The ordered input asks this after each key, and between the keys of a burst, with every
    widget of a wizard in the tree (a thousand or more once many steps are built: 3 ms a key
    to look at each). Once :func:`tell_puts` ran, only the pumps something was put in since
    they were last found idle are looked at (a pump is busy through its queue: a message
    waits, or is taken to peek at, or a call_next callback waits, which puts a message when
    nothing else is queued and the pump runs). It finds a busy pump whenever the walk would,
    but one: a callback queued with call_next on a pump not started yet, which puts nothing
    (such a pump is being mounted, and what mounts it is busy). It also finds the scrollbars,
    which the walk does not see. A tree whose root's queue came before :func:`tell_puts` is
    walked whole."""
    if isinstance(root._message_queue, _TellingQueue):
        return _first_put(root)
    return _first_in_walk(root)


def _first_in_walk(root: MessagePump) -> MessagePump | None:
    """:func:`first_busy` by a walk of every node: the test of :func:`is_idle` in one tight
    loop (no generator, no call per node): it reads the queue's own deque (``Queue.values``)
    rather than calling ``empty()``, and each node's list of children (``NodeList._nodes``)
    rather than the ``children`` property (half the time of the walk with both calls)."""
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


def _first_put(root: MessagePump) -> MessagePump | None:
    """A pump of *root*'s tree that had something put in its queue and is not idle yet; the
    queues of pumps found idle (or gone) are forgotten until something is put in them."""
    for queue in list(_PUT):
        pump = queue.pump()
        if pump is None or pump._closing or pump._closed:
            _PUT.discard(queue)
        elif pump._pending_message is not None or pump._next_callbacks or queue.values:
            node: Any = pump
            while node is not None and node is not root:
                node = node.parent
            if node is root:
                return pump
        else:
            _PUT.discard(queue)
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
