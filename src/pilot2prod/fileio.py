"""File primitives for the store: atomic writes that keep a file's mode, private folders,
advisory locks and size limits. Nothing here knows what a plan is.

* :func:`write_atomic` writes through a synced temporary file in the target's folder and renames
  it over the target, so a crash leaves the old file or the new one. A file that exists keeps
  its mode; a new one is private (0600) in the data directory, or follows the umask elsewhere
  (an export to a path the user chose). A symbolic link is written through to its target.
* :func:`make_private_dir` creates folders as 0700: plan names often carry client names.
* :class:`FileLock` is an ``flock`` on a lock file: it dies with its process, so a crash never
  leaves a plan locked. A lock file is only ever removed by a process that holds its lock, and
  a taker checks, once it has the lock, that the file it locked is still the one at the path
  (else it takes the new one): so removing a lock file never lets two processes hold it. Where
  ``fcntl`` does not exist (Windows) locks are no-ops.
* :func:`read_limited` refuses what is not a regular file (``/dev/zero``, a FIFO) or is larger
  than :data:`MAX_FILE_BYTES`, instead of hanging or filling memory.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

if sys.platform != "win32":  # Windows has no fcntl: locks are no-ops there
    import fcntl

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Plans and question banks larger than this (5 MB) are refused: no plan comes near it."""
STALE_TEMP_SECONDS = 600
"""A temporary file left by a killed save is removed once it is older than this (10 minutes)."""
TEMP_SUFFIX = ".tmp"


class FileRefused(OSError):
    """A file that is not a regular file, or is too large; ``reason`` says which in words."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def make_private_dir(path: Path) -> None:
    """Create *path* and any missing parents as 0700 folders (existing ones are left alone)."""
    missing: list[Path] = []
    probe = Path(path)
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)


def read_limited(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file no larger than *limit* (default :data:`MAX_FILE_BYTES`);
    :class:`FileRefused` otherwise. Other errors (missing, a folder, no permission) are raised
    as the usual OSErrors.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "Is a directory", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(path, "it is not a regular file (a device, a pipe or a socket)")
    if info.st_size > limit:
        size = info.st_size / 1024 / 1024
        raise FileRefused(path, f"it is {size:.1f} MB, more than the {limit // 2**20} MB limit")
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(path, f"it is more than the {limit // 2**20} MB limit")
    return data


def write_target(path: Path) -> Path:
    """Where writing *path* lands: a symbolic link's target, else *path* itself."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)


def write_atomic(path: Path, data: bytes, *, private: bool = True, durable: bool = True) -> None:
    """Replace *path* with *data* through a synced temporary file in the same folder.

    An existing file keeps its mode. A new file is 0600 when *private*, else it follows the
    umask. A symbolic link stays a link: its target is replaced. Without *durable* nothing is
    synced to the disk (for files worth no wait, such as where a plan was left): readers still
    see the old file or the new one, never a mixture.
    """
    target = write_target(Path(path))
    folder = target.parent
    if private:
        make_private_dir(folder)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o600 if private else 0o666 & ~current_umask()
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.stem}.", suffix=TEMP_SUFFIX)
    except OSError as exc:
        raise naming(exc, target) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise naming(exc, target) from None
        raise
    if durable:
        _fsync_dir(folder)


def naming(exc: OSError, path: Path) -> OSError:
    """*exc* naming *path* when it names no file (a ``write`` or ``fsync`` that failed on a
    full disk says only "No space left on device"), so a message can say which file."""
    if not exc.filename and exc.errno is not None and exc.strerror:
        exc.filename = str(path)
    return exc


def disk_full(exc: BaseException) -> bool:
    """Whether *exc* says the disk (or the user's quota) is full."""
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temp_files(
    folder: Path,
    older_than: float = STALE_TEMP_SECONDS,
    *,
    pattern: str = f".*{TEMP_SUFFIX}",
    empty_only: bool = False,
) -> list[Path]:
    """Remove ``.*.tmp`` files a killed save left in *folder* (or files matching *pattern*,
    only empty ones with *empty_only*), once they are old enough that no other window can
    still be writing them. Returns what was removed."""
    removed: list[Path] = []
    now = time.time()
    try:
        candidates = list(folder.glob(pattern))
    except OSError:
        return removed
    for candidate in candidates:
        try:
            info = candidate.lstat()
            if empty_only and info.st_size:
                continue
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than:
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            continue
    return removed


class FileLock:
    """An exclusive ``flock`` on *path* (created 0600 if missing): released when the lock is
    closed or its process ends, however it ends.

    With *tidy*, the holder removes the file as it lets go (a folder of locks holds only the
    ones in use). That is safe because a file is removed only while its lock is held, and a
    taker who then gets the lock on the removed file sees that the path no longer leads to it
    and takes the lock again, on the file now there.
    """

    def __init__(self, path: Path, *, tidy: bool = False) -> None:
        self.path = Path(path)
        self.tidy = tidy
        self._fd: int | None = None
        self.note = ""
        """The note this holder last wrote."""

    @property
    def held(self) -> bool:
        return self._fd is not None

    def _take(self, wait: bool) -> int | None:
        """A descriptor of the file at the path, locked; None when another holds it."""
        make_private_dir(self.path.parent)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            if sys.platform == "win32":  # pragma: no cover
                return fd
            try:
                fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return None
            except BaseException:
                os.close(fd)
                raise
            if self._still_there(fd):
                return fd
            os.close(fd)  # removed (or replaced) while we waited: lock the one there now

    def _still_there(self, fd: int) -> bool:
        try:
            mine, there = os.fstat(fd), os.stat(self.path)
        except FileNotFoundError:
            return False
        return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)

    def try_acquire(self) -> bool:
        """Take the lock if no other holder has it; never waits."""
        if self._fd is None:
            self._fd = self._take(wait=False)
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, waiting for the holder (saves hold it for milliseconds)."""
        if self._fd is None:
            self._fd = self._take(wait=True)

    def write_note(self, text: str) -> None:
        """Say who holds the lock, for others to read (only while holding it)."""
        if self._fd is None:
            return
        os.ftruncate(self._fd, 0)
        data = text.encode("utf-8")
        if os.pwrite(self._fd, data, 0) != len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.path))
        self.note = text

    def read_note(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def release(self) -> None:
        """Let go; a *tidy* lock's file is removed first (while still held: see the class)."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            if self.tidy and self._still_there(fd):
                with contextlib.suppress(OSError):
                    os.unlink(self.path)
            with contextlib.suppress(OSError):
                os.close(fd)  # closing the descriptor releases the flock

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def remove_if_free(path: Path) -> bool:
    """Remove the lock file *path* if no process holds its lock (taken first, so no holder can
    come between); True when it was removed."""
    lock = FileLock(path, tidy=True)
    try:
        if not lock.try_acquire():
            return False
    except OSError:
        return False
    lock.release()
    return True


@contextlib.contextmanager
def locked(path: Path) -> Iterator[FileLock]:
    """Hold an exclusive lock on *path* for the duration of a ``with`` block."""
    lock = FileLock(path)
    lock.acquire()
    try:
        yield lock
    finally:
        lock.release()
