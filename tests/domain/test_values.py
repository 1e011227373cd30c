"""Reading numbers and dates as people type them, and writing them back the UK way."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lti_qi.domain.values import (
    find_date,
    format_date,
    join_words,
    parse_date,
    parse_number,
    shorten,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2027-03-31", date(2027, 3, 31)),
        ("2027-3-5", date(2027, 3, 5)),
        ("31/03/2027", date(2027, 3, 31)),
        ("5/3/27", date(2027, 3, 5)),
        ("31.03.2027", date(2027, 3, 31)),
        ("31 March 2027", date(2027, 3, 31)),
        ("31st Mar 2027", date(2027, 3, 31)),
        ("1st of September 2026", date(2026, 9, 1)),
        ("March 31, 2027", date(2027, 3, 31)),
        ("Sept 2026", date(2026, 9, 30)),
        ("February 2028", date(2028, 2, 29)),
        ("  31   MARCH   2027 ", date(2027, 3, 31)),
    ],
)
def test_dates_in_the_ways_people_write_them(typed, expected):
    assert parse_date(typed) == expected


@pytest.mark.parametrize(
    "typed", ["", "next spring", "30/02/2027", "2027-13-01", "31 Smarch 2027", "03/31/2027"]
)
def test_things_that_are_not_dates(typed):
    assert parse_date(typed) is None


def test_find_date_skips_words_that_look_like_a_month():
    assert find_date("to 5% in 2027 by 31 March 2027 on Ward 7") == (
        date(2027, 3, 31),
        "31 March 2027",
    )
    assert find_date("no date here") is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("12", 12), (" 1,250 ", 1250), ("4.5", 4.5), ("-3", -3), ("12.0", 12.0), (".5", 0.5)],
)
def test_numbers(typed, expected):
    value = parse_number(typed)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("typed", ["", "12%", "1,2", "twelve", "inf", "nan", "1e3"])
def test_things_that_are_not_numbers(typed):
    assert parse_number(typed) is None


@given(st.dates(min_value=date(1000, 1, 1)))
def test_a_formatted_date_reads_back_as_itself(day):
    assert parse_date(format_date(day)) == day
    assert parse_date(day.isoformat()) == day


def test_join_words_and_shorten():
    assert [join_words(w) for w in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == [
        "",
        "A",
        "A and B",
        "A, B and C",
    ]
    assert shorten("one two three four", 12) == "one two…"
    assert shorten("short") == "short"
    assert shorten("x" * 20, 10) == "x" * 9 + "…"
