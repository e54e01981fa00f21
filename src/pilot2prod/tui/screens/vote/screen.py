"""The facilitator's screen of a silent vote: how many ballots are in (never what they say),
the laptop passed round or phones on the network, the reveal, and what the scribe keeps.

Handed what it needs by the wizard (no import of the wizard): the plan's session, a function that
saves now, and the workshop record's action and parking-lot dialogs. Every ballot is saved as
it arrives; a vote changes an answer only when the scribe accepts the room's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Button, Static

from pilot2prod import record, vote
from pilot2prod.errors import Pilot2ProdError
from pilot2prod.tui.dialogs import Confirm
from pilot2prod.tui.keys import bindings
from pilot2prod.tui.keys import shown as key_of
from pilot2prod.tui.render import plain
from pilot2prod.tui.screens.vote.ballot import BallotScreen, PassOnScreen
from pilot2prod.tui.screens.vote.network import (
    Network,
    NetworkPanel,
    ballot_form,
    ballot_headings,
)
from pilot2prod.tui.screens.vote.results import ResultsList
from pilot2prod.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from pilot2prod.plan import Plan
    from pilot2prod.tui.session import PlanSession

POLL_EVERY = 0.5
"""Seconds between looks at the plan for ballots another window saved."""
BEFORE = {"next_voter", "network", "reveal"}
AFTER = {"accept", "keep", "accept_all", "capture", "park"}


class HowItGoes(Static):
    """What the facilitator does, under the buttons until the reveal, in the keys as bound."""

    def show_for(self, revealed: bool, phones: bool) -> None:
        self.display = not revealed and not phones  # (the phones' panel says what they do)
        if self.display:
            voter, network, reveal = (
                key_of(self.app, f"vote.{action}") for action in ("next_voter", "network", "reveal")
            )
            self.update(
                plain(
                    f"Pass the laptop round: each person presses {voter} (Next voter), answers "
                    f"alone and hands it on; nobody sees anyone else's answers. {network} lets "
                    f"phones on this network vote as well. Once everyone has voted, {reveal} "
                    "shows where the room agrees and where it does not."
                )
            )


class VoteScreen(Screen[set[str]]):
    """One vote, from the first ballot to the scribe's decisions. Returns the ids of the
    questions whose answers it changed (the wizard shows them anew)."""

    BINDINGS = bindings("vote")

    def __init__(
        self,
        session: PlanSession,
        vid: str,
        *,
        save: Callable[[], None],
        capture: Callable[[dict[str, str], str], Awaitable[None]],
        park: Callable[[str], Awaitable[None]],
        phones: bool = False,
        listen: str | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.bank = session.bank
        self.vid = vid
        self.save = save
        self.capture = capture
        self.park_point = park
        self.phones = phones
        """Phones on the network asked for (``--lan``): the form is served at once."""
        self.listen = listen
        """Where phones reach the vote (``ADDRESS[:PORT]``), or None: this machine's address."""
        self.network = Network()
        self.changed: set[str] = set()
        self._shown = ""
        """The vote's table as last shown: another window's ballot or decision repaints."""
        self._revealed = False

    @property
    def found(self) -> vote.Vote:
        found = vote.find(self.session.plan, self.vid)
        if found is None:  # (only a vote closed with no ballot is removed: this one's screen)
            return vote.Vote(self.vid, "", "laptop", "closed", "", (), {}, (), {})
        return found

    def compose(self) -> ComposeResult:
        yield Static(id="vote-header", classes="screen-header")
        with Vertical(id="vote-body"):
            yield Static(id="vote-status")
            with Horizontal(id="vote-buttons"):  # (above the address: always in view)
                yield Button("Next voter", id="vote-next", compact=True, variant="primary")
                yield Button("Phones", id="vote-phones", compact=True)
                yield Button("Reveal", id="vote-reveal", compact=True)
            yield HowItGoes(id="vote-how")
            yield NetworkPanel(id="vote-network")
            yield ResultsList(id="vote-results")
        yield KeyBar()

    async def on_mount(self) -> None:
        self.query_one("#vote-network").display = False
        await self.show()
        self.set_interval(POLL_EVERY, self._poll)
        found = self.found
        if (self.phones or found.way == "lan") and found.is_open:
            self.run_worker(self._serve(), group="network", exclusive=True)

    async def on_unmount(self) -> None:
        await self.network.stop()

    async def on_resize(self, event: Resize) -> None:
        if self.network.running:
            panel = self.query_one(NetworkPanel)
            await panel.show(self.network, event.size.width, event.size.height)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        revealed = self._revealed  # (as shown: asked once per key, at every repaint)
        if action in BEFORE:
            return not revealed
        if action in AFTER:
            return revealed
        return True

    # --- Showing ------------------------------------------------------------------------------

    async def show(self) -> None:
        found = self.found
        self._shown = repr(self.session.plan.votes.get(self.vid))
        self._revealed = found.is_revealed
        asked = len(found.questions)
        self.query_one("#vote-header", Static).update(
            plain(f" Silent vote · {found.title} · {asked} question{'s' if asked != 1 else ''}")
        )
        revealed = found.is_revealed
        self.query_one("#vote-buttons").display = not revealed
        phones = "Laptop only" if self.network.running else "Phones"
        for button, words, action in (
            ("#vote-next", "Next voter", "vote.next_voter"),
            ("#vote-phones", phones, "vote.network"),
            ("#vote-reveal", "Reveal", "vote.reveal"),
        ):
            self.query_one(button, Button).label = f"{words} ({key_of(self.app, action)})"
        results = self.query_one(ResultsList)
        results.display = revealed
        if revealed:
            split = sum(1 for s in vote.spreads(found) if s.split)
            keys = " · ".join(
                f"{key_of(self.app, f'vote.{name}')} {word}"
                for name, word in (
                    ("accept", "accepts"),
                    ("keep", "keeps"),
                    ("accept_all", "takes the rest"),
                )
            )
            ballots = f"{found.count} ballot{'s' if found.count != 1 else ''}"
            questions = f"{split} question{'s' if split != 1 else ''}" if split else "no question"
            status = f"{ballots} revealed; {questions} split. {keys}."
            results.show(self.bank, self.session.plan, found)
            focused = self.focused
            if focused is None or self.query_one("#vote-buttons") in focused.ancestors:
                results.focus()  # (reopened revealed, or revealed in another window: ↓ works)
        else:
            way = "phones and this laptop" if self.network.running else "this laptop"
            reveal = key_of(self.app, "vote.reveal")
            status = f"Ballots in: {found.count} ({way}) · hidden until {reveal} reveals them"
        self.query_one(HowItGoes).show_for(revealed, self.network.running)
        self.query_one("#vote-status", Static).update(plain(status))
        self.refresh_bindings()

    async def _poll(self) -> None:
        """Ballots another window (or a phone) saved, and what another window decided: the
        count only, until the reveal."""
        if repr(self.session.plan.votes.get(self.vid)) != self._shown:
            await self.show()

    # --- Voting -------------------------------------------------------------------------------

    @on(Button.Pressed, "#vote-next")
    @work(group="ballots", exclusive=True)
    async def action_next_voter(self) -> None:
        """Ballot, pass it on, ballot...: until someone says everyone has voted."""
        questions = [q for q in map(self.bank.question, self.found.questions) if q is not None]
        headings = ballot_headings(self.bank, questions)
        while self.found.is_open:
            screen = BallotScreen(self.found.title, questions, headings)
            ballot = await self.app.push_screen_wait(screen)
            if ballot is None:
                break
            bid = vote.new_ballot_id(self.session.plan, self.vid)
            self._cast(bid, ballot["name"], ballot["answers"])
            if not await self.app.push_screen_wait(PassOnScreen()):
                break
        await self.show()

    def _cast(self, ballot_id: str, name: str, answers: dict[str, str]) -> str | None:
        reason = self.session.edit_record(
            lambda plan: vote.cast(plan, self.vid, ballot_id, answers, name=name)
        )
        if reason is None:
            self.save()
        return reason

    def receive(self, device: str, name: str, answers: dict[str, str]) -> str | None:
        """A ballot from a phone (on the app's own loop)."""
        try:
            reason = self._cast(device, name, answers)
        except Exception as exc:  # (a phone must get an answer; the facilitator sees why)
            self.notify(f"A ballot could not be kept: {exc}", severity="error", timeout=15)
            return "This ballot could not be kept: tell the facilitator, or vote on the laptop."
        self.call_later(self.show)
        return reason

    @on(Button.Pressed, "#vote-phones")
    async def action_network(self) -> None:
        if self.network.running:
            await self.network.stop()
            self.session.edit_record(lambda plan: vote.set_way(plan, self.vid, "laptop"))
            self.save()
            self.query_one(NetworkPanel).display = False
            await self.show()
            return
        self.run_worker(self._serve(), group="network", exclusive=True)

    async def _serve(self) -> None:
        form = ballot_form(self.bank, self.found, self.session.plan.name)
        try:
            await self.network.start(form, self.receive, self.listen)
        except Pilot2ProdError as exc:
            self.notify(str(exc), severity="error", timeout=15)
            return
        self.session.edit_record(lambda plan: vote.set_way(plan, self.vid, "lan"))
        self.save()
        await self.query_one(NetworkPanel).show(self.network, self.size.width, self.size.height)
        await self.show()

    @on(Button.Pressed, "#vote-reveal")
    @work(group="reveal", exclusive=True)
    async def action_reveal(self) -> None:
        count = self.found.count
        if not count:
            self.notify("No ballots yet: nothing to reveal.")
            return
        word = "ballot" if count == 1 else "ballots"
        if not await self.app.push_screen_wait(
            Confirm(f"Reveal the {count} {word}? No ballot can be sent after.", yes="Reveal")
        ):
            return
        await self.network.stop()
        self.query_one(NetworkPanel).display = False
        self.session.edit_record(lambda plan: vote.reveal(plan, self.vid))
        self.save()
        await self.show()
        self.query_one(ResultsList).focus()

    # --- After the reveal ---------------------------------------------------------------------

    def _highlighted(self) -> str | None:
        return self.query_one(ResultsList).question_id

    async def _decide(self, qid: str, accept: bool) -> None:
        found = self.found
        spread = vote.spread(found, qid)
        if accept and spread.majority is None:
            self.notify("No majority to take here: keep the answer, park or make an action.")
            return
        try:
            if accept:
                self.session.edit_record(
                    lambda plan: vote.accept(plan, self.bank, self.vid, qid, spread.majority or "")
                )
                self.changed.add(qid)
            else:
                self.session.edit_record(lambda plan: vote.keep(plan, self.bank, self.vid, qid))
        except vote.Closed as exc:  # (another window closed it meanwhile)
            self.notify(str(exc), severity="warning")
        self.save()
        await self.show()

    async def action_accept(self) -> None:
        qid = self._highlighted()
        if qid is not None:
            await self._decide(qid, accept=True)

    async def action_keep(self) -> None:
        qid = self._highlighted()
        if qid is not None:
            await self._decide(qid, accept=False)

    async def action_accept_all(self) -> None:
        found = self.found
        taken = {
            s.question: s.majority
            for s in vote.spreads(found)
            if s.majority is not None and s.question not in found.outcomes
        }

        def take(plan: Plan) -> None:
            for qid, value in taken.items():
                vote.accept(plan, self.bank, self.vid, qid, value)

        try:
            self.session.edit_record(take)
        except vote.Closed as exc:
            self.notify(str(exc), severity="warning")
            await self.show()
            return
        self.changed.update(taken)
        self.save()
        await self.show()
        self.notify(f"The room's answer taken for {len(taken)} more of {len(found.questions)}.")

    @work(group="record")
    async def action_capture(self) -> None:
        qid = self._highlighted()
        question = self.bank.question(qid) if qid else None
        if question is None:
            return
        spread = vote.spread(self.found, question.id)
        what = f"Settle: {question.prompt} (the room: {vote.spread_words(question, spread)})"
        await self.capture({"what": what}, record.source_of("question", question.id))

    @work(group="record")
    async def action_park(self) -> None:
        qid = self._highlighted()
        if qid is not None:
            await self.park_point(qid)

    @work(group="close", exclusive=True)
    async def action_close(self) -> None:
        found = self.found
        if not found.is_revealed and found.count:
            word = "ballot stays" if found.count == 1 else "ballots stay"
            question = (
                f"Close the vote without revealing it? The {found.count} {word} in the plan, "
                "uncounted."
            )
            if not await self.app.push_screen_wait(Confirm(question, yes="Close")):
                return
        await self.network.stop()
        if found.count:
            self.session.edit_record(lambda plan: vote.close(plan, self.vid))
        else:  # nobody voted: nothing to keep
            self.session.edit_record(lambda plan: plan.votes.pop(self.vid, None))
        self.save()
        self.dismiss(self.changed)
