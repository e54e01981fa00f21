"""The RAID log (raid.py): its rows, the change marks against a saved version, ``pilot2prod
raid`` as a table, JSON and CSV, and its section in the exports."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from pilot2prod import raid, record
from pilot2prod.bank import load_bank
from pilot2prod.export import export_markdown
from pilot2prod.plan import Plan
from pilot2prod.report import export_html, export_json
from pilot2prod.store import Store

PACK = Path(__file__).resolve().parents[1] / "docs" / "examples" / "chatbot-go-live.toml"
NAME = "Northwind claims triage assistant"


def order(bank) -> list[str]:
    return [q.id for q in bank.questions()]


def by_id(rows: list[raid.RaidRow]) -> dict[str, raid.RaidRow]:
    return {row.id: row for row in rows}


@pytest.fixture
def saved(store: Store, bank, example) -> Path:
    """The example plan in the data dir, kept as version 1 "board 1", then changed."""
    path = store.create(example, order(bank))
    store.snapshot(path, order(bank), "board 1")
    plan = store.load(path)
    record.mark(plan, "use_case", "assumption", "the sponsor's words")  # NEW
    record.set_action(plan, "a-2b91f4", owner="Sam Okafor")  # the risk's owner: UPDATED
    record.mark(plan, "check_security", "fact", "Review held on 24 November")  # CLOSED
    plan.answers["check_backup"] = dict(plan.answers["check_backup"], status="automated")  # CLOSED
    record.mark(plan, "outcome_results", "assumption")  # a fact then: REOPENED
    record.set_action(plan, "a-5f30b8", status="open")  # done then, overdue now: REOPENED
    plan.answers["integration_systems"] = [
        *plan.answers["integration_systems"][1:],  # ClaimsOne is no longer needed: CLOSED
        {"system": "Payments hub", "flow": "Settlements out", "owner": "Finance IT"},  # NEW
    ]
    store.save(plan, path, order(bank))
    return path


def test_the_example_has_rows_of_the_four_kinds(bank, example):
    rows = by_id(raid.raid_log(bank, example))
    data = rows["risk:stall_data_pipelines"]  # HIGH, with the action captured on it
    assert (data.kind, data.level, data.status, data.change) == ("risk", "high", "open", "")
    assert data.text.startswith("Invest early in data infrastructure")  # its fix
    assert (data.owner, data.due) == ("Ana Ribeiro", "2027-02-27")
    assert data.next_action == "Replace the Monday CSV export with the ClaimsOne event feed"
    assert "risk:stall_wrong_problem" not in rows  # LOW: not a risk to log
    assumption = rows["assumption:sign_stakeholders_indifferent"]
    assert "source: Said by the sponsor" in assumption.text
    assert "assumption:budget_operations" not in rows  # an estimate, not an assumption
    assert rows["issue:item:check_backup"].owner == "Claims IT"  # blocks go-live
    overdue = rows["issue:action:a-3d55a0"]  # due 2026-11-20, and the tests run on 2026-11-26
    assert (overdue.owner, overdue.due) == ("Claims IT", "2026-11-20")
    assert "issue:action:a-6a48d1" not in rows  # open, not yet due
    system = rows["dependency:integration_systems:claimsone"]
    assert (system.title, system.owner) == ("ClaimsOne", "Priya Nair")
    assert any(rid.startswith("dependency:data_sources:document store") for rid in rows)
    assert [row.kind for row in rows.values()] == sorted(
        (row.kind for row in rows.values()), key=list(raid.KINDS).index
    )


def test_against_a_saved_version_rows_are_new_updated_closed_or_reopened(store, bank, saved):
    version = store.find_version(saved, "board 1")
    rows = by_id(raid.raid_log(bank, store.load(saved), store.version_plan(version)))
    marks = {rid: row.change for rid, row in rows.items()}
    assert marks["assumption:use_case"] == "new"
    assert marks["dependency:integration_systems:payments hub"] == "new"
    # Overdue now, not yet due on 2026-11-19 when version 1 was last saved.
    assert marks["issue:action:a-3d55a0"] == "new"
    assert marks["risk:stall_data_pipelines"] == "updated"
    assert rows["risk:stall_data_pipelines"].owner == "Sam Okafor"
    assert marks["assumption:check_security"] == "closed"
    assert rows["assumption:check_security"].text == "Now fact"
    assert marks["issue:item:check_backup"] == "closed"
    assert marks["dependency:integration_systems:claimsone"] == "closed"
    assert rows["dependency:integration_systems:claimsone"].status == "closed"
    assert marks["assumption:outcome_results"] == "reopened"
    assert marks["issue:action:a-5f30b8"] == "reopened"
    assert marks["risk:stall_technical_debt"] == ""  # the same as then
    assert marks["dependency:integration_systems:document store"] == ""
    assert all(row.status == "open" for row in rows.values() if row.change != "closed")
    assert "risk:stall_wrong_problem" not in rows  # LOW then and now: nothing to say


def test_a_risk_now_low_is_closed_and_a_risk_low_then_is_reopened(bank, example):
    calmer = copy.deepcopy(example)
    mode = next(m for m in bank.failure_modes if m.id == "stall_budget_timeline")
    for sign in mode.signs:
        calmer.answers[sign.id] = "no"
    assert by_id(raid.raid_log(bank, calmer)).get("risk:stall_budget_timeline") is None
    closed = by_id(raid.raid_log(bank, calmer, example))["risk:stall_budget_timeline"]
    assert (closed.change, closed.level, closed.status) == ("closed", "low", "closed")
    reopened = by_id(raid.raid_log(bank, example, calmer))["risk:stall_budget_timeline"]
    assert (reopened.change, reopened.level) == ("reopened", "medium")


# --- The command -----------------------------------------------------------------------------


def test_raid_marks_against_the_last_labelled_version_by_default(run, store, saved):
    shown = run("raid", NAME)
    assert shown.code == 0, shown.err
    assert "changes since version 1 (board 1)" in shown.out
    lines = shown.out.splitlines()
    assert lines[1].split()[:4] == ["CHANGE", "KIND", "LEVEL", "STATUS"]
    assert any(line.startswith("NEW ") and "Payments hub" in line for line in lines)
    assert any(line.startswith("REOPENED ") for line in lines)
    closed = next(line for line in lines if "ClaimsOne" in line and " closed " in line)
    assert closed.startswith("CLOSED ")


def test_without_a_label_raid_marks_against_the_version_before_the_plan_now(
    run, store, bank, example
):
    path = store.create(example, order(bank))
    plain = run("raid", NAME)
    assert "changes since" not in plain.out and "CHANGE" not in plain.out  # no history: no marks
    store.snapshot(path, order(bank))  # version 1: the plan as it is
    plan = store.load(path)
    record.mark(plan, "use_case", "assumption")
    store.save(plan, path, order(bank))
    store.snapshot(path, order(bank))  # version 2: the plan now (as a session's end keeps it)
    rows = json.loads(run("raid", NAME, "--json").out)
    assert {r["id"]: r["change"] for r in rows}["assumption:use_case"] == "new"  # since v1
    since_two = json.loads(run("raid", NAME, "--json", "--since", "2").out)
    assert all(r["change"] == "" for r in since_two)


def test_raid_json_and_csv_round_trip_to_the_same_rows(run, store, bank, saved):
    plan = store.load(saved)
    # Text that would be a formula, and an invisible character, in a spreadsheet.
    record.add_action(plan, "=HYPERLINK(x)", owner="+Ops\u202e", due="2026-11-01")
    store.save(plan, saved, order(bank))
    expected = raid.raid_log(bank, store.load(saved), store.version_plan(store.versions(saved)[0]))
    from_json = json.loads(run("raid", NAME, "--json").out)
    assert from_json == [row.as_dict() for row in expected]
    assert any(r["title"] == "=HYPERLINK(x)" and r["change"] == "new" for r in from_json)
    text = run("raid", NAME, "--csv").out
    assert text.startswith(",".join(raid.FIELDS) + "\r\n")
    from_csv = list(csv.DictReader(io.StringIO(text, newline="")))
    formula = next(r for r in from_csv if r["title"].endswith("HYPERLINK(x)"))
    assert (formula["title"], formula["owner"]) == ("'=HYPERLINK(x)", "'+Ops<U+202E>")
    unquoted = [
        {k: v.removeprefix("'").replace("<U+202E>", "\u202e") for k, v in r.items()}
        for r in from_csv
    ]
    assert unquoted == [row.as_dict() for row in expected]


def test_raid_mistakes_end_in_one_sentence(run, store, bank, example):
    missing = run("raid", "nowhere")
    assert missing.code == 1 and "no plan named 'nowhere'" in missing.err
    store.create(example, order(bank))
    no_history = run("raid", NAME, "--since", "1")
    assert no_history.code == 1 and "has no history yet" in no_history.err
    both = run("raid", NAME, "--json", "--csv")
    assert both.code == 2 and "not allowed with" in both.err
    for result in (missing, no_history):
        assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in missing.err + no_history.err + both.err


def test_a_custom_bank_gets_a_raid_log_of_what_it_declares(run, store, tmp_path):
    pack = load_bank(PACK)
    plan = Plan.new("Help desk bot", pack)
    plan.answers.update(
        {
            "bot_sign_no_sources": "yes",
            "bot_check_filter": {"status": "automated"},
            "bot_check_handover": {"status": "automated"},
            "bot_check_kb": {"status": "not_started", "owner": "Service desk"},
        }
    )
    record.mark(plan, "bot_channel", "assumption", "marketing's guess")
    rows = by_id(raid.raid_log(pack, plan))
    assert {row.kind for row in rows.values()} == {"risk", "assumption", "issue"}
    assert rows["risk:bot_risk_hallucination"].level in ("medium", "high")
    assert rows["issue:item:bot_check_kb"].owner == "Service desk"  # the weakest group's
    assert "issue:item:bot_check_handover" not in rows
    assert "assumption:bot_channel" in rows
    assert not [rid for rid in rows if rid.startswith("dependency:")]  # no systems role
    store.create(plan, order(pack))
    shown = run("raid", "Help desk bot", "--bank", str(PACK))
    assert shown.code == 0, shown.err
    assert "Dependency" not in shown.out and "Risk" in shown.out


# --- The exports -----------------------------------------------------------------------------


def test_every_export_has_the_raid_log(bank, example):
    document = export_markdown(bank, example)
    assert document.index("## Parking lot") < document.index("## RAID log")
    section = document[document.index("## RAID log") :].split("\n## ", 1)[0]
    for heading in ("### Risks", "### Assumptions", "### Issues", "### Dependencies"):
        assert heading in section
    assert "| Change |" not in section  # no version given: no marks
    assert "| Technical debt was ignored |" in section and "no owner yet" in section
    assert "RAID log</h2>" in export_html(bank, example)
    rows = json.loads(export_json(bank, example))["raid"]
    assert rows == [row.as_dict() for row in raid.raid_log(bank, example)]


def test_the_export_since_a_version_marks_the_raid_log(run, store, saved):
    document = run("export", NAME, "--since", "board 1").out
    section = document[document.index("## RAID log") :].split("\n## ", 1)[0]
    assert "marked against version 1 (board 1)" in section
    assert "| Change | Risk | Detail | Level |" in section
    assert "| UPDATED | Data pipelines don't exist |" in section
    assert "| CLOSED | ClaimsOne |" in section


def test_hostile_text_stays_inside_its_raid_cell(bank, example):
    hostile = "| x |\n\n## Heading\n- item <b>bold</b> [l](http://x)"
    plan = example
    record.mark(plan, "use_case", "assumption", hostile)
    plan.answers["integration_systems"] = [{"system": hostile, "flow": hostile, "owner": hostile}]
    rows = raid.raid_log(bank, plan)
    document = export_markdown(bank, plan)
    section = document[document.index("## RAID log") :].split("\n## ", 1)[0]
    tokens = MarkdownIt("commonmark").enable("table").parse(section)
    headings = [t.tag for t in tokens if t.type == "heading_open"]
    assert headings == ["h2"] + ["h3"] * len({row.kind for row in rows})
    body_rows = [t for t in tokens if t.type == "tr_open"]
    assert len(body_rows) == len(rows) + len(set(r.kind for r in rows))  # a header per table
    assert not [t for t in tokens if t.type in ("bullet_list_open", "html_block")]
