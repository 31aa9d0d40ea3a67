"""The surcharge-offset calculator on hand-computed multi-year cases.

Rule: 30 % of the year's qualifying investment offsets the education surcharge (3 % of
VAT + consumption tax) and the local education surcharge (2 %); the rest carries forward;
a withdrawal cancels 30 % of the withdrawn amount, first from the unused carry-forward,
the rest clawed back. Every figure below was worked out by hand.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from iecommons.policy.surcharge import CalculatorError, surcharge_offsets, year_inputs

D = Decimal


def table(rows):
    return surcharge_offsets(year_inputs(rows))


def test_four_years_with_carry_forward_and_a_clawback():
    rows = table(
        [
            # 2022: credit 300,000; due 120,000 + 80,000; carries 100,000.
            {"year": 2022, "investment": "1000000", "vat": "4000000", "consumption_tax": "0"},
            # 2023: base 2,000,000 -> due 60,000 + 40,000, all from the carried credit.
            {"year": 2023, "investment": "0", "vat": "1500000", "consumption_tax": "500000"},
            # 2024: credit 60,000; due 30,000 + 20,000; carries 10,000.
            {"year": 2024, "investment": "200000", "vat": "1000000", "consumption_tax": None},
            # 2025: due 3,000 + 2,000 offset from the 10,000; withdrawing 500,000 cancels
            # 150,000: 5,000 from the carry-forward, 145,000 clawed back.
            {"year": 2025, "investment": "0", "vat": "100000.00", "withdrawn": "500000"},
        ]
    )
    summary = [
        (
            r.year,
            r.credit_earned,
            r.offset_education,
            r.offset_local,
            r.credit_cancelled,
            r.clawback,
            r.credit_carried_forward,
            r.payable,
        )
        for r in rows
    ]
    assert summary == [
        (
            2022,
            D("300000.00"),
            D("120000.00"),
            D("80000.00"),
            D("0"),
            D("0"),
            D("100000.00"),
            D("0.00"),
        ),
        (2023, D("0.00"), D("60000.00"), D("40000.00"), D("0"), D("0"), D("0.00"), D("0.00")),
        (
            2024,
            D("60000.00"),
            D("30000.00"),
            D("20000.00"),
            D("0"),
            D("0"),
            D("10000.00"),
            D("0.00"),
        ),
        (
            2025,
            D("0.00"),
            D("3000.00"),
            D("2000.00"),
            D("5000.00"),
            D("145000.00"),
            D("0.00"),
            D("145000.00"),
        ),
    ]


def test_a_small_credit_offsets_the_education_surcharge_first():
    (row,) = table([{"year": 2024, "investment": "100000", "vat": "2000000"}])
    # credit 30,000 < education surcharge 60,000: nothing left for the local one.
    assert (row.offset_education, row.offset_local, row.payable) == (
        D("30000.00"),
        D("0.00"),
        D("70000.00"),
    )


def test_rounding_is_half_up_to_the_fen():
    (row,) = table([{"year": 2024, "investment": "0.05", "vat": "333.33"}])
    assert row.education_surcharge == D("10.00")  # 9.9999
    assert row.local_education_surcharge == D("6.67")  # 6.6666
    assert row.credit_earned == D("0.02")  # 0.015


def test_a_withdrawal_within_the_unused_credit_claws_nothing_back():
    rows = table(
        [
            {"year": 2024, "investment": "1000000", "vat": "100000"},
            {"year": 2025, "investment": "0", "vat": "100000", "withdrawn": "400000"},
        ]
    )
    # 2024: credit 300,000, offset 5,000, carry 295,000. 2025: offset 5,000, carry 290,000;
    # the withdrawal cancels 120,000 of it: carry 170,000, clawback 0.
    assert (rows[1].credit_cancelled, rows[1].clawback, rows[1].credit_carried_forward) == (
        D("120000.00"),
        D("0.00"),
        D("170000.00"),
    )


@pytest.mark.parametrize(
    ("rows", "field", "words"),
    [
        (
            [{"year": 2024, "investment": "1", "vat": None, "consumption_tax": None}],
            "2024.vat",
            "no VAT or consumption tax figure",
        ),
        ([{"year": 2024, "investment": "-5", "vat": "1"}], "2024.investment", "negative"),
        ([{"year": 2024, "investment": "abc", "vat": "1"}], "2024.investment", "not a number"),
        ([{"year": 2024, "investment": "1.005", "vat": "1"}], "2024.investment", "two decimals"),
        (
            [{"year": 2024, "investment": "1", "vat": "1", "withdrawn": "2"}],
            "2024.withdrawn",
            "more than the investment",
        ),
        (
            [
                {"year": 2022, "investment": "1", "vat": "1"},
                {"year": 2024, "investment": "1", "vat": "1"},
            ],
            "2023.year",
            "missing",
        ),
        ([{"year": "20x4", "investment": "1", "vat": "1"}], "row 1.year", "not a year"),
    ],
)
def test_bad_input_is_refused_naming_the_year_and_field(rows, field, words):
    with pytest.raises(CalculatorError) as error:
        table(rows)
    assert error.value.field == field
    assert words in error.value.message
