"""The silent vote's core: ballots in the plan, the spread, the scribe's decision, the file."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pilot2prod import insight, vote
from pilot2prod.merge import merge
from pilot2prod.plan import Plan
from pilot2prod.store import read_plan, write_plan


def signs_of(bank, n: int = 0):
    return vote.step_questions(vote.diagnostic_steps(bank)[n])


def started(bank, questions=None) -> tuple[Plan, str]:
    plan = Plan.new("P", bank)
    vid = vote.start(plan, questions or signs_of(bank), title="Stakeholders")
    return plan, vid


def test_what_a_vote_asks(bank):
    steps = vote.diagnostic_steps(bank)
    assert len(steps) == 6
    signs = vote.all_signs(bank)
    assert len(signs) == sum(len(s.questions) for s in steps)
    assert all(
        q.kind == "choice" and {c.value for c in q.choices} == {"yes", "no", "unsure"}
        for q in signs
    )
    # A step that is not a stall reason: its questions with options (no text, no list).
    step = next(s for s in bank.steps if any(q.kind == "choice" for q in s.questions))
    asked = vote.step_questions(step)
    assert asked and all(q.kind == "choice" for q in asked)
    with pytest.raises(ValueError):
        vote.start(Plan("P"), [q for q in bank.questions() if q.kind == "text"], title="x")


def test_ballots_are_checked_replaced_per_voter_and_capped(bank):
    plan, vid = started(bank)
    first, second = (q.id for q in signs_of(bank)[:2])
    assert vote.cast(plan, vid, "b-1", {first: "yes"}, name="  Ana\x1b[31m ") is None
    assert vote.cast(plan, vid, "b-1", {first: "no", second: "unsure"}, name="Ana") is None
    (ballot,) = vote.find(plan, vid).ballots
    assert ballot.name == "Ana" and dict(ballot.answers) == {first: "no", second: "unsure"}
    assert "not offer" in vote.cast(plan, vid, "b-2", {first: "maybe"})
    assert "does not ask" in vote.cast(plan, vid, "b-2", {"use_case": "yes"})
    assert "at least one" in vote.cast(plan, vid, "b-2", {})
    assert vote.find(plan, vid).count == 1
    for n in range(2, vote.MAX_BALLOTS + 1):
        assert vote.cast(plan, vid, f"d-{n}", {first: "yes"}) is None
    assert "full" in vote.cast(plan, vid, "d-new", {first: "yes"})
    assert vote.cast(plan, vid, "d-7", {first: "no"}) is None  # a device may still change its own
    assert vote.find(plan, vid).count == vote.MAX_BALLOTS


def test_no_ballot_after_the_reveal_and_the_current_vote(bank):
    plan, vid = started(bank)
    qid = signs_of(bank)[0].id
    assert vote.current(plan).id == vid
    vote.reveal(plan, vid)
    assert "revealed" in vote.cast(plan, vid, "b-1", {qid: "yes"})
    assert vote.current(plan).is_revealed
    vote.close(plan, vid)
    assert vote.current(plan) is None and vote.find(plan, vid).status == "closed"


@pytest.mark.parametrize(
    ("ballots", "majority", "split"),
    [
        (["yes", "yes", "yes"], "yes", False),
        (["no", "no", "no", "no", "unsure"], "no", False),  # 80%: agreed
        (["no", "no", "unsure"], "no", False),  # 67%
        (["no", "no", "unsure", "unsure"], None, True),  # a tie, 50%
        (["no", "no", "no", "no", "yes"], "no", True),  # 80%, but yes and no both present
        (["yes", "yes", "yes", "no", "unsure"], "yes", True),  # 60% is not above 60%
        ([], None, False),
    ],
)
def test_the_spread_majority_and_split(bank, ballots, majority, split):
    plan, vid = started(bank)
    qid = signs_of(bank)[0].id
    for n, value in enumerate(ballots):
        vote.cast(plan, vid, f"b-{n}", {qid: value}, name="Ana" if n == 0 else "")
    found = vote.spread(vote.find(plan, vid), qid)
    assert (found.majority, found.split, found.ballots) == (majority, split, len(ballots))
    assert sum(found.counts.values()) == len(ballots)
    if ballots:
        assert found.names[ballots[0]] == ("Ana",)
        assert found.anonymous(ballots[0]) == ballots.count(ballots[0]) - 1


@pytest.mark.parametrize(
    ("ballots", "agreement"),
    [(["no"], "one"), (["no", "no"], "agreed"), (["no", "yes"], "split"), ([], "none")],
)
def test_one_ballot_neither_agrees_nor_splits(bank, ballots, agreement):
    plan, vid = started(bank)
    qid = signs_of(bank)[0].id
    vote.cast(plan, vid, "b-other", {signs_of(bank)[1].id: "yes"})  # (a ballot that left it)
    for n, value in enumerate(ballots):
        vote.cast(plan, vid, f"b-{n}", {qid: value})
    assert vote.spread(vote.find(plan, vid), qid).agreement == agreement


def test_next_questions_say_why_a_reassuring_answer_still_counts_as_unknown(bank):
    """An answered warning sign is among the questions to settle next when it is 'not sure',
    only an assumption, or split by the room's vote: each says which."""
    plan, vid = started(bank)
    unsure, assumed, split = signs_of(bank)[:3]
    plan.set(unsure, "unsure")
    plan.set(assumed, "no")
    plan.sureness[assumed.id] = {"level": "assumption"}
    plan.set(split, "no")
    for n, value in enumerate(["no", "yes"]):
        vote.cast(plan, vid, f"b-{n}", {split.id: value})
    vote.reveal(plan, vid)
    why = {n.question.id: n.why for n in insight.next_questions(bank, plan, count=1000)}
    assert why[unsure.id] == "answered 'not sure'"
    assert why[assumed.id] == "answered 'no', but only as an assumption"
    assert why[split.id] == "answered 'no', but the room's vote was split"
    plan.answers[unsure.id] = ["a list", "from a file"]  # (read as no answer, as its finding)
    why = {n.question.id: n.why for n in insight.next_questions(bank, plan, count=1000)}
    assert why[unsure.id] == "not answered yet"


def test_spread_words_name_only_those_who_gave_a_name(bank):
    plan, vid = started(bank)
    question = signs_of(bank)[0]
    vote.cast(plan, vid, "b-1", {question.id: "yes"}, name="Ana")
    vote.cast(plan, vid, "b-2", {question.id: "yes"})
    vote.cast(plan, vid, "b-3", {question.id: "no"})
    words = vote.spread_words(question, vote.spread(vote.find(plan, vid), question.id))
    assert words == "yes 2 (Ana, 1 anonymous), no 1 (1 anonymous), not sure 0"


def test_a_vote_changes_no_answer_until_the_scribe_accepts(bank):
    plan, vid = started(bank)
    first, second = signs_of(bank)[:2]
    plan.set(second, "yes")
    vote.cast(plan, vid, "b-1", {first.id: "no", second.id: "no"})
    vote.reveal(plan, vid)
    assert plan.get(first) is None and plan.get(second) == "yes"
    vote.accept(plan, bank, vid, first.id, "no")
    vote.keep(plan, bank, vid, second.id)
    assert plan.get(first) == "no" and plan.get(second) == "yes"
    outcomes = vote.find(plan, vid).outcomes
    assert (outcomes[first.id].decision, outcomes[first.id].value) == ("accepted", "no")
    assert (outcomes[second.id].decision, outcomes[second.id].value) == ("kept", "yes")
    with pytest.raises(ValueError):
        vote.accept(plan, bank, vid, first.id, "perhaps")


def test_a_split_vote_raises_a_sign_and_never_lowers_it(bank):
    plan, vid = started(bank)
    no_sign, yes_sign = signs_of(bank)[:2]
    plan.set(no_sign, "no")
    plan.set(yes_sign, "yes")
    before = {f.question_id: f for r in insight.stall_risks(bank, plan) for f in r.findings}
    for n, (a, b) in enumerate([("no", "yes"), ("no", "no"), ("yes", "no")]):
        vote.cast(plan, vid, f"b-{n}", {no_sign.id: a, yes_sign.id: b})
    # Not revealed yet: nothing counts.
    same = {f.question_id: f for r in insight.stall_risks(bank, plan) for f in r.findings}
    assert same[no_sign.id] == before[no_sign.id]
    vote.reveal(plan, vid)
    after = {f.question_id: f for r in insight.stall_risks(bank, plan) for f in r.findings}
    unsure = bank.diagnostic.signs["unsure"]
    assert after[no_sign.id].points == unsure > before[no_sign.id].points
    assert "split" in after[no_sign.id].text
    assert after[yes_sign.id].points == before[yes_sign.id].points == bank.diagnostic.signs["yes"]


def test_an_agreed_vote_leaves_the_score_as_answered(bank):
    plan, vid = started(bank)
    sign = signs_of(bank)[0]
    for n in range(3):
        vote.cast(plan, vid, f"b-{n}", {sign.id: "no"})
    vote.reveal(plan, vid)
    vote.accept(plan, bank, vid, sign.id, "no")
    (finding,) = [
        f for r in insight.stall_risks(bank, plan) for f in r.findings if f.question_id == sign.id
    ]
    assert finding.points == bank.diagnostic.signs["no"]


def test_two_windows_merge_their_ballots_one_by_one(bank):
    base, vid = started(bank)
    qid = signs_of(bank)[0].id
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    vote.cast(ours, vid, "b-ours", {qid: "yes"}, name="Ana")
    vote.cast(theirs, vid, "d-phone", {qid: "no"})
    vote.reveal(theirs, vid)
    merged = merge(base, ours, theirs, at="2026-11-26T10:00:00Z")
    found = vote.find(merged.plan, vid)
    assert {b.id for b in found.ballots} == {"b-ours", "d-phone"}
    assert found.is_revealed and not merged.conflicts


def test_votes_round_trip_through_the_file(tmp_path, bank):
    plan, vid = started(bank)
    sign = signs_of(bank)[0]
    vote.cast(plan, vid, "b-1", {sign.id: "yes"}, name='Zoë "the scribe"')
    vote.cast(plan, vid, "d-2", {sign.id: "unsure"})
    vote.reveal(plan, vid)
    vote.accept(plan, bank, vid, sign.id, "yes")
    file = tmp_path / "p.toml"
    write_plan(plan, file, order=bank.order)
    again = read_plan(file)
    assert again.votes == plan.votes
    assert vote.find(again, vid) == vote.find(plan, vid)


names = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)


@settings(max_examples=40, deadline=None)
@given(ballots=st.lists(st.tuples(names, st.sampled_from(["yes", "no", "unsure"])), max_size=8))
def test_any_ballots_round_trip(tmp_path_factory, bank, ballots):
    plan, vid = started(bank)
    qid = signs_of(bank)[0].id
    for n, (name, value) in enumerate(ballots):
        assert vote.cast(plan, vid, f"b-{n}", {qid: value}, name=name) is None
    file = tmp_path_factory.mktemp("v") / "p.toml"
    write_plan(plan, file, order=bank.order)
    again = vote.find(read_plan(file), vid)
    assert again == vote.find(plan, vid)
    assert all("\x1b" not in b.name and len(b.name) <= vote.NAME_LENGTH for b in again.ballots)


def test_diff_and_history_show_votes_as_they_went(bank):
    from pilot2prod.changes import compare, diff_lines

    before = Plan.new("P", bank)
    after, vid = copy.deepcopy(before), None
    vid = vote.start(after, signs_of(bank), title="Stakeholders")
    qid = signs_of(bank)[0].id
    vote.cast(after, vid, "b-1", {qid: "yes"}, name="Ana")
    vote.cast(after, vid, "b-2", {qid: "no"})
    started = compare(bank, before, after).record
    assert started == [
        "Silent vote 'Stakeholders' started (4 questions)",
        "Silent vote 'Stakeholders': 2 ballots cast",
    ]
    assert not any("Ana" in line or "yes" in line for line in started)  # never a ballot
    later = copy.deepcopy(after)
    vote.reveal(later, vid)
    vote.accept(later, bank, vid, qid, "yes")
    lines = diff_lines(compare(bank, after, later))
    assert "  Silent vote 'Stakeholders' revealed: 2 ballots, split on 1" in lines
    assert (
        "  Silent vote 'Stakeholders': the room's answer taken for 1, the plan's kept for 0"
        in lines
    )
    assert any(line.startswith("  + ") and "Yes" in line for line in lines)  # the answer itself


def test_the_json_export_shows_no_ballot_before_the_reveal(bank):
    import json

    from pilot2prod.report import export_json

    plan, vid = started(bank)
    sign = signs_of(bank)[0]
    vote.cast(plan, vid, "b-1", {sign.id: "yes"}, name="Ana Quist")
    vote.cast(plan, vid, "b-2", {sign.id: "no"})
    before = export_json(bank, plan)
    assert "Ana Quist" not in before and '"answers"' in before  # (the plan's own answers)
    data = json.loads(before)
    assert data["plan"]["votes"][vid]["ballots_in"] == 2
    assert "ballots" not in data["plan"]["votes"][vid]
    assert data["votes"] == [
        {
            "id": vid,
            "title": "Stakeholders",
            "way": "laptop",
            "status": "open",
            "started": data["votes"][0]["started"],
            "revealed": None,
            "closed": None,
            "ballots": 2,
        }
    ]
    vote.reveal(plan, vid)
    vote.accept(plan, bank, vid, sign.id, "yes")
    (after,) = json.loads(export_json(bank, plan))["votes"]
    assert after["voters"] == ["Ana Quist", "anonymous"]
    first = after["questions"][0]
    assert first["counts"] == {"yes": 1, "no": 1, "unsure": 0}
    assert first["names"] == {"yes": ["Ana Quist"]}
    assert first["anonymous"] == {"yes": 0, "no": 1, "unsure": 0}
    assert (first["split"], first["majority"], first["decision"], first["answer"]) == (
        True,
        None,
        "accepted",
        "yes",
    )


def test_a_closed_vote_takes_no_decision(bank):
    plan, vid = started(bank)
    qid = signs_of(bank)[0].id
    vote.cast(plan, vid, "b-1", {qid: "yes"})
    vote.reveal(plan, vid)
    vote.close(plan, vid)
    with pytest.raises(vote.Closed):
        vote.accept(plan, bank, vid, qid, "yes")
    with pytest.raises(vote.Closed):
        vote.keep(plan, bank, vid, qid)
    assert qid not in plan.answers and not vote.find(plan, vid).outcomes


def test_vote_on_a_step_that_is_not_one_or_has_nothing_to_vote_on_says_which(run, store, bank):
    store.create(Plan.new("Voting", bank), bank.order)
    unknown = run("vote", "Voting", "--step", "nosuch")
    assert unknown.code == 2
    assert "'nosuch' is not a step of this plan's method; the steps to vote on are:" in unknown.err
    plain = run("vote", "Voting", "--step", "basics")
    assert plain.code == 2
    assert "step 'basics' has no question with options to vote on" in plain.err
