"""What the app relies on of Textual's that Textual does not promise: one entry per name.

Data only, read by ``tests/test_compat.py`` (which checks each entry on the installed Textual
and scans ``src/`` for any use outside :mod:`pilot2prod.tui.compat`); see the package.
"""

from __future__ import annotations

from typing import NamedTuple


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
COMPOSITOR = "textual._compositor.Compositor"
"""What lays a screen out and draws it (a private module: found through ``Screen._compositor``)."""
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
        "textual.widget.Widget",
        "_size_updated",
        "override",
        "Screen._refresh_layout calls it on every widget laid out, as _size_updated(size, "
        "virtual_size, container_size), which sets virtual_size through its reactive (a "
        "layout and a repaint asked for when it changed), and with layout=False (set without "
        "asking) after a scroll alone; .layout replaces it on the class with one that passes "
        "layout=False while a OneLayoutScreen lays out",
    ),
    Reliance(
        SCREEN,
        "_refresh_layout",
        "override",
        "_refresh_layout(size=None, scroll=False) lays the screen out at once, calling each "
        "widget's _size_updated before it returns; without scroll it compares the layout with "
        "the whole last one (only what moved is drawn again), with it against the last scroll "
        "alone (everything, after a whole layout); .layout.OneLayoutScreen overrides it",
    ),
    Reliance(
        SCREEN,
        "_compositor",
        "attribute",
        "the screen's Compositor, the one its _refresh_layout lays out with",
    ),
    Reliance(
        COMPOSITOR,
        "_full_map",
        "attribute",
        "the map of every widget's place that reflow() compares a new layout with (only what "
        "differs is marked to draw again) and replaces with the new one; a map put there "
        "before reflow() is the one compared with",
    ),
    Reliance(
        COMPOSITOR,
        "_arrange_root",
        "method",
        "_arrange_root(root, size, visible_only=False) lays root's tree out as reflow() does "
        "(root at the top left of size, even hidden) and returns (map, widgets), the map of "
        "MapGeometry (region, order, clip, virtual_size, container_size...), changing nothing",
    ),
    Reliance(
        COMPOSITOR,
        "_full_map_invalidated",
        "attribute",
        "while False, find_widget (and so a widget's region) looks the widget up in _full_map",
    ),
    Reliance(
        "textual.widget.Widget",
        "render_lines",
        "method",
        "render_lines(crop) keeps each row it draws (by width) until the widget is refreshed "
        "or resized, so a frame drawing them again draws none anew; its size is its region's",
    ),
    Reliance(
        COMPOSITOR,
        "_get_renders",
        "override",
        "_render_chops(crop, is_rendered_line) draws from _get_renders(crop), looked up on the "
        "class: (region, clip, strips) for each widget, front to back, the strips being its "
        "render_lines of its part inside clip (from its own top left), of which only rows "
        "inside crop and cuts inside its part are kept, each cell from the first widget that "
        "gives it; .renders replaces it on the class with one that gives, as clip, only the "
        "rows inside crop that no widget in front covers, and leaves out widgets with none",
    ),
    Reliance(
        COMPOSITOR,
        "visible_widgets",
        "attribute",
        "a dict of the widgets on screen, front to back, to (region, clip)",
    ),
    Reliance(
        "textual.widget.Widget",
        "_check_refresh",
        "method",
        "called on a widget that asked for a layout (refresh(layout=True)), it asks its "
        "screen by posting messages.Layout(widget) with screen.post_message (a layout of the "
        "whole screen follows); nothing inside a widget with display: none is arranged, and "
        "showing that widget asks for a layout that arranges all it holds; "
        ".layout.OneLayoutScreen drops the message for a widget inside a hidden one",
    ),
    Reliance(
        APP,
        "update_styles",
        "override",
        "what DOMNode.update_node_styles calls, looked up on the app, on every change of a "
        "widget's classes or pseudo-classes (the focus gained and lost included): "
        "update_styles(widget); for a widget it does stylesheet.update_nodes(widget."
        "walk_children(with_self=True)), which .layout.OneLayoutScreen.restyle_held does "
        "for a widget whose restyle it held (the app's override holds those inside a hidden "
        "widget, and skips one not in the app: mounting, App._register, styles it in full)",
    ),
    Reliance(
        SCREEN,
        "_on_screen_resume",
        "override",
        "the handler of ScreenResume, looked up on the class: it restyles every widget of the "
        "screen (update_node_styles) when the event's refresh_styles is true, and only then; "
        "a pushed screen's widgets are mounted and styled before it handles its first "
        "ScreenResume; .resume replaces it on the class with one that clears refresh_styles "
        "on each screen's first",
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
        "textual.widgets.TextArea",
        "_theme",
        "attribute",
        "the TextArea's own copy of its theme (dataclasses.replace of the one named), or None; "
        "apply_css(text_area) fills it in place from the TextArea's styles, its parts' "
        "styles and the app's theme",
    ),
    Reliance(
        "textual.widgets.TextArea",
        "render_lines",
        "override",
        "does nothing but fill its theme in (self._theme.apply_css(self), when it has one) "
        "and draw as ScrollView.render_lines(crop) does; .text_area.LeanTextArea fills it in "
        "only when what it is filled from changed",
    ),
    Reliance(
        "textual.widgets.TextArea",
        "edit",
        "override",
        "typing, pasting, deleting and the app's replace/insert/delete go through edit(edit) "
        "(undo and redo do not); the repaint it needs is asked from inside it, with no "
        "region (the selection it sets); besides the lines it edits, what it changes on "
        "screen is the selection, the cursor's rows and the bracket matching the cursor's; "
        ".text_area.LeanTextArea repaints those rows alone when the edit stays on one line",
    ),
    Reliance(
        "textual.widgets.TextArea",
        "_on_resize",
        "method",
        "TextArea's Resize handler, run after a subclass's on_resize: it wraps the text for "
        "the box's width and repaints only when the wrapped height changed (virtual size)",
    ),
    Reliance(
        "textual.document._wrapped_document.WrappedDocument",
        "_width",
        "attribute",
        "the width wrap(width) last wrapped for (0 while the TextArea was never laid out)",
    ),
    Reliance(
        DOM_NODE,
        "_component_styles",
        "attribute",
        "a dict of the node's parts' styles (Styles) by component class name, whose values "
        "are new objects each time the stylesheet restyles the node, never changed in place",
    ),
    Reliance(
        "textual.widgets.Input",
        "-textual-compact",
        "css class",
        "an Input made with compact=True has this class (app.tcss styles compact fields in "
        "dialogs)",
    ),
)
