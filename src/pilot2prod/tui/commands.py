"""Command palette: jump to any step or question by typing part of its title."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from pilot2prod.tui.screens.wizard import WizardScreen


class WizardCommands(Provider):
    """Steps, questions and the wizard's actions."""

    def _wizard(self) -> WizardScreen | None:
        from pilot2prod.tui.screens.wizard import WizardScreen

        screen = self.screen
        return screen if isinstance(screen, WizardScreen) else None

    def _entries(self, wizard: WizardScreen) -> list[tuple[str, object, str]]:
        entries: list[tuple[str, object, str]] = [
            ("Review answers and gaps", wizard.action_review, "Ctrl+R"),
            ("Preview the plan (and export it)", wizard.action_preview, "Ctrl+O"),
            ("Export the plan to Markdown", wizard.action_export, ""),
            ("Dashboard: risk, readiness, budget, verdict", wizard.action_dashboard, "F2"),
            ("Conflicts: answers changed in two windows at once", wizard.action_conflicts, ""),
        ]
        bank = wizard.bank
        for step in wizard.steps:
            phase = bank.phase(step.phase_id)
            where = phase.label if step.title == phase.title else f"{phase.label} › {step.title}"
            entries.append((f"Go to step: {where}", partial(wizard.go_to, step.id), ""))
        for step in wizard.steps:
            for question in step.questions:
                entries.append(
                    (
                        f"Question: {question.prompt}",
                        partial(wizard.go_to, step.id, question.id),
                        step.title,
                    )
                )
        return entries

    async def discover(self) -> Hits:
        wizard = self._wizard()
        if wizard is None:
            return
        for text, command, help_text in self._entries(wizard)[:5]:
            yield DiscoveryHit(text, command, help=help_text or None)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        wizard = self._wizard()
        if wizard is None:
            return
        matcher = self.matcher(query)
        for text, command, help_text in self._entries(wizard):
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, help=help_text or None)  # type: ignore[arg-type]
