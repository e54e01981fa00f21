"""Where the wizard leads to other screens and back: review, dashboard, presenter, preview and
export, history, versions, conflicts. Each flow reads top to bottom and runs in a worker
(``push_screen_wait``); the screen it opens is pushed before the flow's first wait, so keys
typed with the key that opened it go to it."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from pilot2prod.tui.keys import shown

if TYPE_CHECKING:
    from pilot2prod.tui.commands import Entry
    from pilot2prod.tui.screens.preview import PreviewScreen
    from pilot2prod.tui.wizard.editing import AnswerEditor
    from pilot2prod.tui.wizard.host import WizardHost
    from pilot2prod.tui.wizard.workshop import WorkshopRecord


def in_worker(flow: Callable[[Any], Awaitable[None]]) -> Callable[[Any], Any]:
    """An action that runs *flow* (given the wizard) in a worker, where it may wait for the
    screens it opens (``push_screen_wait``)."""

    @work(group="wizard")
    async def action(self: Any) -> None:
        await flow(self)

    action.__doc__ = flow.__doc__
    return action


def palette_entries(wizard: WizardHost) -> list[Entry]:
    """The command palette's entries (its module is loaded when the palette first opens)."""
    from pilot2prod.tui.wizard import palette

    return palette.entries(wizard)


def last_step(wizard: WizardHost) -> None:
    """The next-step key on the last step: say where to go from here."""
    review, preview = shown(wizard.app, "wizard.review"), shown(wizard.app, "wizard.preview")
    wizard.notify(f"This is the last step. {review} reviews the plan, {preview} previews it.")


def home(wizard: WizardHost) -> None:
    """Back to the list of plans (asking first about answers that could not be saved)."""
    wizard.flush()
    app: Any = wizard.app
    if wizard.session.unsaved:
        app.ask_about_unsaved(wizard.session, then=app.go_home)
    else:
        app.go_home()


def go_to_palette(wizard: WizardHost) -> None:
    """Ctrl+G: the palette with steps and questions ranked first."""
    from textual.command import CommandPalette

    from pilot2prod.tui.commands import go_to_palette

    if not CommandPalette.is_open(wizard.app):
        wizard.app.push_screen(go_to_palette())


async def review(wizard: WizardHost) -> None:
    """Every answer and every gap; one picked is gone to."""
    from pilot2prod.tui.screens.review import ReviewScreen

    wizard.flush()
    target = await wizard.app.push_screen_wait(ReviewScreen(wizard.session))
    if target:
        await wizard.go_to(*target)


def load_dashboard() -> None:
    """Load the dashboard's code (its screen and insight, a sixth of the first F2's wait) while
    the wizard is idle, its pages near built: a key typed meanwhile waits for it, once, as
    for a field being built."""
    import pilot2prod.tui.screens.dashboard  # noqa: F401


async def dashboard(wizard: WizardHost, workshop: WorkshopRecord) -> None:
    """Risk, readiness, budget and the verdict; a question picked there is gone to. From it,
    an action or a point about a question is recorded (not in a read-only window)."""
    from pilot2prod import record
    from pilot2prod.tui.screens.dashboard import DashboardScreen

    def capture(qid: str, then: Callable[[], Any]) -> None:
        source = record.source_of("question", qid)
        wizard.run_worker(workshop.capture({}, source, then), group="wizard")

    def park(qid: str, then: Callable[[], Any]) -> None:
        wizard.run_worker(workshop.park(qid, then), group="wizard")

    wizard.flush()
    editing = not wizard.session.read_only
    screen = DashboardScreen(
        wizard.bank,
        wizard.session.plan,
        capture=capture if editing else None,
        park=park if editing else None,
    )
    target = await wizard.app.push_screen_wait(screen)
    if target:
        await wizard.go_to(*target)


def present(wizard: WizardHost) -> None:
    """The presenter view for the room, following this window."""
    from pilot2prod.locks import Place
    from pilot2prod.tui.screens.presenter import PresenterScreen, SessionFeed

    wizard.flush()
    feed = SessionFeed(wizard.session, Place(wizard.step.id, wizard.current_question()))
    wizard.app.push_screen(PresenterScreen(wizard.bank, feed))


def history(wizard: WizardHost) -> None:
    from pilot2prod.tui.screens.history import HistoryScreen

    wizard.flush()
    session = wizard.session
    wizard.app.push_screen(HistoryScreen(session.store, wizard.bank, session.path))


def export(wizard: WizardHost) -> None:
    """Ask where to write the plan as Markdown, and write it."""
    from pilot2prod.export import export_markdown
    from pilot2prod.tui.export_flow import ask_and_export

    wizard.flush()
    document = export_markdown(wizard.bank, wizard.session.plan)
    ask_and_export(wizard.app, wizard.session.plan.name, document, Path.cwd())


async def undo_answer(wizard: WizardHost, editor: AnswerEditor) -> None:
    """Give the answer being edited back its value before the last change."""
    qid = wizard.current_question()
    question = wizard.bank.question(qid) if qid else None
    if question is None or not editor.undo(question):  # (it schedules the save)
        wizard.notify("Nothing to undo for this answer in this session.")
        return
    await wizard.refresh_fields({question.id})
    # Back into the answer undone (the palette, closing, would put the focus elsewhere).
    wizard.call_after_refresh(wizard.focus_question, question.id)
    wizard.refresh_status()
    wizard.notify(f"Undone: '{question.prompt}' is back as it was.")


async def keep_version(wizard: WizardHost) -> None:
    """Keep the plan as it is now as a labelled version ("after workshop 2")."""
    from pilot2prod.tui.dialogs import Prompt

    prompt = Prompt(
        "Keep a version",
        "A label for the plan as it is now",
        "after workshop",
        ok="Keep",
        check=lambda text: None if text.strip() else "give the version a label",
    )
    label: str | None = await wizard.app.push_screen_wait(prompt)
    if label is None:
        return
    wizard.flush()
    if wizard.session.keep_version(label):
        palette = shown(wizard.app, "app.command_palette")
        wizard.notify(f"Kept as a version: {label}. History ({palette}) lists the versions.")
    else:
        wizard.notify("The version could not be kept.", severity="error")


async def conflicts(wizard: WizardHost) -> None:
    """See the answers changed in two places at once, and pick which to keep."""
    from pilot2prod.tui.screens.conflicts import ConflictsScreen

    wizard.flush()
    session, bank = wizard.session, wizard.bank
    choice = await wizard.app.push_screen_wait(ConflictsScreen(bank, session.plan.conflicts))
    if choice is None:
        return
    record, which = choice
    qid = str(record.get("question", ""))
    question = bank.question(qid)
    if which == "other" and question is not None:
        if "other_draft" in record:
            session.set_draft(question, str(record["other_draft"]))
        else:
            session.set_answer(question, record.get("other"))
        await wizard.refresh_fields({qid})
    session.drop_conflict(record)
    wizard.flush()
    wizard.refresh_status()


class KeptPreview:
    """The plan as a document, kept while the plan does not change: opening it again is
    instant, and leaving it frees nothing (freeing a laid-out document kept the app busy,
    and the next keys waiting, after Escape)."""

    def __init__(self, wizard: WizardHost) -> None:
        self.wizard = wizard
        self.screen: PreviewScreen | None = None

    def show(self) -> None:
        from pilot2prod.export import export_markdown
        from pilot2prod.tui.screens.preview import PreviewScreen

        wizard = self.wizard
        wizard.flush()
        document = export_markdown(wizard.bank, wizard.session.plan)
        kept = self.screen
        if kept is None or kept.document != document:
            self.drop()  # (a changed plan: freed now, while the new one is made)
            kept = self.screen = PreviewScreen(wizard.session, document)
            wizard.app.install_screen(kept, name=f"preview-{id(self)}")
        wizard.app.push_screen(kept)

    def drop(self) -> None:
        kept, self.screen = self.screen, None
        if kept is None:
            return
        with contextlib.suppress(Exception):  # (the app may be closing)
            self.wizard.app.uninstall_screen(kept)
            if kept.is_attached:
                kept.remove()
