"""The ``banks`` command: the question banks known here (built in, bundled, kept), as a table
or JSON, with how many plans use each."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

from pilot2prod.cli.common import AddCommand, print_columns, say, store_for, visible_json
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


def cmd_banks(args: argparse.Namespace) -> int:
    store = store_for(args)
    files = store.bank_files()
    using = _plans_using(store, files)
    questions = {str(f.path): store.banks.questions(f) for f in files if not f.problem}
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
                "error": f.problem or None,
            }
            for f in files
        ]
        print(visible_json(rows))
        return 0
    table = [("ID", "VERSION", "TITLE", "QUESTIONS", "PLANS", "WHERE")]
    for f in files:
        where = f.source if f.shipped else f"kept: {f.path.name}"
        if f.problem:
            table.append(("(cannot read)", "", f.problem, "", "", where))
            continue
        count = str(questions[str(f.path)])
        row = (f.id, f.version, f.title, count, str(using[str(f.path)]), where)
        table.append(row)
    print_columns(table)
    kept = sum(1 for f in files if f.source == "kept")
    say()
    say(f"Kept banks are in {store.banks_dir}" if kept else "No bank is kept here yet.")
    return 0
