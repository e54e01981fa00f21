"""What :review and :dashboard print: the plan's state and figures as plain lines."""

from __future__ import annotations

from pilot2prod import insight
from pilot2prod.bank import Bank
from pilot2prod.plan import Plan, currency, progress, step_state, to_fix, visible_questions
from pilot2prod.values import format_number

STATES = {"done": "done", "partly": "partly answered", "empty": "not started", "fix": "to fix"}


def review_lines(bank: Bank, plan: Plan) -> list[str]:
    """What is answered, what is open and what is to fix, step by step."""
    done = progress(bank, plan)
    fixes = to_fix(bank, plan)
    lines = [
        f"Review of '{plan.name}': {done.percent}% answered ({done.answered} of {done.total}), "
        f"{len(done.open_required)} required question{'s' if len(done.open_required) != 1 else ''}"
        f" open, {len(fixes)} answer{'s' if len(fixes) != 1 else ''} to fix."
    ]
    total = len(bank.steps)
    for number, step in enumerate(bank.steps, 1):
        shown = visible_questions(bank, plan, step)
        if not shown:
            continue
        state = STATES.get(step_state(bank, plan, step), "")
        lines.append(f"  Step {number} of {total}: {step.title}: {state}")
    if fixes:
        lines.append("To fix:")
        lines += [f"  - {f.question.prompt}: '{f.typed}' ({f.problem})" for f in fixes]
    if done.open_required:
        lines.append("Required and not answered:")
        lines += [f"  - {q.prompt}" for q in done.open_required]
    return lines


def dashboard_lines(bank: Bank, plan: Plan) -> list[str]:
    """The plan's headline figures (the dashboard's and the export's), one a line."""
    money = currency(bank, plan)
    found = insight.assess(bank, plan, money=lambda v: format_number(v, "money", money))
    lines = [f"Dashboard of '{plan.name}':"]
    lines += [f"  {label}: {text}" for label, text in found.figures.rows()]
    lines += [f"  ! {warning}" for warning in found.warnings]
    return lines
