"""SHA-256 without OpenSSL (pilot2prod.digest): the same digest as hashlib's, and no hashlib
loaded by opening a plan."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from pilot2prod import digest


@given(st.binary(max_size=4096))
def test_the_digest_is_hashlibs(data: bytes) -> None:
    assert digest.sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_without_cpythons_own_sha256_hashlib_gives_it(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "_sha2", None)  # (an import of it raises ImportError)
    monkeypatch.setitem(sys.modules, "_sha256", None)
    assert digest._constructor() is hashlib.sha256
    assert digest._constructor()(b"plan").hexdigest() == hashlib.sha256(b"plan").hexdigest()


def test_loading_a_plan_and_its_bank_loads_no_openssl(tmp_path) -> None:
    """What a plan's opening hashes (its bank, the bank's kept TOML, a lock outside the plans
    folder) goes through the module, never hashlib (OpenSSL takes milliseconds to load)."""
    code = f"""
import sys
from pathlib import Path
from pilot2prod.bank import load_bank
from pilot2prod.locks import Locks
load_bank(cache=Path({str(tmp_path / "cache")!r}))
locks = Locks(Path({str(tmp_path / "locks")!r}), Path({str(tmp_path / "plans")!r}))
locks.key(Path("/elsewhere/p.toml"))
print("hashlib" in sys.modules, "_hashlib" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
