"""Rules as data: what insight computes, declared by the bank, and the defaults of each rule.

Every part is optional: a bank that declares nothing for a part gets no such part. The defaults
below are the values a declared part takes for a key it leaves out; the built-in bank writes
every value out. docs/question-bank.md documents the vocabulary.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct, field

from pilot2prod.bank.vocabulary import NUMERIC_KINDS
from pilot2prod.text import clean

DEFAULT_PLACEHOLDERS = frozenset(
    {
        "?",
        "-",
        "tbd",
        "tbc",
        "n/a",
        "na",
        "none",
        "nobody",
        "no one",
        "unknown",
        "not known",
        "not yet",
        "not agreed",
        "to be decided",
        "to be confirmed",
    }
)
"""Answers that name nothing (``[rules] placeholders``); the empty answer always counts too."""

DEFAULT_SIGN_POINTS = {"yes": 1.0, "unsure": 0.5, "no": 0.0}
DEFAULT_UNKNOWN = 0.5
DEFAULT_ASSUMED = 0.5
DEFAULT_HIGH_AT = 0.6
DEFAULT_MEDIUM_AT = 0.3
DEFAULT_STATUS_POINTS = {
    "not_started": 0.0,
    "in_progress": 0.0,
    "manual": 0.5,
    "automated": 1.0,
}
"""Readiness points of a checklist status (``not_applicable`` is always left out)."""
DEFAULT_ASSUMED_AT_MOST = 0.5
DEFAULT_GRADED_AT_MOST = {"claimed": 0.5, "documented": 1.0, "demonstrated": 1.0}
"""The most a checklist item graded so (F8) counts: a claim alone is never full readiness."""
DEFAULT_READY_AT = 0.75
DEFAULT_VERDICT = ("GO", "NO-GO")
DEFAULT_RANGE = (2.0, 3.5, 5.0)
DEFAULT_TOLERANCE = 0.10
DEFAULT_EVIDENCE_STATUS_POINTS = {"not_started": 1.0, "in_progress": 0.5}
"""What a ``status`` evidence rule counts for a status its ``points`` leave out: these, else 0."""

COMBINE = ("weakest", "average")
"""How overall readiness comes from the groups."""

EVIDENCE_KINDS: dict[str, dict[str, Any]] = {
    "named": {
        "keys": ("question",),
        "reads": ("text", "long_text", "person"),
        "says": ("unanswered", "risk", "safe"),
        "fields": ("answer",),
    },
    "choice": {
        "keys": ("question", "points", "otherwise"),
        "reads": ("choice",),
        "says": ("unanswered",),
        "fields": ("label",),
    },
    "status": {
        "keys": ("question", "points", "otherwise"),
        "reads": ("checklist",),
        "says": ("unanswered",),
        "fields": ("label",),
    },
    "amount": {
        "keys": ("question", "at_most"),
        "reads": NUMERIC_KINDS,
        "says": ("unanswered", "risk", "safe"),
        "fields": ("amount",),
    },
    "multiple": {
        "keys": ("question", "of", "at_least"),
        "reads": NUMERIC_KINDS,
        "says": ("unanswered", "risk", "safe"),
        "fields": ("ratio", "factor"),
    },
    "days_between": {
        "keys": ("from", "to", "at_least"),
        "reads": ("date",),
        "says": ("unanswered", "risk", "safe"),
        "optional_says": ("before",),
        "fields": ("days",),
    },
    "rows": {
        "keys": ("question", "complete", "need", "empty", "name_column", "unnamed"),
        "reads": ("list",),
        "says": ("empty", "risk", "safe"),
        "fields": ("count", "missing"),
    },
}
"""The kinds of evidence rule: the keys each takes (besides ``kind`` and ``says``), the question
kinds it reads, the ``says`` keys it needs and the ``{fields}`` its words may use."""


class Hashed(Struct, frozen=True):
    """A frozen record hashed by its fields but its dicts (a rule's words and points): records
    holding rules stay hashable (a bank is a dict key, or in a set), and equal ones hash alike
    (they are equal in their dicts too)."""

    def __hash__(self) -> int:
        values = (getattr(self, name) for name in self.__struct_fields__)
        return hash(tuple(value for value in values if not isinstance(value, dict)))


class Evidence(Hashed, frozen=True):
    """One evidence rule of a diagnostic step (``[[phases.steps.evidence]]``).

    ``question`` is what it reads (``of`` the second amount of ``multiple``; ``start`` and
    ``end`` are ``from`` and ``to`` of ``days_between``). ``says`` holds the words of each
    finding, with ``{field}`` places filled in.
    """

    kind: str
    says: dict[str, str]
    question: str = ""
    of: str = ""
    start: str = ""
    end: str = ""
    points: dict[str, float] = field(default_factory=dict)
    otherwise: float = 0.0
    at_most: float = 0.0
    at_least: float = 0.0
    complete: tuple[str, ...] = ()
    need: str = "any"
    empty: str = "unknown"
    name_column: str = ""
    unnamed: str = "an unnamed row"


class Diagnostic(Hashed, frozen=True):
    """How a diagnostic phase scores (``[phases.scoring]``) and each reason's evidence."""

    phase_id: str
    signs: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SIGN_POINTS))
    unknown: float = DEFAULT_UNKNOWN
    """What an unanswered warning sign or piece of evidence counts for."""
    assumed: float = DEFAULT_ASSUMED
    """A reassuring sign marked as an assumption counts at least this."""
    high_at: float = DEFAULT_HIGH_AT
    medium_at: float = DEFAULT_MEDIUM_AT
    in_hand: bool = True
    """Whether a HIGH reason lists the open actions with an owner and a date on it."""
    evidence: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)
    """Evidence rules per reason (by the diagnostic step's id), in order."""


class ReadinessRules(Hashed, frozen=True):
    """How a checklist phase scores (``[phases.scoring]``)."""

    phase_id: str
    points: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_STATUS_POINTS))
    assumed_at_most: float = DEFAULT_ASSUMED_AT_MOST
    graded_at_most: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_GRADED_AT_MOST))
    """The most an item counts per evidence grade; an item with no grade is not capped."""
    combine: str = "weakest"
    ready_at: float = DEFAULT_READY_AT
    zero_blocks: bool = True
    verdict: tuple[str, str] = DEFAULT_VERDICT
    """The words of the verdict: (go, no go)."""


class BudgetRules(Struct, frozen=True):
    """The budget reality check (``[budget]``)."""

    pilot_cost: str
    production: str
    range: tuple[float, float, float] = DEFAULT_RANGE
    """Low, middle and high multiples of the pilot cost that production usually costs."""
    one_off: tuple[tuple[str, str], ...] = ()
    """The one-off cost lines: (question id, label)."""
    yearly: str = ""
    """The yearly cost of running the system (a question id), or "" for none."""
    tolerance: float = DEFAULT_TOLERANCE


class TimelineRules(Struct, frozen=True):
    """The timeline's dates (``[timeline]``): the first phase starts at ``start``."""

    start: str = ""
    milestones: tuple[tuple[str, str], ...] = ()
    """(question id, label) of each milestone, in order."""


def placeholder_key(text: str) -> str:
    """How an answer is compared with the placeholders: as it is shown (control characters
    removed, :func:`~pilot2prod.text.clean`), lower-cased, trimmed of " .!", inner spaces
    collapsed."""
    return " ".join(clean(text).lower().strip(" .!").split())
