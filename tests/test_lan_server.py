"""The silent vote's web server (pilot2prod.lan.server) on real sockets on 127.0.0.1.

Clients are the standard library's http.client (or a raw socket where a request must be made by
hand), run in threads while the server runs on the test's asyncio loop.
"""

from __future__ import annotations

import asyncio
import http.client
import logging
import re
import socket
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest

from pilot2prod.lan import LanError
from pilot2prod.lan.form import CSP, BallotForm, BallotQuestion
from pilot2prod.lan.server import DEVICE_COOKIE, NO_COOKIE, BallotServer, device_id

YES_NO = (("yes", "Yes, this is true of our pilot"), ("no", "No"), ("unsure", "Not sure"))
FORM = BallotForm(
    title="Silent vote — Northwind claims triage assistant",
    intro="Answer on your own; nobody sees your ballot.",
    questions=(
        BallotQuestion("sign_stakeholders_indifferent", "Are the stakeholders lukewarm?", YES_NO),
        BallotQuestion("sign_training_afterthought", "Is training an afterthought?", YES_NO),
    ),
)
FORM_TEXTS = ("Northwind", "stakeholders", "lukewarm", "Is training", "Not sure", "sign_")
SECURITY = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}


@dataclass
class Ballots:
    """A receive() that keeps what it is given, or refuses with *reason*."""

    reason: str | None = None
    got: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)

    def __call__(self, device: str, name: str, answers: dict[str, str]) -> str | None:
        self.got.append((device, name, answers))
        return self.reason


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: str

    @property
    def cookie(self) -> str:
        match = re.match(rf"{DEVICE_COOKIE}=([^;]+)", self.headers["Set-Cookie"] or "")
        assert match, self.headers
        return match.group(1)


class Client:
    """One browser: a connection (kept alive) and its device cookie."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.cookie: str | None = None

    def request(self, method: str, path: str, body: bytes | str | None = None, **headers: str):
        if self.cookie:
            headers.setdefault("Cookie", f"{DEVICE_COOKIE}={self.cookie}")
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        reply = Reply(response.status, response.headers, response.read().decode())
        if reply.headers["Set-Cookie"]:
            self.cookie = reply.cookie
        return reply

    def vote(self, path: str, fields: dict[str, str]) -> Reply:
        return self.request(
            "POST",
            path,
            urlencode(fields),
            **{"Content-Type": "application/x-www-form-urlencoded"},
        )


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def nothing_reaches_the_terminal(capfd: pytest.CaptureFixture[str]) -> Iterator[None]:
    """Even with the app's logging sent to a handler at DEBUG, the server writes nothing: not
    to stdout, not to stderr, not to any log (asyncio's own "Using selector" aside)."""
    records = Records()
    root = logging.getLogger()
    level = root.level
    root.addHandler(records)
    root.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.removeHandler(records)
        root.setLevel(level)
    logged = [
        f"{r.name}: {r.getMessage()}"
        for r in records.records
        if not (r.name == "asyncio" and r.getMessage().startswith("Using selector"))
    ]
    assert logged == []
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


@pytest.fixture
async def ballots() -> Ballots:
    return Ballots()


@pytest.fixture
async def server(ballots: Ballots) -> AsyncIterator[BallotServer]:
    async with BallotServer(FORM, ballots, host="127.0.0.1", port=0) as running:
        yield running


def in_thread(function, *args):
    return asyncio.get_running_loop().run_in_executor(None, function, *args)


def path(server: BallotServer) -> str:
    return f"/{server.token}/"


def assert_secure(reply: Reply) -> None:
    for name, value in SECURITY.items():
        assert reply.headers[name] == value, name
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert reply.headers["Server"] is None
    assert "tornado" not in str(reply.headers).lower()


async def test_the_url_names_the_bound_port_and_a_qr_alphanumeric_token(server):
    assert server.port > 0
    assert re.fullmatch(r"[A-Z2-7]{16}", server.token)
    assert server.url == f"http://127.0.0.1:{server.port}/{server.token}/"
    assert server.qr_text == f"HTTP://127.0.0.1:{server.port}/{server.token}/"
    assert re.fullmatch(r"[0-9A-Z $%*+\-./:]+", server.qr_text)  # the QR alphanumeric set
    other = BallotServer(FORM, Ballots(), host="127.0.0.1")
    assert other.token != server.token


async def test_the_form_sets_a_device_cookie_and_a_ballot_reaches_receive(server, ballots):
    def browse() -> tuple[Reply, Reply, Reply]:
        phone = Client(server.port)
        page = phone.request("GET", path(server))
        first = phone.vote(
            path(server),
            {"name": " Ann\u202e\x1b[31m\n Lee ", "q.sign_stakeholders_indifferent": "yes"},
        )
        again = phone.vote(path(server), {"name": "", "q.sign_training_afterthought": "no"})
        return page, first, again

    page, first, again = await in_thread(browse)
    assert page.status == 200
    assert_secure(page)
    assert "Are the stakeholders lukewarm?" in page.body
    set_cookie = page.headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie
    assert "SameSite=Strict" in set_cookie
    assert f"Path=/{server.token}/" in set_cookie
    assert len(page.cookie) * 6 >= 128  # base64url characters: at least 128 random bits
    assert first.status == again.status == 200
    assert_secure(first)
    assert "Your ballot is in" in first.body and "replaces" in first.body
    device = device_id(page.cookie)
    assert re.fullmatch(r"d-[0-9a-f]{12}", device)
    assert ballots.got == [
        (device, "Ann[31m Lee", {"sign_stakeholders_indifferent": "yes"}),
        (device, "", {"sign_training_afterthought": "no"}),  # the same device again
    ]
    assert all(page.cookie not in repr(ballot) for ballot in ballots.got)


async def test_the_name_is_one_line_of_at_most_60_characters(server, ballots):
    def vote() -> Reply:
        phone = Client(server.port)
        phone.request("GET", path(server))
        return phone.vote(path(server), {"name": "x" * 500, "q.sign_training_afterthought": "no"})

    assert (await in_thread(vote)).status == 200
    assert ballots.got[0][1] == "x" * 60


async def test_a_ballot_without_the_device_cookie_is_refused(server, ballots):
    def vote() -> Reply:
        return Client(server.port).vote(path(server), {"q.sign_training_afterthought": "no"})

    reply = await in_thread(vote)
    assert reply.status == 400
    assert_secure(reply)
    assert NO_COOKIE.replace("'", "&#x27;") in reply.body
    assert ballots.got == []


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"q.sign_training_afterthought": "maybe"}, "Is training an afterthought?"),
        ({"q.sign_training_afterthought": ""}, "Is training an afterthought?"),
        ({"name": "Ann", "other": "x"}, "at least one question"),
        ({"q.no_such_question": "yes"}, "no longer asked"),
    ],
)
async def test_an_invalid_ballot_is_refused_and_never_received(server, ballots, fields, says):
    def vote() -> Reply:
        phone = Client(server.port)
        phone.request("GET", path(server))
        return phone.vote(path(server), fields)

    reply = await in_thread(vote)
    assert reply.status == 400
    assert_secure(reply)
    assert says in reply.body
    assert ballots.got == []


async def test_unknown_fields_are_ignored(server, ballots):
    def vote() -> Reply:
        phone = Client(server.port)
        phone.request("GET", path(server))
        return phone.vote(path(server), {"q.sign_training_afterthought": "yes", "x": "<b>"})

    assert (await in_thread(vote)).status == 200
    assert ballots.got[0][2] == {"sign_training_afterthought": "yes"}


async def test_a_refusal_from_the_vote_is_shown_to_the_voter(server, ballots):
    ballots.reason = "The vote is closed: hand your answers to the facilitator."

    def vote() -> Reply:
        phone = Client(server.port)
        phone.request("GET", path(server))
        return phone.vote(path(server), {"q.sign_training_afterthought": "yes"})

    reply = await in_thread(vote)
    assert 400 <= reply.status < 500
    assert_secure(reply)
    assert "The vote is closed: hand your answers to the facilitator." in reply.body
    assert "Your ballot is in" not in reply.body


async def test_a_receiver_that_fails_is_a_refusal_not_a_traceback(server, ballots):
    def broken(device: str, name: str, answers: dict[str, str]) -> str | None:
        raise OSError("disk full")

    server._state.receive = broken  # (what set_form does for the form)

    def vote() -> Reply:
        phone = Client(server.port)
        phone.request("GET", path(server))
        return phone.vote(path(server), {"q.sign_training_afterthought": "yes"})

    reply = await in_thread(vote)
    assert reply.status == 500
    assert_secure(reply)
    assert "could not be kept" in reply.body
    assert "disk full" not in reply.body and "Traceback" not in reply.body


@pytest.mark.parametrize(
    ("method", "where"),
    [
        ("GET", "/"),
        ("GET", "/favicon.ico"),
        ("GET", "/{wrong}/"),
        ("GET", "/{token}/x"),
        ("GET", "/{lower}/"),
        ("POST", "/{wrong}/"),
        ("POST", "/"),
        ("PUT", "/{token}/"),
        ("DELETE", "/{token}/"),
        ("OPTIONS", "/{token}/"),
        ("PROPFIND", "/{token}/"),
    ],
)
async def test_anything_but_the_vote_is_not_found_and_shows_nothing_of_the_plan(
    server, ballots, method, where
):
    wrong = "A" * 16 if server.token != "A" * 16 else "B" * 16
    target = where.format(wrong=wrong, token=server.token, lower=server.token.lower())

    def ask() -> Reply:
        phone = Client(server.port)
        phone.request("GET", path(server))  # (a device with its cookie)
        return phone.request(method, target, "q.sign_training_afterthought=yes")

    reply = await in_thread(ask)
    assert reply.status == 404
    assert_secure(reply)
    assert "Not found" in reply.body
    for text in FORM_TEXTS:
        assert text not in reply.body
    assert server.token not in reply.body
    assert ballots.got == []


async def test_the_token_without_its_slash_redirects_to_the_form(server):
    reply = await in_thread(lambda: Client(server.port).request("GET", f"/{server.token}"))
    assert reply.status in (301, 302, 303, 307, 308)
    assert reply.headers["Location"] == path(server)
    assert_secure(reply)


async def test_an_oversized_ballot_gets_413_and_the_server_goes_on(server, ballots):
    def vote() -> tuple[Reply, Reply, Reply]:
        phone = Client(server.port)
        phone.request("GET", path(server))
        padding = "x" * 5000
        large = phone.vote(path(server), {"q.sign_training_afterthought": "yes", "pad": padding})
        after = phone.vote(path(server), {"q.sign_training_afterthought": "no"})  # same line
        other = Client(server.port)
        other.request("GET", path(server))
        return large, after, other.vote(path(server), {"q.sign_training_afterthought": "yes"})

    large, after, other = await in_thread(vote)
    assert large.status == 413
    assert_secure(large)
    assert "larger than any ballot" in large.body
    assert after.status == other.status == 200
    assert [answers for _device, _name, answers in ballots.got] == [
        {"sign_training_afterthought": "no"},
        {"sign_training_afterthought": "yes"},
    ]


async def test_a_huge_body_is_refused_at_once(server, ballots):
    def vote() -> Reply:
        phone = Client(server.port)
        phone.request("GET", path(server))
        return phone.request("POST", path(server), b"q.x=" + b"y" * 200_000)

    reply = await in_thread(vote)
    assert reply.status == 413
    assert_secure(reply)
    assert ballots.got == []


def _chunked(port: int, token: str, cookie: str, body: bytes, piece: int) -> str:
    """POST *body* in chunks of *piece* bytes by hand; the reply's status line and body."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            f"POST /{token}/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            f"Cookie: {DEVICE_COOKIE}={cookie}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n\r\n".encode()
        )
        try:
            for start in range(0, len(body), piece):
                part = body[start : start + piece]
                sock.sendall(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # answered (and closed) before the whole body was sent
        reply = b""
        while b"</html>" not in reply:
            data = sock.recv(65536)
            if not data:
                break
            reply += data
    return reply.decode()


@pytest.mark.parametrize("size", [6000, 300_000])
async def test_a_chunked_ballot_over_the_cap_gets_413(server, ballots, size):
    def vote() -> tuple[str, str, Reply]:
        phone = Client(server.port)
        phone.request("GET", path(server))
        assert phone.cookie
        body = b"q.sign_training_afterthought=yes&pad=" + b"x" * size
        large = _chunked(server.port, server.token, phone.cookie, body, 1000)
        small = _chunked(
            server.port, server.token, phone.cookie, b"q.sign_training_afterthought=no", 7
        )
        return large, small, phone.vote(path(server), {"q.sign_training_afterthought": "yes"})

    large, small, after = await in_thread(vote)
    assert large.startswith("HTTP/1.1 413 ")
    assert "Content-Security-Policy: default-src 'none'" in large
    assert "larger than any ballot" in large
    assert small.startswith("HTTP/1.1 200 ")  # a chunked ballot within the cap is kept
    assert after.status == 200
    assert [answers for _device, _name, answers in ballots.got] == [
        {"sign_training_afterthought": "no"},
        {"sign_training_afterthought": "yes"},
    ]


async def test_oversized_headers_are_dropped_and_the_server_goes_on(server):
    def ask() -> tuple[bytes, Reply]:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            request = f"GET /{server.token}/ HTTP/1.1\r\nHost: x\r\nX-Pad: {'p' * 20_000}\r\n\r\n"
            try:
                sock.sendall(request.encode())
                answer = sock.recv(65536)
            except ConnectionResetError:
                answer = b""
        return answer, Client(server.port).request("GET", path(server))

    answer, after = await in_thread(ask)
    assert b"Northwind" not in answer
    assert after.status == 200


async def test_ten_phones_at_once_each_see_only_their_own_ballot(server, ballots):
    names = [f"Voter {chr(ord('A') + i)}{chr(ord('a') + i) * 3}" for i in range(10)]
    chosen = {name: YES_NO[i % 3][0] for i, name in enumerate(names)}

    def phone(name: str) -> list[Reply]:
        client = Client(server.port)
        replies = [client.request("GET", path(server))]
        replies.append(
            client.vote(path(server), {"name": name, "q.sign_training_afterthought": chosen[name]})
        )
        replies.append(client.request("GET", path(server)))  # back to the form
        return replies

    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=10) as pool:
        results = await asyncio.gather(*(loop.run_in_executor(pool, phone, n) for n in names))
    assert sorted(name for _device, name, _answers in ballots.got) == sorted(names)
    assert len({device for device, _name, _answers in ballots.got}) == 10
    for name, _device_answers in zip(names, results, strict=True):
        assert {a["sign_training_afterthought"] for _d, n, a in ballots.got if n == name} == {
            chosen[name]
        }
    for name, replies in zip(names, results, strict=True):
        assert [reply.status for reply in replies] == [200, 200, 200]
        for reply in replies:
            for other in names:
                if other != name:
                    assert other not in reply.body
            assert name not in reply.body  # not even one's own name is echoed
            visible = re.sub(r"<style>.*?</style>|<[^>]+>", " ", reply.body, flags=re.S)
            assert not re.search(r"\d", visible)  # no count of any kind


async def test_after_stop_the_port_refuses_connections_and_open_ones_are_closed(ballots):
    server = BallotServer(FORM, ballots, host="127.0.0.1", port=0)
    await server.start()
    phone = Client(server.port)
    first = await in_thread(phone.request, "GET", path(server))
    assert first.status == 200
    await server.stop()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=5).close()
    phone.connection.sock.settimeout(5)
    assert phone.connection.sock.recv(1) == b""  # the kept-alive connection was closed
    phone.connection.close()
    await server.stop()  # (twice is harmless)


async def test_tornado_is_silenced_only_while_a_server_runs(ballots):
    tornado_logger = logging.getLogger("tornado.general")
    before = (tornado_logger.propagate, list(tornado_logger.handlers))
    async with BallotServer(FORM, ballots, host="127.0.0.1"):
        assert tornado_logger.propagate is False
        assert any(isinstance(h, logging.NullHandler) for h in tornado_logger.handlers)
        tornado_logger.error("this must go nowhere")
    assert (tornado_logger.propagate, list(tornado_logger.handlers)) == before


async def test_a_port_in_use_is_one_sentence_naming_it_and_what_to_try(ballots):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(LanError) as caught:
            await BallotServer(FORM, ballots, host="127.0.0.1", port=port).start()
    message = str(caught.value)
    assert f"127.0.0.1:{port} is already in use" in message
    assert "127.0.0.1:0" in message
    assert "\n" not in message


async def test_an_address_this_machine_does_not_have_is_named(ballots):
    with pytest.raises(LanError) as caught:
        await BallotServer(FORM, ballots, host="203.0.113.7", port=0).start()
    assert "203.0.113.7 is not an address of this machine" in str(caught.value)


async def test_set_form_serves_the_new_questions(server, ballots):
    new = BallotForm(
        "Second vote", "Again.", (BallotQuestion("q2", "Budget beyond the pilot?", YES_NO),)
    )
    server.set_form(new)
    page = await in_thread(lambda: Client(server.port).request("GET", path(server)))
    assert "Budget beyond the pilot?" in page.body and "lukewarm" not in page.body


async def test_an_ipv6_loopback_vote_is_served_under_brackets(ballots):
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    try:
        server = BallotServer(FORM, ballots, host="::1", port=0)
        await server.start()
    except LanError:
        pytest.skip("no IPv6 loopback on this machine")
    try:
        assert server.url == f"http://[::1]:{server.port}/{server.token}/"

        def get() -> int:
            connection = http.client.HTTPConnection("::1", server.port, timeout=10)
            connection.request("GET", path(server))
            status = connection.getresponse().status
            connection.close()
            return status

        assert await in_thread(get) == 200
    finally:
        await server.stop()
