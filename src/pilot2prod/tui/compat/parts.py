"""A widget restyled as its focus comes and goes, the styles of its parts kept.

Textual restyles a widget whose focus changes (``Widget.watch_has_focus``) with all it holds,
and with each of its parts (its component classes: a TextArea's cursor, selection, gutter and
five more; an Input's cursor, selection, placeholder and suggestion), each styled as a node of
its own. When no rule styles a part of the widget by a focus, their styles come out as they
were: restyling them was about 1 ms of each focus given to a long answer or taken from it
(opening a plan among them), and made a TextArea fill its theme in again. The app's rules
style no text box's part by a focus; a stylesheet that does has the widget restyled whole.

:func:`restyle_keeping_parts` restyles a widget as Textual does, but for its parts. Relies on
``DOMNode._get_component_classes``, which the stylesheet asks for the parts of a node it
styles (``Stylesheet._process_component_classes``): shadowed on the one widget while it is
restyled, so that it has none (see the registry in :mod:`pilot2prod.tui.compat`).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.widget import Widget

from pilot2prod.tui.compat.layout import restyle_later

FOCUS = frozenset({"focus", "blur", "focus-within"})
"""The pseudo-classes a focus given or taken changes."""


def may_style_by_focus(stylesheet: Stylesheet, parts: Iterable[str]) -> bool:
    """Whether a rule of *stylesheet* that may style one of *parts* (component class names)
    has a focus pseudo-class (:data:`FOCUS`) anywhere in it: the rules Textual tries on a
    part (those whose selectors end in the part's class, or in any node) are looked up as
    Textual looks them up, by what their selectors end in (``Stylesheet.rules_map``)."""
    rules_map = stylesheet.rules_map
    names = {"*", DOMNode.__name__, *(f".{part}" for part in parts)}
    return any(rule.pseudo_classes & FOCUS for name in names for rule in rules_map.get(name, ()))


def _no_parts() -> frozenset[str]:
    return frozenset()


def restyle_keeping_parts(widget: Widget) -> None:
    """Restyle *widget* and all it holds, as ``App.update_styles`` does (animated, held while
    it is on a hidden page: :func:`~.layout.restyle_later`), the styles of its parts kept
    unless a rule may style one of them by a focus (:func:`may_style_by_focus`)."""
    if restyle_later(widget):
        return
    stylesheet = widget.app.stylesheet
    nodes = widget.walk_children(with_self=True)
    if may_style_by_focus(stylesheet, widget._get_component_classes()):
        stylesheet.update_nodes(nodes, animate=True)
        return
    widget._get_component_classes = _no_parts  # type: ignore[assignment]
    try:
        stylesheet.update_nodes(nodes, animate=True)
    finally:
        vars(widget).pop("_get_component_classes", None)
