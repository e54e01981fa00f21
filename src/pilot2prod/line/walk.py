"""The walk: the plan's steps and questions, one at a time, as plain lines.

The same steps, questions, conditions, reading and echo as the wizard, and the same saving:
every answer goes through the plan's session (:class:`pilot2prod.session.PlanSession`) and is
written when it is given, merged per answer with any other window on the plan.

At a terminal the walk starts where the plan was left, and a line it cannot read is explained
and asked again (typed text for a number, an amount, a percentage or a date is kept as typed,
to fix, as the wizard keeps it). From a file or a pipe (a script) it starts at the first
question, unless the input begins with ``:goto``; a line it cannot read is reported with its
line number on stderr, kept as typed where the question can keep it, and the walk moves on, so
every later line stays with its own question.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

from msgspec import Struct

from pilot2prod import record, values
from pilot2prod.bank import Question
from pilot2prod.line import kinds
from pilot2prod.line.output import Output, plain_text
from pilot2prod.line.reading import COMMANDS, Line, LineSource
from pilot2prod.line.views import dashboard_lines, review_lines
from pilot2prod.plan import currency, is_visible, shown_when, visible_questions
from pilot2prod.session import PlanSession

Position = tuple[int, str]
"""(index of the step, id of the question)."""


class Move(Exception):
    """Leave the question being asked: to *to* (None: the next one), or stop (*stop*)."""

    def __init__(self, to: Position | None = None, *, stop: bool = False) -> None:
        super().__init__()
        self.to = to
        self.stop = stop


class EndOfInput(Exception):
    """The input ended (end of a file, Ctrl+D)."""


class Problem(Struct):
    line: int
    text: str


class Walk:
    """Asks *session*'s plan question by question: lines from *source*, lines out on *out*,
    a script's problems on *err*. *interactive* is True at a terminal."""

    def __init__(
        self,
        session: PlanSession,
        source: LineSource,
        out: Output,
        err: TextIO,
        *,
        interactive: bool,
    ) -> None:
        self.session = session
        self.bank = session.bank
        self.plan = session.plan
        self.source = source
        self.out = out
        self.err = err
        self.interactive = interactive
        self.problems: list[Problem] = []
        """Lines of a script that could not be read."""
        self.steps = self.bank.steps
        self._told_error: str | None = None
        self._step_shown: int | None = None

    # --- Where it is ------------------------------------------------------------------------

    def visible(self, index: int) -> list[Question]:
        return visible_questions(self.bank, self.plan, self.steps[index])

    def first_in(self, index: int) -> Position | None:
        """The first question shown from step *index* on."""
        for at in range(index, len(self.steps)):
            shown = self.visible(at)
            if shown:
                return at, shown[0].id
        return None

    def after(self, position: Position) -> Position | None:
        index, qid = position
        shown = [q.id for q in self.visible(index)]
        if qid in shown and shown.index(qid) + 1 < len(shown):
            return index, shown[shown.index(qid) + 1]
        if qid not in shown:  # (hidden by the answer just given: the next one after it)
            order = [q.id for q in self.steps[index].questions]
            later = [q for q in order[order.index(qid) + 1 :] if q in shown]
            if later:
                return index, later[0]
        return self.first_in(index + 1)

    def before(self, position: Position) -> Position | None:
        index, qid = position
        shown = [q.id for q in self.visible(index)]
        if qid in shown and shown.index(qid) > 0:
            return index, shown[shown.index(qid) - 1]
        for at in range(index - 1, -1, -1):
            earlier = self.visible(at)
            if earlier:
                return at, earlier[-1].id
        return None

    def start(self) -> Position | None:
        """Where the plan was left (its step, at the question answered there when it still
        shows), else the first question."""
        wanted = self.session.position
        for index, step in enumerate(self.steps):
            if step.id == wanted:
                left = self.session.position_question
                if left and any(q.id == left for q in self.visible(index)):
                    return index, left
                return self.first_in(index)
        return self.first_in(0)

    def where(self, position: Position) -> str:
        index, qid = position
        shown = [q.id for q in self.visible(index)]
        step = self.steps[index]
        return (
            f"Step {index + 1} of {len(self.steps)}: {step.title}, "
            f"question {shown.index(qid) + 1} of {len(shown)}"
        )

    def find(self, text: str) -> Position | str:
        """``:goto TEXT``: a step by its number or words of its title, else a question by
        words of its prompt (or its id); a sentence when nothing (shown) matches."""
        wanted = " ".join(text.split()).casefold()
        if not wanted:
            return "Say where: :goto and a step's number or words of its title."
        if wanted.isdigit():
            number = int(wanted)
            if not 1 <= number <= len(self.steps):
                return f"There is no step {number}: the steps are 1 to {len(self.steps)}."
            found = self.first_in(number - 1)
            if found is None or found[0] != number - 1:
                return f"Step {number} has no question shown now."
            return found
        exact = self.bank.question(text.strip())
        if exact is not None:  # a question's id, as 'pilot2prod questions' lists it
            if not is_visible(self.bank, self.plan, exact):
                return f"'{exact.prompt}' is not shown now: it is {shown_when(self.bank, exact)}."
            return self.steps.index(self.bank.step_of(exact.id)), exact.id
        for index, step in enumerate(self.steps):
            label = self.bank.step_label(step).casefold()
            if wanted in label or wanted == step.id.casefold():
                shown = self.visible(index)
                if shown:
                    return index, shown[0].id
        for index, step in enumerate(self.steps):
            for question in step.questions:
                if wanted in question.prompt.casefold() or wanted == question.id.casefold():
                    if not is_visible(self.bank, self.plan, question):
                        when = shown_when(self.bank, question)
                        return f"'{question.prompt}' is not shown now: it is {when}."
                    return index, question.id
        return f"No step or question matches '{text.strip()}'."

    # --- The walk ---------------------------------------------------------------------------

    def run(self, start: Position | None = None) -> int:
        """Walk from *start* (where the plan was left, at a terminal; the first question in a
        script) to the end, a :quit, the end of the input or Ctrl+C. Returns the exit status:
        1 when a line of a script could not be read (or the plan could not be saved), else 0."""
        position = start
        if position is None:
            position = self.start() if self.interactive else self.first_in(0)
        self.out.say(
            f"{self.plan.name}: {len(self.steps)} steps. An empty line keeps an answer; "
            "? for help and commands."
        )
        try:
            while position is not None:
                position = self.visit(position)
            if position is None:
                self.out.say("That was the last question.")
                rest = None if self.interactive else self.source.next()
                if rest is not None:
                    self.problem(rest.number, "past the last question: the rest was not read")
        except EndOfInput:
            pass
        except KeyboardInterrupt:
            self.out.say("")
        except Move:
            pass
        return self.finish()

    def visit(self, position: Position) -> Position | None:
        """Ask the question at *position*; returns where to go next."""
        self.pick_up()
        index, qid = position
        question = self.bank.question(qid)
        if question is None or not is_visible(self.bank, self.plan, question):
            return self.after(position)
        step = self.steps[index]
        if self._step_shown != index:
            self._step_shown = index
            self.session.set_position(step.id)
            self.out.say("")
            self.out.say(self.bank.step_label(step))
            if step.intro:
                self.out.say(step.intro)
        self.session.show_place(step.id, qid)
        self.out.say("")
        self.out.say(self.where(position))
        try:
            self.ask(question, position)
        except Move as move:
            if move.stop:
                raise
            if move.to is not None:
                return move.to
        return self.after(position)

    def finish(self) -> int:
        """Save, let go of the plan, and say how it ended."""
        session = self.session
        saved = session.flush()
        if not saved:
            kept = session.write_recovery()
            where = f"; they are kept in {kept}" if kept else ""
            self.err.write(plain_text(f"pilot2prod: {session.error}{where}") + "\n")
        session.close()
        if session.read_only:
            self.out.say("Stopped following the plan.")
        elif saved:
            self.out.say(f"Saved {session.path.name}.")
        if self.problems:
            count = len(self.problems)
            self.err.write(
                f"pilot2prod: {count} line{'s' if count != 1 else ''} could not be read\n"
            )
        return 1 if self.problems or not saved else 0

    # --- Lines in -----------------------------------------------------------------------------

    def take(self, question: Question, position: Position, marker: str = "> ") -> Line:
        """The next answer for *question* (a command that stays on it is done here and the
        marker shown again; one that moves raises :class:`Move`)."""
        while True:
            self.out.prompt(marker)
            line = self.source.next()
            if line is None:
                if not self.interactive:
                    self.out.say("")
                raise EndOfInput
            if not self.interactive:
                self.out.echo(line.text if line.is_answer else line.raw)
            command = line.command
            if command is None or command == "clear":
                return line
            if command == "back":
                before = self.before(position)
                if before is None:
                    self.out.say("This is the first question.")
                    continue
                raise Move(before)
            if command == "skip":
                raise Move()
            if command == "quit":
                raise Move(stop=True)
            if command == "goto":
                found = self.find(line.text)
                if isinstance(found, str) and not self.interactive:
                    # In a script the lines after it were meant for where it pointed: none of
                    # them may land in another question's answer.
                    self.say_problem(line, f"{found} The lines after it were not read.")
                    raise Move(stop=True)
                if isinstance(found, str):
                    self.say_problem(line, found)
                    continue
                raise Move(found)
            if command == "unknown":
                self.say_problem(
                    line,
                    f"'{line.text}' is not a command: ? lists them, and \\{line.text} answers it",
                )
                continue
            self.command(command, question, position)

    def command(self, name: str, question: Question, position: Position) -> None:
        """A command that stays on the question: help, review, dashboard, action, park."""
        if name == "help":
            self.out.say(question.help or "This question has no help of its own.")
            for line in self.hints(question):
                self.out.say(line)
            self.out.say("Commands, each on a line of its own:")
            for command, what in COMMANDS.items():
                short = {"help": " (or ?)", "back": " (or <)", "skip": " (or >)"}.get(command, "")
                self.out.say(f"  :{command}{short}: {what}", indent="    ")
            self.out.say("A line starting with \\ is always an answer (\\? answers '?').")
        elif name == "review":
            for line in review_lines(self.bank, self.plan):
                self.out.say(line, indent="    ")
        elif name == "dashboard":
            for line in dashboard_lines(self.bank, self.plan):
                self.out.say(line, indent="    ")
        elif name == "action":
            self.note_action(question, position)
        elif name == "park":
            self.park(question, position)
        self.out.say(f"Back to: {question.prompt}")

    def say_problem(self, line: Line, problem: str) -> None:
        """A line not understood: explained at a terminal; reported with its number in a
        script (on stderr, and the exit status says so)."""
        if self.interactive:
            self.out.say(problem)
        else:
            self.problem(line.number, problem)

    def problem(self, number: int, problem: str) -> None:
        self.problems.append(Problem(number, problem))
        self.out.say(f"Not read (line {number}): {problem}")
        self.err.write(plain_text(f"line {number}: {problem}").replace("\n", " ") + "\n")
        self.err.flush()

    # --- Saving -------------------------------------------------------------------------------

    def pick_up(self) -> None:
        """Take in what other windows saved, and say so."""
        self.session.check_disk()
        updates = self.session.take_updates()
        conflicts = sum(len(u.conflicts) for u in updates)
        if any(u.theirs_changed for u in updates):
            self.out.say("Answers from another window on this plan came in.")
        if conflicts:
            self.out.say(
                f"{conflicts} answer{'s' if conflicts != 1 else ''} changed here and in "
                "another window: this window's is kept, the other listed as a conflict."
            )

    def save(self) -> None:
        if not self.session.flush() and self.session.error != self._told_error:
            self._told_error = self.session.error
            self.out.say(f"Not saved: {self.session.error}")

    def set(self, question: Question, value: Any) -> bool:
        """Store an answer and save it; False in a window that only follows the plan."""
        if self.session.read_only:
            self.out.say("This window follows the plan read-only: nothing is saved here.")
            return False
        self.session.set_answer(question, value)
        self.save()
        return True

    def keep_draft(self, question: Question, typed: str) -> None:
        if not self.session.read_only:
            self.session.set_draft(question, typed)
            self.save()

    # --- Asking -------------------------------------------------------------------------------

    @property
    def currency(self) -> str:
        return currency(self.bank, self.plan)

    def hints(self, question: Question) -> list[str]:
        kind = question.kind
        if kind == "choice":
            return [kinds.between(len(question.choices))]
        if kind == "multi_choice":
            return [f"Numbers between 1 and {len(question.choices)}, separated by commas (1,3)."]
        if kind == "checklist":
            return ["Its status (a number), then its owner, then the evidence."]
        if kind == "list":
            return [
                "A row at a time, a column per line; an empty first column ends the list "
                "(:clear first to replace the rows)."
            ]
        if kind == "money" and not self.currency:
            return [kinds.HINTS[kind], "No currency is set for this plan yet."]
        return [kinds.HINTS.get(kind, "")]

    def ask(self, question: Question, position: Position) -> None:
        required = " (required)" if question.required else ""
        self.out.say(question.prompt + required)
        value, draft = self.plan.get(question), self.plan.draft(question)
        if draft is not None:
            fix = values.read(question.kind, draft, self.currency, relative=False).problem
            self.out.say(f"Now (to fix): {draft}" + (f" ({fix})" if fix else ""), indent="  ")
        elif value is not None:
            self.out.say(f"Now: {kinds.shown(question, value, self.currency)}", indent="  ")
        if question.kind in ("choice", "multi_choice"):
            self.out.items([c.label for c in question.choices])
        if question.kind not in ("checklist",):
            for hint in self.hints(question):
                self.out.say(hint)
        handler: Callable[[Question, Position], None] = {
            "choice": self.ask_choice,
            "multi_choice": self.ask_choice,
            "checklist": self.ask_checklist,
            "list": self.ask_list,
        }.get(question.kind, self.ask_line)
        handler(question, position)

    def ask_line(self, question: Question, position: Position) -> None:
        while True:
            line = self.take(question, position)
            if line.command == "clear":
                if self.set(question, None):
                    self.out.say("Cleared.")
                return
            if not line.text.strip():
                return  # an empty line keeps the answer
            if self.session.read_only:
                self.out.say("This window follows the plan read-only: nothing is saved here.")
                return
            reading = kinds.read_line(question.kind, line.text, self.currency)
            if reading.ok:
                self.set(question, reading.value)
                if reading.echo:
                    self.out.say(reading.echo)
                return
            # Kept as typed, to fix (the wizard's rule), at a terminal and in a script alike.
            self.keep_draft(question, line.text)
            problem = kinds.fix_message(reading.problem or "")
            if not self.interactive:
                self.problem(line.number, problem)
                return
            self.out.say(problem + " Type it again, or > to leave it to fix.")

    def ask_choice(self, question: Question, position: Position) -> None:
        while True:
            line = self.take(question, position)
            if line.command == "clear":
                if self.set(question, None):
                    self.out.say("Cleared.")
                return
            if not line.text.strip():
                return
            if question.kind == "choice":
                reading = kinds.read_choice(line.text, question.choices)
            else:
                reading = kinds.read_choices(line.text, question, self.plan.get(question))
            if reading.ok:
                if self.set(question, reading.value) and reading.echo:
                    self.out.say(reading.echo)
                return
            self.say_problem(line, reading.problem or "")
            if not self.interactive:
                return

    def ask_checklist(self, question: Question, position: Position) -> None:
        parts = (
            ("status", "Status", "Its status: " + kinds.between(len(kinds.STATUSES))),
            ("owner", "Owner", "Who owns it (a name or role)."),
            ("evidence", "Evidence", "What shows it is true."),
        )
        for key, label, hint in parts:
            if key == "status":
                self.out.items([s.label for s in kinds.STATUSES])
            self.out.say(hint)
            while True:
                line = self.take(question, position, f"{label}: ")
                if line.command == "clear":
                    text = ""
                elif not line.text.strip():
                    break
                elif key == "status":
                    reading = kinds.read_status(line.text)
                    if not reading.ok:
                        self.say_problem(line, reading.problem or "")
                        if self.interactive:
                            continue
                        break
                    text = str(reading.value)
                else:
                    text = " ".join(line.text.split())
                item = kinds.checklist_item(self.plan.get(question), **{key: text})
                if self.set(question, item):
                    self.out.say(
                        f"= {kinds.shown(question, item, self.currency)}" if item else "Cleared."
                    )
                break

    def ask_list(self, question: Question, position: Position) -> None:
        found = self.plan.get(question)
        rows = list(found) if isinstance(found, list) else []
        for number, old in enumerate(rows, 1):
            self.out.say(
                f"  Row {number}: {kinds.row_text(question, old, self.currency)}", indent="    "
            )
        columns = question.columns
        while True:
            number = len(rows) + 1
            row: dict[str, Any] = {}
            for at, column in enumerate(columns):
                cell = self._cell(question, position, number, column)
                if cell is None:  # an empty first column ends the list; (other cells: empty)
                    if at == 0:
                        return
                    continue
                if cell == ":clear":
                    if at == 0:
                        rows = []
                        if self.set(question, None):
                            self.out.say("Cleared: every row.")
                        break
                    row.pop(column.id, None)
                else:
                    row[column.id] = cell
                if at == 0:
                    rows.append(row)
                rows[-1] = dict(row)
                if not self.set(question, [dict(r) for r in rows]):
                    return
            else:
                self.out.say(f"= Row {number}: {kinds.row_text(question, row, self.currency)}")

    def _cell(self, question: Question, position: Position, number: int, column: Any) -> Any:
        """One cell typed: its value, None for an empty line, ":clear" for :clear."""
        marker = f"Row {number}, {column.label}: "
        while True:
            line = self.take(question, position, marker)
            if line.command == "clear":
                return ":clear"
            if not line.text.strip():
                return None
            reading = kinds.read_cell(column, line.text, self.currency)
            if reading.ok:
                if reading.echo:
                    self.out.say(reading.echo)
                return reading.value
            self.say_problem(line, f"{column.label}: {reading.problem}")
            if not self.interactive:
                return None

    # --- The workshop record ------------------------------------------------------------------

    def _ask_text(self, question: Question, position: Position, marker: str) -> str:
        line = self.take(question, position, marker)
        return "" if line.command else " ".join(line.text.split())

    def note_action(self, question: Question, position: Position) -> None:
        if self.session.read_only:
            self.out.say("This window follows the plan read-only: nothing is saved here.")
            return
        self.out.say("A new action (an empty line cancels it).")
        what = self._ask_text(question, position, "Action: ")
        if not what:
            self.out.say("No action noted.")
            return
        owner = self._ask_text(question, position, "Owner: ")
        due = ""
        while True:
            line = self.take(question, position, "Due date: ")
            if line.command or not line.text.strip():
                break
            reading = values.read("date", line.text, due=True)
            if reading.ok and isinstance(reading.value, str):
                due = reading.value
                self.out.say(kinds.echo_of("date", due, ""))
                break
            self.say_problem(line, reading.problem or "not a date")
            if not self.interactive:
                break
        source = record.source_of("question", question.id)
        self.session.edit_record(
            lambda plan: record.add_action(plan, what, owner=owner, due=due, source=source)
        )
        self.save()
        self.out.say("Action noted.")

    def park(self, question: Question, position: Position) -> None:
        if self.session.read_only:
            self.out.say("This window follows the plan read-only: nothing is saved here.")
            return
        point = self._ask_text(question, position, "Point to park: ")
        if not point:
            self.out.say("Nothing parked.")
            return
        self.session.edit_record(lambda plan: record.park(plan, point, question=question.id))
        self.save()
        self.out.say("Parked.")
