"""The question bank: load and validate a bank TOML file into frozen records (msgspec structs).

The bank is data. A phase (``[[phases]]``) holds steps (``[[phases.steps]]``), a step holds
questions (``[[phases.steps.questions]]``). Phases come in four kinds: ``basics`` (who and what
the plan is about), ``phase`` (the five numbered phases of the playbook), ``diagnostic`` (one step
per reason pilots stall, its questions the warning signs, its ``fix`` the remedy) and
``checklist`` (one step per group of the production-readiness checklist).

:func:`load_bank` reports every problem of a bank at once, each naming the file and the id.
docs/question-bank.md documents the format.

The parts, each importing only the parts below it (pyproject.toml's import-linter contract):

* ``loader.py``: :func:`load_bank` and :class:`BankError`; the parser of phases, steps, questions,
  choices, columns and conditions;
* ``rules_loader.py``: the rules a bank declares, read and checked: ``[rules]`` placeholders,
  the diagnostic's and the checklist's ``[phases.scoring]``, ``[budget]``, ``[timeline]``,
  ``[roles]``;
* ``evidence_loader.py``: a diagnostic step's evidence rules, read and checked;
* ``reader.py``: what the parser's parts share: the list of problems, and typed reads of values;
* ``model.py``: :class:`Bank` and its phases, steps and questions, as the product reads them;
* ``rules.py``: the rules as data (:class:`Diagnostic`, :class:`Evidence`,
  :class:`ReadinessRules`, :class:`BudgetRules`, :class:`TimelineRules`) and their defaults;
* ``vocabulary.py``: the format's own words: question and phase kinds, tables, roles, statuses;
* ``versions.py``: :func:`version_key` and :func:`content_hash`, how banks are told apart.

Every name other modules use is importable from ``pilot2prod.bank``.
"""

from pilot2prod.bank.loader import BankError, load_bank
from pilot2prod.bank.model import (
    Bank,
    ChecklistItem,
    Choice,
    Column,
    Condition,
    FailureMode,
    Phase,
    Question,
    Step,
)
from pilot2prod.bank.rules import (
    COMBINE,
    DEFAULT_ASSUMED,
    DEFAULT_ASSUMED_AT_MOST,
    DEFAULT_EVIDENCE_STATUS_POINTS,
    DEFAULT_GRADED_AT_MOST,
    DEFAULT_HIGH_AT,
    DEFAULT_MEDIUM_AT,
    DEFAULT_PLACEHOLDERS,
    DEFAULT_RANGE,
    DEFAULT_READY_AT,
    DEFAULT_SIGN_POINTS,
    DEFAULT_STATUS_POINTS,
    DEFAULT_TOLERANCE,
    DEFAULT_UNKNOWN,
    DEFAULT_VERDICT,
    EVIDENCE_KINDS,
    BudgetRules,
    Diagnostic,
    Evidence,
    ReadinessRules,
    TimelineRules,
    placeholder_key,
)
from pilot2prod.bank.versions import content_hash, version_key
from pilot2prod.bank.vocabulary import (
    BANK_TABLES,
    CHECKLIST_STATUSES,
    COLUMN_KINDS,
    EVIDENCE_GRADES,
    GATE_VALUES,
    KINDS,
    META_FIELDS,
    NUMERIC_KINDS,
    PHASE_KINDS,
    ROLES,
    SIGN_VALUES,
)

__all__ = [
    "BANK_TABLES",
    "CHECKLIST_STATUSES",
    "COLUMN_KINDS",
    "COMBINE",
    "DEFAULT_ASSUMED",
    "DEFAULT_ASSUMED_AT_MOST",
    "DEFAULT_EVIDENCE_STATUS_POINTS",
    "DEFAULT_GRADED_AT_MOST",
    "DEFAULT_HIGH_AT",
    "DEFAULT_MEDIUM_AT",
    "DEFAULT_PLACEHOLDERS",
    "DEFAULT_RANGE",
    "DEFAULT_READY_AT",
    "DEFAULT_SIGN_POINTS",
    "DEFAULT_STATUS_POINTS",
    "DEFAULT_TOLERANCE",
    "DEFAULT_UNKNOWN",
    "DEFAULT_VERDICT",
    "EVIDENCE_GRADES",
    "EVIDENCE_KINDS",
    "GATE_VALUES",
    "KINDS",
    "META_FIELDS",
    "NUMERIC_KINDS",
    "PHASE_KINDS",
    "ROLES",
    "SIGN_VALUES",
    "Bank",
    "BankError",
    "BudgetRules",
    "ChecklistItem",
    "Choice",
    "Column",
    "Condition",
    "Diagnostic",
    "Evidence",
    "FailureMode",
    "Phase",
    "Question",
    "ReadinessRules",
    "Step",
    "TimelineRules",
    "content_hash",
    "load_bank",
    "placeholder_key",
    "version_key",
]
