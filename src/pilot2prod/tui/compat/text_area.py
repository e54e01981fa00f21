"""Textual's TextArea changed where Textual gives no public hook (see :mod:`..compat`): a
module of its own, so that nothing but a long answer loads TextArea (about 9 ms)."""

from __future__ import annotations

from typing import Any, Self

from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from pilot2prod.tui.compat.parts import restyle_keeping_parts


class LeanTextArea(TextArea):
    """A TextArea that works its theme out of its styles only when they changed, and whose
    typing repaints the rows it changed.

    Textual's TextArea fills in its theme from its styles and its parts' styles (cursor,
    selection, placeholder…) each time it draws (``TextAreaTheme.apply_css`` in
    ``TextArea.render_lines``), and a widget forgets its parts' worked-out styles on every
    repaint: each key typed worked the same six styles out again, about half a millisecond of
    the two a key takes to draw. Here the theme is filled in again when what it is filled from
    may have changed: another theme (the app's or the TextArea's), the TextArea's own style
    with what it takes from above (its ``rich_style``: colours and background), or its parts'
    styles (Textual makes new ones whenever it restyles the TextArea with its parts). Relies on
    ``TextArea._theme`` (a copy of its own, filled in place) and ``DOMNode._component_styles``,
    and on ``TextArea.render_lines`` doing nothing but fill the theme in and draw as a
    ScrollView does (see the registry in :mod:`pilot2prod.tui.compat`).

    An edit (a key typed, a paste, a deletion) repaints the whole TextArea in Textual: the
    cursor it moves is a reactive that repaints all (six rows of a long answer, where a key
    changes one). Here an edit within one line of the text that leaves as many rows as
    before, with the selection on that line before and after it (the cursor with it) and
    text before and after (no placeholder to show or take away), repaints the rows of that
    line, the rows the cursor left and came to, and the rows of the brackets highlighted as
    matching the one at the cursor before and after; any other edit (and one made inside
    another, or one that fails) repaints all, as Textual does. A scroll the cursor asks for
    repaints all when it lands, as in Textual. Relies on an edit asking for its repaint
    from inside ``edit()`` (a repaint asked there with no region is the edit's) and on what
    an edit changes on screen besides its line being the selection, the cursor and the
    brackets it matches (see the registry in :mod:`pilot2prod.tui.compat`).

    As its focus comes and goes, it is restyled without its parts when no rule may style them
    by a focus (:mod:`.parts`).
    """

    def watch_has_focus(self, _has_focus: bool) -> None:
        """Restyle the box as its focus comes and goes, its parts' styles kept while no
        rule may style them by a focus (see :mod:`.parts`)."""
        restyle_keeping_parts(self)

    def on_resize(self) -> None:
        """Draw the box again when its text is about to be wrapped for another width than
        the one its rows were drawn wrapped for. TextArea's own Resize handler (run after
        this one: Textual calls a subclass's first) wraps the text again for the new width
        but repaints only when the wrapped text's height changed, so a box narrowed by a
        column (its page given a scrollbar at its first showing) kept its rows wrapped for
        the wider box, a word cut at its edge, until its next repaint (with no cursor
        blinking, when it was next focused or typed into). The repaint asked here comes after
        that wrapping. Text never wrapped yet (width 0: the box was never laid out) is left
        to TextArea: its first wrapping changes its height whenever it changes its rows.
        Relies on ``WrappedDocument._width`` (see the registry in
        :mod:`pilot2prod.tui.compat`)."""
        wrapped_for = self.wrapped_document._width
        if wrapped_for and wrapped_for != self.wrap_width:
            self.refresh()

    _editing = False
    """Whether an edit is being made (:meth:`edit`): a whole repaint asked meanwhile waits."""
    _edit_asked = False
    """Whether the edit being made asked for a whole repaint."""
    _edit_nested = False
    """Whether an edit was made inside the one being made (all is repainted then)."""

    def edit(self, edit: Edit) -> EditResult:
        if self._editing:
            self._edit_nested = True
            return super().edit(edit)
        wrapped = self.wrapped_document
        line = edit.top[0]
        before = (wrapped.height, self.virtual_size)
        was_empty = not self.document.text
        selection_before = self.selection
        rows = {wrapped.location_to_offset(self.cursor_location).y, *self._bracket_rows()}
        self._editing, self._edit_asked, self._edit_nested = True, False, False
        try:
            result = super().edit(edit)
        except BaseException:
            self._editing = False
            self.refresh()  # (whatever it changed before it failed)
            raise
        self._editing = False
        if not (self._edit_asked or self._edit_nested):
            return result
        selection = self.selection
        if (
            not self._edit_nested
            and line == edit.bottom[0] == result.end_location[0]
            and all(row == line for row, _ in (*selection_before, *selection))
            and not was_empty
            and self.document.text
            and before == (wrapped.height, self.virtual_size)
        ):
            first = wrapped.location_to_offset((line, 0)).y
            rows.add(wrapped.location_to_offset(self.cursor_location).y)
            rows.update(self._bracket_rows())
            rows.update(range(first, first + len(wrapped.get_offsets(line)) + 1))
            self.refresh_lines(min(rows), max(rows) - min(rows) + 1)
        else:
            self.refresh()
        return result

    def _bracket_rows(self) -> set[int]:
        """The row of the bracket highlighted as matching the one at the cursor, if any."""
        row, column = self.cursor_location
        try:
            character = self.document[row][column]
        except IndexError:
            return set()
        match = self.find_matching_bracket(character, (row, column))
        return set() if match is None else {self.wrapped_document.location_to_offset(match).y}

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if self._editing and repaint and not (regions or layout or recompose):
            self._edit_asked = True  # (the edit repaints what it changed once it is done)
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    _theme_from: tuple[Any, ...] = ()
    """What the theme was last filled in from (the parts' styles by identity)."""
    _theme_parts: tuple[Any, ...] = ()
    """The parts' styles it was filled in from, kept so that no new one takes their ids."""

    def render_lines(self, crop: Region) -> list[Strip]:
        theme = self._theme
        if theme:
            parts = tuple(self._component_styles.values())
            source = (theme, self.app.current_theme, self.rich_style, *map(id, parts))
            if source != self._theme_from:
                theme.apply_css(self)
                self._theme_from, self._theme_parts = source, parts
        return ScrollView.render_lines(self, crop)
