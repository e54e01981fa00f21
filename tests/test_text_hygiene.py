"""pilot2prod.text: what it finds by pattern, and that text with none of it never needs one."""

from __future__ import annotations

import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from pilot2prod import text

# (as the module wrote them before the fast path: what each function must still do)
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
INVISIBLE = re.compile(
    "[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)


def test_no_character_the_patterns_find_is_printable() -> None:
    """The fast path's premise: str.isprintable is false for each of them."""
    found = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if any(pattern.match(chr(code)) for pattern in text._patterns())
    ]
    assert len(found) > 2000  # (the surrogates alone are 2048)
    assert not [char for char in found if char.isprintable()]


# Text drawn mostly from what the patterns look for, tabs, newlines and ordinary letters.
SPECIAL = "\x00\x07\t\n\r\x1b\x7f\x85\x9f\u00a0\u061c\u200b\u200e\u202e\u2066\ufeff\U000e0041"
odd_text = st.text(
    alphabet=st.one_of(st.sampled_from(SPECIAL), st.characters(), st.sampled_from("ab é")),
    max_size=40,
)


@given(odd_text)
def test_each_function_does_what_its_pattern_does(value: str) -> None:
    assert text.strip_invisible(value) == INVISIBLE.sub("", value)
    shown = INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", value)
    assert text.show_invisible(value) == shown
    lf = value.replace("\r\n", "\n").replace("\r", "\n")
    assert text.clean(value) == UNSAFE.sub("", lf)
    as_json = INVISIBLE.sub(lambda m: "".join(f"\\u{u:04x}" for u in _units(m.group())), value)
    assert text.escape_invisible(value) == as_json
    escaped = ANY_CONTROL.sub(_escape, value)
    assert text.for_terminal(value) == INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", escaped)


def _units(char: str) -> list[int]:
    data = char.encode("utf-16-be")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\n\t":
        return {"\n": "\\n", "\t": "\\t"}[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def test_plain_text_compiles_no_pattern(monkeypatch) -> None:
    """Opening a plan shows and cleans text with none of those characters: nothing compiles
    (the patterns cost most of a millisecond at every start)."""
    compiled: list[str] = []
    monkeypatch.setattr(text.re, "compile", lambda *a, **k: compiled.append(a[0]))
    text._patterns.cache_clear()
    try:
        assert text.clean("A plan\r\nwith\ttabs and é") == "A plan\nwith\ttabs and é"
        assert text.for_terminal("Pilot · plan") == "Pilot · plan"
        assert text.show_invisible("two\nlines") == "two\nlines"
        assert text.strip_invisible("name") == "name"
        assert compiled == []
    finally:
        monkeypatch.undo()
        text._patterns.cache_clear()
