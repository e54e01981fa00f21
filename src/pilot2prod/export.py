"""Plan -> Markdown document. Pure, deterministic, and free of Textual.

All text that came from a person or a file (answers, names, and the bank's own prompts) passes
through :func:`inline`, :func:`block` or :func:`cell`, which escape every character that could
change the document's structure: headings, lists, quotes, code, HTML, links, emphasis, tables.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from pilot2prod import changes, insight, raid, record, text, vote
from pilot2prod.bank import Bank, Phase, Question, Step
from pilot2prod.plan import (
    STATUS_LABELS,
    Plan,
    answer_text,
    currency,
    fix_of,
    is_answered,
    plain_value,
    progress,
    to_fix,
    visible_questions,
)
from pilot2prod.values import format_number

# Characters escaped wherever they appear: emphasis, code, links, HTML, tables, headings,
# strikethrough, entities, and the backslash itself.
_ALWAYS = re.compile(r"([\\`*_\[\]<>|#~&])")
# At the start of a line they would open a list, quote, heading underline or thematic break.
_LINE_START = re.compile(r"^([-+=:>])")
_ORDERED = re.compile(r"^(\d+)([.)])")
_STATUS_LABELS = STATUS_LABELS
NOT_ANSWERED = "—"


def _escape_line(line: str, *, line_start: bool = True) -> str:
    line = _ALWAYS.sub(r"\\\1", text.show_invisible(text.clean(line)).strip())
    if not line_start:
        return line
    line = _LINE_START.sub(r"\\\1", line)
    return _ORDERED.sub(r"\1\\\2", line)


def inline(value: str) -> str:
    """Escape text to sit inside a line after other text (a heading, a bold label).

    Newlines fold into spaces. Use :func:`block` for text that starts a line.
    """
    return _escape_line(" ".join(text.clean(value).split()), line_start=False)


def block(value: str) -> str:
    """Escape multi-line text as paragraphs; its line breaks are kept as hard breaks."""
    paragraphs: list[list[str]] = [[]]
    for raw in text.clean(value).split("\n"):
        line = _escape_line(raw)
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\\\n".join(p) for p in paragraphs if p)


def cell(value: str) -> str:
    """Escape text for a table cell: never empty, line breaks as ``<br>``."""
    lines = [_escape_line(raw, line_start=False) for raw in text.clean(value).split("\n")]
    joined = "<br>".join(line for line in lines if line)
    return joined or " "


def table(headers: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A GFM table; headers and cells must already be escaped."""
    head = list(headers)
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for row in rows:
        cells = list(row)
        cells += [" "] * (len(head) - len(cells))
        lines.append("| " + " | ".join(cells[: len(head)]) + " |")
    return "\n".join(lines)


# --- Formatting answers ------------------------------------------------------------------------


def _list_table(question: Question, value: Any) -> str:
    columns = question.columns
    rows = []
    for row in value if isinstance(value, list) else [value]:
        if isinstance(row, dict):
            rows.append([cell(plain_value(row.get(c.id, ""))) for c in columns])
        else:
            rows.append([cell(plain_value(row))] + [" "] * (len(columns) - 1))
    return table([inline(c.label) for c in columns], rows)


def _answer_markdown(question: Question, value: Any, currency: str) -> str:
    if question.kind == "list" and question.columns:
        return _list_table(question, value)
    return block(answer_text(question, value, currency))


# --- The document ------------------------------------------------------------------------------


def single(value: str) -> str:
    return " ".join(text.clean(value).split())


def _short(question: Question) -> bool:
    return question.kind not in ("long_text", "list", "checklist")


def _step_path(bank: Bank, step: Step) -> str:
    return bank.step_label(step)


def export_markdown(
    bank: Bank,
    plan: Plan,
    today: dt.date | None = None,
    since: tuple[Plan, str] | None = None,
) -> str:
    """The whole plan as a Markdown document, assessed as of *today* (the current UTC date, or
    ``SOURCE_DATE_EPOCH``); the same plan on the same day always gives the same bytes. *since*
    (an earlier version and its name) adds what changed since then."""
    code = currency(bank, plan)

    def money(value: float) -> str:
        return format_number(value, "money", code)

    found = insight.assess(bank, plan, today, money)  # every figure below, each computed once
    out: list[str] = [f"# {inline(plan.name)}"]
    out.append(executive_summary(found))
    out.append(_details(bank, plan, code, found.today))
    out.append(_summary(found))
    for phase in bank.phases:
        if phase.kind == "basics":
            out.append(_basics(bank, plan, phase, code))
        elif phase.kind == "phase":
            out.append(_phase(bank, plan, phase, code))
        elif phase.kind == "diagnostic":
            out.append(_diagnostic(found, phase))
        elif phase.kind == "checklist":
            out.append(_checklist(found, phase))
    out.append(_budget(found))
    out.append(_gates(found))
    out.append(_timeline(found))
    out.append(_actions(found))
    out.append(_parking_lot(found))
    out.append(raid_section(found, since))
    out.append(_votes(found))
    out.append(_assumptions(found, code))
    out.append(_workshop_log(found))
    if plan.notes.strip():
        out.append("## Notes\n\n" + block(plan.notes))
    if since is not None:
        out.append(_changes_since(bank, since, plan, found.today))
    out.append(_to_fix(bank, plan))
    out.append(_open_questions(bank, plan))
    return "\n\n".join(part for part in out if part) + "\n"


def _details(bank: Bank, plan: Plan, currency: str, today: dt.date) -> str:
    rows = []
    for phase in bank.phases:
        if phase.kind != "basics":
            continue
        for step in phase.steps:
            for question in visible_questions(bank, plan, step):
                if question.meta == "name" or not _short(question):
                    continue
                value = plan.get(question)
                fix = fix_of(bank, plan, question)
                if fix is not None:
                    shown = _fix_text(fix.typed)
                elif value is not None:
                    shown = answer_text(question, value, currency)
                else:
                    shown = ""
                rows.append([inline(question.prompt), cell(shown or NOT_ANSWERED)])
    rows.append(["Last updated", cell(plan.updated)])
    rows.append(["Assessed as of", cell(today.isoformat())])
    rows.append(["Question bank", cell(f"{bank.title} (version {bank.version})")])
    return "## Plan details\n\n" + table(["Detail", "Value"], rows)


def _summary(found: insight.Assessment) -> str:
    """The headline figures: the same ones, from the same function, as the app's dashboard."""
    shown = found.figures
    others = [f for f in shown.all() if not isinstance(f, insight.RiskFigure)]
    parts = [
        "## Summary",
        table(["Figure", "Value"], [[cell(f.label), cell(f.text)] for f in others]),
    ]
    if shown.risks:
        parts.append(
            table(
                ["Reason pilots stall", "Risk"],
                [[cell(r.title), cell(r.text)] for r in shown.risks],
            )
        )
    ready = found.readiness
    if ready is not None and ready.blockers:
        names = "; ".join(i.item.label for i in ready.blockers)
        parts.append(f"**Blocking go-live:** {inline(names)}.")
    upcoming = found.next_questions
    if upcoming:
        lines = ["**Questions that would lower the risk most:**", ""]
        for n, item in enumerate(upcoming, start=1):
            lines.append(
                f"{n}. {inline(item.question.prompt)} ({inline(item.why)}; "
                f"{inline(item.risk.title)})"
            )
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _fix_text(typed: str) -> str:
    return f"To fix: “{single(typed)}” (not read as an answer yet)"


def _answered_questions(bank: Bank, plan: Plan, step: Step) -> list[tuple[Question, Any]]:
    return [
        (q, plan.get(q)) for q in visible_questions(bank, plan, step) if is_answered(q, plan.get(q))
    ]


def _fixes_in(bank: Bank, plan: Plan, step: Step) -> list[str]:
    """Paragraphs for the answers of *step* still to fix: what was typed, flagged."""
    parts = []
    for question in visible_questions(bank, plan, step):
        fix = fix_of(bank, plan, question)
        if fix is not None:
            parts.append(f"**{inline(question.prompt)}**")
            parts.append(block(_fix_text(fix.typed)))
    return parts


def _basics(bank: Bank, plan: Plan, phase: Phase, currency: str) -> str:
    parts: list[str] = []
    for step in phase.steps:
        for question, value in _answered_questions(bank, plan, step):
            if _short(question):
                continue
            parts.append(f"**{inline(question.prompt)}**")
            parts.append(_answer_markdown(question, value, currency))
            parts.extend(_room_line(plan, question))
    if not parts:
        return ""
    return "\n\n".join([f"## {inline(phase.title)}", *parts])


def _phase(bank: Bank, plan: Plan, phase: Phase, currency: str) -> str:
    parts = [f"## {inline(phase.label)}"]
    if phase.summary:
        parts.append(f"*{inline(phase.summary)}*")
    for step in phase.steps:
        if step.gate:
            continue  # gates are gathered under "Phase gates"
        if len(phase.steps) > 1 or step.title != phase.title:
            parts.append(f"### {inline(step.title)}")
        answered = _answered_questions(bank, plan, step)
        fixes = _fixes_in(bank, plan, step)
        if not answered and not fixes:
            parts.append("No answers yet.")
        for question, value in answered:
            parts.append(f"**{inline(question.prompt)}**")
            parts.append(_answer_markdown(question, value, currency))
            parts.extend(_room_line(plan, question))
        parts.extend(fixes)
    return "\n\n".join(parts)


def _diagnostic(found: insight.Assessment, phase: Phase) -> str:
    bank, plan = found.bank, found.plan
    risks = {r.id: r for r in found.risks}
    parts = [f"## {inline(phase.title)}"]
    if phase.summary:
        parts.append(f"*{inline(phase.summary)}*")
    for step in phase.steps:
        risk = risks.get(step.id)
        parts.append(f"### {inline(step.title)}")
        if risk is not None:
            parts.append(f"**Risk: {risk.level.upper()}** (score {risk.score:.2f} of 1)")
        if step.intro:
            parts.append(block(step.intro))
        if risk is not None and risk.reasons:
            parts.append(
                "**Why:**\n\n" + "\n".join(f"- {inline(reason)}" for reason in risk.reasons)
            )
        rows = []
        voted = False
        for question in visible_questions(bank, plan, step):
            value = plan.get(question)
            answer = _short_sign(value) if is_answered(question, value) else NOT_ANSWERED
            room = room_words(plan, question)
            voted = voted or bool(room)
            rows.append([cell(question.prompt), cell(answer), cell(room or "—")])
        headers = ["Warning sign", "Present?", "The room's vote"]
        if not voted:  # (no vote asked these signs: no empty column)
            headers, rows = headers[:2], [r[:2] for r in rows]
        parts.append(table(headers, rows))
        if step.fix:
            parts.append(f"**What to do:** {inline(step.fix)}")
        if risk is not None and risk.level == insight.HIGH and found.in_hand:
            in_hand = found.actions_on(risk)
            if in_hand:
                parts.append(
                    "**In hand:** "
                    + "; ".join(
                        f"{inline(a.what)} ({inline(a.owner)}, due {a.due})" for a in in_hand
                    )
                    + "."
                )
            else:
                parts.append("**In hand:** no action with an owner and a due date yet.")
    return "\n\n".join(parts)


def room_words(plan: Plan, question: Question) -> str:
    """The room's latest revealed vote on *question*: ``yes 3 (Ana, 1 anonymous), no 1, not
    sure 0 (split)``; "" when no vote asked it."""
    found = vote.latest_spread(plan, question.id) if plan.votes else None
    if found is None:
        return ""
    spread = found[1]
    return vote.spread_words(question, spread) + (" (split)" if spread.split else "")


def _room_line(plan: Plan, question: Question) -> list[str]:
    room = room_words(plan, question)
    return [f"*The room's vote:* {inline(room)}"] if room else []


def _votes(found: insight.Assessment) -> str:
    """Every silent vote: how the room voted, question by question, and what was decided."""
    bank, plan = found.bank, found.plan
    held = vote.votes(plan)
    if not held:
        return ""
    parts = ["## Silent votes"]
    for one in held:
        day = one.started[:10]
        parts.append(f"### {inline(one.title)} ({day})")
        named = sorted({b.name for b in one.ballots if b.name})
        anonymous = sum(1 for b in one.ballots if not b.name)
        voters = [inline(n) for n in named] + ([f"{anonymous} anonymous"] if anonymous else [])
        who = f" Voters: {', '.join(voters)}." if voters else ""
        how = vote.WAYS.get(one.way, one.way)
        if not one.is_revealed:
            state = (
                "closed before the reveal, not counted"
                if one.status == "closed"
                else ("under way, not revealed yet")
            )
            parts.append(f"{one.count} ballots, by {how}: {state}.")
            continue
        parts.append(f"{one.count} ballots, by {how}.{who}")
        rows = []
        for qid in one.questions:
            question = bank.question(qid)
            spread = vote.spread(one, qid)
            outcome = one.outcomes.get(qid)
            if question is None or not (spread.ballots or outcome):
                continue  # (a question nobody answered: nothing to say)
            if outcome is None:
                decided = "not decided"
            elif outcome.decision == "accepted":
                decided = f"accepted: {vote.option_word(question, outcome.value)}"
            else:
                kept = vote.option_word(question, outcome.value) if outcome.value else "no answer"
                decided = f"kept the plan's answer ({kept})"
            rows.append(
                [
                    cell(question.prompt),
                    cell(vote.spread_words(question, spread)),
                    {"one": "one ballot", "none": "—"}.get(spread.agreement, spread.agreement),
                    cell(decided),
                ]
            )
        if rows:
            parts.append(table(["Question", "The room", "Agreement", "Decision"], rows))
    return "\n\n".join(parts)


def _short_sign(value: Any) -> str:
    return {"yes": "Yes", "no": "No", "unsure": "Not sure"}.get(str(value), str(value))


def _checklist(found: insight.Assessment, phase: Phase) -> str:
    plan = found.plan
    ready = found.readiness
    if ready is None:
        return ""
    parts = [f"## {inline(phase.title)}"]
    if phase.summary:
        parts.append(f"*{inline(phase.summary)}*")
    parts.append(
        table(
            ["Group", "Readiness", "Items counted"],
            [
                [
                    cell(g.title),
                    cell(insight.percent(g.score)),
                    f"{len(g.counted)} of {len(g.items)}",
                ]
                for g in ready.groups
            ]
            + [
                [
                    f"**Overall ({ready.overall_label})**",
                    cell(insight.percent(ready.overall)),
                    " ",
                ]
            ],
        )
    )
    parts.append(_verdict_words(ready))
    unassessed = [i.item.label for g in ready.groups for i in g.items if not i.assessed]
    if unassessed:
        parts.append(
            f"**{insight.NOT_ASSESSED.capitalize()}** (no status yet: each counts 0 and blocks "
            f"{inline(ready.rules.verdict[0])}): {inline('; '.join(unassessed))}."
        )
    claims = found.claims
    if claims is not None and claims.counted:
        share = f"; they bring {insight.percent(claims.share)} of the readiness points"
        if claims.ready and claims.ungraded == claims.ready:
            share = "; no item's evidence is graded yet"
        parts.append(
            f"**{insight.CLAIMS_LABEL}:** {inline(claims.text)}"
            + (share if claims.on_claim and claims.share is not None else "")
            + ". Grades: claimed (someone said so), documented (a document or link), "
            "demonstrated (tested, with a date)."
        )
    for step in phase.steps:
        parts.append(f"### {inline(step.title)}")
        rows = []
        for question in step.questions:
            value = plan.get(question)
            item = value if isinstance(value, dict) else {}
            status = str(item.get("status", "")).strip() if item else ""
            graded = record.grade(plan, question.id)
            grade = graded.words if graded else "not graded"
            rows.append(
                [
                    cell(question.prompt),
                    cell(_STATUS_LABELS.get(status, status) or insight.NOT_ASSESSED),
                    cell(grade if status != "not_applicable" else NOT_ANSWERED),
                    cell(plain_value(item.get("owner", "")) or NOT_ANSWERED),
                    cell(plain_value(item.get("evidence", "")) or NOT_ANSWERED),
                ]
            )
        parts.append(table(["Item", "Status", "Evidence grade", "Owner", "Evidence"], rows))
    return "\n\n".join(parts)


def _verdict_words(ready: insight.Readiness) -> str:
    """The verdict and what go needs, in the words of the bank's readiness rules."""
    rules = ready.rules
    weakest = rules.combine == "weakest"
    verdict = f"**Verdict: {ready.verdict}.**"
    if ready.go:
        verdict += " Every group reaches" if weakest else " The groups' average reaches"
        return (
            verdict + " the threshold" + (" and no item is at zero." if rules.zero_blocks else ".")
        )
    verdict += " Go needs every group" if weakest else " Go needs the groups' average"
    verdict += f" at {insight.percent(rules.ready_at)} or more"
    return verdict + (" and no item at zero." if rules.zero_blocks else ".")


def _budget(found: insight.Assessment) -> str:
    cost, money = found.budget, found.money
    if cost is None:
        return ""

    def amount(value: float | None) -> str:
        return money(value) if value is not None else NOT_ANSWERED

    rows = [["Pilot cost", cell(amount(cost.pilot))]]
    if cost.estimate:
        for factor, value in zip(cost.rules.range, cost.estimate, strict=True):
            rows.append([f"Production estimate at {factor:g} times the pilot", cell(money(value))])
    rows.append(["Planned production budget", cell(amount(cost.planned))])
    rows.append(["Where the budget sits", cell(cost.position)])
    for label, line in cost.lines:
        rows.append([cell(label), cell(amount(line))])
    rows.append(["One-off cost lines in total", cell(amount(cost.lines_total))])
    if cost.rules.yearly:
        rows.append(["Ongoing operations, per year", cell(amount(cost.operations))])
    parts = ["## Budget reality check", table(["Line", "Amount"], rows)]
    if cost.warnings:
        parts.append("\n".join(f"- {inline(w)}" for w in cost.warnings))
    return "\n\n".join(parts)


def _gates(found: insight.Assessment) -> str:
    all_gates = found.gates
    if not all_gates:
        return ""
    rows = [
        [
            cell(g.phase_label),
            cell(insight.GATE_DECISIONS.get(g.decision or "", g.decision or NOT_ANSWERED)),
            cell(g.decided_by or NOT_ANSWERED),
            cell(g.date.isoformat() if g.date else NOT_ANSWERED),
            cell(g.conditions or " "),
        ]
        for g in all_gates
    ]
    return "## Phase gates\n\n" + table(
        ["Phase", "Decision", "Decided by", "Date", "Conditions"], rows
    )


def _mermaid_label(text_value: str) -> str:
    """Mermaid task names end at ':' and ';' and '#' starts a comment: keep them out."""
    return " ".join(re.sub(r"[:;#]", " ", text.clean(text_value)).split()) or "Phase"


def _timeline(found: insight.Assessment) -> str:
    line = found.timeline
    if line is None or not line.phases:
        return ""
    rows = [
        "```mermaid",
        "gantt",
        "    title From pilot to production",
        "    dateFormat YYYY-MM-DD",
        "    section Phases",
    ]
    for n, item in enumerate(line.phases, start=1):
        rows.append(f"    {_mermaid_label(item.label)} :p{n}, {item.start}, {item.end}")
    if line.milestones:
        rows.append("    section Milestones")
        for n, (label, when) in enumerate(line.milestones, start=1):
            rows.append(f"    {_mermaid_label(label)} :milestone, m{n}, {when}, 0d")
    rows.append("```")
    return "## Timeline\n\n" + "\n".join(rows)


def _to_fix(bank: Bank, plan: Plan) -> str:
    """Answers typed in a form the plan cannot read yet: listed as typed, never as numbers."""
    fixes = to_fix(bank, plan)
    if not fixes:
        return ""
    lines = [
        "## To fix",
        "",
        "These answers were kept exactly as typed because they could not be read as what the "
        "question asks for. They count as unanswered until corrected.",
        "",
    ]
    for fix in fixes:
        where = _step_path(bank, bank.step_of(fix.question.id))
        lines.append(
            f"- **{inline(where)}:** {inline(fix.question.prompt)} — typed "
            f"“{inline(fix.typed)}”: {inline(fix.problem)}"
        )
    return "\n".join(lines)


def _open_questions(bank: Bank, plan: Plan) -> str:
    done = progress(bank, plan)
    missing = {q.id for q in done.open_required + done.open_optional}
    if not missing:
        return "## Open questions\n\nEvery question asked is answered."
    lines = ["## Open questions", ""]
    for step in bank.steps:
        for question in step.questions:
            if question.id not in missing:
                continue
            flag = " *(required)*" if question.required else ""
            lines.append(f"- **{inline(_step_path(bank, step))}:** {inline(question.prompt)}{flag}")
    return "\n".join(lines)


# --- The workshop record -------------------------------------------------------------------------


def _anchor(heading: str) -> str:
    """The anchor GitHub and GitLab give a heading: lower case, punctuation dropped, spaces to
    hyphens."""
    slug = re.sub(r"[^\w\- ]", "", heading.lower(), flags=re.UNICODE)
    return "#" + slug.replace(" ", "-")


def _from(found: insight.Assessment, source: str) -> str:
    """Where an action came from, linked to its section when that has a heading of its own."""
    label = record.source_label(found.bank, source)
    if not label:
        return ""
    where = record.source_step(found.bank, source)
    if where is None:
        return inline(label)
    step = next(s for s in found.bank.steps if s.id == where[0])
    titles = [s.title for s in found.bank.steps if not s.gate]
    if step.gate or titles.count(step.title) != 1:
        return inline(label)
    return f"[{inline(label)}]({_anchor(step.title)})"


def _actions(found: insight.Assessment) -> str:
    """Every action: a table, then a task list per owner (GitHub and GitLab tick them)."""
    actions = found.actions
    if not actions:
        return ""
    today = found.today.isoformat()
    counts = (
        f"As of {today}: {len(found.open_actions)} open, {len(found.overdue)} overdue, "
        f"{len(found.unowned)} without an owner."
    )
    rows = []
    for action in record.sort_actions(actions, "due"):
        status = record.ACTION_STATUSES[action.status]
        if action.overdue(found.today):
            status += " (overdue)"
        rows.append(
            [
                cell(action.what),
                cell(action.owner or "no owner yet"),
                cell(action.due or "no date"),
                cell(status),
                _from(found, action.source).replace("|", "\\|") or " ",
            ]
        )
    parts = ["## Actions", counts, table(["Action", "Owner", "Due", "Status", "From"], rows)]
    for owner, group in _by_owner(record.sort_actions(actions, "due")):
        lines = [f"### {inline(owner)}", ""]
        for action in group:
            tick = "x" if action.status != "open" else " "
            what = inline(action.what)
            if action.status == "dropped":
                what = f"~~{what}~~ (dropped)"
            due = f" — due {action.due}" if action.due else ""
            origin = _from(found, action.source)
            lines.append(f"- [{tick}] {what}{due}" + (f" (from: {origin})" if origin else ""))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _by_owner(actions: list[record.Action]) -> list[tuple[str, list[record.Action]]]:
    groups: dict[str, list[record.Action]] = {}
    for action in actions:
        groups.setdefault(action.owner or "No owner yet", []).append(action)
    return sorted(groups.items(), key=lambda kv: (kv[0] == "No owner yet", kv[0].lower()))


def _parking_lot(found: insight.Assessment) -> str:
    points = record.parked(found.plan)
    if not points:
        return ""
    rows = []
    for point in points:
        question = found.bank.question(point.question) if point.question else None
        rows.append(
            [
                cell(point.text),
                cell(point.raised_by or " "),
                cell(question.prompt if question else " "),
                cell(record.PARKED_STATUSES[point.status]),
            ]
        )
    return "## Parking lot\n\n" + table(["Point", "Raised by", "About", "Status"], rows)


def raid_section(found: insight.Assessment, since: tuple[Plan, str] | None = None) -> str:
    """The RAID log (raid.py): a table per kind, each row with its owner, next action and due
    date; with an earlier version (*since*, as ``export --since`` gives it), a change mark on
    each row and the rows closed since then. Empty when there is nothing to log."""
    before, name = since if since is not None else (None, "")
    rows = raid.raid_log(found.bank, found.plan, before, found.today, assessed=found)
    if not rows:
        return ""
    intro = (
        "Risks (the stall reasons at MEDIUM or HIGH, each with its fix), assumptions (answers "
        "marked so, with their source), issues (what blocks go-live, overdue actions) and "
        "dependencies (the systems and data sources the plan needs)"
    )
    intro += f"; marked against {inline(name)}." if before is not None else "."
    parts = ["## RAID log", intro]
    headings = {
        "risk": "Risks",
        "assumption": "Assumptions",
        "issue": "Issues",
        "dependency": "Dependencies",
    }
    for kind, heading in headings.items():
        of_kind = [r for r in rows if r.kind == kind]
        if not of_kind:
            continue
        head = ["Change"] * (before is not None) + [raid.KINDS[kind], "Detail"]
        head += ["Level"] * (kind == "risk") + ["Owner"]
        head += ["Next action", "Due"] * (kind != "dependency")
        body = []
        for row in of_kind:
            mark = raid.CHANGES.get(row.change, "—")
            cells = [cell(mark)] * (before is not None) + [cell(row.title), cell(row.text)]
            cells += [cell(row.level.upper())] * (kind == "risk")
            cells.append(cell(row.owner or "no owner yet"))
            if kind != "dependency":
                cells += [cell(row.next_action or "—"), cell(row.due or "—")]
            body.append(cells)
        parts.append(f"### {heading}\n\n" + table(head, body))
    return "\n\n".join(parts)


def _assumptions(found: insight.Assessment, currency: str) -> str:
    marks = found.assumptions
    if not marks:
        return ""
    lines = [
        "## Assumptions to validate",
        "",
        "Answers the room marked as assumptions: the diagnosis counts them as weaker evidence "
        "until someone checks them.",
        "",
    ]
    for mark in marks:
        question = found.bank.question(mark.question)
        prompt = question.prompt if question else mark.question
        value = found.plan.answers.get(mark.question)
        shown = answer_text(question, value, currency) if question and value is not None else ""
        line = f"- **{inline(prompt)}**" + (f": {inline(single(shown))}" if shown else "")
        if mark.source:
            line += f" (source: {inline(mark.source)})"
        lines.append(line)
    return "\n".join(lines)


def _workshop_log(found: insight.Assessment) -> str:
    log = record.workshop_log(found.bank, found.plan)
    attendees = _answer(found, "attendees")
    if not log.rows and not attendees:
        return ""
    parts = ["## Workshop log"]
    if log.days:
        parts.append(f"Sessions: {', '.join(log.days)}.")
    if attendees:
        parts.append("**Attended:** " + inline(_people(attendees)) + ".")
    if log.rows:
        rows = [
            [cell(label), cell(f"{planned}" if planned else "—"), cell(f"{spent}")]
            for label, planned, spent in log.rows
        ]
        parts.append(table(["Step", "Planned (min)", "Spent (min)"], rows))
    return "\n\n".join(parts)


def _answer(found: insight.Assessment, role: str) -> Any:
    """The answer to the question that holds *role* in the plan's bank (None without one)."""
    question = found.bank.role(role)
    return found.plan.get(question) if question is not None else None


def _people(value: Any) -> str:
    """Attendees as "Name, role; Name, role" (rows of a list, or plain text)."""
    if not isinstance(value, list):
        return single(str(value))
    people = []
    for row in value:
        if isinstance(row, dict):
            people.append(", ".join(str(v).strip() for v in row.values() if str(v).strip()))
        else:
            people.append(str(row).strip())
    return "; ".join(single(p) for p in people if p)


def _changes_since(bank: Bank, since: tuple[Plan, str], plan: Plan, today: dt.date) -> str:
    """What changed since an earlier version: answers, then the figures that moved."""
    before, name = since
    found = changes.compare(bank, before, plan, today)
    parts = [f"## Changes since {inline(name)}"]
    if found.empty:
        parts.append("Nothing has changed.")
        return "\n\n".join(parts)
    words = {"added": "Answered", "changed": "Changed", "cleared": "Cleared"}
    if found.answers:
        rows = [
            [
                cell(words[c.kind]),
                cell(c.label),
                cell(single(c.before) or " "),
                cell(single(c.after) or " "),
            ]
            for c in found.answers
        ]
        parts.append(table(["", "Question", "Before", "Now"], rows))
    if found.figures:
        rows = [[cell(m.label), cell(m.before), cell(m.after)] for m in found.figures]
        parts.append(table(["Figure", "Before", "Now"], rows))
    if found.record:
        parts.append("\n".join(f"- {inline(line)}" for line in found.record))
    return "\n\n".join(parts)


def executive_summary(found: insight.Assessment) -> str:
    """One page for the board: what is asked of it, the verdict and what blocks it, the top
    three stall risks with their fixes, and the open actions."""
    cost, money = found.budget, found.money
    parts = ["## Executive summary"]
    ask = _answer(found, "ask")
    lines = []
    use_case = use_case_sentence(found)
    if use_case:
        lines.append(f"**Use case:** {inline(use_case)}")
    if isinstance(ask, str) and ask.strip():
        lines.append(f"**What is asked of the board:** {inline(single(ask))}")
    if cost is not None and cost.planned is not None:
        budget_line = f"**Production budget requested:** {money(cost.planned)}"
        if cost.estimate:
            low, _, high = cost.estimate
            budget_line += (
                f", {cost.position} of {money(low)} to {money(high)} ({cost.range_words}'s cost)"
            )
        lines.append(budget_line + ".")
    ready = found.readiness
    if ready is not None:
        verdict = f"**Verdict: {ready.verdict}** (readiness {insight.percent(ready.overall)}"
        verdict += (
            ", the weakest checklist group)."
            if ready.rules.combine == "weakest"
            else ", the average of the checklist groups)."
        )
        if ready.blockers:
            names = "; ".join(i.item.label for i in ready.blockers)
            verdict += " Blocking go-live: " + inline(names) + "."
        lines.append(verdict)
    if lines:
        parts.append("\n\n".join(lines))
    top = sorted(found.risks, key=lambda r: -r.score)[:3]
    if top:
        risk_lines = ["**Top stall risks:**", ""]
        for n, risk in enumerate(top, start=1):
            risk_lines.append(
                f"{n}. **{inline(risk.title)}: {risk.level.upper()}.** {inline(risk.fix)}"
            )
        parts.append("\n".join(risk_lines))
    open_actions = record.sort_actions(found.open_actions, "due")
    if open_actions:
        action_lines = [f"**Open actions ({len(open_actions)}):**", ""]
        for action in open_actions:
            late = " **(overdue)**" if action.overdue(found.today) else ""
            who = action.owner or "no owner yet"
            due = action.due or "no date"
            action_lines.append(f"- {inline(action.what)} — {inline(who)}, {due}{late}")
        parts.append("\n".join(action_lines))
    if len(parts) == 1:
        return ""  # nothing declared or answered to say to the board: no empty section
    return "\n\n".join(parts)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])")


def use_case_sentence(found: insight.Assessment) -> str:
    """What the system is for, in one sentence: the first sentence of the answer to the
    question holding the ``use_case`` role ("" when the bank declares none or it is unanswered).
    """
    value = _answer(found, "use_case")
    if not isinstance(value, str):
        return ""
    # The first paragraph that shows something: one of only control characters (cleaned
    # away) must not leave the summary without its use case while the answer has one.
    first = next((p for p in map(single, value.split("\n\n")) if p), "")
    return _SENTENCE_END.split(first, maxsplit=1)[0]
