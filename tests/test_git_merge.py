"""The git merge driver in a real repository (configured as docs/file-format.md says): two
branches that each add the same plan merge answer by answer; a side that is not a readable plan
leaves git's conflict markers and a failed merge."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pilot2prod.plan import Plan
from pilot2prod.store import read_plan, write_plan

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="needs git")


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        assert GIT is not None
        done = subprocess.run(
            [GIT, *args], cwd=self.root, capture_output=True, text=True, timeout=120
        )
        if check:
            assert done.returncode == 0, done.stdout + done.stderr
        return done

    def commit_plan(self, branch: str, plan: Plan | str, *, start: str = "main") -> None:
        self.git("checkout", "-q", "-B", branch, start)
        target = self.root / "plans" / "acme.toml"
        target.parent.mkdir(exist_ok=True)
        if isinstance(plan, str):
            target.write_text(plan, encoding="utf-8")
        else:
            write_plan(plan, target)
        self.git("add", "plans/acme.toml")
        self.git("commit", "-q", "-m", f"plan on {branch}")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.root.mkdir()
    repo.git("init", "-q", "-b", "main")
    for key, value in (
        ("user.name", "Tester"),
        ("user.email", "tester@example.com"),
        ("commit.gpgsign", "false"),
        ("merge.pilot2prod.name", "pilot2prod plan merge"),
        (
            "merge.pilot2prod.driver",
            f"{shlex.quote(sys.executable)} -m pilot2prod merge-driver %O %A %B %P",
        ),
    ):
        repo.git("config", key, value)
    (repo.root / ".gitattributes").write_text("*.toml merge=pilot2prod\n", encoding="utf-8")
    repo.git("add", ".gitattributes")
    repo.git("commit", "-q", "-m", "attributes")
    return repo


def acme(**answers: str) -> Plan:
    return Plan(
        name="Acme",
        bank_id="pilot2prod",
        bank_version="1",
        created="2026-11-20T09:00:00Z",
        updated="2026-11-20T09:00:00Z",
        answers=dict(answers),
    )


def test_both_branches_adding_the_plan_merge_answer_by_answer(repo):
    repo.commit_plan("ours", acme(organisation="Acme Ltd", use_case="Triage claims"))
    repo.commit_plan("theirs", acme(organisation="Acme Ltd", business_problem="Slow claims"))
    repo.git("checkout", "-q", "ours")
    merged = repo.git("merge", "-q", "--no-edit", "theirs", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    plan = read_plan(repo.root / "plans" / "acme.toml")
    assert plan.answers == {
        "organisation": "Acme Ltd",
        "use_case": "Triage claims",
        "business_problem": "Slow claims",
    }
    assert plan.conflicts == []
    assert repo.git("status", "--porcelain").stdout == ""


def test_both_branches_adding_the_same_answer_differently_record_a_conflict(repo):
    repo.commit_plan("ours", acme(use_case="Ours", organisation="Acme Ltd"))
    repo.commit_plan("theirs", acme(use_case="Theirs", organisation="Acme Ltd"))
    repo.git("checkout", "-q", "ours")
    merged = repo.git("merge", "--no-edit", "theirs", check=False)
    assert merged.returncode != 0
    said = merged.stdout + merged.stderr
    assert "plans/acme.toml: both branches changed use_case" in said
    text = (repo.root / "plans" / "acme.toml").read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    plan = read_plan(repo.root / "plans" / "acme.toml")
    assert plan.answers["use_case"] == "Ours"
    (conflict,) = plan.conflicts
    assert conflict["question"] == "use_case" and conflict["other"] == "Theirs"


@pytest.mark.parametrize(
    "broken",
    ["schema_version = 1\n[plan\nname = 'Acme'\n", "", "\x00\x01binary\x00"],
    ids=["bad-toml", "empty", "binary"],
)
def test_a_side_that_cannot_be_read_leaves_conflict_markers(repo, broken):
    repo.commit_plan("main", acme(use_case="Start"))
    repo.commit_plan("ours", acme(use_case="Ours changed it"))
    repo.commit_plan("theirs", broken)
    repo.git("checkout", "-q", "ours")
    merged = repo.git("merge", "--no-edit", "theirs", check=False)
    assert merged.returncode != 0
    said = merged.stdout + merged.stderr
    assert "cannot merge plans/acme.toml: their version" in said
    assert "Traceback" not in said
    text = (repo.root / "plans" / "acme.toml").read_bytes()
    assert b"<<<<<<< ours" in text and b">>>>>>> theirs" in text
    assert b"Ours changed it" in text
    assert "UU plans/acme.toml" in repo.git("status", "--porcelain").stdout


def test_without_git_the_driver_puts_both_whole_versions_between_markers(
    run, tmp_path, monkeypatch
):
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    write_plan(acme(use_case="Start"), base)
    write_plan(acme(use_case="Ours"), ours)
    theirs.write_text("not = [a plan", encoding="utf-8")
    result = run("merge-driver", str(base), str(ours), str(theirs), "plans/acme.toml")
    assert result.code == 1
    assert "cannot merge plans/acme.toml: their version, line 1: this is not valid TOML" in (
        result.err
    )
    text = ours.read_text(encoding="utf-8")
    assert text.startswith("<<<<<<< ours\n")
    assert 'use_case = "Ours"' in text
    assert text.endswith("=======\nnot = [a plan\n>>>>>>> theirs\n")


def test_a_plan_of_another_method_keeps_its_answers_in_the_order_of_its_file(repo):
    """The driver orders answers by the built-in bank's questions; a plan made with another
    method keeps the order its files have (not sorted by id, which would rewrite every line)."""
    import tomllib

    def bot(*answers: str) -> str:
        head = (
            'schema_version = 1\n[plan]\nname = "Acme"\ncreated = "2026-11-20T09:00:00Z"\n'
            'updated = "2026-11-20T09:00:00Z"\nbank_id = "genai-chatbot"\nbank_version = "1.0"\n'
        )
        return head + "[answers]\n" + "".join(f'{a} = "{a}"\n' for a in answers)

    repo.commit_plan("ours", bot("zulu_first", "alpha_second"))
    repo.commit_plan("theirs", bot("zulu_first", "alpha_second", "mike_third"))
    repo.git("checkout", "-q", "ours")
    merged = repo.git("merge", "-q", "--no-edit", "theirs", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = (repo.root / "plans" / "acme.toml").read_text(encoding="utf-8")
    assert list(tomllib.loads(text)["answers"]) == ["zulu_first", "alpha_second", "mike_third"]


def test_the_driver_given_files_that_are_not_there_writes_nothing(run, tmp_path):
    """Called by hand with names of no file, it says which (it created OURS, holding nothing
    but conflict markers)."""
    base, ours, theirs = (tmp_path / name for name in ("a", "b", "c"))
    result = run("merge-driver", str(base), str(ours), str(theirs))
    assert result.code == 2
    assert f"cannot merge: {ours} (ours) does not exist" in result.err
    assert not ours.exists()
    ours.write_text("kept as it is", encoding="utf-8")
    result = run("merge-driver", str(base), str(ours), str(theirs))
    assert result.code == 2 and f"{theirs} (theirs) does not exist" in result.err
    assert ours.read_text(encoding="utf-8") == "kept as it is"
