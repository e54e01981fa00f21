"""The wheel carries the question bank and the example plan, and finds them when installed."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    (built,) = out.glob("pilot2prod-*.whl")
    return built


def test_wheel_contains_the_assets(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "pilot2prod/assets/question-bank.toml" in names
    assert "pilot2prod/assets/example-plan.toml" in names
    assert "pilot2prod/assets/banks/README.md" in names  # the bundled banks' folder ...
    for bundled in sorted((ROOT / "assets" / "banks").glob("*.toml")):  # ... and every bank
        assert f"pilot2prod/assets/banks/{bundled.name}" in names
    assert "pilot2prod/cli/__init__.py" in names


def test_installed_wheel_finds_its_assets_without_the_repository(wheel, tmp_path):
    """Unpack the wheel as pip would (a non-editable install) and run it from elsewhere."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import pilot2prod, sys\n"
        "from pathlib import Path\n"
        "from pilot2prod import resources\n"
        f"assert Path(pilot2prod.__file__).is_relative_to({str(site)!r}), pilot2prod.__file__\n"
        f"assert resources.assets_dir() == Path({str(site)!r}) / 'pilot2prod' / 'assets'\n"
        "from pilot2prod.cli import main\n"
        "raise SystemExit(main(['export', '--example']))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(site), PILOT2PROD_DATA_DIR=str(tmp_path / "d"))
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# Northwind claims triage assistant")
    assert "## 5. Scale and optimise" in proc.stdout


def test_installed_wheel_carries_every_stylesheet_the_app_loads(wheel, tmp_path):
    """The stylesheets (tui/styles/*.tcss, no Python) are in the wheel, where the app looks."""
    names = zipfile.ZipFile(wheel).namelist()
    in_source = sorted(
        str(path.relative_to(ROOT / "src")) for path in (ROOT / "src").rglob("*.tcss")
    )
    assert in_source and set(in_source) <= set(names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "from pathlib import Path\n"
        "from pilot2prod.tui import app\n"
        f"assert Path(app.__file__).is_relative_to({str(site)!r}), app.__file__\n"
        "folder = Path(app.__file__).parent\n"
        "missing = [p for p in app.Pilot2ProdApp.CSS_PATH if not (folder / p).is_file()]\n"
        "assert not missing, missing\n"
        "print(len(app.Pilot2ProdApp.CSS_PATH))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) == len(in_source)


def test_the_command_turns_collection_off_before_anything_loads(wheel, tmp_path):
    """The console script is pilot2prod.launch:main, which loads nothing heavy on import: the
    garbage collector is off before Textual and the command line load, and stays off until
    the command runs."""
    entry = zipfile.ZipFile(wheel).read(
        next(n for n in zipfile.ZipFile(wheel).namelist() if n.endswith("entry_points.txt"))
    )
    assert "pilot2prod = pilot2prod.launch:main" in entry.decode()
    code = (
        "import gc, sys\n"
        "import pilot2prod.launch\n"
        "assert not any(m.startswith(('textual', 'pilot2prod.cli')) for m in sys.modules)\n"
        "import pilot2prod.cli\n"
        "seen = []\n"
        "pilot2prod.cli._run = lambda argv: seen.append(gc.isenabled()) or 3\n"
        "assert pilot2prod.launch.main() == 3 and seen == [False], seen\n"
        "assert gc.isenabled()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
