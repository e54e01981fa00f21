"""What a new plan starts from: a template in ``<data dir>/templates/``, another plan or plan
file (``new --from OTHER``), or the bundled example (``demo``)."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct

from pilot2prod import text
from pilot2prod.bank import Bank, Question
from pilot2prod.plan import Answer, Plan
from pilot2prod.store.locations import PLAN_SUFFIX, DataDir
from pilot2prod.store.names import slugify
from pilot2prod.store.planfile import read_plan
from pilot2prod.store.plans import Plans


class Templates:
    """The templates of one data directory, and the sources a new plan can start from."""

    def __init__(self, data: DataDir, plans: Plans) -> None:
        self.data = data
        self.plans = plans

    @property
    def templates_dir(self) -> Path:
        return self.data.templates_dir

    def find_source(self, other: str) -> Path:
        """What ``new --from OTHER`` starts from: a plan or template file at that path, a
        template in ``<data dir>/templates/`` (by name or file name), or a plan by name."""
        given = Path(other).expanduser()
        if given.suffix == PLAN_SUFFIX and given.is_file():
            return given
        for candidate in (
            self.templates_dir / f"{slugify(other)}{PLAN_SUFFIX}",
            self.templates_dir / other,
        ):
            if candidate.suffix == PLAN_SUFFIX and candidate.is_file():
                return candidate
        return self.plans.find(other)

    def demo(self, example: Path, order: Sequence[str] = ()) -> Path:
        """The data dir's copy of the bundled example (made on first use; the original stays)."""
        plan = read_plan(example)
        for entry in self.plans.index.listing():
            if entry.name == plan.name:
                return entry.path
        return self.plans.create(plan, order)


# --- What a new plan copies from another: the method, not the client ------------------------------

START_MODES = ("reusable", "all", "blank")

# A word list reads best as words, hence the split (SIM905).
GENERIC_WORDS = frozenset(
    """
    a an and the of for in on at to by de du la le
    ltd limited inc incorporated llc llp lp plc pty gmbh ag sa sas nv bv co corp corporation
    company companies group holding holdings partners partnership associates enterprises
    industries international national global worldwide
    council city county borough district region regional state federal government municipal
    authority agency board commission office department dept ministry parish town
    bank banking insurance assurance mutual trust fund capital finance financial
    services service solutions systems society association foundation federation union
    cooperative operative charity
    university college school institute academy hospital hospitals clinic nhs health care
    healthcare st saint north south east west
    """.split()  # noqa: SIM905
)
"""Words of an organisation's name that name nobody in particular: a copied text may say
"City data team" for a plan of "Harbour City Council". Every other word of the name (and the
name itself) marks a text as the client's. Compared in lower case. The one list of them."""


ANOTHER_CLIENT = "another client's plan"
"""What a new plan says its copied texts came from when the source's name names its client."""


class Copied(Struct, frozen=True):
    """A text a plan started from another copied, to check for the other client's details."""

    key: str
    question: str
    column: str
    """The register's column, ``owner`` for a checklist item's owner, "" for a whole answer."""
    text: str
    source: str
    """The name of the plan (or template) it came from."""
    row: int = 0
    """The register's row it stands in now (from 1), 0 for an answer."""


class ClientWords:
    """What names the source plan's client: its organisation's name, each word of that name
    that is not generic (GENERIC_WORDS), and the names of its people; found in a text in any
    case, on whole words only ("Harbour" is not found in "Harbourside")."""

    def __init__(self, organisation: str, people: Iterable[str]) -> None:
        people = list(people)
        phrases = {" ".join(organisation.split()).lower()}
        phrases |= {
            word
            for word in re.findall(r"\w+", organisation.lower())
            if word not in GENERIC_WORDS and len(word) > 1 and not word.isdigit()
        }
        phrases |= {" ".join(name.split()).lower() for name in people}
        self.phrases = sorted(p for p in phrases if p)
        self._pattern = _words_pattern(self.phrases, re.IGNORECASE)
        # One part of a person's name alone ("ask Okafor", "as Helena wants"), written as a
        # name is (capitalised, or in capitals); not a part that is also a common word.
        parts = {
            part
            for name in people
            if len(name.split()) > 1
            for part in name.lower().split()
            if len(part) >= 3 and part.isalpha() and part not in COMMON_NAME_WORDS
        }
        self.name_parts = sorted(parts)
        self._parts = _words_pattern(
            sorted({form for part in parts for form in (part.capitalize(), part.upper())}), 0
        )

    def found_in(self, value: str) -> bool:
        """Whether *value* names the client (its organisation or one of its people)."""
        return any(p is not None and p.search(value) for p in (self._pattern, self._parts))


def _words_pattern(phrases: Sequence[str], flags: int) -> re.Pattern[str] | None:
    """A pattern finding any of *phrases* on whole words (None for no phrase)."""
    if not phrases:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", flags)


COMMON_NAME_WORDS = frozenset(
    """
    will may mark bill rose joy hope grace faith page grant summer april june august frank
    guy pat ray dawn chase hunter king young long white black brown green gray grey price
    cook wood hill stone bell ward hall lane rich sharp best power love case field north
    south west east van von der den del della bin ben mac lead head
    """.split()  # noqa: SIM905
)
"""Parts of people's names that are also everyday words: one of them alone does not name a
person (a full name still does)."""


def start_from(bank: Bank, source: Plan, name: str, keep: str = "reusable") -> Plan:
    """A new plan named *name* that starts from *source* (another plan, or a template).

    ``reusable`` (the default) copies only what the bank marks reusable, and of that only what
    does not name the client (:class:`ClientWords`): amounts and other answers marked
    ``reusable = true``; of a register marked so, the cells of its columns marked
    ``reusable = true`` (never a person column); checklist owners that are roles or teams
    ("role, name" keeps the role). Every text copied is listed in the new plan's ``copied``
    table, to check, with the source's name (ANOTHER_CLIENT when that name names the client).
    Left out: the organisation, people, dates, the use case, every other answer, the workshop
    record and tables this version does not know.
    ``all`` copies every answer, draft, note and sureness mark (not the actions, parking lot or
    workshop log of the source's workshops) and lists nothing to check: the person asked for
    the client's details too. ``blank`` copies nothing.
    """
    if keep not in START_MODES:
        raise ValueError(f"unknown start mode {keep!r}")
    plan = Plan.new(name, bank)
    if keep == "blank":
        return plan
    if keep == "all":
        plan.answers = copy.deepcopy(source.answers)
        plan.drafts = dict(source.drafts)
        plan.notes = source.notes
        plan.sureness = copy.deepcopy(source.sureness)
        return plan
    client = ClientWords(_organisation(bank, source), _people(bank, source))
    # Where the texts came from, unless its name names that client: the review may be shown
    # to the new client on a projector.
    origin = ANOTHER_CLIENT if client.found_in(source.name) else source.name

    def note(key: str, question: Question, column: str, value: str) -> None:
        entry = {"question": question.id, "column": column, "text": value, "from": origin}
        plan.copied[key] = {k: v for k, v in entry.items() if v}

    for question in bank.questions():
        value = source.answers.get(question.id)
        if value is None or question.reusable is None or question.kind == "person":
            continue
        if question.kind == "checklist":
            owner = value.get("owner") if isinstance(value, dict) else None
            # A role or a team, not a name: "Information security, Mark Ellison" keeps the
            # part before the comma; an owner who is one of the plan's people is left out.
            role = owner.split(",")[0].strip() if isinstance(owner, str) else ""
            kept = dict(value) if question.reusable == "all" and isinstance(value, dict) else {}
            kept.pop("owner", None)
            if role and not client.found_in(role):
                kept["owner"] = role
                note(question.id, question, "owner", role)
            if kept:
                plan.answers[question.id] = copy.deepcopy(kept)
        elif question.kind == "list":
            rows = _reusable_rows(question, value, client)
            if rows:
                plan.answers[question.id] = rows
                for number, row in enumerate(rows, start=1):
                    for column, cell in row.items():
                        if isinstance(cell, str):
                            note(f"{question.id}-{number}-{column}", question, column, cell)
        elif isinstance(value, str):
            if not client.found_in(value):
                plan.answers[question.id] = value
                note(question.id, question, "", value)
        else:
            plan.answers[question.id] = copy.deepcopy(value)
    return plan


def _reusable_rows(question: Question, value: Answer, client: ClientWords) -> list[dict[str, Any]]:
    """A register's rows with only the cells of its reusable columns that do not name the
    client; rows left with nothing are dropped."""
    columns = [c.id for c in question.columns if c.reusable and c.kind != "person"]
    rows: list[dict[str, Any]] = []
    for row in value if isinstance(value, list) else []:
        if not isinstance(row, dict):
            continue
        kept = {
            column: copy.deepcopy(row[column])
            for column in columns
            if column in row
            and str(row[column]).strip()
            and not (isinstance(row[column], str) and client.found_in(row[column]))
        }
        if kept:
            rows.append(kept)
    return rows


def to_check(bank: Bank, plan: Plan) -> list[Copied]:
    """The copied texts still as they were copied (one edited or gone is checked), in the
    bank's order: what the review lists as "copied from OTHER: check for client details"."""
    position = {qid: n for n, qid in enumerate(bank.order)}
    found: list[Copied] = []
    for key, entry in plan.copied.items():
        qid, column, copied = entry.get("question"), entry.get("column", ""), entry.get("text")
        question = bank.question(qid) if isinstance(qid, str) else None
        if question is None or not isinstance(copied, str) or not isinstance(column, str):
            continue
        value = plan.get(question)
        row = 0
        if question.kind == "list":
            rows = value if isinstance(value, list) else []
            row = next(
                (
                    n
                    for n, r in enumerate(rows, 1)
                    if isinstance(r, dict) and r.get(column) == copied
                ),
                -1,
            )
            there = row > 0
        elif column:
            there = isinstance(value, dict) and value.get(column) == copied
        else:
            there = value == copied
        if there:
            source = str(entry.get("from", ""))
            found.append(Copied(key, question.id, column, copied, source, row))
    order = {key: n for n, key in enumerate(plan.copied)}
    found.sort(key=lambda c: (position.get(c.question, len(position)), order[c.key]))
    return found


def mark_checked(plan: Plan, question_id: str) -> int:
    """The texts copied into *question_id*'s answer are checked: their records go. How many."""
    gone = [key for key, entry in plan.copied.items() if entry.get("question") == question_id]
    for key in gone:
        del plan.copied[key]
    return len(gone)


def copied_label(bank: Bank, item: Copied) -> str:
    """Where a copied text is, in words: "Technical debt › row 1 › Shortcut in the pilot"."""
    question = bank.question(item.question)
    if question is None:
        return item.question
    where = bank.step_of(question.id).title
    if question.kind == "list":
        label = next((c.label for c in question.columns if c.id == item.column), item.column)
        return f"{where} › row {item.row} › {label}"
    if item.column:
        return f"{where} › {question.prompt} › {item.column.capitalize()}"
    return f"{where} › {question.prompt}"


def _organisation(bank: Bank, plan: Plan) -> str:
    """The organisation the plan is for, as answered ("" when it is not)."""
    question = bank.role("organisation")
    value = plan.get(question) if question is not None else None
    return value if isinstance(value, str) else ""


def _people(bank: Bank, plan: Plan) -> set[str]:
    """The names of the people a plan mentions in its person answers and person columns, and
    its attendees (the first column of the list, or each line of the text, that holds the
    ``attendees`` role): ``Helena Marsh`` from ``Helena Marsh, Chief Claims Officer``, both of
    "Helena Marsh and Priya Nair"; in lower case."""
    found: list[str] = []
    attendees = bank.role("attendees")
    for question in bank.questions():
        value = plan.answers.get(question.id)
        attended = attendees is not None and question.id == attendees.id
        if isinstance(value, str) and (question.kind == "person" or attended):
            found += value.splitlines()
        elif question.kind == "list" and isinstance(value, list):
            columns = {c.id for c in question.columns if c.kind == "person"}
            if attended and question.columns:
                columns.add(question.columns[0].id)  # who attended: a name first
            found += [
                str(row[k]) for row in value if isinstance(row, dict) for k in columns if k in row
            ]
    names: set[str] = set()
    for value in found:
        for part in re.split(r"\s*(?:;|/|&|\band\b)\s*", text.clean(value)):
            pieces = [" ".join(p.split("(")[0].split()) for p in part.split(",")]
            named = [p for p in pieces if _looks_like_a_name(p)]
            # "Role, Name" or "Name, Role": the pieces that look like a name; else the first.
            for piece in named or pieces[:1]:
                names.add(piece.lower())
    return {name for name in names if len(name) >= 3}


ROLE_WORDS = frozenset(
    """
    officer manager director head lead leader team chief owner analyst engineer scientist
    architect sponsor admin administrator specialist consultant partner president secretary
    coordinator board committee department desk service services support operations group
    unit office council ceo cio cto cfo coo cdo vp
    """.split()  # noqa: SIM905
)
"""Words that make a piece of a person cell a role or a team, not a person's name."""


def _looks_like_a_name(piece: str) -> bool:
    """Two to four capitalised words with no role word: ``Daniel Reyes``, not
    ``Compliance officer`` or ``Chief Claims Officer``."""
    words = piece.split()
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and not any(w.lower().strip(".") in ROLE_WORDS for w in words)
    )
