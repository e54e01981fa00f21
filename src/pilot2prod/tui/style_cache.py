"""Stylesheets parsed in earlier runs, kept in the user's cache folder.

Textual parses the app's stylesheets and every widget's default styles each time the app
starts. The rules it parses are kept in one file in the user's cache folder
(``~/.cache/pilot2prod`` on Linux, platformdirs' ``user_cache_dir``), per Textual installed and
Python version, and handed back to the parser the next time (:mod:`.compat.styles`): a plan
opens 20 to 40 ms sooner, by the machine's speed, and a screen opened for the first time (the
dashboard, the preview) sooner too. What is parsed anew (a first run, a new theme, a screen not
opened before) is pickled and written once the screen showing it has been drawn.

The file is a pickle, read only when it is a regular file owned by the user and writable by no
one else (:func:`pilot2prod.cache.read_own`), in a folder made private (0700): what it holds
runs as code when it is read, so it is trusted as much as the user's own Python files, never
more. Anything wrong with it (cut short, from another version, unreadable) is ignored: the
stylesheets are parsed as they would be without it, and the file is written anew. Deleting it
is always safe.
"""

from __future__ import annotations

import pickle
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import textual
from textual.css.stylesheet import Stylesheet

from pilot2prod.cache import cache_folder, forget_others, read_own, write_own
from pilot2prod.digest import sha256_hex
from pilot2prod.tui.compat.styles import Rules, is_rules, keep_parsed_rules

PREFIX = "styles-"
SUFFIX = ".pickle"
KEEP = 200
"""Parsed sources kept at most (about 40 for a plan's first screen, more with other screens
and themes): the last used."""


TEXTUAL_FILES = (
    "__init__.py",
    "color.py",
    "geometry.py",
    "css/model.py",
    "css/styles.py",
    "css/stylesheet.py",
    "css/scalar.py",
    "css/types.py",
    "layouts/factory.py",
)
"""The files of Textual's that define what a parsed rule is made of."""


def textual_stamp() -> str:
    """What tells one installed Textual from another: its folder, and the size and time of the
    files that define parsed rules (an upgrade rewrites them). Not Textual's version string,
    which loads ``importlib.metadata`` and reads every installed package's metadata."""
    folder = Path(textual.__file__).parent
    seen: list[object] = [str(folder)]
    for name in TEXTUAL_FILES:
        try:
            info = (folder / name).stat()
            seen.append((name, info.st_size, info.st_mtime_ns))
        except OSError:
            seen.append((name, None))
    return sha256_hex(repr(seen).encode())[:16]


def source_key(data: bytes) -> str:
    """What a parsed source is kept under: two checksums of what identifies it (its text, where
    it was read from, the theme's variables) and its length. About 130 KB of stylesheets are
    keyed as a plan opens: checksums take a tenth of a millisecond, SHA-256 without OpenSSL
    more than half of one. The file is the user's own, read as trusted as their own code: a key
    need only tell sources apart, not resist anyone."""
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


class StyleCache:
    """The parsed stylesheets of one cache folder, for this Textual and this Python.

    The file holds a dict of pickles, one per parsed source: reading it costs next to nothing,
    and only the sources a run uses are unpickled (a screen never opened costs nothing)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = cache_folder() if folder is None else folder
        """Where the file is: the user's cache folder unless given."""
        name = f"{PREFIX}{sys.implementation.cache_tag}-{textual_stamp()}{SUFFIX}"
        self.path = self.folder / name
        self.stored: dict[str, bytes] = {}
        """Each source's pickled rules, by key, the last used last."""
        self.fresh: dict[str, Rules] = {}
        """Rules parsed anew in this run, pickled when saved (not while a frame waits)."""
        self.unsaved = False
        self._schedule: Callable[[Callable[[], None]], Any] | None = None

    def attach(self, stylesheet: Stylesheet, schedule: Callable[[Callable[[], None]], Any]) -> None:
        """Hand *stylesheet*'s parser what earlier runs parsed; *schedule* runs a save later
        (the app's ``call_after_refresh``: once what was parsed anew is on screen)."""
        self.stored = self.load()
        self._schedule = schedule
        keep_parsed_rules(stylesheet, self.rules, self.add, source_key)

    def rules(self, key: str) -> Rules | None:
        """The rules stored under *key*, or None (not stored, or not readable as rules)."""
        if key in self.fresh:
            return self.fresh[key]
        data = self.stored.pop(key, None)
        if data is None:
            return None
        try:
            rules = pickle.loads(data)
        except Exception:  # (a pickle from elsewhere raises almost anything)
            return None
        if not is_rules(rules):
            return None
        self.stored[key] = data  # (used: kept last, where a trim keeps)
        return rules

    def add(self, key: str, rules: Rules) -> None:
        """Keep *rules*, parsed anew (Textual never changes parsed rules); a save is scheduled
        (one at a time)."""
        self.fresh[key] = rules
        if not self.unsaved:
            self.unsaved = True
            if self._schedule is not None:
                self._schedule(self.save)

    def load(self) -> dict[str, bytes]:
        """What the file holds, or nothing when it is missing, not safe to read
        (:func:`~pilot2prod.cache.read_own`), or not what this version writes."""
        try:
            data = read_own(self.path)
            stored = pickle.loads(data) if data is not None else {}
        except Exception:  # (a file cut short raises almost anything)
            return {}
        if not isinstance(stored, dict):
            return {}
        return {k: v for k, v in stored.items() if isinstance(k, str) and isinstance(v, bytes)}

    def save(self) -> None:
        """Write what is stored (the :data:`KEEP` last used) when something was parsed anew,
        and take away files other versions wrote. A failure (a full disk, a read-only home)
        is ignored: the next run parses again."""
        if not self.unsaved:
            return
        self.unsaved = False
        fresh, self.fresh = self.fresh, {}
        for key, rules in fresh.items():
            try:
                self.stored[key] = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # (a rule Textual can no longer pickle: parsed again next time)
                continue
        kept = dict(list(self.stored.items())[-KEEP:])
        if write_own(self.path, pickle.dumps(kept)):
            forget_others(self.path)
