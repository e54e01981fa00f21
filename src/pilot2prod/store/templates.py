"""What a new plan starts from: a template in ``<data dir>/templates/``, another plan or plan
file (``new --from OTHER``), or the bundled example (``demo``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

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
