"""What every question field shares: its prompt, its editor, and a line for problems."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Region
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Label, Static

from pilot2prod import values
from pilot2prod.bank import Question
from pilot2prod.tui.compat.layout import restyle_later
from pilot2prod.tui.render import apply_blink, plain, show_text

if TYPE_CHECKING:
    from pilot2prod.record import Grade


class QuestionField(Vertical):
    """A question: its prompt, its editor, and a line for problems ("to fix")."""

    DEFAULT_CSS = """
    QuestionField { height: auto; margin: 0 0 1 0; }
    QuestionField > .prompt { width: 1fr; text-style: bold; }
    QuestionField > .error { color: $text-error; display: none; }
    QuestionField.-has-error > .error { display: block; }
    """

    class Changed(Message):
        """The field's answer changed: a *value* to store, or a *draft* to keep as typed."""

        def __init__(self, field: QuestionField, value: Any, draft: str | None = None) -> None:
            super().__init__()
            self.field = field
            self.value = value
            self.draft = draft

        @property
        def control(self) -> QuestionField:
            return self.field

    def __init__(
        self,
        question: Question,
        value: Any,
        *,
        draft: str | None = None,
        currency: str = "",
        sureness: str = "",
        graded: Grade | None = None,
    ) -> None:
        super().__init__(id=f"q-{question.id}", classes=f"kind-{question.kind}")
        self.question = question
        self.initial = value
        self.draft = draft
        self.currency = currency
        self._reveal_when_sized = False
        self.revealed = False
        """Shown from its prompt down after a jump to it; kept so while it is answered (the
        screen clears it when the focus moves to another question)."""
        self._error: Static | None = None
        self._sure: Static | None = None
        self._sure_text = sureness
        """The sureness line's text: given when the field is built, so that a page built and
        drawn while idle has it (:meth:`show_sureness` changes it)."""
        self.graded = graded
        """How a checklist item's evidence is graded, as the field is built (the item's row
        shows it; ``show_grade`` changes it)."""

    def reveal(self) -> None:
        """Scroll this field into view, now or, on a page not laid out yet, once it has a size.

        After a jump from the palette or review the page is laid out a little later, and a
        field without a size cannot be scrolled to. Its prompt goes to the top of the page, so
        a field that grows once laid out (a table filling in) grows into view.
        """
        self.revealed = True
        if self.size.height:
            self.call_after_refresh(self.scroll_visible, animate=False, top=True)
        else:
            self._reveal_when_sized = True

    def on_resize(self) -> None:
        if self._reveal_when_sized and self.size.height:
            self._reveal_when_sized = False
            self.scroll_visible(animate=False, top=True)
        elif self.has_focus_within and self.size.height:
            # The question being answered grew (a table filled in, an error line came): keep
            # it in view as far as the page allows, once the page has its new size.
            self.keep_in_view()

    def keep_in_view(self) -> None:
        """Bring the question being answered back into view, the way it was brought there:
        from its prompt down after a jump, else just enough to see it: all of it, prompt
        included, when it fits the page, else the part that has the focus."""
        if self.revealed:
            self.reveal()
        else:
            self.call_after_refresh(self._scroll_into_view)

    def _scroll_into_view(self) -> None:
        if not self.is_attached or not self.has_focus_within:
            # (Rebuilt, or its page taken down, since it was asked; or no longer the question
            # being answered: a reopened plan's first question is focused, then the one it
            # was left at, which this would scroll away from.)
            return
        focused = self.screen.focused
        target = focused if focused is not None and self in focused.ancestors else self
        page = self.parent
        room = page.scrollable_content_region.height if isinstance(page, Widget) else 0
        if self.outer_size.height <= room:
            target = self  # (a page grown back from a small window showed only its box)
        target.scroll_visible(animate=False)

    def compose(self) -> ComposeResult:
        prompt = self.question.prompt + (" *" if self.question.required else "")
        yield Label(plain(prompt), classes="prompt")
        if self._sure_text:
            self._sure = Static(plain(f"◆ {self._sure_text}"), classes="sureness")
            yield self._sure
        yield from self.compose_editor()

    def compose_editor(self) -> ComposeResult:
        raise NotImplementedError

    def on_mount(self) -> None:
        apply_blink(self)
        problem = self.file_problem()
        if problem:
            self.show_error(problem)

    def file_problem(self) -> str | None:
        """A problem with the value the plan file holds (shown until the answer is changed)."""
        if self.initial is None:
            return None
        problem = values.type_problem(self.question.kind, self.initial)
        if problem is None:
            return None
        return f"To fix: the file's value {problem}. It is kept until you answer here."

    def post(self, value: Any) -> None:
        self.post_message(self.Changed(self, value))

    def post_draft(self, typed: str) -> None:
        self.post_message(self.Changed(self, None, draft=typed))

    def show_error(self, message: str | None) -> None:
        """Show *message* under the field (None clears it). The line is made the first time
        it is needed: most fields never need one, and every widget costs a step change."""
        self.set_class(bool(message), "-has-error")
        text = plain(f"⚠ {message}" if message else "")
        if self._error is None:
            if not message:
                return
            self._error = Static(text, classes="error")
            self.mount(self._error)
        else:
            show_text(self._error, f"⚠ {message}" if message else "")

    def show_sureness(self, text: str) -> None:
        """Say under the prompt how sure the answer is ("Assumption · finance team"); empty
        text says nothing. Made the first time it is needed, like the error line."""
        if text == self._sure_text:
            return
        self._sure_text = text
        shown = plain(f"◆ {text}" if text else "")
        if self._sure is None:
            self._sure = Static(shown, classes="sureness")
            self.mount(self._sure, after=self.query_one(".prompt"))
        else:
            self._sure.update(shown)
        self._sure.display = bool(text)

    @property
    def has_error(self) -> bool:
        return self.has_class("-has-error")

    def mark_current(self, current: bool) -> None:
        """Show (or stop showing) this as the question being answered: its edge and prompt.

        Only those two are restyled (Textual would restyle every widget of the field), and of
        the field itself only its left edge is drawn again, not the whole field with its
        editors: ``QuestionField.-current`` may change nothing else (styles/wizard.tcss). A
        field on a page just hidden (the step changed) is restyled once the new page is on
        screen, not before it, or as its page shows again if that comes first."""
        if self.has_class("-current") == current:
            return
        self.set_class(current, "-current", update=False)
        if restyle_later(self):  # (not in the app, or on a hidden page: the screen restyles
            return  # it, with all it holds, as it shows or once the new page is on screen)
        self._edge_only = True
        try:
            self.app.stylesheet.update_nodes([self])
        finally:
            self._edge_only = False
        self.app.stylesheet.update_nodes(self.query_children(".prompt"))

    _edge_only = False

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if self._edge_only and not regions and not recompose:
            # (regions are given within the content: the edge is left of it, in the gutter)
            gutter = self.styles.gutter
            regions = (Region(-gutter.left, -gutter.top, 1, self.outer_size.height),)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def set_currency(self, currency: str) -> None:
        """The plan's currency changed (fields that show amounts read them again)."""

    def focus_first(self) -> Widget | None:
        """Focus the field's first editor, and return it (None: nothing here takes the focus,
        as in a plan open read-only). The screen says how the page scrolls to it (the
        question's prompt to the top, or just into view): Textual's own centring, done a moment
        later, would undo that."""
        for widget in self.query("*"):
            if widget.focusable and widget.display:
                widget.focus(scroll_visible=False)
                return widget
        return None


def as_text(value: Any) -> str:
    """A stored value as the text of an editor (nothing for no value)."""
    return "" if value is None else str(value)
