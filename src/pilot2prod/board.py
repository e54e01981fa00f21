"""The board page: one printed page (A4 or US Letter) a board decides from.

Built from the same assessment as the executive summary the exports lead with, and read only
through what the bank declares: the ``organisation``, ``use_case`` and ``ask`` roles, its
readiness checklist, its diagnostic, its budget check and its gates. A section the bank does not
declare is left out; a declared one still unanswered says what is missing.

The page holds at most :data:`PROSE_LIMIT` words of prose. *Prose* is every sentence or phrase
written in words: the use case, the ask, what blocks the recommendation, each risk's next
action, and the notes saying what is missing. Everything else is a label (a section's title, a
figure's name, a group's, a stall reason's or a decision's title, cut to :data:`LABEL_CHARS`
characters), a figure (an amount, a percentage, a date, a level), a name (an owner) or a bar.
Each piece of prose has a word budget (:data:`BUDGETS`, which add up to less than the limit);
a longer answer is cut with "…" and a pointer to the full report, so the page never
overflows. The HTML wraps each piece of prose in ``<span class="prose">`` so a test can count
the words a reader sees.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from msgspec import Struct, field

from pilot2prod import insight, record, text
from pilot2prod.export import inline, single, use_case_sentence
from pilot2prod.plan import Plan, is_answered

PROSE_LIMIT = 150
"""At most this many words of prose on the board page."""

MORE = "(full report)"
"""The pointer a cut answer ends with, after "…"."""

BUDGETS: dict[str, tuple[int, int]] = {
    "use_case": (38, 260),
    "ask": (34, 240),
    "blocks": (22, 170),
    "risk": (12, 90),  # each of the three risks' next action
    "missing": (8, 70),  # a note saying what is not answered yet
}
"""The words and characters each piece of prose may take. At most 38 + 34 + 22 + 3 x 12 = 130
words with every section answered, plus 8 for each of the organisation and the budget when they
are not (146); with the checklist unanswered, the recommendation and the readiness say so in 8
each instead (140): under :data:`PROSE_LIMIT` in every case (tests/test_board.py)."""
LABEL_CHARS = 70
"""A label (a decision's gate, a group's title) is cut to this many characters."""

GROUPS_SHOWN = 6
"""Readiness groups drawn as bars; a bank with more shows its weakest ones."""
DECISIONS_SHOWN = 4
BLOCKERS_NAMED = 3

GO, CONDITIONS, STOP = "GO", "GO WITH CONDITIONS", "STOP"


class Prose(Struct, frozen=True):
    """Words written as a sentence or phrase; *cut* when the answer was longer."""

    text: str
    cut: bool = False

    @property
    def words(self) -> int:
        return len(self.text.split())


def cut(value: str, budget: str) -> Prose:
    """*value* on one line, cut to the words and characters of its *budget* with "…" and a
    pointer to the full report."""
    words, chars = BUDGETS[budget]
    line = single(text.show_invisible(value))
    if len(line.split()) <= words and len(line) <= chars:
        return Prose(line)
    keep = words - len(MORE.split())
    short = " ".join(line.split()[:keep])
    short = short[: chars - len(MORE) - 2].rstrip(" ,;:.")
    return Prose(f"{short}… {MORE}", cut=True)


def missing(what: str) -> Prose:
    """The note shown where a declared section has no answer yet."""
    return cut(f"Not answered yet: {what}.", "missing")


class Recommendation(Struct, frozen=True):
    word: str
    """:data:`GO`, :data:`CONDITIONS` or :data:`STOP`."""
    blocks: Prose | None
    """What blocks go, or the conditions (None for a plain go)."""


class BudgetBar(Struct, frozen=True):
    planned: float | None
    low: float | None
    high: float | None
    range_words: str
    position: str
    money: Callable[[float], str]


class GroupBar(Struct, frozen=True):
    title: str
    score: float | None
    weakest: bool


class Risk(Struct, frozen=True):
    title: str
    level: str
    owner: str
    """The owner of the action on it, or "no owner yet"."""
    action: Prose
    """The next action on it, or its fix when there is none yet."""
    due: str = ""
    """When the action is due (an ISO date, or "")."""


class Decision(Struct, frozen=True):
    what: str
    by: str
    """Who decides ("" when the plan does not say)."""
    when: str
    """By when (an ISO date, "" when the plan gives none)."""


class BoardPage(Struct, frozen=True):
    """What the board page says; each section is None when the bank does not declare it."""

    name: str
    assessed: dt.date
    organisation: str | Prose | None = None
    use_case: Prose | None = None
    ask: Prose | None = None
    recommendation: Recommendation | Prose | None = None
    budget: BudgetBar | Prose | None = None
    readiness: tuple[GroupBar, ...] | Prose | None = None
    readiness_overall: float | None = None
    more_groups: int = 0
    claims_share: float | None = None
    ungraded: bool = False
    """No checklist item's evidence is graded yet: said so, rather than "100% on claims"."""
    risks: tuple[Risk, ...] | Prose | None = None
    decisions: tuple[Decision, ...] | Prose | None = None
    notes: tuple[str, ...] = field(default=())

    def prose(self) -> list[Prose]:
        """Every piece of prose on the page, in reading order."""
        found: list[Prose] = []
        found += [p for p in (self.organisation, self.use_case, self.ask) if isinstance(p, Prose)]
        rec = self.recommendation
        if isinstance(rec, Prose):
            found.append(rec)
        elif rec is not None and rec.blocks is not None:
            found.append(rec.blocks)
        sections = (self.budget, self.readiness, self.risks, self.decisions)
        found += [p for p in sections if isinstance(p, Prose)]
        if isinstance(self.risks, tuple):
            found += [r.action for r in self.risks]
        return found

    def prose_words(self) -> int:
        return sum(p.words for p in self.prose())


# --- Building the page --------------------------------------------------------------------------


def _role_answer(found: insight.Assessment, role: str) -> tuple[bool, str]:
    """(declared, the answer as one line) for the question holding *role*."""
    question = found.bank.role(role)
    if question is None:
        return False, ""
    value = found.plan.get(question)
    return True, single(str(value)) if is_answered(question, value) else ""


def _assessed(ready: insight.Readiness) -> bool:
    """Whether any checklist item has a status (an empty checklist scores 0, but says nothing)."""
    return ready.overall is not None and any(i.status for g in ready.groups for i in g.items)


def _recommendation(found: insight.Assessment) -> Recommendation | Prose | None:
    ready, risks = found.readiness, found.risks
    if ready is None and not risks:
        return None
    if ready is not None and not _assessed(ready):
        return missing("the readiness checklist")
    if ready is not None and not ready.go:
        names = [i.item.label for i in ready.blockers]
        shown = "; ".join(names[:BLOCKERS_NAMED])
        if len(names) > BLOCKERS_NAMED:
            shown += f"; and {len(names) - BLOCKERS_NAMED} more"
        return Recommendation(
            STOP, cut(f"Blocked by {shown or 'the readiness threshold'}.", "blocks")
        )
    conditions = [r.title for r in risks if r.level == insight.HIGH]
    cost = found.budget
    if cost is not None and cost.position == "below the range":
        conditions.append("a budget below the usual range")
    if conditions:
        return Recommendation(
            CONDITIONS, cut("Conditions: " + "; ".join(conditions) + ".", "blocks")
        )
    return Recommendation(GO, None)


def _budget(found: insight.Assessment) -> BudgetBar | Prose | None:
    cost = found.budget
    if cost is None:
        return None
    if cost.pilot is None and cost.planned is None:
        return missing("the pilot cost and budget")
    low, high = (cost.estimate[0], cost.estimate[2]) if cost.estimate else (None, None)
    return BudgetBar(cost.planned, low, high, cost.range_words, cost.position, found.money)


def _readiness(found: insight.Assessment) -> tuple[GroupBar, ...] | Prose | None:
    ready = found.readiness
    if ready is None:
        return None
    if not _assessed(ready):
        return missing("the readiness checklist")
    weakest = ready.weakest.id if ready.weakest else ""
    groups = list(ready.groups)
    if len(groups) > GROUPS_SHOWN:
        lowest = sorted(groups, key=lambda g: (g.score is None, g.score or 0.0))[:GROUPS_SHOWN]
        groups = [g for g in groups if g in lowest]
    return tuple(GroupBar(label(g.title), g.score, g.id == weakest) for g in groups)


def _signs_answered(found: insight.Assessment) -> bool:
    plan = found.plan
    return any(is_answered(q, plan.get(q)) for m in found.bank.failure_modes for q in m.signs)


def _risks(found: insight.Assessment) -> tuple[Risk, ...] | Prose | None:
    if not found.bank.failure_modes:
        return None
    if not _signs_answered(found):
        return missing("the stall-risk diagnostic")
    top = sorted(found.risks, key=lambda r: -r.score)[:3]
    rows = []
    for risk in top:
        mode = next((m for m in found.bank.failure_modes if m.id == risk.id), None)
        sources = {record.source_of("risk", risk.id)}
        if mode is not None:
            sources |= {record.source_of("question", q.id) for q in mode.signs}
        linked = record.sort_actions([a for a in found.open_actions if a.source in sources], "due")
        owned = [a for a in linked if a.owner.strip()]
        action = (owned or linked)[0] if linked else None
        if action is None:
            rows.append(Risk(label(risk.title), risk.level, "no owner yet", cut(risk.fix, "risk")))
        else:
            rows.append(
                Risk(
                    label(risk.title),
                    risk.level,
                    label(action.owner) or "no owner yet",
                    cut(action.what, "risk"),
                    action.due,
                )
            )
    return tuple(rows)


def label(value: str) -> str:
    """A label on one line, cut to :data:`LABEL_CHARS` characters."""
    return text.one_line(text.show_invisible(text.clean(value)), LABEL_CHARS)


def _decisions(found: insight.Assessment, ask: str) -> tuple[Decision, ...] | Prose | None:
    """The decisions before the board: the ask, at the first gate still to decide, then the
    other gates still to decide, each with who decides and by when (the gate's date, else the
    end of its phase on the timeline)."""
    declared_ask = found.bank.role("ask") is not None
    if not found.gates and not declared_ask:
        return None
    ends = {}
    if found.timeline is not None:
        ends = {item.label: item.end for item in found.timeline.phases}
    rows: list[Decision] = []
    for gate in [g for g in found.gates if not g.decision]:
        if len(rows) >= DECISIONS_SHOWN:
            break
        when = gate.date or ends.get(gate.phase_label)
        what = f"Gate after {gate.phase_label}: go, go with conditions or stop"
        if ask and not rows:
            what = f"Approve the ask (gate after {gate.phase_label})"
        rows.append(
            Decision(label(what), label(gate.decided_by or ""), when.isoformat() if when else "")
        )
    if ask and not rows:
        rows.append(Decision("Approve the ask", "", ""))
    if not rows:
        return missing("the ask to the board") if declared_ask else None
    return tuple(rows)


UNGRADED = "Evidence not graded yet"
"""What the page says of the readiness when no item's evidence is graded (F8 grades it)."""


def build(found: insight.Assessment, claims_share: float | None = None) -> BoardPage:
    """The board page of an assessed plan.

    *claims_share* is how much of the readiness rests on claims (evidence nobody has documented
    or demonstrated), a 0..1 share; by default the plan's own (insight's ``Assessment.claims``),
    shown beside the readiness when there is one.
    """
    ungraded = False
    if claims_share is None and found.claims is not None:
        claims = found.claims
        ungraded = claims.claimed == 0 and claims.ungraded == claims.ready
        claims_share = None if ungraded else claims.share
    plan: Plan = found.plan
    declared, organisation = _role_answer(found, "organisation")
    org: str | Prose | None = None
    if declared:
        org = label(organisation) if organisation else missing("the organisation")
    declared, _ = _role_answer(found, "use_case")
    use_case: Prose | None = None
    if declared:
        sentence = use_case_sentence(found)
        use_case = cut(sentence, "use_case") if sentence else missing("what the system is for")
    declared, ask = _role_answer(found, "ask")
    asked: Prose | None = None
    if declared:
        asked = cut(ask, "ask") if ask else missing("the ask to the board")
    readiness = _readiness(found)
    ready = found.readiness
    more = 0
    if isinstance(readiness, tuple) and ready is not None:
        more = len(ready.groups) - len(readiness)
    return BoardPage(
        name=label(plan.name),
        assessed=found.today,
        organisation=org,
        use_case=use_case,
        ask=asked,
        recommendation=_recommendation(found),
        budget=_budget(found),
        readiness=readiness,
        readiness_overall=ready.overall if ready is not None else None,
        more_groups=more,
        claims_share=claims_share,
        ungraded=ungraded,
        risks=_risks(found),
        decisions=_decisions(found, ask),
    )


# --- Markdown -----------------------------------------------------------------------------------


def _text_bar(share: float | None, width: int = 20) -> str:
    filled = 0 if share is None else round(max(0.0, min(1.0, share)) * width)
    return "█" * filled + "░" * (width - filled)


def _prose_md(part: Prose) -> str:
    return inline(part.text)


def markdown(page: BoardPage) -> str:
    """The board page as Markdown (a GFM document of one page)."""
    out = [f"# {inline(page.name)} — board page"]
    head = []
    if isinstance(page.organisation, str):
        head.append(f"**Organisation:** {inline(page.organisation)}")
    elif isinstance(page.organisation, Prose):
        head.append(f"**Organisation:** {_prose_md(page.organisation)}")
    head.append(f"**Assessed as of:** {page.assessed.isoformat()}")
    out.append("  \n".join(head))
    if page.use_case is not None:
        out.append(f"**Use case:** {_prose_md(page.use_case)}")
    if page.ask is not None:
        out.append(f"**The ask:** {_prose_md(page.ask)}")
    rec = page.recommendation
    if isinstance(rec, Prose):
        out.append(f"**Recommendation:** {_prose_md(rec)}")
    elif rec is not None:
        line = f"**Recommendation: {rec.word}.**"
        out.append(line + (f" {_prose_md(rec.blocks)}" if rec.blocks else ""))
    if isinstance(page.budget, Prose):
        out.append(f"## Production budget\n\n{_prose_md(page.budget)}")
    elif page.budget is not None:
        out.append("## Production budget\n\n" + "\n".join(_budget_lines_md(page.budget)))
    if page.readiness is not None:
        out.append(_readiness_md(page))
    if isinstance(page.risks, Prose):
        out.append(f"## Top risks\n\n{_prose_md(page.risks)}")
    elif page.risks is not None:
        rows = [
            f"| {inline(r.title)} | {r.level.upper()} | {inline(r.owner)} | {_prose_md(r.action)} "
            f"| {r.due or '—'} |"
            for r in page.risks
        ]
        out.append(
            "## Top risks\n\n| Risk | Level | Owner | Next action | Due |\n|---|---|---|---|---|\n"
            + "\n".join(rows)
        )
    if isinstance(page.decisions, Prose):
        out.append(f"## Decisions for the board\n\n{_prose_md(page.decisions)}")
    elif page.decisions is not None:
        rows = [
            f"| {inline(d.what)} | {inline(d.by) or '—'} | {d.when or 'no date'} |"
            for d in page.decisions
        ]
        out.append(
            "## Decisions for the board\n\n| Decision | Who decides | By |\n|---|---|---|\n"
            + "\n".join(rows)
        )
    out.append(f'*The full report: pilot2prod export "{inline(page.name)}" --format html.*')
    return "\n\n".join(out) + "\n"


def _budget_lines_md(cost: BudgetBar) -> list[str]:
    lines = []
    planned = cost.money(cost.planned) if cost.planned is not None else "not planned yet"
    lines.append(f"- Planned: {inline(planned)}")
    if cost.low is not None and cost.high is not None:
        lines.append(
            f"- Usual range ({inline(cost.range_words)}'s cost): "
            f"{inline(cost.money(cost.low))} to {inline(cost.money(cost.high))}"
        )
        if cost.planned is not None:
            top = max(cost.high, cost.planned) * 1.1
            lines.append(f"- `{_text_bar(cost.planned / top)}` {inline(cost.position)}")
    else:
        lines.append("- Usual range: the pilot cost is not answered yet")
    return lines


def _readiness_md(page: BoardPage) -> str:
    parts = ["## Readiness"]
    if isinstance(page.readiness, Prose):
        parts.append(_prose_md(page.readiness))
        return "\n\n".join(parts)
    rows = []
    for group in page.readiness or ():
        mark = " ◀ weakest" if group.weakest else ""
        rows.append(
            f"- {inline(group.title)}: `{_text_bar(group.score)}` "
            f"{insight.percent(group.score)}{mark}"
        )
    if page.more_groups:
        rows.append(f"- and {page.more_groups} more groups (full report)")
    if page.readiness_overall is not None:
        rows.append(f"- Overall: {insight.percent(page.readiness_overall)}")
    if page.claims_share is not None:
        rows.append(f"- Resting on claims: {insight.percent(page.claims_share)}")
    elif page.ungraded:
        rows.append(f"- {UNGRADED}")
    parts.append("\n".join(rows))
    return "\n\n".join(parts)


# --- HTML ---------------------------------------------------------------------------------------

CSS = """
* { box-sizing: border-box; }
body { font: 10pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: #1b1f24; margin: 1.5rem auto; max-width: 186mm; padding: 0 1rem; }
body, p, td, th, li, h1, h2 { overflow-wrap: anywhere; }
.board { display: grid; grid-template-columns: 1fr 1fr; gap: 2.5mm 7mm; }
.board > .wide { grid-column: 1 / -1; }
header h1 { font-size: 17pt; margin: 0; line-height: 1.2; }
header p { margin: .6mm 0 0; color: #57606a; }
h2 { font-size: 10.5pt; margin: 0 0 1.2mm; padding-bottom: .6mm; border-bottom: 1.5px solid #0b5cad;
  text-transform: uppercase; letter-spacing: .04em; color: #0b5cad; }
section p { margin: 0; }
.verdict { font-size: 13pt; font-weight: 700; }
.missing { color: #57606a; font-style: italic; }
.bars { display: grid; grid-template-columns: minmax(0, 9rem) 1fr 3rem; gap: 1mm 2mm;
  align-items: center; }
.bars .weakest { font-weight: 700; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { border-bottom: 1px solid #d0d7de; padding: .6mm 1.2mm; text-align: left;
  vertical-align: top; }
th { font-weight: 600; color: #57606a; }
.level { font-weight: 700; }
th, .level, .date { white-space: nowrap; }
footer { color: #57606a; font-size: 8.5pt; }
@media print {
  body { margin: 0; padding: 0; max-width: none; }
  .board { max-height: 252mm; overflow: hidden; break-inside: avoid; }
}
"""
"""The page's styles. Printed at Chromium's default margins (0.4 in), A4 leaves 190 mm x
277 mm and US Letter 196 mm x 259 mm: the page keeps within 186 mm x 252 mm, so it fits
either, and what could not fit is hidden rather than spilt onto a second page."""

SHEET_WIDTH_MM = 186
SHEET_HEIGHT_MM = 252
BAR_W = 220


def _esc(value: str) -> str:
    return html.escape(text.show_invisible(text.clean(value)))


def _prose_html(part: Prose, cls: str = "") -> str:
    extra = f" {cls}" if cls else ""
    return f'<span class="prose{extra}">{_esc(part.text)}</span>'


def _share_bar(share: float | None) -> str:
    filled = 0 if share is None else round(max(0.0, min(1.0, share)) * BAR_W)
    return (
        f'<svg width="100%" height="10" viewBox="0 0 {BAR_W} 10" preserveAspectRatio="none" '
        f'role="img" aria-label="{_esc(insight.percent(share))}">'
        f'<rect width="{BAR_W}" height="10" fill="#eaeef2"/>'
        f'<rect width="{filled}" height="10" fill="#0b5cad"/></svg>'
    )


def _budget_svg(cost: BudgetBar) -> str:
    """The planned budget as a bar against the usual range (a band with its ends marked)."""
    values = [v for v in (cost.planned, cost.high) if v is not None]
    if not values:
        return ""
    top = max(values) * 1.1 or 1.0
    w = 300

    def x(v: float) -> float:
        return w * v / top

    parts = [
        f'<svg width="100%" height="30" viewBox="0 0 {w} 30" role="img" '
        f'aria-label="Planned budget against the usual range" font-size="8" '
        'font-family="system-ui, sans-serif">'
        f'<rect y="6" width="{w}" height="12" fill="#eaeef2"/>'
    ]
    if cost.low is not None and cost.high is not None:
        parts.append(
            f'<rect x="{x(cost.low):.1f}" y="3" width="{x(cost.high) - x(cost.low):.1f}" '
            'height="18" fill="none" stroke="#9a6700" stroke-width="1.5" '
            'stroke-dasharray="3 2"/>'
            f'<text x="{x(cost.low):.1f}" y="29" fill="#57606a">range</text>'
        )
    if cost.planned is not None:
        parts.append(
            f'<rect y="8" width="{x(cost.planned):.1f}" height="8" fill="#0b5cad"/>'
            f'<text x="1" y="29" fill="#0b5cad">planned</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _budget_html(part: BudgetBar | Prose) -> str:
    body: list[str] = []
    if isinstance(part, Prose):
        body.append(f'<p class="missing">{_prose_html(part)}</p>')
    else:
        planned = part.money(part.planned) if part.planned is not None else "not planned yet"
        body.append(f"<p>Planned: <b>{_esc(planned)}</b> ({_esc(part.position)})</p>")
        if part.low is not None and part.high is not None:
            body.append(
                f"<p>{_esc(part.range_words)}: {_esc(part.money(part.low))} to "
                f"{_esc(part.money(part.high))}</p>"
            )
        else:
            body.append('<p class="missing">Usual range: the pilot cost is not answered yet</p>')
        body.append(_budget_svg(part))
    return "<section><h2>Production budget</h2>" + "".join(body) + "</section>"


def _readiness_html(page: BoardPage) -> str:
    part = page.readiness
    if isinstance(part, Prose):
        return f'<section><h2>Readiness</h2><p class="missing">{_prose_html(part)}</p></section>'
    rows = []
    for group in part or ():
        mark = ' class="weakest"' if group.weakest else ""
        label = _esc(group.title) + (" ◀ weakest" if group.weakest else "")
        rows.append(
            f"<span{mark}>{label}</span>{_share_bar(group.score)}"
            f"<span{mark}>{_esc(insight.percent(group.score))}</span>"
        )
    extra = []
    if page.more_groups:
        extra.append(f"and {page.more_groups} more groups (full report)")
    if page.readiness_overall is not None:
        extra.append(f"Overall: {insight.percent(page.readiness_overall)}")
    if page.claims_share is not None:
        extra.append(f"Resting on claims: {insight.percent(page.claims_share)}")
    elif page.ungraded:
        extra.append(UNGRADED)
    tail = f"<p>{_esc(' · '.join(extra))}</p>" if extra else ""
    return f'<section><h2>Readiness</h2><div class="bars">{"".join(rows)}</div>{tail}</section>'


def _risks_html(part: tuple[Risk, ...] | Prose) -> str:
    if isinstance(part, Prose):
        note = f'<p class="missing">{_prose_html(part)}</p>'
        return f'<section class="wide"><h2>Top risks</h2>{note}</section>'
    rows = "".join(
        f'<tr><td>{_esc(r.title)}</td><td class="level">{r.level.upper()}</td>'
        f"<td>{_esc(r.owner)}</td><td>{_prose_html(r.action)}</td>"
        f'<td class="date">{r.due}</td></tr>'
        for r in part
    )
    return (
        '<section class="wide"><h2>Top risks</h2><table><thead><tr><th>Risk</th><th>Level</th>'
        "<th>Owner</th><th>Next action</th><th>Due</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def _decisions_html(part: tuple[Decision, ...] | Prose) -> str:
    head = '<section class="wide"><h2>Decisions for the board</h2>'
    if isinstance(part, Prose):
        return head + f'<p class="missing">{_prose_html(part)}</p></section>'
    rows = "".join(
        f"<tr><td>{_esc(d.what)}</td><td>{_esc(d.by) or '—'}</td>"
        f'<td class="date">{d.when or "no date"}</td></tr>'
        for d in part
    )
    return (
        head + "<table><thead><tr><th>Decision</th><th>Who decides</th><th>By</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def html_page(page: BoardPage) -> str:
    """The board page as one self-contained HTML file that prints on one A4 or Letter page."""
    sub = []
    if isinstance(page.organisation, str):
        sub.append(_esc(page.organisation))
    elif isinstance(page.organisation, Prose):
        sub.append(_prose_html(page.organisation, "missing"))
    sub.append(f"board page, assessed as of {page.assessed.isoformat()}")
    parts = [f'<header class="wide"><h1>{_esc(page.name)}</h1><p>{" · ".join(sub)}</p></header>']
    if page.use_case is not None:
        parts.append(
            f'<section class="wide"><h2>Use case</h2><p>{_prose_html(page.use_case)}</p></section>'
        )
    if page.ask is not None:
        parts.append(f"<section><h2>The ask</h2><p>{_prose_html(page.ask)}</p></section>")
    rec = page.recommendation
    if isinstance(rec, Prose):
        parts.append(
            f'<section><h2>Recommendation</h2><p class="missing">{_prose_html(rec)}</p></section>'
        )
    elif rec is not None:
        why = f"<p>{_prose_html(rec.blocks)}</p>" if rec.blocks else ""
        parts.append(
            f'<section><h2>Recommendation</h2><p class="verdict">{rec.word}</p>{why}</section>'
        )
    if page.budget is not None:
        parts.append(_budget_html(page.budget))
    if page.readiness is not None:
        parts.append(_readiness_html(page))
    if page.risks is not None:
        parts.append(_risks_html(page.risks))
    if page.decisions is not None:
        parts.append(_decisions_html(page.decisions))
    parts.append(
        f'<footer class="wide">The full report: pilot2prod export "{_esc(page.name)}" '
        "--format html.</footer>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{_esc(page.name)} — board page</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<main class="board">{"".join(parts)}</main>\n</body>\n</html>\n'
    )


def export_board(
    found: insight.Assessment, fmt: str = "html", claims_share: float | None = None
) -> str:
    """The board page of *found* as ``html`` or ``md``."""
    page = build(found, claims_share)
    return markdown(page) if fmt == "md" else html_page(page)
