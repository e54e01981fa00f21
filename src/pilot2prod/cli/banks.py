"""The ``banks`` command: the question banks known here (built in, bundled, kept), as a table
or JSON, with how many plans use each."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

from pilot2prod.bank import version_key
from pilot2prod.cli.common import AddCommand, print_columns, say, store_for, visible_json
from pilot2prod.errors import Pilot2ProdError
from pilot2prod.store import BankFile, Store


def add_banks(add: AddCommand) -> None:
    sub = add(
        "banks",
        "list the question banks: built in, bundled and kept (with how many plans use each)",
        cmd_banks,
    )
    sub.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _plans_using(store: Store, files: list[BankFile]) -> Counter[str]:
    """How many plans of the data directory open with each bank file (by its path)."""
    using: Counter[str] = Counter()
    for entry in store.listing():
        if entry.error is None:
            file = store.banks.choose(*entry.bank)
            if file is not None:
                using[str(file.path)] += 1
    return using


def _unusable(store: Store, file: BankFile) -> str:
    """Why the bank in *file* cannot be used (its first problem), or "" when it loads."""
    try:
        store.banks.load(file)
    except Pilot2ProdError as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        return "cannot be used: " + (lines[1] if len(lines) > 1 else lines[0])
    return ""


def cmd_banks(args: argparse.Namespace) -> int:
    store = store_for(args)
    files = store.bank_files()
    shipped = [f for f in files if f.shipped]
    kept = sorted((f for f in files if not f.shipped), key=lambda f: (f.id, version_key(f.version)))
    files = shipped + kept  # (1.10 after 1.9, as the newest version is chosen)
    using = _plans_using(store, files)
    questions = {str(f.path): store.banks.questions(f) for f in files if not f.problem}
    problems = {str(f.path): f.problem or _unusable(store, f) for f in files}
    if args.json:
        rows: list[dict[str, Any]] = [
            {
                "id": f.id or None,
                "version": f.version or None,
                "title": f.title or None,
                "questions": questions.get(str(f.path)),
                "plans": using[str(f.path)],
                "source": f.source,
                "file": str(f.path),
                "hash": f.hash or None,
                "error": problems[str(f.path)] or None,
            }
            for f in files
        ]
        print(visible_json(rows))
        return 0
    table = [("ID", "VERSION", "TITLE", "QUESTIONS", "PLANS", "WHERE")]
    for f in files:
        where = f.source if f.shipped else f"kept: {f.path.name}"
        if problems[str(f.path)]:
            shown = (f.id, f.version) if f.id and not f.problem else ("(cannot read)", "")
            table.append((*shown, problems[str(f.path)], "", str(using[str(f.path)]), where))
            continue
        count = str(questions[str(f.path)])
        row = (f.id, f.version, f.title, count, str(using[str(f.path)]), where)
        table.append(row)
    print_columns(table)
    say()
    say(f"Kept banks are in {store.banks_dir}" if kept else "No bank is kept here yet.")
    return 0
