"""The README's picture of the silent vote's form on a phone: assets/screenshots/vote-phone.png.

Serves the ballot the app serves for a vote on every stall reason's signs with
:class:`pilot2prod.lan.server.BallotServer` on 127.0.0.1, and has headless Chromium take a
390x844 screenshot of it (a phone's width):

    python docs/vote_phone_screenshot.py [--chromium PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
from pathlib import Path

from pilot2prod import vote
from pilot2prod.bank import load_bank
from pilot2prod.lan.form import BallotForm
from pilot2prod.lan.server import BallotServer
from pilot2prod.plan import Plan
from pilot2prod.tui.screens.vote.network import ballot_form

OUT = Path(__file__).resolve().parents[1] / "assets" / "screenshots" / "vote-phone.png"
WIDTH, HEIGHT = 390, 844


def stall_signs_form() -> BallotForm:
    """The form the app serves for a vote on every stall reason's signs (the example plan's
    name; the same words, options and headings a phone gets)."""
    bank = load_bank()
    plan = Plan.new("Northwind claims triage assistant", bank)
    vid = vote.start(plan, vote.all_signs(bank), title="Every stall reason")
    found = vote.find(plan, vid)
    assert found is not None
    return ballot_form(bank, found, plan.name)


def _ignore(device: str, name: str, answers: dict[str, str]) -> str | None:
    return None


async def shoot(chromium: str) -> None:
    async with BallotServer(stall_signs_form(), _ignore, host="127.0.0.1", port=0) as server:
        with tempfile.TemporaryDirectory() as profile:
            process = await asyncio.create_subprocess_exec(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                f"--user-data-dir={profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                "--force-device-scale-factor=1",
                f"--screenshot={OUT}",
                server.url,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
            )
            if await process.wait() != 0 or not OUT.exists():
                sys.exit(f"{chromium} did not take the screenshot")
    print(OUT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=None, help="the browser to use")
    args = parser.parse_args()
    chromium = args.chromium or next(
        (
            found
            for name in ("chromium", "chromium-browser", "google-chrome")
            if (found := shutil.which(name))
        ),
        None,
    )
    if chromium is None:
        sys.exit("no Chromium found: install it (apt-get install chromium) or give --chromium")
    asyncio.run(shoot(chromium))


if __name__ == "__main__":
    main()
