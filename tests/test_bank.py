"""The question bank: the built-in one covers the guide; the loader reports every problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pilot2prod.bank import KINDS, ROLES, SIGN_VALUES, BankError, load_bank


def test_five_numbered_phases_in_order(bank):
    phases = [p for p in bank.phases if p.kind == "phase"]
    assert [(p.number, p.title) for p in phases] == [
        (1, "Pilot design"),
        (2, "Pilot execution"),
        (3, "Production planning"),
        (4, "Production deployment"),
        (5, "Scale and optimise"),
    ]


def test_phase_steps_follow_the_guide(bank):
    steps = {p.id: [s.id for s in p.steps] for p in bank.phases}
    assert steps["pilot_design"] == [
        "production_criteria",
        "technical_debt",
        "data_plan",
        "gate_design",
    ]
    assert steps["pilot_execution"] == [
        "business_outcomes",
        "readiness_testing",
        "stakeholder_buy_in",
        "gate_execution",
    ]
    assert steps["production_planning"] == [
        "operating_model",
        "integration",
        "budget",
        "gate_planning",
    ]
    assert steps["production_deployment"] == [
        "incremental_rollout",
        "monitoring",
        "gate_deployment",
    ]
    assert steps["scale_optimise"] == ["scale", "gate_scale"]


def test_each_phase_closes_with_a_gate(bank):
    for phase in (p for p in bank.phases if p.kind == "phase"):
        *body, last = phase.steps
        assert last.gate, phase.id
        assert not any(step.gate for step in body)
        kinds = [q.kind for q in last.questions]
        assert kinds == ["choice", "person", "date", "long_text"]


def test_basics_step_asks_who_and_what(bank):
    basics = bank.phase("basics").steps[0]
    ids = {q.id for q in basics.questions}
    assert {
        "plan_name",
        "organisation",
        "use_case",
        "business_problem",
        "sponsor",
        "author",
        "plan_date",
    } <= ids
    assert bank.question("plan_name").meta == "name"


def test_six_stall_reasons_each_with_four_signs_and_a_fix(bank):
    modes = bank.failure_modes
    assert len(modes) == 6
    for mode in modes:
        assert len(mode.signs) == 4, mode.id
        assert mode.fix
        for sign in mode.signs:
            assert {c.value for c in sign.choices} == set(SIGN_VALUES)


def test_readiness_checklist_has_fifteen_items_in_three_groups(bank):
    items = bank.checklist_items
    assert len(items) == 15
    groups = {}
    for item in items:
        groups.setdefault(item.group_id, []).append(item)
    assert list(groups) == ["technical", "operational", "organisational"]
    assert all(len(v) == 5 for v in groups.values())
    statuses = [c.value for c in items[0].question.choices]
    assert statuses == ["not_started", "in_progress", "manual", "automated", "not_applicable"]


def test_budget_inputs(bank):
    for qid in (
        "budget_pilot_cost",
        "budget_production",
        "budget_infrastructure",
        "budget_integration",
        "budget_change",
        "budget_operations",
    ):
        assert bank.question(qid).kind == "money", qid


def test_every_kind_is_used_and_lists_have_columns(bank):
    used = {q.kind for q in bank.questions()}
    assert used == set(KINDS)
    debt = bank.question("debt_register")
    assert [c.id for c in debt.columns] == ["shortcut", "change", "effort"]
    assert bank.question("risk_register").kind == "list"


def test_vague_questions_are_sharpened(bank):
    metrics = bank.question("criteria_metrics")
    labels = " ".join(c.label.lower() for c in metrics.columns)
    assert "baseline" in labels and "target" in labels


def test_every_question_has_a_prompt_and_a_stable_id(bank):
    for q in bank.questions():
        assert q.prompt.strip()
        assert re.fullmatch(r"[a-z][a-z0-9_]*", q.id)


@pytest.mark.parametrize("shipped", ["question-bank.toml", "banks/health-check.toml"])
def test_bank_text_is_not_pasted_from_the_guide(shipped):
    """No prompt, help or fix of a bank shipped with the product repeats a sentence of the
    source guide word for word."""
    guide = Path(__file__).resolve().parents[2] / "shared" / "guide.md"
    if not guide.exists():
        pytest.skip("the source guide is not beside the repository")
    bank = load_bank(Path(__file__).resolve().parents[1] / "assets" / shipped)
    sentences = {
        s.strip().lower()
        for s in re.split(r"[.\n:?!]", guide.read_text(encoding="utf-8"))
        if len(s.split()) >= 5
    }
    for q in bank.questions():
        for text in (q.prompt, q.help):
            for sentence in sentences:
                assert sentence not in text.lower(), (q.id, sentence)
    for mode in bank.failure_modes:
        for sentence in sentences:
            assert sentence not in mode.fix.lower(), (mode.id, sentence)
            assert sentence not in mode.summary.lower(), (mode.id, sentence)


# --- Validation -------------------------------------------------------------------------------

BROKEN = """
[bank]
id = "custom"
version = "1"
title = "Broken"

[[phases]]
id = "one"
title = "One"

[[phases.steps]]
id = "s1"
title = "Step"

[[phases.steps.questions]]
id = "dup"
kind = "text"
prompt = "First"

[[phases.steps.questions]]
id = "dup"
kind = "text"
prompt = "Second"

[[phases.steps.questions]]
id = "odd"
kind = "essay"
prompt = "Unknown kind"

[[phases.steps.questions]]
id = "pick"
kind = "choice"
prompt = "No choices"

[[phases.steps.questions]]
id = "conditional"
kind = "text"
prompt = "Depends"
when = { question = "nowhere", equals = "x" }
"""


def test_loader_reports_every_problem_at_once_with_file_and_id(tmp_path):
    path = tmp_path / "custom.toml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_bank(path)
    problems = info.value.problems
    assert len(problems) == 4
    joined = "\n".join(problems)
    assert "duplicate question id 'dup'" in joined
    assert "question 'odd': unknown kind 'essay'" in joined
    assert "question 'pick': a choice question needs choices" in joined
    assert "question 'conditional': 'when' names a missing question 'nowhere'" in joined
    assert all(p.startswith("custom.toml: ") for p in problems)
    assert str(path) in str(info.value)


def test_gate_step_needs_a_decision_and_a_date(tmp_path):
    path = tmp_path / "gate.toml"
    path.write_text(
        '[bank]\nid="d"\nversion="1"\ntitle="D"\n'
        '[[phases]]\nid="p"\ntitle="P"\n'
        '[[phases.steps]]\nid="g"\ntitle="Gate"\ngate=true\n'
        '[[phases.steps.questions]]\nid="who"\nkind="person"\nprompt="Who"\n',
        encoding="utf-8",
    )
    with pytest.raises(BankError) as info:
        load_bank(path)
    assert len(info.value.problems) == 2
    assert "step 'g': a gate step needs a choice offering go, conditions and stop" in str(
        info.value
    )


def test_diagnostic_sign_must_offer_yes_no_unsure(tmp_path):
    path = tmp_path / "diag.toml"
    path.write_text(
        '[bank]\nid="d"\nversion="1"\ntitle="D"\n'
        '[[phases]]\nid="diag"\nkind="diagnostic"\ntitle="Diag"\n'
        '[[phases.steps]]\nid="r"\ntitle="R"\nfix="Do it"\n'
        '[[phases.steps.questions]]\nid="s"\nkind="text"\nprompt="Sign"\n',
        encoding="utf-8",
    )
    with pytest.raises(BankError, match="question 's': a warning sign must be a choice"):
        load_bank(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not = [valid", "not valid TOML"),
        ("[bank]\nid='x'\nversion='1'\ntitle='t'\n", "the bank has no phases"),
        ("", "the [bank] table"),
    ],
)
def test_unusable_bank_files(tmp_path, content, message):
    path = tmp_path / "b.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BankError, match=re.escape(message)):
        load_bank(path)


def test_missing_bank_file(tmp_path):
    with pytest.raises(BankError, match="does not exist"):
        load_bank(tmp_path / "nope.toml")


def test_when_must_name_a_choice_the_target_offers(tmp_path):
    path = tmp_path / "b.toml"
    path.write_text(
        '[bank]\nid="d"\nversion="1"\ntitle="D"\n'
        '[[phases]]\nid="p"\ntitle="P"\n[[phases.steps]]\nid="s"\ntitle="S"\n'
        '[[phases.steps.questions]]\nid="a"\nkind="choice"\nprompt="A"\nchoices=["x","y"]\n'
        '[[phases.steps.questions]]\nid="b"\nkind="text"\nprompt="B"\n'
        'when={question="a", equals="z"}\n',
        encoding="utf-8",
    )
    with pytest.raises(BankError, match="tests 'a' for 'z'"):
        load_bank(path)


def test_docs_example_bank_loads(tmp_path):
    """The minimal bank printed in docs/question-bank.md is itself valid."""
    doc = Path(__file__).resolve().parents[1] / "docs" / "question-bank.md"
    text = doc.read_text(encoding="utf-8")
    block = re.search(r"```toml\n(.*?)```", text, re.S)
    assert block, "docs/question-bank.md has no toml example"
    path = tmp_path / "from-docs.toml"
    path.write_text(block.group(1), encoding="utf-8")
    bank = load_bank(path)
    assert list(bank.questions())


def test_a_register_column_may_be_reusable_and_the_loader_checks_it(tmp_path):
    path = tmp_path / "cols.toml"
    head = '[bank]\nid="d"\nversion="1"\ntitle="D"\n[[phases]]\nid="p"\ntitle="P"\n'
    head += '[[phases.steps]]\nid="s"\ntitle="S"\n'
    good = head + (
        '[[phases.steps.questions]]\nid="reg"\nkind="list"\nprompt="R"\nreusable=true\n'
        'columns=[{id="what", label="What", reusable=true}, {id="cost", label="Cost"}]\n'
    )
    path.write_text(good, encoding="utf-8")
    register = load_bank(path).question("reg")
    assert [(c.id, c.reusable) for c in register.columns] == [("what", True), ("cost", False)]
    path.write_text(
        head + '[[phases.steps.questions]]\nid="a"\nkind="list"\nprompt="A"\nreusable=true\n'
        'columns=[{id="who", label="Who", kind="person", reusable=true},'
        ' {id="how", label="How", reusable="yes"}]\n'
        '[[phases.steps.questions]]\nid="b"\nkind="list"\nprompt="B"\n'
        'columns=[{id="what", label="What", reusable=true}]\n',
        encoding="utf-8",
    )
    with pytest.raises(BankError) as info:
        load_bank(path)
    assert info.value.problems == [
        "cols.toml: question 'a': column 'who' names people: it cannot be reusable",
        "cols.toml: question 'a': 'reusable' of column 'how' must be true or false",
        "cols.toml: question 'b': a column is reusable but the question is not "
        "(add reusable = true)",
    ]


def test_the_built_in_bank_copies_the_method_not_the_clients_figures(bank):
    """Amounts are the client's: no budget line is reusable. Of the registers, the columns
    that say what to measure, which shortcut and what to do about it, which risk and how it
    is handled are reusable; baselines, targets, effort, likelihood, impact and where a
    figure is measured (the client's own systems) are not."""
    assert not [q.id for q in bank.questions() if q.kind == "money" and q.reusable]
    reusable = {
        q.id: [c.id for c in q.columns if c.reusable]
        for q in bank.questions()
        if q.kind == "list" and q.reusable
    }
    assert reusable == {
        "criteria_metrics": ["metric"],
        "debt_register": ["shortcut", "change"],
        "risk_register": ["risk", "mitigation"],
    }


# --- Roles: which question holds what the product reads ----------------------------------------

ROLE_BANK = """
[bank]
id = "chatbot"
version = "1"
title = "GenAI chatbot go-live"

[roles]
name = "bot_name"
organisation = "owner_org"
currency = "bot_currency"
ask = "board_ask"
attendees = "who_came"

[[phases]]
id = "launch"
kind = "phase"
number = 1
title = "Launch"

[[phases.steps]]
id = "launch_basics"
title = "Launch basics"

[[phases.steps.questions]]
id = "bot_name"
kind = "text"
prompt = "Bot name"

[[phases.steps.questions]]
id = "owner_org"
kind = "text"
prompt = "Who owns it"

[[phases.steps.questions]]
id = "bot_currency"
kind = "text"
prompt = "Currency"

[[phases.steps.questions]]
id = "board_ask"
kind = "long_text"
prompt = "What we ask for"

[[phases.steps.questions]]
id = "who_came"
kind = "list"
prompt = "Who came"
columns = [{ id = "who", label = "Who" }]

[[phases.steps.questions]]
id = "launch_cost"
kind = "money"
prompt = "Launch cost"
"""


def test_roles_name_the_questions_the_product_reads(tmp_path):
    path = tmp_path / "chatbot.toml"
    path.write_text(ROLE_BANK, encoding="utf-8")
    bank = load_bank(path)
    assert bank.roles == {
        "name": "bot_name",
        "organisation": "owner_org",
        "currency": "bot_currency",
        "ask": "board_ask",
        "attendees": "who_came",
    }
    assert bank.role("currency").id == "bot_currency"
    assert bank.role("use_case") is None  # not declared: nothing read
    assert bank.question("bot_name").meta == "name"  # the name role binds the plan's name


def test_the_built_in_bank_declares_its_roles(bank):
    assert {role: q.id for role in ROLES if (q := bank.role(role))} == {
        role: bank.roles[role] for role in ROLES
    }
    assert set(bank.roles) == set(ROLES)


def test_a_currency_role_makes_amounts_in_that_currency_readable(tmp_path):
    from pilot2prod import values
    from pilot2prod.plan import Plan, currency, fix_of

    path = tmp_path / "chatbot.toml"
    path.write_text(ROLE_BANK, encoding="utf-8")
    bank = load_bank(path)
    plan = Plan.new("Bot", bank)
    plan.drafts["launch_cost"] = "£1,500"
    assert "has none yet" in fix_of(bank, plan, bank.question("launch_cost")).problem
    plan.answers["bot_currency"] = "GBP"
    assert currency(bank, plan) == "GBP"
    reading = values.read("money", "£1,500", currency(bank, plan))
    assert (reading.value, reading.problem) == (1500, None)
    assert "not confirmed yet" in fix_of(bank, plan, bank.question("launch_cost")).problem


@pytest.mark.parametrize(
    ("roles", "problem"),
    [
        (
            'wizard = "bot_name"',
            "[roles] wizard: unknown role (use one of name, organisation, use_case, currency, "
            "ask, attendees, systems, data_sources)",
        ),
        ('currency = "nowhere"', "[roles] currency: names no question of this bank ('nowhere')"),
        (
            'attendees = "bot_name"',
            "[roles] attendees: 'bot_name' is a text question; this role needs list or long_text",
        ),
        ("organisation = 3", "[roles] organisation: names no question of this bank (3)"),
        ('name = "owner_org"', "[roles] name: 'bot_name' is already the plan's name (meta)"),
    ],
)
def test_each_role_problem_is_one_line_naming_the_role(tmp_path, roles, problem):
    head, rest = ROLE_BANK.split("[roles]\n", 1)
    text = head + "[roles]\n" + roles + "\n\n[[phases]]" + rest.split("\n\n[[phases]]", 1)[1]
    if roles.startswith("name ="):
        text = text.replace('prompt = "Bot name"', 'prompt = "Bot name"\nmeta = "name"')
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_bank(path)
    assert info.value.problems == [f"bad.toml: {problem}"]
