"""A silent vote from phones on the local network, end to end through the app: ten phones at
once, the token, the size cap, the reveal, and the port closed after."""

from __future__ import annotations

import asyncio
import http.client
import socket
import subprocess
import sys
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import pytest

from pilot2prod import vote
from pilot2prod.plan import Plan
from pilot2prod.store import Store, read_plan
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.screens.vote import VoteScreen
from pilot2prod.tui.wizard import WizardScreen
from vote_support import wait_for, words_on_screen

PHONES = 10


@pytest.fixture
def plan_path(store: Store, bank) -> Path:
    return store.create(Plan.new("Acme claims triage", bank), bank.order)


def request(url: str, method: str = "GET", body: bytes = b"", cookie: str = "") -> tuple:
    """(status, headers, body) of one request, from a phone of its own."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers = {"Cookie": cookie} if cookie else {}
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, parts.path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def phone(url: str, n: int, signs: list[str], oversized: bool = False) -> list[tuple]:
    """One phone: open the form (the device cookie), maybe send too much, then its ballot."""
    status, headers, page = request(url)
    assert status == 200
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    seen = [(status, page)]
    if oversized:
        huge = urllib.parse.urlencode({"name": "x" * 5000, f"q.{signs[0]}": "yes"}).encode()
        status, _, page = request(url, "POST", huge, cookie)
        seen.append((status, page))
    choice = ["yes", "no", "unsure"][n % 3]
    form = {"name": f"Voter{n:02d}", **{f"q.{qid}": choice for qid in signs}}
    status, _, page = request(url, "POST", urllib.parse.urlencode(form).encode(), cookie)
    seen.append((status, page))
    return seen


async def test_ten_phones_vote_at_once_and_see_nobody_elses_ballot(store, bank, plan_path):
    step = vote.diagnostic_steps(bank)[0]
    signs = [q.id for q in vote.step_questions(step)]
    app = Pilot2ProdApp(
        store,
        bank,
        plan_path,
        step.id,
        cursor_blink=False,
        vote=vote.Request(step.id, True, "127.0.0.1:0"),
    )
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await wait_for(pilot, VoteScreen)
        for _ in range(200):
            if screen.network.running:
                break
            await pilot.pause(0.02)
        server = screen.network.server
        url = server.url
        await pilot.pause()
        assert url in words_on_screen(app)
        # A wrong token, and another path: not found, and nothing of the plan.
        wrong = url.replace(server.token, "A" * len(server.token))
        for address in (wrong, url + "../plan", url.rsplit("/", 2)[0] + "/"):
            status, _, page = await asyncio.to_thread(request, address)
            assert status == 404 and step.title not in page and "Acme" not in page
        loop = asyncio.get_running_loop()
        with ThreadPoolExecutor(max_workers=PHONES) as phones:  # ten at once, not a pool's few
            runs = await asyncio.gather(
                *(
                    loop.run_in_executor(phones, partial(phone, url, n, signs, oversized=n == 3))
                    for n in range(PHONES)
                )
            )
        for n, seen in enumerate(runs):
            assert seen[-1][0] == 200, seen[-1]
            if n == 3:
                assert seen[1][0] == 413  # the oversized ballot; its later one arrived
            for _, page in seen:
                others = [f"Voter{m:02d}" for m in range(PHONES) if m != n]
                assert not any(name in page for name in others)
                assert " checked" not in page  # no ballot's answers, not even its own
        await pilot.pause(0.1)
        during = words_on_screen(app)
        assert f"Ballots in: {PHONES}" in during
        assert "Voter" not in during
        saved = vote.current(read_plan(plan_path))
        assert saved.count == PHONES
        assert {b.name for b in saved.ballots} == {f"Voter{n:02d}" for n in range(PHONES)}
        # Reveal: the server stops; the port refuses connections.
        port = server.port
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")
        for _ in range(100):
            if not screen.network.running:
                break
            await pilot.pause(0.02)
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        for _ in range(100):  # the results screen, drawn once the server has stopped
            if "Voter03" in words_on_screen(app):
                break
            await pilot.pause(0.02)
        assert "Voter03" in words_on_screen(app)  # now the spread, with the names given
        await pilot.press("escape")
        await wait_for(pilot, WizardScreen)
        with pytest.raises(OSError):  # closed: still refused
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
    done = vote.votes(read_plan(plan_path))[0]
    assert done.status == "closed" and done.count == PHONES and done.way == "lan"
    assert all(b.id.startswith("d-") for b in done.ballots)


def test_export_list_and_questions_never_load_the_network_libraries(store, plan_path):
    code = (
        "import sys\n"
        "from pilot2prod.cli import main\n"
        "for argv in (['list'], ['questions'], ['export', 'Acme claims triage'],\n"
        "             ['export', 'Acme claims triage', '--format', 'html', '-o', 'x.html']):\n"
        "    assert main(['--data-dir', sys.argv[1], *argv]) == 0, argv\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('tornado', 'segno')]\n"
        "assert not loaded, loaded\n"
        "assert 'pilot2prod.lan.server' not in sys.modules\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(store.root)],
        capture_output=True,
        text=True,
        cwd=plan_path.parent,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr


def test_the_app_loads_no_web_server_until_phones_are_asked_for(store, plan_path, bank):
    """A plan opened, and a vote on the laptop started: neither Tornado nor segno is loaded
    (they come with the first vote that lets phones in)."""
    step = vote.diagnostic_steps(bank)[0].id
    code = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from pilot2prod.bank import load_bank\n"
        "from pilot2prod.store import Store\n"
        "from pilot2prod.tui.app import Pilot2ProdApp\n"
        "from pilot2prod.tui.screens.vote import VoteScreen\n"
        "async def main():\n"
        "    store, bank = Store(Path(sys.argv[1])), load_bank()\n"
        f"    app = Pilot2ProdApp(store, bank, Path(sys.argv[2]), {step!r}, cursor_blink=False)\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.pause()\n"
        "        await pilot.press('ctrl+n')\n"
        "        await pilot.pause()\n"
        "        await pilot.press('1')\n"
        "        for _ in range(100):\n"
        "            await pilot.pause(0.02)\n"
        "            if isinstance(app.screen, VoteScreen):\n"
        "                break\n"
        "        assert isinstance(app.screen, VoteScreen), app.screen\n"
        "asyncio.run(main())\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('tornado', 'segno')]\n"
        "assert not loaded, loaded\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(store.root), str(plan_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
