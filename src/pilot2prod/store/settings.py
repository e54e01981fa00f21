"""The app's remembered settings (``<data dir>/settings.toml``), e.g. the theme last chosen."""

from __future__ import annotations

import contextlib
import re
import tomllib
from pathlib import Path
from typing import Any

from pilot2prod.keymap import Keymap, read_keymap
from pilot2prod.store.locations import DataDir
from pilot2prod.store.planfile import write_atomic


class Settings:
    """One data directory's settings file: read forgivingly, written without fuss."""

    def __init__(self, data: DataDir) -> None:
        self.data = data

    @property
    def settings_path(self) -> Path:
        return self.data.settings_path

    def _read(self) -> tuple[dict[str, Any], str]:
        """The settings and the file's text; ({}, "") when there is no file. Raises ValueError
        (with the reason) when the file is there but is not readable TOML."""
        try:
            text = self.settings_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}, ""
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(getattr(exc, "strerror", None) or str(exc)) from exc
        try:
            return tomllib.loads(text), text
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(str(exc)) from exc

    def settings(self) -> dict[str, Any]:
        """The app's remembered settings (e.g. the theme); empty when missing or unreadable."""
        try:
            return self._read()[0]
        except ValueError:
            return {}

    def keymap(self) -> Keymap:
        """The keys in use: ``[keys]`` of the settings, checked (what is refused says why)."""
        try:
            data = self._read()[0]
        except ValueError as exc:
            refused = Keymap()
            refused.refused.append(
                f"{self.settings_path} cannot be read ({exc}): its keys are not used until it "
                "is mended."
            )
            return refused
        return read_keymap(data.get("keys"), str(self.settings_path))

    def save_settings(self, **changes: str) -> None:
        """Remember settings, keeping the rest of the file as written (comments, [keys]); a
        file that cannot be read is never rewritten, and a failure to write is not worth
        interrupting anyone for."""
        import tomli_w  # deferred: settings are read at every start, written seldom

        try:
            data, text = self._read()
        except ValueError:
            return  # (someone's hand-made file with a mistake in it: theirs to mend)
        for name, value in changes.items():
            text = _with_top_level(text, name, value)
        with contextlib.suppress(ValueError, tomllib.TOMLDecodeError):
            if tomllib.loads(text) != data | changes:
                text = tomli_w.dumps(data | changes)  # (a layout this cannot edit in place)
        with contextlib.suppress(OSError):
            self.data.ensure()
            write_atomic(self.settings_path, text.encode("utf-8"))


def _with_top_level(text: str, name: str, value: str) -> str:
    """*text* with the top-level ``name = value`` set: its line replaced where it is (before
    any table), else a new line at the start; every other line kept as it was."""
    import tomli_w

    line = tomli_w.dumps({name: value}).strip()
    lines = text.splitlines()
    for index, old in enumerate(lines):
        stripped = old.strip()
        if stripped.startswith("["):
            break
        if re.match(rf"{re.escape(name)}\s*=", stripped):
            lines[index] = line
            return "\n".join(lines) + "\n"
    return "\n".join([line, *lines]) + "\n"
