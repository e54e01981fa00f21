"""Plan files: where they live, how they are named, written, read and refused."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pilot2prod import store as store_module
from pilot2prod.errors import DataDirError, PlanExistsError, PlanFileError, PlanNotFoundError
from pilot2prod.plan import Plan, clean_name
from pilot2prod.store import (
    ENV_VAR,
    Store,
    dumps,
    loads,
    read_plan,
    resolve_data_dir,
    slugify,
    write_plan,
)
from pilot2prod.store import index as store_index
from pilot2prod.text import clean

# --- Data directory ---------------------------------------------------------------------------


def test_data_dir_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv(ENV_VAR)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    default = resolve_data_dir(None)
    assert default.name == "pilot2prod"


def test_data_dir_that_is_a_file(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DataDirError, match="is a file, not a folder"):
        Store(blocker).create(Plan(name="X"))


# --- File names -------------------------------------------------------------------------------

HOSTILE = [
    "../../x",
    "..",
    "a/b",
    "a\\b",
    "CON",
    "nul",
    "com1",
    "🚀🚀",
    "x" * 300,
    "bad\x1b[31mname\x07",
    "/etc/passwd",
    "C:\\Windows\\evil",
    ".hidden",
    "   spaced   out   ",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_stay_inside_plans(store, name):
    path = store.create(Plan(name=name))
    assert path.parent == store.plans_dir
    assert path.resolve().parent == store.plans_dir.resolve()
    assert not path.name.startswith(".")
    assert len(path.name) <= 70
    assert read_plan(path).name == " ".join(clean(name).split())


@given(st.text(min_size=1, max_size=400))
def test_slug_is_always_a_safe_file_stem(name):
    slug = slugify(name)
    assert slug
    assert len(slug) <= 64
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
    assert slug not in {"con", "prn", "aux", "nul"}
    assert not slug.startswith("-") and not slug.endswith("-")


def test_names_that_slug_alike_never_overwrite(store):
    first = store.create(Plan(name="Acme: claims"))
    second = store.create(Plan(name="Acme claims"))
    third = store.create(Plan(name="acme/claims!"))
    assert len({first, second, third}) == 3
    assert {read_plan(p).name for p in (first, second, third)} == {
        "Acme: claims",
        "Acme claims",
        "acme/claims!",
    }


def test_same_name_twice_is_refused(store):
    store.create(Plan(name="Acme"))
    with pytest.raises(PlanExistsError, match="already exists"):
        store.create(Plan(name="acme"))


def test_find_by_name_case_and_file_name(store):
    path = store.create(Plan(name="Acme Claims Triage"))
    assert store.find("Acme Claims Triage") == path
    assert store.find("acme claims triage") == path
    assert store.find("acme-claims-triage") == path
    with pytest.raises(PlanNotFoundError, match="no plan named 'Other'"):
        store.find("Other")


# --- Writing ----------------------------------------------------------------------------------


def test_long_answers_are_multiline_strings(tmp_path):
    plan = Plan(name="P", answers={"use_case": "line one\nline two"})
    path = tmp_path / "p.toml"
    write_plan(plan, path)
    text = path.read_text(encoding="utf-8")
    assert 'use_case = """\nline one\nline two"""' in text


def test_answers_follow_bank_order(bank):
    plan = Plan(name="P", answers={"budget_production": 2, "organisation": "O", "zzz": 1})
    text = dumps(plan, [q.id for q in bank.questions()])
    assert text.index("organisation") < text.index("budget_production") < text.index("zzz")


def test_unknown_answers_and_tables_are_kept(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text(
        'schema_version = 1\n[plan]\nname = "P"\n[answers]\nretired_question = "keep me"\n'
        "[future]\nsetting = 3\n",
        encoding="utf-8",
    )
    plan = read_plan(path)
    write_plan(plan, path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["answers"]["retired_question"] == "keep me"
    assert data["future"] == {"setting": 3}


def test_atomic_write_keeps_old_file_when_the_write_fails(tmp_path, monkeypatch):
    path = tmp_path / "plans" / "p.toml"
    write_plan(Plan(name="Before"), path)
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk gone"):
        write_plan(Plan(name="After"), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["p.toml"]


def test_atomic_write_fsyncs_before_rename(tmp_path, monkeypatch):
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd)))
    monkeypatch.setattr(os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b)))
    write_plan(Plan(name="P"), tmp_path / "p.toml")
    assert calls[:2] == ["fsync", "replace"]


def test_where_a_plan_was_left_is_written_without_waiting_for_the_disk(store, monkeypatch):
    """Every step change records the step: atomic, but never synced (answers always are)."""
    path = store.create(Plan(name="P"), [])
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    store.save_position(path, "monitoring")
    assert synced == []
    assert store.position(path) == "monitoring"
    store.save(Plan(name="P"), path, [])
    assert synced


def test_where_a_plan_was_left_names_the_question_when_known(store):
    from pilot2prod.store import Place

    path = store.create(Plan(name="P"), [])
    assert store.left_at(path) is None
    store.save_position(path, "monitoring", "monitor_errors")
    assert store.left_at(path) == Place("monitoring", "monitor_errors")
    assert store.position(path) == "monitoring"
    assert store.editing_place(path) == Place("monitoring", "monitor_errors")  # (no window)
    store.save_position(path, "scale")
    assert store.left_at(path) == Place("scale")
    state = store.windows.state_path(path)
    state.write_text('last_step = "scale"\nlast_question = 7\n', encoding="utf-8")
    assert store.left_at(path) == Place("scale")  # (a question that is not text is ignored)


# --- Reading and refusing ---------------------------------------------------------------------


def _unreadable(tmp_path: Path, content: bytes) -> PlanFileError:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(PlanFileError) as info:
        read_plan(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == content
    return info.value


def test_invalid_toml_names_file_and_line(tmp_path):
    error = _unreadable(tmp_path, b'schema_version = 1\n[plan]\nname = "x\n')
    assert error.line == 3
    assert "not valid TOML" in str(error)
    assert "line 3" in str(error)


def test_byte_order_mark_is_refused(tmp_path):
    error = _unreadable(tmp_path, b'\xef\xbb\xbfschema_version = 1\n[plan]\nname = "x"\n')
    assert "byte-order mark" in str(error)
    assert error.line == 1


def test_wrong_types_name_the_line(tmp_path):
    error = _unreadable(tmp_path, b"schema_version = 1\n[plan]\nname = 42\n")
    assert error.line == 3
    assert "'plan.name' must be text" in str(error)
    error = _unreadable(
        tmp_path, b'schema_version = 1\n[plan]\nname = "x"\n[answers]\nok = "y"\nbad = [[[1]]]\n'
    )
    assert error.line == 6
    assert "the answer 'bad'" in str(error)


def test_newer_schema_is_refused(tmp_path):
    error = _unreadable(tmp_path, b'\n\nschema_version = 99\n[plan]\nname = "x"\n')
    assert "newer pilot2prod" in str(error)
    assert error.line == 3


def test_not_a_plan(tmp_path):
    error = _unreadable(tmp_path, b'title = "some other toml"\n')
    assert "schema_version" in str(error)


def test_not_utf8(tmp_path):
    error = _unreadable(tmp_path, b'schema_version = 1\n[plan]\nname = "caf\xe9"\n')
    assert "not UTF-8" in str(error)
    assert error.line == 3


def test_listing_reports_a_corrupt_file_without_touching_it(store):
    good = store.create(Plan(name="Good"))
    bad = store.plans_dir / "bad.toml"
    bad.write_bytes(b"not toml [")
    entries = store.listing()
    assert [e.path for e in entries] == [bad, good]
    assert entries[0].error is not None and entries[0].name is None
    assert bad.read_bytes() == b"not toml ["


# --- Text normalisation and round trips -------------------------------------------------------


def test_text_is_normalised_on_the_way_in():
    plan = Plan(name="P")
    from pilot2prod.bank import Question

    q = Question(id="a", kind="long_text", prompt="A")
    plan.set(q, "one\r\ntwo\rthree\x1b[2J\x07\x9b\tend")
    assert plan.answers["a"] == "one\ntwo\nthree[2J\tend"


def test_load_cleans_control_characters_from_files(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text(
        'schema_version = 1\n[plan]\nname = "x\\u001b[31m"\n[answers]\na = "b\\u0007c"\n',
        encoding="utf-8",
    )
    plan = read_plan(path)
    assert plan.name == "x[31m"
    assert plan.answers["a"] == "bc"


SAFE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\r")
    | st.sampled_from(["\n", "\t", '"', "'", "\\", "#", "[", "]", "="]),
)
ANSWER = st.one_of(
    SAFE_TEXT,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(SAFE_TEXT, max_size=4),
    st.lists(st.dictionaries(st.sampled_from(["a", "b", "c"]), SAFE_TEXT), max_size=3),
    st.fixed_dictionaries({"status": st.sampled_from(["manual", "done"]), "owner": SAFE_TEXT}),
)
NAME = SAFE_TEXT.map(clean_name).filter(bool)
"""A plan's name as it is kept: one line, no invisible characters (clean_name)."""


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=NAME,
    answers=st.dictionaries(st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True), ANSWER),
    notes=SAFE_TEXT,
)
def test_save_then_load_returns_text_exactly(name, answers, notes):
    plan = Plan(name=name, answers=answers, notes=notes, bank_id="b", bank_version="1")
    again = loads(dumps(plan), Path("mem.toml"))
    assert again.name == name
    assert again.answers == answers
    assert again.notes == notes


@given(st.text())
def test_any_text_loads_back_clean(value):
    plan = Plan(name="P", answers={"a": clean(value)})
    again = loads(dumps(plan), Path("mem.toml"))
    assert again.answers["a"] == clean(value)
    assert clean(again.answers["a"]) == again.answers["a"]


# --- Drafts and values of other kinds ---------------------------------------------------------


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(
    drafts=st.dictionaries(st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True), SAFE_TEXT),
)
def test_drafts_are_written_and_read_back_as_typed(drafts):
    plan = Plan(name="P", drafts=drafts)
    text = dumps(plan)
    again = loads(text, Path("mem.toml"))
    assert again.drafts == drafts
    assert again.answers == {}
    if drafts:
        assert "[drafts]" in text


def test_a_draft_replaces_the_answer_and_an_answer_replaces_the_draft(bank):
    question = bank.question("budget_pilot_cost")
    plan = Plan(name="P", answers={"budget_pilot_cost": 250})
    plan.set_draft(question, "250k x")
    assert plan.answers == {} and plan.drafts == {"budget_pilot_cost": "250k x"}
    plan.set(question, 250_000)
    assert plan.answers == {"budget_pilot_cost": 250_000} and plan.drafts == {}
    plan.set_draft(question, "  ")
    assert plan.answers == {} and plan.drafts == {}


def test_drafts_must_be_text(tmp_path):
    error = _unreadable(
        tmp_path, b'schema_version = 1\n[plan]\nname = "x"\n[drafts]\nbudget_pilot_cost = 5\n'
    )
    assert "the draft 'budget_pilot_cost' must be text" in str(error)
    assert error.line == 5


def test_toml_dates_are_read_and_kept(tmp_path):
    path = tmp_path / "dated.toml"
    path.write_text(
        'schema_version = 1\n[plan]\nname = "x"\n[answers]\nplan_date = 2026-03-14\n',
        encoding="utf-8",
    )
    plan = read_plan(path)
    write_plan(plan, path)
    assert "plan_date = 2026-03-14\n" in path.read_text(encoding="utf-8")


def test_a_checklist_item_with_only_an_owner_is_kept_but_not_answered(bank):
    from pilot2prod.plan import is_answered

    question = bank.question("check_security")
    plan = Plan(name="P")
    plan.set(question, {"owner": "Infosec", "status": ""})
    assert plan.answers["check_security"] == {"owner": "Infosec", "status": ""}
    assert not is_answered(question, plan.answers["check_security"])


# --- Modes, links, odd files, limits, names ---------------------------------------------------


def _mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o777


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_plans_are_private_and_existing_files_keep_their_mode(tmp_path, bank):
    old = os.umask(0o022)
    try:
        store = Store(tmp_path / "data")
        path = store.create(Plan.new("Modes", bank))
        assert _mode(path) == 0o600
        for folder in (store.root, store.plans_dir):
            assert _mode(folder) == 0o700
        os.chmod(path, 0o644)
        plan = read_plan(path)
        plan.answers["organisation"] = "Acme"
        store.save(plan, path)
        assert _mode(path) == 0o644
        # An export to a path the user chose follows the umask, and keeps a replaced file's mode.
        shared = tmp_path / "shared.md"
        store_module.write_atomic(shared, b"one")
        assert _mode(shared) == 0o644
        os.chmod(shared, 0o664)
        store_module.write_atomic(shared, b"two")
        assert _mode(shared) == 0o664 and shared.read_bytes() == b"two"
    finally:
        os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_linked_plan_is_written_through_to_its_target(tmp_path, bank):
    store = Store(tmp_path / "data")
    real = tmp_path / "elsewhere" / "real.toml"
    real.parent.mkdir()
    write_plan(Plan.new("Linked", bank), real)
    store.plans_dir.mkdir(parents=True)
    link = store.plans_dir / "linked.toml"
    link.symlink_to(real)
    plan = read_plan(link)
    plan.answers["organisation"] = "Acme"
    store.save(plan, link)
    assert link.is_symlink()
    assert read_plan(real).answers["organisation"] == "Acme"


def test_odd_things_in_plans_are_listed_with_a_reason(tmp_path, bank):
    store = Store(tmp_path / "data")
    store.create(Plan.new("Fine", bank))
    (store.plans_dir / "folder.toml").mkdir()
    if os.name == "posix":
        (store.plans_dir / "dangling.toml").symlink_to(tmp_path / "nowhere.toml")
    reasons = {e.path.name: e.error.reason for e in store.listing() if e.error}
    assert "folder" in reasons["folder.toml"]
    if os.name == "posix":
        assert "link to a file that does not exist" in reasons["dangling.toml"]


def test_a_data_dir_or_plans_folder_that_is_a_file_is_an_error(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "plans").write_text("not a folder", encoding="utf-8")
    with pytest.raises(DataDirError, match="is a file, not a folder"):
        Store(tmp_path / "data").listing()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(DataDirError, match="is a file, not a folder"):
        Store(tmp_path / "file").listing()


def test_old_temp_files_left_by_a_killed_save_are_removed(tmp_path, bank):
    store = Store(tmp_path / "data")
    store.create(Plan.new("Tidy", bank))
    old = store.plans_dir / ".tidy.abc123.tmp"
    new = store.plans_dir / ".tidy.def456.tmp"
    old.write_text("half a plan", encoding="utf-8")
    new.write_text("being written right now", encoding="utf-8")
    an_hour_ago = os.stat(old).st_mtime - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    store.tidy()
    assert not old.exists()
    assert new.exists()  # another window may still be writing it


def test_files_that_are_too_large_or_not_regular_are_refused(tmp_path, monkeypatch):
    from pilot2prod import fileio

    big = tmp_path / "big.toml"
    big.write_text('schema_version = 1\n[plan]\nname = "x"\n' + "#" * 200, encoding="utf-8")
    monkeypatch.setattr(fileio, "MAX_FILE_BYTES", 100)
    with pytest.raises(PlanFileError, match="more than the"):
        read_plan(big)
    if os.path.exists("/dev/zero"):
        with pytest.raises(PlanFileError, match="not a regular file"):
            read_plan(Path("/dev/zero"))


def test_lookup_is_exact_then_case_then_file_stem_never_fuzzier(tmp_path, bank):
    store = Store(tmp_path / "data")
    store.create(Plan.new("Acme claims triage", bank))
    assert store.find("acme CLAIMS triage").name == "acme-claims-triage.toml"
    assert store.find("acme-claims-triage").name == "acme-claims-triage.toml"
    with pytest.raises(PlanNotFoundError, match="did you mean 'Acme claims triage'"):
        store.find("Acme claims")
    with pytest.raises(PlanNotFoundError):
        store.find("%%%")
    with pytest.raises(PlanNotFoundError):
        store.find("../../acme-claims-triage")


def test_an_unreadable_plan_is_named_with_its_problem(tmp_path):
    store = Store(tmp_path / "data")
    store.plans_dir.mkdir(parents=True)
    (store.plans_dir / "its-name.toml").write_text("broken = [", encoding="utf-8")
    with pytest.raises(PlanFileError, match="not valid TOML"):
        store.find("Its name")


@pytest.mark.parametrize("name", ["\u200b", "\u202e\u200b", " \ufeff "])
def test_names_of_only_invisible_characters_are_refused(name):
    from pilot2prod.errors import UsageError
    from pilot2prod.store import check_name

    with pytest.raises(UsageError, match="invisible"):
        check_name(name)


def test_invisible_characters_are_removed_from_names_and_shown_elsewhere():
    from pilot2prod.store import check_name
    from pilot2prod.text import for_terminal, show_invisible

    assert check_name("Acme\u202e \u200bplan\ufeff") == "Acme plan"
    assert show_invisible("evil\u202etxt") == "evil<U+202E>txt"
    assert for_terminal("a\u200bb") == "a<U+200B>b"


def test_what_this_version_does_not_understand_round_trips_unchanged(tmp_path, bank):
    source = (
        "schema_version = 1\n"
        "[plan]\n"
        'name = "Foreign"\n'
        'created = "2026-01-01T00:00:00Z"\n'
        'updated = "2026-01-01T00:00:00Z"\n'
        'bank_id = "pilot2prod"\n'
        'bank_version = "1"\n'
        'owner_team = "platform"\n'
        "\n[answers]\n"
        'debt_budgeted = "maybe later"\n'
        'buyin_shared_with = ["finance", "the board"]\n'
        'criteria_metrics = ["a row that is not a table", { metric = "Speed" }]\n'
        "\n[answers.check_security]\n"
        'status = "manual"\n'
        'due = "2027-01"\n'
        "\n[retrospective]\n"
        'room = "4.12"\n'
        "\n[workshop]\n"
        'catering = "sandwiches"\n'
        "\n[actions.a-1]\n"
        'what = "Book the room"\n'
        'tracker = "JIRA-12"\n'
    )
    path = tmp_path / "foreign.toml"
    path.write_text(source, encoding="utf-8")
    plan = read_plan(path)
    write_plan(plan, path, [q.id for q in bank.questions()])
    again = read_plan(path)
    assert again.meta_extra == {"owner_team": "platform"}
    assert again.extra == {"retrospective": {"room": "4.12"}}
    # Fields of the workshop record this version does not know are kept too.
    assert again.workshop == {"catering": "sandwiches"}
    assert again.actions["a-1"]["tracker"] == "JIRA-12"
    assert again.answers == plan.answers
    assert again.answers["check_security"]["due"] == "2027-01"
    assert again.answers["criteria_metrics"][0] == "a row that is not a table"


# --- The index of plan summaries ----------------------------------------------------------------


def test_the_index_spares_reading_unchanged_plans_and_is_never_trusted_over_them(
    tmp_path, bank, monkeypatch
):
    from functools import partial

    from pilot2prod import insight

    store = Store(tmp_path / "data")
    for n in range(3):
        store.create(Plan.new(f"Plan {n}", bank))
    summarise, key = partial(insight.summary, bank), insight.summary_key(bank)
    first = store.listing(summarise, key)
    assert [e.name for e in first] == ["Plan 0", "Plan 1", "Plan 2"]
    assert all(e.summary and e.summary["progress"] == 0 for e in first)
    assert store.index_path.is_file()

    reads: list[Path] = []
    real = store_index.read_plan

    def counting(path):
        reads.append(path)
        return real(path)

    monkeypatch.setattr(store_index, "read_plan", counting)
    again = store.listing(summarise, key)
    assert reads == []
    assert [e.summary for e in again] == [e.summary for e in first]

    # A plan changed on disk is read again, whatever the index says.
    changed = store.plans_dir / "plan-1.toml"
    plan = real(changed)
    plan.answers["organisation"] = "Acme"
    write_plan(plan, changed)
    after = store.listing(summarise, key)
    assert reads == [changed]
    assert after[1].summary["organisation"] == "Acme"

    # Another bank (or version) recomputes every summary; names alone need no summary.
    reads.clear()
    store.listing(summarise, key + "-other")
    assert len(reads) == 3
    reads.clear()
    assert [e.name for e in store.listing()] == ["Plan 0", "Plan 1", "Plan 2"]
    assert reads == []


def test_a_damaged_or_foreign_index_is_rebuilt(tmp_path, bank):
    store = Store(tmp_path / "data")
    store.create(Plan.new("Kept", bank))
    for damage in ("not json", '{"version": 99}', '{"version": 1, "files": []}'):
        store.index_path.write_text(damage, encoding="utf-8")
        assert [e.name for e in store.listing()] == ["Kept"]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="names of any bytes")
def test_a_plan_file_whose_name_is_not_utf8_is_listed_and_left_out_of_the_index(tmp_path, bank):
    """A file copied in with a name in another encoding: listed (its name escaped), and the
    index keeps the others (it was a traceback: JSON cannot hold such a name)."""
    store = Store(tmp_path / "data")
    kept = store.create(Plan.new("Kept", bank))
    odd = os.fsdecode(bytes(store.plans_dir) + b"/caf\xe9.toml")
    shutil.copyfile(kept, odd)
    for _ in range(2):  # (written, then read back)
        assert sorted(e.path.name for e in store.listing()) == ["caf\udce9.toml", "kept.toml"]
    index = json.loads(store.index_path.read_text(encoding="utf-8"))
    assert [Path(name).name for name in index["files"]] == ["kept.toml"]
    written = store.index_path.stat().st_mtime_ns
    os.utime(store.index_path, ns=(written - 10**9, written - 10**9))
    store.listing()  # (nothing changed: the index is not written again for it)
    assert store.index_path.stat().st_mtime_ns == written - 10**9


def test_a_deleted_plan_leaves_the_index(tmp_path, bank):
    store = Store(tmp_path / "data")
    path = store.create(Plan.new("Gone soon", bank))
    store.create(Plan.new("Stays", bank))
    store.listing()
    path.unlink()
    assert [e.name for e in store.listing()] == ["Stays"]
    assert "gone-soon.toml" not in store.index_path.read_text(encoding="utf-8")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.text(st.sampled_from("aAbBzZ09-_é"), min_size=1, max_size=6), min_size=1, max_size=8
    )
)
def test_plan_files_are_listed_in_the_order_of_their_paths(tmp_path, stems):
    """The listing sorts by file name alone (cheaper with a thousand plans), in the order
    Path itself gives them."""
    data = store_module.DataDir(tmp_path / f"D{abs(hash(tuple(stems)))}")
    data.plans_dir.mkdir(parents=True, exist_ok=True)
    for stem in stems:
        (data.plans_dir / f"{stem}.toml").write_text("", encoding="utf-8")
    listed = data.files()
    assert listed == sorted(data.plans_dir.glob("*.toml"))
