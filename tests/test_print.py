"""Printed with headless Chromium (Print to PDF at its default margins): the board page on
exactly one A4 and one US Letter page, the full example report on at most 14 A4 pages, and no
page ending with a heading.

Pages are counted from the PDF's page objects (``/Type /Page``; Chromium writes them
uncompressed). Page texts come from poppler's ``pdftotext`` (pages end with a form feed):
Chromium's text streams are compressed and glyph-encoded, so parsing them here would be more
code than the check. A page "ends with a heading" when its last whole lines, whitespace
folded, are the text of a heading or of a bold lead-in line ("Why:", a question's prompt); a
table cell that merely ends with a heading's words is not one. The paper size is set by adding
``@page { size: ... }`` to the page, as the print dialog does. Each test skips, saying why,
where Chromium (or pdftotext) is not installed.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from pilot2prod import board, insight, report

TODAY = dt.date(2026, 11, 26)
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
MAX_REPORT_PAGES = 14


def _browser() -> str:
    found = next((p for name in BROWSERS if (p := shutil.which(name))), None)
    if found is None:
        pytest.skip(f"no Chromium to print with (looked for {', '.join(BROWSERS)} on PATH)")
    return found


def print_pdf(page: str, size: str, where: Path) -> bytes:
    """*page* printed to PDF on *size* paper ("A4" or "letter") at the default margins."""
    browser = _browser()
    sized = page.replace("</head>", f"<style>@page {{ size: {size}; }}</style></head>", 1)
    source, pdf = where / f"page-{size}.html", where / f"page-{size}.pdf"
    source.write_text(sized, encoding="utf-8")
    # Chromium's profile socket must have a short path: not the test's own (long) TMPDIR.
    short = Path(
        tempfile.mkdtemp(prefix="p2p-print-", dir="/tmp" if Path("/tmp").is_dir() else None)
    )
    try:
        done = _run(browser, source, pdf, short)
    finally:
        shutil.rmtree(short, ignore_errors=True)
    assert pdf.exists(), done.stderr.decode(errors="replace")[-2000:]
    return pdf.read_bytes()


def _run(browser: str, source: Path, pdf: Path, short: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={short / 'profile'}",
            f"--print-to-pdf={pdf}",
            source.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, "TMPDIR": str(short)},
    )


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def page_texts(pdf: bytes, where: Path) -> list[str]:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: page texts cannot be read")
    path = where / "printed.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        [tool, str(path), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode()
    return out.split("\f")[: pages(pdf)]


def ends_with(text: str, titles: set[str]) -> str:
    """The heading *text* (one printed page) ends with: its last whole lines (a long prompt
    wraps onto several), folded, are one of *titles*; "" when none."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    for k in range(1, min(6, len(lines)) + 1):
        tail = " ".join(lines[-k:])
        if tail in titles:
            return tail
    return ""


def headings(page: str) -> set[str]:
    """The text of every heading and every bold lead-in paragraph of an HTML page."""
    found = re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", page, re.S)
    found += re.findall(r"<p><strong>([^<]*)</strong></p>", page)
    return {" ".join(html.unescape(re.sub(r"<[^>]+>", "", h)).split()) for h in found} - {""}


def long_answers(example):
    example.answers["use_case"] = " ".join(["A very long use case sentence"] * 60)
    example.answers["buyin_ask"] = "y" * 900 + " " + "an ask that goes on and on " * 40
    example.answers["organisation"] = "Organisation " * 30
    return example


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> tuple[str, bytes]:
    from pilot2prod.bank import load_bank
    from pilot2prod.resources import example_path
    from pilot2prod.store import read_plan

    page = report.export_html(load_bank(), read_plan(example_path()), TODAY)
    return page, print_pdf(page, "A4", tmp_path_factory.mktemp("report"))


@pytest.mark.parametrize("size", ["A4", "letter"])
@pytest.mark.parametrize("which", ["example", "long answers"])
def test_the_board_page_prints_on_exactly_one_page(bank, example, tmp_path, size, which):
    plan = long_answers(example) if which == "long answers" else example
    page = board.html_page(board.build(insight.assess(bank, plan, TODAY)))
    pdf = print_pdf(page, size, tmp_path)
    assert pages(pdf) == 1
    text = " ".join(page_texts(pdf, tmp_path)[0].split())
    # Nothing hidden: the page's last section is printed whole.
    assert "Decisions for the board" in text.replace(
        "DECISIONS FOR THE BOARD", "Decisions for the board"
    )
    assert 'The full report: pilot2prod export "Northwind claims triage assistant"' in text


def test_the_example_report_prints_in_at_most_14_a4_pages(report_pdf):
    _, pdf = report_pdf
    assert 1 < pages(pdf) <= MAX_REPORT_PAGES


def test_no_printed_page_ends_with_a_heading(report_pdf, tmp_path):
    page, pdf = report_pdf
    titles = headings(page)
    assert "Plan details" in titles and "Why:" in titles
    texts = page_texts(pdf, tmp_path)
    assert len(texts) == pages(pdf)
    ending = [(n, end) for n, text in enumerate(texts, 1) if (end := ends_with(text, titles))]
    assert ending == []
    # Nothing left out: every section's heading is printed.
    printed = " ".join(" ".join(texts).split())
    missing = [t for t in titles if t.split(" ")[0] not in printed]
    assert missing == []


def test_short_words_in_printed_tables_stay_whole(report_pdf, tmp_path):
    """Narrow columns are never squeezed until a word splits ("HIG/H", "Evidenc/e grade"): the
    levels, statuses and dates of the example's tables print whole."""
    _, pdf = report_pdf
    words = " ".join(page_texts(pdf, tmp_path)).split()
    for whole in ("MEDIUM", "HIGH", "Level", "Status"):
        assert whole in words, whole
    fragments = {"HIG", "DIU", "Lev", "Evidenc", "Stat"}
    assert not fragments & set(words)
