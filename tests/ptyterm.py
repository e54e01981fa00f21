"""A real pseudo-terminal for tests: start a command in a pty, type, read the screen (pyte).

Used by tests/test_pty.py and benchmarks/; the project's own harness (it does not depend on
anything outside the repository).
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence

import pyte

KEYS = {
    "enter": "\r",
    "tab": "\t",
    "shift+tab": "\x1b[Z",
    "escape": "\x1b",
    "backspace": "\x7f",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "pageup": "\x1b[5~",
    "pagedown": "\x1b[6~",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "delete": "\x1b[3~",
    "f1": "\x1bOP",
    "f2": "\x1bOQ",
    "f11": "\x1b[23~",
    "f12": "\x1b[24~",
}

SYNC_QUERY = b"\x1b[?2026$p"
"""DECRQM for synchronized output: does the terminal have it?"""
SYNC_ANSWER = b"\x1b[?2026;2$y"
"""It has it (2: not on now)."""
SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"
"""The brackets of a synchronized frame: a terminal that has it shows the frame at its end."""

_SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def colour_codes(data: bytes) -> int:
    """How many SGR colour codes *data* holds: 30-37, 40-47, 90-97, 100-107, 38;... and 48;...
    (default colours, 39 and 49, set no colour and are not counted)."""
    count = 0
    for match in _SGR.finditer(data):
        params = match.group(1).replace(b":", b";").split(b";")
        i = 0
        while i < len(params):
            value = int(params[i]) if params[i].isdigit() else 0
            if value in (38, 48):
                count += 1
                mode = params[i + 1] if i + 1 < len(params) else b""
                i += 3 if mode == b"5" else 5
                continue
            if 30 <= value <= 37 or 40 <= value <= 47 or 90 <= value <= 97 or 100 <= value <= 107:
                count += 1
            i += 1
    return count


_TOKEN = re.compile(r"<([a-z0-9+]+)>|(.)", re.S)


def key(name: str) -> str:
    if name.startswith("ctrl+"):
        return chr(ord(name[5:].lower()) - 96)
    return KEYS[name]


class Terminal:
    """A command running in a pty of a given size, rendered by pyte."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        cols: int = 80,
        rows: int = 24,
        env: dict[str, str] | None = None,
        controlling: bool = True,
        sync: bool = False,
    ) -> None:
        self.sync = sync
        """Whether to tell the command, when it asks (DECRQM 2026, as Textual does at start),
        that this terminal has synchronized output, as modern terminal emulators do: Textual
        then brackets each frame in :data:`SYNC_START` … :data:`SYNC_END`, and the frame
        shows whole at its end (:meth:`in_frame`)."""
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = dict(os.environ)
        full_env.update({"TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)})
        full_env.update(env or {})

        def make_controlling() -> None:  # runs in the child, after setsid
            if controlling:
                fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            start_new_session=True,
            preexec_fn=make_controlling,
            close_fds=True,
        )
        os.close(slave)
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.output = bytearray()
        self._asked = 0
        """Where the last question answered by :meth:`_answer` ends in :attr:`output`."""
        self.closed = False

    # --- Reading ------------------------------------------------------------------------------

    def read(self, timeout: float = 0.05) -> int:
        """Read what is available within *timeout*; returns the number of bytes read."""
        if self.closed:
            return 0
        total = 0
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self.master], [], [], max(remaining, 0))
            if not ready:
                return total
            try:
                data = os.read(self.master, 65536)
            except OSError:
                self.closed = True
                return total
            if not data:
                self.closed = True
                return total
            self.output += data
            self._answer(len(data))
            self.stream.feed(data)
            total += len(data)
            deadline = time.monotonic() + min(timeout, 0.05)

    def read_timed(self, timeout: float = 0.05) -> list[tuple[float, bytes]]:
        """What has arrived within *timeout* (waiting for the first piece), each piece with
        the moment it was read, not yet decoded: every piece there is read before any is
        decoded (:meth:`decode`), so the harness's own decoding (pyte takes a few
        milliseconds a kilobyte; a real terminal much less) delays none of the pieces read
        together (a piece that comes while the harness decodes is stamped when next read:
        late, never early). For timing what a person sees: the moment the bytes that show it
        reach the terminal."""
        pieces: list[tuple[float, bytes]] = []
        wait = timeout
        while not self.closed:
            ready, _, _ = select.select([self.master], [], [], wait)
            if not ready:
                break
            try:
                data = os.read(self.master, 65536)
            except OSError:
                data = b""
            if not data:
                self.closed = True
                break
            pieces.append((time.monotonic(), data))
            self.output += data
            self._answer(len(data))
            wait = 0.0  # (then only what is there already)
        return pieces

    def decode(self, data: bytes) -> None:
        """Put *data* (from :meth:`read_timed`) on the screen."""
        self.stream.feed(data)

    def in_frame(self) -> bool:
        """Whether what was read last leaves a synchronized frame open (begun, not ended): a
        terminal with synchronized output shows none of it yet."""
        return self.output.rfind(SYNC_START) > self.output.rfind(SYNC_END)

    def _answer(self, size: int) -> None:
        """Answer the question whether this terminal has synchronized output, if the last
        *size* bytes read asked it (a question cut between two reads is found too)."""
        if not self.sync:
            return
        at = max(self._asked, len(self.output) - size - len(SYNC_QUERY))
        while (at := self.output.find(SYNC_QUERY, at)) != -1:
            os.write(self.master, SYNC_ANSWER)
            at = self._asked = at + len(SYNC_QUERY)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 15.0) -> float:
        """Wait until *needle* is on screen; returns the seconds it took."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if needle in self.text():
                return time.monotonic() - start
            self.read(0.05)
            if self.closed and needle not in self.text():
                break
        raise AssertionError(f"{needle!r} not on screen after {timeout}s:\n{self.text()}")

    def wait_until(self, check, what: str, timeout: float = 15.0) -> float:
        """Wait until *check(screen text)* holds; *what* names it in the failure."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if check(self.text()):
                return time.monotonic() - start
            self.read(0.05)
            if self.closed:
                break
        raise AssertionError(f"{what} not true after {timeout}s:\n{self.text()}")

    def settle(self, quiet: float = 0.15, timeout: float = 10.0) -> int:
        """Read until nothing arrives for *quiet* seconds; returns bytes read."""
        total = 0
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            got = self.read(quiet)
            total += got
            if not got:
                break
        return total

    # --- Writing ------------------------------------------------------------------------------

    def type(self, text: str) -> None:
        for char in text:
            os.write(self.master, char.encode())
            self.read(0.01)

    def burst(self, keys: str) -> None:
        """Send *keys* in one write, as a fast typist or a laggy SSH link delivers them.

        Text stands for itself; ``<name>`` is a key (``one<tab>two<shift+tab>``).
        """
        data = "".join(key(name) if name else char for name, char in _TOKEN.findall(keys))
        os.write(self.master, data.encode("utf-8"))

    def paste(self, text: str) -> None:
        """Paste *text* the way a terminal with bracketed paste does, in one write."""
        os.write(self.master, ("\x1b[200~" + text + "\x1b[201~").encode("utf-8"))

    def press(self, *names: str) -> None:
        for name in names:
            os.write(self.master, key(name).encode())
            self.read(0.02)

    # --- Ending -------------------------------------------------------------------------------

    def signal(self, signum: int) -> None:
        self.proc.send_signal(signum)

    def wait(self, timeout: float = 10.0) -> int:
        """Wait for the process to exit (draining output); returns its exit status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read(0.05)
            code = self.proc.poll()
            if code is not None:
                self.read(0.05)
                return code
        raise AssertionError(f"the process did not exit within {timeout}s")

    def close(self) -> None:
        """Close the terminal side, like a window closing or a connection dropping."""
        if self.master >= 0:
            os.close(self.master)
            self.master = -1
            self.closed = True

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
        self.close()
