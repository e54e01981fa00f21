"""The ``questions`` command: the question bank, as text or JSON."""

from __future__ import annotations

import argparse
from typing import Any

from msgspec import structs

from pilot2prod.bank import Bank
from pilot2prod.cli.common import AddCommand, bank_for, say, visible_json


def add_questions(add: AddCommand) -> None:
    sub = add("questions", "show the question bank: phases, steps and questions", cmd_questions)
    sub.add_argument("--json", action="store_true", help="print JSON instead of text")


def _bank_json(bank: Bank) -> dict[str, Any]:
    def question(q: Any) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": q.id,
            "kind": q.kind,
            "prompt": q.prompt,
            "required": q.required,
        }
        if q.help:
            item["help"] = q.help
        if q.choices:
            item["choices"] = [{"value": c.value, "label": c.label} for c in q.choices]
        if q.columns:
            item["columns"] = [{"id": c.id, "label": c.label, "kind": c.kind} for c in q.columns]
        if q.when:
            item["when"] = {k: v for k, v in structs.asdict(q.when).items() if v not in (None, ())}
        return item

    return {
        "id": bank.id,
        "version": bank.version,
        "title": bank.title,
        "phases": [
            {
                "id": p.id,
                "kind": p.kind,
                "number": p.number,
                "title": p.title,
                "steps": [
                    {
                        "id": s.id,
                        "title": s.title,
                        **({"fix": s.fix} if s.fix else {}),
                        "questions": [question(q) for q in s.questions],
                    }
                    for s in p.steps
                ],
            }
            for p in bank.phases
        ],
    }


def cmd_questions(args: argparse.Namespace) -> int:
    bank = bank_for(args)
    if args.json:
        print(visible_json(_bank_json(bank)))
        return 0
    count = sum(1 for _ in bank.questions())
    say(f"{bank.title} (bank '{bank.id}', version {bank.version}): {count} questions")
    width = max(len(q.id) for q in bank.questions())
    for phase in bank.phases:
        say()
        say(phase.label.upper())
        for step in phase.steps:
            say(f"  {step.title}")
            for q in step.questions:
                flag = "*" if q.required else " "
                say(f"   {flag} {q.id.ljust(width)}  {q.kind.ljust(12)}  {q.prompt}")
            if step.fix:
                say(f"     {'fix'.ljust(width)}  {'':12}  {step.fix}")
    say()
    say("* required")
    return 0
