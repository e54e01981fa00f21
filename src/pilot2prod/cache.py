"""The user's cache folder: work kept from one run for the next, so a plan opens sooner.

Two kinds of file live there (platformdirs' ``user_cache_dir``: ``~/.cache/pilot2prod`` on
Linux): the stylesheets Textual parsed (:mod:`pilot2prod.tui.style_cache`) and question banks
read as TOML, kept as JSON (:func:`kept_toml`, :func:`keep_toml`). Nothing there is a plan or
an answer; deleting the folder is always safe.

On POSIX systems a file there is read only when it is a regular file owned by the user that no
one else can write (never through a symbolic link), and written only into a folder of the
user's that no one else can write, private (0600), through a temporary file and a rename.
(Windows has neither owners nor modes to check: the folder is under the user's own profile.)
Failing to write (a full disk, a read-only home) is no error: the next run does the work again.
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path
from typing import Any

from msgspec import json as msgjson

from pilot2prod.digest import sha256_hex
from pilot2prod.fileio import make_private_dir, write_atomic

APP_NAME = "pilot2prod"
MAX_BYTES = 8 * 1024 * 1024
"""A larger file is never read (a question bank is at most 5 MB of TOML)."""
TOML_FOLDER = "toml"
KEEP_TOML = 20
"""Banks kept as JSON at most: the last written (a bank edited often leaves one per edit)."""


def cache_folder() -> Path:
    """The user's cache folder for pilot2prod (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def read_own(path: Path) -> bytes | None:
    """*path*'s bytes, or None when it is missing, not a regular file, larger than
    :data:`MAX_BYTES`, a symbolic link, or (on POSIX) another user's or writable by others."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        if hasattr(os, "getuid") and (
            info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        ):
            return None  # another user's file, or one others can change
        with os.fdopen(os.dup(fd), "rb") as file:
            return file.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def write_own(path: Path, data: bytes) -> bool:
    """Write *data* to *path*, private (a file there before, whatever its mode, is replaced);
    False (and nothing raised) when it cannot be written, or its folder is not safe to write
    in (:func:`_own_folder`)."""
    try:
        make_private_dir(path.parent)
        if not _own_folder(path.parent):
            return False
        path.unlink(missing_ok=True)  # (else write_atomic keeps the old file's mode)
        write_atomic(path, data, private=True, durable=False)
    except OSError:
        return False
    return True


def forget_others(path: Path, keep: int = 1) -> None:
    """Remove the files beside *path* with its suffix, but for *path* and the *keep* - 1 others
    written last (what older versions or other contents left); nothing raised."""
    try:
        others = [p for p in path.parent.glob(f"*{path.suffix}") if p != path]
        others.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in others[max(0, keep - 1) :]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _own_folder(folder: Path) -> bool:
    """Whether *folder* is a folder (not a link to one) that no one but the user can write in:
    else another user could put a link where a file is about to be written."""
    if not hasattr(os, "getuid"):
        return True
    info = os.lstat(folder)
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def kept_toml(raw: bytes, folder: Path | None, digest: str | None = None) -> dict[str, Any] | None:
    """What a run before kept in *folder* as the TOML *raw* (UTF-8) holds, or None. *digest*:
    :func:`~pilot2prod.digest.sha256_hex` of *raw*, when the caller has it already."""
    if folder is None:
        return None
    kept = read_own(_kept_path(raw, folder, digest))
    if kept is None:
        return None
    try:
        data = msgjson.decode(kept)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def keep_toml(
    raw: bytes, data: dict[str, Any], folder: Path | None, digest: str | None = None
) -> None:
    """Keep *data*, what the TOML *raw* holds, in *folder* for the next run, when JSON gives it
    back exactly (no dates). *digest*: as for :func:`kept_toml`."""
    if folder is not None and _json_holds(data):
        path = _kept_path(raw, folder, digest)
        if write_own(path, msgjson.encode(data)):
            forget_others(path, KEEP_TOML)


def _kept_path(raw: bytes, folder: Path, digest: str | None) -> Path:
    return folder / TOML_FOLDER / f"{digest or sha256_hex(raw)}.json"


def _json_holds(value: object) -> bool:
    """Whether JSON gives *value* back exactly (TOML's dates and times it does not)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_holds(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_json_holds(v) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str | int | bool)
