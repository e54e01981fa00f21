"""Importing a plan file from elsewhere: checked against the question bank, copied into plans/."""

from __future__ import annotations

from pathlib import Path

from pilot2prod import text
from pilot2prod.bank import Bank
from pilot2prod.errors import PlanExistsError, WrongTypesError
from pilot2prod.plan import normalise_dates, wrong_types
from pilot2prod.store.names import check_name
from pilot2prod.store.planfile import read_plan
from pilot2prod.store.plans import Plans


def import_file(
    plans: Plans,
    source: Path,
    bank: Bank,
    *,
    name: str | None = None,
    keep_invalid: bool = False,
) -> Path:
    """Check a plan file from elsewhere against *bank* and copy it (cleaned) into *plans*.

    An answer whose value cannot hold its question's kind (text for an amount, a table for
    a date) refuses the file, each one named, unless *keep_invalid*: then they are kept as
    they are, as answers to fix. *name* imports the plan under another name.
    """
    plan = read_plan(source)
    normalise_dates(bank, plan)
    problems = wrong_types(bank, plan)
    if problems and not keep_invalid:
        raise WrongTypesError(
            source,
            [
                f"{source.name}: answers.{text.for_terminal(qid)}: {problem}"
                for qid, problem in problems
            ],
        )
    if name is not None:
        plan.name = check_name(name)
    try:
        return plans.create(plan, [q.id for q in bank.questions()])
    except PlanExistsError as exc:
        hint = "" if name is not None else "; add --as NAME to import it under another name"
        raise PlanExistsError(f"{exc}{hint}") from None
