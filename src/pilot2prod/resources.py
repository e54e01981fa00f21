"""Where the bundled assets (question bank, example plan) live.

A wheel carries them inside the package as ``pilot2prod/assets``; an editable install or a
source checkout finds them in the repository's top-level ``assets/`` folder.
"""

from __future__ import annotations

from pathlib import Path

BANK_FILE = "question-bank.toml"
EXAMPLE_FILE = "example-plan.toml"
BANKS_FOLDER = "banks"
"""The other methods that ship with the program: ``assets/banks/*.toml``."""

_PACKAGE_DIR = Path(__file__).resolve().parent


def assets_dir() -> Path:
    """Return the folder that holds the bundled assets."""
    inside = _PACKAGE_DIR / "assets"
    if (inside / BANK_FILE).is_file():
        return inside
    # Editable install or running from a checkout: <repo>/src/pilot2prod -> <repo>/assets
    return _PACKAGE_DIR.parent.parent / "assets"


def bank_path() -> Path:
    """The built-in question bank."""
    return assets_dir() / BANK_FILE


def example_path() -> Path:
    """The bundled, fully answered example plan (never modified)."""
    return assets_dir() / EXAMPLE_FILE


def bundled_bank_paths() -> list[Path]:
    """The question banks bundled beside the built-in one (``assets/banks/*.toml``), by name."""
    folder = assets_dir() / BANKS_FOLDER
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == ".toml" and p.is_file())
    except OSError:
        return []
