"""The silent vote's pages for phones (pilot2prod.lan.form): escaped, self-contained, no counts."""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys

from pilot2prod.lan.form import (
    CSP,
    STYLE_HASH,
    BallotForm,
    BallotQuestion,
    form_page,
    not_found_page,
    received_page,
    refusal_page,
)

NASTY = "<script>alert('x')</script> \"quoted\" & more"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &quot;quoted&quot; &amp; more"

FORM = BallotForm(
    title="Silent vote — Northwind claims triage assistant",
    intro="Answer on your own; nobody sees your ballot.",
    questions=(
        BallotQuestion(
            id="sign_accuracy_only",
            prompt="Is success judged by model accuracy rather than a business measure?",
            options=(
                ("yes", "Yes, this is true of our pilot"),
                ("no", "No"),
                ("unsure", "Not sure"),
            ),
            help="Yes means the sign is present.",
        ),
        BallotQuestion(id="sign_no_next_step", prompt="Any next step?", options=(("y", "Y"),)),
    ),
)


def _styles(page: str) -> list[str]:
    return re.findall(r"<style>(.*?)</style>", page, flags=re.S)


def test_the_form_offers_every_question_and_option_with_nothing_chosen():
    page = form_page(FORM)
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert page.count("<fieldset>") == 2
    assert page.index("model accuracy") < page.index("Any next step?")  # the plan's order
    radios = re.findall(r'<input type="radio" name="([^"]*)" value="([^"]*)"', page)
    assert radios == [
        ("q.sign_accuracy_only", "yes"),
        ("q.sign_accuracy_only", "no"),
        ("q.sign_accuracy_only", "unsure"),
        ("q.sign_no_next_step", "y"),
    ]
    assert "checked" not in page.replace(":checked", "")  # (the style's selector only)
    assert 'name="name"' in page
    assert "Your name (leave empty to stay anonymous)" in page
    assert "Yes means the sign is present." in page
    assert '<form method="post"' in page
    assert "<script" not in page  # works without JavaScript: there is none


def test_every_text_of_the_form_is_escaped():
    nasty = BallotForm(
        title=NASTY,
        intro=NASTY,
        questions=(
            BallotQuestion(
                id='q"><script>',
                prompt=NASTY,
                options=(('v"><script>', NASTY),),
                help=NASTY,
            ),
        ),
    )
    for page in (form_page(nasty), received_page(nasty), refusal_page(NASTY)):
        assert "<script" not in page.lower()
        assert ESCAPED in page
    page = form_page(nasty)
    assert 'name="q.q&quot;&gt;&lt;script&gt;"' in page
    assert 'value="v&quot;&gt;&lt;script&gt;"' in page


def test_one_inline_style_whose_hash_is_in_the_csp():
    for page in (form_page(FORM), received_page(FORM), refusal_page("No."), not_found_page()):
        (style,) = _styles(page)
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in CSP
        assert f"sha256-{digest}" == STYLE_HASH
        assert "style=" not in page  # no inline style attribute (the CSP would block it)
    assert CSP.startswith("default-src 'none'; ")
    assert "form-action 'self'" in CSP and "frame-ancestors 'none'" in CSP


def test_the_pages_after_a_ballot_show_no_count_and_no_answer():
    page = received_page(FORM)
    visible = re.sub(r"<style>.*?</style>|<[^>]+>", " ", page, flags=re.S)
    assert not re.search(r"\d", visible)  # no count of any kind
    assert "model accuracy" not in page and "Not sure" not in page
    assert "replaces" in page  # sending again replaces this device's ballot
    assert 'href="./"' in page  # back to change it
    refusal = refusal_page("The vote is closed.")
    assert "The vote is closed." in refusal
    assert 'href="./"' in refusal


def test_the_not_found_page_holds_nothing_of_the_plan():
    page = not_found_page()
    assert "Not found" in page
    assert "Northwind" not in page and "href" not in page and "<form" not in page


def test_importing_the_lan_package_loads_neither_tornado_nor_segno():
    code = (
        "import sys, pilot2prod.lan, pilot2prod.lan.form, pilot2prod.lan.addresses,"
        " pilot2prod.lan.qr;"
        "print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(result.stdout.split())
    assert "pilot2prod" in loaded
    assert "tornado" not in loaded
    assert "segno" not in loaded
