"""SHA-256 without hashlib, for what a plan's opening hashes.

Opening a plan hashes the question bank (for the plan's ``bank_hash`` and the name of its
kept TOML). :mod:`hashlib` and its OpenSSL module ``_hashlib`` take about a millisecond to
load (OpenSSL's ``libcrypto`` itself is loaded by asyncio anyway). CPython also ships its own
SHA-256, the module :mod:`hashlib` itself falls back to when OpenSSL is missing (``_sha2``
since Python 3.12, ``_sha256`` before): that one loads in a tenth of a millisecond. The digest
is the same either way; a Python built without it uses :mod:`hashlib`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _constructor() -> Callable[[bytes], Any]:
    for module in ("_sha2", "_sha256"):  # (CPython's own, as hashlib falls back to them)
        try:
            return __import__(module).sha256  # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256


_sha256 = _constructor()


def sha256_hex(data: bytes) -> str:
    """The SHA-256 digest of *data*, in hexadecimal (as ``hashlib.sha256(data).hexdigest()``)."""
    return str(_sha256(data).hexdigest())
