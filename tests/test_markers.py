"""The slow kinds of test carry their marks, so the quick loop leaves them out and nothing else.

``pytest -m "not pty and not snapshot and not packaging and not browser"`` is the quick loop;
``.ci/run`` runs everything. tests/conftest.py marks whole files (MARKED_FILES); a single pty
test elsewhere is decorated with ``@pytest.mark.pty``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import MARKED_FILES

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
QUICK = "not pty and not snapshot and not packaging and not browser"


def _test_files() -> list[Path]:
    return sorted(TESTS.glob("test_*.py"))


def _uses_a_pty(node: ast.AST) -> bool:
    """*node* imports ptyterm or pty, opens a pty, or starts a ptyterm Terminal."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Import) and any(a.name in ("pty", "ptyterm") for a in sub.names):
            return True
        if isinstance(sub, ast.ImportFrom) and sub.module in ("pty", "ptyterm"):
            return True
        if isinstance(sub, ast.Attribute) and sub.attr in ("openpty", "forkpty"):
            return True
        if isinstance(sub, ast.Name) and sub.id == "Terminal":
            return True
    return False


def _marked_pty(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr == "pty":
            return True
    return False


def test_the_marks_are_registered():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    options = config["tool"]["pytest"]["ini_options"]
    registered = {line.split(":", 1)[0] for line in options["markers"]}
    assert set(MARKED_FILES) <= registered
    assert "--strict-markers" in options["addopts"]  # a mistyped mark is an error


def test_every_marked_file_exists():
    names = {path.name for path in _test_files()}
    for mark, files in MARKED_FILES.items():
        assert files <= names, (mark, files - names)


def test_every_file_using_ptyterm_is_marked_pty():
    unmarked = [
        path.name
        for path in _test_files()
        if path.name not in MARKED_FILES["pty"]
        and any(
            isinstance(node, ast.Import | ast.ImportFrom) and _uses_a_pty(node)
            for node in ast.parse(path.read_text(encoding="utf-8")).body
        )
    ]
    assert unmarked == [], "add them to MARKED_FILES['pty'] in tests/conftest.py"


def test_every_other_test_using_a_pty_is_marked_pty():
    unmarked = []
    for path in _test_files():
        if path.name in MARKED_FILES["pty"]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and node.name.startswith("test_")
                and _uses_a_pty(node)
                and not _marked_pty(node)
            ):
                unmarked.append(f"{path.name}::{node.name}")
    assert unmarked == [], "decorate them with @pytest.mark.pty"


def test_the_quick_loop_leaves_out_every_marked_test():
    """Collected the way the quick loop collects: the marked files and the pty test in
    test_cli.py are all left out (the marks reach the items before -m selects)."""
    files = sorted(name for names in MARKED_FILES.values() for name in names)
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-n", "0"]
    quick = subprocess.run(
        [*command, "-m", QUICK, *(f"tests/{name}" for name in files), "tests/test_cli.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert quick.returncode == 0, quick.stdout + quick.stderr
    kept = {line.split("::")[0] for line in quick.stdout.splitlines() if "::" in line}
    assert kept == {"tests/test_cli.py"}, kept
    assert "dumb_terminal" not in quick.stdout
    assert "test_a_bank_that_is_not_a_regular_file" in quick.stdout  # the rest of test_cli
