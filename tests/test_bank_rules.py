"""Rules as data: the loader reads and checks the rules a bank declares ([rules], scoring,
evidence, [budget], [timeline]); each mistake is one line naming the bank file and the rule,
all of them at once. The built-in bank declares exactly today's rules."""

from __future__ import annotations

import re

import pytest

from pilot2prod import bank as banks
from pilot2prod.bank import BankError, load_bank

BASE = """\
#TOP
[bank]
id = "mini"
version = "1"
title = "Mini"

[[phases]]
id = "work"
title = "Work"
#PHASE

[[phases.steps]]
id = "facts"
title = "Facts"
#STEP

[[phases.steps.questions]]
id = "owner"
kind = "text"
prompt = "Owner"

[[phases.steps.questions]]
id = "cost"
kind = "money"
prompt = "Cost"

[[phases.steps.questions]]
id = "budget"
kind = "money"
prompt = "Budget"

[[phases.steps.questions]]
id = "begins"
kind = "date"
prompt = "Begins"

[[phases.steps.questions]]
id = "ends"
kind = "date"
prompt = "Ends"

[[phases.steps.questions]]
id = "refresh"
kind = "choice"
prompt = "Refresh"
choices = ["daily", "manual"]

[[phases.steps.questions]]
id = "register"
kind = "list"
prompt = "Register"
columns = [{ id = "item", label = "Item" }, { id = "effort", label = "Effort" }]

[[phases]]
id = "diag"
kind = "diagnostic"
title = "Diagnostic"
#DIAG

[[phases.steps]]
id = "reason"
title = "Reason"
fix = "Fix it."

[[phases.steps.questions]]
id = "sign"
kind = "choice"
prompt = "Sign?"
choices = ["yes", "no", "unsure"]

#EVIDENCE

[[phases]]
id = "ready"
kind = "checklist"
title = "Checklist"
#CHECK

[[phases.steps]]
id = "group"
title = "Group"

[[phases.steps.questions]]
id = "item"
kind = "checklist"
prompt = "Item"
"""

NAMED = """[[phases.steps.evidence]]
kind = "named"
question = "owner"
says = { unanswered = "no owner", risk = "owner '{answer}'", safe = "owner {answer}" }
"""


def write(tmp_path, **parts: str):
    text = BASE
    for marker, value in parts.items():
        text = text.replace(f"#{marker.upper()}", value)
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path, **parts: str) -> list[str]:
    with pytest.raises(BankError) as info:
        load_bank(write(tmp_path, **parts))
    return info.value.problems


def test_the_base_with_a_rule_loads(tmp_path):
    bank = load_bank(write(tmp_path, evidence=NAMED))
    (rule,) = bank.diagnostic.evidence["reason"]
    assert (rule.kind, rule.question) == ("named", "owner")
    assert bank.budget_rules is None and bank.timeline_rules is None
    assert bank.placeholders == banks.DEFAULT_PLACEHOLDERS


def evidence(body: str) -> str:
    return "[[phases.steps.evidence]]\n" + body + "\n"


CASES = [
    # --- evidence rules
    (
        {"evidence": evidence('kind = "maybe"\nsays = {}')},
        'phases.reason evidence 1: unknown kind "maybe" (use named, choice, status, amount, '
        "multiple, days_between or rows)",
    ),
    (
        {"evidence": NAMED.replace('question = "owner"', 'question = "nobody"')},
        "phases.reason evidence 1: 'question' names a missing question 'nobody'",
    ),
    (
        {"evidence": NAMED.replace('question = "owner"', 'question = "cost"')},
        "phases.reason evidence 1: 'question' names 'cost', a money question; this reads a "
        "text, long_text or person question",
    ),
    (
        {"evidence": NAMED.replace('kind = "named"', 'kind = "named"\nthreshold = 2')},
        "phases.reason evidence 1: unknown key 'threshold' (use kind, says and question)",
    ),
    (
        {
            "evidence": evidence(
                'kind = "choice"\nquestion = "refresh"\npoints = { manual = 1.0, weekly = 1.0 }\n'
                'says = { unanswered = "u", otherwise = "o" }'
            )
        },
        "phases.reason evidence 1: 'points' has 'weekly', which is not a choice of the question",
    ),
    (
        {
            "evidence": evidence(
                'kind = "status"\nquestion = "item"\npoints = { done = 1.0 }\n'
                'says = { unanswered = "u", otherwise = "o" }'
            )
        },
        "phases.reason evidence 1: 'points' has 'done', which is not a status",
    ),
    (
        {
            "evidence": evidence(
                'kind = "choice"\nquestion = "refresh"\npoints = { manual = 1.0 }\n'
                'says = { unanswered = "u", manual = "m" }'
            )
        },
        "phases.reason evidence 1: 'says' has no words for daily: add them or 'otherwise'",
    ),
    (
        {
            "evidence": evidence(
                'kind = "multiple"\nquestion = "budget"\nof = "cost"\nat_least = "two"\n'
                'says = { unanswered = "u", risk = "r", safe = "s" }'
            )
        },
        "phases.reason evidence 1: 'at_least' must be a number, not \"two\"",
    ),
    (
        {
            "evidence": evidence(
                'kind = "days_between"\nfrom = "begins"\nto = "owner"\nat_least = 30\n'
                'says = { unanswered = "u", risk = "r", safe = "s" }'
            )
        },
        "phases.reason evidence 1: 'to' names 'owner', a text question; this reads a date question",
    ),
    (
        {
            "evidence": evidence(
                'kind = "amount"\nquestion = "cost"\n'
                'says = { unanswered = "u", risk = "r {answer}", safe = "s" }'
            )
        },
        "phases.reason evidence 1: 'says.risk' uses {answer}; this rule fills {amount}",
    ),
    (
        {
            "evidence": evidence(
                'kind = "amount"\nquestion = "cost"\n'
                'says = { unanswered = "u", risk = "r {amount:>999999999}", safe = "s" }'
            )
        },
        "phases.reason evidence 1: 'says.risk' shapes a field ({amount:>999999999}): write it "
        "as {name} alone",
    ),
    (
        {"evidence": evidence('kind = "amount"\nquestion = "cost"\nsays = { unanswered = "u" }')},
        "phases.reason evidence 1: 'says' has no words for 'risk'",
    ),
    (
        {
            "evidence": evidence(
                'kind = "rows"\nquestion = "register"\ncomplete = ["effort", "cost"]\n'
                'name_column = "name"\nneed = "most"\n'
                'says = { empty = "e", risk = "r", safe = "s" }'
            )
        },
        "phases.reason evidence 1: 'complete' names a missing column 'cost' of 'register'",
    ),
    (
        {
            "evidence": evidence(
                'kind = "rows"\nquestion = "register"\ncomplete = ["effort"]\n'
                'name_column = "name"\nsays = { empty = "e", risk = "r", safe = "s" }'
            )
        },
        "phases.reason evidence 1: 'name_column' names a missing column 'name' of 'register'",
    ),
    (
        {
            "evidence": evidence(
                'kind = "rows"\nquestion = "register"\ncomplete = ["effort"]\nneed = "most"\n'
                'says = { empty = "e", risk = "r", safe = "s" }'
            )
        },
        "phases.reason evidence 1: 'need' must be any or all, not \"most\"",
    ),
    (
        {"step": "\n" + NAMED.strip()},
        "step 'facts': evidence rules belong on the steps of a diagnostic phase",
    ),
    # --- the diagnostic's scoring
    (
        {"diag": '[phases.scoring]\nhigh_at = "high"'},
        "phases.diag scoring: 'high_at' must be a number, not \"high\"",
    ),
    (
        {"diag": "[phases.scoring]\nhigh_at = 0.2\nmedium_at = 0.4"},
        "phases.diag scoring: 'medium_at' must not be above 'high_at'",
    ),
    (
        {"diag": "[phases.scoring]\nsigns = { yes = 1.0, maybe = 0.5 }"},
        "phases.diag scoring: 'signs' has 'maybe', which is not yes, unsure or no",
    ),
    (
        {"diag": "[phases.scoring]\nunknown = 1.5"},
        "phases.diag scoring: 'unknown' must be between 0 and 1, not 1.5",
    ),
    (
        {"diag": '[phases.scoring]\nin_hand = "yes"'},
        "phases.diag scoring: 'in_hand' must be true or false, not \"yes\"",
    ),
    (
        {"phase": "[phases.scoring]\nready_at = 0.5"},
        "phase 'work': 'scoring' belongs on a diagnostic or checklist phase",
    ),
    # --- readiness
    (
        {"check": "[phases.scoring]\npoints = { not_applicable = 1.0 }"},
        "phases.ready scoring: 'points' has 'not_applicable', which is not a counted status "
        "(use not_started, in_progress, manual and automated)",
    ),
    (
        {"check": '[phases.scoring]\ncombine = "min"'},
        "phases.ready scoring: 'combine' must be weakest or average, not \"min\"",
    ),
    (
        {"check": '[phases.scoring]\nverdict = ["GO"]'},
        'phases.ready scoring: \'verdict\' must be two words, such as ["GO", "NO-GO"]',
    ),
    (
        {"check": "[phases.scoring]\nready_at = 75"},
        "phases.ready scoring: 'ready_at' must be between 0 and 1, not 75",
    ),
    # --- budget, timeline, placeholders
    (
        {"top": '[budget]\npilot_cost = "cost"\nproduction = "owner"'},
        "budget: 'production' names 'owner', a text question; this reads a number, money or "
        "percent question",
    ),
    (
        {"top": '[budget]\nproduction = "budget"'},
        "budget: 'pilot_cost' is missing (the id of a number, money or percent question)",
    ),
    (
        {"top": '[budget]\npilot_cost = "cost"\nproduction = "budget"\nrange = [5, 2, 1]'},
        "budget: 'range' must be three rising numbers above 0 (low, middle, high), not [5, 2, 1]",
    ),
    (
        {
            "top": '[budget]\npilot_cost = "cost"\nproduction = "budget"\n'
            'one_off = [{ question = "servers", label = "Servers" }]'
        },
        "budget.one_off 1: 'question' names a missing question 'servers'",
    ),
    (
        {"top": '[budget]\npilot_cost = "cost"\nproduction = "budget"\ntolerance = 20'},
        "budget: 'tolerance' must be between 0 and 1, not 20",
    ),
    (
        {"top": '[budget]\npilot_cost = "cost"\nproduction = "budget"\nyearly = 3'},
        "budget: 'yearly' must be a question id, not 3",
    ),
    (
        {"top": '[timeline]\nstart = "cost"'},
        "timeline: 'start' names 'cost', a money question; this reads a date question",
    ),
    (
        {"top": '[timeline]\nmilestones = [{ question = "ends" }]'},
        "timeline.milestones 1: 'label' is missing",
    ),
    (
        {"top": '[timeline]\nbegin = "begins"'},
        "timeline: unknown key 'begin' (use start and milestones)",
    ),
    (
        {"top": '[rules]\nplaceholders = "tbd"'},
        "[rules]: 'placeholders' must be a list of words",
    ),
]


@pytest.mark.parametrize(("parts", "line"), CASES, ids=[c[1][:60] for c in CASES])
def test_each_rule_mistake_is_one_line_naming_file_and_rule(tmp_path, parts, line):
    found = problems(tmp_path, **parts)
    assert f"rules.toml: {line}" in found, "\n".join(found)


def test_every_rule_problem_is_reported_at_once_with_the_file_in_the_head_line(tmp_path):
    path = write(
        tmp_path,
        top='[budget]\npilot_cost = "nothing"\nproduction = "budget"\n[timeline]\nstart = "cost"',
        evidence=NAMED.replace('"owner"', '"nobody"'),
        check='[phases.scoring]\ncombine = "min"',
    )
    with pytest.raises(BankError) as info:
        load_bank(path)
    assert len(info.value.problems) == 4
    head = str(info.value).splitlines()[0]
    assert head == f"the question bank {path} has 4 problems:"
    assert all(re.match(r"rules\.toml: \S", p) for p in info.value.problems)


def test_the_built_in_bank_declares_todays_rules(bank):
    """The built-in bank writes every value out, and they are today's (the defaults of the
    vocabulary); tests/test_pinned_figures.py pins what they compute."""
    diag, ready = bank.diagnostic, bank.readiness_rules
    assert (diag.phase_id, diag.signs) == ("stall_diagnostic", {"yes": 1, "unsure": 0.5, "no": 0})
    assert (diag.unknown, diag.assumed, diag.high_at, diag.medium_at, diag.in_hand) == (
        0.5,
        0.5,
        0.6,
        0.3,
        True,
    )
    kinds = {step: [r.kind for r in rules] for step, rules in diag.evidence.items()}
    assert kinds == {
        "stall_wrong_problem": ["rows"],
        "stall_technical_debt": ["rows", "choice"],
        "stall_data_pipelines": ["choice"],
        "stall_operating_model": ["named", "named", "status"],
        "stall_change_management": ["status", "amount"],
        "stall_budget_timeline": ["multiple", "amount", "days_between"],
    }
    assert ready.points == banks.DEFAULT_STATUS_POINTS
    assert (ready.assumed_at_most, ready.combine, ready.ready_at, ready.zero_blocks) == (
        0.5,
        "weakest",
        0.75,
        True,
    )
    assert ready.verdict == ("GO", "NO-GO")
    budget = bank.budget_rules
    assert (budget.pilot_cost, budget.production, budget.yearly) == (
        "budget_pilot_cost",
        "budget_production",
        "budget_operations",
    )
    assert budget.range == (2.0, 3.5, 5.0) and budget.tolerance == 0.10
    assert [label for _, label in budget.one_off] == [
        "Infrastructure",
        "Integration development",
        "Training and change management",
    ]
    assert bank.timeline_rules.start == "pilot_start"
    assert [label for _, label in bank.timeline_rules.milestones] == ["Pilot ends", "Go-live"]
    assert bank.placeholders == banks.DEFAULT_PLACEHOLDERS
    assert bank.version == "2"


def test_a_bank_that_declares_no_rules_gets_the_vocabularys_defaults(tmp_path):
    bank = load_bank(write(tmp_path))
    assert bank.diagnostic.signs == banks.DEFAULT_SIGN_POINTS
    assert bank.diagnostic.evidence == {"reason": ()}
    assert bank.readiness_rules.points == banks.DEFAULT_STATUS_POINTS
    assert bank.readiness_rules.verdict == banks.DEFAULT_VERDICT


def test_the_rule_examples_in_the_docs_are_the_built_in_banks_own():
    """Each TOML example of docs/question-bank.md's "Rules" section is a part of
    assets/question-bank.toml as it is (so every example is valid and current)."""
    import tomllib
    from pathlib import Path

    from pilot2prod.resources import bank_path

    root = Path(__file__).resolve().parents[1]
    doc = (root / "docs" / "question-bank.md").read_text(encoding="utf-8")
    rules = doc[doc.index("## Rules") :]
    blocks = re.findall(r"```toml\n(.*?)```", rules, re.S)
    assert len(blocks) >= 11
    raw = tomllib.loads(bank_path().read_text(encoding="utf-8"))
    phases = raw["phases"]
    evidence = [e for p in phases for s in p["steps"] for e in s.get("evidence", [])]
    scorings = [p["scoring"] for p in phases if "scoring" in p]
    for block in blocks:
        data = tomllib.loads(block)
        if "phases" in data:
            phase = data["phases"]  # [phases.scoring] alone makes a table
            if "scoring" in phase:
                assert phase["scoring"] in scorings, block
            else:
                (rule,) = phase["steps"]["evidence"]  # [[phases.steps.evidence]] alone too
                assert rule in evidence, block
        else:
            for key, value in data.items():
                assert raw[key] == value, block


def test_a_bank_with_rules_stays_hashable_and_comparable(tmp_path):
    """Banks were hashable before they held rules (a set or a dict key of banks still works)."""
    one, two = (
        load_bank(write(tmp_path, evidence=NAMED)),
        load_bank(write(tmp_path, evidence=NAMED)),
    )
    assert {one, two} and hash(one) == hash(two)
    assert one.diagnostic == two.diagnostic


def test_an_unknown_top_level_table_is_a_problem_not_silence(tmp_path):
    """A misspelt [budget] would otherwise leave every plan without its budget check."""
    from pilot2prod.resources import bank_path

    text = bank_path().read_text(encoding="utf-8").replace("\n[budget]\n", "\n[budgte]\n", 1)
    path = tmp_path / "typo.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_bank(path)
    assert info.value.problems == [
        "typo.toml: [budgte]: unknown table "
        "(use bank, roles, rules, choice_sets, phases, budget, timeline)"
    ]


@pytest.mark.parametrize("kind", ['["choice"]', '{ of = "choice" }'])
def test_an_evidence_kind_that_is_not_text_is_a_problem_not_a_crash(tmp_path, kind):
    from pilot2prod.resources import bank_path

    text = bank_path().read_text(encoding="utf-8")
    text = text.replace('kind = "rows"', f"kind = {kind}", 1)
    assert text != bank_path().read_text(encoding="utf-8")
    path = tmp_path / "odd.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_bank(path)
    assert len(info.value.problems) == 1
    assert "evidence 1: unknown kind" in info.value.problems[0]
