"""The board-ready report: one self-contained HTML file made from the Markdown export.

The Markdown document is rendered with markdown-it-py with raw HTML switched off, so nothing a
plan says can become markup (answers are escaped twice over). The Mermaid timeline is drawn as
inline SVG instead, the stall risks and the readiness get small SVG bars, and the styles are
embedded, with a print stylesheet so the browser's Print to PDF gives a clean A4 or Letter
document. No scripts, no fonts, images or other requests leave the file.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import tomllib
from typing import Any

from markdown_it import MarkdownIt

from pilot2prod import insight, raid, record, vote
from pilot2prod.bank import Bank
from pilot2prod.export import export_markdown
from pilot2prod.plan import Plan, currency
from pilot2prod.store import dumps
from pilot2prod.text import escape_invisible
from pilot2prod.values import format_number

FORMATS = ("md", "html", "json")
"""What ``export --format`` writes (the command line lists the same, without importing this)."""

CSS = """
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0b5cad;
  --high: #b42318; --medium: #9a6700; --low: #1a7f37; }
* { box-sizing: border-box; }
body { font: 11pt/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: var(--ink); max-width: 52rem; margin: 2rem auto; padding: 0 1.5rem; }
body, th, td, li, p, h1, h2, h3 { overflow-wrap: anywhere; }
th, td { min-width: 10ch; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem;
  margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
table { border-collapse: collapse; width: 100%; margin: .8rem 0; font-size: .95em; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left;
  vertical-align: top; }
th { background: #f6f8fa; }
code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em; }
.summary { border: 2px solid var(--accent); border-radius: 6px; padding: .4rem 1.2rem 1rem; }
.summary h2 { border: none; margin-top: .6rem; }
.bars { display: grid; grid-template-columns: 16rem 1fr 5rem; gap: .25rem .8rem;
  align-items: center; margin: .6rem 0 1rem; }
.bars span { font-size: .95em; }
.level-high { color: var(--high); font-weight: 700; }
.level-medium { color: var(--medium); font-weight: 700; }
.level-low { color: var(--low); font-weight: 700; }
figure { margin: 1rem 0; }
figcaption { color: var(--muted); font-size: .9em; }
.task { list-style: none; margin-left: -1.2rem; }
footer { color: var(--muted); font-size: .85em; margin-top: 3rem; }
@media print {
  @page { margin: 10mm 11mm 12mm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 8.5pt; line-height: 1.25;
    overflow-wrap: anywhere; }
  body, th, td, li, p, h1, h2, h3, pre, code { overflow-wrap: anywhere; }
  th, td { min-width: 10ch; }
  h1 { font-size: 16pt; margin: 0 0 2mm; }
  h2 { font-size: 12pt; margin: 5mm 0 2mm; }
  h3 { font-size: 10pt; margin: 3.5mm 0 1.5mm; }
  p, ul, ol { margin: 1mm 0; }
  table { margin: 1mm 0 2mm; font-size: 8pt; }
  th, td { padding: .4mm 1.5mm; }
  .summary { padding: 0 4mm 2mm; }
  .summary h2 { margin-top: 2mm; }
  .bars { margin: 1mm 0; gap: .5mm 3mm; }
  figure { margin: 2mm 0; }
  footer { margin-top: 4mm; }
  /* Each numbered phase starts a page; every other section follows on, so short ones share. */
  h2.phase, h2.break { break-before: page; }
  /* A heading, or a bold lead-in line ("Why:"), stays with what follows it. */
  h1, h2, h3, p:has(> strong:only-child), p:has(> em:only-child) {
    break-after: avoid; break-inside: avoid; }
  h2 + *, h3 + *, p:has(> strong:only-child) + * { break-before: avoid; }
  /* A table's header repeats on each page and is never left without a row: a row stays whole,
     and a short table (class "short") stays on one page. */
  thead { display: table-header-group; }
  tr, li, .bars > span, svg { break-inside: avoid; }
  table.short, figure, .bars { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

PAGE_BREAKS: tuple[str, ...] = ()
"""Sections that start a printed page besides each numbered phase (none: the others follow on,
so that short sections share a page)."""
SHORT_TABLE = 12
"""A table of at most this many rows is printed whole on one page (class ``short``)."""
BAR_WIDTH = 240


def bar(share: float | None, level: str = "") -> str:
    """A small horizontal bar (inline SVG) for a 0..1 share."""
    filled = 0 if share is None else round(max(0.0, min(1.0, share)) * BAR_WIDTH)
    colour = {"high": "#b42318", "medium": "#9a6700", "low": "#1a7f37"}.get(level, "#0b5cad")
    return (
        f'<svg width="{BAR_WIDTH}" height="12" viewBox="0 0 {BAR_WIDTH} 12" role="img" '
        f'aria-label="{html.escape(insight.percent(share))}">'
        f'<rect width="{BAR_WIDTH}" height="12" fill="#eaeef2"/>'
        f'<rect width="{filled}" height="12" fill="{colour}"/></svg>'
    )


def timeline_svg(found: insight.Assessment) -> str:
    """The phases as bars on a time axis, with the milestones as diamonds."""
    line = found.timeline
    if line is None or not line.phases:
        return ""
    days = [d for item in line.phases for d in (item.start, item.end)]
    days += [when for _, when in line.milestones]
    first, last = min(days), max(days)
    span = max(1, (last - first).days)
    label_w, chart_w, row_h = 200, 420, 24
    rows = len(line.phases) + len(line.milestones)
    height = row_h * rows + 30

    def x(day: dt.date) -> float:
        return label_w + chart_w * (day - first).days / span

    parts = [
        f'<svg width="{label_w + chart_w + 20}" height="{height}" role="img" '
        f'aria-label="Timeline from {first} to {last}" font-size="12" '
        'font-family="system-ui, sans-serif">'
    ]
    y = 6
    for item in line.phases:
        left, right = x(item.start), max(x(item.end), x(item.start) + 2)
        parts.append(
            f'<text x="0" y="{y + 13}">{html.escape(item.label)}</text>'
            f'<rect x="{left:.1f}" y="{y}" width="{right - left:.1f}" height="16" '
            f'fill="#0b5cad"><title>{item.start} to {item.end}</title></rect>'
        )
        y += row_h
    for label, when in line.milestones:
        cx = x(when)
        parts.append(
            f'<text x="0" y="{y + 13}">{html.escape(label)}</text>'
            f'<polygon points="{cx:.1f},{y} {cx + 8:.1f},{y + 8} {cx:.1f},{y + 16} '
            f'{cx - 8:.1f},{y + 8}" fill="#9a6700"><title>{when}</title></polygon>'
        )
        y += row_h
    parts.append(
        f'<text x="{label_w}" y="{height - 4}" fill="#57606a">{first}</text>'
        f'<text x="{label_w + chart_w}" y="{height - 4}" text-anchor="end" '
        f'fill="#57606a">{last}</text></svg>'
    )
    return "".join(parts)


def _figures_block(found: insight.Assessment) -> str:
    """Readiness per group and the stall risks, as labelled bars."""
    rows = []
    ready = found.readiness
    for group in ready.groups if ready else ():
        rows.append(
            f"<span>Readiness: {html.escape(group.title)}</span>{bar(group.score)}"
            f"<span>{html.escape(insight.percent(group.score))}</span>"
        )
    for risk in found.risks:
        rows.append(
            f"<span>{html.escape(risk.title)}</span>{bar(risk.score, risk.level)}"
            f'<span class="level-{risk.level}">{risk.level.upper()}</span>'
        )
    return '<div class="bars">' + "".join(rows) + "</div>" if rows else ""


def _renderer(found: insight.Assessment) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )

    def fence(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        if tokens[idx].info.strip() == "mermaid":
            caption = "<figcaption>The phases and milestones</figcaption>"
            return f"<figure>{timeline_svg(found)}{caption}</figure>\n"
        return str(renderer.fence(tokens, idx, options, env))  # the renderer's own rule

    md.add_render_rule("fence", fence)

    breaks = set(PAGE_BREAKS)

    def mark_headings(state: Any) -> None:
        tokens = state.tokens
        table_at = -1
        rows = 0
        for i, token in enumerate(tokens):
            if token.type == "heading_open" and token.tag == "h2":
                title = tokens[i + 1].content
                if title[:1].isdigit():
                    token.attrSet("class", "phase")  # a phase starts a printed page
                elif title in breaks:
                    token.attrSet("class", "break")
            elif token.type == "table_open":
                table_at, rows = i, 0
            elif token.type == "tr_open":
                rows += 1
            elif token.type == "table_close" and table_at >= 0 and rows <= SHORT_TABLE + 1:
                tokens[table_at].attrSet("class", "short")  # printed whole, on one page

    md.core.ruler.push("pilot2prod_headings", mark_headings)
    return md


def export_html(
    bank: Bank,
    plan: Plan,
    today: dt.date | None = None,
    since: tuple[Plan, str] | None = None,
) -> str:
    """The plan as one self-contained HTML page (see the module's notes)."""
    found = insight.assess(
        bank, plan, today, lambda v: format_number(v, "money", currency(bank, plan))
    )
    document = export_markdown(bank, plan, found.today, since)
    md = _renderer(found)
    body = md.render(document)
    body = body.replace("<li>[ ] ", '<li class="task">☐ ').replace(
        "<li>[x] ", '<li class="task">☑ '
    )
    # The executive summary, boxed, with the figures as bars under it.
    start = body.find("<h2>Executive summary</h2>")
    end = body.find("<h2", start + 1)
    if start >= 0 and end > start:
        summary = body[start:end]
        body = (
            body[:start]
            + f'<section class="summary">{summary}{_figures_block(found)}</section>\n'
            + body[end:]
        )
    title = html.escape(plan.name)
    made = f"Assessed as of {found.today.isoformat()} with pilot2prod."
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{body}<footer>{html.escape(made)}</footer>\n</body>\n</html>\n"
    )


def export_json(bank: Bank, plan: Plan, today: dt.date | None = None) -> str:
    """The plan, its headline figures and its actions as JSON, for other tools."""
    found = insight.assess(bank, plan, today)
    written = tomllib.loads(dumps(plan))
    for held in vote.votes(plan):  # a ballot stays hidden until its vote is revealed
        if not held.is_revealed:
            table = written["votes"][held.id]
            table.pop("ballots", None)
            table["ballots_in"] = held.count
    data: dict[str, Any] = {
        "assessed_on": found.today.isoformat(),
        "plan": written,
        "figures": dict(found.figures.rows()),
        "actions": [
            {
                "id": a.id,
                "what": a.what,
                "owner": a.owner,
                "due": a.due,
                "status": a.status,
                "overdue": a.overdue(found.today),
                "source": record.source_label(bank, a.source),
                "source_id": a.source,
            }
            for a in found.actions
        ],
        "votes": [_vote_json(bank, plan, held) for held in vote.votes(plan)],
        "raid": [row.as_dict() for row in raid.raid_log(bank, plan, assessed=found)],
    }
    return escape_invisible(json.dumps(data, indent=2, ensure_ascii=False, default=str)) + "\n"


def _vote_json(bank: Bank, plan: Plan, held: vote.Vote) -> dict[str, Any]:
    """One silent vote for other tools: before the reveal, only how many ballots are in."""
    data: dict[str, Any] = {
        "id": held.id,
        "title": held.title,
        "way": held.way,
        "status": held.status,
        "started": held.started,
        "revealed": held.revealed or None,
        "closed": held.closed or None,
        "ballots": held.count,
    }
    if not held.is_revealed:
        return data
    named = sorted({b.name for b in held.ballots if b.name})
    data["voters"] = named + ["anonymous"] * sum(1 for b in held.ballots if not b.name)
    questions = []
    for qid in held.questions:
        question = bank.question(qid)
        spread = vote.spread(held, qid)
        outcome = held.outcomes.get(qid)
        questions.append(
            {
                "id": qid,
                "prompt": question.prompt if question else "",
                "counts": dict(spread.counts),
                "names": {o: list(n) for o, n in spread.names.items() if n},
                "anonymous": {o: spread.anonymous(o) for o in spread.options},
                "split": spread.split,
                "majority": spread.majority,
                "decision": outcome.decision if outcome else None,
                "decided": outcome.value if outcome and outcome.value else None,
                "answer": plan.answers.get(qid),
            }
        )
    data["questions"] = questions
    return data


def format_for(requested: str | None, output: str | None) -> str:
    """The format to write: the one asked for, else the output file's extension decides."""
    if requested:
        return requested
    suffix = (output or "").lower().rsplit(".", 1)[-1] if output and "." in output else ""
    return {"html": "html", "htm": "html", "json": "json"}.get(suffix, "md")
