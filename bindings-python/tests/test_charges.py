"""Late charges through the typed Python API: results as Decimal and date, and bad input as the
typed errors naming the field and the value (issue 13)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Callable

import pytest

import arrears
from arrears import (
    ChargeEvent,
    FeeBand,
    FeeRule,
    InterestRule,
    RateEntry,
    RateTable,
    StatementItem,
    StatutoryPreset,
    interest,
    late_fee,
    rate_table,
    statement,
)

RULE = InterestRule.fixed("8")


def table(*entries: tuple) -> RateTable:
    return RateTable([RateEntry(*e) for e in entries])


def raises(cls: type, call: Callable[[], Any]) -> arrears.ArrearsError:
    with pytest.raises(cls) as info:
        call()
    assert isinstance(info.value, arrears.ArrearsError)
    return info.value


def owed(**kw: Any) -> arrears.Interest:
    args: dict = dict(principal="100.00", currency="EUR", due_date="2026-01-31", as_of="2026-03-31", rule=RULE)
    args.update(kw)
    return interest(**args)


def test_interest_is_decimal_and_dates_with_a_breakdown_that_sums() -> None:
    r = owed(principal=Decimal("1000.00"), due_date=dt.date(2026, 1, 31), events=[ChargeEvent.payment(dt.date(2026, 2, 28), "400.00")])
    assert r.status == "charged" and r.days_late == 59 and r.currency == "EUR"
    assert isinstance(r.interest, Decimal) and r.interest == sum(p.interest for p in r.periods)
    assert [(p.start, p.end, p.principal) for p in r.periods] == [
        (dt.date(2026, 2, 1), dt.date(2026, 2, 28), Decimal("1000.00")),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31), Decimal("600.00")),
    ]
    assert r.principal == Decimal("600.00") and r.unapplied == Decimal("0.00")


def test_payment_dated_before_the_invoice() -> None:
    e = raises(arrears.InvalidDateError, lambda: owed(invoice_date="2026-01-01", events=[ChargeEvent.payment("2025-12-31", "10.00")]))
    assert (e.code, e.field, e.value) == ("invalid_date", "events[0].date", "2025-12-31")
    item = StatementItem("I1", "EUR", "100.00", "2026-01-31", "2026-01-01", (ChargeEvent.payment("2025-02-10", "10.00"),))
    e = raises(arrears.InvalidDateError, lambda: statement("C", "2026-03-31", [item], RULE))
    assert e.field == "items[0].events[0].date"


def test_negative_payment() -> None:
    e = raises(arrears.InvalidAmountError, lambda: owed(events=[ChargeEvent.payment("2026-02-10", "-10.00")]))
    assert (e.code, e.field, e.value) == ("invalid_amount", "events[0].amount", "-10.00")
    e = raises(arrears.InvalidAmountError, lambda: owed(events=[ChargeEvent.credit_note("2026-02-10", Decimal("-1"))]))
    assert e.field == "events[0].amount"


@pytest.mark.parametrize("rate", ["1000.01", "-100.5", "5000"])
def test_rate_outside_minus_100_to_1000_percent(rate: str) -> None:
    e = raises(arrears.InvalidRuleError, lambda: owed(rule=InterestRule.fixed(rate)))
    assert (e.code, e.field, e.value) == ("invalid_rule", "rule.rate", rate)


def test_rates_at_the_bounds_are_taken() -> None:
    assert owed(rule=InterestRule.fixed("1000")).interest > 0
    assert owed(rule=InterestRule.fixed("-100")).interest < 0


def test_rate_table_gap_overlap_and_not_covering() -> None:
    gap = table(("2026-01-01", "2", "2026-01-31"), ("2026-02-02", "3"))
    e = raises(arrears.InvalidRuleError, lambda: owed(rule=InterestRule.reference_rate(gap, "5")))
    assert (e.field, e.value) == ("rule.reference.table.rates[1].from", "2026-02-01")
    overlap = table(("2026-01-01", "2", "2026-02-10"), ("2026-02-02", "3"))
    e = raises(arrears.InvalidRuleError, lambda: owed(rule=InterestRule.reference_rate(overlap)))
    assert (e.field, e.value) == ("rule.reference.table.rates[1].from", "2026-02-02")
    late = table(("2026-02-15", "2"))
    e = raises(arrears.InvalidRuleError, lambda: owed(rule=InterestRule.reference_rate(late, fixing="split_at_each_change")))
    assert (e.code, e.field, e.value) == ("invalid_rule", "rule.reference.table.rates", "2026-02-01")
    # a preset's table is named under the preset
    de = StatutoryPreset("de_288_b2b", late, obligation_date="2026-01-01")
    e = raises(arrears.InvalidRuleError, lambda: owed(rule=None, preset=de))
    assert e.field.startswith("preset.reference_rates"), e.field


def test_unknown_preset() -> None:
    p = StatutoryPreset("xx_nope", rate_table("ecb_mro").table)
    e = raises(arrears.InvalidRuleError, lambda: owed(rule=None, preset=p))
    assert (e.code, e.field, e.value) == ("invalid_rule", "preset.name", "xx_nope")
    e = raises(arrears.InvalidRuleError, lambda: late_fee("100.00", "GBP", preset="xx_nope"))
    assert (e.field, e.value) == ("preset", "xx_nope")
    e = raises(arrears.InvalidRequestError, lambda: rate_table("fed_funds"))
    assert (e.field, e.value) == ("name", "fed_funds")


def test_currency_mismatch_between_an_item_and_its_payment() -> None:
    e = raises(arrears.InvalidRequestError, lambda: owed(events=[ChargeEvent.payment("2026-02-10", "10.00", "USD")]))
    assert (e.code, e.field, e.value) == ("invalid_request", "events[0].currency", "USD")
    item = StatementItem("I1", "EUR", "100.00", "2026-01-31", events=(ChargeEvent.payment("2026-02-10", "10.00", "USD"),))
    e = raises(arrears.InvalidRequestError, lambda: statement("C", "2026-03-31", [item], RULE))
    assert e.field == "items[0].events[0].currency"


def test_rule_and_preset_exactly_one() -> None:
    e = raises(arrears.InvalidRequestError, lambda: owed(rule=None))
    assert e.field == "rule"


def test_floats_and_wrong_types_are_type_errors() -> None:
    with pytest.raises(TypeError, match="float"):
        owed(principal=100.0)
    with pytest.raises(TypeError, match="float"):
        owed(rule=InterestRule.fixed(8.5))
    with pytest.raises(TypeError, match="ChargeEvent"):
        owed(events=[("2026-02-10", "10.00")])
    with pytest.raises(TypeError, match="InterestRule"):
        owed(rule={"rate": "8"})
    with pytest.raises(TypeError, match="datetime"):
        owed(as_of=dt.datetime(2026, 3, 31))


def test_fees_and_presets() -> None:
    uk = FeeRule.tiered([FeeBand("0", fixed="40.00"), FeeBand("1000.00", fixed="70.00"), FeeBand("10000.00", fixed="100.00")])
    assert [late_fee(p, "GBP", uk) for p in ("999.99", "1000.00", "10000.00")] == [Decimal("40.00"), Decimal("70.00"), Decimal("100.00")]
    assert late_fee("1000.00", "GBP", preset="uk_late_payment") == Decimal("70.00")
    per_level = FeeRule.fixed_amount("5.00", per="dunning_level")
    assert late_fee("100.00", "EUR", per_level, level=2, charged_levels=[1]) == Decimal("5.00")
    assert late_fee("100.00", "EUR", per_level, level=2, charged_levels=[1, 2]) == Decimal("0.00")
    names = [p.name for p in arrears.interest_presets()]
    assert {"eu_2011_7", "de_288_b2b", "uk_late_payment", "fr_l441_10", "it_231_2002", "ru_395"} <= set(names)
    assert [t.name for t in arrears.rate_tables()] == ["ecb_mro", "de_basiszins", "boe_bank_rate", "cbr_key_rate"]
    r = owed(due_date="2025-01-31", as_of="2025-03-31", rule=None, invoice_date="2025-01-01", preset=StatutoryPreset("de_288_b2b", rate_table("de_basiszins").table))
    assert r.preset is not None and r.preset[0] == "de_288_b2b" and isinstance(r.preset[1], dt.date)


def test_statement_totals_per_currency_and_text() -> None:
    items = [
        StatementItem("E1", "EUR", "1000.00", "2026-01-15"),
        StatementItem("U1", "USD", "1200.00", "2026-03-01", fees="15.00"),
    ]
    s = statement("ACME", dt.date(2026, 3, 31), items, InterestRule.fixed("9.12"), fee=FeeRule.fixed_amount("40.00"), breakdown=True)
    assert [t.currency for t in s.totals] == ["EUR", "USD"]
    assert s.lines[1].fees == Decimal("55.00") and s.lines[0].periods
    text = arrears.statement_text("ACME", "2026-03-31", items, InterestRule.fixed("9.12"))
    assert text.startswith("STATEMENT OF ACCOUNT\n") and "USD" in text
    assert arrears.Statement.from_dict(s.to_dict()) == s
