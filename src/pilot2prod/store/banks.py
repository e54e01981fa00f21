"""The question banks plans are made with: kept in ``<data dir>/banks/``, found again per plan.

A plan records the bank it was made with (``bank_id``, ``bank_version`` and ``bank_hash``, 12
hex digits of the bank file's SHA-256). When a plan is made with a bank from a file, the file
is kept here as ``<id>-<version>-<hash>.toml`` (private, written atomically), so the plan opens
and exports with it later without ``--bank``. The same id and version with other content is
kept too, beside the first, with a warning: people edit a bank without raising its version.
The built-in bank and the bundled ones (``assets/banks/``) ship with the program and are not
copied.

A plan's bank is, in order: the bank with its id, version and hash (kept, bundled or built-in);
else one with its id and version; else the newest version of its id (versions compare as
dotted numbers, see :func:`pilot2prod.bank.version_key`). A plan that records no bank id
(written before banks were recorded) uses the built-in bank.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from msgspec import Struct

from pilot2prod import resources
from pilot2prod.bank import Bank, content_hash, load_bank, version_key
from pilot2prod.errors import Pilot2ProdError, UsageError
from pilot2prod.fileio import read_limited, write_atomic
from pilot2prod.plan import Plan
from pilot2prod.store.locations import DataDir
from pilot2prod.text import for_terminal

SOURCES = ("built-in", "bundled", "kept")
"""Where a bank comes from, in the order ``pilot2prod banks`` lists them."""

_UNSAFE = re.compile(r"[^A-Za-z0-9_.]+")


class BankMissingError(Pilot2ProdError):
    """A plan's bank is neither kept, bundled nor built in (exit 1)."""


class BankFile(Struct, frozen=True):
    """One bank file as its ``[bank]`` table says: enough to choose it and to list it."""

    path: Path
    source: str
    """built-in, bundled or kept (:data:`SOURCES`)."""
    id: str
    version: str
    title: str
    hash: str
    questions: int
    """How many questions it holds; -1 when not counted (see :meth:`Banks.questions`)."""
    modified: int = 0
    problem: str = ""
    """Why the file cannot be used (a kept file damaged since), or empty."""

    @property
    def shipped(self) -> bool:
        """Built in or bundled: it comes with the program (and changes with it)."""
        return self.source != "kept"


def kept_name(bank_id: str, version: str, digest: str) -> str:
    """The file name a bank is kept under: ``<id>-<version>-<hash>.toml``, made safe."""
    safe_id = _UNSAFE.sub("_", bank_id).strip("._") or "bank"
    safe_version = _UNSAFE.sub("_", version).strip("._") or "0"
    return f"{safe_id[:48]}-{safe_version[:24]}-{digest}.toml"


def _count_questions(data: dict[str, Any]) -> int:
    count = 0
    for phase in data.get("phases") or ():
        for step in (phase.get("steps") or ()) if isinstance(phase, dict) else ():
            if isinstance(step, dict) and isinstance(step.get("questions"), list):
                count += len(step["questions"])
    return count


_BANK_TABLE = re.compile(r"^\[bank\][ \t]*(?:#.*)?$", re.MULTILINE)
_NEXT_TABLE = re.compile(r"^[ \t]*\[", re.MULTILINE)


def _bank_table(source: str) -> dict[str, Any] | None:
    """The ``[bank]`` table alone, read without parsing the whole bank (a bank's questions
    take most of its file; choosing a plan's bank needs only this); None when it cannot be
    read that way (the whole file is parsed then)."""
    start = _BANK_TABLE.search(source)
    if start is None:
        return None
    rest = source[start.end() :]
    end = _NEXT_TABLE.search(rest)
    try:
        return tomllib.loads(rest[: end.start()] if end else rest)
    except tomllib.TOMLDecodeError:
        return None


def read_bank_file(path: Path, source: str) -> BankFile:
    """What *path*'s ``[bank]`` table says (its problem, when it cannot be read as a bank).
    The number of questions is left at -1: :meth:`Banks.questions` counts them."""
    try:
        raw = read_limited(path)
        modified = os.stat(path).st_mtime_ns
    except OSError as exc:
        return BankFile(path, source, "", "", "", "", 0, problem=exc.strerror or str(exc))
    digest = content_hash(raw)
    try:
        text = raw.decode("utf-8")
        meta = _bank_table(text)
        if meta is None:
            meta = tomllib.loads(text).get("bank")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return BankFile(path, source, "", "", "", digest, 0, modified, "it is not valid TOML")
    if not isinstance(meta, dict) or not isinstance(meta.get("id"), str):
        return BankFile(path, source, "", "", "", digest, 0, modified, "it has no [bank] id")
    version = meta.get("version", "")
    return BankFile(
        path, source, meta["id"], str(version), str(meta.get("title", "")), digest, -1, modified
    )


class Banks:
    """The banks a data directory knows: the built-in one, the bundled ones and those kept."""

    def __init__(self, data: DataDir, cache: Path | None = None) -> None:
        self.data = data
        self.cache = cache
        """A cache folder where banks' TOML is kept for the next run (:mod:`pilot2prod.cache`)."""
        self._read: dict[Path, tuple[tuple[int, int], BankFile]] = {}
        self._loaded: dict[tuple[Path, str], Bank] = {}

    @property
    def banks_dir(self) -> Path:
        return self.data.banks_dir

    # --- What is known ---------------------------------------------------------------------------

    def files(self) -> list[BankFile]:
        """Every bank known here: built-in, bundled, then kept (by file name)."""
        found = [self._file(resources.bank_path(), "built-in")]
        found += [self._file(path, "bundled") for path in resources.bundled_bank_paths()]
        try:
            kept = sorted(
                p
                for p in self.banks_dir.iterdir()
                if p.suffix == ".toml" and not p.name.startswith(".")
            )
        except OSError:
            kept = []
        found += [self._file(path, "kept") for path in kept]
        return found

    def _file(self, path: Path, source: str) -> BankFile:
        try:
            info = os.stat(path)
            stamp = (info.st_mtime_ns, info.st_size)
        except OSError:
            stamp = (0, 0)
        cached = self._read.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        file = read_bank_file(path, source)
        self._read[path] = (stamp, file)
        return file

    def questions(self, file: BankFile) -> int:
        """How many questions *file* holds (its whole TOML read: for listing banks)."""
        try:
            data = tomllib.loads(read_limited(file.path).decode("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return 0
        return _count_questions(data)

    def load(self, file: BankFile) -> Bank:
        """The bank in *file*, loaded and checked (once per content)."""
        key = (file.path.resolve(), file.hash)
        if key not in self._loaded:
            self._loaded[key] = load_bank(file.path, cache=self.cache)
        return self._loaded[key]

    def built_in(self) -> Bank:
        """The built-in bank (loaded once for this data directory's store)."""
        return self.load(self._file(resources.bank_path(), "built-in"))

    def per_plan(
        self, summary: Callable[[Bank, Plan], dict[str, Any]], key: Callable[[Bank], str]
    ) -> tuple[Callable[[Plan], dict[str, Any]], Callable[[tuple[str, str, str]], str]]:
        """*summary* and *key* (of a bank) made per plan, each with its own bank, for the
        index's listing. A plan whose bank is not known here (or no longer loads) is summed
        up as ``{"bank_missing": ID}``."""

        # Each bank a listing records is chosen, loaded and keyed once per listing, not once
        # per plan (a thousand plans of one bank: a thousand paths resolved, for one answer).
        chosen: dict[tuple[str, str, str], BankFile | None] = {}
        banks: dict[tuple[str, str, str], Bank | None] = {}
        keys: dict[tuple[str, str, str], str] = {}

        def choose(recorded: tuple[str, str, str]) -> BankFile | None:
            if recorded not in chosen:
                chosen[recorded] = self.choose(*recorded)
            return chosen[recorded]

        def bank_of(recorded: tuple[str, str, str]) -> Bank | None:
            """The bank *recorded* names, or None (not known here, or no longer loads)."""
            if recorded not in banks:
                file = choose(recorded)
                try:
                    banks[recorded] = None if file is None else self.load(file)
                except Pilot2ProdError:
                    banks[recorded] = None
            return banks[recorded]

        def summarise(plan: Plan) -> dict[str, Any]:
            bank = bank_of((plan.bank_id, plan.bank_version, plan.bank_hash))
            if bank is None:
                return {"bank_missing": plan.bank_id}
            return summary(bank, plan)

        def key_of(recorded: tuple[str, str, str]) -> str:
            if recorded not in keys:
                file = choose(recorded)
                bank = bank_of(recorded)
                if file is None:
                    keys[recorded] = "missing"
                elif bank is None:
                    keys[recorded] = f"unusable:{file.hash}"
                else:
                    keys[recorded] = key(bank)
            return keys[recorded]

        return summarise, key_of

    # --- Keeping a bank --------------------------------------------------------------------------

    def keep(self, bank: Bank) -> str | None:
        """Keep *bank*'s file in ``banks/`` (unless it ships with the program or is kept
        already); returns a one-line warning when another content is kept for its id and
        version, else None."""
        if bank.path.resolve() == resources.bank_path().resolve():
            return None
        try:
            raw = read_limited(bank.path)
        except OSError:
            return None  # (it was read a moment ago; a file gone since is not kept)
        digest = content_hash(raw)
        files = [f for f in self.files() if not f.problem]
        same = [f for f in files if f.id == bank.id and f.version == bank.version]
        if any(f.hash == digest for f in same) or any(
            f.shipped and f.hash == digest for f in files
        ):
            return None
        target = self.banks_dir / kept_name(bank.id, bank.version, digest)
        write_atomic(target, raw, private=True)
        if not same:
            return None
        return (
            f"warning: the question bank '{for_terminal(bank.id)}' version "
            f"{for_terminal(bank.version)} in {for_terminal(str(bank.path))} differs from the one "
            f"kept for that version; both are kept ({target.name}): raise the version in its "
            "[bank] table when you change a bank"
        )

    # --- Finding a bank --------------------------------------------------------------------------

    def choose(self, bank_id: str, version: str = "", digest: str = "") -> BankFile | None:
        """The bank file a plan of *bank_id*, *version* and *digest* uses, or None."""
        if not bank_id:
            return self._file(resources.bank_path(), "built-in")
        same_id = [f for f in self.files() if f.id == bank_id and not f.problem]
        if digest:
            exact = [f for f in same_id if f.hash == digest]
            if exact:
                return max(exact, key=_preference)
        same_version = [f for f in same_id if f.version == version]
        if same_version:
            return max(same_version, key=_preference)
        if same_id:
            return max(same_id, key=lambda f: (version_key(f.version), *_preference(f)))
        return None

    def find(self, bank_id: str, version: str = "", digest: str = "", *, plan: str = "") -> Bank:
        """The bank a plan of *bank_id* (*version*, *digest*) uses; BankMissingError naming
        the id and how to supply it when none is known here."""
        file = self.choose(bank_id, version, digest)
        if file is None:
            whose = f"the plan '{for_terminal(plan)}'" if plan else "this plan"
            shown = f"'{for_terminal(bank_id)}'" + (
                f" (version {for_terminal(version)})" if version else ""
            )
            raise BankMissingError(
                f"{whose} was made with the question bank {shown}, which is not kept here; "
                "give its file with --bank FILE (it is kept from then on)"
            )
        return self.load(file)

    def for_plan(self, plan: Plan, at_hand: Bank | None = None) -> Bank:
        """*plan*'s own bank (see the module's docstring); *at_hand*, a bank loaded already,
        when it is the very one the plan records (its id and content hash)."""
        if at_hand is not None and plan.bank_hash and _is_recorded(plan, at_hand):
            return at_hand
        return self.find(plan.bank_id, plan.bank_version, plan.bank_hash, plan=plan.name)

    def named(self, wanted: str) -> Bank:
        """The bank ``--bank`` names: a file (a path that exists, or one ending in ``.toml``),
        else the id of a built-in, bundled or kept bank (its newest version)."""
        given = Path(wanted).expanduser()
        if given.suffix.lower() == ".toml" or given.exists() or os.sep in wanted:
            return load_bank(given, cache=self.cache)
        matching = [f for f in self.files() if f.id == wanted and not f.problem]
        if not matching:
            known = sorted({f.id for f in self.files() if f.id})
            raise UsageError(
                f"no question bank '{for_terminal(wanted)}' is built in, bundled or kept here "
                f"(known: {', '.join(for_terminal(k) for k in known)}); give a bank file "
                "(a path ending in .toml), or see 'pilot2prod banks'"
            )
        best = max(matching, key=lambda f: (version_key(f.version), *_preference(f)))
        return self.load(best)


def _is_recorded(plan: Plan, bank: Bank) -> bool:
    """Whether *bank* is the very bank *plan* records (its id and content hash)."""
    return (plan.bank_id, plan.bank_hash) == (bank.id, bank.fingerprint[:12])


def _preference(file: BankFile) -> tuple[int, int]:
    """Among banks of one id and version: the shipped one, else the one kept last."""
    return (1 if file.shipped else 0, file.modified)
