"""The registry's entries about laying out, styling and drawing (see :mod:`.registry`)."""

from __future__ import annotations

from pilot2prod.tui.compat.reliance import APP, COMPOSITOR, DOM_NODE, SCREEN, Reliance

DRAWING: tuple[Reliance, ...] = (
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
        "textual.widget.Widget",
        "_repaint_regions",
        "attribute",
        "a set of the regions (in the widget) to draw again, taken and emptied when the "
        "widget's next repaint is handled while it is on screen; when its size changes, "
        "_size_updated replaces them with the whole widget (at the size it had), asking for no "
        "repaint: .layout empties it for the widgets a layout placed, moved or resized (that "
        "layout draws them whole)",
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
        DOM_NODE,
        "_get_component_classes",
        "override",
        "a classmethod the stylesheet calls, looked up on the node, for the parts (component "
        "class names) of a node it styles (Stylesheet._process_component_classes, at the end "
        "of apply): .parts shadows it on one widget with a function that gives none while it "
        "restyles the widget, whose parts' styles (_component_styles) are then left as they "
        "were; each part is styled as a DOMNode with the part's class, so the rules that may "
        "style it end in that class, in DOMNode or in *",
    ),
    Reliance(
        "textual.widgets.Input",
        "-textual-compact",
        "css class",
        "an Input made with compact=True has this class (app.tcss styles compact fields in "
        "dialogs)",
    ),
)
