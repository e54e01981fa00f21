"""The silent vote in line mode (``pilot2prod vote NAME --lan`` with --line, ACCESSIBLE=1 or
TERM=dumb): phones vote on the local network's form while the facilitator's lines say only how
many ballots are in; then the reveal, each question's spread as lines, and the scribe's
decisions as numbered questions.

Passing the laptop round is refused: it needs a screen that hides one voter's answers before the
next person takes the keyboard, and plain lines cannot be taken back (a screen reader has read
them, the scrollback and a log keep them). Phones keep each ballot on its own device.

While the form is served, the facilitator's lines are read in a thread of their own (one line at
a time, so nothing is read ahead), and everything else (each ballot saved as it arrives, a look
at the plan for other windows' ballots) runs on the asyncio loop the server runs on.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pilot2prod import vote
from pilot2prod.bank import Bank
from pilot2prod.errors import Pilot2ProdError, UsageError
from pilot2prod.lan.ballots import Network, ballot_form, ballot_headings
from pilot2prod.line.opening import Lines, offer_recovery, open_session
from pilot2prod.line.output import plain_text
from pilot2prod.line.reading import Line
from pilot2prod.plan import Plan
from pilot2prod.store import Store
from pilot2prod.vote import Request

if TYPE_CHECKING:
    from pilot2prod.session import PlanSession

T = TypeVar("T")

EXIT_OK, EXIT_FAILURE = 0, 1
POLL_EVERY = 1.0
"""Seconds between looks at the plan for ballots and decisions another window saved."""
REVEAL_WORDS = ("r", "reveal", ":reveal")
QUIT_WORDS = ("q", "quit")
HELP = (
    "r (or :reveal), then Enter: reveal the ballots; no ballot can be sent after.",
    "q (or :quit), then Enter: close the vote without revealing it; its ballots stay in the "
    "plan, uncounted.",
    ":help (or ?): these commands.",
)
NO_LAPTOP = (
    "in line mode the silent vote needs phones: with no screen to clear, one voter's answers "
    "would stay in view of the next, so add --lan (phones on the local network vote on a web "
    "form) or run 'pilot2prod vote' on the full screen to pass the laptop round"
)


# --- The result as lines ------------------------------------------------------------------------


def question_lines(bank: Bank, plan: Plan, found: vote.Vote, qid: str, number: int) -> list[str]:
    """One revealed question: the room's spread (names only where voters gave them), whether it
    is split, the majority offered, what the plan says now and what the scribe decided (lines
    after the first indented two spaces); one line when nobody answered it."""
    question = bank.question(qid)
    prompt = question.prompt if question else qid
    heading = f"Question {number} of {len(found.questions)}: {prompt}"
    spread = vote.spread(found, qid)
    if not spread.ballots or question is None:
        return [f"{heading} Nobody answered this one."]
    lines = [heading]
    counts = vote.spread_words(question, spread)
    skipped = found.count - spread.ballots
    if skipped:
        counts += f" ({skipped} of {found.count} ballots left it)"
    lines.append(f"  The room: {counts}.")
    most = vote.option_word(question, spread.majority) if spread.majority else ""
    if spread.split:
        offered = f"most said {most}" if most else "no majority (a tie)"
        lines.append(f"  Split: the room disagrees; {offered}.")
    elif spread.agreement == "one":
        lines.append(f"  One ballot answered it: {most}.")
    else:
        lines.append(f"  Agreed: {most}.")
    value = plan.get(question)
    now = vote.option_word(question, value) if isinstance(value, str) else "no answer"
    lines.append(f"  The plan says now: {now}.")
    outcome = found.outcomes.get(qid)
    if outcome is not None and outcome.decision == "accepted":
        lines.append(
            f"  Decided: the room's answer taken ({vote.option_word(question, outcome.value)})."
        )
    elif outcome is not None:
        lines.append("  Decided: the plan's answer kept.")
    return lines


def result_lines(bank: Bank, plan: Plan, found: vote.Vote) -> list[str]:
    """The revealed vote: how many ballots and splits, then every question's spread (a heading
    for each stall reason when the vote asked several)."""
    spreads = vote.spreads(found)
    split = sum(1 for s in spreads if s.split)
    asked = len(found.questions)
    ballots = f"{found.count} ballot{'s' if found.count != 1 else ''}"
    lines = [
        f"Revealed: {ballots}; the room is split on {split} of {asked} "
        f"question{'s' if asked != 1 else ''}."
    ]
    questions = [q for q in map(bank.question, found.questions) if q is not None]
    headings = ballot_headings(bank, questions)
    for number, qid in enumerate(found.questions, 1):
        lines.append("")
        if qid in headings:
            lines += [f"{headings[qid]}:", ""]
        lines += question_lines(bank, plan, found, qid, number)
    return lines


def count_line(count: int) -> str:
    """What the facilitator sees of the ballots until the reveal: how many, never what."""
    return f"Ballots in: {count}"


# --- Reading a line while the server runs -------------------------------------------------------


async def in_thread(function: Callable[[], T]) -> T:
    """*function*'s result, run in a daemon thread (so a line still awaited when the vote ends
    on Ctrl+C never holds the process open)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: Exception | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def work() -> None:
        try:
            result, error = function(), None
        except Exception as exc:  # (handed to the loop, raised where the line is awaited)
            result, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody waits for it
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=work, name="pilot2prod-line-input", daemon=True).start()
    return await future


class Interrupted(Exception):
    """Ctrl+C while the form was served: the vote stops there and the plan is saved."""


# --- The vote -----------------------------------------------------------------------------------


class LineVote:
    """One vote on *session*'s plan, from the served form to the scribe's decisions."""

    def __init__(self, session: PlanSession, lines: Lines, vid: str, address: str | None) -> None:
        self.session = session
        self.bank = session.bank
        self.lines = lines
        self.out = lines.out
        self.vid = vid
        self.address = address
        self.network = Network()
        self.shown = -1
        """The count of ballots last said."""
        self.status = ""
        """The vote's status last seen (another window may reveal or close it)."""
        self.asking = False
        """A numbered question is on the last line: the count waits until it is answered."""
        self.save_error = ""
        self.stopped: asyncio.Event | None = None
        """Set by Ctrl+C while the form is served (see :meth:`serve`)."""

    @property
    def found(self) -> vote.Vote | None:
        return vote.find(self.session.plan, self.vid)

    def save(self) -> None:
        """Write now; a failure is said once (on stderr), and the answers are kept at the end."""
        if self.session.flush():
            self.save_error = ""
        elif self.session.error and self.session.error != self.save_error:
            self.save_error = self.session.error
            self.lines.err.write(plain_text(f"pilot2prod: {self.session.error}") + "\n")
            self.lines.err.flush()

    def announce(self) -> None:
        """Say the count of ballots when it changed (and what another window did to the vote)."""
        found = self.found
        if self.asking:
            return
        if found is None or found.status != "open":
            if found is None or found.status != self.status:
                self.status = found.status if found else "gone"
                done = "revealed" if found is not None and found.is_revealed else "closed"
                self.out.say(
                    f"The vote was {done} in another window: type r to see it, q to stop here."
                )
            return
        if found.count != self.shown:
            self.shown = found.count
            self.out.say(count_line(found.count))

    def receive(self, device: str, name: str, answers: dict[str, str]) -> str | None:
        """A ballot from a phone (on the loop's thread): saved at once; the count said."""
        try:
            reason = self.session.edit_record(
                lambda plan: vote.cast(plan, self.vid, device, answers, name=name)
            )
            if reason is None:
                self.save()
        except Exception as exc:  # (a phone must get an answer; the facilitator sees why)
            self.lines.err.write(plain_text(f"pilot2prod: a ballot could not be kept: {exc}\n"))
            return "This ballot could not be kept: tell the facilitator."
        self.announce()
        return reason

    async def poll(self) -> None:
        while True:
            await asyncio.sleep(POLL_EVERY)
            self.session.check_disk()
            self.announce()

    async def read(self, function: Callable[[], T]) -> T:
        """*function* (which reads the terminal) run in a thread, unless Ctrl+C comes first:
        then :class:`Interrupted` (the thread is left to its read; it holds nothing)."""
        answer = asyncio.ensure_future(in_thread(function))
        if self.stopped is None:
            return await answer
        stop = asyncio.ensure_future(self.stopped.wait())
        try:
            await asyncio.wait({answer, stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
        if answer.done():
            return answer.result()
        answer.cancel()
        raise Interrupted

    async def choose(self, title: str, text: str, options: list[tuple[str, str]]) -> str | None:
        """A numbered question while the server runs (ballots are counted meanwhile)."""
        self.asking = True
        try:
            return await self.read(lambda: self.lines.choose(title, text, options))
        finally:
            self.asking = False
            self.announce()

    # --- While phones vote --------------------------------------------------------------------

    async def serve(self) -> str:
        """Serve the form until the reveal (``"revealed"``), the vote is closed (``"closed"``)
        or the input ends (``"ended"``). Raises LanError when the address cannot be used."""
        found = self.found
        assert found is not None
        form = ballot_form(self.bank, found, self.session.plan.name)
        await self.network.start(form, self.receive, self.address)
        poll = asyncio.ensure_future(self.poll())
        # Ctrl+C is taken by the loop itself (woken at once, whatever thread the signal
        # reached), not by asyncio.run's cancelling of this task: serving then ends as if the
        # vote were left with q, except that nothing is asked.
        loop = asyncio.get_running_loop()
        self.stopped = asyncio.Event()
        try:
            loop.add_signal_handler(signal.SIGINT, self.stopped.set)
            handled = True
        except (NotImplementedError, RuntimeError, ValueError):  # (not on this platform)
            handled = False
        try:
            self.session.edit_record(lambda plan: vote.set_way(plan, self.vid, "lan"))
            self.save()
            self.tell_phones()
            self.status = "open"
            self.announce()
            while True:
                line = await self.read(self.lines.source.next)
                if line is None:
                    return "ended"
                if not self.lines.interactive:
                    self.out.echo(line.text if line.is_answer else line.raw)
                ended = await self.command(line)
                if ended is not None:
                    return ended
        finally:
            if handled:
                loop.remove_signal_handler(signal.SIGINT)
            self.stopped = None
            poll.cancel()
            await self.network.stop()

    def tell_phones(self) -> None:
        from pilot2prod.lan.addresses import CONNECT_HELP

        server = self.network.server
        assert server is not None
        found = self.found
        asked = len(found.questions) if found else 0
        self.out.say(
            f"Silent vote: {found.title if found else ''}, {asked} question"
            f"{'s' if asked != 1 else ''}. Phones on the same Wi-Fi as this machine: open"
        )
        self.out.say(server.url)
        others = [a for a in self.network.addresses if a != server.host]
        if others:
            self.out.say(
                f"Other addresses of this machine: {', '.join(others)} "
                "(pilot2prod vote NAME --lan ADDRESS uses one of them)."
            )
        self.out.say(CONNECT_HELP[0])
        for advice in CONNECT_HELP[1:]:
            self.out.say("  - " + advice.lstrip("• "), indent="    ")
        self.out.say(
            "Ballots stay hidden until the reveal: only their count is said here. Type r and "
            "Enter to reveal them, q to close the vote without revealing, :help for these."
        )

    async def command(self, line: Line) -> str | None:
        """Do what the facilitator typed; the way serving ended, or None to go on."""
        word = line.text.strip().lower() if line.command in (None, "unknown") else ""
        if line.command == "quit" or word in QUIT_WORDS:
            return "closed" if await self.close_unrevealed() else None
        if word in REVEAL_WORDS:
            return "revealed" if await self.reveal() else None
        if line.command == "help":
            for entry in HELP:
                self.out.say(entry, indent="  ")
        elif word:
            self.out.say(
                f"'{line.text.strip()}' is not a command here: r reveals the ballots, q closes "
                "the vote without revealing them, :help lists these."
            )
        else:
            found = self.found
            self.out.say(count_line(found.count if found else 0))
        return None

    async def reveal(self) -> bool:
        found = self.found
        if found is None or found.status == "closed":
            self.out.say("The vote was closed in another window: nothing to reveal.")
            return False
        if found.is_revealed:
            return True
        if not found.count:
            self.out.say("No ballots yet: nothing to reveal.")
            return False
        if self.lines.interactive:
            word = "ballot" if found.count == 1 else "ballots"
            choice = await self.choose(
                f"Reveal the {found.count} {word}?",
                "No ballot can be sent after.",
                [("reveal", "Reveal them now"), ("wait", "Not yet: phones go on voting")],
            )
            if choice != "reveal":
                return False
        await self.network.stop()
        self.session.edit_record(lambda plan: vote.reveal(plan, self.vid))
        self.save()
        return True

    async def close_unrevealed(self) -> bool:
        """Close the vote without revealing it (asked first at a terminal, when it has
        ballots): they stay in the plan, uncounted; a vote nobody voted in is removed."""
        found = self.found
        if found is None or found.status == "closed":
            return True
        if found.is_revealed:  # (in another window, which takes the decisions)
            await self.network.stop()
            self.out.say("Stopped here: the vote stays as the other window left it.")
            return True
        count = found.count
        if count and self.lines.interactive:
            word = "ballot stays" if count == 1 else "ballots stay"
            choice = await self.choose(
                "Close the vote without revealing it?",
                f"The {count} {word} in the plan, uncounted.",
                [("close", "Close it"), ("wait", "Not yet: phones go on voting")],
            )
            if choice != "close":
                return False
        await self.network.stop()
        self.close_vote()
        if count:
            word = "ballot stays" if count == 1 else "ballots stay"
            self.out.say(f"The vote is closed; its {count} {word} in the plan, uncounted.")
        else:
            self.out.say("The vote is closed; nobody voted, so nothing of it is kept.")
        return True

    def close_vote(self) -> None:
        found = self.found
        if found is None:
            return
        if found.count:
            self.session.edit_record(lambda plan: vote.close(plan, self.vid))
        else:  # nobody voted: nothing to keep
            self.session.edit_record(lambda plan: plan.votes.pop(self.vid, None))
        self.save()

    # --- After the reveal ---------------------------------------------------------------------

    def decide(self) -> None:
        """Print every question's spread, then ask about each one not decided yet: take the
        room's answer, keep the plan's, or take the room's answer for all the rest. The vote
        closes once every question is decided; at the end of the input it stays revealed (the
        next ``pilot2prod vote`` on the plan takes up the decisions)."""
        found = self.found
        if found is None:
            return
        self.out.say("")
        for line in result_lines(self.bank, self.session.plan, found):
            self.out.say(line, indent="    " if line.startswith("  ") else "  ")
        taken = 0
        for number, qid in enumerate(found.questions, 1):
            found = self.found
            if found is None or found.status == "closed":
                self.out.say("The vote was closed in another window: its result stays as it was.")
                return
            if qid in found.outcomes or not vote.spread(found, qid).ballots:
                continue  # (decided already, or nothing to decide: the answer stays)
            choice = self.ask(found, qid, number)
            if choice is None:
                self.out.say(
                    "The vote stays revealed: 'pilot2prod vote' on this plan takes up the "
                    "decisions where they were left."
                )
                return
            try:
                taken += self.take(found, qid, choice)
            except vote.Closed as exc:
                self.out.say(str(exc))
                return
            self.save()
            if choice == "all":
                break
        self.close_vote()
        self.out.say(
            f"The vote is closed. The room's answer is now the plan's for {taken} "
            f"question{'s' if taken != 1 else ''}."
        )

    def ask(self, found: vote.Vote, qid: str, number: int) -> str | None:
        question = self.bank.question(qid)
        prompt = question.prompt if question else qid
        spread = vote.spread(found, qid)
        value = self.session.plan.get(question) if question else None
        now = vote.option_word(question, value) if question and isinstance(value, str) else ""
        options = []
        if spread.majority is not None and question is not None:
            most = vote.option_word(question, spread.majority)
            options.append(("accept", f"Take the room's answer: {most}"))
        options.append(("keep", f"Keep the plan's answer: {now}" if now else "Keep it unanswered"))
        later = [q for q in found.questions[number:] if q not in found.outcomes]
        if any(vote.spread(found, q).majority for q in later):
            options.append(
                ("all", "Take the room's answer for this and every question left that has one")
            )
        title = f"Question {number} of {len(found.questions)}: {prompt}"
        return self.lines.choose(title, "", options)

    def take(self, found: vote.Vote, qid: str, choice: str) -> int:
        """Record the scribe's choice; how many answers it took from the room."""
        bank = self.bank
        if choice == "keep":
            self.session.edit_record(lambda plan: vote.keep(plan, bank, self.vid, qid))
            return 0
        if choice == "accept":
            chosen = {qid: vote.spread(found, qid).majority}
        else:
            chosen = {
                q: vote.spread(found, q).majority
                for q in found.questions
                if q not in found.outcomes and vote.spread(found, q).majority is not None
            }
        taken = {q: value for q, value in chosen.items() if value is not None}

        def accept(plan: Plan) -> None:
            for q, value in taken.items():
                vote.accept(plan, bank, self.vid, q, value)

        self.session.edit_record(accept)
        return len(taken)


# --- Running it ---------------------------------------------------------------------------------


def run_vote(
    store: Store, bank: Bank, path: Path, request: Request, lines: Lines | None = None
) -> int:
    """Open the plan at *path* as line mode does (recovery, lock, follow or edit) and run the
    vote *request* asks for, or join the one under way; the exit status."""
    under_way = vote.current(store.load(path))
    if not request.phones and not (under_way is not None and under_way.is_revealed):
        raise UsageError(NO_LAPTOP)
    lines = lines or Lines.standard()
    offer_recovery(store, bank, path, lines)
    session = open_session(store, bank, path, lines)
    if session is None:
        lines.out.say("Cancelled.")
        return EXIT_OK
    if session.read_only:
        session.close()
        lines.out.say("A window that follows the plan cannot vote: start the vote in the other.")
        return EXIT_FAILURE
    started = False
    try:
        under_way = vote.current(session.plan)
        if under_way is not None and under_way.is_revealed:
            lines.out.say(
                f"The vote on {under_way.title} is revealed and not yet decided: its decisions "
                "are taken up here."
            )
            vid = under_way.id
        elif under_way is not None:
            lines.out.say(
                f"A vote was under way ({under_way.title}, {count_line(under_way.count).lower()})"
                ": this is it. Close it (q) to start another."
            )
            vid = under_way.id
        else:
            step = next((s for s in bank.steps if s.id == request.step), None)
            questions = vote.step_questions(step) if step else vote.all_signs(bank)
            title = step.title if step else "Every stall reason"
            vid = session.edit_record(lambda plan: vote.start(plan, questions, title=title)) or ""
            started = True
        runner = LineVote(session, lines, vid, request.address)
        runner.save()
        return finish(runner, started)
    finally:
        session.close()


def finish(runner: LineVote, started: bool) -> int:
    """Serve (unless the vote is revealed already), then decide; save whatever happens."""
    session, lines = runner.session, runner.lines
    try:
        found = runner.found
        ended = "revealed" if found is not None and found.is_revealed else ""
        if not ended:
            ended = asyncio.run(runner.serve())
        if ended == "revealed":
            runner.decide()
    except (KeyboardInterrupt, Interrupted):
        lines.out.say("")
    except Pilot2ProdError:
        found = runner.found
        if started and found is not None and not found.count:
            runner.close_vote()  # (the vote never reached a phone: nothing of it is kept)
        raise
    saved = session.flush()
    if not saved:
        kept = session.write_recovery()
        where = f"; they are kept in {kept}" if kept else ""
        lines.err.write(plain_text(f"pilot2prod: {session.error}{where}") + "\n")
        return EXIT_FAILURE
    lines.out.say(f"Saved {session.path.name}.")
    return EXIT_OK
