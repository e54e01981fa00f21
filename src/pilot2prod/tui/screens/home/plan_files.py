"""What home does to plan files, each a flow read top to bottom: ask in a dialog, act through the
store, and say in one sentence what stopped it.

Each flow waits for its dialog (``push_screen_wait``), so it runs in a worker: the screen's
actions start them. A flow returns the plan file to open or to show selected next, or None
when nothing changed. Problems are said through *screen*'s notices.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.screen import Screen

from pilot2prod.bank import version_key
from pilot2prod.errors import Pilot2ProdError
from pilot2prod.plan import Plan
from pilot2prod.store import BankFile, Listed, check_name, start_from
from pilot2prod.tui.screens.home.plan_list import PlanList


async def create(screen: Screen[Any], plans: PlanList) -> Path | None:
    """A new plan: its name, organisation and method asked, then the file made."""
    from pilot2prod.tui.dialogs import NewPlan

    answer = await screen.app.push_screen_wait(NewPlan(plans.name_problem, methods(plans)))
    if answer is None:
        return None
    name, organisation, method = answer
    try:
        bank = plans.bank if method == plans.bank.id else plans.store.named_bank(method)
    except Pilot2ProdError as exc:
        screen.notify(str(exc), severity="error", timeout=10)
        return None
    plan = Plan.new(name, bank)
    question = bank.role("organisation")
    if organisation.strip() and question is not None:
        plan.set(question, organisation)
    return _act(screen, lambda: plans.store.create(plan, bank.order))


def methods(plans: PlanList) -> list[tuple[str, str]]:
    """The methods a new plan can follow, as (bank id, title): the bank home was started with
    first, then every other built-in, bundled or kept bank (its newest version's title)."""
    found = [(plans.bank.id, plans.bank.title)]
    others: dict[str, list[BankFile]] = {}
    for file in plans.store.bank_files():
        if not file.problem and file.id and file.id != plans.bank.id:
            others.setdefault(file.id, []).append(file)
    newest = {
        bank_id: max(files, key=lambda f: (version_key(f.version), f.shipped, f.modified))
        for bank_id, files in others.items()
    }
    return found + [(bank_id, file.title or bank_id) for bank_id, file in newest.items()]


async def rename(screen: Screen[Any], plans: PlanList, entry: Listed) -> Path | None:
    """*entry*'s plan under a new name (it may keep its own)."""
    name = entry.name or ""
    new = await _ask_name(screen, "Rename plan", name, "Rename", plans, current=name)
    if new is None:
        return None
    return _act(screen, lambda: plans.store.rename(entry.path, new, plans.bank.order))


async def duplicate(screen: Screen[Any], plans: PlanList, entry: Listed) -> Path | None:
    """A copy of *entry*'s plan under a name of its own."""
    new = await _ask_name(screen, "Duplicate plan", f"{entry.name} (copy)", "Duplicate", plans)
    if new is None:
        return None
    return _act(screen, lambda: plans.store.duplicate(entry.path, new, plans.bank.order))


async def new_from(screen: Screen[Any], plans: PlanList, entry: Listed) -> Path | None:
    """A new plan with only *entry*'s reusable answers (the method: what the bank marks
    reusable, without the client's name and people), its copied texts listed to check."""
    from pilot2prod.tui.dialogs import Prompt

    name = await screen.app.push_screen_wait(
        Prompt(
            f"New plan from '{entry.name}'",
            "Name (only what the method marks reusable is copied, without the client's "
            "name and people; Review lists the copied texts to check)",
            "",
            ok="Create",
            check=plans.name_problem,
        )
    )
    if name is None:
        return None

    def create() -> Path:
        source = plans.store.load(entry.path)
        bank = plans.store.plan_bank(source)  # the new plan follows the same method
        plan = start_from(bank, source, check_name(name))
        made = plans.store.create(plan, bank.order)
        return made

    return _act(screen, create)


async def delete(screen: Screen[Any], plans: PlanList, entry: Listed) -> bool:
    """Move *entry*'s file to the trash folder, once the person says yes; whether it moved."""
    from pilot2prod.tui.dialogs import Confirm

    label = entry.name or entry.path.name
    yes = await screen.app.push_screen_wait(
        Confirm(
            f"Delete '{label}'? The file moves to the trash folder in the data "
            "directory, where you can get it back.",
            "Delete",
        )
    )
    if not yes:
        return False
    try:
        where = plans.store.trash(entry.path)
    except Pilot2ProdError as exc:
        screen.notify(f"Cannot delete it: {exc}", severity="error")
        return False
    except OSError as exc:
        screen.notify(f"Cannot move it to the trash ({exc.strerror or exc})", severity="error")
        return False
    screen.notify(f"Moved to {where}")
    return True


async def _ask_name(
    screen: Screen[Any],
    title: str,
    default: str,
    ok: str,
    plans: PlanList,
    current: str | None = None,
) -> str | None:
    """A plan name, checked against the others (*current* is the name the plan has now)."""
    from pilot2prod.tui.dialogs import Prompt

    check = lambda v: plans.name_problem(v, current)  # noqa: E731
    return await screen.app.push_screen_wait(Prompt(title, "Name:", default, ok, check))


def _act(screen: Screen[Any], act: Callable[[], Path]) -> Path | None:
    """*act* on plan files; what stopped it said in a notice."""
    try:
        return act()
    except (Pilot2ProdError, OSError) as exc:
        screen.notify(str(exc), severity="error")
        return None
