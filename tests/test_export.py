"""The Markdown export: structure, determinism, and escaping of user text."""

from __future__ import annotations

import functools
import re
import subprocess
import sys

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from pilot2prod.bank import load_bank
from pilot2prod.export import block, cell, export_markdown, inline
from pilot2prod.insight import is_placeholder
from pilot2prod.plan import Plan
from pilot2prod.text import clean, one_line

MD = MarkdownIt("commonmark").enable("table")
BANK = load_bank()


def outline(tokens: list[Token]) -> list[tuple[str, ...]]:
    """Headings (level) and tables (rows x columns), in order: a parsed document's structure."""
    shape: list[tuple[str, ...]] = []
    row_cells: list[int] = []
    for token in tokens:
        if token.type == "heading_open":
            shape.append(("heading", token.tag))
        elif token.type == "table_open":
            row_cells = []
        elif token.type == "tr_open":
            row_cells.append(0)
        elif token.type in ("th_open", "td_open"):
            row_cells[-1] += 1
        elif token.type == "table_close":
            shape.append(("table", str(len(row_cells)), ",".join(map(str, row_cells))))
        elif token.type in (
            "html_block",
            "fence",
            "code_block",
            "hr",
            "blockquote_open",
            "bullet_list_open",
            "ordered_list_open",
        ):
            shape.append((token.type,))
    return shape


def risky_tokens(tokens: list[Token]) -> list[str]:
    """Inline tokens that user text must never produce (in a parsed document)."""
    found = []
    for token in tokens:
        for child in token.children or []:
            if child.type in ("link_open", "image", "code_inline", "em_open", "strong_open"):
                found.append(child.type)
            if child.type == "html_inline" and child.content != "<br>":
                found.append(child.content)
    return found


def test_example_has_one_title_and_the_five_phases(bank, example):
    document = export_markdown(bank, example)
    h1 = [line for line in document.splitlines() if line.startswith("# ")]
    assert h1 == ["# Northwind claims triage assistant"]
    h2 = [line[3:] for line in document.splitlines() if line.startswith("## ")]
    for phase in (
        "1. Pilot design",
        "2. Pilot execution",
        "3. Production planning",
        "4. Production deployment",
        "5. Scale and optimise",
    ):
        assert phase in h2
    assert "Stall diagnostic" in h2
    assert "Production-readiness checklist" in h2
    assert h2[-1] == "Open questions"


def test_export_is_deterministic(bank, example):
    assert export_markdown(bank, example) == export_markdown(bank, example)


def test_repeatable_list_becomes_a_table(bank, example):
    document = export_markdown(bank, example)
    assert (
        "| Shortcut in the pilot | What production needs instead | Estimated effort |" in document
    )


def test_checklist_table_has_status_grade_owner_evidence(bank, example):
    document = export_markdown(bank, example)
    assert "| Item | Status | Evidence grade | Owner | Evidence |" in document
    assert "| Alert thresholds set and tested | Not started | not graded | Claims IT |" in document


def test_money_and_percent_are_formatted(bank, example):
    document = export_markdown(bank, example)
    assert "EUR 180,000" in document
    assert "\n5%\n" in document


def test_empty_plan_lists_open_questions(bank):
    plan = Plan.new("Empty", bank)
    document = export_markdown(bank, plan)
    required = sum(1 for q in bank.questions() if q.required and q.meta is None)
    assert f"| Required questions open | {required} |" in document
    open_part = document.split("## Open questions", 1)[1]
    assert "Organisation* *(required)*" not in open_part
    assert "**Plan basics:** Organisation *(required)*" in open_part
    assert "No answers yet." in document


def test_hidden_questions_are_not_open(bank):
    plan = Plan.new("P", bank)
    plan.answers["data_refresh"] = "daily"
    document = export_markdown(bank, plan)
    assert "Which manual data steps" not in document
    plan.answers["data_refresh"] = "manual"
    assert "Which manual data steps" in export_markdown(bank, plan)


def test_escaping_examples():
    assert block("# not a heading") == "\\# not a heading"
    assert block("- not a list") == "\\- not a list"
    assert block("1. not a list") == "1\\. not a list"
    assert block("> not a quote") == "\\> not a quote"
    assert inline("[link](http://x)") == "\\[link\\](http://x)"
    assert inline("<script>") == "\\<script\\>"
    assert cell("a | b\nc") == "a \\| b<br>c"
    assert block("```\ncode") == "\\`\\`\\`\\\ncode"


HOSTILE_PIECES = st.sampled_from(
    [
        "#",
        "# ",
        "## x",
        "-",
        "- ",
        "+ ",
        "* ",
        "*",
        "_",
        "__",
        "1. ",
        "1) ",
        ">",
        "> ",
        "`",
        "```",
        "~~~",
        "<",
        "<div>",
        "</p>",
        "<!--",
        "[",
        "]",
        "](http://x)",
        "[a]: http://x",
        "|",
        "| --- |",
        "---",
        "===",
        "\n",
        "\n\n",
        "    ",
        "\t",
        "\\",
        "&amp;",
        "&#35;",
        "!",
        "![x](y)",
        "<http://x>",
        "text",
        " ",
        "||",
        ":---:",
    ]
)
HOSTILE_TEXT = (
    st.lists(HOSTILE_PIECES | st.text(max_size=5), max_size=12)
    .map("".join)
    .filter(lambda s: clean(s).strip())  # blank text is no answer at all
)


def _plan_with(text: str) -> Plan:
    """A plan whose every text answer, register cell, checklist owner and note is *text*."""
    bank = BANK
    plan = Plan.new("Name " + text, bank)
    plan.notes = text
    for question in bank.questions():
        if question.kind in ("text", "long_text", "person") and question.meta is None:
            plan.answers[question.id] = text
        elif question.kind == "list":
            plan.answers[question.id] = [{c.id: text for c in question.columns}] * 2
        elif question.kind == "checklist":
            plan.answers[question.id] = {"status": "manual", "owner": text, "evidence": text}
    return plan


def _raid_rows_uncounted(tokens: list[Token]) -> list[Token]:
    """*tokens* with the RAID log's tables cut to their header and first row: how many rows
    it has depends on what the answers say (one dependency per line of a text answer, a
    placeholder naming none), not on how they are escaped; its columns are still compared."""
    kept: list[Token] = []
    in_raid, rows = False, 0
    for n, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            in_raid = tokens[n + 1].content == "RAID log"
        if in_raid and token.type == "tbody_open":
            rows = 0
        if in_raid and token.type == "tr_open" and token.level == 2:
            rows += 1
        if in_raid and rows > 1 and token.type not in ("tbody_close", "table_close"):
            continue  # a body row after the first
        if token.type == "table_close":
            rows = 0
        kept.append(token)
    return kept


def _names_a_dependency(text: str) -> bool:
    """Whether *text*, as the answer that lists the systems or data sources, names one for the
    RAID log: a line of it, or a register's first cell holding it, that is no placeholder
    (text of "!" lines names nothing, though it is no placeholder as a whole)."""
    text = clean(text)
    lines = [one_line(line) for line in text.split("\n")] + [one_line(text)]
    return any(line and not is_placeholder(line, BANK) for line in lines)


def _without_dependencies(tokens: list[Token]) -> list[Token]:
    """*tokens* without the RAID log's "Dependencies" heading and table."""
    kept: list[Token] = []
    skipping = False
    for n, token in enumerate(tokens):
        if token.type == "heading_open" and tokens[n + 1].content == "Dependencies":
            skipping = True
        if not skipping:
            kept.append(token)
        elif token.type == "table_close":
            skipping = False
    return kept


@functools.cache
def _plain_shape(placeholder: bool = False, dependencies: bool = True) -> tuple[list, list, list]:
    """The outline of the same plan with plain text (made once, not once per example); with
    a placeholder ("tbd") when the hostile text is one, since a placeholder is no answer; and
    without the RAID log's dependencies when the hostile text names none."""
    plain = MD.parse(export_markdown(BANK, _plan_with("tbd" if placeholder else "plain answer")))
    tokens = _raid_rows_uncounted(plain)
    whole = outline(tokens if dependencies else _without_dependencies(tokens))
    return [s for s in whole if s[0] in ("heading", "table")], whole, risky_tokens(plain)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=HOSTILE_TEXT)
@example(value="\x1b\n\n#")  # (found by hypothesis: a first paragraph of control characters)
@example(value="\n!\n")  # (found by hypothesis: no placeholder, but each line of it is one)
@example(value=".\x08")  # (found by hypothesis: a placeholder once its control is removed)
def test_user_text_never_changes_the_structure(value):
    placeholder = is_placeholder(clean(value), BANK)  # (the export reads text cleaned)
    structure, whole, risky = _plain_shape(placeholder, placeholder or _names_a_dependency(value))
    hostile = MD.parse(export_markdown(BANK, _plan_with(value)))  # parsed once, read twice
    shape = outline(_raid_rows_uncounted(hostile))
    assert [s for s in shape if s[0] in ("heading", "table")] == structure
    assert shape == whole
    assert risky_tokens(hostile) == risky


def test_export_does_not_import_textual():
    code = (
        "import sys\n"
        "from pilot2prod.cli import main\n"
        "main(['export', '--example'])\n"
        "sys.stdout.flush()\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^# ", proc.stdout, re.M)


def test_answers_to_fix_are_listed_as_typed_never_as_numbers(bank):
    plan = Plan.new("Drafts", bank)
    plan.answers["currency"] = "GBP"
    plan.drafts["budget_pilot_cost"] = "250k-ish"
    plan.answers["budget_production"] = "lots"
    plan.drafts["plan_date"] = "03/04/2026"
    document = export_markdown(bank, plan)
    to_fix = document.split("## To fix", 1)[1].split("\n## ", 1)[0]
    assert "“250k-ish”" in to_fix  # as typed
    assert "“lots”" in to_fix and "the file's value is text" in to_fix
    assert "could be 3 April or 4 March 2026" in to_fix
    assert "| Answers to fix | 3 |" in document
    # The details table shows the typed text flagged, and the budget check does not use it.
    assert "To fix: “03/04/2026”" in document
    budget = document.split("## Budget reality check", 1)[1].split("\n## ", 1)[0]
    assert "| Pilot cost | — |" in budget
    assert "250" not in budget


def test_a_plan_with_nothing_to_fix_has_no_to_fix_section(bank, example):
    assert "## To fix" not in export_markdown(bank, example)
