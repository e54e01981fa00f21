"""What a plan's short summary (home's and ``list``'s, kept in the data directory's index)
depends on besides the plan, and how its readiness reads: light, so that a list whose
summaries all come from the index never loads :mod:`pilot2prod.insight`, which works them out
(about 25 ms to import, with the modules it needs)."""

from __future__ import annotations

from pilot2prod.bank import Bank

SUMMARY_VERSION = 2
"""Bump when ``insight.summary`` changes what it computes: indexed summaries are then
recomputed."""


def summary_key(bank: Bank) -> str:
    """What summaries depend on: the bank's content and this program's rules."""
    from pilot2prod import __version__

    return f"{bank.id}:{bank.version}:{bank.fingerprint}:{__version__}:{SUMMARY_VERSION}"


def ready_text(summary: dict[str, object]) -> str:
    """A summary's readiness and verdict as ``list`` and history show them ("80% GO",
    "n/a NO-GO"), or "" for a plan whose bank has no checklist."""
    verdict = summary.get("verdict")
    if not verdict:
        return ""
    ready = summary.get("readiness")
    return f"{'n/a' if ready is None else f'{ready}%'} {verdict}"
