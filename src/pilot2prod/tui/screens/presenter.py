"""The presenter view: the step under discussion, its answers and the plan's headline figures,
large and calm, for the room. It only ever reads.

``pilot2prod present NAME`` runs it in a window of its own (on the projector) beside the scribe's
wizard. It follows the scribe through the note the editing window keeps in the data
directory's ``locks/`` folder (:meth:`Store.editing_place`), and reads the plan file again
whenever its stamp changes, at most :data:`POLL_EVERY` seconds later. It takes no lock and
writes nothing, so the wizard never notices it. F9 in the wizard opens the same view in place,
on that window's plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Digits, Label, Static

from pilot2prod import insight, vote
from pilot2prod.bank import Bank, Question, Step
from pilot2prod.errors import PlanFileError
from pilot2prod.locks import Place
from pilot2prod.plan import Plan, answer_text, currency, visible_questions
from pilot2prod.store import Store
from pilot2prod.text import show_invisible
from pilot2prod.tui.keys import bindings
from pilot2prod.tui.keys import shown as key_of
from pilot2prod.tui.render import plain
from pilot2prod.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from pathlib import Path

    from pilot2prod.tui.session import PlanSession

POLL_EVERY = 0.25
"""Seconds between looks at the plan file and the scribe's note (a stat and a small read)."""
TOP_RISKS = 3
"""How many stall risks the headline shows."""


# --- Where the plan and the scribe's place come from ----------------------------------------------


class Feed:
    """The plan to show and where the scribe is in it, kept up to date by :meth:`poll`."""

    in_place = False
    """True when opened from the wizard (F9): Escape then goes back to it."""
    following_whom = "the scribe"

    def __init__(self, plan: Plan, place: Place | None) -> None:
        self.plan = plan
        self.place = place
        self.problem: str | None = None
        """Why the view may be out of date (the file went away or cannot be read)."""
        self.editor_gone = False
        """True once the window that edited the plan has closed (none has opened since)."""

    def poll(self) -> bool:
        """Look again; True when something to show changed."""
        return False


class FileFeed(Feed):
    """A plan file, as another window (the scribe's) saves it."""

    def __init__(self, store: Store, path: Path, plan: Plan) -> None:
        super().__init__(plan, store.editing_place(path))
        self.store = store
        self.path = path
        self.stamp = store.stamp(path)
        self.editor_seen = store.editing_window_place(path) is not None

    def poll(self) -> bool:
        before = (self.place, self.problem, self.editor_gone)
        stamp = self.store.stamp(self.path)
        reread = stamp != self.stamp
        if reread:
            self.stamp = stamp
            self._reload(stamp is not None)
        live = self.store.editing_window_place(self.path)
        if live is not None:
            self.editor_seen, self.editor_gone = True, False
            self.place = live
        else:
            # The scribe's window has quit (or not opened yet): where the plan was left.
            self.editor_gone = self.editor_seen
            self.place = self.store.editing_place(self.path) or self.place
        return reread or (self.place, self.problem, self.editor_gone) != before

    def _reload(self, exists: bool) -> None:
        """Read the plan again; on failure keep the last good one and say why."""
        name = show_invisible(self.path.name)
        if not exists:
            self.problem = f"{name} is gone (deleted or moved): this is the last view of it."
            return
        try:
            self.plan = self.store.load(self.path)
        except PlanFileError as exc:
            self.problem = f"{name} cannot be read ({exc.reason}): this is the last good view."
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            self.problem = f"{name} cannot be read ({reason}): this is the last good view."
        else:
            self.problem = None


class SessionFeed(Feed):
    """The plan open in this window's wizard (F9), at the wizard's place."""

    in_place = True
    following_whom = "this window"

    def __init__(self, session: PlanSession, place: Place) -> None:
        super().__init__(session.plan, place)
        self.session = session
        self.stamp = session.stamp

    def poll(self) -> bool:
        session = self.session  # answers another window saved reach it while it waits
        if session.stamp == self.stamp:
            return False
        self.stamp = session.stamp
        self.plan = session.plan
        return True


# --- What is shown --------------------------------------------------------------------------------


def shown_answer(question: Question, value: Any, code: str) -> str:
    """An answer as the room reads it: a table's rows one per line, anything else as the
    export writes it; an empty answer says so."""
    if value in (None, "", [], {}):
        return ""
    if question.kind == "list" and isinstance(value, list):
        lines = []
        for row in value:
            if isinstance(row, dict):
                cells = [str(row.get(c.id, "") or "").strip() for c in question.columns]
                lines.append("• " + " · ".join(cell for cell in cells if cell))
            else:
                lines.append(f"• {row}")
        return "\n".join(lines)
    return answer_text(question, value, code)


def vote_line(plan: Plan) -> str:
    """A silent vote under way, for the room: how many ballots are in, never what they say."""
    under_way = vote.current(plan) if plan.votes else None
    if under_way is None:
        return ""
    if under_way.is_revealed:
        return f"Silent vote · {under_way.title}: revealed, {under_way.count} ballots"
    word = "ballot" if under_way.count == 1 else "ballots"
    return f"Silent vote · {under_way.title}: {under_way.count} {word} in, hidden until the reveal"


def room_line(plan: Plan, question: Question) -> str:
    """What the room said of *question* in its latest revealed vote ("" when none asked it)."""
    found = vote.latest_spread(plan, question.id) if plan.votes else None
    if found is None:
        return ""
    spread = found[1]
    mark = " · split" if spread.split else ""
    return f"The room: {vote.spread_words(question, spread)}{mark}"


def top_risks(assessment: insight.Assessment) -> list[insight.StallRisk]:
    """The stall risks above LOW, highest first, at most :data:`TOP_RISKS`."""
    raised = [r for r in assessment.risks if r.level != insight.LOW]
    return sorted(raised, key=lambda r: -r.score)[:TOP_RISKS]


class PresenterBody(VerticalScroll, can_focus=False):
    """The step's questions and answers. Never focused, so the arrows and PgUp/PgDn move
    through the plan (the wheel still scrolls)."""


class PresenterScreen(Screen[None]):
    """Read-only, for the room: no fields, no chrome, big figures."""

    BINDINGS = bindings("presenter")

    def __init__(self, bank: Bank, feed: Feed) -> None:
        super().__init__()
        self.bank = bank
        self.feed = feed
        self.steps: list[Step] = list(bank.steps)
        self.following = True
        """Showing where the scribe is (else stepping through on its own)."""
        self.index = 0
        self.question: str | None = None
        self._shown_step: str | None = None
        self._texts: dict[str, str] = {}
        """What each part shows now: a part is repainted only when its text changes."""

    # --- Layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="presenter-header")
        yield Static(id="presenter-problem")
        yield Static(id="presenter-vote")
        with Vertical(id="presenter-top"):  # the step's name stays in view as answers scroll
            yield Static(id="presenter-step")
        with PresenterBody(id="presenter-body"):
            yield Vertical(id="presenter-questions")
        with Horizontal(id="presenter-figures"):
            with Vertical(classes="headline"):
                yield Label("Progress", classes="headline-label")
                yield Digits(id="presenter-progress")
            if self.bank.readiness_rules is not None:  # a part the bank declares, or none
                with Vertical(classes="headline"):
                    yield Label("Readiness", classes="headline-label")
                    yield Digits(id="presenter-readiness")
                with Vertical(classes="headline verdict"):
                    yield Label("Verdict", classes="headline-label")
                    yield Static(id="presenter-verdict")
            if self.bank.diagnostic is not None:
                with Vertical(classes="headline risks"):
                    yield Label("Top stall risks", classes="headline-label")
                    yield Static(id="presenter-risks")
        yield KeyBar()

    async def on_mount(self) -> None:
        await self.show()
        self.set_interval(POLL_EVERY, self._poll)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close":
            return self.feed.in_place  # F9 leaves only a view opened with F9
        return True

    async def _poll(self) -> None:
        if self.feed.poll():
            await self.show()

    # --- Where -------------------------------------------------------------------------------

    def where(self) -> tuple[Step, str | None]:
        """The step shown and its current question: the scribe's, or this view's own."""
        ids = [s.id for s in self.steps]
        place = self.feed.place
        if self.following and place is not None and place.step in ids:
            self.index = ids.index(place.step)
            self.question = place.question
        return self.steps[self.index], self.question

    async def action_next_step(self) -> None:
        await self._move_step(+1)

    async def action_previous_step(self) -> None:
        await self._move_step(-1)

    async def _move_step(self, by: int) -> None:
        self.where()  # start from what is on screen
        self.following = False
        self.index = max(0, min(self.index + by, len(self.steps) - 1))
        self.question = None
        await self.show()

    async def action_next_question(self) -> None:
        await self._move_question(+1)

    async def action_previous_question(self) -> None:
        await self._move_question(-1)

    async def _move_question(self, by: int) -> None:
        step, current = self.where()
        ids = [q.id for q in visible_questions(self.bank, self.feed.plan, step)]
        if not ids:
            return
        at = ids.index(current) + by if current in ids else (0 if by > 0 else len(ids) - 1)
        self.following = False
        self.question = ids[max(0, min(at, len(ids) - 1))]
        await self.show()

    async def action_follow(self) -> None:
        if not self.following:
            self.following = True
            await self.show()
        elif self.feed.in_place:
            self.dismiss(None)
        else:
            quit_keys = key_of(self.app, "app.quit")
            self.notify(f"Already following {self.feed.following_whom}. {quit_keys} quits.")

    def action_close(self) -> None:
        self.dismiss(None)

    # --- Showing -----------------------------------------------------------------------------

    async def show(self) -> None:
        """Bring every part up to date with the feed; parts whose text is unchanged are left
        alone, so an unchanged plan writes nothing to the terminal."""
        plan = self.feed.plan
        step, current = self.where()
        with self.app.batch_update():
            self._header(plan, step)
            problem = self.feed.problem or ""
            self._set("#presenter-problem", f"⚠ {problem}" if problem else "")
            self.query_one("#presenter-problem").display = bool(problem)
            ballots = vote_line(plan)
            self._set("#presenter-vote", ballots)
            self.query_one("#presenter-vote").display = bool(ballots)
            self._set("#presenter-step", self.bank.step_label(step))
            await self._questions(plan, step, current)
            self._figures(plan)

    def _header(self, plan: Plan, step: Step) -> None:
        if self.following and self.feed.editor_gone:
            mode = "the editing window has closed; showing the last saved plan"
        elif self.following:
            mode = f"following {self.feed.following_whom}"
        else:
            mode = f"on its own (Esc follows {self.feed.following_whom})"
        counter = f"step {self.index + 1} of {len(self.steps)}"
        # What the view is doing first: the plan's name is the part a narrow window may cut.
        self._set("#presenter-header", f" ▶ {mode.capitalize()} · {counter} · {plan.name}")

    async def _questions(self, plan: Plan, step: Step, current: str | None) -> None:
        box = self.query_one("#presenter-questions", Vertical)
        questions = visible_questions(self.bank, plan, step)
        ids = [f"present-{q.id}" for q in questions]
        if step.id != self._shown_step or [c.id for c in box.children] != ids:
            await box.remove_children()
            await box.mount_all(Static(id=i, classes="presenter-question") for i in ids)
            self._shown_step = step.id
            self._texts = {k: v for k, v in self._texts.items() if not k.startswith("#present-")}
            self.query_one("#presenter-body", PresenterBody).scroll_home(animate=False)
        code = currency(self.bank, plan)
        chosen = None
        for question in questions:
            block = box.query_one(f"#present-{question.id}", Static)
            is_current = question.id == current
            block.set_class(is_current, "-current")
            if is_current:
                chosen = block
            answer = shown_answer(question, plan.get(question), code)
            draft = plan.draft(question)
            if not answer and draft:
                answer = f"{draft} (to fix)"
            room = room_line(plan, question)
            if room:
                answer = f"{answer}\n{room}" if answer else room
            self._set(f"#present-{question.id}", (question.prompt, answer), block)
        if chosen is not None:
            self.call_after_refresh(chosen.scroll_visible, animate=False)

    def _figures(self, plan: Plan) -> None:
        assessment = insight.assess(self.bank, plan)
        shown = assessment.figures
        self._digits("#presenter-progress", shown.progress.text)
        ready = shown.readiness
        if ready is not None and shown.verdict is not None and assessment.readiness:
            self._digits("#presenter-readiness", "--" if ready.score is None else ready.text)
            self._set("#presenter-verdict", shown.verdict.text)
            verdict = self.query_one("#presenter-verdict")
            go = assessment.readiness.go
            verdict.set_class(go, "-go")
            verdict.set_class(not go, "-nogo")
        if self.bank.diagnostic is not None:
            risks = top_risks(assessment)
            lines = [f"{r.level.upper():<6} {r.title}" for r in risks] or ["None above LOW"]
            self._set("#presenter-risks", "\n".join(lines))

    def _digits(self, selector: str, value: str) -> None:
        if self._texts.get(selector) != value:
            self._texts[selector] = value
            self.query_one(selector, Digits).update(value)

    def _set(
        self, selector: str, text: str | tuple[str, str], widget: Static | None = None
    ) -> None:
        key = repr(text)
        if self._texts.get(selector) == key:
            return
        self._texts[selector] = key
        target = widget or self.query_one(selector, Static)
        if isinstance(text, tuple):
            prompt, answer = text
            content = Content.assemble(
                (show_invisible(prompt), "bold"),
                "\n",
                (show_invisible(answer), "") if answer else ("not answered yet", "italic"),
            )
            target.update(content)
        else:
            target.update(plain(text))
