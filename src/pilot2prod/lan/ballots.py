"""The silent vote served to phones: the form a vote asks (its questions in the plan's own words
and options) and the server that runs while the vote is open. Plain Python, for the full screen
and line mode alike; the server and Tornado are loaded only when :meth:`Network.start` runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pilot2prod import vote
from pilot2prod.bank import Bank, Question

if TYPE_CHECKING:
    from pilot2prod.lan.form import BallotForm
    from pilot2prod.lan.server import BallotServer

Receive = Callable[[str, str, dict[str, str]], str | None]
"""(device, voter's name, answers) -> None when kept, else why not (lan.server's own)."""


def ballot_headings(bank: Bank, questions: list[Question]) -> dict[str, str]:
    """A heading above the first question of each step, when a vote asks several steps' (every
    stall reason's signs): the reason they belong to."""
    steps = {bank.step_of(q.id).id for q in questions}
    if len(steps) < 2:
        return {}
    headings: dict[str, str] = {}
    seen: set[str] = set()
    for question in questions:
        step = bank.step_of(question.id)
        if step.id not in seen:
            seen.add(step.id)
            headings[question.id] = step.title
    return headings


def ballot_form(bank: Bank, found: vote.Vote, plan_name: str) -> BallotForm:
    """What phones are asked: the vote's questions, in the plan's own words and options."""
    from pilot2prod.lan.form import BallotForm, BallotQuestion

    asked = [q for q in map(bank.question, found.questions) if q is not None]
    headings = ballot_headings(bank, asked)
    questions = []
    for question in asked:
        labels = {c.value: c.label for c in question.choices}
        options = tuple((v, labels.get(v, v)) for v in found.options.get(question.id, ()))
        heading = headings.get(question.id, "")
        questions.append(
            BallotQuestion(question.id, question.prompt, options, question.help, heading)
        )
    return BallotForm(
        title=f"Silent vote — {plan_name}",
        intro=(
            "Answer on your own. Nobody sees your ballot: the room sees only the counts, once "
            "everyone has voted. Leave a question if you have no view. Sending again replaces "
            "your ballot."
        ),
        questions=tuple(questions),
    )


class Network:
    """The web form of one vote: started when phones are asked for, stopped at the reveal, when
    the vote closes, or when the app quits."""

    def __init__(self) -> None:
        self.server: BallotServer | None = None
        self.addresses: list[str] = []

    @property
    def running(self) -> bool:
        return self.server is not None

    async def start(self, form: BallotForm, receive: Receive, listen: str | None) -> None:
        """Serve *form* on *listen* (``ADDRESS[:PORT]``, or None: this machine's LAN address).
        Raises LanError, one sentence saying what went wrong and what to try."""
        from pilot2prod.lan import LanError
        from pilot2prod.lan.addresses import lan_addresses, parse_listen
        from pilot2prod.lan.server import BallotServer

        host, port = parse_listen(listen)
        self.addresses = lan_addresses()
        if host is None:
            if not self.addresses:
                raise LanError(
                    "This machine has no network address a phone could reach: connect it to "
                    "the room's Wi-Fi, or pass the laptop round instead."
                )
            host = self.addresses[0]
        server = BallotServer(form, receive, host=host, port=port)
        await server.start()
        self.server = server

    async def stop(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            await server.stop()
