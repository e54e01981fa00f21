"""Errors a user can cause. Each carries the exit code the command line ends with.

Their message is one sentence naming the file or the value at fault; the command line prints it
and exits, never showing a traceback.
"""

from __future__ import annotations

from pathlib import Path

EXIT_FAILURE = 1
EXIT_USAGE = 2


class Pilot2ProdError(Exception):
    """Base class: a problem the user can fix; ``exit_code`` is 1 (failure) or 2 (usage)."""

    exit_code = EXIT_FAILURE


class UsageError(Pilot2ProdError):
    """The command was given a value it cannot use (an empty name, a clashing flag)."""

    exit_code = EXIT_USAGE


class PlanNotFoundError(Pilot2ProdError):
    """No plan in the data directory answers to the name given."""


class PlanExistsError(Pilot2ProdError):
    """A plan with that name is already in the data directory."""


class OutputExistsError(Pilot2ProdError):
    """An export would overwrite a file the user did not ask to overwrite."""


class NoHistoryError(Pilot2ProdError):
    """A plan has no saved versions, or not the one asked for."""


class PlanInUseError(Pilot2ProdError):
    """Another window is editing the plan (it cannot be deleted or restored under it)."""


class DataDirError(Pilot2ProdError):
    """The data directory cannot be used (it is a file, or cannot be created)."""


class PlanFileError(Pilot2ProdError):
    """A plan file that cannot be read; the file is left exactly as it is."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = message
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


class WrongTypesError(Pilot2ProdError):
    """A plan file whose answers do not fit the questions' kinds; ``problems`` names each one."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        count = len(problems)
        what = f"{count} answers do not" if count != 1 else "an answer does not"
        super().__init__(
            f"{path}: {what} fit their questions, so nothing was imported "
            "(add --keep-invalid to import them as answers to fix):\n"
            + "\n".join(f"  {p}" for p in problems)
        )
