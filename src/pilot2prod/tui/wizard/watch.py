"""Other windows on the same plan: what they saved, and whether one has opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pilot2prod.tui.keys import shown

if TYPE_CHECKING:
    from pilot2prod.locks import Holder
    from pilot2prod.tui.wizard.host import WizardHost

WATCH_EVERY = 1.0
"""Seconds between looks at the plan file for what another window saved."""


class OtherWindows:
    """Looks, once a second, at the plan file and at who else is editing it, and shows the
    wizard what it finds."""

    def __init__(self, wizard: WizardHost) -> None:
        self.wizard = wizard
        self.session = wizard.session
        self.editing = self._editing()

    def _editing(self) -> set[Holder]:
        return {holder for role, holder in self.session.others() if role == "editing"}

    async def look(self) -> None:
        """What another window saved, and whether another window opened."""
        if self.session.check_disk() is not None:
            await self.wizard.show_updates()
        editing = self._editing()
        for holder in editing - self.editing:
            self.wizard.notify(
                f"Also being edited {holder.describe()}; answers are merged as they are saved.",
                timeout=8,
            )
        self.editing = editing

    async def apply_updates(self) -> None:
        """Rebuild the fields whose answers another window saved, and say when both windows
        changed the same answer."""
        wizard, bank = self.wizard, self.wizard.bank
        palette = shown(wizard.app, "app.command_palette")
        for saved in self.session.take_updates():
            await wizard.refresh_fields(saved.theirs_changed)
            for record in saved.conflicts:
                question = bank.question(str(record.get("question", "")))
                about = f"'{question.prompt}'" if question else "an answer"
                wizard.notify(
                    f"{about[:1].upper()}{about[1:]} was changed in two windows at once: the "
                    f"later answer is kept, the other is under Conflicts ({palette}).",
                    severity="warning",
                    timeout=12,
                )
