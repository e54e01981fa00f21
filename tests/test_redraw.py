"""Moving between the questions of a step redraws only what changed: the page keeps its size
and place (nothing reflows), and the question being answered changes only its edge and prompt.
How many bytes that writes is measured by benchmarks/run.py, not asserted here."""

from __future__ import annotations

import asyncio

import pytest
from textual._styles_cache import StylesCache
from textual.app import App, ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList

from pilot2prod.plan import Plan
from pilot2prod.resources import example_path
from pilot2prod.store import Store, read_plan
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.compat.layout import OneLayoutScreen
from pilot2prod.tui.widgets.fields import QuestionField
from pilot2prod.tui.wizard import WizardScreen, editing
from pilot2prod.tui.wizard import screen as screen_module
from pilot2prod.tui.wizard.notes import HelpLine
from pilot2prod.tui.wizard.step_page import StepPage
from test_frames_add_up import Glass

SIZE = (80, 24)


def example_app(store: Store, bank) -> Pilot2ProdApp:
    path = store.create(read_plan(example_path()), [q.id for q in bank.questions()])
    return Pilot2ProdApp(store, bank, path, cursor_blink=False)


async def test_tab_between_questions_never_changes_the_height_of_the_page(store, bank):
    """The help under the page takes the rows of the step's longest help at once, so a Tab to
    a question with a shorter or longer help does not move the page (which would redraw it)."""
    app = example_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        for _ in range(3):  # the first steps, whose helps have different lengths
            page = screen.pages.page_on_screen
            assert page is not None
            helps, regions = set(), set()
            for _ in range(len(screen.step.questions) + 1):
                await pilot.press("tab")
                await pilot.pause()
                helps.add(screen.query_one(HelpLine).region)
                regions.add(page.region)
            assert len(helps) == 1 and len(regions) == 1, (screen.step.id, helps, regions)
            await pilot.press("pagedown")
            await pilot.pause()


async def test_the_help_line_shows_the_longest_help_of_the_step_whole(store, bank):
    app = example_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        longest = max(screen.current_fields(), key=lambda f: len(f.question.help or ""))
        longest.focus_first()
        await pilot.pause()
        help_line = screen.query_one(HelpLine)
        region = help_line.content_region.reset_offset
        shown = " ".join(strip.text.strip() for strip in help_line.render_lines(region))
        assert shown.endswith((longest.question.help or "").split()[-1])


@pytest.mark.parametrize(
    ("size", "resized"), [((80, 24), None), ((200, 50), None), ((200, 50), (80, 24))]
)
async def test_a_help_too_long_for_its_rows_is_cut_at_a_word_keeping_a_lists_keys(
    store, bank, size, resized
):
    """The help line takes at most three rows: a list's help at 80 columns was cut in the middle
    of its keys ("Type to add a row (Tab between its columns, Enter saves"). The question's own
    help is cut at a word instead, with "…", and the keys show whole; with room, all shows."""
    from pilot2prod.tui.wizard.notes import help_parts

    app = example_app(store, bank)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        lists = [q for q in bank.questions() if q.kind == "list"]
        question = max(lists, key=lambda q: len(q.help or ""))  # (the debt register's)
        step = bank.step_of(question.id)
        await screen.show_step(screen.steps.index(step), question.id)
        await pilot.pause()
        if resized:  # (shown whole, then fitted again as the window shrinks)
            await pilot.resize_terminal(*resized)
            await pilot.pause()
        help_line = screen.query_one(HelpLine)
        rows = help_line.render_lines(help_line.region.reset_offset)[1:]  # (below its border)
        shown = " ".join(strip.text.strip() for strip in rows)
        own, keys = help_parts(question)
        assert shown.strip().endswith(keys)
        if (resized or size) == (80, 24):
            assert "…" in shown and own not in shown
        else:
            assert own in shown


def test_a_help_cut_to_fit_keeps_as_many_of_its_words_as_fit(bank):
    from pilot2prod.tui.render import plain
    from pilot2prod.tui.wizard.notes import fitted_help, help_parts, help_text

    def rows(text: str, width: int) -> int:
        return len(plain(f"ℹ {text}").wrap(width))

    checked = 0
    for question in bank.questions():
        own, tail = help_parts(question)
        for width, most in ((78, 3), (78, 2), (50, 3)):
            text = fitted_help(question, width, most)
            if text == help_text(question):
                continue
            checked += 1
            kept = len(text.removesuffix(tail).split())  # (its own words, the last with "…")
            assert text.endswith(tail) and rows(text, width) <= most, (question.id, text)
            more = " ".join([f"{' '.join(own.split()[: kept + 1])}…", tail]).strip()
            assert rows(more, width) > most, (question.id, width, text)  # (one more: too long)
    assert checked


def test_a_help_of_one_word_too_long_for_its_rows_is_cut_within_it(bank):
    """A help no word of which fits (a long address in a bank of one's own) showed nothing."""
    from msgspec.structs import replace

    from pilot2prod.tui.render import plain
    from pilot2prod.tui.wizard.notes import fitted_help

    question = next(q for q in bank.questions() if q.kind == "text")
    address = replace(question, help="https://example.org/" + "x" * 300)
    text = fitted_help(address, 78, 3)
    assert text.startswith("https://example.org/xx") and text.endswith("…")
    assert len(plain(f"ℹ {text}").wrap(78)) <= 3


LOOKS = (
    "background", "color", "tint", "opacity", "text_style", "padding", "margin", "width",
    "height", "border_top", "border_right", "border_bottom", "outline_left", "offset",
)  # fmt: skip


async def test_only_the_edge_of_the_question_being_answered_changes(store, bank):
    """The field of the question being answered repaints only its left edge column when it
    becomes (or stops being) the one answered, so its class may change nothing else."""
    app = example_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        current, other = app.screen.query(QuestionField)[:2]
        assert current.has_class("-current") and not other.has_class("-current")
        assert current.styles.border_left != other.styles.border_left
        for name in LOOKS:
            assert getattr(current.styles, name) == getattr(other.styles, name), name


async def test_a_step_change_marks_its_first_question_with_the_page(store, bank):
    """The question a step change focuses is marked as the one answered (its edge) by the step
    change itself, so the frame that shows the page shows the mark: Textual's focus event
    comes after that frame (the page was drawn unmarked, then its prompt again, marked)."""
    app = example_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        left = screen.pages.answering
        assert left is not None and left.has_class("-current")
        edge = left.styles.border_left
        await screen.show_step(1)  # no pause: nothing the step change set off has run yet
        marked = [f for f in screen.current_fields() if f.has_class("-current")]
        assert [f.question.id for f in marked] == [screen.step.questions[0].id]
        assert not left.has_class("-current")
        # The field left, on a page now hidden, is restyled once the new page is on screen.
        assert left.styles.border_left == edge
        await pilot.pause()
        assert app.focused is not None and marked[0] in app.focused.ancestors
        assert [f for f in screen.current_fields() if f.has_class("-current")] == marked
        assert left.styles.border_left != edge
        nodes = list(left.walk_children(with_self=True))
        ours = [_looks(n) for n in nodes]
        app.stylesheet.update_nodes(nodes)  # (not app.update_styles: it holds a hidden one)
        assert [_looks(n) for n in nodes] == ours


def _looks(node: Widget) -> tuple[object, ...]:
    """Every rule *node* is styled with, and how each of its parts is drawn."""
    parts = sorted(node._get_component_classes())
    return (
        node.styles.base.get_rules(),
        [str(node.get_component_rich_style(part, partial=True)) for part in parts],
    )


async def to_a_step_that_starts_with_a_choice(app: Pilot2ProdApp, bank, pilot) -> None:
    """Show the first step whose first question is a choice (its radio set focused)."""
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, WizardScreen)
    index = next(i for i, s in enumerate(bank.steps) if s.questions[0].kind == "choice")
    await screen.show_step(index)
    await pilot.pause()


async def test_a_choice_restyled_for_the_focus_looks_as_if_restyled_whole(store, bank):
    """A question's radio buttons restyle only the set and its highlighted button as the focus
    comes and goes (the step change to a choice's step is quicker): every button looks as
    Textual's restyle of the whole set would make it, focused, blurred, with the highlight
    moved, and once the step is left with the focus in the set."""
    from pilot2prod.tui.widgets.fields.choice import ChoiceSet

    app = example_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await to_a_step_that_starts_with_a_choice(app, bank, pilot)
        choice = app.focused
        assert isinstance(choice, ChoiceSet)
        nodes = list(choice.walk_children(with_self=True))

        async def as_if_whole(why: str) -> None:
            await pilot.pause()
            ours = [_looks(n) for n in nodes]
            app.stylesheet.update_nodes(nodes)  # (a whole restyle, even of a hidden set)
            assert [_looks(n) for n in nodes] == ours, why

        await as_if_whole("focused")
        await pilot.press("down")
        await as_if_whole("the highlight moved")
        await pilot.press("tab")
        assert not choice.has_focus
        await as_if_whole("blurred")
        await pilot.press("shift+tab")
        assert choice.has_focus
        await as_if_whole("focused again")
        await pilot.press("pagedown")
        await pilot.pause()
        assert not choice.has_focus and not choice.is_on_screen
        await as_if_whole("its step left")


async def test_the_focus_coming_to_a_choice_restyles_only_its_highlighted_button(
    store, bank, monkeypatch
):
    """(What makes the step change to a choice's step quicker: Textual restyles every button
    of a radio set as the focus comes to it.)"""
    app = example_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await to_a_step_that_starts_with_a_choice(app, bank, pilot)
        choice = app.focused
        assert choice is not None
        await pilot.press("tab")
        await pilot.pause()
        restyled: list[DOMNode] = []
        update_nodes = Stylesheet.update_nodes

        def noted(self: Stylesheet, nodes, animate: bool = False) -> None:
            nodes = list(nodes)
            restyled.extend(nodes)
            update_nodes(self, nodes, animate)

        monkeypatch.setattr(Stylesheet, "update_nodes", noted)
        await pilot.press("shift+tab")
        await pilot.pause()
        assert choice.has_focus
        buttons = [n for n in restyled if n.parent is choice]
        assert choice in restyled and len(buttons) == 1 and buttons[0].has_class("-selected")


async def test_the_focus_of_a_choice_styles_none_of_its_buttons_but_the_highlighted_one(
    store, bank
):
    """What a question's radio buttons rely on to restyle less: every rule the app has that
    styles inside a radio set by its focus (``:focus``, ``:blur``, ``:focus-within``; Textual's
    rules and ours, for every theme, ``:nocolor`` and ``:ansi`` included) styles the highlighted
    button (``-selected``) and what that holds, no other button."""
    from textual.css.model import CombinatorType, SelectorType

    app = example_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await to_a_step_that_starts_with_a_choice(app, bank, pilot)  # (Textual adds a
        # widget's own rules as it first shows one)
        focus = {"focus", "blur", "focus-within"}
        found = []
        for rule in app.stylesheet.rules:
            for selector_set in rule.selector_set:
                selectors = selector_set.selectors
                for at, selector in enumerate(selectors):
                    if selector.name not in ("RadioSet", "ChoiceSet") or not (
                        selector.pseudo_classes & focus
                    ):
                        continue
                    inside = selectors[at + 1 :]
                    if not inside:
                        continue  # (the set itself)
                    found.append(selector_set.css)
                    compound = [inside[0]]  # (what the next part of the selector names)
                    for more in inside[1:]:
                        if more.combinator != CombinatorType.SAME:
                            break
                        compound.append(more)
                    assert any(
                        part.type == SelectorType.CLASS and part.name == "-selected"
                        for part in compound
                    ), selector_set.css
        assert len(found) >= 3, found  # (Textual's :focus and :blur, and our :nocolor one)


def _text_boxes(app: Pilot2ProdApp) -> list[Widget]:
    """The long answers' boxes and the line answers' fields of the step on screen."""

    screen = app.screen
    assert isinstance(screen, WizardScreen)
    return [w for f in screen.current_fields() for w in f.query("TextArea, Input")]


async def test_a_text_box_restyled_for_the_focus_looks_as_if_restyled_whole(store, bank):
    """A long answer's box and a line answer's field keep their parts' styles (cursor,
    selection, placeholder...) as the focus comes and goes: each looks as Textual's whole
    restyle would make it, focused, blurred, focused again, and once its step is left."""
    app = new_plan_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        boxes = _text_boxes(app)
        kinds = {type(b).__name__ for b in boxes}
        assert kinds == {"LeanTextArea", "LeanInput"}, kinds  # (the first step has both)

        async def as_if_whole(why: str) -> None:
            await pilot.pause()
            ours = [_looks(b) for b in boxes]
            app.stylesheet.update_nodes(boxes)  # (a whole restyle, even of a hidden one)
            assert [_looks(b) for b in boxes] == ours, why

        assert app.focused is boxes[0]
        await as_if_whole("the first focused")
        for _ in boxes[1:]:
            await pilot.press("tab")
            await as_if_whole(f"{type(app.focused).__name__} focused, the one before left")
        await pilot.press("shift+tab")
        await as_if_whole("focused again")
        await pilot.press("pagedown")
        await pilot.pause()
        assert not any(b.has_focus or b.is_on_screen for b in boxes)
        await as_if_whole("its step left")


async def test_the_focus_coming_to_a_text_box_restyles_it_but_none_of_its_parts(
    store, bank, monkeypatch
):
    """(What makes a Tab into or out of a long answer quicker, and opening a plan: Textual
    restyles a text box's eight parts, each as a node of its own, as its focus changes.)"""
    app = new_plan_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        boxes = _text_boxes(app)
        while app.focused is not boxes[-1]:  # (a line answer's first blur validates it,
            await pilot.press("tab")  # which sets a class of Textual's on it: a restyle
            await pilot.pause()  # of another kind)
        await pilot.press("tab")
        while app.focused is not boxes[0]:
            await pilot.press("shift+tab")
            await pilot.pause()
        assert all(b.has_class("-valid") for b in boxes if isinstance(b, Input))
        restyled: list[DOMNode] = []
        apply = Stylesheet.apply

        def noted(self: Stylesheet, node: DOMNode, **kwargs) -> None:
            restyled.append(node)
            apply(self, node, **kwargs)

        monkeypatch.setattr(Stylesheet, "apply", noted)
        for box in boxes:
            while app.focused is not box:
                await pilot.press("tab")
                await pilot.pause()
            parts = dict(box._component_styles)
            assert len(parts) >= 4
            restyled.clear()
            await pilot.press("tab")
            await pilot.pause()
            assert not box.has_focus and box in restyled
            assert not [n for n in restyled if n.parent is box and not isinstance(n, Widget)]
            assert all(box._component_styles[k] is v for k, v in parts.items())


def new_plan_app(store: Store, bank) -> Pilot2ProdApp:
    path = store.create(Plan.new("First visits", bank), [q.id for q in bank.questions()])
    return Pilot2ProdApp(store, bank, path, cursor_blink=False)


async def next_page_built(app: Pilot2ProdApp, bank) -> tuple[WizardScreen, StepPage]:
    """The wizard on screen, once the pages next to its first step are built while idle, and
    the second step's page (never shown yet)."""
    screen = app.screen
    assert isinstance(screen, WizardScreen)
    await screen.built.wait()
    return screen, screen.query_one(f"#page-{bank.steps[1].id}", StepPage)


@pytest.mark.neighbour_pages
async def test_a_page_shown_for_the_first_time_has_its_scrollbar_from_its_first_layout(store, bank):
    """The next step's page, built while idle and never shown, is told that its questions
    overflow it: its first layout keeps the scrollbar it was told of (Textual's own check
    would otherwise add it then, and lay out and draw the page again a frame later)."""
    app = new_plan_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        screen, page = await next_page_built(app, bank)
        assert not page.laid_out and page.show_vertical_scrollbar  # told, while idle
        flips: list[bool] = []
        page.watch(page, "show_vertical_scrollbar", flips.append, init=False)
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.pause()
        assert screen.pages.page_on_screen is page and page.laid_out
        assert page.max_scroll_y > 0 and page.vertical_scrollbar.display
        assert flips == []  # (without being told: [True], a layout after the first)


@pytest.mark.parametrize("shown_first", [None, 1], ids=["those-that-fit", "one-question"])
async def test_a_sessions_first_page_is_laid_out_as_it_stays(store, bank, monkeypatch, shown_first):
    """A session's first page shows the questions that fit and gets the rest a moment later.
    Its first layout already gives it the scrollbar all its questions will need (even when
    those shown first do not fill it), and the help line under it the rows of the step's
    longest help (it had no width before its first layout, so it took the rows of the first
    question's help, and the rest a layout later). The page was laid out full width and a row
    taller, then again a moment later (a new plan's first second wrote 20 KB at 80x24, now
    14)."""
    if shown_first is not None:
        monkeypatch.setattr(screen_module, "fields_that_fit", lambda *args: shown_first)
    seen: list[tuple[int, int, int]] = []
    refresh_layout = Screen._refresh_layout

    def recorded(self: Screen, *args, **kwargs):  # type: ignore[no-untyped-def]
        refresh_layout(self, *args, **kwargs)
        page = self.pages.page_on_screen if isinstance(self, WizardScreen) else None
        if page is not None and page.step is bank.steps[0]:  # (the session's first page)
            help_line = self.query_one(HelpLine)
            # (the width its questions were laid out at, which a scrollbar narrows)
            seen.append((page.virtual_size.width, help_line.size.height, len(page.fields)))

    monkeypatch.setattr(Screen, "_refresh_layout", recorded)
    app = new_plan_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        await screen.built.wait()
        await pilot.pause()
        page = screen.pages.page_on_screen
        assert page is not None and page.max_scroll_y > 0 and page.vertical_scrollbar.display
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.press("pageup")  # back: Textual decides its scrollbar again, and keeps it
        await pilot.pause()
        assert screen.pages.page_on_screen is page and page.styles.overflow_y == "auto"
        assert page.vertical_scrollbar.display
    fields = [count for _, _, count in seen]
    assert fields[0] < len(bank.steps[0].questions) == fields[-1]  # the rest came later
    assert len({(width, rows) for width, rows, _ in seen}) == 1, seen


@pytest.mark.neighbour_pages
async def test_a_page_is_told_of_its_scrollbar_only_when_taller_than_the_screen(store, bank):
    """How tall a step's page will be is not known before the step shows (its introduction,
    fix and help take other rows than this step's): a page is told that it scrolls only when
    its questions are taller than the whole screen. One that would overflow the page on
    screen now by less is left to Textual."""
    app = new_plan_app(store, bank)
    async with app.run_test(size=SIZE):
        screen, told = await next_page_built(app, bank)
        size = told._expected
        assert size is not None
        assert told.arrange(size).total_region.height > SIZE[1] and told.show_vertical_scrollbar
        step = next(s for s in bank.steps if s.id == "business_outcomes")
        page = await screen.pages.build(step)
        height = page.arrange(size).total_region.height
        assert size.height < height <= SIZE[1]  # (it overflows a page of the size on screen)
        assert page.expect_scrollbar(size) and not page.show_vertical_scrollbar


async def test_a_page_is_measured_for_its_scrollbar_as_restyled_while_hidden(
    store, bank, monkeypatch
):
    """A restyle held while the page is hidden (an error line hidden again by its field's
    class) is done before the page is measured: it is measured as it will show."""
    app = new_plan_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        page = await screen.pages.build(bank.steps[1])
        assert not page.display and page.unanswered
        on_screen = screen.pages.page_on_screen
        assert on_screen is not None
        size = on_screen.container_size
        without = page.arrange(size).total_region.height
        field = page.fields[0]
        field.show_error("a problem")
        await pilot.pause()
        await pilot.pause()
        error = field.query_one(".error")
        assert error.styles.display == "block"
        assert page.arrange(size).total_region.height == without + 1
        field.show_error(None)
        assert error.styles.display == "block"  # (held: the page is hidden)
        measured: list[int] = []
        arrange = page.arrange

        def measure(size: Size) -> object:
            arrangement = arrange(size)
            measured.append(arrangement.total_region.height)
            return arrangement

        monkeypatch.setattr(page, "arrange", measure)
        assert page.expect_scrollbar(size)  # (restyled now; measured on the next turn)
        assert error.styles.display == "none" and measured == []
        await pilot.pause()
        await pilot.pause()
        assert page.expect_scrollbar(size)
        assert measured == [without]


async def test_a_page_shown_again_is_restyled_as_it_shows_before_the_focus_reads_it(
    store, bank, monkeypatch
):
    """A restyle held while a page was hidden is done as the step change shows the page,
    before the focus and the scrolling read its styles (not at its layout, later)."""
    app = example_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        page = screen.pages.page_on_screen
        assert page is not None
        field = page.fields[0]
        field.show_error("a problem")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.pause()
        assert not page.display
        error = field.query_one(".error")
        monkeypatch.setattr(screen, "call_after_refresh", lambda *args, **kwargs: True)
        field.show_error(None)
        assert error.styles.display == "block"  # (held: the page is hidden)
        seen: list[str] = []
        focus_question = type(screen.pages).focus_question

        def focusing(self, question_id):  # type: ignore[no-untyped-def]
            seen.append(str(error.styles.display))
            return focus_question(self, question_id)

        monkeypatch.setattr(type(screen.pages), "focus_question", focusing)
        await pilot.press("pageup")
        await pilot.pause()
        assert page.display and seen and seen[0] == "none"


@pytest.mark.neighbour_pages
async def test_a_page_with_answers_is_not_told_of_its_scrollbar(store, bank):
    """The example plan's next page holds answers (texts wrapped, tables fitted to their
    width once laid out): it is left to Textual, which draws it as before."""
    app = example_app(store, bank)
    async with app.run_test(size=SIZE):
        _, page = await next_page_built(app, bank)
        assert page.ended and not page.unanswered and not page.laid_out
        assert page._expected is None and not page.show_vertical_scrollbar


@pytest.mark.neighbour_pages
async def test_a_page_told_of_its_scrollbar_is_unsure_once_what_it_was_told_may_not_hold(
    store, bank
):
    """A question shown or hidden, or the page on screen of another size than the page was
    told of: the page shows no scrollbar before its first layout, as any page never laid
    out, and Textual decides then. A page laid out before is left to Textual alone."""
    app = new_plan_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        _, page = await next_page_built(app, bank)
        told = page._expected
        assert told is not None and page.show_vertical_scrollbar
        page.unsure(told)  # the same size: it holds
        assert page.show_vertical_scrollbar
        page.unsure(Size(told.width, told.height + 40))
        assert not page.show_vertical_scrollbar and not page.vertical_scrollbar.display
        assert not page.expect_scrollbar(told)  # told once only
        page._show_scrollbar(True)
        page.show_visible(lambda question: question is not page.step.questions[0])
        assert not page.show_vertical_scrollbar  # a question hidden: unsure
        page.show_visible(lambda question: True)
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.pause()
        assert page.laid_out and page.show_vertical_scrollbar  # Textual decided
        page.unsure(Size(1, 1))
        assert page.show_vertical_scrollbar  # laid out: Textual's alone


@pytest.mark.neighbour_pages
async def test_fields_built_into_pages_not_shown_lay_out_nothing(store, bank, monkeypatch):
    """While the app is idle, the pages next to the step on screen get their fields, one at a
    time. Nothing of a hidden page is arranged or drawn, yet each field laid the whole screen
    out, twice: now none does. Shown, the page is laid out with all its fields."""
    app = new_plan_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        await screen.built.wait()
        monkeypatch.setattr(screen.idle, "turn", lambda: None)  # the test builds instead
        index = next(i for i, s in enumerate(bank.steps) if s.id == "operating_model")
        await screen.show_step(index)
        await pilot.pause()
        pages = screen.pages
        nearby = [await pages.page(bank.steps[i]) for i in (index + 1, index - 1)]
        await pilot.pause()
        assert all(not page.fields and not page.display for page in nearby)
        layouts: list[str] = []
        refresh_layout = Screen._refresh_layout

        def counted(self: Screen, *args, **kwargs):  # type: ignore[no-untyped-def]
            layouts.append(type(self).__name__)
            return refresh_layout(self, *args, **kwargs)

        with monkeypatch.context() as patched:
            patched.setattr(Screen, "_refresh_layout", counted)
            turns = 0
            while await pages.build_more(index):
                turns += 1
                await pilot.pause()
            await pilot.pause()
        assert all(page.ended for page in nearby) and turns > 5
        assert layouts == []
        await pilot.press("pagedown")
        await pilot.pause()
        shown = nearby[0]
        assert pages.page_on_screen is shown and shown.laid_out
        first = shown.fields[0]
        prompt = first.query_one(".prompt")
        assert first.region.height > 0 and prompt.region.width > 0
        assert first.question.prompt[:20] in prompt.render_line(0).text


async def test_typing_an_answer_lays_out_nothing(store, bank, monkeypatch):
    """A key typed in a one-line question repaints the question and lays out nothing: the
    Input's scroll width, an amount's reading (its width is the stylesheet's) and the same text
    again on an error line or in the header move nothing on screen. (A layout of the wizard
    costs more than the rest of a key's echo.)"""
    monkeypatch.setattr(editing, "SAVE_DELAY", 60.0)  # no save, so "● editing" stays
    monkeypatch.setattr(editing, "SAVE_AT_MOST", 60.0)
    app = example_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        layouts: list[object] = []
        refresh_layout = Screen._refresh_layout

        def counted(self: Screen, *args, **kwargs):  # type: ignore[no-untyped-def]
            layouts.append(args)
            return refresh_layout(self, *args, **kwargs)

        for question_id, typed, reading in (
            ("organisation", "Acme claims, north region", None),
            ("budget_pilot_cost", "1250000", "= EUR 1,250,000"),
        ):
            await screen.go_to(bank.step_of(question_id).id, question_id)
            await pilot.pause()
            editor = app.focused
            assert isinstance(editor, Input)
            assert screen.query_one(f"#q-{question_id}") in editor.ancestors
            editor.value = ""
            await pilot.press(typed[0])  # the header says "● editing": wider, so a layout
            await pilot.pause()
            with monkeypatch.context() as patched:
                patched.setattr(Screen, "_refresh_layout", counted)
                await pilot.press(*typed[1:])
                await pilot.pause()
                await pilot.pause()  # (a layout the last key asked for would come by now)
            assert editor.value == typed
            if reading:
                assert str(screen.query_one(f"#q-{question_id} .reading").render()) == reading
            assert layouts == [], question_id


async def test_a_screen_shown_for_the_first_time_is_styled_once(store, bank, monkeypatch):
    """Its widgets are styled as they mount; the screen is not restyled whole as it first
    resumes (pilot2prod.tui.compat.resume), as the wizard, the dashboard and the review show."""
    restyled: list[str] = []
    update_styles = App.update_styles

    def recorded(self: App, node, animate: bool = True) -> None:
        if isinstance(node, Screen):
            restyled.append(type(node).__name__)
        update_styles(self, node, animate)

    monkeypatch.setattr(App, "update_styles", recorded)
    app = example_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = [type(app.screen).__name__]
        for key in ("f2", "escape", "ctrl+r"):
            await pilot.press(key)
            await pilot.pause()
            shown.append(type(app.screen).__name__)
        assert shown == ["WizardScreen", "DashboardScreen", "WizardScreen", "ReviewScreen"]
        assert restyled == []


async def test_no_widget_is_restyled_before_it_is_in_the_app(store, bank, monkeypatch):
    """Mounting styles a widget in full: a restyle asked before (a class given to a widget
    being built; every long answer's TextArea, made compact) is skipped, not carried out on a
    widget nothing shows yet. Widgets are built as the plan opens and its pages are built."""
    wasted: list[str] = []
    update_nodes = Stylesheet.update_nodes

    def recorded(self: Stylesheet, nodes, animate: bool = False) -> None:
        nodes = list(nodes)
        wasted.extend(type(node).__name__ for node in nodes[:1] if not node.is_attached)
        update_nodes(self, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", recorded)
    app = example_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        for _ in range(3):  # (pages built as they show and while idle, long answers among them)
            await pilot.press("pagedown")
            await pilot.pause()
        await asyncio.sleep(0.3)
        assert screen.query("LeanTextArea"), "long answers were built"
        assert wasted == []


@pytest.fixture
def restyled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many widgets each restyle goes through (Stylesheet.update_nodes), in order."""
    counts: list[int] = []
    update_nodes = Stylesheet.update_nodes

    def counted(self: Stylesheet, nodes, animate: bool = False) -> None:
        nodes = list(nodes)
        counts.append(len(nodes))
        update_nodes(self, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counted)
    return counts


async def test_the_dashboard_and_help_take_the_focus_without_restyling_what_they_hold(
    store, bank, restyled
):
    """A focus given to (or taken from) a scroll box restyles everything in it: the dashboard
    gives it to its list of questions (never to its box first), help to its box while empty,
    and help's box gives it up unrestyled as help closes (back on the dashboard, its list is
    blurred and focused again as it rebuilds: one widget each)."""
    app = example_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, screen, focused in (
            ("f2", "DashboardScreen", "dashboard-next"),
            ("f1", "HelpScreen", "help-box"),
            ("escape", "DashboardScreen", "dashboard-next"),
        ):
            restyled.clear()
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ == screen and app.focused is not None
            assert app.focused.id == focused
            assert sum(restyled) <= 2, (key, restyled)


async def test_a_dashboard_with_no_list_of_questions_focuses_its_box_while_empty(
    store, bank, restyled, monkeypatch
):
    """With nothing to jump to, the dashboard's box takes the keys, given the focus before the
    figures go in (as again when it comes back from help)."""
    from pilot2prod import insight

    monkeypatch.setattr(insight, "next_questions", lambda *args, **kwargs: [])
    app = example_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ("f2", "f1", "escape"):
            restyled.clear()
            await pilot.press(key)
            await pilot.pause()
            if key != "f1":
                assert not app.screen.query(OptionList)
                assert app.focused is not None and app.focused.id == "dashboard"
                assert sum(restyled) <= 2, (key, restyled)
        await pilot.press("pagedown")  # (the box scrolls with its keys)
        await pilot.pause()
        assert app.screen.query_one("#dashboard").scroll_y > 0


class Marked(Label):
    """A label that is red while marked."""

    DEFAULT_CSS = "Marked.-marked { color: #ff0000; }"


class HiddenBox(OneLayoutScreen[None]):
    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Marked("marked")


async def test_a_widget_inside_a_hidden_one_is_restyled_once_drawn_or_before_it_shows(
    store, bank, monkeypatch
):
    """A widget inside a hidden one (a page not on screen) is not restyled when its classes
    change (which a step change does to the field that had the focus): the screen restyles
    it once the frame is drawn, or before the layout that shows it, whichever comes first."""
    red = Color.parse("#ff0000")
    app = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = HiddenBox()
        await app.push_screen(screen)
        await pilot.pause()
        box, label = screen.query_one("#box", Vertical), screen.query_one(Marked)
        box.display = False
        await pilot.pause()
        label.add_class("-marked")
        assert label.styles.color != red  # (held: nothing of it shows)
        await pilot.pause()
        await pilot.pause()
        assert label.styles.color == red  # (restyled once the frame was drawn)
        # Shown before that: restyled as the layout that shows it begins.
        colours: list[Color] = []
        refresh_layout = Screen._refresh_layout

        def laid_out(self: Screen, *args, **kwargs):  # type: ignore[no-untyped-def]
            colours.append(label.styles.color)
            return refresh_layout(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", laid_out)
        monkeypatch.setattr(screen, "call_after_refresh", lambda *args, **kwargs: True)
        label.remove_class("-marked")
        box.display = True
        await pilot.pause()
        assert colours and red not in colours
        label.add_class("-marked")  # (not inside a hidden widget: restyled at once)
        assert label.styles.color == red


async def test_the_field_left_by_a_step_change_is_restyled_after_the_new_page_is_drawn(
    store, bank, monkeypatch
):
    """The field that had the focus loses it as its page is hidden: its restyle (2 to 5 ms for
    a text box or a set of choices) waits until the new page is on screen, then is done."""
    app = example_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        left = app.focused
        assert left is not None and left.has_focus
        page = next(node for node in left.ancestors if isinstance(node, StepPage))
        seen: list[object] = []
        update_nodes = app.stylesheet.update_nodes
        refresh_layout = Screen._refresh_layout

        def restyled(nodes, animate=False):  # type: ignore[no-untyped-def]
            nodes = list(nodes)
            seen.extend(nodes)
            return update_nodes(nodes, animate=animate)

        def laid_out(self: Screen, *args, **kwargs):  # type: ignore[no-untyped-def]
            if not page.display:
                seen.append("the new page's layout")
            return refresh_layout(self, *args, **kwargs)

        monkeypatch.setattr(app.stylesheet, "update_nodes", restyled)
        monkeypatch.setattr(Screen, "_refresh_layout", laid_out)
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.pause()
        assert not left.has_focus and left in seen and "the new page's layout" in seen
        assert seen.index("the new page's layout") < seen.index(left)
        # ... and its style is the one it has without the focus.
        held = dict(left.styles.get_rules())
        app.stylesheet.apply(left)
        assert dict(left.styles.get_rules()) == held


@pytest.mark.neighbour_pages
@pytest.mark.parametrize("plan", ["new", "example"])
async def test_a_page_built_while_idle_shows_with_the_rows_drawn_then(store, bank, plan):
    """The pages next to the step on screen, built while idle, are laid out and drawn then
    too (:mod:`pilot2prod.tui.compat.warm`): the frame that first shows one draws anew only
    the question the step change marks as being answered, not every question it shows
    (but for the scrolling views in them, drawn as they show).
    Walked through every step, of a new plan and of the example (whose record marks how
    sure four answers are: their lines are built with their fields, and drawn with them).
    (A page that turns out to need a scrollbar it was not drawn with is laid out and drawn
    again, narrower, a frame later, as before.) After each step change the terminal, fed
    every frame, shows what the screen drawn whole and anew shows; once, the theme changes
    between a page's drawing while idle and its showing, and that page is drawn anew."""
    app = new_plan_app(store, bank) if plan == "new" else example_app(store, bank)
    drawn: list[object] = []
    showing: StepPage | None = None
    render_line = StylesCache.render_line

    def counted(self: StylesCache, styles, y, *args):  # type: ignore[no-untyped-def]
        if showing is not None:
            drawn.append(styles.node)
        return render_line(self, styles, y, *args)

    StylesCache.render_line = counted  # type: ignore[method-assign]
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            assert isinstance(screen, WizardScreen)
            await asyncio.wait_for(screen.built.wait(), 30)
            glass = Glass(app)  # (every frame fed to a terminal; Textual draws them all)
            display = app._display

            def first_frame(shown, update):  # type: ignore[no-untyped-def]
                nonlocal showing
                if showing is not None and screen.pages.page_on_screen is showing:
                    showing = None  # (the frame that shows the page is drawn: stop counting)
                return display(shown, update)

            app._display = first_frame  # type: ignore[method-assign]
            missed: dict[str, list[str]] = {}
            themed = bank.steps[len(bank.steps) // 2]
            for step in bank.steps[1:]:
                await asyncio.wait_for(screen.built.wait(), 30)  # (fails if the app fails)
                await pilot.pause()
                page = screen.query_one(f"#page-{step.id}", StepPage)
                assert page.warmed and not page.laid_out, step.id
                if step is themed:  # (drawn in another theme, so drawn again as it shows)
                    app.theme = "projector" if app.theme != "projector" else "textual-dark"
                    await pilot.pause()
                drawn.clear()
                showing = page
                await pilot.press("pagedown")
                await pilot.pause()
                assert showing is None and screen.pages.page_on_screen is page
                glass.check(f"after {step.id}")
                answering = screen.pages.answering
                fields = {
                    field.question.id
                    for node in drawn
                    if isinstance(node, Widget)
                    and page in node.ancestors
                    # (a text box, a table, a list of options or an input is drawn as it
                    # shows, as ever: it works out what it shows when told of its size)
                    and not any(isinstance(a, ScrollView) for a in node.ancestors_with_self)
                    for field in node.ancestors_with_self
                    if isinstance(field, QuestionField) and field is not answering
                }
                if fields:
                    missed[step.id] = sorted(fields)
            assert set(missed) == {themed.id}, missed
    finally:
        StylesCache.render_line = render_line  # type: ignore[method-assign]


@pytest.mark.neighbour_pages
async def test_a_jump_into_a_page_drawn_ahead_shows_the_question_from_its_prompt(store, bank):
    """A jump (the go-to palette, the review) to a question low on the next step's page, which
    the idle builder built and drew but never showed, shows that page scrolled so the
    question's prompt is its top row, with the focus in the question. (Its fields have their
    sizes from being drawn ahead, so :meth:`QuestionField.reveal` scrolls after the frame
    that lays the page out rather than on a resize; the focus alone scrolls nothing, as the
    page is still hidden when the question is focused.)"""
    app = example_app(store, bank)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        await asyncio.wait_for(screen.built.wait(), 30)
        step = bank.steps[1]
        page = screen.query_one(f"#page-{step.id}", StepPage)
        assert page.warmed and not page.laid_out
        shown = [field for field in page.fields if field.display]
        target = shown[len(shown) // 2]
        await screen.go_to(step.id, target.question.id)
        await pilot.pause()
        await pilot.pause()
        assert screen.pages.page_on_screen is page
        assert 0 < page.scroll_y < page.max_scroll_y  # (scrolled, and not to the end)
        assert target.query_one(".prompt").region.y == page.content_region.y
        assert app.focused is not None and target in app.focused.ancestors
