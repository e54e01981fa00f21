"""The pages a phone sees during a silent vote: the ballot form, "your ballot is in", a refusal,
and "not found". Complete HTML documents as strings, standard library only.

Every text that came from the plan or the bank is escaped (quotes too). The pages use no
JavaScript, no image and no other file: one inline ``<style>`` block, allowed by its hash in the
Content-Security-Policy (:data:`CSP`), and a form that posts to the page's own address. Field
names: ``name`` for the voter's name, and ``q.<question id>`` = the chosen option's stored value.
"""

from __future__ import annotations

import base64
import hashlib
import html

from msgspec import Struct

NAME_FIELD = "name"
"""The form field holding the voter's name (empty: anonymous)."""

QUESTION_PREFIX = "q."
"""A question's field is this prefix and the question's id."""

NAME_MAX = 60
"""The most characters of a voter's name that are kept."""


class BallotQuestion(Struct, frozen=True):
    """One question of the ballot, in the plan's own wording and the bank's order of options."""

    id: str
    prompt: str
    options: tuple[tuple[str, str], ...]  # (stored value, label)
    help: str = ""
    heading: str = ""
    """A heading above this question (the stall reason a run of signs belongs to), or none."""


class BallotForm(Struct, frozen=True):
    """What a phone is asked: a title, a sentence or two of introduction, the questions."""

    title: str
    intro: str
    questions: tuple[BallotQuestion, ...]


STYLE = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;padding:16px;font:18px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#111;background:#fff;max-width:40rem;margin-inline:auto}
h1{font-size:1.3rem;line-height:1.3;margin:0 0 .5rem}
h2{font-size:1.1rem;line-height:1.3;margin:1.5rem 0 .6rem}
p{margin:.5rem 0 1rem}
.note{color:#333}
fieldset{border:1px solid #999;border-radius:10px;margin:0 0 1rem;padding:.8rem}
legend{float:left;width:100%;padding:0;margin:0 0 .3rem;font-weight:600}
legend+*{clear:both}
.help{font-size:.95rem;color:#333;margin:.2rem 0 .6rem}
.option{display:flex;align-items:center;gap:.7rem;min-height:48px;margin:.4rem 0;
padding:.55rem .8rem;border:1px solid #999;border-radius:8px;background:#f6f6f6}
.option input{width:1.4rem;height:1.4rem;margin:0;flex:none}
.option:has(input:checked){border:2px solid #0a4a8f;background:#e6effa;font-weight:600}
.name label{display:block;font-weight:600;margin-bottom:.3rem}
.name input{width:100%;min-height:48px;font:inherit;padding:.5rem .7rem;border:1px solid #777;
border-radius:8px}
button,.button{display:block;width:100%;min-height:52px;font:inherit;font-weight:600;
color:#fff;background:#0a4a8f;border:0;border-radius:10px;padding:.7rem 1rem;
text-align:center;text-decoration:none}
:focus-visible{outline:3px solid #c25100;outline-offset:2px}
""".strip()
"""The pages' only style sheet, inline; the CSP allows exactly this text by its hash."""

STYLE_HASH = "sha256-" + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
"""The CSP source that allows :data:`STYLE` (and no other style)."""

CSP = (
    f"default-src 'none'; style-src '{STYLE_HASH}'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
"""The Content-Security-Policy every response carries: nothing may load, run or frame."""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )


def _question(question: BallotQuestion) -> str:
    field = _e(QUESTION_PREFIX + question.id)
    parts = [f"<h2>{_e(question.heading)}</h2>\n"] if question.heading else []
    parts.append(f"<fieldset>\n<legend>{_e(question.prompt)}</legend>\n")
    if question.help:
        parts.append(f'<p class="help">{_e(question.help)}</p>\n')
    for value, label in question.options:
        parts.append(
            f'<label class="option"><input type="radio" name="{field}" value="{_e(value)}">'
            f"<span>{_e(label)}</span></label>\n"
        )
    parts.append("</fieldset>\n")
    return "".join(parts)


def form_page(form: BallotForm) -> str:
    """The ballot: nothing selected, an optional name, one group of options per question and a
    button that sends it to the page's own address."""
    questions = "".join(_question(q) for q in form.questions)
    body = (
        f"<h1>{_e(form.title)}</h1>\n"
        f'<p class="note">{_e(form.intro)}</p>\n'
        '<form method="post" autocomplete="off">\n'
        '<p class="name"><label for="voter-name">Your name (leave empty to stay anonymous)'
        f'</label><input id="voter-name" type="text" name="{NAME_FIELD}" maxlength="{NAME_MAX}"'
        ' autocomplete="off" autocapitalize="words" spellcheck="false"></p>\n'
        f"{questions}"
        '<button type="submit">Send my ballot</button>\n'
        "</form>\n"
    )
    return _page(form.title, body)


def received_page(form: BallotForm) -> str:
    """ "Your ballot is in": no count and no one else's answer; sending again from this device
    replaces its ballot."""
    body = (
        "<h1>Your ballot is in</h1>\n"
        f'<p class="note">{_e(form.title)}</p>\n'
        "<p>Nobody sees your answers until the facilitator reveals the room's spread.</p>\n"
        "<p>Changed your mind? Sending again from this device replaces your ballot.</p>\n"
        '<p><a class="button" href="./">Change my ballot</a></p>\n'
    )
    return _page("Your ballot is in", body)


def refusal_page(reason: str) -> str:
    """Why a ballot was not kept, in one sentence, with a way back to the form."""
    body = (
        "<h1>Your ballot was not kept</h1>\n"
        f"<p>{_e(reason)}</p>\n"
        '<p><a class="button" href="./">Back to the ballot</a></p>\n'
    )
    return _page("Ballot not kept", body)


def not_found_page() -> str:
    """The answer to any address but the vote's own: nothing of the plan."""
    return _page("Not found", "<h1>Not found</h1>\n<p>There is nothing at this address.</p>\n")
