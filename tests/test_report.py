"""The board-ready HTML report and the JSON export: self-contained, escaped, printable."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from pilot2prod.plan import Plan
from pilot2prod.report import FORMATS, export_html, format_for


class Collect(HTMLParser):
    """Tags, attributes and text of a page, and whether it parsed."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def parsed(page: str) -> Collect:
    collector = Collect()
    collector.feed(page)
    collector.close()
    return collector


def test_the_example_report_is_self_contained_and_printable(run):
    result = run("export", "--example", "--format", "html")
    assert result.code == 0
    page = result.out
    found = parsed(page)
    assert found.tags[0] == "html" and "svg" in found.tags
    assert "<script" not in page.lower() and "script" not in found.tags
    assert "http://" not in page and "https://" not in page
    assert not [v for k, v in found.attrs if k in ("src", "href") and v and not v.startswith("#")]
    assert "@media print" in page and "break-before: page" in page
    assert '<h2 class="phase">1. Pilot design</h2>' in page
    # The executive summary comes first, with what is asked of the board and the verdict.
    text = " ".join(found.text)
    assert text.index("Executive summary") < text.index("Plan details")
    assert "Production budget requested" in text and "Verdict: NO-GO" in text
    assert "Top stall risks" in text and "Open actions" in text
    # The Mermaid timeline is drawn as SVG instead.
    assert "mermaid" not in page and 'aria-label="Timeline from' in page


def test_a_hostile_answer_is_text_in_the_report(bank):
    plan = Plan.new("Hostile", bank)
    plan.answers["use_case"] = "<img src=x onerror=alert(1)> and <script>alert(2)</script>"
    plan.answers["organisation"] = "</td></tr></table><b>bold</b>"
    page = export_html(bank, plan)
    found = parsed(page)
    assert "img" not in found.tags and "script" not in found.tags and "b" not in found.tags
    text = " ".join(found.text)
    assert "<img src=x onerror=alert(1)>" in text
    assert "</td></tr></table><b>bold</b>" in text


def test_the_format_comes_from_the_flag_or_the_file_name(run, tmp_path):
    assert FORMATS == ("md", "html", "json")
    assert format_for(None, "board.HTML") == "html" and format_for(None, "x.json") == "json"
    assert format_for(None, "plan.md") == "md" and format_for(None, None) == "md"
    assert format_for("md", "board.html") == "md"
    out = tmp_path / "report.html"
    assert run("export", "--example", "-o", str(out)).code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    data = json.loads(run("export", "--example", "--format", "json").out)
    assert data["plan"]["plan"]["name"] == "Northwind claims triage assistant"
    assert data["figures"]["Verdict"] == "NO-GO"
    assert {"what", "owner", "due", "status", "overdue"} <= set(data["actions"][0])
    wrong = run("export", "--example", "--format", "pdf")
    assert wrong.code == 2 and "md" in wrong.err and "html" in wrong.err and "json" in wrong.err


def test_the_markdown_export_has_the_same_executive_summary(run):
    document = run("export", "--example").out
    assert document.index("## Executive summary") < document.index("## Plan details")
    assert "**Verdict: NO-GO**" in document
    assert "**Production budget requested:** EUR 320,000, below the range" in document
