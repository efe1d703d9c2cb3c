"""Bad input the last review found accepted or named unreadably, through the typed Python
functions: each a typed ArrearsError naming the field and the value (the shared vectors check
code and field; this checks the value and the words too)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any, Callable

import pyarrow as pa
import pytest

import arrears
from arrears import DunningItem, ItemInstallment, OverdueItem, PaymentItem, RiskInput


def _company(total: str) -> Any:
    s = arrears.schedule("100.00", "EUR", "2026-01-01", "net 30")
    return arrears.company_schedule(s, "USD", "1.0855", company_total=total)


def _early_installment() -> Any:
    item = PaymentItem("A", "EUR", "2026-01-10",
                       (ItemInstallment("2026-01-31", "5.00"), ItemInstallment("2026-01-09", "5.00")))
    return arrears.allocate_payment("10.00", "EUR", "2026-03-01", [item])


CASES = [
    ("dunning: 10.001 USD", lambda: arrears.dunning([DunningItem("A", "I-1", "USD", "2025-06-01", "10.001")], "2025-06-21"),
     arrears.InvalidAmountError, "items[0].open_amount", "10.001"),
    ("dunning: 5.5 JPY", lambda: arrears.dunning([DunningItem("A", "I-1", "JPY", "2025-06-01", Decimal("5.5"))], "2025-06-21"),
     arrears.InvalidAmountError, "items[0].open_amount", "5.5"),
    ("dunning: not a currency", lambda: arrears.dunning([DunningItem("A", "I-1", "dollars", "2025-06-01", "5.00")], "2025-06-21"),
     arrears.UnknownCurrencyError, "items[0].currency", "dollars"),
    ("worklist: 10.001 USD", lambda: arrears.worklist([OverdueItem("A", "USD", "2025-05-01", "10.001")], as_of="2025-06-30",
                                                      fx={"USD": "0.9"}),
     arrears.InvalidAmountError, "open[0].open_amount", "10.001"),
    ("worklist: 5.5 JPY", lambda: arrears.worklist([OverdueItem("A", "JPY", "2025-05-01", "5.5")], as_of="2025-06-30",
                                                   fx={"JPY": "0.006"}),
     arrears.InvalidAmountError, "open[0].open_amount", "5.5"),
    ("risk: a customer twice", lambda: arrears.risk_score([RiskInput("A"), RiskInput("B"), RiskInput("A")], "2025-06-30"),
     arrears.InvalidRequestError, "customers[2].customer", "A"),
    ("company total off by a cent", lambda: _company("108.56"), arrears.InvalidAmountError, "company_total", "108.56"),
    ("installment before its invoice", _early_installment,
     arrears.InvalidDateError, "items[0].installments[1].due_date", "2026-01-09"),
    ("a wire request that is a list", lambda: arrears.call_json("round", '["1.005", "EUR"]'),
     arrears.InvalidRequestError, "request", "a list"),
    ("an empty list", lambda: arrears.call_json("schedule", "[]"), arrears.InvalidRequestError, "request", "a list"),
    ("a key twice", lambda: arrears.call_json("round", '{"amount": "1.005", "currency": "EUR", "amount": "2"}'),
     arrears.InvalidRequestError, "amount", "amount"),
    ("a key twice in a map", lambda: arrears.call_json(
        "worklist", '{"config": {"as_of": "2025-06-30", "fx": {"USD": "0.9", "USD": "0.8"}}, "open": []}'),
     arrears.InvalidRequestError, "config.fx.USD", "USD"),
]


@pytest.mark.parametrize("name,call,kind,field,value", CASES, ids=[c[0] for c in CASES])
def test_typed_error_names_field_and_value(name: str, call: Callable[[], Any], kind: type, field: str, value: str) -> None:
    with pytest.raises(kind) as e:
        call()
    assert (e.value.field, e.value.value) == (field, value)


def test_the_company_total_error_names_both_values() -> None:
    assert _company("108.55").total == Decimal("108.55")
    with pytest.raises(arrears.InvalidAmountError) as e:
        _company("108.56")
    assert "100.00 EUR" in e.value.reason and "108.55 USD" in e.value.reason, e.value.reason


def test_a_huge_decimal_is_named_readably() -> None:
    # Decimal("1E+30") goes on the wire written out; the error says how large it is
    with pytest.raises(arrears.AmountOverflowError) as e:
        arrears.round_amount(Decimal("1E+30"), "EUR")
    assert e.value.field == "amount"
    assert "about 10^30" in str(e.value), str(e.value)


def test_batch_overflow_shows_the_amount_not_minor_units() -> None:
    # 10^17 EUR at scale 2 is 10^19 cents: beyond 64-bit minor units
    items = pa.table({"customer_id": ["A"], "currency": ["EUR"], "due_date": pa.array([dt.date(2025, 1, 1)], pa.date32()),
                      "invoice_id": ["I1"], "open_amount": pa.array([Decimal("100000000000000000.00")], pa.decimal128(38, 2))})
    receipts = pa.table({"customer_id": ["A"], "currency": ["EUR"], "paid_date": pa.array([dt.date(2025, 2, 1)], pa.date32()),
                         "amount": pa.array([Decimal("1.00")], pa.decimal128(38, 2))})
    with pytest.raises(arrears.AmountOverflowError) as e:
        arrears.allocate_arrow(items, receipts)
    assert e.value.value == "100000000000000000.00", e.value
    assert "EUR" in e.value.reason, e.value.reason
    inv = pa.table({"invoice_id": ["I1"], "customer_id": ["A"], "due_date": pa.array([dt.date(2025, 5, 1)], pa.date32()),
                    "currency": ["EUR"], "open_amount": pa.array([Decimal("100000000000000000.00")], pa.decimal128(38, 2))})
    with pytest.raises(arrears.AmountOverflowError) as e:
        arrears.worklist_arrow(inv, None, as_of="2025-06-30")
    assert e.value.value == "100000000000000000.00", e.value
    assert "EUR" in e.value.reason, e.value.reason


def test_wire_words_for_a_list_are_plain() -> None:
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.call_json("schedule", "[]")
    assert "object of named fields" in e.value.reason
    # the canonical JSON out is unchanged by the duplicate check on the way in
    out = json.loads(arrears.call_json("round", '{"amount": "1.005", "currency": "EUR"}'))
    assert out == {"amount": "1.01"}


def test_the_batch_worklist_refuses_what_the_object_api_refuses() -> None:
    def inv(amounts: list) -> pa.Table:
        return pa.table({"invoice_id": ["I1", "I2", "I3"], "customer_id": ["A", "B", "C"],
                         "due_date": pa.array([dt.date(2025, 6, 20), dt.date(2025, 5, 21), dt.date(2025, 7, 5)], pa.date32()),
                         "currency": ["EUR", "JPY", "JPY"], "open_amount": pa.array(amounts, pa.decimal128(18, 2))})
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.worklist_arrow(inv([Decimal("100.00"), Decimal("5.00"), Decimal("5.50")]), None, as_of="2025-06-30",
                               fx={"JPY": "0.006"})
    assert (e.value.field, e.value.value) == ("invoices[2].open_amount", "5.50")
    rows = arrears.worklist_arrow(inv([Decimal("100.00"), Decimal("5.00"), Decimal("7.00")]), None, as_of="2025-06-30",
                                  fx={"JPY": "0.006"})
    assert len(rows) > 0
