"""The typed payments API (arrears.payments): doctests, conversions and errors."""

from __future__ import annotations

import doctest
from datetime import date
from decimal import Decimal

import pytest

import arrears
import arrears.payments
from arrears import ItemInstallment, PaymentItem


def test_doctests() -> None:
    result = doctest.testmod(arrears.payments, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def _items() -> list:
    return [
        PaymentItem("A", "EUR", date(2026, 1, 1), [ItemInstallment(date(2026, 1, 31), Decimal("100.00"))], fees="40.00"),
        PaymentItem("B", "EUR", "2026-01-01", [ItemInstallment("2026-01-15", "100.00", open="60.00")]),
    ]


def test_allocation_is_exact_and_typed() -> None:
    a = arrears.allocate_payment(Decimal("250.00"), "EUR", date(2026, 3, 1), _items())
    assert a.applied + a.unapplied == Decimal("250.00")
    assert [(i.id, i.fees, i.principal, i.open_after) for i in a.items] == [
        ("A", Decimal("40.00"), Decimal("100.00"), Decimal("0.00")),
        ("B", Decimal("0.00"), Decimal("60.00"), Decimal("0.00")),
    ]
    assert a.unapplied == Decimal("50.00") and a.date == date(2026, 3, 1)
    assert a.items[1].installments[0].due_date == date(2026, 1, 15)


def test_tolerance_and_strategy() -> None:
    a = arrears.allocate_payment("199.98", "EUR", "2026-03-01", _items(), strategy="smallest_first", tolerance_amount="0.05")
    assert a.write_off == Decimal("0.02") and a.unapplied == Decimal("0.00")


def test_errors_name_the_field_and_change_nothing() -> None:
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.allocate_payment("0", "EUR", "2026-03-01", _items())
    assert (e.value.field, e.value.value) == ("payment.amount", "0.00")
    with pytest.raises(arrears.InvalidRequestError) as r:
        arrears.allocate_payment("1.00", "USD", "2026-03-01", _items())
    assert r.value.field == "items[0].currency"
    with pytest.raises(arrears.InvalidDateError) as d:
        arrears.allocate_payment("1.00", "EUR", "2025-12-31", _items())
    assert d.value.field == "payment.date"
    with pytest.raises(arrears.InvalidRequestError) as o:
        arrears.allocate_payment("1.00", "EUR", "2026-03-01", _items(), strategy="specified", order=["Z"])
    assert (o.value.field, o.value.value) == ("order[0]", "Z")
    with pytest.raises(TypeError, match="float"):
        arrears.allocate_payment(1.5, "EUR", "2026-03-01", _items())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="PaymentItem"):
        arrears.allocate_payment("1.00", "EUR", "2026-03-01", [{"id": "A"}])  # type: ignore[list-item]


def test_plans_and_promises() -> None:
    p = arrears.payment_plan("1200.00", "EUR", date(2026, 1, 31), count=12, rate="12")
    assert sum(i.principal for i in p.installments) == Decimal("1200.00")
    assert p.installments[0].amount == Decimal("106.62") and p.installments[-1].due_date == date(2026, 12, 31)
    assert arrears.Plan.from_dict(p.to_dict()) == p
    s = arrears.plan_status(p, [arrears.Received(date(2026, 1, 31), "106.62")], date(2026, 3, 10), grace_days=5)
    assert (s.status, s.broken_by) == ("broken", 1)
    assert arrears.promise_status("10.00", "2026-02-15", "EUR", [], "2026-02-01").status == "pending"
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.payment_plan("100.00", "EUR", "2026-01-31", installment="0")
    assert e.value.field == "installment"
    with pytest.raises(TypeError, match="Plan"):
        arrears.plan_status(p.to_dict(), [], "2026-03-01")  # type: ignore[arg-type]
