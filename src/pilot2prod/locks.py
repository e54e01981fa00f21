"""Who has a plan open, and the locks that keep saves from interleaving.

Every lock and window note of a data directory lives in ``<data dir>/locks/``, never beside the
plans, so a folder of plans kept in git sees only plan files:

* ``<file>.save.lock``: held for the milliseconds of a read-merge-write (:meth:`Locks.save_lock`);
* ``<file>.edit.lock``: held by the window that edits the plan, with a note saying who;
* ``<file>.window-<pid>.lock``: one per open window, with a note (JSON: who, ``role`` editing or
  following, and the ``step`` and ``question`` it is on) that a presenter follows.

They are ``flock`` locks (fileio.FileLock): they die with their process. A lock file is removed
by the process that holds it as it lets go, or by a later start that can take it (so nobody
holds it); a process that then gets the lock on a removed file takes the new one instead.
Earlier versions kept these files in ``plans/`` as ``.<file>.*.lock``: :meth:`Locks.tidy`
removes those nobody holds.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import re
import socket
import sys
from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec import json as msgjson

from pilot2prod import text
from pilot2prod.digest import sha256_hex
from pilot2prod.fileio import FileLock, remove_if_free
from pilot2prod.plan import now_iso

LOCK_SUFFIX = ".lock"
_OLD_LOCK = re.compile(r"^\..+\.(edit|save|window-\d+)\.lock$")
"""The lock files earlier versions left in plans/."""


def _note(data: dict[str, Any]) -> str:
    """*data* as a lock's note (JSON). A name the system gave in bytes it could not decode (a
    login name in another encoding) is kept escaped, as JSON does in ASCII."""
    try:
        return msgjson.encode(data).decode()
    except UnicodeEncodeError:
        import json  # (only for such a name: JSON's own module is not loaded otherwise)

        return json.dumps(data)


def _read_note(note: str) -> Any:
    """What a lock's note says (JSON); ValueError when it is not JSON. A note holding such an
    escaped name is read by JSON's own module (msgspec refuses the lone surrogate)."""
    try:
        return msgjson.decode(note)
    except ValueError:
        if "\\ud" not in note.lower():
            raise
        import json

        return json.loads(note)


class Holder(Struct, frozen=True):
    """Who holds a plan's edit lock, as the lock's note says."""

    pid: int | None = None
    user: str = ""
    host: str = ""
    tty: str = ""
    since: str = ""

    @classmethod
    def me(cls) -> Holder:
        try:
            user = getpass.getuser()
        except Exception:  # no login name in the environment
            user = ""
        tty = ""
        with contextlib.suppress(OSError, AttributeError, ValueError):
            tty = os.ttyname(sys.__stdin__.fileno()) if sys.__stdin__ else ""
        return cls(os.getpid(), user, socket.gethostname(), tty, now_iso())

    def as_dict(self) -> dict[str, Any]:
        return {
            "pid": self.pid,
            "user": self.user,
            "host": self.host,
            "tty": self.tty,
            "since": self.since,
        }

    @classmethod
    def from_note(cls, note: str) -> Holder:
        try:
            data = _read_note(note)
        except ValueError:
            return cls()
        return cls.from_data(data)

    @classmethod
    def from_data(cls, data: Any) -> Holder:
        """A holder from a note already read as JSON (anything else gives an unknown one)."""
        if not isinstance(data, dict):
            return cls()
        pid = data.get("pid")
        return cls(
            pid if isinstance(pid, int) else None,
            *(text.for_terminal(str(data.get(k, ""))) for k in ("user", "host", "tty", "since")),
        )

    def describe(self) -> str:
        """In words: 'in another window (jo on box, terminal /dev/pts/3, since 14:02 UTC)'."""
        parts = []
        if self.user or self.host:
            parts.append("@".join(p for p in (self.user, self.host) if p))
        if self.tty:
            parts.append(f"terminal {self.tty}")
        if self.pid:
            parts.append(f"process {self.pid}")
        if self.since:
            parts.append("since " + self.since.replace("T", " ")[:16] + " UTC")
        return "in another window" + (f" ({', '.join(parts)})" if parts else "")


class Place(Struct, frozen=True):
    """Where someone is in a plan: a step, and the question being answered when known."""

    step: str
    question: str | None = None


def _alive(holder: Holder) -> bool:
    """Whether the process a note names still runs (asked without touching any lock). A note
    from another machine (a shared folder) is believed."""
    if holder.pid is None or (holder.host and holder.host != socket.gethostname()):
        return True
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, run by someone else
    return True


def _same_folder(one: Path, other: Path) -> bool:
    """Whether two paths name one folder (however they are written: relative, through links)."""
    if one == other or os.path.abspath(one) == os.path.abspath(other):
        return True
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


class Locks:
    """The locks and window notes of the plans in *plans_dir*, kept in *folder*."""

    def __init__(self, folder: Path, plans_dir: Path) -> None:
        self.folder = Path(folder)
        self.plans_dir = Path(plans_dir)

    def key(self, path: Path) -> str:
        """The name a plan's locks start with: its file stem (a plan outside plans/, which
        the app never opens, gets a hash of its path too, so two never share a lock)."""
        if _same_folder(path.parent, self.plans_dir):
            return path.stem
        digest = sha256_hex(os.path.abspath(path).encode("utf-8", "replace"))
        return f"{path.stem}-{digest[:12]}"

    def path(self, plan: Path, kind: str) -> Path:
        """The lock file of *kind* (``save``, ``edit``, ``window-<pid>``) for *plan*."""
        return self.folder / f"{self.key(plan)}.{kind}{LOCK_SUFFIX}"

    def save_lock(self, path: Path) -> FileLock:
        """Held for the milliseconds of a read-merge-write, so saves never interleave."""
        return FileLock(self.path(path, "save"), tidy=True)

    def edit_lock(self, path: Path) -> FileLock:
        """Held by the window that edits a plan, for as long as it has the plan open."""
        return FileLock(self.path(path, "edit"), tidy=True)

    def take_edit_lock(self, path: Path) -> tuple[FileLock | None, Holder | None]:
        """The edit lock if it is free, else who holds it (from its note)."""
        lock = self.edit_lock(path)
        try:
            taken = lock.try_acquire()
        except OSError:
            return None, None  # a folder we cannot write to: saving will say so
        if taken:
            with contextlib.suppress(OSError):  # a full disk: the lock holds, its note is empty
                lock.write_note(_note(Holder.me().as_dict()))
            return lock, None
        return None, Holder.from_note(lock.read_note())

    def window_lock(self, path: Path, role: str) -> FileLock | None:
        """Say that this process has *path* open (``editing`` or ``following``): a lock with a
        note that dies with the process. The note also says where the window is in the plan
        (:meth:`say_place`), for a presenter view to follow. None when this process has said
        so already (a second session on the plan in one process).

        Raises OSError when the note cannot be written (a full disk, a read-only folder).
        """
        lock = FileLock(self.path(path, f"window-{os.getpid()}"), tidy=True)
        if not lock.try_acquire():
            return None
        try:
            lock.write_note(_note(Holder.me().as_dict() | {"role": role}))
        except OSError:
            lock.release()
            raise
        return lock

    @staticmethod
    def say_place(window: FileLock, place: Place) -> None:
        """Add where this window is to its note (a few bytes, not waiting for the disk)."""
        try:
            note = _read_note(window.note or "{}")
        except ValueError:
            note = {}
        note |= {"step": place.step, "question": place.question}
        with contextlib.suppress(OSError):
            window.write_note(_note(note))

    def _window_notes(self, path: Path) -> list[Path]:
        """The window notes of *path*, whoever left them."""
        pattern = re.compile(rf"^{re.escape(self.key(path))}\.window-\d+\{LOCK_SUFFIX}$")
        try:
            return sorted(p for p in self.folder.iterdir() if pattern.match(p.name))
        except OSError:
            return []

    def editing_place(self, path: Path) -> Place | None:
        """Where the scribe is in *path*: the editing window that moved last, from its note.
        Only reads: no lock is taken, so a presenter never gets in the scribe's way."""
        newest: tuple[int, Place] | None = None
        for note in self._window_notes(path):
            try:
                changed = note.stat().st_mtime_ns
                data = _read_note(note.read_text(encoding="utf-8", errors="replace"))
            except (OSError, ValueError):
                continue
            if not isinstance(data, dict) or data.get("role") != "editing":
                continue
            step, question = data.get("step"), data.get("question")
            if not isinstance(step, str) or not _alive(Holder.from_data(data)):
                continue
            place = Place(step, question if isinstance(question, str) else None)
            if newest is None or changed > newest[0]:
                newest = (changed, place)
        return newest[1] if newest is not None else None

    def other_windows(self, path: Path) -> list[tuple[str, Holder]]:
        """Other processes that have *path* open, with their role; notes whose process ended
        are removed (taken first, so never one a live window holds)."""
        found: list[tuple[str, Holder]] = []
        mine = self.path(path, f"window-{os.getpid()}")
        for note in self._window_notes(path):
            if note == mine or remove_if_free(note):
                continue
            text_note = FileLock(note).read_note()
            try:
                role = str(_read_note(text_note).get("role", "editing"))
            except (ValueError, AttributeError):
                role = "editing"
            found.append((role, Holder.from_note(text_note)))
        return found

    def tidy(self) -> None:
        """Remove lock files nobody holds: ours a crash left in locks/, and the ones earlier
        versions kept in plans/ (a window of an earlier version still open keeps its own)."""
        for folder, pattern in ((self.folder, None), (self.plans_dir, _OLD_LOCK)):
            try:
                names = [p for p in folder.iterdir() if p.name.endswith(LOCK_SUFFIX)]
            except OSError:
                continue
            for lock_file in names:
                if pattern is None or pattern.match(lock_file.name):
                    with contextlib.suppress(OSError):
                        if lock_file.is_file() and not lock_file.is_symlink():
                            remove_if_free(lock_file)
