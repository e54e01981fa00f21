"""Home in line mode: the plans as a numbered list, and a new one."""

from __future__ import annotations

from pilot2prod.bank import Bank
from pilot2prod.errors import Pilot2ProdError
from pilot2prod.line.opening import EXIT_OK, Lines, walk_plan
from pilot2prod.plan import Plan
from pilot2prod.store import Store, check_name


def home(store: Store, bank: Bank, lines: Lines | None = None) -> int:
    """List the plans, numbered, with "New plan" last; walk the one chosen. *bank* is for a
    new plan; each plan listed opens with its own."""
    lines = lines or Lines.standard()
    listed = [entry for entry in store.listing() if entry.error is None]
    listed.sort(key=lambda entry: entry.updated, reverse=True)
    options = [
        (
            str(index),
            f"{entry.name or entry.path.stem} (updated "
            f"{entry.updated.replace('T', ' ').removesuffix('Z')} UTC)",
        )
        for index, entry in enumerate(listed)
    ]
    options += [("new", "New plan"), ("quit", "Quit")]
    title = "Plans" if listed else f"No plans yet in {store.plans_dir}."
    choice = lines.choose(title, "", options)
    if choice is None or choice == "quit":
        return EXIT_OK
    if choice != "new":
        path = listed[int(choice)].path
        return walk_plan(store, store.plan_bank(store.load(path)), path, lines)
    while True:
        lines.out.prompt("Name of the new plan: ")
        line = lines.source.next()
        if line is None or not line.text.strip():
            lines.out.say("No name given: no plan was created.")
            return EXIT_OK
        try:
            plan = Plan.new(check_name(line.text), bank)
            path = store.create(plan, bank.order)
        except Pilot2ProdError as exc:
            lines.out.say(str(exc))
            continue
        lines.out.say(f"Created {path.name}.")
        return walk_plan(store, bank, path, lines)
