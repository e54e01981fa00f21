"""No module in src/ names a question, step or phase id of the built-in bank (issue 20): the
product reads a bank through what the bank declares (roles, rules), so a custom method with ids
of its own gets the whole product.

Some ids are also plain words of the product's own vocabulary (a phase kind, a role, a table of
the bank format): those are listed below with the vocabulary they belong to, taken from the
code itself, so a new coincidence has to be added here on purpose.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

from pilot2prod import bank as bank_module
from pilot2prod.bank import load_bank

SRC = Path(__file__).resolve().parents[1] / "src" / "pilot2prod"


def built_in_ids() -> set[str]:
    bank = load_bank()
    ids = {phase.id for phase in bank.phases}
    ids |= {step.id for step in bank.steps}
    ids |= {question.id for question in bank.questions()}
    return ids


def vocabulary() -> dict[str, str]:
    """Words the product uses for its own concepts, with where they come from."""
    words: dict[str, str] = {}
    for kind in bank_module.PHASE_KINDS:
        words[kind] = "a phase kind (bank.PHASE_KINDS)"
    for role in bank_module.ROLES:
        words[role] = "a role (bank.ROLES), and a key of a plan's summary"
    for table in bank_module.BANK_TABLES:
        words[table] = "a table of the bank format (bank.BANK_TABLES)"
    return words


def string_literals(path: Path) -> list[tuple[int, str]]:
    """Every plain string literal of a module, with its line."""
    found = []
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    for token in tokens:
        if token.type != tokenize.STRING:
            continue
        try:
            value = ast.literal_eval(token.string)
        except (ValueError, SyntaxError):  # an f-string: its parts are not whole ids
            continue
        if isinstance(value, str):
            found.append((token.start[0], value))
    return found


def test_no_module_names_an_id_of_the_built_in_bank():
    ids = built_in_ids()
    allowed = vocabulary()
    named = [
        f"{path.relative_to(SRC)}:{line}: {value!r}"
        for path in sorted(SRC.rglob("*.py"))
        for line, value in string_literals(path)
        if value in ids and value not in allowed
    ]
    assert not named, "src/ names ids of the built-in bank:\n" + "\n".join(named)


def test_the_scan_would_find_an_id(tmp_path):
    """The scan is not vacuous: it finds a built-in id written in a module, and not in an
    f-string's parts or a docstring that only mentions it."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Reads budget_pilot_cost."""\nQUESTION = "budget_pilot_cost"\nLABEL = f"{QUESTION}"\n',
        encoding="utf-8",
    )
    assert [(line, v) for line, v in string_literals(sample) if v in built_in_ids()] == [
        (2, "budget_pilot_cost")
    ]
