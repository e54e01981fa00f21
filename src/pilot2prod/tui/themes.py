"""pilot2prod's own themes, beside Textual's: a projector theme for the back of a room."""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter, Monochrome
from textual.filter import NoColor as TextualNoColor
from textual.theme import BUILTIN_THEMES, Theme

PROJECTOR = Theme(
    name="projector",
    dark=True,
    # Black page, white text, one bright yellow for what matters (the current question, the
    # keys): the most contrast a projector can show, and no dim text at all.
    background="#000000",
    surface="#242424",
    panel="#303030",
    foreground="#FFFFFF",
    primary="#5EC8FF",
    secondary="#FFFFFF",
    accent="#FFD500",
    warning="#FFD500",
    error="#FF8A8A",
    success="#6CFF6C",
    variables={
        "text-muted": "#E8E8E8",
        "text-disabled": "#C8C8C8",
        "text-accent": "#FFD500",
        "text-primary": "#5EC8FF",
        "text-error": "#FF8A8A",
        "text-success": "#6CFF6C",
        "text-warning": "#FFD500",
        "footer-background": "#303030",
        "footer-foreground": "#FFFFFF",
        "footer-key-foreground": "#FFD500",
        "footer-description-foreground": "#FFFFFF",
        "border": "#FFD500",
        "border-blurred": "#FFFFFF",
        "block-cursor-background": "#FFD500",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#5EC8FF 50%",
    },
)
"""Maximum contrast for a projected screen: every text colour is at least 7:1 on every
background it is shown on (tests/test_themes.py measures it)."""

THEMES = (PROJECTOR,)
"""Themes the app adds to Textual's."""

DEFAULT_THEME = "textual-dark"


def theme_names() -> list[str]:
    """Every theme the app offers, ours first."""
    return [theme.name for theme in THEMES] + sorted(BUILTIN_THEMES)


class NoColour(LineFilter):
    """Every colour taken out, bold, reverse, underline and dim kept: what NO_COLOR asks for.

    Textual's own NO_COLOR filter turns colours into greys, which still writes colour codes;
    this one writes none. The stylesheet's ``:nocolor`` rules show focus, cursors and
    selections with reverse video and bold instead.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        plain = _without_colour
        return [
            Segment(text, None if style is None else plain(style), control)
            for text, style, control in segments
        ]


@lru_cache(maxsize=1024)
def _without_colour(style: Style) -> Style:
    return style.without_color


def use_no_colour(filters: list[LineFilter]) -> None:
    """Replace Textual's NO_COLOR filters in *filters* (an app's) with :class:`NoColour`."""
    filters[:] = [f for f in filters if not isinstance(f, Monochrome | TextualNoColor)]
    filters.append(NoColour())
