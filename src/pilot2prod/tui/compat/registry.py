"""What the app relies on of Textual's that Textual does not promise: one entry per name.

Data only, read by ``tests/test_compat.py`` (which checks each entry on the installed Textual
and scans ``src/`` for any use outside :mod:`pilot2prod.tui.compat`); see the package. The
entries about laying out, styling and drawing are in :mod:`.registry_drawing`.
"""

from __future__ import annotations

from pilot2prod.tui.compat.registry_drawing import DRAWING
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
        "(a textual._queue.Queue in 8.2.8, not an asyncio.Queue); made on the pump's first "
        "use of it by a descriptor on MessagePump that keeps it in the pump's __dict__ (a "
        "cached property), which tell_puts replaces on the class with one making its own",
    ),
    Reliance(
        "textual._queue",
        "Queue",
        "class",
        "a pump's message queue, made with no arguments; messages go in through its "
        "put_nowait(value), in the app's thread (post_message, call_later, the prompt "
        "call_next posts to a pump with nothing queued, a post from another thread through "
        "call_soon_threadsafe): tell_puts's subclass notes each put",
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
    *DRAWING,
)
