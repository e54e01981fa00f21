"""Reading what people type: amounts, numbers, percentages and dates, or why not (a draft)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pilot2prod.values import (
    NUMERIC_KINDS,
    as_date,
    currency_code,
    describe,
    editable,
    format_number,
    read,
    type_problem,
)

ACCEPTED = [
    # (kind, typed, plan currency, stored value)
    ("money", "250k", "GBP", 250_000),
    ("money", "250K", "GBP", 250_000),
    ("money", "250 k", "GBP", 250_000),
    ("money", "1.5m", "GBP", 1_500_000),
    ("money", "1.5 mn", "EUR", 1_500_000),
    ("money", "2bn", "USD", 2_000_000_000),
    ("money", "2 million", "USD", 2_000_000),
    ("money", "2,500,000", "GBP", 2_500_000),
    ("money", "2 500 000", "GBP", 2_500_000),
    ("money", "2\u00a0500\u00a0000", "GBP", 2_500_000),
    ("money", "1'000'000", "CHF", 1_000_000),
    ("money", "1,234.50", "GBP", 1234.5),
    ("money", "£180,000", "GBP", 180_000),
    ("money", "£ 180,000", "£", 180_000),
    ("money", "180,000 GBP", "GBP", 180_000),
    ("money", "gbp 180k", "gbp", 180_000),
    ("money", "€1.2m", "EUR", 1_200_000),
    ("money", "EUR 250k", "EUR", 250_000),
    ("money", "250k €", "EUR", 250_000),
    ("money", "$2m", "AUD", 2_000_000),
    ("money", "US$ 40k", "USD", 40_000),
    ("money", "12.50", "GBP", 12.5),
    ("money", "0", "GBP", 0),
    ("money", "250000", "", 250_000),
    ("number", "4000", "", 4000),
    ("number", "4,000", "", 4000),
    ("number", "4 000", "", 4000),
    ("number", "4k", "", 4000),
    ("number", "1.234", "", 1.234),
    ("number", "-3", "", -3),
    ("percent", "12", "", 12),
    ("percent", "12%", "", 12),
    ("percent", "12 %", "", 12),
    ("percent", "12.5%", "", 12.5),
    ("percent", "0.5 percent", "", 0.5),
    ("percent", "100", "", 100),
    ("date", "2026-03-14", "", "2026-03-14"),
    ("date", "2026-3-4", "", "2026-03-04"),
    ("date", "2026/03/14", "", "2026-03-14"),
    ("date", "2027-02", "", "2027-02"),
    ("date", "Feb 2027", "", "2027-02"),
    ("date", "february 2027", "", "2027-02"),
    ("date", "Sept. 2027", "", "2027-09"),
    ("date", "02/2027", "", "2027-02"),
    ("date", "14 March 2026", "", "2026-03-14"),
    ("date", "14th Mar 2026", "", "2026-03-14"),
    ("date", "March 14, 2026", "", "2026-03-14"),
    ("date", "14/03/2026", "", "2026-03-14"),
    ("date", "03/14/2026", "", "2026-03-14"),
    ("date", "03/03/2026", "", "2026-03-03"),
    ("text", "  kept  as typed ", "", "  kept  as typed "),
]


@pytest.mark.parametrize(("kind", "typed", "currency", "stored"), ACCEPTED)
def test_what_people_say_is_read(kind, typed, currency, stored):
    reading = read(kind, typed, currency)
    assert reading.ok, reading.problem
    assert reading.value == stored
    assert type(reading.value) is type(stored)


REFUSED = [
    # (kind, typed, plan currency, words the problem must contain)
    ("money", "lots", "GBP", "'lots' is not an amount"),
    ("money", "250k x", "GBP", "is not an amount"),
    ("money", "1.234,50", "EUR", "write 1234.50"),
    ("money", "1,5", "EUR", "write 1.5"),
    ("money", "12,50", "EUR", "write 12.50"),
    ("money", "1.234.567", "EUR", "write 1234567 or 1,234,567"),
    ("money", "1.234", "EUR", "could mean 1234 or 1.234"),
    ("money", "EUR 250k", "GBP", "is in EUR, but the plan is in GBP"),
    ("money", "£180,000", "", "the plan has none yet"),
    ("money", "180,000 GBP", "", "give the plan's currency first"),
    ("money", "-5", "GBP", "cannot be negative"),
    ("money", "1,000,000,000,000,000", "GBP", "too large"),
    ("money", "$", "USD", "is not an amount"),
    ("percent", "120", "", "at most 100"),
    ("percent", "-1%", "", "cannot be negative"),
    ("percent", "12,5", "", "write 12.5"),
    ("percent", "5k", "", "is not a percentage"),
    ("number", "a dozen", "", "is not a number"),
    ("date", "03/04/2026", "", "could be 3 April or 4 March 2026"),
    ("date", "3/4/26", "", "write the year in full"),
    ("date", "30 Feb 2026", "", "there is no 30 February 2026"),
    ("date", "2026-13-01", "", "there is no month 13"),
    ("date", "Febr 2027", "", "unknown month"),
    ("date", "next spring", "", "is not a date"),
    ("date", "14 March 20266", "", "is not a date"),
    ("date", "1066-10-14", "", "the year 1066 looks mistyped"),
]


@pytest.mark.parametrize(("kind", "typed", "currency", "words"), REFUSED)
def test_what_could_mean_two_things_is_refused_with_the_form_to_use(kind, typed, currency, words):
    reading = read(kind, typed, currency)
    assert not reading.ok
    assert reading.value is None  # never a fragment of what was typed
    assert words in (reading.problem or "")
    assert "\n" not in (reading.problem or "")


def test_empty_text_is_no_answer():
    for kind in (*NUMERIC_KINDS, "date", "text"):
        assert read(kind, "   ").value is None
        assert read(kind, "   ").ok


@given(
    st.sampled_from([*NUMERIC_KINDS, "date", "text", "person"]),
    st.text(max_size=40),
    st.sampled_from(["", "GBP", "EUR", "$", "Swiss francs"]),
)
def test_reading_never_fails_and_never_keeps_a_fragment(kind, typed, currency):
    reading = read(kind, typed, currency)
    if not reading.ok:
        assert reading.value is None
        assert reading.problem and reading.problem.startswith(f"'{typed.strip()}'")
    elif reading.value is not None and kind in NUMERIC_KINDS:
        assert isinstance(reading.value, int | float) and not isinstance(reading.value, bool)
    elif reading.value is not None and kind == "date":
        assert as_date(reading.value) is not None


@given(st.integers(min_value=0, max_value=10**12))
def test_whole_amounts_round_trip_through_every_written_form(amount):
    assert read("money", str(amount), "GBP").value == amount
    assert read("money", format_number(amount, "number"), "GBP").value == amount
    assert read("money", format_number(amount, "money", "GBP"), "GBP").value == amount
    assert read("money", f"£{amount:,}", "GBP").value == amount
    assert read("money", f"{amount:,}".replace(",", " "), "GBP").value == amount
    assert read("money", editable("money", amount), "GBP").value == amount
    if amount < 10**9:
        assert read("money", f"{amount}k", "GBP").value == amount * 1000


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_amounts_with_pence_round_trip(whole, cents):
    value = whole + cents / 100
    shown = describe("money", value, "GBP")
    assert shown.startswith("GBP ")
    assert read("money", shown, "GBP").value == pytest.approx(value)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_dates_round_trip_through_iso_and_the_words_people_read(day):
    iso = day.isoformat()
    assert read("date", iso).value == iso
    assert read("date", describe("date", iso)).value == iso
    assert as_date(iso) == day
    month = iso[:7]
    assert read("date", month).value == month
    assert read("date", describe("date", month)).value == month
    assert as_date(month) == day.replace(day=1)


def test_describe_says_it_the_way_people_read_it():
    assert describe("money", 250_000, "gbp") == "GBP 250,000"
    assert describe("money", 12.5, "EUR") == "EUR 12.50"
    assert describe("percent", 12.5) == "12.5%"
    assert describe("number", 1.234) == "1.234"
    assert describe("date", "2027-02") == "February 2027"
    assert describe("date", "2026-03-14") == "14 March 2026"
    assert describe("date", dt.date(2026, 3, 14)) == "14 March 2026"


def test_currency_codes():
    assert currency_code("gbp") == "GBP"
    assert currency_code("£") == "GBP"
    assert currency_code("$") == "$"  # more than one currency uses it
    assert currency_code("Swiss francs") == "Swiss francs"


@pytest.mark.parametrize(
    ("kind", "value", "fits"),
    [
        ("money", 120_000, True),
        ("money", 1.5, True),
        ("money", "lots", False),
        ("money", True, False),
        ("percent", "12%", False),
        ("date", "2026-03-14", True),
        ("date", "2027-02", True),
        ("date", dt.date(2026, 3, 14), True),
        ("date", {"year": 2026}, False),
        ("date", "soon", False),
        ("text", "Acme", True),
        ("text", 42, True),
        ("text", ["a"], False),
        ("choice", "an option the bank dropped", True),
        ("choice", 3, False),
        ("multi_choice", ["a", "b"], True),
        ("multi_choice", "a", False),
        ("checklist", {"status": "manual", "due": "soon"}, True),
        ("checklist", "done", False),
        ("list", [{"a": 1}, "a row that is not a table"], True),
        ("list", "none", False),
    ],
)
def test_type_problems_are_about_shape_only(kind, value, fits):
    problem = type_problem(kind, value)
    assert (problem is None) == fits, problem
