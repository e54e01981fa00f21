"""The user's cache folder (pilot2prod.cache): banks' TOML kept as JSON, read back only from
files that are safe to read, and never a different answer from parsing the TOML."""

from __future__ import annotations

import json
import os
import tomllib

import pytest

from pilot2prod import cache
from pilot2prod.bank import load_bank
from pilot2prod.bank.loader import BankError
from pilot2prod.cache import keep_toml, kept_toml, read_own, write_own
from pilot2prod.resources import bank_path

TOML = b'title = "Caf\xc3\xa9"\n[a]\nn = 3\nx = 1.5\nok = true\nlist = ["b", 2]\n'


def parsed_toml(raw: bytes, folder):
    """What the bank loader does: the kept TOML, else a parse, kept."""
    data = kept_toml(raw, folder)
    if data is None:
        data = tomllib.loads(raw.decode("utf-8"))
        keep_toml(raw, data, folder)
    return data


def kept_files(folder):
    return sorted((folder / cache.TOML_FOLDER).glob("*.json"))


def test_toml_is_kept_as_json_and_read_back_the_same(tmp_path):
    assert kept_toml(TOML, tmp_path) is None
    first = parsed_toml(TOML, tmp_path)
    assert first == tomllib.loads(TOML.decode())
    (kept,) = kept_files(tmp_path)
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    assert kept_toml(TOML, tmp_path) == first
    assert kept_toml(TOML + b"\n", tmp_path) is None  # (other bytes: another file)


def test_without_a_folder_nothing_is_kept(tmp_path):
    assert parsed_toml(TOML, None) == tomllib.loads(TOML.decode())
    assert not (tmp_path / "xdg-cache").exists()


def test_toml_with_dates_is_not_kept(tmp_path):
    dated = b"when = 2026-12-02\n"
    assert parsed_toml(dated, tmp_path) == tomllib.loads(dated.decode())
    assert kept_files(tmp_path) == []


def test_a_bank_that_fails_to_load_is_not_kept(tmp_path):
    broken = tmp_path / "bank.toml"
    broken.write_text('[bank]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(BankError):
        load_bank(broken, cache=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize("spoilt", [b"{not json", b"[1, 2]", b'"text"', b""])
def test_a_spoilt_file_is_parsed_again_and_replaced(tmp_path, spoilt):
    parsed_toml(TOML, tmp_path)
    (kept,) = kept_files(tmp_path)
    kept.write_bytes(spoilt)
    assert parsed_toml(TOML, tmp_path) == tomllib.loads(TOML.decode())
    assert json.loads(kept.read_bytes()) == tomllib.loads(TOML.decode())


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_a_file_others_can_write_is_never_read_and_is_replaced_private(tmp_path):
    parsed_toml(TOML, tmp_path)
    (kept,) = kept_files(tmp_path)
    kept.write_text(json.dumps({"title": "planted"}))
    kept.chmod(0o666)
    assert read_own(kept) is None
    assert parsed_toml(TOML, tmp_path)["title"] == "Café"
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    assert read_own(kept) is not None


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to chown")
def test_another_users_file_is_never_read(tmp_path):
    path = tmp_path / "theirs"
    path.write_bytes(b"{}")
    path.chmod(0o600)
    os.chown(path, 65534, -1)
    assert read_own(path) is None


def test_links_folders_and_large_files_are_never_read(tmp_path, monkeypatch):
    target = tmp_path / "target"
    target.write_bytes(b"{}")
    target.chmod(0o600)
    assert read_own(target) == b"{}"
    link = tmp_path / "link"
    link.symlink_to(target)
    assert read_own(link) is None
    assert read_own(tmp_path) is None
    assert read_own(tmp_path / "missing") is None
    monkeypatch.setattr(cache, "MAX_BYTES", 1)
    assert read_own(target) is None


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would be")
    assert write_own(blocker / "x" / "y.json", b"{}") is False
    assert parsed_toml(TOML, blocker) == tomllib.loads(TOML.decode())
    assert kept_toml(TOML, blocker) is None


def test_a_bank_loaded_through_the_cache_is_the_same_bank(tmp_path):
    plain = load_bank()
    assert load_bank(cache=tmp_path) == plain  # (parsed, and kept)
    assert len(kept_files(tmp_path)) == 1
    assert load_bank(cache=tmp_path) == plain  # (read back)
    assert load_bank(bank_path(), cache=tmp_path).fingerprint == plain.fingerprint


def test_a_bank_is_read_from_what_was_kept(tmp_path):
    """Proof that the kept JSON is what is read: a title changed there shows (a run never
    changes it; only a planted file could, and one from someone else is never read)."""
    load_bank(cache=tmp_path)
    (kept,) = kept_files(tmp_path)
    data = json.loads(kept.read_bytes())
    data["bank"]["title"] = "Read from the cache"
    kept.write_text(json.dumps(data), encoding="utf-8")
    kept.chmod(0o600)
    assert load_bank(cache=tmp_path).title == "Read from the cache"
    assert load_bank().title != "Read from the cache"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_nothing_is_written_into_a_folder_others_can_write(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    assert write_own(shared / "x.json", b"{}") is False
    assert list(shared.iterdir()) == []
    linked = tmp_path / "linked"
    linked.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    assert write_own(linked / "x.json", b"{}") is False


def test_only_the_banks_written_last_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "KEEP_TOML", 2)
    for n in range(4):
        parsed_toml(b"n = %d\n" % n, tmp_path)
        for older in kept_files(tmp_path):  # (mtimes apart, whatever the clock's grain)
            os.utime(older, ns=(older.stat().st_mtime_ns - 10**9,) * 2)
    kept = kept_files(tmp_path)
    assert len(kept) == 2
    assert sorted(json.loads(p.read_bytes())["n"] for p in kept) == [2, 3]


def test_the_command_line_keeps_banks_in_the_users_cache_folder(run, tmp_path):
    assert run("questions").code == 0
    folder = tmp_path / "xdg-cache" / "pilot2prod"
    assert len(kept_files(folder)) == 1
    assert run("questions").code == 0
    assert len(kept_files(folder)) == 1
