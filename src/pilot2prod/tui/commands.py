"""Command palette: what the screen on top offers (its actions, steps and questions).

The provider knows no screen: it asks the screen for its entries (``command_entries()``), so
screens import this module and never the other way round.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

from textual.app import SystemCommand
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider


class Entry(NamedTuple):
    """One thing the palette offers."""

    text: str
    """What the palette shows (and what is searched)."""
    run: Callable[[], Any]
    help: str = ""
    """A short help text under it, or ""."""
    place: bool = False
    """A step or a question to go to (the go-to palette ranks these before commands)."""


DISCOVER = 5
"""How many entries show before anything is typed: the screen's own actions."""
PLACE = 10_000
"""What a step or question adds to its score in the go-to palette (far above any match)."""


KEPT_FROM_TEXTUAL = frozenset({"Theme", "Quit"})
"""Textual's own palette commands that stay as they are: Theme, and Quit (the app's, which saves
and asks about answers it could not save)."""


def system_commands(
    textual: Iterable[SystemCommand], screenshot: Callable[[], Any]
) -> Iterator[SystemCommand]:
    """What the palette offers on every screen, of Textual's own commands (*textual*): those
    kept as they are, and Screenshot as the app saves one (*screenshot*: the downloads folder,
    else the current one, else the data directory, the notice saying where; Textual's knows
    only the downloads folder). Not Keys: F1 is the help, and Textual's keys panel squeezed the
    page beside it, listing a text box's inner keys, and Escape then left the plan. Nor
    Maximize: one widget alone on the screen, the header and the key bar hidden."""
    for command in textual:
        if command.title in KEPT_FROM_TEXTUAL:
            yield command
    yield SystemCommand("Screenshot", "Save a picture of this screen (an SVG file)", screenshot)


def _entries(provider: Provider) -> list[Entry]:
    offer = getattr(provider.screen, "command_entries", None)
    return [Entry(*entry) for entry in offer()] if callable(offer) else []


class ScreenCommands(Provider):
    """The entries of the screen on top, when it offers any."""

    PLACES_FIRST = False
    """Whether steps and questions rank before the screen's commands."""

    async def discover(self) -> Hits:
        entries = _entries(self)
        if self.PLACES_FIRST:
            entries = [e for e in entries if e.place] + [e for e in entries if not e.place]
        for entry in entries[:DISCOVER]:
            yield DiscoveryHit(entry.text, entry.run, help=entry.help or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        wanted = " ".join(query.split()).casefold()
        for entry in _entries(self):
            score = matcher.match(entry.text)
            if score > 0:
                # Textual's fuzzy scores are small numbers (a few dozen at most): a place
                # lifted by PLACE always ranks before a command, and a place named exactly as
                # typed ("Organisation") before one that only contains it ("Organisational").
                if self.PLACES_FIRST and entry.place:
                    name = entry.text.split(": ", 1)[-1].casefold()
                    score += 2 * PLACE if name == wanted else PLACE
                yield Hit(score, matcher.highlight(entry.text), entry.run, help=entry.help or None)


class PlacesFirst(ScreenCommands):
    """Go to (Ctrl+G): the same entries, steps and questions first."""

    PLACES_FIRST = True


def go_to_palette() -> CommandPalette:
    """The palette Ctrl+G opens: steps and questions before screens and commands."""
    return CommandPalette(
        providers=[PlacesFirst],
        placeholder="Go to a step or question: type part of its title…",
        id="--command-palette",
    )
