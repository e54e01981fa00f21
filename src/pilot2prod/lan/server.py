"""The silent vote's web server: one form under a random token, on the app's own asyncio loop.

Tornado serves it (imported with this module, which the vote imports only when a LAN vote
starts). What a phone can reach:

* ``GET /TOKEN/``: the ballot form; a device's first visit sets its cookie (``p2p_device``).
* ``POST /TOKEN/``: a ballot, handed to ``receive(device id, name, answers)`` on the loop's own
  thread; the answer is "your ballot is in" or the reason it was refused, never a count or
  anyone else's ballot.
* ``/TOKEN``: a redirect to ``/TOKEN/``. Anything else: 404 and a page with nothing of the plan.

Every response carries a strict Content-Security-Policy and no ``Server`` header. A body over
``max_body`` bytes gets 413 and the server goes on; headers, idle connections and slow bodies
are capped too. Tornado never writes to the terminal while a server runs: no access log, and
its loggers are silenced (a full-screen app is drawing there).
"""

from __future__ import annotations

import base64
import errno
import hashlib
import hmac
import logging
import re
import secrets
import socket
from collections.abc import Callable
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

from msgspec import Struct
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler, stream_request_body

from pilot2prod.lan import LanError
from pilot2prod.lan.form import (
    CSP,
    NAME_FIELD,
    NAME_MAX,
    QUESTION_PREFIX,
    BallotForm,
    form_page,
    not_found_page,
    received_page,
    refusal_page,
)
from pilot2prod.text import clean, one_line, strip_invisible

Receive = Callable[[str, str, dict[str, str]], str | None]
"""(device id, voter's name or "", {question id: option value}) -> None when the ballot was
kept, or a one-sentence reason it was refused (the vote is full, closed...), shown to the voter."""

DEVICE_COOKIE = "p2p_device"
"""The cookie that makes a browser one device: one ballot each, replaced when sent again."""

HEADER_MAX = 8 * 1024
"""The most bytes of request line and headers read; a longer request is dropped."""

DRAIN_MAX = 64 * 1024
"""A body over ``max_body`` but within this many bytes is read to its end before the 413, so
the client reads the answer on a connection that stays sound; a larger one is answered at once
and its connection closed."""

IDLE_TIMEOUT = 30.0
"""Seconds a connection may wait for its next request's headers."""

BODY_TIMEOUT = 15.0
"""Seconds a request's body may take to arrive: a slow client cannot hold the vote."""

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Content-Type": "text/html; charset=utf-8",
}
"""Sent with every response the application makes."""

NO_COOKIE = (
    "Your browser did not send back this vote's cookie: allow cookies for this page, "
    "or vote on the laptop."
)
TOO_LARGE = "This ballot is larger than any ballot of this vote: send it from the vote's own page."
UNREADABLE = "This ballot could not be read: send it again from the vote's own page."
NO_ANSWER = "Choose an answer to at least one question, then send your ballot."
OLD_QUESTION = (
    "This ballot answers a question that is no longer asked: reload the page and send it again."
)
NOT_KEPT = "This ballot could not be kept: tell the facilitator, or vote on the laptop."

_TOKEN_LENGTH = 16
_COOKIE_SHAPE = re.compile(r"[A-Za-z0-9_-]{32}")  # secrets.token_urlsafe(24): 192 bits
_QUIET_LOGGERS = ("tornado", "tornado.access", "tornado.application", "tornado.general")


def new_token() -> str:
    """16 characters of A-Z and 2-7 (80 random bits): all QR alphanumeric characters."""
    token = base64.b32encode(secrets.token_bytes(_TOKEN_LENGTH * 5 // 8)).decode("ascii")
    assert len(token) == _TOKEN_LENGTH
    return token


def device_id(cookie: str) -> str:
    """The id a device's ballot is kept under: derived from its cookie, which it does not reveal
    (the cookie itself never reaches the plan file)."""
    return "d-" + hashlib.sha256(cookie.encode("ascii")).hexdigest()[:12]


def clean_name(raw: str) -> str:
    """A voter's name as kept: no control or invisible characters, one line, at most
    :data:`~pilot2prod.lan.form.NAME_MAX` characters."""
    return one_line(strip_invisible(clean(raw)))[:NAME_MAX].strip()


def _sentence(reason: str) -> str:
    text = one_line(reason) or NOT_KEPT
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


class _Quiet:
    """Tornado's loggers silenced while any server runs (counted: servers may overlap)."""

    running = 0
    saved: dict[str, tuple[bool, logging.Handler]] = {}

    @classmethod
    def enter(cls) -> None:
        if cls.running == 0:
            for name in _QUIET_LOGGERS:
                logger = logging.getLogger(name)
                handler = logging.NullHandler()
                logger.addHandler(handler)
                cls.saved[name] = (logger.propagate, handler)
                logger.propagate = False
        cls.running += 1

    @classmethod
    def leave(cls) -> None:
        cls.running -= 1
        if cls.running == 0:
            for name, (propagate, handler) in cls.saved.items():
                logger = logging.getLogger(name)
                logger.removeHandler(handler)
                logger.propagate = propagate
            cls.saved.clear()


class _State(Struct):
    """What every request reads: the vote's token, its form and its receiver."""

    token: str
    form: BallotForm
    receive: Receive
    max_body: int


@stream_request_body
class _Handler(RequestHandler):
    """Every request, whatever its path or method. The body is streamed and counted, so a large
    one is refused with 413 (Tornado's own limit answers 400) and never held in memory."""

    SUPPORTED_METHODS = ("GET", "HEAD", "POST", "DELETE", "PATCH", "PUT", "OPTIONS")

    def initialize(self, state: _State) -> None:
        self.state = state
        self.received = 0
        self.too_large = False
        self.chunks: list[bytes] = []

    def set_default_headers(self) -> None:
        self.clear_header("Server")
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)

    def compute_etag(self) -> str | None:
        return None

    def log_exception(
        self,
        typ: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Nothing reaches the terminal (a client that left mid-request is no news)."""

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        if status_code in (404, 405):
            self.set_status(404)
            self.finish(not_found_page())
        elif status_code == 413:
            self.finish(refusal_page(TOO_LARGE))
        elif 400 <= status_code < 500:
            self.finish(refusal_page(UNREADABLE))
        else:
            self.finish(refusal_page(NOT_KEPT))

    # -- where a request goes

    def _is(self, path: str) -> bool:
        return hmac.compare_digest(self.request.path.encode("utf-8", "replace"), path.encode())

    @property
    def at_ballot(self) -> bool:
        return self._is(f"/{self.state.token}/")

    def prepare(self) -> None:
        # Tornado's own body limit would answer 400 before this handler could answer 413.
        connection = self.request.connection
        if connection is not None and hasattr(connection, "set_max_body_size"):
            connection.set_max_body_size(2**62)
        length = self.request.headers.get("Content-Length", "")
        if length.isascii() and length.isdigit() and int(length) > self.state.max_body:
            self.too_large = True
            if int(length) > DRAIN_MAX:
                self._answer()

    def data_received(self, chunk: bytes) -> None:
        if self._finished:
            return
        self.received += len(chunk)
        if self.received > self.state.max_body:
            self.too_large = True
            self.chunks.clear()
            if self.received > DRAIN_MAX:
                self._answer()
        elif self.request.method == "POST" and self.at_ballot:
            self.chunks.append(chunk)

    def _answer(self) -> None:
        """Answer now (with what the request has shown so far)."""
        if not (self.at_ballot and self.request.method in ("GET", "POST")):
            self._not_found()
        elif self.too_large:
            self._refuse(413, TOO_LARGE)
        elif self.request.method == "POST":
            self._ballot()
        else:
            self._form()

    def get(self) -> None:
        if self._is(f"/{self.state.token}") and not self.too_large:
            self.redirect(f"/{self.state.token}/", permanent=False)
        else:
            self._answer()

    def post(self) -> None:
        self._answer()

    def head(self) -> None:
        self._not_found()

    delete = patch = put = options = head

    # -- the answers

    def _not_found(self) -> None:
        self.set_status(404)
        self.finish(not_found_page())

    def _refuse(self, status: int, reason: str) -> None:
        self.set_status(status)
        self.finish(refusal_page(_sentence(reason)))

    def _device_cookie(self) -> str | None:
        value = self.get_cookie(DEVICE_COOKIE)
        return value if value is not None and _COOKIE_SHAPE.fullmatch(value) else None

    def _form(self) -> None:
        if self._device_cookie() is None:
            self.set_cookie(
                DEVICE_COOKIE,
                secrets.token_urlsafe(24),
                path=f"/{self.state.token}/",
                httponly=True,
                samesite="Strict",
                expires_days=1,
            )
        self.finish(form_page(self.state.form))

    def _ballot(self) -> None:
        cookie = self._device_cookie()
        if cookie is None:
            self._refuse(400, NO_COOKIE)
            return
        try:
            fields = parse_qsl(
                b"".join(self.chunks).decode("utf-8"),
                keep_blank_values=True,
                strict_parsing=False,
                max_num_fields=500,
            )
        except ValueError:  # (UnicodeDecodeError too)
            self._refuse(400, UNREADABLE)
            return
        form = self.state.form
        questions = {question.id: question for question in form.questions}
        name = ""
        answers: dict[str, str] = {}
        for key, value in fields:
            if key == NAME_FIELD:
                name = value
            elif key.startswith(QUESTION_PREFIX):
                question = questions.get(key[len(QUESTION_PREFIX) :])
                if question is None:
                    self._refuse(400, OLD_QUESTION)
                    return
                if value not in {stored for stored, _label in question.options}:
                    self._refuse(
                        400,
                        f"The answer to “{one_line(question.prompt, 120)}” is not one of its "
                        "options: choose one and send again.",
                    )
                    return
                answers[question.id] = value
        if not answers:
            self._refuse(400, NO_ANSWER)
            return
        try:
            reason = self.state.receive(device_id(cookie), clean_name(name), answers)
        except Exception:  # (the voter is told; the app's own errors are its own to report)
            self._refuse(500, NOT_KEPT)
            return
        if reason is not None:
            self._refuse(409, reason)
            return
        self.finish(received_page(form))


def _shown_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


class BallotServer:
    """A vote's form on the local network, under a random token, until :meth:`stop`.

    Runs on the running asyncio loop (the app's); ``receive`` is called on that loop's thread.
    ``port=0`` binds a free port; :attr:`url` gives the one bound.
    """

    def __init__(
        self,
        form: BallotForm,
        receive: Receive,
        *,
        host: str,
        port: int = 0,
        max_body: int = 4096,
    ) -> None:
        self.host = host
        self._port = port
        self._state = _State(token=new_token(), form=form, receive=receive, max_body=max_body)
        self._server: HTTPServer | None = None
        self._bound = 0

    @property
    def token(self) -> str:
        return self._state.token

    @property
    def port(self) -> int:
        """The port bound (0 before :meth:`start`)."""
        return self._bound

    @property
    def url(self) -> str:
        """``http://HOST:PORT/TOKEN/``, with the port actually bound."""
        return f"http://{_shown_host(self.host)}:{self._bound}/{self._state.token}/"

    @property
    def qr_text(self) -> str:
        """:attr:`url` in QR alphanumeric characters (``HTTP://HOST:PORT/TOKEN/``): a smaller
        code, and every phone reads it as the same address."""
        return self.url.upper()

    @property
    def running(self) -> bool:
        return self._server is not None

    def set_form(self, form: BallotForm) -> None:
        """Serve *form* from the next request on (ballots for questions it no longer asks are
        refused, and the voter asked to reload)."""
        self._state.form = form

    def _bind_error(self, error: OSError) -> LanError:
        address = f"{_shown_host(self.host)}:{self._port}"
        if error.errno == errno.EADDRINUSE:
            return LanError(
                f"{address} is already in use: try another port, "
                f"or --lan {_shown_host(self.host)}:0 for a free one"
            )
        if error.errno == errno.EADDRNOTAVAIL:
            return LanError(
                f"{_shown_host(self.host)} is not an address of this machine: "
                "leave the address out to use the best one, or give one this machine has"
            )
        if error.errno == errno.EACCES:
            return LanError(
                f"{address} needs more rights than this program has: "
                "try a port above 1024, or :0 for a free one"
            )
        return LanError(f"cannot listen on {address}: {error.strerror or error}")

    async def start(self) -> None:
        """Bind and start serving; raises :class:`LanError` (one sentence naming the address
        and what to try) when the address cannot be used."""
        if self._server is not None:
            return
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        try:
            sockets = bind_sockets(self._port, address=self.host, family=family)
        except socket.gaierror:
            raise LanError(
                f"{self.host} is not an address of this machine: "
                "leave the address out to use the best one, or give one this machine has"
            ) from None
        except OSError as error:
            raise self._bind_error(error) from None
        application = Application(
            [(r".*", _Handler, {"state": self._state})],
            log_function=lambda _handler: None,
            debug=False,
            autoreload=False,
            compress_response=False,
            serve_traceback=False,
            xsrf_cookies=False,
        )
        server = HTTPServer(
            application,
            max_header_size=HEADER_MAX,
            max_body_size=DRAIN_MAX,
            idle_connection_timeout=IDLE_TIMEOUT,
            body_timeout=BODY_TIMEOUT,
            decompress_request=False,
            xheaders=False,
        )
        _Quiet.enter()
        server.add_sockets(sockets)
        self._bound = int(sockets[0].getsockname()[1])
        self._server = server

    async def stop(self) -> None:
        """Stop listening and close every open connection: once this returns, a connection to
        the port is refused. Harmless when the server is not running."""
        server, self._server = self._server, None
        if server is None:
            return
        try:
            server.stop()
            await server.close_all_connections()
        finally:
            _Quiet.leave()

    async def __aenter__(self) -> BallotServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        typ: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
