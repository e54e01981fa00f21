"""Where a data directory is, and the folders and files it holds.

The data directory is, in order of precedence, ``--data-dir``, the ``PILOT2PROD_DATA_DIR``
environment variable, or platformdirs' user data directory for ``pilot2prod``. Every part of
the store finds its folder through :class:`DataDir`; docs/file-format.md shows the layout.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from msgspec import Struct

from pilot2prod.errors import DataDirError
from pilot2prod.fileio import make_private_dir

ENV_VAR = "PILOT2PROD_DATA_DIR"
APP_NAME = "pilot2prod"
PLAN_SUFFIX = ".toml"


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: *override*, else ``$PILOT2PROD_DATA_DIR``, else the platform default."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return default_data_dir()


class DataDir(Struct, frozen=True):
    """One data directory: ``plans/`` and everything kept beside it."""

    root: Path

    @property
    def plans_dir(self) -> Path:
        return self.root / "plans"

    @property
    def index_path(self) -> Path:
        return self.root / "index.json"

    @property
    def locks_dir(self) -> Path:
        return self.root / "locks"

    @property
    def state_dir(self) -> Path:
        """Each plan's place (the step it was left at), kept out of the plan file."""
        return self.root / "state"

    @property
    def history_root(self) -> Path:
        return self.root / "history"

    @property
    def recovery_dir(self) -> Path:
        return self.root / "recovery"

    @property
    def settings_path(self) -> Path:
        return self.root / "settings.toml"

    @property
    def trash_dir(self) -> Path:
        return self.root / "trash"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def banks_dir(self) -> Path:
        """The question banks plans were made with, kept by id, version and content hash."""
        return self.root / "banks"

    def check(self) -> None:
        """Raise DataDirError ("cannot read DIR: REASON") when the data directory or plans/ is
        there but cannot be used: not a folder, a link that loops or leads nowhere, or a folder
        that cannot be listed. Missing ones are fine (they are made when needed)."""
        for folder in (self.root, self.plans_dir):
            problem = _folder_problem(folder, listed=folder == self.plans_dir)
            if problem:
                raise DataDirError(f"cannot read {folder}: {problem}")

    def ensure(self) -> Path:
        """plans/ (and the data directory), created as private folders when missing."""
        self.check()
        try:
            make_private_dir(self.plans_dir)
        except OSError as exc:
            raise DataDirError(
                f"the data directory {self.plans_dir} cannot be created ({exc.strerror or exc})"
            ) from None
        return self.plans_dir

    def files(self) -> list[Path]:
        """Every ``*.toml`` name in plans/ that is not hidden: files, and what only looks like
        one (a folder, a link to nothing), which the listing reports."""
        self.check()
        if not self.plans_dir.is_dir():
            return []
        try:
            names = list(self.plans_dir.iterdir())
        except OSError as exc:
            raise DataDirError(f"cannot read {self.plans_dir}: {exc.strerror or exc}") from None
        plans = [p for p in names if p.suffix == PLAN_SUFFIX and not p.name.startswith(".")]
        # In Path's order (case-folded where the system folds case), by name alone: one folder,
        # and a thousand Path comparisons cost ten times as much.
        return sorted(plans, key=lambda p: os.path.normcase(p.name))


def _folder_problem(folder: Path, *, listed: bool) -> str | None:
    """Why *folder* cannot be used, in words; None when it is a folder (that can be listed,
    when *listed*) or is not there at all."""
    try:
        os.lstat(folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _LINK_PROBLEMS.get(exc.errno or 0, exc.strerror or str(exc))
    try:
        info = os.stat(folder)
    except OSError as exc:
        return _LINK_PROBLEMS.get(exc.errno or 0, exc.strerror or str(exc))
    if not stat.S_ISDIR(info.st_mode):
        return "it is a file, not a folder"
    if listed:
        try:
            with os.scandir(folder):
                pass
        except PermissionError:
            return "permission denied (the folder cannot be listed)"
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


_LINK_PROBLEMS = {
    errno.ELOOP: "it is a symbolic link that loops back on itself",
    errno.ENOENT: "it is a symbolic link to something that does not exist",
    errno.EACCES: "permission denied",
}
