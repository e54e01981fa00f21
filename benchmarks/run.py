"""Speed and size of pilot2prod against a bare Textual app, measured in the same run.

    python benchmarks/run.py            # every target; prints a Markdown table
    python benchmarks/run.py --readme   # ... and writes it into README.md (between markers)
    python benchmarks/run.py --only bytes   # only the bytes written (or --only speed)
    ROUNDS=9 python benchmarks/run.py   # more rounds (medians of at least 5)

Everything runs in real pseudo-terminals (tests/ptyterm.py) at 80x24. What is timed is what a
person waits for: the opened plan's first question, the new step's *content* (not its counter),
the preview's text, each up to the moment the bytes that show it reach the terminal
(:func:`arrival`), not the moment the harness has decoded them. Ratios are pilot2prod / bare
Textual app (Header, Label, Input, Footer), so they travel between machines better than
seconds; the starts on either side of a ratio run in turn, round by round (:func:`in_turn`).
The process exits 1 when a target is missed.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

from pilot2prod.bank import load_bank  # noqa: E402
from pilot2prod.resources import example_path  # noqa: E402
from pilot2prod.store import Store, read_plan, write_plan  # noqa: E402
from ptyterm import SYNC_END, Terminal, key  # noqa: E402

ROUNDS = max(5, int(os.environ.get("ROUNDS", "5")))
TYPING_ROUNDS = max(9, ROUNDS)
"""Keys after the preview take a few milliseconds: more rounds, for a steadier median."""
PYTHON = sys.executable
COMMAND = shutil.which("pilot2prod", path=str(Path(PYTHON).parent)) or "pilot2prod"
TEXT = "abcdefghijklmnopqrst"
PREVIEW_TEXT = "What is asked of the board"
"""On the example plan's preview, in its first screen."""
FIELD_START = "An assistant"
"""How the example plan's first answer begins."""
REACTION = 0.2
"""Seconds between closing a screen and the first key typed after it."""
PLANS = 1000
TRUECOLOR = {"TERM": "xterm-256color", "COLORTERM": "truecolor"}
"""The terminal every figure is measured in (a modern terminal emulator)."""
SIXTEEN = {"TERM": "linux", "COLORTERM": ""}
"""A 16-colour terminal (the Linux console), for the byte figures measured in both."""
TAB_BYTES = 4000
STEP_BYTES = 12000
"""Targets, in a truecolor terminal: bytes for a Tab between fields, and for a step change."""
QUIET = 0.3
"""Seconds without output after which a key's redraw is taken as finished."""
TABS_PER_STEP = 4
"""Tabs forward, then as many Shift+Tabs back, on each step of the example plan."""
BIG_BANK_QUESTIONS = 500


@dataclass
class Row:
    label: str
    ours: float
    base: float | None
    limit: float | None
    """None for a figure shown for information, without a target."""
    unit: str = "s"
    """"s" (seconds), "x" (a ratio to the bare app), "B" (bytes), "n" (a count)."""

    @property
    def measured(self) -> float:
        return self.ours / self.base if self.unit == "x" and self.base else self.ours

    @property
    def ok(self) -> bool:
        return self.limit is None or self.measured <= self.limit


# --- Driving a terminal ---------------------------------------------------------------------------


def start(argv: list[str], ready: str, env: dict[str, str] | None = None) -> tuple[Terminal, float]:
    """Start *argv* (each plan at its first step: where it was left is forgotten), in a
    truecolor terminal unless *env* says otherwise."""
    if "--data-dir" in argv:
        shutil.rmtree(Path(argv[argv.index("--data-dir") + 1]) / "state", ignore_errors=True)
    full = {**TRUECOLOR, **(env or {})}
    term = Terminal(argv, env=full, sync=full.get("COLORTERM") == "truecolor")
    shown, _ = arrival(term, lambda screen: ready in screen, limit=60, what=repr(ready))
    return term, shown - term.started


def startup(argv: list[str], ready: str) -> float:
    term, seconds = start(argv, ready)
    term.kill()
    return seconds


def arrival(
    term: Terminal,
    shows: Callable[[str], bool],
    mixed: Callable[[str], bool] | None = None,
    limit: float = 30.0,
    what: str = "what was waited for",
) -> tuple[float, bool]:
    """When (``time.monotonic``) the bytes arrived that first put a screen that *shows* on the
    terminal, and whether a screen before it was *mixed*.

    Timed by the bytes' arrival, as a person sees them: what is there is read before any of
    it is decoded (:meth:`Terminal.read_timed`), so the harness's own decoding (pyte, a few
    milliseconds a kilobyte) and its polling are not counted. The screen is looked at as a
    terminal shows it: in a terminal with synchronized output (:attr:`Terminal.sync`, the
    truecolor one), at the end of each frame, whole (a frame comes in pieces of 4 KB at most,
    sometimes milliseconds apart), and once nothing more is there to read outside a frame;
    without it, once nothing more is there to read (the screen between two pieces of one
    frame is seen by such a terminal too)."""
    end = time.monotonic() + limit
    was_mixed = False
    if shows(term.text()):  # (already there)
        return time.monotonic(), was_mixed
    since: float | None = None  # (when the screen began to show it, and has since)

    def look(at: float) -> None:
        nonlocal was_mixed, since
        screen = term.text()
        if mixed is not None and mixed(screen):
            was_mixed = True
        if not shows(screen):
            since = None
        elif since is None:
            since = at

    while time.monotonic() < end and not term.closed:
        pieces = term.read_timed(0.05)
        for at, data in pieces:
            if not term.sync:
                term.decode(data)
                continue
            while (cut := data.find(SYNC_END)) != -1:
                term.decode(data[: cut + len(SYNC_END)])
                data = data[cut + len(SYNC_END) :]
                look(at)
            term.decode(data)
        if pieces and not term.in_frame():  # (and what was written outside a frame)
            look(pieces[-1][0])
            if since is not None:
                return since, was_mixed
    raise AssertionError(f"{what} never showed:\n{term.text()}")


def until(term: Terminal, needle: str, avoid: str | None = None) -> tuple[float, bool]:
    """Seconds until *needle* shows (:func:`arrival`), and whether a frame showed it beside
    *avoid* (mixed)."""
    begin = time.monotonic()
    shown, mixed = arrival(
        term,
        lambda screen: needle in screen and not (avoid and avoid in screen),
        (lambda screen: avoid in screen and needle in screen) if avoid else None,
        what=repr(needle),
    )
    return shown - begin, mixed


def send(term: Terminal, *names: str) -> None:
    os.write(term.master, "".join(key(n) if len(n) > 1 else n for n in names).encode())


def keystrokes(
    argv: list[str], ready: str, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Median bytes written and seconds until the last of the echo has arrived, per typed
    character."""
    term, _ = start(argv, ready, env)
    try:
        term.settle(0.3)
        sizes, delays = [], []
        for char in TEXT:
            begin = time.monotonic()
            os.write(term.master, char.encode())
            got, last = 0, begin
            while True:  # (until 30 ms pass with nothing more)
                pieces = term.read_timed(0.03)
                if not pieces and got:
                    break
                for at, data in pieces:
                    term.decode(data)
                    got, last = got + len(data), at
            sizes.append(got)
            delays.append(last - begin)  # (when the last of it arrived)
        return statistics.median(sizes), statistics.median(delays)
    finally:
        term.kill()


def echo_delay(argv: list[str], ready: str) -> float:
    """Key to echo in one process (:func:`keystrokes`): a few milliseconds, which one process
    can read a millisecond high or low (a ratio of 0.87 to 1.39 from one process of each side,
    run after run); :func:`in_turn` takes the median over processes, both sides in turn."""
    return keystrokes(argv, ready)[1]


BURST = ("the quick brown fox jumps over the lazy dog " * 3)[:90] + " END123456"
"""A hundred characters sent in one write, as SSH delivers a fast typist's keys or a paste of
keystrokes; the last word shows when the last key has been handled."""


def burst_typing(
    argv: list[str], ready: str, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Bytes written per character, and seconds until the end of :data:`BURST` is on screen,
    for the burst sent in one write to the field focused at start (medians of 3 bursts)."""
    term, _ = start(argv, ready, env)
    try:
        term.settle(0.3)
        sizes, delays = [], []
        for _ in range(3):
            end = f"END{uuid.uuid4().hex[:6]}"  # (the plan keeps earlier runs' text)
            before = len(term.output)
            os.write(term.master, (BURST[: -len(end)] + end).encode())
            delays.append(until(term, end)[0])
            term.settle(0.3)
            sizes.append((len(term.output) - before) / len(BURST))
        return statistics.median(sizes), statistics.median(delays)
    finally:
        term.kill()


def echoes(argv: list[str], ready: str, after_preview: bool) -> list[float]:
    """Seconds until each typed character shows in the example plan's first field (typed at
    its start, before FIELD_START). With *after_preview*, typed right after closing the
    preview, as a person does: Escape as soon as its first screen shows, the first key
    REACTION seconds later, whether or not the wizard is back on screen. The echo is looked for
    on the screen, not counted in bytes: a screen still drawing would pass for it."""
    term, _ = start(argv, ready)
    try:
        term.settle(0.3)
        if after_preview:
            send(term, "ctrl+o")
            until(term, PREVIEW_TEXT)
            send(term, "escape")
            _count(term, REACTION)
        delays = []
        for n, char in enumerate(TEXT, start=1):
            os.write(term.master, char.encode())
            delays.append(until(term, TEXT[:n] + FIELD_START)[0])
            term.settle(0.03)
        return delays
    finally:
        term.kill()


def typing_rounds(work: Path, ready: str, after_preview: bool) -> tuple[float, float]:
    """Over TYPING_ROUNDS runs, each on a fresh copy of the example plan (what one run typed
    may have been saved): the median first key to echo, and the median slowest key."""
    runs = []
    for n in range(TYPING_ROUNDS):
        data = work / f"typing-{'after' if after_preview else 'plain'}-{n}"
        runs.append(echoes([COMMAND, "--data-dir", str(data), "demo"], ready, after_preview))
    return statistics.median(run[0] for run in runs), statistics.median(max(run) for run in runs)


def idle_bytes(argv: list[str], ready: str, seconds: float = 10.0) -> int:
    term, _ = start(argv, ready)
    try:
        term.settle(0.5)
        return _count(term, seconds)
    finally:
        term.kill()


def _count(term: Terminal, seconds: float) -> int:
    total = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        total += term.read(min(0.2, max(0.0, end - time.monotonic())))
    return total


def resident_kb(argv: list[str], ready: str) -> float:
    term, _ = start(argv, ready)
    try:
        term.settle(0.5)
        with open(f"/proc/{term.proc.pid}/status", encoding="utf-8") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return float(line.split()[1])
    finally:
        term.kill()
    return float("nan")


def until_quiet(term: Terminal, quiet: float = QUIET, limit: float = 5.0) -> int:
    """Bytes written until nothing more comes for *quiet* seconds: all of a key's redraw,
    whatever it sets off later (a scroll, the help line, a save's mark in the header)."""
    total = 0
    end = time.monotonic() + limit
    while time.monotonic() < end:
        got = term.read(quiet)
        if not got:
            break
        total += got
    return total


def redraw_bytes(argv: list[str], env: dict[str, str] | None = None) -> tuple[list[int], list[int]]:
    """Bytes written per Tab (or Shift+Tab) and per step change, walking the example plan:
    on each step TABS_PER_STEP Tabs and as many Shift+Tabs, then PgDn to the next step, to
    the last one, and PgUp back to the first. Every byte is counted, up to the next key."""
    bank = load_bank()
    steps = list(bank.steps)
    term, _ = start(argv, marker(steps[0].questions[0].prompt), env)
    tabs: list[int] = []
    flips: list[int] = []
    try:
        term.settle(0.5)
        order = [*range(1, len(steps)), *range(len(steps) - 2, -1, -1)]
        now = 0
        for index in order:
            if index > now:  # (going forward: Tab about on each step)
                for name in ["tab"] * TABS_PER_STEP + ["shift+tab"] * TABS_PER_STEP:
                    before = len(term.output)
                    send(term, name)
                    until_quiet(term)
                    tabs.append(len(term.output) - before)
            before = len(term.output)
            send(term, "pagedown" if index > now else "pageup")
            term.wait_for(marker(steps[index].questions[0].prompt))
            until_quiet(term)
            flips.append(len(term.output) - before)
            now = index
        return tabs, flips
    finally:
        term.kill()


def marker(prompt: str) -> str:
    """A piece of a question's prompt that fits on the first line at 80 columns."""
    return prompt[:24]


DWELL = 0.3
"""Seconds spent on each step before the next key, as a person reads at least that long; the
app builds neighbouring steps in such pauses. ``dwell=0`` measures flipping without a pause."""


def step_flips(
    argv: list[str], bank_path: Path | None = None, dwell: float = DWELL
) -> tuple[list[float], int]:
    """Key to the new step's first question, for every step forward and back; mixed frames."""
    bank = load_bank(bank_path)
    steps = list(bank.steps)
    first = marker(steps[0].questions[0].prompt)
    term, _ = start(argv, first)
    times: list[float] = []
    mixed = 0
    try:
        term.settle(0.5)
        order = [*range(1, len(steps)), *range(len(steps) - 2, -1, -1)]
        now = 0
        for index in order:
            old = marker(steps[now].questions[0].prompt)
            new = marker(steps[index].questions[0].prompt)
            send(term, "pagedown" if index > now else "pageup")
            seconds, was_mixed = until(term, new, None if old == new else old)
            times.append(seconds)
            mixed += was_mixed
            now = index
            _count(term, dwell) if dwell else term.read(0.005)
        return times, mixed
    finally:
        term.kill()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def screen_time(argv: list[str], ready: str, keys: list[str], needle: str) -> float:
    term, _ = start(argv, ready)
    try:
        term.settle(0.5)
        send(term, *keys)
        return until(term, needle)[0]
    finally:
        term.kill()


def jump_time(argv: list[str], ready: str) -> float:
    """Palette jump to a step not built yet: Enter to the step's first question."""
    term, _ = start(argv, ready)
    try:
        term.settle(0.5)
        send(term, "ctrl+g")
        term.wait_for("Go to a step")
        os.write(term.master, b"step: 4. production deployment")
        term.settle(0.4)
        send(term, "enter")
        return until(term, "Which users or processes")[0]
    finally:
        term.kill()


def timed(argv: list[str]) -> float:
    begin = time.monotonic()
    subprocess.run(argv, check=True, capture_output=True)
    return time.monotonic() - begin


def median(fn: Callable[..., float], *args: object) -> float:
    return statistics.median(fn(*args) for _ in range(ROUNDS))


def in_turn(*measures: tuple[Callable[..., float], tuple[object, ...]]) -> list[float]:
    """The median of each measure, all run in turn round after round: the two sides of a
    ratio then meet the machine as it is at that moment (its speed drifts over minutes; five
    rounds of one side, then five of the other, once gave 1.06 for a ratio that is 1.4)."""
    seen: list[list[float]] = [[] for _ in measures]
    for _ in range(ROUNDS):
        for results, (fn, args) in zip(seen, measures, strict=True):
            results.append(fn(*args))
    return [statistics.median(results) for results in seen]


# --- Data -----------------------------------------------------------------------------------------


def many_plans(folder: Path, count: int) -> None:
    """*count* copies of the example plan, each under its own name."""
    store = Store(folder)
    example = read_plan(example_path())
    order = [q.id for q in load_bank().questions()]
    store.plans_dir.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        example.name = f"Plan {n:04d}"
        write_plan(example, store.plans_dir / f"plan-{n:04d}.toml", order)


def big_bank(path: Path, questions: int) -> Path:
    """A bank with *questions* questions in 25 steps of mixed kinds."""
    kinds = ["text", "long_text", "choice", "money", "date", "percent", "person", "number"]
    lines = ['[bank]\nid = "big"\nversion = "1"\ntitle = "A big bank"\n']
    per_step = questions // 25
    n = 0
    for phase in range(5):
        lines.append(
            f'[[phases]]\nid = "p{phase}"\ntitle = "Phase {phase}"\nnumber = {phase + 1}\n'
        )
        for step in range(5):
            lines.append(
                f'[[phases.steps]]\nid = "s{phase}_{step}"\ntitle = "Step {phase}.{step}"\n'
            )
            for _ in range(per_step):
                kind = kinds[n % len(kinds)]
                lines.append(
                    f'[[phases.steps.questions]]\nid = "q{n}"\nkind = "{kind}"\n'
                    f'prompt = "Question {n} of step {phase}.{step}: something to answer"\n'
                )
                if kind == "choice":
                    lines.append('choices = ["yes", "no", "unsure"]\n')
                n += 1
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


# --- The run --------------------------------------------------------------------------------------


def compile_installed() -> None:
    """Byte-compile the installed package, as ``pip install`` does: an editable install run
    with PYTHONDONTWRITEBYTECODE would otherwise compile every module on every start, a cost
    no installed copy pays (and the bare app's Textual never pays)."""
    code = "import pathlib, pilot2prod; print(pathlib.Path(pilot2prod.__file__).parent)"
    folder = subprocess.run(
        [PYTHON, "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()
    subprocess.run([PYTHON, "-m", "compileall", "-q", folder], check=True, capture_output=True)


def byte_rows(work: Path) -> list[Row]:
    """Bytes written for a typed character, a Tab and a step change, in a truecolor terminal
    and in 16 colours (the Linux console). A Tab that moved nothing (at the end of a step) is
    left out; each figure is the median over the walk, with its p95 beside it."""
    data = work / "bytes"
    one = [COMMAND, "--data-dir", str(data)]
    subprocess.run([*one, "new", "Bench", "--no-open"], check=True, capture_output=True)
    bare = [PYTHON, str(HERE / "bare_app.py")]
    wizard = [*one, "open", "Bench"]
    first_question = marker("The AI use case: what will the system do")
    rows = []
    for name, env, limits in (("truecolor", TRUECOLOR, True), ("16 colours", SIXTEEN, False)):
        bare_bytes = keystrokes(bare, "bare ready", env)[0]
        app_bytes = keystrokes(wizard, first_question, env)[0]
        tabs, flips = redraw_bytes([*one, "demo"], env)
        moved = [float(n) for n in tabs if n]
        if limits:  # (truecolor only)
            bare_burst, bare_took = burst_typing(bare, "bare ready", env)
            app_burst, app_took = burst_typing(wizard, first_question, env)
            rows += [
                Row(
                    f"{len(BURST)} characters in one write, to the last on screen (s)",
                    app_took,
                    bare_took,
                    None,
                    "x",
                ),
                Row(
                    f"{len(BURST)} characters in one write, bytes per character, {name}",
                    app_burst,
                    bare_burst,
                    None,
                    "x",
                ),
            ]
        rows += [
            Row(f"Bytes per typed character, {name}", app_bytes, bare_bytes, 1.05, "x"),
            Row(
                f"Bytes per Tab between fields, {name}, median",
                statistics.median(moved),
                None,
                TAB_BYTES if limits else None,
                "B",
            ),
            Row(f"Bytes per Tab between fields, {name}, p95", p95(moved), None, None, "B"),
            Row(
                f"Bytes per step change, {name}, median",
                statistics.median(flips),
                None,
                STEP_BYTES if limits else None,
                "B",
            ),
            Row(
                f"Bytes per step change, {name}, p95", p95(list(map(float, flips))), None, None, "B"
            ),
        ]
    return rows


GROUPS = ("speed", "bytes")
"""What ``--only`` may name (comma-separated): the timings and sizes, or the byte figures."""


def main() -> int:
    only = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else GROUPS
    if unknown := set(only) - set(GROUPS):
        print(f"--only takes {' or '.join(GROUPS)}, not {', '.join(sorted(unknown))}.")
        return 2
    if "--readme" in sys.argv and set(only) != set(GROUPS):
        print("--readme writes every figure: leave --only out.")
        return 2
    compile_installed()
    work = Path(tempfile.mkdtemp(prefix="pilot2prod-bench-"))
    rows = speed_rows(work) if "speed" in only else []
    if "bytes" in only:
        rows += byte_rows(work)
    shutil.rmtree(work, ignore_errors=True)
    return report(rows)


def speed_rows(work: Path) -> list[Row]:
    """Every timing and size but the byte figures (:func:`byte_rows`)."""
    data = work / "data"
    one = [COMMAND, "--data-dir", str(data)]
    subprocess.run([*one, "new", "Bench", "--no-open"], check=True, capture_output=True)
    bare = [PYTHON, str(HERE / "bare_app.py")]
    wizard = [*one, "open", "Bench"]
    first_question = marker("The AI use case: what will the system do")
    demo = [*one, "demo"]

    second_question = marker("Which business problem does it solve")
    bare_start, home_start, open_start, whole_start = in_turn(
        (startup, (bare, "bare ready")),
        (startup, (one, "Bench")),
        (startup, (wizard, first_question)),
        (startup, (wizard, second_question)),
    )

    flips: list[float] = []
    mixed = 0
    for _ in range(ROUNDS):
        times, was_mixed = step_flips(demo)
        flips += times
        mixed += was_mixed
    rapid, rapid_mixed = step_flips(demo, dwell=0)
    mixed += rapid_mixed
    jump = median(jump_time, wizard, first_question)
    preview = median(screen_time, demo, first_question, ["ctrl+o"], PREVIEW_TEXT)
    dashboard = median(screen_time, demo, first_question, ["f2"], "Required questions open")
    review = median(screen_time, demo, first_question, ["ctrl+r"], "▸ Plan basics")

    bare_delay, app_delay = in_turn(
        (echo_delay, (bare, "bare ready")), (echo_delay, (wizard, first_question))
    )
    demo_first, demo_slowest = typing_rounds(work, first_question, after_preview=False)
    closed_first, closed_slowest = typing_rounds(work, first_question, after_preview=True)
    idle = idle_bytes(wizard, first_question)
    bare_rss = resident_kb(bare, "bare ready")
    app_rss = resident_kb(wizard, first_question)

    crowd = work / "crowd"
    many_plans(crowd, PLANS)
    many = [COMMAND, "--data-dir", str(crowd)]
    timed([*many, "list"])  # the first run builds the index
    list_many = median(timed, [*many, "list"])
    home_many = median(startup, many, "Plan 0000")
    one_example = work / "one"
    many_plans(one_example, 1)
    open_many, open_one = in_turn(
        (startup, ([*many, "open", "Plan 0500"], first_question)),
        (startup, ([COMMAND, "--data-dir", str(one_example), "open", "Plan 0000"], first_question)),
    )

    bank_file = big_bank(work / "big-bank.toml", BIG_BANK_QUESTIONS)
    big = [COMMAND, "--data-dir", str(work / "big"), "--bank", str(bank_file)]
    subprocess.run([*big, "new", "Big", "--no-open"], check=True, capture_output=True)
    big_open = [*big, "open", "Big"]
    big_flips: list[float] = []
    for _ in range(max(1, ROUNDS // 2)):
        big_flips += step_flips(big_open, bank_file)[0]
    big_first = "Question 0 of step"
    big_review = median(screen_time, big_open, big_first, ["ctrl+r"], "▸ 1. Phase 0")
    big_dashboard = median(screen_time, big_open, big_first, ["f2"], "Required questions open")

    export, textual_import = in_turn(
        (timed, ([COMMAND, "export", "--example"],)),
        (timed, ([PYTHON, "-c", "import textual.app"],)),
    )

    return [
        Row("Open a plan to its first question (s)", open_start, bare_start, 1.25, "x"),
        Row("Open a plan to the rest of its first screen (s)", whole_start, bare_start, None, "x"),
        Row("Home to its list of plans (s)", home_start, bare_start, 1.3, "x"),
        Row("Next / previous step, key to content, p95 (s)", p95(flips), None, 0.05),
        Row("Next step with no pause between keys, p95 (s)", p95(rapid), None, None),
        Row("Frames mixing two steps (count)", float(mixed), None, 0, "n"),
        Row("Jump to a step not built yet (s)", jump, None, 0.15),
        Row("Preview of the example plan (s)", preview, None, 0.3),
        Row("Dashboard (s)", dashboard, None, 0.15),
        Row("Review (s)", review, None, 0.15),
        Row("Key to echo (s)", app_delay, bare_delay, 1.1, "x"),
        Row(
            "Key to echo, first key 0.2 s after closing the preview, vs with no preview (s)",
            closed_first,
            demo_first,
            1.2,
            "x",
        ),
        Row(
            "Slowest of the 20 keys typed after closing the preview, vs with no preview (s)",
            closed_slowest,
            demo_slowest,
            None,
            "x",
        ),
        Row("Bytes written in 10 s idle, a field focused", float(idle), None, 0, "B"),
        Row("Resident memory of an open wizard (kB)", app_rss, bare_rss, 1.5, "x"),
        Row(f"`list` with {PLANS} plans (s)", list_many, None, 0.5),
        Row(f"Home with {PLANS} plans (s)", home_many, None, 1.0),
        Row(f"`open NAME` with {PLANS} plans vs one plan (s)", open_many, open_one, 1.2, "x"),
        Row(f"Step with a {BIG_BANK_QUESTIONS}-question bank, p95 (s)", p95(big_flips), None, 0.1),
        Row(f"Review with a {BIG_BANK_QUESTIONS}-question bank (s)", big_review, None, 0.3),
        Row(f"Dashboard with a {BIG_BANK_QUESTIONS}-question bank (s)", big_dashboard, None, 0.3),
        Row("`export --example` vs `import textual.app` (s)", export, textual_import, 1.0, "x"),
    ]


def report(rows: list[Row]) -> int:
    """Print *rows* as a table (and write it into the README with ``--readme``); 1 when a
    target is missed."""
    lines = [
        f"Medians of {ROUNDS} rounds (p95 where stated), 80x24 pty, Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} cores; ratios against a bare Textual app "
        "(Header, Label, Input, Footer) measured in the same run.",
        "",
        "| measure | pilot2prod | bare Textual | ratio | target | met |",
        "|---|---:|---:|---:|---:|:-:|",
    ]
    for row in rows:
        shape = ".0f" if row.unit == "B" else ".3g"  # (bytes in full: 2904, not 2.9e+03)
        base = f"{row.base:{shape}}" if row.base is not None else "n/a"
        ratio = f"{row.ours / row.base:.2f}" if row.base else ""
        if row.limit is None:
            target, met = "—", "—"
        else:
            target = f"≤ {row.limit:g}x" if row.unit == "x" else f"≤ {row.limit:g}"
            met = "yes" if row.ok else "**no**"
        lines.append(f"| {row.label} | {row.ours:{shape}} | {base} | {ratio} | {target} | {met} |")
    table = "\n".join(lines)
    print(table)
    if "--readme" in sys.argv:
        write_readme(table)
    missed = [row.label for row in rows if not row.ok]
    if missed:
        print(f"\nMissed {len(missed)} target(s): " + "; ".join(missed), file=sys.stderr)
        return 1
    return 0


def write_readme(table: str) -> None:
    """Put *table* between the benchmark markers of README.md."""
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- benchmark -->", "<!-- /benchmark -->"
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    readme.write_text(f"{head}{start}\n{table}\n{end}{tail}", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
