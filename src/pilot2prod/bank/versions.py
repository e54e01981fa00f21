"""How banks are told apart: their versions in order, their content by a hash."""

from __future__ import annotations

from pilot2prod.digest import sha256_hex


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """How bank versions sort: as dotted numbers (``1.10`` after ``1.9``), a part that is not
    a number as text (after any number in the same place)."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in version.strip().split(".")
    )


def content_hash(raw: bytes) -> str:
    """The hash a bank's content is known by: 12 hex digits of its SHA-256 (the start of
    :attr:`Bank.fingerprint`)."""
    return sha256_hex(raw)[:12]
