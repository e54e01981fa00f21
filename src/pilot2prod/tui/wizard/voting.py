"""The wizard's silent vote (the vote key, the palette, ``pilot2prod vote``): choose what the room
answers on its own, then the vote's screen. A part handed the wizard and its workshop record;
each flow reads top to bottom and runs in a worker (``push_screen_wait``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pilot2prod.tui.keys import shown

if TYPE_CHECKING:
    from pilot2prod.bank import Question, Step
    from pilot2prod.tui.wizard.host import WizardHost
    from pilot2prod.tui.wizard.workshop import WorkshopRecord
    from pilot2prod.vote import Request as VoteRequest


def scopes(wizard: WizardHost, step: Step) -> list[tuple[str, str, list[Question]]]:
    """What a vote started on *step* can ask: (key, words, questions), most specific first."""
    from pilot2prod import vote

    bank = wizard.bank
    found = []
    here = vote.step_questions(step)
    many = len(here) != 1
    if here and step in vote.diagnostic_steps(bank):
        words = f"This stall reason's {len(here)} warning sign{'s' if many else ''}"
        found.append(("step", words, here))
    elif here:
        words = f"This step's {len(here)} question{'s' if many else ''} with options"
        found.append(("step", words, here))
    signs = vote.all_signs(bank)
    if signs:
        reasons = len(vote.diagnostic_steps(bank))
        found.append(
            ("signs", f"Every stall reason's signs ({reasons} reasons, {len(signs)} signs)", signs)
        )
    return found


class Voting:
    """Starts a silent vote, or joins the one under way, and shows its screen."""

    def __init__(self, wizard: WizardHost, workshop: WorkshopRecord) -> None:
        self.wizard = wizard
        self.workshop = workshop

    async def start_here(self) -> None:
        """The vote key: a vote under way is joined; else the room chooses what to vote on."""
        from pilot2prod import vote
        from pilot2prod.tui.dialogs import Choose

        wizard = self.wizard
        if wizard.session.read_only:
            wizard.notify("This window only follows the plan: start the vote in the other.")
            return
        under_way = vote.current(wizard.session.plan)
        if under_way is not None:
            await self.run(under_way.id)
            return
        found = scopes(wizard, wizard.step)
        if not found:
            wizard.notify(
                "Nothing to vote on here: a vote asks questions with a few answers to choose "
                "from, such as a stall reason's warning signs."
            )
            return
        options = [(key, words) for key, words, _ in found] + [("cancel", "Cancel")]
        chosen = await wizard.app.push_screen_wait(
            Choose("Silent vote", "What does everyone answer on their own?", options)
        )
        picked = next((f for f in found if f[0] == chosen), None)
        if picked is not None:
            key, _, questions = picked
            title = wizard.step.title if key == "step" else "Every stall reason"
            await self.begin(questions, title)

    async def start_from_command(self, request: VoteRequest) -> None:
        """``pilot2prod vote NAME [--step STEP] [--lan [ADDRESS[:PORT]]]`` (the command line
        has checked the step): a vote under way is joined, as the vote key does."""
        from pilot2prod import vote

        wizard = self.wizard
        if wizard.session.read_only:
            wizard.notify("This window only follows the plan: start the vote in the other.")
            return
        under_way = vote.current(wizard.session.plan)
        if under_way is not None:
            wizard.notify(
                f"A vote was under way ({under_way.title}, {under_way.count} ballots in): "
                "this is it. Close it to start another.",
                timeout=10,
            )
            await self.run(under_way.id, request.phones, request.address)
            return
        bank = wizard.bank
        step = next((s for s in bank.steps if s.id == request.step), None)
        questions = vote.step_questions(step) if step else vote.all_signs(bank)
        title = step.title if step else "Every stall reason"
        await self.begin(questions, title, request.phones, request.address)

    async def begin(
        self,
        questions: list[Question],
        title: str,
        phones: bool = False,
        address: str | None = None,
    ) -> None:
        """Start a vote on *questions* (on the laptop; phones join once the form is served)."""
        from pilot2prod import vote

        vid = self.wizard.session.edit_record(lambda plan: vote.start(plan, questions, title=title))
        if vid is None:
            return
        self.wizard.flush()
        await self.run(vid, phones, address)

    async def run(self, vid: str, phones: bool = False, address: str | None = None) -> None:
        from pilot2prod.tui.screens.vote import VoteScreen

        wizard, workshop = self.wizard, self.workshop
        wizard.flush()
        screen = VoteScreen(
            wizard.session,
            vid,
            save=wizard.flush,
            capture=lambda start, source: workshop.capture(start, source),
            park=lambda qid: workshop.park(qid),
            phones=phones,
            listen=address,
        )
        changed: set[str] | None = await wizard.app.push_screen_wait(screen)
        if changed:
            await wizard.refresh_fields(changed)
        wizard.flush()
        wizard.refresh_status()
        if changed:
            listed = shown(wizard.app, "wizard.review")
            taken = f"{len(changed)} question{'s' if len(changed) != 1 else ''}"
            wizard.notify(f"The room's answer is now the plan's for {taken} ({listed} reviews).")
