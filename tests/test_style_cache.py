"""Parsed stylesheets kept between runs (pilot2prod.tui.style_cache): the same rules as a parse,
the same screen, and a file that is never read when it is not safe to."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from pilot2prod.digest import sha256_hex
from pilot2prod.plan import Plan
from pilot2prod.tui import style_cache
from pilot2prod.tui.app import Pilot2ProdApp
from pilot2prod.tui.compat import styles as compat_styles
from pilot2prod.tui.style_cache import StyleCache

SOURCES = [
    ("Label { color: red; }", ("a.tcss", "")),
    ("Input { border: tall $accent; } .x > Static { padding: 1 2; }", ("b.tcss", "")),
]


def parse_all(stylesheet: Stylesheet) -> list[tuple[object, ...]]:
    """Every source parsed as Textual parses them, each rule as :func:`described`."""
    rules = [stylesheet._parse_rules(css, where) for css, where in SOURCES]
    return [described(rule) for each in rules for rule in each]


def described(rule: RuleSet) -> tuple[object, ...]:
    """What a rule set is, to compare (``RuleSet.css`` fails on some of Textual's rules)."""
    values = repr(sorted(rule.styles.get_rules().items()))  # (a layout has no __eq__)
    return (
        rule.selectors,
        values,
        sorted(rule.styles.important),
        rule.is_default_rules,
        rule.tie_breaker,
        sorted(rule.selector_names),
        sorted(rule.pseudo_classes),
    )


def attached(folder: Path) -> tuple[StyleCache, Stylesheet]:
    cache = StyleCache(folder)
    stylesheet = Stylesheet(variables={"accent": "#ff0000"})
    cache.attach(stylesheet, lambda save: save())  # (saved at once, not after a frame)
    return cache, stylesheet


def test_rules_kept_are_the_rules_a_parse_gives(tmp_path):
    plain = parse_all(Stylesheet(variables={"accent": "#ff0000"}))
    first, stylesheet = attached(tmp_path)
    assert parse_all(stylesheet) == plain
    assert first.path.is_file()
    assert oct(first.path.stat().st_mode & 0o777) == "0o600"
    assert oct(tmp_path.stat().st_mode & 0o777) != "0o777"

    second, again = attached(tmp_path)
    parsed: list[str] = []
    second.add = lambda key, rules: parsed.append(key)  # type: ignore[method-assign]
    assert parse_all(again) == plain
    assert parsed == [], "a source parsed before was parsed again"


def test_other_variables_are_parsed_anew(tmp_path):
    attached(tmp_path)[1]._parse_rules(*SOURCES[1])
    cache = StyleCache(tmp_path)
    stylesheet = Stylesheet(variables={"accent": "#00ff00"})
    cache.attach(stylesheet, lambda save: save())
    (rule,) = [r for r in stylesheet._parse_rules(*SOURCES[1]) if "Input" in r.selectors]
    assert "Color(0, 255, 0)" in str(rule.styles.get_rules())


@pytest.mark.parametrize(
    "spoil",
    [
        lambda path: path.write_bytes(path.read_bytes()[:100]),  # cut short
        lambda path: path.write_bytes(b"not a pickle at all"),
        lambda path: path.write_bytes(pickle.dumps(["a list, not a dict"])),
        lambda path: path.write_bytes(pickle.dumps({k: pickle.dumps([1, 2]) for k in _keys(path)})),
    ],
    ids=["cut-short", "not-a-pickle", "not-a-dict", "entries-not-rules"],
)
def test_a_spoilt_file_is_ignored_and_written_anew(tmp_path, spoil):
    plain = parse_all(Stylesheet(variables={"accent": "#ff0000"}))
    cache, stylesheet = attached(tmp_path)
    parse_all(stylesheet)
    spoil(cache.path)
    _, stylesheet = attached(tmp_path)
    assert parse_all(stylesheet) == plain
    assert len(StyleCache(tmp_path).load()) == len(SOURCES), "not written anew"


def _keys(path: Path) -> list[str]:
    return list(pickle.loads(path.read_bytes()))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_a_file_others_can_change_is_never_read(tmp_path):
    cache, stylesheet = attached(tmp_path)
    parse_all(stylesheet)
    assert StyleCache(tmp_path).load()
    cache.path.chmod(0o666)
    assert StyleCache(tmp_path).load() == {}
    cache.path.chmod(0o620)
    assert StyleCache(tmp_path).load() == {}


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to chown")
def test_another_users_file_is_never_read(tmp_path):
    cache, stylesheet = attached(tmp_path)
    parse_all(stylesheet)
    os.chown(cache.path, 65534, -1)
    assert StyleCache(tmp_path).load() == {}


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_a_symbolic_link_is_never_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    cache, stylesheet = attached(elsewhere)
    parse_all(stylesheet)
    linked = StyleCache(tmp_path / "linked")
    linked.folder.mkdir()
    linked.path.symlink_to(cache.path)
    assert linked.load() == {}


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would be")
    _, stylesheet = attached(blocker / "cache")
    assert parse_all(stylesheet)  # (saved, and failing quietly)
    assert not (blocker / "cache").exists()


def test_files_of_other_versions_go_and_the_last_used_are_kept(tmp_path, monkeypatch):
    old = tmp_path / "styles-textual0.1-py3.9.pickle"
    tmp_path.mkdir(exist_ok=True)
    old.write_bytes(b"old")
    (tmp_path / "unrelated.txt").write_text("kept")
    monkeypatch.setattr(style_cache, "KEEP", 1)
    cache, stylesheet = attached(tmp_path)
    parse_all(stylesheet)
    assert not old.exists()
    assert (tmp_path / "unrelated.txt").exists()
    (kept,) = StyleCache(tmp_path).load()
    assert kept == list(cache.stored)[-1]


def test_a_source_with_errors_is_never_kept(tmp_path):
    cache, stylesheet = attached(tmp_path)
    rules = stylesheet._parse_rules("Label { colour: red; }", ("bad.tcss", ""))
    assert any(rule.errors for rule in rules)
    assert not cache.path.exists()


def test_every_parse_asks_once_per_source(tmp_path):
    """Textual's parse() asks for every source each time a widget class is added: the cache
    is asked once (its lookup unpickles)."""
    asked: list[str] = []
    stylesheet = Stylesheet(variables={})
    compat_styles.keep_parsed_rules(
        stylesheet, lambda key: asked.append(key), lambda k, r: None, sha256_hex
    )
    for _ in range(3):
        stylesheet._parse_rules(*SOURCES[0])
    assert len(asked) == 1
    stylesheet.set_variables({"accent": "#123456"})  # (a new dict: asked again)
    stylesheet._parse_rules(*SOURCES[0])
    assert len(asked) == 2


def counted(parse: Any, calls: list[object]) -> Any:
    def parse_rules(self: Stylesheet, *args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return parse(self, *args, **kwargs)

    return parse_rules


async def test_a_theme_set_at_start_is_parsed_once_and_kept(tmp_path, store, bank, monkeypatch):
    """A theme from settings or --theme parses every source again (new colours): through the
    kept rules too, so a second start parses nothing, and draws what a plain parse draws."""
    plan_path = store.create(Plan.new("Acme claims triage", bank), [q.id for q in bank.questions()])
    screens, parses = [], []
    for cache in (StyleCache(tmp_path / "cache"), StyleCache(tmp_path / "cache"), None):
        parsed: list[object] = []
        monkeypatch.setattr(Stylesheet, "_parse_rules", counted(Stylesheet._parse_rules, parsed))
        app = Pilot2ProdApp(
            store, bank, plan_path, cursor_blink=False, theme="projector", style_cache=cache
        )
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.theme == "projector"
            screens.append(app.export_screenshot())
        parses.append(len(parsed))
    assert parses[0] > 0 and parses[2] > 0
    assert parses[1] == 0, "the second start parsed again"
    assert screens[0] == screens[1] == screens[2]


async def test_the_wizard_looks_the_same_from_kept_rules(tmp_path, store, bank):
    """A whole wizard: the screen drawn from kept rules is the screen drawn from a parse."""
    plan_path = store.create(Plan.new("Acme claims triage", bank), [q.id for q in bank.questions()])
    screens = []
    for _ in range(2):
        cache = StyleCache(tmp_path / "cache")
        app = Pilot2ProdApp(store, bank, plan_path, cursor_blink=False, style_cache=cache)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screens.append(app.export_screenshot())
            rules = [described(rule) for rule in app.stylesheet.rules]
        if not screens[1:]:
            assert cache.path.is_file(), "nothing kept after the first screen"
            first_rules, written = rules, cache.path.stat().st_mtime_ns
    assert cache.path.stat().st_mtime_ns == written, "the second run parsed something again"
    assert screens[0] == screens[1]
    assert rules == first_rules


def test_each_source_has_its_own_key():
    """The key of a parse (style_cache.source_key) is the same for the same bytes in another
    process (nothing randomised per run, as str hashes are), and differs for every stylesheet
    the app has, and for each with one character changed."""
    folder = Path(style_cache.__file__).parent / "styles"
    sheets = [path.read_bytes() for path in sorted(folder.glob("*.tcss"))]
    assert len(sheets) > 5
    changed = [sheet.replace(b";", b",", 1) for sheet in sheets]
    keys = [style_cache.source_key(data) for data in sheets + changed]
    assert len(set(keys)) == len(keys)
    code = (
        "import sys; from pilot2prod.tui.style_cache import source_key; "
        "print(source_key(open(sys.argv[1], 'rb').read()))"
    )
    first = str(sorted(folder.glob("*.tcss"))[0])
    again = subprocess.run(
        [sys.executable, "-c", code, first], capture_output=True, text=True, check=True
    )
    assert again.stdout.strip() == keys[0]
