"""The silent vote: each person answers on their own, the ballots stay hidden until the reveal,
then the room sees where it agrees and the scribe decides what the plan says.

A vote is a table of the plan file under a stable id (``[votes.v-3f9c1e]``) holding what it
asked (question ids and their options), how people voted (``laptop`` passed round, or ``lan``
phones), its status (``open`` → ``revealed`` → ``closed``), and one table per ballot
(``[votes.v-3f9c1e.ballots.b-1a2b3c]``), so two windows or two git branches merge ballot by ballot
(merge.py); no schema change. Pure functions over a :class:`~pilot2prod.plan.Plan`: nothing here
reads files, serves anything or knows about the terminal. A vote never changes an answer: only
:func:`accept` does, when the scribe takes the room's result.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from msgspec import Struct

from pilot2prod import text
from pilot2prod.bank import SIGN_VALUES, Bank, Question, Step
from pilot2prod.plan import Plan, now_iso, single_line

WAYS = {"laptop": "the laptop passed round", "lan": "phones on the local network"}
"""How people vote (stored value: words)."""
STATUSES = ("open", "revealed", "closed")
MAX_BALLOTS = 200
"""Ballots one vote takes (a device sending again replaces its own, and does not count twice)."""
MAJORITY_SHARE = 0.6
"""The room agrees on a question when one answer has more than this share of its ballots (and,
for a warning sign, nobody said yes while someone said no)."""
NAME_LENGTH = 60
DECISIONS = ("accepted", "kept")
ANONYMOUS = "anonymous"


def new_id(prefix: str, taken: Mapping[str, Any]) -> str:
    """A short random id not in *taken* (random, so two windows never pick the same one)."""
    while True:
        candidate = f"{prefix}-{secrets.token_hex(3)}"
        if candidate not in taken:
            return candidate


class Request(Struct, frozen=True):
    """A vote asked for from the command line (``pilot2prod vote``): on *step*'s questions with
    options (None: every stall reason's signs), with *phones* on the local network at *address*
    (``ADDRESS[:PORT]``; None: this machine's own address)."""

    step: str | None = None
    phones: bool = False
    address: str | None = None


# --- What a vote asks ---------------------------------------------------------------------------


def is_votable(question: Question) -> bool:
    """A question people can vote on: one answer from its options."""
    return question.kind == "choice" and bool(question.choices)


def diagnostic_steps(bank: Bank) -> list[Step]:
    """The bank's stall reasons, as steps (empty without a diagnostic phase)."""
    return [step for phase in bank.phases if phase.kind == "diagnostic" for step in phase.steps]


def step_questions(step: Step) -> list[Question]:
    """What a vote on *step* asks: its questions with options (a stall reason's: its signs)."""
    return [q for q in step.questions if is_votable(q)]


def all_signs(bank: Bank) -> list[Question]:
    """What a vote on every stall reason asks: every warning sign, in the bank's order."""
    return [q for step in diagnostic_steps(bank) for q in step_questions(step)]


# --- A vote as the product reads it -------------------------------------------------------------


class Ballot(Struct, frozen=True):
    id: str
    name: str
    """The voter's name, or "" for someone who stayed anonymous."""
    at: str
    answers: Mapping[str, str]
    """Question id -> the option chosen (a question left out was not answered)."""


class Outcome(Struct, frozen=True):
    """What the scribe did with a question's result: ``accepted`` (the answer became *value*)
    or ``kept`` (the answer stayed *value*, or stayed empty)."""

    decision: str
    value: str
    at: str


class Vote(Struct, frozen=True):
    id: str
    title: str
    way: str
    status: str
    started: str
    questions: tuple[str, ...]
    options: Mapping[str, tuple[str, ...]]
    ballots: tuple[Ballot, ...]
    outcomes: Mapping[str, Outcome]
    revealed: str = ""
    closed: str = ""

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def is_revealed(self) -> bool:
        """Revealed (and perhaps closed since): its spread may be shown."""
        return bool(self.revealed)

    @property
    def count(self) -> int:
        return len(self.ballots)


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key, "")
    return text.clean(value) if isinstance(value, str) else ""


def _vote(vid: str, data: Mapping[str, Any]) -> Vote:
    questions = data.get("questions", [])
    qids = tuple(q for q in questions if isinstance(q, str)) if isinstance(questions, list) else ()
    options_data = data.get("options", {})
    options: dict[str, tuple[str, ...]] = {}
    if isinstance(options_data, dict):
        for qid, values in options_data.items():
            if isinstance(values, list):
                options[qid] = tuple(v for v in values if isinstance(v, str))
    ballots = []
    ballot_data = data.get("ballots", {})
    for bid, fields in ballot_data.items() if isinstance(ballot_data, dict) else ():
        if not isinstance(fields, dict):
            continue
        answers = fields.get("answers", {})
        chosen = {
            qid: value
            for qid, value in (answers.items() if isinstance(answers, dict) else ())
            if isinstance(value, str) and value in options.get(qid, ())
        }
        ballots.append(Ballot(bid, _text(fields, "name"), _text(fields, "at"), chosen))
    outcomes = {}
    outcome_data = data.get("outcome", {})
    for qid, fields in outcome_data.items() if isinstance(outcome_data, dict) else ():
        if isinstance(fields, dict) and fields.get("decision") in DECISIONS:
            outcomes[qid] = Outcome(
                str(fields["decision"]), _text(fields, "value"), _text(fields, "at")
            )
    status = _text(data, "status")
    return Vote(
        id=vid,
        title=_text(data, "title"),
        way=_text(data, "way") if _text(data, "way") in WAYS else "laptop",
        status=status if status in STATUSES else "open",
        started=_text(data, "started"),
        questions=qids,
        options=options,
        ballots=tuple(sorted(ballots, key=lambda b: (b.at, b.id))),
        outcomes=outcomes,
        revealed=_text(data, "revealed"),
        closed=_text(data, "closed"),
    )


def votes(plan: Plan) -> list[Vote]:
    """The plan's votes, oldest first (a table that is not a vote's is skipped)."""
    found = [_vote(vid, data) for vid, data in plan.votes.items() if isinstance(data, dict)]
    return sorted(found, key=lambda v: (v.started, v.id))


def find(plan: Plan, vid: str) -> Vote | None:
    data = plan.votes.get(vid)
    return _vote(vid, data) if isinstance(data, dict) else None


def current(plan: Plan) -> Vote | None:
    """The latest vote not closed yet (the one a window joins), or None."""
    still = [v for v in votes(plan) if v.status != "closed"]
    return still[-1] if still else None


# --- Running a vote -----------------------------------------------------------------------------


def start(plan: Plan, questions: Iterable[Question], *, title: str, way: str = "laptop") -> str:
    """Open a vote on *questions* (each with its own options); returns its id."""
    asked = [q for q in questions if is_votable(q)]
    if not asked:
        raise ValueError("a vote needs at least one question with options")
    if way not in WAYS:
        raise ValueError(f"unknown way to vote {way!r}")
    vid = new_id("v", plan.votes)
    plan.votes[vid] = {
        "title": single_line(title),
        "started": now_iso(),
        "way": way,
        "status": "open",
        "questions": [q.id for q in asked],
        "options": {q.id: [c.value for c in q.choices] for q in asked},
    }
    return vid


def set_way(plan: Plan, vid: str, way: str) -> None:
    if way not in WAYS:
        raise ValueError(f"unknown way to vote {way!r}")
    plan.votes[vid]["way"] = way


def clean_voter_name(name: str) -> str:
    """A voter's name as kept: one line, no invisible characters, at most NAME_LENGTH long."""
    return single_line(text.strip_invisible(name))[:NAME_LENGTH].strip()


def cast(
    plan: Plan, vid: str, ballot_id: str, answers: Mapping[str, str], *, name: str = ""
) -> str | None:
    """Record a ballot (replacing this ballot id's earlier one); None when it is kept, else why
    not, in one sentence a voter can read."""
    vote = find(plan, vid)
    if vote is None:
        return "This vote no longer exists."
    if not vote.is_open:
        return "This vote is over: the answers have been revealed."
    chosen = {}
    for qid, value in answers.items():
        if qid not in vote.options:
            return "That ballot answers a question this vote does not ask."
        if value not in vote.options[qid]:
            return "That ballot gives an answer this vote does not offer."
        chosen[qid] = value
    if not chosen:
        return "Choose at least one answer before sending."
    ballots = plan.votes[vid].setdefault("ballots", {})
    if not isinstance(ballots, dict):  # (a hand-edited file: start the ballots afresh)
        ballots = plan.votes[vid]["ballots"] = {}
    if ballot_id not in ballots and len(ballots) >= MAX_BALLOTS:
        return f"This vote is full: it takes {MAX_BALLOTS} ballots."
    ballot: dict[str, Any] = {"at": now_iso(), "answers": chosen}
    name = clean_voter_name(name)
    if name:
        ballot["name"] = name
    ballots[ballot_id] = ballot
    return None


def new_ballot_id(plan: Plan, vid: str) -> str:
    """An id for a ballot cast on the laptop (a phone's comes from its device)."""
    ballots = plan.votes.get(vid, {}).get("ballots", {})
    return new_id("b", ballots if isinstance(ballots, dict) else {})


def reveal(plan: Plan, vid: str) -> None:
    """Show the result: no more ballots; the spread may now be shown."""
    data = plan.votes[vid]
    if data.get("status", "open") == "open":
        data["status"] = "revealed"
        data["revealed"] = now_iso()


def close(plan: Plan, vid: str) -> None:
    """The vote is over (revealed or not): no window offers it any more."""
    data = plan.votes[vid]
    data["status"] = "closed"
    data["closed"] = now_iso()


class Closed(ValueError):
    """The vote was closed (in another window, perhaps): its result can no longer be taken."""


def _still_open(plan: Plan, vid: str) -> Vote:
    vote = find(plan, vid)
    if vote is None or vote.status == "closed":
        raise Closed("This vote has been closed (in another window?): its result stays as it was.")
    return vote


def accept(plan: Plan, bank: Bank, vid: str, qid: str, value: str) -> None:
    """The scribe takes *value* (usually the room's majority) as the answer to *qid*."""
    question = bank.question(qid)
    vote = _still_open(plan, vid)
    if question is None or value not in vote.options.get(qid, ()):
        raise ValueError(f"{value!r} is not an answer this vote offers for {qid!r}")
    plan.set(question, value)
    _decide(plan, vid, qid, "accepted", value)


def keep(plan: Plan, bank: Bank, vid: str, qid: str) -> None:
    """The scribe keeps the current answer (which may be none)."""
    _still_open(plan, vid)
    question = bank.question(qid)
    value = plan.get(question) if question is not None else None
    _decide(plan, vid, qid, "kept", value if isinstance(value, str) else "")


def _decide(plan: Plan, vid: str, qid: str, decision: str, value: str) -> None:
    outcome = plan.votes[vid].setdefault("outcome", {})
    outcome[qid] = {"decision": decision, "at": now_iso()} | ({"value": value} if value else {})


# --- The result ---------------------------------------------------------------------------------


class Spread(Struct, frozen=True):
    """How the room answered one question."""

    question: str
    options: tuple[str, ...]
    counts: Mapping[str, int]
    names: Mapping[str, tuple[str, ...]]
    """Option -> the names of the voters who chose it and gave a name."""
    ballots: int
    """How many ballots answered this question."""
    majority: str | None
    """The answer offered: the option chosen most (None on a tie, or with no ballots)."""
    split: bool
    """The room disagrees: no answer above 60%, or, on a warning sign, both yes and no."""

    def anonymous(self, option: str) -> int:
        """How many chose *option* without giving a name."""
        return self.counts.get(option, 0) - len(self.names.get(option, ()))

    @property
    def agreement(self) -> str:
        """``split``, ``agreed``, ``one`` (a single ballot answered it: one voice neither agrees
        nor disagrees) or ``none`` (no ballot did)."""
        if self.split:
            return "split"
        return "agreed" if self.ballots > 1 else "one" if self.ballots else "none"


def spread(vote: Vote, qid: str) -> Spread:
    options = vote.options.get(qid, ())
    counts = dict.fromkeys(options, 0)
    names: dict[str, list[str]] = {o: [] for o in options}
    for ballot in vote.ballots:
        value = ballot.answers.get(qid)
        if value in counts:
            counts[value] += 1
            if ballot.name:
                names[value].append(ballot.name)
    total = sum(counts.values())
    ranked = sorted(counts.values(), reverse=True)
    majority = None
    if total and (len(ranked) == 1 or ranked[0] > ranked[1]):
        majority = max(counts, key=lambda o: counts[o])
    top_share = ranked[0] / total if total else 0.0
    signs_split = set(SIGN_VALUES) <= set(options) and counts["yes"] > 0 and counts["no"] > 0
    split = bool(total) and (top_share <= MAJORITY_SHARE or signs_split)
    return Spread(
        qid,
        options,
        counts,
        {o: tuple(n) for o, n in names.items()},
        total,
        majority,
        split,
    )


def spreads(vote: Vote) -> list[Spread]:
    return [spread(vote, qid) for qid in vote.questions]


def latest_spread(plan: Plan, qid: str) -> tuple[Vote, Spread] | None:
    """The latest revealed vote that asked *qid*, with its spread (None when none did)."""
    for vote in reversed(votes(plan)):
        if vote.is_revealed and qid in vote.questions:
            found = spread(vote, qid)
            if found.ballots:
                return vote, found
    return None


def split_on(plan: Plan, qid: str) -> bool:
    """Whether the latest revealed vote on *qid* found the room split."""
    return qid in split_questions(plan)


def split_questions(plan: Plan) -> frozenset[str]:
    """The questions the room's latest revealed vote on each found split (read in one pass)."""
    decided: dict[str, bool] = {}
    for found in reversed(votes(plan)):
        if not found.is_revealed:
            continue
        for qid in found.questions:
            if qid not in decided:
                spread_here = spread(found, qid)
                if spread_here.ballots:
                    decided[qid] = spread_here.split
    return frozenset(qid for qid, split in decided.items() if split)


def spread_words(question: Question, found: Spread) -> str:
    """``yes 3 (Ana, Ben), no 1, not sure 1 (2 anonymous)``: counts with the names given."""
    parts = []
    for option in found.options:
        count = found.counts.get(option, 0)
        who = list(found.names.get(option, ()))
        if count and found.anonymous(option):
            who.append(f"{found.anonymous(option)} {ANONYMOUS}")
        parts.append(
            f"{option_word(question, option)} {count}" + (f" ({', '.join(who)})" if who else "")
        )
    return ", ".join(parts)


SIGN_WORDS = {"yes": "yes", "no": "no", "unsure": "not sure"}


def option_word(question: Question, option: str) -> str:
    """A short name for an option: a warning sign's ``yes`` / ``no`` / ``not sure``, else its
    label."""
    values = {c.value for c in question.choices}
    if set(SIGN_VALUES) <= values and option in SIGN_WORDS:
        return SIGN_WORDS[option]
    return question.choice_label(option)
