"""The TUI stays in parts a newcomer can find and read: no module over 400 lines, no class over
300, no mixins (a class has one base: what it is made of is handed to it, not inherited), and
the wizard is a package of parts, not one screen."""

from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).resolve().parents[1] / "src" / "pilot2prod" / "tui"
MODULE_LINES = 400
CLASS_LINES = 300
TYPING_BASES = {"Generic", "Protocol", "NamedTuple"}


def modules() -> list[tuple[Path, ast.Module, int]]:
    found = []
    for path in sorted(TUI.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        found.append((path, ast.parse(text), len(text.splitlines())))
    return found


def base_name(node: ast.expr) -> str:
    if isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ast.unparse(node)


def test_no_module_of_the_tui_is_over_400_lines():
    long = {str(p.relative_to(TUI)): n for p, _, n in modules() if n > MODULE_LINES}
    assert long == {}


def test_no_class_of_the_tui_is_over_300_lines():
    long = {
        f"{path.relative_to(TUI)}:{node.name}": node.end_lineno - node.lineno + 1
        for path, tree, _ in modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > CLASS_LINES
    }
    assert long == {}


def test_no_class_of_the_tui_mixes_in_another():
    mixed = {
        f"{path.relative_to(TUI)}:{node.name}": [base_name(b) for b in node.bases]
        for path, tree, _ in modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and len([b for b in node.bases if base_name(b) not in TYPING_BASES]) > 1
    }
    assert mixed == {}
    names = [
        n.name for _, tree, _ in modules() for n in ast.walk(tree) if isinstance(n, ast.ClassDef)
    ]
    assert not [n for n in names if n.endswith("Mixin")]


def test_the_wizard_is_a_package_of_parts():
    assert not (TUI / "screens" / "wizard.py").exists()
    parts = {p.stem for p in (TUI / "wizard").glob("*.py")}
    assert {"screen", "pages", "header", "editing", "watch", "workshop", "flows"} <= parts
