"""Parsed stylesheets kept between runs: Textual's parser handed rules it parsed before.

Textual parses every stylesheet again each time an app starts (its cache lives as long as the
app's stylesheet): the app's own sheets and the ``DEFAULT_CSS`` of every widget class it shows,
a fifth of what opening a plan costs before its first frame. :func:`keep_parsed_rules` puts a
lookup in front of one stylesheet's parser: rules parsed before, from the same text with the
same variables (the theme's colours), are taken from *known*; what is parsed anew is added there
and reported, for the app to keep (:mod:`pilot2prod.tui.style_cache` stores them).

Relies on ``Stylesheet._parse_rules`` (every parse of a source goes through it, and what it
returns is what the stylesheet uses), ``Stylesheet._variables`` (the variables parsed with) and
``Stylesheet.reparse`` (what a theme change calls: the same as ``parse`` once the variables
are set, on a fresh stylesheet that would not ask the lookup).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

Rules = list[RuleSet]


Digest = Callable[[bytes], str]
"""A hash of bytes as text (the style cache's SHA-256): what keys a parse."""


def variables_digest(variables: dict[str, str], digest: Digest) -> str:
    """What identifies the variables rules are parsed with (the theme's colours)."""
    return digest(repr(sorted(variables.items())).encode())


def rules_key(css: str, where: tuple[object, ...], variables: str, digest: Digest) -> str:
    """What identifies a parse: the text, where it was read from and how (default rules or
    not, tie breaker, scope), and the :func:`variables_digest` of the variables."""
    return digest(repr((css, where, variables)).encode())


def is_rules(value: object) -> bool:
    """Whether *value* is what a parse returns (a list of rule sets): a stored entry that is
    not is ignored."""
    return isinstance(value, list) and all(isinstance(rule, RuleSet) for rule in value)


def keep_parsed_rules(
    stylesheet: Stylesheet,
    known: Callable[[str], Rules | None],
    parsed: Callable[[str, Rules], None],
    digest: Digest,
) -> None:
    """Make *stylesheet* take the rules *known* gives for a source it parsed before (None: not
    known), and hand *parsed* what it parses anew, each under a key made with *digest*.
    Relies on ``Stylesheet._parse_rules``, replaced on this one stylesheet, and
    ``Stylesheet._variables``, the variables its rules are parsed with (a new dict when they
    change)."""
    parse = stylesheet._parse_rules
    seen: dict[tuple[object, ...], Rules] = {}  # (every parse() asks again for every source)
    variables: list[Any] = [None, ""]  # the variables seen last, and their digest

    def parse_rules(
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Rules:
        if stylesheet._variables is not variables[0]:
            variables[:] = [stylesheet._variables, variables_digest(stylesheet._variables, digest)]
            seen.clear()
        where = (read_from, is_default_rules, tie_breaker, scope)
        rules = seen.get((css, *where))
        if rules is not None:
            return rules
        key = rules_key(css, where, variables[1], digest)
        rules = known(key)
        if rules is None:
            rules = parse(css, read_from, is_default_rules, tie_breaker, scope)
            if not any(rule.errors for rule in rules):  # (errors are shown, never kept)
                parsed(key, rules)
        seen[css, *where] = rules
        return rules

    stylesheet._parse_rules = parse_rules  # type: ignore[method-assign]
    # A new theme (set_variables) parses every source again through a fresh stylesheet, which
    # would not ask *known*: parsed here instead, through parse_rules (all or nothing, as
    # reparse; a source that failed to parse before is not tried again).
    stylesheet.reparse = stylesheet.parse  # type: ignore[method-assign]
