"""Small helpers that turn text and values into what screens show. No screens, no widgets.

Every module of the TUI may import this one; it imports nothing from the TUI, so it never closes
an import circle.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from pilot2prod import values
from pilot2prod.text import show_invisible
from pilot2prod.values import NUMERIC_KINDS

TYPED_KINDS = (*NUMERIC_KINDS, "date")
"""Kinds whose text is read as a value (and kept as a draft when it cannot be)."""

SHORT_BELOW = 24
"""Below this height the wizard and the dialogs are compact (the ``-short`` rules in styles/)."""

HINTS = {
    "number": "e.g. 4000 or 4k",
    "money": "e.g. 250k, 1.5m or 180,000",
    "percent": "e.g. 12 or 12.5%",
    "date": "e.g. 14 March 2026, next Friday or Feb 2027",
    "person": "name and role",
}
"""Placeholders of empty one-line fields."""


def plain(value: str) -> Content:
    """User or bank text as display content: never parsed as markup, and invisible or
    bidi-control characters shown as <U+202E> rather than hiding or reordering text."""
    return Content(show_invisible(value))


def _shows(widget: Static, new: Content) -> bool:
    """Whether *widget* shows *new* already (the same text and styles)."""
    old = widget.content
    return isinstance(old, Content) and old.plain == new.plain and old.spans == new.spans


def show_text(widget: Static, text: str) -> None:
    """Show *text* (as :func:`plain` shows it) on *widget*; nothing when it shows it already.

    Typing changes a reading, an error line or the header's state on most keys, and each
    change asks the whole screen for a layout, which costs more than the rest of a key's echo:
    the same text again is no change."""
    new = plain(text)
    if not _shows(widget, new):
        widget.update(new)


def show_line(widget: Static, text: str) -> None:
    """Show *text* on *widget*, a Static one row high (its height set by the stylesheet): as
    :func:`show_text`, and without a layout of the screen when the widget keeps its size: its
    width is the stylesheet's too (a reading), or the new text takes as many cells as the old
    (a percentage, "● editing")."""
    new = plain(text)
    if _shows(widget, new):
        return
    old = widget.content
    width, height = widget.styles.width, widget.styles.height
    one_row = height is not None and not height.is_auto and height.cells == 1
    sized = width is not None and not width.is_auto
    same = isinstance(old, Content) and old.cell_length == new.cell_length
    widget.update(new, layout=not (one_row and (sized or same)))


def progress_bar(percent: int, width: int = 10) -> str:
    """A bar of *width* cells, filled in proportion to *percent*."""
    filled = round(percent * width / 100)
    return "█" * filled + "░" * (width - filled)


def apply_blink(root: Widget) -> None:
    """Turn the cursor blink of the fields under *root* off unless the app asks for it."""
    if getattr(root.app, "cursor_blink", False):
        return
    for editor in root.query("Input, TextArea"):
        if hasattr(editor, "cursor_blink"):  # both have it; not imported, so neither loads early
            editor.cursor_blink = False


def keep_focus_in_view(container: Widget) -> None:
    """After *container* got shorter (a notice took rows of the screen), scroll the focused
    widget back into view, if it is inside *container*."""
    focused = container.screen.focused
    if focused is not None and container in focused.ancestors:
        container.call_after_refresh(focused.scroll_visible, animate=False)


def reading_text(kind: str, reading: values.Reading, currency: str) -> str:
    """What a typed field shows beside its text: what it understood, or the currency it uses."""
    if not reading.ok:
        return ""
    if reading.value is None:
        if kind == "money":
            return currency or "no currency set"
        return ""
    return f"= {values.echo(kind, reading.value, currency)}"


def fix_message(problem: str) -> str:
    """The line under a field whose text is kept as a draft."""
    return f"To fix: {problem}. Kept as typed."
