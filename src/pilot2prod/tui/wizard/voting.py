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

NO_LAN = False
"""A vote by the laptop passed round (``listen`` is an address for phones, or None for this
machine's own address)."""


def scopes(wizard: WizardHost, step: Step) -> list[tuple[str, str, list[Question]]]:
    """What a vote started on *step* can ask: (key, words, questions), most specific first."""
    from pilot2prod import vote

    bank = wizard.bank
    found = []
    here = vote.step_questions(step)
    if here and step in vote.diagnostic_steps(bank):
        found.append(("step", f"This stall reason's {len(here)} warning signs", here))
    elif here:
        found.append(("step", f"This step's {len(here)} questions with options", here))
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
            await self.run(under_way.id, None)
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
            await self.begin(questions, title, NO_LAN)

    async def start_from_command(self, step_id: str | None, listen: str | bool | None) -> None:
        """``pilot2prod vote NAME [--step STEP] [--lan [ADDRESS[:PORT]]]`` (the command line
        has checked that the step has questions with options)."""
        from pilot2prod import vote

        bank = self.wizard.bank
        step = next((s for s in bank.steps if s.id == step_id), None) if step_id else None
        questions = vote.step_questions(step) if step else vote.all_signs(bank)
        title = step.title if step else "Every stall reason"
        if self.wizard.session.read_only:
            self.wizard.notify("This window only follows the plan: start the vote in the other.")
            return
        await self.begin(questions, title, listen)

    async def begin(self, questions: list[Question], title: str, listen: str | bool | None) -> None:
        from pilot2prod import vote

        way = "laptop" if listen is NO_LAN else "lan"
        vid = self.wizard.session.edit_record(
            lambda plan: vote.start(plan, questions, title=title, way=way)
        )
        if vid is None:
            return
        self.wizard.flush()
        await self.run(vid, None if listen is NO_LAN or listen is True else listen)

    async def run(self, vid: str, listen: str | bool | None) -> None:
        from pilot2prod.tui.screens.vote import VoteScreen

        wizard, workshop = self.wizard, self.workshop
        wizard.flush()
        screen = VoteScreen(
            wizard.session,
            vid,
            save=wizard.flush,
            capture=lambda start, source: workshop.capture(start, source),
            park=lambda qid: workshop.park(qid),
            listen=listen if isinstance(listen, str) else None,
        )
        changed: set[str] | None = await wizard.app.push_screen_wait(screen)
        if changed:
            await wizard.refresh_fields(changed)
        wizard.flush()
        wizard.refresh_status()
        if changed:
            listed = shown(wizard.app, "wizard.review")
            wizard.notify(
                f"The room's answer taken for {len(changed)} question(s) ({listed} reviews them)."
            )
