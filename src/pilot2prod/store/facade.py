"""``Store``: the one object the app and the command line hold for a data directory.

It makes the parts of the store and hands every call to the part that does it, in one line:
the docstring of each method is on the part's method (``store.plans.find``, ``store.history
.snapshot`` ...). A new job belongs in a part (or a new module of this package), with one line
here only when callers outside the store need it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pilot2prod.bank import Bank
from pilot2prod.fileio import FileLock
from pilot2prod.keymap import Keymap
from pilot2prod.locks import Holder, Locks, Place
from pilot2prod.plan import Plan
from pilot2prod.store.banks import BankFile, Banks
from pilot2prod.store.history import History, Version
from pilot2prod.store.importing import import_file as import_plan_file
from pilot2prod.store.index import Index, Listed, SummaryKey
from pilot2prod.store.locations import DataDir, resolve_data_dir
from pilot2prod.store.plans import Plans
from pilot2prod.store.recovery import Recoveries, Recovery
from pilot2prod.store.settings import Settings
from pilot2prod.store.templates import Templates
from pilot2prod.store.windows import Saved, Stamp, Windows, file_stamp


class Store:
    """The plans of one data directory, and everything kept beside them."""

    def __init__(self, root: Path, *, cache: Path | None = None) -> None:
        """The store of the data directory *root*; *cache*, a cache folder where banks read as
        TOML are kept for the next run (the command line gives the user's)."""
        self.data = DataDir(Path(root))
        self.windows = Windows(self.data)
        self.history = History(self.data, self.windows)
        self.index = Index(self.data, self.history)
        self.plans = Plans(self.data, self.index, self.windows)
        self.recovery = Recoveries(self.data, self.windows)
        self.templates = Templates(self.data, self.plans)
        self.settings_file = Settings(self.data)
        self.banks = Banks(self.data, cache)

    @classmethod
    def open(
        cls, override: str | os.PathLike[str] | None = None, *, cache: Path | None = None
    ) -> Store:
        return cls(resolve_data_dir(override), cache=cache)

    # --- Where things are (locations.py) --------------------------------------------------------

    @property
    def root(self) -> Path:
        return self.data.root

    @property
    def plans_dir(self) -> Path:
        return self.data.plans_dir

    @property
    def index_path(self) -> Path:
        return self.data.index_path

    @property
    def settings_path(self) -> Path:
        return self.data.settings_path

    @property
    def trash_dir(self) -> Path:
        return self.data.trash_dir

    @property
    def templates_dir(self) -> Path:
        return self.data.templates_dir

    @property
    def banks_dir(self) -> Path:
        return self.data.banks_dir

    def check(self) -> None:
        self.data.check()

    def files(self) -> list[Path]:
        return self.data.files()

    # --- The plans and their list (plans.py, index.py) ------------------------------------------

    def listing(
        self, summarise: Callable[[Plan], dict[str, Any]] | None = None, key: SummaryKey = ""
    ) -> list[Listed]:
        return self.index.listing(summarise, key)

    def listing_per_bank(
        self, summary: Callable[[Bank, Plan], dict[str, Any]], key: Callable[[Bank], str]
    ) -> list[Listed]:
        """Every plan, each summed up with its own bank (see ``Banks.per_plan``)."""
        return self.index.listing(*self.banks.per_plan(summary, key))

    def find(self, name: str) -> Path:
        return self.plans.find(name)

    def create(self, plan: Plan, order: Sequence[str] = ()) -> Path:
        return self.plans.create(plan, order)

    def load(self, path: Path) -> Plan:
        return self.plans.load(path)

    def rename(self, path: Path, new_name: str, order: Sequence[str] = ()) -> Path:
        return self.plans.rename(path, new_name, order)

    def duplicate(self, path: Path, new_name: str, order: Sequence[str] = ()) -> Path:
        return self.plans.duplicate(path, new_name, order)

    def trash(self, path: Path) -> Path:
        return self.plans.trash(path)

    def import_file(
        self, source: Path, bank: Bank, *, name: str | None = None, keep_invalid: bool = False
    ) -> Path:
        return import_plan_file(self.plans, source, bank, name=name, keep_invalid=keep_invalid)

    # --- Where a new plan starts (templates.py) -------------------------------------------------

    def find_source(self, other: str) -> Path:
        return self.templates.find_source(other)

    def demo(self, example: Path, order: Sequence[str] = ()) -> Path:
        return self.templates.demo(example, order)

    # --- The banks plans are made with (banks.py) ---------------------------------------------

    def bank_files(self) -> list[BankFile]:
        return self.banks.files()

    def keep_bank(self, bank: Bank) -> str | None:
        return self.banks.keep(bank)

    def plan_bank(self, plan: Plan, at_hand: Bank | None = None) -> Bank:
        return self.banks.for_plan(plan, at_hand)

    def find_bank(self, bank_id: str, version: str = "", digest: str = "") -> Bank:
        return self.banks.find(bank_id, version, digest)

    def named_bank(self, wanted: str) -> Bank:
        return self.banks.named(wanted)

    # --- Windows, locks and saving (windows.py) -------------------------------------------------

    @property
    def locks(self) -> Locks:
        return self.windows.locks

    def take_edit_lock(self, path: Path) -> tuple[FileLock | None, Holder | None]:
        return self.windows.take_edit_lock(path)

    def window_lock(self, path: Path, role: str) -> FileLock | None:
        return self.windows.window_lock(path, role)

    close_window = staticmethod(Windows.close_window)
    say_place = staticmethod(Locks.say_place)
    stamp = staticmethod(file_stamp)

    def editing_place(self, path: Path) -> Place | None:
        return self.windows.editing_place(path)

    def editing_window_place(self, path: Path) -> Place | None:
        return self.windows.editing_window_place(path)

    def other_windows(self, path: Path) -> list[tuple[str, Holder]]:
        return self.windows.other_windows(path)

    def save(
        self, plan: Plan, path: Path, order: Sequence[str] = (), *, touch: bool = True
    ) -> None:
        self.windows.save(plan, path, order, touch=touch)

    def save_merged(
        self, plan: Plan, base: Plan, path: Path, order: Sequence[str], *, stamp: Stamp
    ) -> Saved:
        return self.windows.save_merged(plan, base, path, order, stamp=stamp)

    def reload(self, plan: Plan, base: Plan, path: Path, stamp: Stamp) -> Saved | None:
        return self.windows.reload(plan, base, path, stamp)

    def position(self, path: Path) -> str | None:
        return self.windows.position(path)

    def left_at(self, path: Path) -> Place | None:
        return self.windows.left_at(path)

    def save_position(self, path: Path, step_id: str, question_id: str | None = None) -> None:
        self.windows.save_position(path, step_id, question_id)

    # --- Versions (history.py) ------------------------------------------------------------------

    def history_dir(self, path: Path) -> Path:
        return self.history.history_dir(path)

    def versions(self, path: Path) -> list[Version]:
        return self.history.versions(path)

    def version_plan(self, version: Version) -> Plan:
        return self.history.version_plan(version)

    def snapshot(
        self, path: Path, order: Sequence[str] = (), label: str = "", *, plan: Plan | None = None
    ) -> Version | None:
        return self.history.snapshot(path, order, label, plan=plan)

    def find_version(self, path: Path, wanted: str) -> Version:
        return self.history.find_version(path, wanted)

    def restore_version(self, path: Path, version: Version, order: Sequence[str] = ()) -> Version:
        return self.history.restore_version(path, version, order)

    # --- What crashes leave behind (recovery.py) ------------------------------------------------

    def save_recovery(self, plan: Plan, base: Plan, path: Path, order: Sequence[str]) -> Path:
        return self.recovery.save_recovery(plan, base, path, order)

    def recoveries(self, path: Path | None = None) -> list[Recovery]:
        return self.recovery.recoveries(path)

    def restore(self, recovery: Recovery, order: Sequence[str] = ()) -> Saved:
        return self.recovery.restore(recovery, order)

    discard = staticmethod(Recoveries.discard)

    def tidy(self) -> None:
        self.recovery.tidy()

    # --- Settings (settings.py) -----------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        return self.settings_file.settings()

    def save_settings(self, **changes: str) -> None:
        self.settings_file.save_settings(**changes)

    def keymap(self) -> Keymap:
        return self.settings_file.keymap()
