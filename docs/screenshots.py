"""Export the README's screenshots (SVG, by Textual) into assets/screenshots/.

python docs/screenshots.py            # SVGs only
python docs/screenshots.py --png      # also PNGs via rsvg-convert, to look at them
python docs/screenshots.py NAME       # one of them (vote-phones, vote-results, home...)
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pilot2prod import resources
from pilot2prod.bank import load_bank
from pilot2prod.store import Store
from pilot2prod.tui.app import Pilot2ProdApp

OUT = Path(__file__).resolve().parents[1] / "assets" / "screenshots"

SHOTS: list[
    tuple[str, tuple[int, int], list[str]] | tuple[str, tuple[int, int], list[str], str]
] = [
    ("home", (100, 24), []),
    ("wizard-basics", (100, 30), ["enter"]),
    (
        "wizard-budget",
        (120, 34),
        ["enter", "ctrl+g", *"step: 3. production planning › budget", "enter"],
    ),
    ("checklist", (120, 34), ["enter", "ctrl+g", *"step: production-readiness", "enter"]),
    ("review", (100, 30), ["enter", "ctrl+r"]),
    ("preview", (100, 30), ["enter", "ctrl+o"]),
    ("wizard-80x24", (80, 24), ["enter", "pagedown"]),
    ("dashboard", (100, 40), ["enter", "f2"]),
    ("dashboard-80x24", (80, 24), ["enter", "f2"]),
    ("projector", (100, 30), ["enter", "ctrl+g", *"step: readiness testing", "enter"], "projector"),
    ("presenter", (100, 30), ["enter", "ctrl+g", *"step: readiness testing", "enter", "tab", "f9"]),
    ("actions", (110, 20), ["enter", "f5"]),
]
"""(file name, terminal size, keys from home, and a theme when not the default)."""

VOTERS = [("Ana Quist", "yes"), ("", "yes"), ("Bram Oduya", "no"), ("", "yes"), ("Lee", "unsure")]
"""The silent vote's pictures: who voted, and each one's answer to every sign."""


async def shoot_vote(name: str, size: tuple[int, int], data: Path, *, revealed: bool) -> Path:
    """The silent vote on the example plan's first stall reason: phones on the network (on
    this machine's loopback, so the picture needs no network), or the revealed spread."""
    from pilot2prod import vote
    from pilot2prod.tui.screens.vote import VoteScreen

    store = Store(data)
    bank = load_bank()
    path = store.demo(resources.example_path(), bank.order)
    step = vote.diagnostic_steps(bank)[0]
    request = vote.Request(step.id, phones=not revealed, address="127.0.0.1:0")
    app = Pilot2ProdApp(store, bank, path, step.id, cursor_blink=False, vote=request)
    async with app.run_test(size=size) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if isinstance(app.screen, VoteScreen) and (revealed or app.screen.network.running):
                break
        screen = app.screen
        assert isinstance(screen, VoteScreen)
        if revealed:
            signs = [q.id for q in vote.step_questions(step)]
            for n, (voter, answer) in enumerate(VOTERS):
                others = {"yes": "no", "no": "unsure", "unsure": "yes"}
                answers = {  # (everyone agrees on the second sign)
                    qid: "no" if i == 1 else answer if i % 2 == 0 else others[answer]
                    for i, qid in enumerate(signs)
                }
                screen._cast(f"b-{n}", voter, answers)
            await pilot.press("r")
            await pilot.pause(0.1)
            await pilot.press("y")
        await pilot.pause(0.5)
        svg = app.export_screenshot(title=f"pilot2prod · {name}")
    out = OUT / f"{name}.svg"
    out.write_text(svg, encoding="utf-8")
    return out


async def shoot(
    name: str, size: tuple[int, int], keys: list[str], data: Path, theme: str | None = None
) -> Path:
    store = Store(data)
    bank = load_bank()
    if not store.files():
        store.demo(resources.example_path(), [q.id for q in bank.questions()])
    app = Pilot2ProdApp(store, bank, theme=theme)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.05)
        await pilot.pause(0.3)
        svg = app.export_screenshot(title=f"pilot2prod · {name}")
    path = OUT / f"{name}.svg"
    path.write_text(svg, encoding="utf-8")
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    # The day insight is assessed as of (overdue actions): the same pictures on any day.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795651200")  # 2026-11-26
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HOME"] = tmp  # the data dir then shows as ~/data/plans
        shots = [
            (name, lambda n=name, s=size, k=keys, t=theme: shoot(n, s, k, Path(tmp) / "data", *t))
            for name, size, keys, *theme in SHOTS
        ]
        shots += [
            (
                "vote-phones",
                lambda: shoot_vote("vote-phones", (80, 24), Path(tmp) / "v1", revealed=False),
            ),
            (
                "vote-results",
                lambda: shoot_vote("vote-results", (100, 30), Path(tmp) / "v2", revealed=True),
            ),
        ]
        for name, make in shots:
            if len(sys.argv) > 1 and sys.argv[-1] not in ("--png", name):
                continue  # (python docs/screenshots.py NAME takes one picture)
            path = asyncio.run(make())
            print(path)
            if "--png" in sys.argv and shutil.which("rsvg-convert"):
                subprocess.run(
                    ["rsvg-convert", "-o", str(path.with_suffix(".png")), str(path)], check=True
                )


if __name__ == "__main__":
    main()
