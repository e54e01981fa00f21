"""Opening a plan, the same way whatever asked (home, ``open``, ``demo``, ``new --from``).

For editing: first the answers a window could not save in it are offered back (the recovery
offer), then its edit lock is taken; if another window is editing it, the person is asked first
(follow it read-only, edit here as well, or cancel); then its session opens in the wizard.

For presenting (``pilot2prod present``): the presenter view on its own, no lock, no session.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App

from pilot2prod import resources
from pilot2prod.bank import Bank
from pilot2prod.errors import Pilot2ProdError
from pilot2prod.fileio import FileLock
from pilot2prod.plan import Plan
from pilot2prod.store import Store, to_check
from pilot2prod.text import clean
from pilot2prod.tui.keys import shown
from pilot2prod.tui.recovery_offer import RecoveryOffer
from pilot2prod.tui.session import PlanSession

if TYPE_CHECKING:  # (the vote module loads only for a vote)
    from pilot2prod.vote import Request as VoteRequest


class PlanOpener:
    """Opens plans for the app: handed the app (to show screens and notices), the store, the
    bank, the recovery offer, and how to show the list of plans when an opening stops."""

    def __init__(
        self,
        app: App[Any],
        store: Store,
        bank: Bank,
        recovery: RecoveryOffer,
        show_home: Callable[[], None],
        *,
        workshop: bool = False,
        vote: VoteRequest | None = None,
        chosen: dict[Path, Bank] | None = None,
    ) -> None:
        self.app = app
        self.store = store
        self.bank = bank
        """The bank for new plans and the example; a plan opens with its own (:meth:`bank_of`)."""
        self.chosen = dict(chosen or {})
        """Banks chosen for plans already (``open --bank``), by the plan's path."""
        self.recovery = recovery
        self.show_home = show_home
        self.workshop = workshop
        """Start the workshop timer on the plan opened first (``open --workshop``)."""
        self.vote = vote
        """Start a silent vote on the plan opened first (``pilot2prod vote``)."""

    def open(self, path: Path, step_id: str | None = None, question_id: str | None = None) -> None:
        """Open a plan for editing: first offer back the answers a window could not save in
        it, then take the edit lock; if another window is editing it, ask first.

        (Callbacks, not a worker: opened at start, the plan's first question, or the plan
        itself, must be the app's first screen, pushed before the app checks the window's
        size and before it says it has started.)
        """
        self.recovery.offer(
            self.store.recoveries(path), then=lambda: self._edit(path, step_id, question_id)
        )

    def open_example(self) -> None:
        """The data directory's copy of the bundled example, made if needed, then opened."""
        try:
            path = self.store.demo(resources.example_path(), self.bank.order)
        except (Pilot2ProdError, OSError) as exc:
            self.app.notify(str(exc), severity="error", timeout=10)
            return
        self.open(path)

    def present(self, path: Path, exit_messages: list[str]) -> None:
        """The presenter view on its own (``pilot2prod present``): no lock, no session. A plan
        that cannot be read ends the app, its problem added to *exit_messages*."""
        from pilot2prod.tui.screens.presenter import FileFeed, PresenterScreen

        try:
            plan = self.store.load(path)
            bank = self.bank_of(path, plan)
        except (Pilot2ProdError, OSError) as exc:
            exit_messages.append(f"pilot2prod: {clean(str(exc))}")
            self.app.exit(return_code=1)
            return
        self.app.push_screen(PresenterScreen(bank, FileFeed(self.store, path, plan)))

    def bank_of(self, path: Path, plan: Plan) -> Bank:
        """The bank *plan* opens with: the one chosen for it, else its own (kept, bundled or
        built in; BankMissingError when none is here)."""
        chosen = self.chosen.get(path)
        if chosen is not None and (not plan.bank_id or chosen.id == plan.bank_id):
            return chosen
        at_hand = self.bank  # the app's own, when it is the very bank the plan was made with
        if plan.bank_hash and (plan.bank_id, plan.bank_hash) == (
            at_hand.id,
            at_hand.fingerprint[:12],
        ):
            return at_hand
        return self.store.plan_bank(plan)

    def _edit(self, path: Path, step_id: str | None, question_id: str | None) -> None:
        """Take the plan's edit lock and open it; if another window is editing it, ask first."""
        lock, holder = self.store.take_edit_lock(path)
        if holder is None:
            self._open_session(path, step_id, question_id, lock=lock)
            return
        from pilot2prod.tui.dialogs import Choose  # deferred: most opens ask nothing

        def chosen(choice: str | None) -> None:
            if choice in ("follow", "edit"):
                self._open_session(path, step_id, question_id, read_only=choice == "follow")
            else:
                self.show_home()

        self.app.push_screen(
            Choose(
                "This plan is open in another window",
                f"{path.name} is being edited {holder.describe()}. Answers from both windows "
                "are merged as they are saved; an answer changed in both is kept from the "
                "later one, and the other is listed as a conflict.",
                [
                    ("follow", "Follow it read-only (its answers show here as they are saved)"),
                    ("edit", "Edit here as well"),
                    ("cancel", "Cancel"),
                ],
            ),
            chosen,
        )

    def _open_session(
        self,
        path: Path,
        step_id: str | None,
        question_id: str | None,
        *,
        read_only: bool = False,
        lock: FileLock | None = None,
    ) -> None:
        try:
            plan = self.store.load(path)
            bank = self.bank_of(path, plan)
            if self.chosen.get(path) is bank:  # (--bank: it sticks to the plan once edited)
                record_bank(plan, bank)
            session = PlanSession(self.store, bank, path, plan, read_only=read_only, lock=lock)
        except Pilot2ProdError as exc:
            if lock is not None:
                lock.release()
            self.show_home()
            self.app.notify(str(exc), severity="error", timeout=10)
            return
        # For the first plan opened only:
        (workshop, self.workshop), (vote, self.vote) = (self.workshop, False), (self.vote, None)
        from pilot2prod.tui.wizard import WizardScreen  # (not at start: Home needs none)

        wizard = WizardScreen(session, step_id, question_id, workshop=workshop, vote=vote)
        self.app.push_screen(wizard)
        if not read_only:
            remind_copied(self.app, bank, plan)


def remind_copied(app: App[Any], bank: Bank, plan: Plan) -> None:
    """Texts copied from another plan (``new --from``, home's F) and not yet checked: say how
    many, and where they are listed, each time the plan opens for editing."""
    copied = to_check(bank, plan)
    if copied:
        texts = f"{len(copied)} text{'s' if len(copied) != 1 else ''}"
        review = shown(app, "wizard.review")
        app.notify(
            f"{texts} copied from {copied[0].source}: check them for client details in the "
            f"review ({review})",
            timeout=10,
        )


def record_bank(plan: Plan, bank: Bank) -> None:
    """A plan edited with another version (or content) of its own bank, chosen with --bank, is
    saved saying so, and opens with it next time. (A bank found by the plan's own record needs
    no recording: it is found again; so a plan's file changes only where someone edits it.)"""
    digest = bank.fingerprint[:12]
    moved = plan.bank_version != bank.version or (plan.bank_hash and plan.bank_hash != digest)
    if plan.bank_id == bank.id and digest and moved:
        plan.bank_version, plan.bank_hash = bank.version, digest
