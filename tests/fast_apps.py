"""Less repeated work for the apps the tests run in this process (Pilot), none of it observable
by a test: the apps started in real terminals (the pty tests, the benchmarks) are untouched.

Every app parses the same stylesheets again (Textual keeps parsed rules per app): about 7 % of
what starting a wizard costs in a test (0.29 s against 0.31 s of CPU, 20 starts, measured
three times each way). Here the parsed rules are kept for the whole test process, per
stylesheet text and theme variables, as Textual's own cache keys them within one app (and
never changes them once parsed; a theme's variables come as a new dict, never edited).
"""

from __future__ import annotations

from typing import Any


def install() -> None:
    _share_parsed_rules()


def _share_parsed_rules() -> None:
    from textual.css.stylesheet import Stylesheet

    parse_rules = Stylesheet._parse_rules
    shared: dict[tuple[Any, ...], Any] = {}
    frozen: dict[int, tuple[dict[str, str], tuple[tuple[str, str], ...]]] = {}

    def variables_key(stylesheet: Stylesheet) -> tuple[tuple[str, str], ...]:
        variables = stylesheet._variables  # (set_variables replaces the dict)
        seen = frozen.get(id(stylesheet))
        if seen is None or seen[0] is not variables:
            seen = (variables, tuple(sorted(variables.items())))
            frozen[id(stylesheet)] = seen
        return seen[1]

    def shared_parse_rules(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables_key(self))
        rules = shared.get(key)
        if rules is None:
            rules = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
            shared[key] = rules
        return rules

    Stylesheet._parse_rules = shared_parse_rules  # type: ignore[method-assign]
