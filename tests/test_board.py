"""The board page (export --board) and the full report's print stylesheet, without a browser.

Prose is what the board page writes as sentences or phrases (the use case, the ask, what blocks
the recommendation, each risk's next action, the notes saying what is missing): the HTML wraps
each piece in ``<span class="prose">``. Everything else on the page is a label, a figure, a name
or a bar, and stays short. tests/test_print.py prints the same pages with Chromium.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from pilot2prod import board, export, insight, report, resources
from pilot2prod.bank import load_bank
from pilot2prod.plan import Plan

TODAY = dt.date(2026, 11, 26)
LONG = " ".join(f"word{n}" for n in range(400))
UNBROKEN = "x" * 600


class Texts(HTMLParser):
    """The page's text, split into prose (inside span.prose) and everything else, by element;
    the text under each h2."""

    def __init__(self) -> None:
        super().__init__()
        self.prose: list[str] = []
        self.other: list[str] = []
        self.sections: dict[str, list[str]] = {}
        self._in_prose = 0
        self._heading: str | None = None
        self._in_h2 = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if (tag == "span" and "prose" in classes) or self._in_prose:
            self._in_prose += 1
        if tag in ("style", "title"):
            self._skip += 1
        if tag == "h2":
            self._in_h2 = True
            self._heading = ""

    def handle_endtag(self, tag):
        if self._in_prose:
            self._in_prose -= 1
        if tag in ("style", "title"):
            self._skip -= 1
        if tag == "h2":
            self._in_h2 = False
            self.sections[self._heading or ""] = []

    def handle_data(self, data):
        if self._skip or not data.strip():
            return
        if self._in_h2:
            self._heading = (self._heading or "") + data
            return
        (self.prose if self._in_prose else self.other).append(data.strip())
        if self._heading is not None:
            self.sections[self._heading].append(data.strip())


def texts(page: str) -> Texts:
    found = Texts()
    found.feed(page)
    found.close()
    return found


def words(parts: list[str]) -> int:
    return sum(len(p.split()) for p in parts)


def page_of(bank, plan, claims=None) -> tuple[board.BoardPage, str, str]:
    found = insight.assess(bank, plan, TODAY)
    page = board.build(found, claims)
    return page, board.html_page(page), board.markdown(page)


def test_the_example_board_page_has_every_section(bank, example):
    page, html_page, md = page_of(bank, example)
    assert page.organisation == "Northwind Mutual Insurance"
    assert isinstance(page.use_case, board.Prose) and page.use_case.text.startswith(
        "An assistant that reads each new motor and home claim"
    )
    assert isinstance(page.ask, board.Prose) and "320,000 EUR" in page.ask.text
    rec = page.recommendation
    assert isinstance(rec, board.Recommendation) and rec.word == board.STOP
    assert rec.blocks is not None and "Data pipelines run with no manual step" in rec.blocks.text
    assert isinstance(page.budget, board.BudgetBar)
    assert (page.budget.planned, page.budget.low, page.budget.high) == (320000, 360000, 900000)
    assert isinstance(page.readiness, tuple)
    assert [(g.title, g.weakest) for g in page.readiness] == [
        ("Technical", False),
        ("Operational", True),
        ("Organisational", False),
    ]
    assert isinstance(page.risks, tuple) and len(page.risks) == 3
    owners = {r.title: r.owner for r in page.risks}
    assert owners["No operating model for AI"] == "Priya Nair"  # the action made from the risk
    assert isinstance(page.decisions, tuple)
    assert page.decisions[0].what.startswith("Approve the ask")
    assert page.decisions[0].when == "2027-01-15"  # the date of the first gate still to decide
    found = texts(html_page)
    assert list(found.sections) == [
        "Use case",
        "The ask",
        "Recommendation",
        "Production budget",
        "Readiness",
        "Top risks",
        "Decisions for the board",
    ]
    assert "Operational ◀ weakest" in found.other
    assert "<svg" in html_page and "Evidence not graded yet" in html_page  # nothing graded
    for heading in ("Production budget", "Readiness", "Top risks", "Decisions for the board"):
        assert f"## {heading}" in md
    assert "**Recommendation: STOP.**" in md and "◀ weakest" in md


def test_a_risk_without_an_action_says_no_owner_yet(bank, example):
    example.actions.clear()
    page, _, _ = page_of(bank, example)
    assert isinstance(page.risks, tuple)
    assert {r.owner for r in page.risks} == {"no owner yet"}


@pytest.mark.parametrize("which", ["example", "long answers", "nearly empty"])
def test_the_prose_stays_within_150_words_and_the_rest_is_short(bank, example, which):
    if which == "long answers":
        example.answers["use_case"] = LONG
        example.answers["buyin_ask"] = UNBROKEN + " " + LONG
    plan = Plan.new("Nearly empty", bank) if which == "nearly empty" else example
    page, html_page, _ = page_of(bank, plan)
    found = texts(html_page)
    assert words(found.prose) == page.prose_words() <= board.PROSE_LIMIT
    most = {k: w for k, (w, _) in board.BUDGETS.items()}
    answered = most["use_case"] + most["ask"] + 3 * most["risk"]
    assert answered + most["blocks"] + 2 * most["missing"] <= board.PROSE_LIMIT
    assert answered + 4 * most["missing"] <= board.PROSE_LIMIT
    # What is not prose is a label, a figure or a name: a few words each.
    assert max(len(t.split()) for t in found.other) <= 12, found.other
    assert max(len(t) for t in found.prose + found.other) <= 300
    if which == "long answers":
        assert isinstance(page.use_case, board.Prose) and page.use_case.cut
        assert page.use_case.text.endswith("… (full report)")
        assert isinstance(page.ask, board.Prose) and page.ask.text.endswith("… (full report)")
        assert len(page.ask.text) <= board.BUDGETS["ask"][1]


def test_a_nearly_empty_plan_says_what_is_missing(bank):
    _, html_page, md = page_of(bank, Plan.new("Nearly empty", bank))
    found = texts(html_page)
    for heading in ("Use case", "The ask", "Recommendation", "Production budget", "Readiness"):
        assert found.sections[heading], heading  # never an empty box
        assert " ".join(found.sections[heading]).startswith("Not answered yet"), heading
    assert " ".join(found.sections["Top risks"]).startswith("Not answered yet")
    # The gates are still to decide, with no date yet; there is no ask to approve.
    decisions = " ".join(found.sections["Decisions for the board"])
    assert "Gate after 1. Pilot design" in decisions and "no date" in decisions
    assert "Approve the ask" not in decisions
    assert md.count("Not answered yet") == 7  # organisation, use case, ask, and four sections


def test_a_custom_method_gets_a_board_page_without_what_it_does_not_declare():
    path = next((p for p in resources.bundled_bank_paths() if p.stem == "health-check"), None)
    if path is None:
        pytest.skip("assets/banks/health-check.toml is not in this checkout")
    custom = load_bank(path)
    assert custom.role("ask") is None and custom.role("use_case") is not None
    plan = Plan.new("Check", custom)
    plan.answers[custom.roles["use_case"]] = "Answers the phone. Then more."
    page, html_page, _ = page_of(custom, plan)
    assert page.ask is None and "The ask" not in html_page
    assert isinstance(page.use_case, board.Prose) and page.use_case.text == "Answers the phone."
    if custom.budget_rules is None:
        assert page.budget is None and "Production budget" not in html_page
    assert "Readiness" in texts(html_page).sections


def test_the_share_resting_on_claims_is_the_plans_own(bank, example):
    from pilot2prod import record

    _, before, md_before = page_of(bank, example)
    assert "Evidence not graded yet" in before and "Evidence not graded yet" in md_before
    assert "Resting on claims" not in before
    graded = copy.deepcopy(example)
    for question in bank.questions():
        item = graded.answers.get(question.id)
        if question.kind == "checklist" and isinstance(item, dict) and item.get("status"):
            record.set_grade(graded, question.id, "demonstrated", tested_on="2026-11-02")
    _, after, md_after = page_of(bank, graded)
    assert "Resting on claims: 0%" in after and "Resting on claims: 0%" in md_after
    claimed = copy.deepcopy(example)
    first = next(
        q.id for q in bank.questions() if q.kind == "checklist" and claimed.answers.get(q.id)
    )
    record.set_grade(claimed, first, "claimed")
    _, some, _ = page_of(bank, claimed)
    assert "Resting on claims: 100%" in some  # one claimed, the rest not graded: all on claims
    _, given, _ = page_of(bank, example, claims=0.4)
    assert "Resting on claims: 40%" in given


def test_answers_are_text_on_the_board_page(bank):
    plan = Plan.new("<b>Hostile</b>", bank)
    plan.answers["use_case"] = "<script>alert(1)</script> does *this*."
    _, html_page, md = page_of(bank, plan)
    assert "<script>" not in html_page and "&lt;script&gt;" in html_page
    assert "<b>" not in html_page.split("<body>")[1]
    assert "\\*this\\*" in md and "\\<b\\>Hostile\\</b\\>" in md


def test_export_board_writes_html_by_default_and_markdown_when_asked(run, tmp_path):
    result = run("export", "--example", "--board")
    assert result.code == 0 and result.out.startswith("<!DOCTYPE html>")
    assert 'class="prose"' in result.out
    md = run("export", "--example", "--board", "--format", "md")
    assert md.code == 0 and md.out.startswith("# Northwind claims triage assistant — board page")
    out = tmp_path / "board.md"
    assert run("export", "--example", "--board", "-o", str(out)).code == 0
    assert out.read_text(encoding="utf-8").startswith("# Northwind")
    out = tmp_path / "board.html"
    assert run("export", "--example", "--board", "-o", str(out)).code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    wrong = run("export", "--example", "--board", "--format", "json")
    assert wrong.code == 2 and "html or md" in wrong.err
    wrong = run("export", "Anything", "--board", "--since", "1")
    assert wrong.code == 2 and "--since" in wrong.err and "Traceback" not in wrong.err


def test_the_executive_summary_leads_with_the_use_case(run):
    document = run("export", "--example").out
    summary = document[document.index("## Executive summary") : document.index("## Plan details")]
    assert summary.split("\n\n")[1].startswith(
        "**Use case:** An assistant that reads each new motor and home claim as it arrives"
    )
    assert "Triage officers confirm" not in summary  # one sentence


def test_the_use_case_is_its_first_paragraph_that_shows_something():
    bank = load_bank()
    plan = Plan.new("Acme", bank)
    # A first paragraph of control characters only (cleaned away): the next one is the use case.
    plan.answers["use_case"] = "\x1b\x07\n\nTriage claims. Then more."
    found = insight.assess(bank, plan, TODAY)
    assert export.use_case_sentence(found) == "Triage claims."
    plan.answers["use_case"] = "\x1b"
    assert export.use_case_sentence(insight.assess(bank, plan, TODAY)) == ""


# --- The print stylesheets ----------------------------------------------------------------------


def _print_rules(css: str) -> str:
    start = css.index("@media print")
    return css[start:]


def test_the_report_prints_in_clean_pages():
    rules = _print_rules(report.CSS)
    assert re.search(r"@page \{ margin: [\d.]+mm", rules)
    assert "h2.phase, h2.break { break-before: page; }" in rules  # a phase starts a page
    assert ".summary { break-after: page" not in rules  # plan details follow the summary
    assert re.search(r"h1, h2, h3, p:has\(> strong:only-child\)[^{]*\{\s*break-after: avoid", rules)
    assert "h2 + *, h3 + *" in rules and "break-before: avoid" in rules
    assert "thead { display: table-header-group; }" in rules
    assert re.search(r"tr, [^{]*\{ break-inside: avoid; \}", rules)
    assert "table.short" in rules
    assert "overflow-wrap: anywhere" in rules
    assert report.PAGE_BREAKS == ()


def test_short_tables_are_kept_whole_and_only_phases_break(bank, example):
    page = report.export_html(bank, example, TODAY)
    assert page.count('<h2 class="phase">') == 5
    assert 'class="break"' not in page  # the diagnostic and the checklist follow on
    tables = re.findall(r"<table( class=\"short\")?>(.*?)</table>", page, re.S)
    assert tables
    for short, body in tables:
        assert bool(short) == (body.count("<tr>") <= report.SHORT_TABLE + 1)


def test_the_board_page_fits_a4_and_letter_at_the_default_margins():
    margin = 25.4 * 0.4  # Chromium's default margins: 0.4 inch
    a4 = (210 - 2 * margin, 297 - 2 * margin)
    letter = (215.9 - 2 * margin, 279.4 - 2 * margin)
    assert min(a4[0], letter[0]) >= board.SHEET_WIDTH_MM
    assert min(a4[1], letter[1]) >= board.SHEET_HEIGHT_MM
    rules = _print_rules(board.CSS)
    assert f"max-height: {board.SHEET_HEIGHT_MM}mm; overflow: hidden" in rules
    assert f"max-width: {board.SHEET_WIDTH_MM}mm" in board.CSS
    assert "overflow-wrap: anywhere" in board.CSS
    assert "@page" not in board.CSS  # the printer's own paper and margins
