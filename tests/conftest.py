"""Shared fixtures. No test may touch the real user directories: every test gets its own."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import fast_apps
from pilot2prod import cli
from pilot2prod.bank import Bank, load_bank
from pilot2prod.plan import Plan
from pilot2prod.resources import example_path
from pilot2prod.store import ENV_VAR, Store, read_plan

fast_apps.install()

# The collector runs far less often in the test processes: the apps a test starts allocate
# hundreds of thousands of objects, most of them in reference cycles (each widget and its
# parent), and with Python's default threshold (700) a young-generation pass ran every few
# hundred allocations and a full pass every few hundred of those, each walking every object
# the worker had kept. Measured three times each way in turn (test_tui, test_record and
# test_dialogs, two workers): 116-123 s of CPU by default, 92-116 s with this; the whole
# suite, one run each in turn: 489 s of CPU and 270 s by the clock, 409 s and 231 s. Nothing a
# test checks depends on when garbage goes (tests that need it gone collect it themselves);
# the apps started in real terminals (the pty tests, the benchmarks) keep their own settings.
gc.set_threshold(50_000, 20, 100)

TODAY_EPOCH = 1795651200
"""2026-11-26 00:00 UTC: the day every test runs as (SOURCE_DATE_EPOCH)."""

MARKED_FILES: dict[str, frozenset[str]] = {
    "pty": frozenset({"test_pty.py", "test_pty_typing.py", "test_windows.py", "test_line_pty.py"}),
    "snapshot": frozenset({"test_snapshots.py"}),
    "packaging": frozenset({"test_packaging.py"}),
    "browser": frozenset({"test_print.py"}),
}
"""The test files whose every test is of one slow kind, marked here in one place (a single test
elsewhere carries its own ``@pytest.mark.pty``). The quick loop leaves them out:
``pytest -m "not pty and not snapshot and not packaging and not browser"``. tests/test_markers.py
fails when a file that uses a pseudo-terminal is not marked."""


SLOW_FIRST = ("test_pty_typing.py", "test_windows.py", "test_pty.py", "test_packaging.py")
"""Files whose tests take longest (tens of seconds each): run first, so that with several
workers none of them starts last and keeps the run waiting for it alone."""


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by these marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for mark, files in MARKED_FILES.items():
            if item.path.name in files:
                item.add_marker(mark)
    order = {name: rank for rank, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: order.get(item.path.name, len(order)))  # (stable otherwise)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure() -> None:
    """Let the process end without the collector walking what the tests left behind.

    A worker ends holding the apps its tests started (one to four million objects, most in
    reference cycles), and the interpreter's shutdown walked and freed them all: 2 to 4
    seconds a worker, and the last worker's shutdown kept the whole run waiting (measured
    here: the run ended 10 s after its last test). A worker still busy 5 s after it was told
    to stop is sent SIGINT by execnet: the stray "KeyboardInterrupt ... gc_callback" once
    printed at the end of a run. Moved out of the collector's reach, they are left to the
    operating system, as any ending process's memory is."""
    gc.freeze()


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the data dir (and HOME/XDG dirs, in case) at a fresh temporary folder."""
    data = tmp_path / "data"
    monkeypatch.setenv(ENV_VAR, str(data))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))  # (parsed stylesheets)
    # Insight is assessed as of a fixed day (overdue actions, the export's date), so screens
    # and documents are the same whatever day the tests run.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(TODAY_EPOCH))
    # The system's temporary folder too: a window that cannot write its data directory puts
    # recovery files in TMPDIR/pilot2prod-UID, and tests running side by side (xdist, the
    # pty tests' own processes) must never see each other's.
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(system_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    return data


@pytest.fixture(autouse=True)
def neighbour_pages(request: pytest.FixtureRequest) -> Iterator[None]:
    """The wizards these tests start build the page on screen, whole, and not the pages next
    to it while idle, unless the test is marked ``neighbour_pages``.

    Whether a neighbouring page is built before a test changes step depends on how much idle
    time the machine gave it, so a test that steps on finds it built or builds it itself by
    chance; here it always builds it itself. And it is a quarter of what starting a wizard in
    a test costs (20 starts, one process: 0.48 CPU-s each with the neighbours, 0.36 without).
    The tests marked (the idle builder's own, a step change into a page it built, a page it
    built changed by another window, and the snapshots, marked module-wide) keep the builder
    whole, as do the pty tests (the app in a real terminal, in a process of its own). Its own
    patch, so a test's ``monkeypatch.undo()`` leaves it in place.
    """
    if request.node.get_closest_marker("neighbour_pages") is not None:
        yield
        return
    from pilot2prod.tui.wizard.pages import StepPages

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StepPages, "NEAR", ())
        yield


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank()


@pytest.fixture
def example() -> Plan:
    return read_plan(example_path())


@pytest.fixture
def store(isolated_dirs: Path) -> Store:
    return Store(isolated_dirs)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):
    """Run the command line in-process and capture its output."""

    def _run(*argv: str) -> Result:
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:  # argparse's own exits (usage errors, --help, --version)
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


def run_subprocess(
    *argv: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    input_text: str | None = None,
) -> Result:
    """Run ``python -m pilot2prod`` in a child process (for exit codes and imports)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "pilot2prod", *argv],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        input=input_text,
        timeout=60,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)
