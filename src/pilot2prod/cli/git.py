"""``merge-driver``: git's merge driver for plan files, answer by answer."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from pilot2prod.cli.common import PROG, AddCommand, bank_for, order_of
from pilot2prod.errors import EXIT_FAILURE, PlanFileError, UsageError
from pilot2prod.plan import Plan
from pilot2prod.store import dumps, read_plan, write_atomic
from pilot2prod.text import for_terminal


def add_merge_driver(add: AddCommand) -> None:
    sub = add(
        "merge-driver",
        "merge two versions of a plan answer by answer (a git merge driver: %%O %%A %%B)",
        cmd_merge_driver,
    )
    sub.add_argument("base", metavar="BASE", help="the common ancestor (git's %%O)")
    sub.add_argument("ours", metavar="OURS", help="our version; the result is written here (%%A)")
    sub.add_argument("theirs", metavar="THEIRS", help="their version (%%B)")
    sub.add_argument(
        "path",
        metavar="PATH",
        nargs="?",
        help="the file's path in the repository, for messages (git's %%P)",
    )


def cmd_merge_driver(args: argparse.Namespace) -> int:
    """git's merge driver: answers changed on one side merge; the same answer changed on both
    keeps ours and records theirs in [[conflicts]] (exit 1, so git reports a conflict).

    An empty or missing base (both branches added the file) is no common base: every answer
    merges the same way, one set on both sides differently being a conflict. A side that is not
    a readable plan leaves git's own conflict: both versions, with markers, in the file."""
    from pilot2prod.merge import merge
    from pilot2prod.plan import now_iso

    bank = bank_for(args)
    paths = [Path(args.base), Path(args.ours), Path(args.theirs)]
    for side, path in (("ours", paths[1]), ("theirs", paths[2])):  # (git always gives both)
        if not path.is_file():
            what = "is not a file" if path.exists() else "does not exist"
            raise UsageError(f"cannot merge: {path} ({side}) {what}")
    shown = for_terminal(args.path or str(paths[1]))
    plans: list[Plan] = []
    for side, path in zip(("base", "our", "their"), paths, strict=True):
        if side == "base" and _no_base(path):
            plans.append(Plan(name="", created=""))
            continue
        try:
            plans.append(read_plan(path))
        except PlanFileError as exc:
            line = f", line {exc.line}" if exc.line is not None else ""
            _leave_conflict(*paths)
            print(
                f"{PROG}: cannot merge {shown}: {side} version{line}: {for_terminal(exc.reason)}; "
                "both versions are left in the file with conflict markers",
                file=sys.stderr,
            )
            return EXIT_FAILURE
    base, ours, theirs = plans
    merged = merge(base, ours, theirs, at=now_iso(), by="git merge (their branch)")
    if merged.plan.bank_id in ("", bank.id):
        order = order_of(bank)
    else:  # another method's plan: its answers stay in the order its files already have
        order = list(dict.fromkeys([*ours.answers, *theirs.answers, *base.answers]))
    write_atomic(paths[1], dumps(merged.plan, order).encode("utf-8"))
    if merged.conflicts:
        names = ", ".join(str(c.get("question")) for c in merged.conflicts)
        print(
            f"{PROG}: {shown}: both branches changed {for_terminal(names)}; ours is kept "
            "and theirs is recorded under [[conflicts]] (open the plan to pick)",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    return 0


def _no_base(path: Path) -> bool:
    """Whether git gave no common version (an empty file when both branches added one)."""
    try:
        return not path.read_bytes().strip()
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _leave_conflict(base: Path, ours: Path, theirs: Path) -> None:
    """Put both versions in *ours* with conflict markers, as git does without a driver: its own
    line merge (``git merge-file``) when that finds a conflict, else each whole version."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is not None:
        base_file = str(base) if base.exists() else os.devnull
        labels = ["-L", "ours", "-L", "base", "-L", "theirs"]
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            done = subprocess.run(
                [git, "merge-file", "-p", *labels, str(ours), base_file, str(theirs)],
                capture_output=True,
                timeout=60,
                check=False,
            )
            if 0 < done.returncode < 128:  # the number of conflicts (255: an error)
                write_atomic(ours, done.stdout)
                return
    sides = []
    for path in (ours, theirs):
        try:
            content = path.read_bytes()
        except OSError:
            content = b""
        sides.append(content if not content or content.endswith(b"\n") else content + b"\n")
    write_atomic(ours, b"<<<<<<< ours\n" + sides[0] + b"=======\n" + sides[1] + b">>>>>>> theirs\n")
