"""The palette's "Save screenshot": the screen as an SVG file, and a notice saying where."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from textual.app import App


def save_screenshot(
    app: App[Any], last_resort: Path, filename: str | None = None, path: str | None = None
) -> None:
    """Save *app*'s screen as an SVG in *path* when given; else in the downloads folder when
    there is one, else in the current folder, else in *last_resort* (the data directory)."""
    from platformdirs import user_downloads_dir

    name = filename or f"pilot2prod-{time.strftime('%Y-%m-%dT%H%M%S')}.svg"
    places = [Path(path)] if path else [Path(user_downloads_dir()), Path.cwd(), last_resort]
    svg = app.export_screenshot()
    problem = ""
    for folder in places:
        if not folder.is_dir():
            continue
        target = folder / name
        try:
            target.write_text(svg, encoding="utf-8")
        except OSError as exc:
            problem = f"cannot save a screenshot in {folder} ({exc.strerror or exc})"
            continue
        app.notify(f"Screenshot saved: {target}", timeout=8)
        return
    app.notify(problem or "No folder to save the screenshot in.", severity="error")
