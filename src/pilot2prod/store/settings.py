"""The app's remembered settings (``<data dir>/settings.toml``), e.g. the theme last chosen."""

from __future__ import annotations

import contextlib
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

    def settings(self) -> dict[str, Any]:
        """The app's remembered settings (e.g. the theme); empty when missing or unreadable."""
        try:
            data = tomllib.loads(self.settings_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return {}
        return data if isinstance(data, dict) else {}

    def keymap(self) -> Keymap:
        """The keys in use: ``[keys]`` of the settings, checked (what is refused says why)."""
        return read_keymap(self.settings().get("keys"), str(self.settings_path))

    def save_settings(self, **changes: str) -> None:
        """Remember settings; a failure to write them is not worth interrupting anyone for."""
        import tomli_w  # deferred: settings are read at every start, written seldom

        data = self.settings() | changes
        with contextlib.suppress(OSError):
            self.data.ensure()
            write_atomic(self.settings_path, tomli_w.dumps(data).encode("utf-8"))
