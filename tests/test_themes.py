"""Themes: the projector theme's contrast, measured (WCAG 2 contrast ratio), and choosing one."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme

from pilot2prod.tui.themes import DEFAULT_THEME, PROJECTOR, theme_names

TEXT = ("text", "foreground", "text-muted", "text-accent", "text-primary", "text-error")
"""The text colours the app's screens use for words people read."""
BACKGROUNDS = ("background", "surface", "panel")


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    """The WCAG contrast ratio of two opaque colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def resolve(value: str, under: Color) -> Color:
    """A theme variable as the opaque colour it shows over *under* ("auto 87%" included)."""
    if value.startswith("auto"):
        parts = value.split()
        alpha = float(parts[1].rstrip("%")) / 100 if len(parts) > 1 else 1.0
        return under + under.get_contrast_text(alpha)
    return under + Color.parse(value)


def ratios(theme: Theme) -> dict[str, float]:
    variables = theme.to_color_system().generate()
    page = Color.parse(variables["background"])
    found = {}
    for base in BACKGROUNDS:
        under = resolve(variables[base], page)
        for text in TEXT:
            found[f"{text} on {base}"] = contrast(resolve(variables[text], under), under)
    return found


def test_contrast_arithmetic():
    assert contrast(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21.0)
    assert contrast(Color(119, 119, 119), Color(255, 255, 255)) == pytest.approx(4.48, abs=0.01)


def test_the_projector_theme_reads_at_7_to_1_or_more_everywhere():
    low = {k: round(v, 1) for k, v in ratios(PROJECTOR).items() if v < 7.0}
    assert low == {}


def test_the_default_theme_reads_at_4_5_to_1_or_more():
    low = {k: round(v, 1) for k, v in ratios(BUILTIN_THEMES[DEFAULT_THEME]).items() if v < 4.5}
    assert low == {}


def test_the_projector_theme_is_offered_with_textuals():
    names = theme_names()
    assert names[0] == "projector"
    assert DEFAULT_THEME in names


# --- Choosing a theme ---------------------------------------------------------------------------


def test_an_unknown_theme_is_a_usage_error_that_lists_the_themes(run, monkeypatch):
    """Typed with --theme, for any command; from $PILOT2PROD_THEME, where the app is drawn
    (a name mistyped in a shell's settings stopped `list` and `export` in scripts)."""
    result = run("--theme", "neon", "list")
    assert result.code == 2
    assert "unknown theme 'neon'" in result.err and "projector" in result.err
    monkeypatch.setenv("PILOT2PROD_THEME", "neon")
    assert run("list").code == 0
    assert run("export", "--example").code == 0
    refused = run("new", "Themed")  # (said before anything is written: no plan is left)
    assert refused.code == 2
    assert "unknown theme 'neon' in $PILOT2PROD_THEME" in refused.err and "projector" in refused.err
    assert run("list", "--json").out.strip() == "[]"
    assert run("new", "Themed", "--no-open").code == 0  # (--no-open draws nothing)
    from pilot2prod.cli.common import theme_from_environment  # (what the app's commands read)
    from pilot2prod.errors import UsageError

    with pytest.raises(UsageError, match=r"unknown theme 'neon' in \$PILOT2PROD_THEME.*projector"):
        theme_from_environment()
    monkeypatch.setenv("PILOT2PROD_THEME", "projector")
    assert theme_from_environment() == "projector"


async def test_a_theme_asked_for_is_shown_and_not_remembered(store, bank):
    from pilot2prod.tui.app import Pilot2ProdApp

    store.save_settings(theme="textual-light")
    app = Pilot2ProdApp(store, bank, cursor_blink=False, theme="projector")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "projector"
    assert store.settings()["theme"] == "textual-light"
    # Chosen in the palette, it is remembered as any theme is.
    again = Pilot2ProdApp(store, bank, cursor_blink=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"
        again.theme = "projector"
        await pilot.pause()
    assert store.settings()["theme"] == "projector"
