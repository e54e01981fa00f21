"""Speed and size of pilot2prod against a bare Textual app, measured in the same run.

    python benchmarks/run.py            # a few rounds, prints a Markdown table for the README

Everything runs in a real pseudo-terminal (tests/ptyterm.py) at 80x24. Figures are medians;
ratios are pilot2prod / bare Textual app, so they travel between machines better than seconds.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from ptyterm import Terminal  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "5"))
PYTHON = sys.executable
COMMAND = shutil.which("pilot2prod", path=str(Path(PYTHON).parent)) or "pilot2prod"
TEXT = "abcdefghijklmnopqrst"


def startup(argv: list[str], ready: str) -> float:
    term = Terminal(argv)
    try:
        return term.wait_for(ready, timeout=30)
    finally:
        term.kill()


def keystrokes(argv: list[str], ready: str) -> tuple[float, float]:
    """Median bytes written and seconds until output stops, per typed character."""
    term = Terminal(argv)
    try:
        term.wait_for(ready, timeout=30)
        term.settle(0.3)
        sizes, delays = [], []
        for char in TEXT:
            start = time.monotonic()
            os.write(term.master, char.encode())
            got, last = 0, start
            while True:
                n = term.read(0.03)
                if n:
                    got, last = got + n, time.monotonic()
                elif got:
                    break
            sizes.append(got)
            delays.append(last - start)
        return statistics.median(sizes), statistics.median(delays)
    finally:
        term.kill()


def page_flip(argv: list[str]) -> float:
    term = Terminal(argv)
    try:
        term.wait_for("1 / 27", timeout=30)
        term.settle(0.3)
        times = []
        for _ in range(3):
            start = time.monotonic()
            term.press("pagedown")
            term.wait_for("2 / 27")
            times.append(time.monotonic() - start)
            term.press("pageup")
            term.wait_for("1 / 27")
        return statistics.median(times)
    finally:
        term.kill()


def timed(argv: list[str]) -> float:
    start = time.monotonic()
    subprocess.run(argv, check=True, capture_output=True)
    return time.monotonic() - start


def median(fn, *args) -> float:
    return statistics.median(fn(*args) for _ in range(ROUNDS))


def main() -> None:
    data = tempfile.mkdtemp()
    bare = [PYTHON, str(HERE / "bare_app.py")]
    home = [COMMAND, "--data-dir", data]
    subprocess.run([*home, "new", "Bench", "--no-open"], check=True, capture_output=True)
    wizard = [*home, "open", "Bench"]

    bare_start = median(startup, bare, "bare ready")
    app_start = median(startup, home, "Bench")
    bare_bytes, bare_delay = keystrokes(bare, "bare ready")
    app_bytes, app_delay = keystrokes(wizard, "1 / 27")
    flip = page_flip(wizard)
    export = median(timed, [COMMAND, "export", "--example"])
    textual_import = median(timed, [PYTHON, "-c", "import textual.app"])

    rows = [
        ("Start-up to first screen (s)", app_start, bare_start),
        ("Bytes written per typed character", app_bytes, bare_bytes),
        ("Time per typed character (s)", app_delay, bare_delay),
        ("`pilot2prod export --example` vs `import textual.app` (s)", export, textual_import),
    ]
    print(f"Median of {ROUNDS} rounds, 80x24 pty, Python {sys.version.split()[0]}.\n")
    print("| measure | pilot2prod | bare Textual | ratio |")
    print("|---|---:|---:|---:|")
    for label, ours, base in rows:
        print(f"| {label} | {ours:.3g} | {base:.3g} | {ours / base:.2f} |")
    print(f"| Next step (PageDown) to screen (s) | {flip:.3g} | n/a | |")


if __name__ == "__main__":
    main()
