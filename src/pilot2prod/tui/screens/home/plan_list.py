"""The plans home lists: read through the store (their summaries from its index), last updated
first, narrowed by what is typed in the filter; and the names a new or renamed plan may take."""

from __future__ import annotations

from pilot2prod.bank import Bank
from pilot2prod.errors import Pilot2ProdError
from pilot2prod.plan import Plan
from pilot2prod.store import Listed, Store, check_name, sort_listed
from pilot2prod.summaries import summary_key


class PlanList:
    """The plans of one data directory, as home shows them. Not a widget: the screen draws it."""

    def __init__(self, store: Store, bank: Bank) -> None:
        self.store = store
        self.bank = bank
        self.entries: list[Listed] = []
        """Every plan file, last updated first (unreadable ones last)."""
        self.filter = ""
        """What the list is narrowed to (in the plan's name or organisation), or empty."""

    def read(self) -> Pilot2ProdError | None:
        """Read the list of plans into :attr:`entries`; the problem when it cannot be read."""
        try:  # each plan summed up with its own bank
            self.entries = self.store.listing_per_bank(summarise, summary_key)
        except Pilot2ProdError as exc:
            self.entries = []
            return exc
        self.entries = sort_listed(self.entries, "updated")
        return None

    @property
    def shown(self) -> list[Listed]:
        """The plans the list shows: all of them, or those the filter matches."""
        wanted = self.filter.casefold().strip()
        if not wanted:
            return self.entries
        return [e for e in self.entries if wanted in searchable(e)]

    def name_problem(self, name: str, current: str | None = None) -> str | None:
        """Why *name* cannot be a plan's name here (empty, or another plan's), or None.
        *current* is the name of the plan being renamed: it may keep it."""
        try:
            cleaned = check_name(name)
        except Pilot2ProdError as exc:
            return str(exc)
        for entry in self.entries:
            clash = entry.name and entry.name.casefold() == cleaned.casefold()
            renaming_itself = current is not None and cleaned.casefold() == current.casefold()
            if clash and not renaming_itself:
                return f"a plan named '{entry.name}' already exists"
        return None


def summarise(bank: Bank, plan: Plan) -> dict[str, object]:
    """A plan's summary, worked out by insight, loaded only now: most come from the index."""
    from pilot2prod import insight

    return insight.summary(bank, plan)


def searchable(entry: Listed) -> str:
    """What the filter looks in: the plan's name, its organisation and its file name."""
    organisation = (entry.summary or {}).get("organisation") or ""
    return f"{entry.name or ''} {organisation} {entry.path.name}".casefold()
