"""Ask for a file name, confirm an overwrite, write the Markdown: shared by home and preview."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from pilot2prod.store import slugify, write_atomic
from pilot2prod.text import for_terminal


def ask_and_export(app: App[object], name: str, document: str, folder: Path) -> None:
    from pilot2prod.tui.dialogs import Confirm, Prompt

    default = str(folder / f"{slugify(name)}.md")

    def check(value: str) -> str | None:
        if not value.strip():
            return "give a file name"
        if Path(value).expanduser().is_dir():
            return f"{value} is a folder; give a file name"
        return None

    def write(target: Path) -> None:
        try:
            write_atomic(target, document.encode("utf-8"))
        except OSError as exc:
            app.notify(
                f"Cannot write {target} ({exc.strerror or exc})",
                severity="error",
                timeout=8,
            )
            return
        app.notify(f"Exported to {target}")

    def chosen(value: str | None) -> None:
        if value is None:
            return
        target = Path(value.strip()).expanduser()
        if target.exists():

            def overwrite(yes: bool | None) -> None:
                if yes:
                    write(target)

            app.push_screen(
                Confirm(f"{for_terminal(str(target))} already exists. Overwrite it?", "Overwrite"),
                overwrite,
            )
        else:
            write(target)

    app.push_screen(
        Prompt("Export to Markdown", "Save the plan as:", default, "Export", check), chosen
    )
