"""The typed payments API (arrears.payments): doctests, conversions and errors."""

from __future__ import annotations

import doctest
from datetime import date
from decimal import Decimal

import pytest

import arrears
import arrears._plans
import arrears.payments
from arrears import ItemInstallment, PaymentItem


def test_doctests() -> None:
    # (plans and promises are written in arrears._plans: its doctests run themselves)
    for module in (arrears.payments, arrears._plans):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0 and result.attempted > 0, module.__name__

    # the names moved to arrears._plans are still arrears.payments' (and the package's)
    for name in arrears._plans.__all__:
        assert getattr(arrears.payments, name) is getattr(arrears._plans, name)


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
    # issue 14's list: each a typed error naming the field and the value; the items as they were
    items = _items()
    before = repr(items)
    dup = items + [PaymentItem("A", "EUR", "2026-01-01", [ItemInstallment("2026-01-31", "5.00")])]
    cases: list = [
        # a payment date before an invoice date
        (lambda: arrears.allocate_payment("1.00", "EUR", "2025-12-31", items), arrears.InvalidDateError, "payment.date", "2025-12-31"),
        # negative and zero payments
        (lambda: arrears.allocate_payment("-1.00", "EUR", "2026-03-01", items), arrears.InvalidAmountError, "payment.amount", "-1.00"),
        (lambda: arrears.allocate_payment("0", "EUR", "2026-03-01", items), arrears.InvalidAmountError, "payment.amount", "0.00"),
        # an unknown item (in a specified order)
        (lambda: arrears.allocate_payment("1.00", "EUR", "2026-03-01", items, strategy="specified", order=["Z"]), arrears.InvalidRequestError, "order[0]", "Z"),
        # duplicate item ids
        (lambda: arrears.allocate_payment("1.00", "EUR", "2026-03-01", dup), arrears.InvalidRequestError, "items[2].id", "A"),
        # a payment in another currency than an item
        (lambda: arrears.allocate_payment("1.00", "USD", "2026-03-01", items), arrears.InvalidRequestError, "items[0].currency", "EUR"),
        # a plan whose installment is zero or larger than the balance
        (lambda: arrears.payment_plan("100.00", "EUR", "2026-01-31", installment="0"), arrears.InvalidAmountError, "installment", "0.00"),
        (lambda: arrears.payment_plan("100.00", "EUR", "2026-01-31", installment="100.01"), arrears.InvalidAmountError, "installment", "100.01"),
    ]
    for call, kind, field, value in cases:
        with pytest.raises(kind) as e:
            call()
        assert (e.value.field, e.value.value) == (field, value)
        assert field in str(e.value)
        assert repr(items) == before, "nothing changed"
    # the same items still allocate: nothing of the failed calls stuck
    a = arrears.allocate_payment("160.00", "EUR", "2026-03-01", items)
    assert (a.applied, a.unapplied) == (Decimal("160.00"), Decimal("0.00"))
    with pytest.raises(TypeError, match="float"):
        arrears.allocate_payment(1.5, "EUR", "2026-03-01", _items())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="PaymentItem"):
        arrears.allocate_payment("1.00", "EUR", "2026-03-01", [{"id": "A"}])  # type: ignore[list-item]


def test_plan_and_promise_states_hold_dunning_back() -> None:
    # issue 15: the state on the run's day (plan_status / promise_status) is the dunning item's
    plan = arrears.payment_plan("300.00", "EUR", "2025-07-01", count=3)
    paid = [arrears.Received("2025-07-01", "100.00")]

    def run(day: str, **state: str) -> arrears.DunningRun:
        item = arrears.DunningItem("ACME", "I-1", "EUR", "2025-06-01", "200.00", **state)  # type: ignore[arg-type]
        return arrears.dunning([item], day)

    on_track = arrears.plan_status(plan, paid, "2025-07-15", grace_days=5).status
    assert [s.reason for s in run("2025-07-15", plan_state=on_track).skipped] == ["on_plan"]
    broken = arrears.plan_status(plan, paid, "2025-08-07", grace_days=5).status
    assert broken == "broken" and [a.customer for a in run("2025-08-07", plan_state=broken).actions] == ["ACME"]
    pending = arrears.promise_status("200.00", "2025-07-20", "EUR", [], "2025-07-15").status
    assert [s.reason for s in run("2025-07-15", promise_state=pending).skipped] == ["promised"]
    gone = arrears.promise_status("200.00", "2025-07-20", "EUR", [], "2025-07-21").status
    assert gone == "broken" and len(run("2025-07-21", promise_state=gone).actions) == 1
    with pytest.raises(arrears.InvalidRequestError) as e:
        run("2025-07-15", plan_state="good")
    assert (e.value.field, e.value.value) == ("items[0].plan_state", "good")


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
