"""Payment plans and promises to pay (private module; import from :mod:`arrears.payments`):
a plan's installments for an overdue balance, a plan's and a promise's state as of a date from
the payments received. The rules live in the Rust core (``arrears::payments``); this module
converts values to the wire format and back.

>>> p = payment_plan("300.00", "EUR", "2026-01-10", count=3)
>>> [str(i.amount) for i in p.installments]
['100.00', '100.00', '100.00']
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, Mapping, Optional, Sequence, Tuple

from ._wire import AmountLike, DateLike, RoundingMode, _amount, _call, _date, _parse_date

__all__ = [
    "PlanStateName",
    "PromiseStateName",
    "Frequency",
    "PlanInstallment",
    "Plan",
    "payment_plan",
    "Received",
    "PlanStatus",
    "plan_status",
    "PromiseStatus",
    "promise_status",
]

#: A payment plan's state (:attr:`PlanStatus.status`).
PlanStateName = Literal["on_track", "late", "broken", "completed"]
#: A promise's state (:attr:`PromiseStatus.status`).
PromiseStateName = Literal["kept", "pending", "broken"]

Frequency = Literal["weekly", "biweekly", "monthly"]


@dataclass(frozen=True)
class PlanInstallment:
    """One installment of a payment plan (number 0 is the down payment when there is one)."""

    number: int
    due_date: _dt.date
    amount: Decimal
    principal: Decimal
    interest: Decimal

    def to_dict(self) -> dict:
        """The wire form."""
        return {
            "number": self.number,
            "due_date": self.due_date.isoformat(),
            "amount": format(self.amount, "f"),
            "principal": format(self.principal, "f"),
            "interest": format(self.interest, "f"),
        }


@dataclass(frozen=True)
class Plan:
    """A payment plan: its installments (principal parts sum exactly to the balance)."""

    currency: str
    installments: Tuple[PlanInstallment, ...]
    total: Decimal
    interest: Decimal

    def to_dict(self) -> dict:
        """The wire form."""
        return {
            "currency": self.currency,
            "installments": [i.to_dict() for i in self.installments],
            "total": format(self.total, "f"),
            "interest": format(self.interest, "f"),
        }

    @classmethod
    def from_dict(cls, r: Mapping[str, Any]) -> "Plan":
        """From the wire form."""
        return cls(
            r["currency"],
            tuple(
                PlanInstallment(i["number"], _parse_date(i["due_date"]), Decimal(i["amount"]), Decimal(i["principal"]), Decimal(i["interest"]))
                for i in r["installments"]
            ),
            Decimal(r["total"]),
            Decimal(r["interest"]),
        )


def payment_plan(
    balance: AmountLike,
    currency: str,
    start: DateLike,
    *,
    count: Optional[int] = None,
    installment: Optional[AmountLike] = None,
    frequency: Frequency = "monthly",
    down_payment: Optional[AmountLike] = None,
    rate: Optional[AmountLike] = None,
    rounding: RoundingMode = "half_up",
    precision: Optional[int] = None,
) -> Plan:
    """A payment plan for an overdue ``balance``: ``count`` installments or installments of
    ``installment``, weekly, biweekly or monthly from ``start`` (clamped to month ends), an
    optional down payment due on ``start``, optional annuity interest at ``rate`` % a year (the
    residue on the last installment).

    >>> [str(i.amount) for i in payment_plan("5.47", "EUR", "2026-01-31", count=3).installments]
    ['1.82', '1.82', '1.83']
    """
    request: dict = {
        "balance": _amount("balance", balance),
        "currency": currency,
        "start": _date("start", start),
        "count": count,
        "frequency": frequency,
        "rounding": rounding,
        "precision": precision,
    }
    for key, v in (("installment", installment), ("down_payment", down_payment), ("rate", rate)):
        if v is not None:
            request[key] = _amount(key, v)
    return Plan.from_dict(_call("payment_plan", request))


@dataclass(frozen=True)
class Received:
    """A payment received towards a plan or a promise."""

    date: DateLike
    amount: AmountLike

    def to_dict(self, k: int = 0) -> dict:
        """The wire form."""
        return {"date": _date(f"payments[{k}].date", self.date), "amount": _amount(f"payments[{k}].amount", self.amount)}


@dataclass(frozen=True)
class PlanStatus:
    """Where a plan stands: ``on_track``, ``late``, ``broken`` (``broken_by`` names the
    installment) or ``completed``. ``on_track`` and ``late`` are a plan in good standing:
    pass ``status`` as a :class:`DunningItem`'s ``plan_state`` and dunning skips the item."""

    status: PlanStateName
    paid: Decimal
    due: Decimal
    overdue: Decimal
    broken_by: Optional[int]
    next_due: Optional[_dt.date]

    def to_dict(self) -> dict:
        """The wire form."""
        d: dict = {"status": self.status, "paid": format(self.paid, "f"), "due": format(self.due, "f"), "overdue": format(self.overdue, "f")}
        if self.broken_by is not None:
            d["broken_by"] = self.broken_by
        if self.next_due is not None:
            d["next_due"] = self.next_due.isoformat()
        return d


def plan_status(
    plan: Plan,
    payments: Sequence[Received],
    as_of: DateLike,
    *,
    grace_days: int = 0,
    rounding: RoundingMode = "half_up",
    precision: Optional[int] = None,
) -> PlanStatus:
    """The status of ``plan`` as of ``as_of`` from the payments received.

    >>> p = payment_plan("300.00", "EUR", "2026-01-31", count=3)
    >>> plan_status(p, [Received("2026-01-30", "100.00")], "2026-03-06", grace_days=5).status
    'broken'
    """
    if not isinstance(plan, Plan):
        raise TypeError(f"plan: expected a Plan (as payment_plan() returns it), got {type(plan).__name__}")
    request = {
        "plan": plan.to_dict(),
        "payments": [p.to_dict(k) for k, p in enumerate(payments)],
        "as_of": _date("as_of", as_of),
        "grace_days": grace_days,
        "rounding": rounding,
        "precision": precision,
    }
    r = _call("plan_status", request)
    return PlanStatus(
        r["status"],
        Decimal(r["paid"]),
        Decimal(r["due"]),
        Decimal(r["overdue"]),
        r.get("broken_by"),
        None if r.get("next_due") is None else _parse_date(r["next_due"]),
    )


@dataclass(frozen=True)
class PromiseStatus:
    """Where a promise to pay stands: ``kept``, ``pending`` or ``broken``, and what was paid
    towards it. ``pending`` is an active promise: pass ``status`` as a :class:`DunningItem`'s
    ``promise_state`` and dunning skips the item."""

    status: PromiseStateName
    paid: Decimal

    def to_dict(self) -> dict:
        """The wire form."""
        return {"status": self.status, "paid": format(self.paid, "f")}


def promise_status(
    amount: AmountLike,
    date: DateLike,
    currency: str,
    payments: Sequence[Received],
    as_of: DateLike,
    *,
    made_on: Optional[DateLike] = None,
    rounding: RoundingMode = "half_up",
    precision: Optional[int] = None,
) -> PromiseStatus:
    """The status of a promise to pay ``amount`` by ``date`` (made on ``made_on``) as of ``as_of``.

    >>> promise_status("500.00", "2026-02-15", "EUR", [Received("2026-02-10", "500.00")], "2026-02-20").status
    'kept'
    """
    promise: dict = {"amount": _amount("promise.amount", amount), "date": _date("promise.date", date)}
    if made_on is not None:
        promise["made_on"] = _date("promise.made_on", made_on)
    request = {
        "promise": promise,
        "currency": currency,
        "payments": [p.to_dict(k) for k, p in enumerate(payments)],
        "as_of": _date("as_of", as_of),
        "rounding": rounding,
        "precision": precision,
    }
    r = _call("promise_status", request)
    return PromiseStatus(r["status"], Decimal(r["paid"]))
