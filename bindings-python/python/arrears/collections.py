"""Collections: the worklist (whom to chase first, each score explained), dunning (which
reminder, call or notice each open installment gets today, merged per customer), risk scores,
collector assignment and credit checks.

The rules live in the Rust core (``arrears::collections``); this module converts values to the
wire format and back. Every result has ``to_dict()``, its wire form. Dunning's types and calls
are written in ``arrears._dunning`` and imported from here (``from arrears.collections import
dunning``).

>>> rows = worklist([OverdueItem("ACME", "EUR", "2025-05-01", "500.00")], as_of="2025-06-30")
>>> rows[0].customer, rows[0].max_dpd, rows[0].score
('ACME', 60, Decimal('1350'))
>>> run = dunning([DunningItem("ACME", "I-1", "EUR", "2025-06-01", "100.00")], "2025-06-21")
>>> run.actions[0].action, run.actions[0].items[0].offset
('letter', 15)
"""

from __future__ import annotations

import json as _json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Mapping, Optional, Sequence, Tuple, Union

from . import _arrears
from ._dunning import (
    ActionItem,
    CustomerAction,
    dunning,
    dunning_policy,
    DunningFee,
    DunningItem,
    DunningPolicy,
    DunningRecord,
    DunningRun,
    DunningSkip,
    DunningStep,
)
from ._wire import AmountLike, DateLike, _amount, _call, _date, _wire_value
from .columnar import _arrow_result
from .errors import _from_payload

__all__ = [
    "OverdueItem",
    "PaymentRecord",
    "ScoreComponent",
    "WorklistRow",
    "worklist",
    "worklist_arrow",
    "DunningItem",
    "DunningRecord",
    "DunningStep",
    "DunningPolicy",
    "ActionItem",
    "DunningFee",
    "CustomerAction",
    "DunningSkip",
    "DunningRun",
    "dunning",
    "dunning_policy",
    "RiskPayment",
    "RiskInput",
    "RiskComponent",
    "RiskScore",
    "risk_score",
    "Collector",
    "Account",
    "Assignment",
    "CollectorLoad",
    "Assignments",
    "assign_collectors",
    "CreditReason",
    "CreditDecision",
    "credit_check",
]

@dataclass(frozen=True)
class OverdueItem:
    """An open item for the worklist (overdue when its due date is before ``as_of``)."""

    customer: str
    currency: str
    due_date: DateLike
    open_amount: AmountLike
    disputed: bool = False

    def to_dict(self, field: str = "open[0]") -> dict:
        """The wire form."""
        return {
            "customer": self.customer,
            "currency": self.currency,
            "due_date": _date(f"{field}.due_date", self.due_date),
            "open_amount": _amount(f"{field}.open_amount", self.open_amount),
            "disputed": self.disputed,
        }


@dataclass(frozen=True)
class PaymentRecord:
    """A past payment: the customer's history (late days weighted by amount)."""

    customer: str
    due_date: DateLike
    paid_date: DateLike
    amount: AmountLike

    def to_dict(self, field: str = "history[0]") -> dict:
        """The wire form."""
        return {
            "customer": self.customer,
            "due_date": _date(f"{field}.due_date", self.due_date),
            "paid_date": _date(f"{field}.paid_date", self.paid_date),
            "amount": _amount(f"{field}.amount", self.amount),
        }


@dataclass(frozen=True)
class ScoreComponent:
    """One part of a score: the points it adds (or the factor it multiplies by) and its basis."""

    name: str
    value: Decimal
    basis: str


@dataclass(frozen=True)
class WorklistRow:
    """A ranked row: the customer (and currency), its overdue facts, its score and the
    components that made it."""

    rank: int
    customer: str
    currency: str
    overdue: Decimal
    n_overdue: int
    max_dpd: int
    avg_late: int
    disputed: Decimal
    score: Decimal
    components: Tuple[ScoreComponent, ...]

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "WorklistRow":
        """From the wire form."""
        comps = tuple(ScoreComponent(c["name"], Decimal(c["value"]), c["basis"]) for c in d["components"])
        return cls(
            d["rank"], d["customer"], d["currency"], Decimal(d["overdue"]), d["n_overdue"], d["max_dpd"],
            d["avg_late"], Decimal(d["disputed"]), Decimal(d["score"]), comps,
        )

    def to_dict(self) -> dict:
        """The wire form."""
        out: dict = _wire_value(self)
        return out


def _worklist_config(
    as_of: DateLike,
    top_k: Optional[int],
    by: str,
    reporting_currency: str,
    fx: Optional[Mapping[str, AmountLike]],
    scoring: Optional[Mapping[str, Any]],
    include_disputed: bool,
    risk_points: Optional[Mapping[str, AmountLike]],
) -> dict:
    """The wire ``WorklistConfig`` (shared by :func:`worklist` and :func:`worklist_arrow`)."""
    config: dict = {
        "as_of": _date("config.as_of", as_of),
        "top_k": top_k,
        "by": by,
        "reporting_currency": reporting_currency,
        "fx": {k: _amount(f"config.fx.{k}", v) for k, v in (fx or {}).items()},
        "include_disputed": include_disputed,
        "risk_points": {k: _amount(f"config.risk_points.{k}", v) for k, v in (risk_points or {}).items()},
    }
    if scoring is not None:
        _no_floats("scoring", scoring)
        config["scoring"] = scoring
    return config


def _no_floats(path: str, x: Any) -> None:
    """A TypeError naming the first float in a wire mapping (a float cannot hold a weight)."""
    if isinstance(x, float):
        raise TypeError(f"{path}: a float cannot hold a weight exactly; pass a decimal string or a Decimal")
    for k, v in x.items() if isinstance(x, Mapping) else enumerate(x) if isinstance(x, (list, tuple)) else ():
        _no_floats(f"{path}[{k}]" if isinstance(k, int) else f"{path}.{k}", v)


def worklist(
    open_items: Iterable[OverdueItem],
    history: Iterable[PaymentRecord] = (),
    *,
    as_of: DateLike,
    top_k: Optional[int] = None,
    by: str = "customer_currency",
    reporting_currency: str = "EUR",
    fx: Optional[Mapping[str, AmountLike]] = None,
    scoring: Optional[Mapping[str, Any]] = None,
    include_disputed: bool = False,
    risk_points: Optional[Mapping[str, AmountLike]] = None,
) -> Tuple[WorklistRow, ...]:
    """The collection worklist: rows ranked by score (ties by customer, then currency), the top
    ``top_k``. ``scoring`` is the wire form of the model: ``{"points": {...}}`` (the default
    additive points) or ``{"product": {...}}`` (the ../shared/bench definition).

    >>> rows = worklist([OverdueItem("A", "EUR", "2025-06-01", "100.00"), OverdueItem("B", "USD", "2025-03-01", "100.00")],
    ...                 as_of="2025-06-30", fx={"USD": "0.92"})
    >>> [(r.customer, r.currency, r.score) for r in rows]
    [('B', 'USD', Decimal('1486')), ('A', 'EUR', Decimal('390'))]
    """
    config = _worklist_config(as_of, top_k, by, reporting_currency, fx, scoring, include_disputed, risk_points)
    request = {
        "config": config,
        "open": [o.to_dict(f"open[{i}]") for i, o in enumerate(open_items)],
        "history": [p.to_dict(f"history[{i}]") for i, p in enumerate(history)],
    }
    return tuple(WorklistRow.from_dict(r) for r in _call("worklist", request)["rows"])


def worklist_arrow(
    invoices: Any,
    payments: Any = None,
    *,
    as_of: DateLike,
    closed: Any = None,
    top_k: Optional[int] = None,
    by: str = "customer_currency",
    reporting_currency: str = "EUR",
    fx: Optional[Mapping[str, AmountLike]] = None,
    scoring: Optional[Mapping[str, Any]] = None,
    include_disputed: bool = False,
    risk_points: Optional[Mapping[str, AmountLike]] = None,
    invoice_id: str = "invoice_id",
    customer: str = "customer_id",
    due_date: str = "due_date",
    currency: str = "currency",
    currency_code: Optional[str] = None,
    open_amount: str = "open_amount",
    amount_scale: Optional[int] = None,
    disputed: Optional[str] = None,
    payment_invoice: str = "invoice_id",
    paid_date: str = "paid_date",
    payment_amount: str = "amount",
    payment_amount_scale: Optional[int] = None,
    components: bool = False,
    threads: int = 0,
) -> Any:
    """:func:`worklist` over Arrow tables, in one call, on every core, without a Python object
    per row (the core's columnar kernel; same configuration, same rows).

    ``invoices`` (the open ones), ``payments`` and ``closed`` (paid invoices, history only; may be
    None) are anything with ``__arrow_c_stream__`` (pyarrow, polars, DuckDB...), read in place
    with the GIL released. Invoice columns: ``invoice_id`` and ``customer`` (strings; ids of any
    length), ``due_date`` (``date32``), ``currency`` (ISO codes, plain or dictionary-encoded;
    or one ``currency_code``), ``open_amount`` (``decimal128``, or integer minor units with
    ``amount_scale``), optional ``disputed`` (bool). Closed invoices need only ``invoice_id``,
    ``customer`` and ``due_date``. Payment columns: ``payment_invoice`` (the invoice's id; a
    payment on no invoice is left out), ``paid_date`` and ``payment_amount``. A table in one
    chunk (``combine_chunks()``) is read fastest: its ids are not copied, and its plain currency
    codes and decimal amounts are converted on ``threads`` cores.

    Returns a ``pyarrow.Table`` of the ranked rows (``rank``, ``customer``, ``currency``,
    ``overdue``, ``n_overdue``, ``max_dpd``, ``avg_late``, ``disputed``, ``score``); with
    ``components=True`` a pair: that table and the score's components (``rank``, ``customer``,
    ``currency``, ``name``, ``value``, ``basis``). A null, a column of another type or a bad value
    raises the typed error naming the table, column and row (``invoices[3].due_date``).

    >>> import pyarrow as pa, datetime as dt, decimal
    >>> inv = pa.table({"invoice_id": ["I1", "I2"], "customer_id": ["ACME", "BETA"],
    ...                 "due_date": [dt.date(2025, 5, 1), dt.date(2025, 7, 1)], "currency": ["EUR", "EUR"],
    ...                 "open_amount": pa.array([decimal.Decimal("500.00"), decimal.Decimal("80.00")], pa.decimal128(18, 2))})
    >>> out = worklist_arrow(inv, None, as_of="2025-06-30")
    >>> out.column("customer").to_pylist(), out.column("score").to_pylist()
    (['ACME'], [Decimal('1350')])
    """
    config = _worklist_config(as_of, top_k, by, reporting_currency, fx, scoring, include_disputed, risk_points)
    ok, payload = _arrears.worklist_arrow(
        invoices,
        payments,
        _json.dumps(config),
        closed=closed,
        invoice_id=invoice_id,
        customer=customer,
        due_date=due_date,
        currency=None if currency_code is not None else currency,
        currency_code=currency_code,
        open_amount=open_amount,
        amount_scale=amount_scale,
        disputed=disputed,
        payment_invoice=payment_invoice,
        payment_date=paid_date,
        payment_amount=payment_amount,
        payment_amount_scale=payment_amount_scale,
        components=components,
        threads=threads,
    )
    if not ok:
        raise _from_payload(payload)
    tables = [_arrow_result(True, capsule) for capsule in payload]
    return (tables[0], tables[1]) if components else tables[0]


@dataclass(frozen=True)
class RiskPayment:
    """A past payment for the risk score."""

    due_date: DateLike
    paid_date: DateLike
    amount: AmountLike

    def to_dict(self, field: str = "payments[0]") -> dict:
        """The wire form."""
        return {
            "due_date": _date(f"{field}.due_date", self.due_date),
            "paid_date": _date(f"{field}.paid_date", self.paid_date),
            "amount": _amount(f"{field}.amount", self.amount),
        }


@dataclass(frozen=True)
class RiskInput:
    """What is known of one customer: payments, broken promises, disputes, limit, exposure,
    collateral."""

    customer: str
    payments: Sequence[RiskPayment] = ()
    broken_promises: int = 0
    disputes: int = 0
    credit_limit: Optional[AmountLike] = None
    exposure: AmountLike = Decimal("0")
    collateral: AmountLike = Decimal("0")

    def to_dict(self, field: str = "customers[0]") -> dict:
        """The wire form."""
        out: dict = {
            "customer": self.customer,
            "payments": [p.to_dict(f"{field}.payments[{i}]") for i, p in enumerate(self.payments)],
            "broken_promises": self.broken_promises,
            "disputes": self.disputes,
            "exposure": _amount(f"{field}.exposure", self.exposure),
            "collateral": _amount(f"{field}.collateral", self.collateral),
        }
        if self.credit_limit is not None:
            out["credit_limit"] = _amount(f"{field}.credit_limit", self.credit_limit)
        return out


@dataclass(frozen=True)
class RiskComponent:
    """One component of a risk score: its measure, points and reason."""

    name: str
    measure: Decimal
    points: Decimal
    reason: str


@dataclass(frozen=True)
class RiskScore:
    """A customer's risk: score, tier (``"A"``, ``"B"``, ``"C"``) and components."""

    customer: str
    score: Decimal
    tier: str
    components: Tuple[RiskComponent, ...]

    def to_dict(self) -> dict:
        """The wire form."""
        out: dict = _wire_value(self)
        return out


def risk_score(customers: Iterable[RiskInput], as_of: DateLike, *, weights: Optional[Mapping[str, Any]] = None) -> Tuple[RiskScore, ...]:
    """Risk scores and tiers from payment history, each component with its reason. ``weights``
    is the wire form of the weights (default: the core's). One entry per customer: a customer
    listed twice is an ``InvalidRequestError`` naming the second (``customers[i].customer``).

    >>> r = risk_score([RiskInput("ACME", [RiskPayment("2025-01-31", "2025-03-17", "1000.00")], broken_promises=2,
    ...                           credit_limit="10000", exposure="9000")], "2025-06-30")
    >>> r[0].score, r[0].tier
    (Decimal('207'), 'C')
    """
    request: dict = {"as_of": _date("as_of", as_of), "customers": [c.to_dict(f"customers[{i}]") for i, c in enumerate(customers)]}
    if weights is not None:
        request["weights"] = weights
    out = _call("risk_score", request)["scores"]
    return tuple(
        RiskScore(s["customer"], Decimal(s["score"]), s["tier"], tuple(RiskComponent(c["name"], Decimal(c["measure"]), Decimal(c["points"]), c["reason"]) for c in s["components"]))
        for s in out
    )


@dataclass(frozen=True)
class Collector:
    """A collector and its capacities (accounts and/or amount)."""

    id: str
    max_accounts: Optional[int] = None
    max_amount: Optional[AmountLike] = None

    def to_dict(self, field: str = "collectors[0]") -> dict:
        """The wire form."""
        out: dict = {"id": self.id}
        if self.max_accounts is not None:
            out["max_accounts"] = self.max_accounts
        if self.max_amount is not None:
            out["max_amount"] = _amount(f"{field}.max_amount", self.max_amount)
        return out


@dataclass(frozen=True)
class Account:
    """An account to assign: its amount, priority (worklist score) and current owner."""

    customer: str
    amount: AmountLike
    priority: AmountLike
    owner: Optional[str] = None

    def to_dict(self, field: str = "accounts[0]") -> dict:
        """The wire form."""
        out: dict = {"customer": self.customer, "amount": _amount(f"{field}.amount", self.amount), "priority": _amount(f"{field}.priority", self.priority)}
        if self.owner is not None:
            out["owner"] = self.owner
        return out


@dataclass(frozen=True)
class Assignment:
    """One account's collector (None: no room anywhere) and why."""

    customer: str
    collector: Optional[str]
    reason: str


@dataclass(frozen=True)
class CollectorLoad:
    """A collector's load after the assignment."""

    collector: str
    accounts: int
    amount: Decimal


@dataclass(frozen=True)
class Assignments:
    """Assignments by priority and loads by collector."""

    assignments: Tuple[Assignment, ...]
    loads: Tuple[CollectorLoad, ...]

    def to_dict(self) -> dict:
        """The wire form."""
        out: dict = _wire_value(self)
        return out


def assign_collectors(accounts: Iterable[Account], collectors: Iterable[Collector]) -> Assignments:
    """Accounts over collectors: owners kept where they have room, the rest by priority to the
    least-loaded collector with room; every capacity respected.

    >>> a = assign_collectors([Account("A", "900", "50", owner="bob"), Account("B", "500", "40")],
    ...                       [Collector("ann", max_accounts=2), Collector("bob", max_amount="1000")])
    >>> [(x.customer, x.collector, x.reason) for x in a.assignments]
    [('A', 'bob', 'kept_owner'), ('B', 'ann', 'assigned')]
    """
    request = {
        "accounts": [a.to_dict(f"accounts[{i}]") for i, a in enumerate(accounts)],
        "collectors": [c.to_dict(f"collectors[{i}]") for i, c in enumerate(collectors)],
    }
    r = _call("assign_collectors", request)
    return Assignments(
        tuple(Assignment(x["customer"], x["collector"], x["reason"]) for x in r["assignments"]),
        tuple(CollectorLoad(x["collector"], x["accounts"], Decimal(x["amount"])) for x in r["loads"]),
    )


@dataclass(frozen=True)
class CreditReason:
    """A rule met by a credit check, the decision it asks for and why."""

    rule: str
    decision: str
    detail: str


@dataclass(frozen=True)
class CreditDecision:
    """``"approve"``, ``"review"`` or ``"hold"``, with exposure, credit available and reasons."""

    customer: str
    decision: str
    exposure: Decimal
    available: Decimal
    available_after: Decimal
    reasons: Tuple[CreditReason, ...]

    def to_dict(self) -> dict:
        """The wire form."""
        out: dict = _wire_value(self)
        return out


def credit_check(
    customer: str,
    *,
    credit_limit: AmountLike,
    open_receivables: AmountLike,
    order: AmountLike,
    open_orders: AmountLike = Decimal("0"),
    collateral: AmountLike = Decimal("0"),
    deposits: AmountLike = Decimal("0"),
    max_days_overdue: int = 0,
    plan_broken: bool = False,
    rules: Optional[Mapping[str, Any]] = None,
) -> CreditDecision:
    """A new order against the customer's credit: exposure = open receivables + open orders -
    collateral - deposits; hold from 61 days past due or a broken plan or over the limit, review
    from 31 days or 90 % use (``rules``, wire form, changes them). ``plan_broken`` is
    ``plan_status(plan, payments, day).status == "broken"`` for the customer's payment plan.

    >>> c = credit_check("ACME", credit_limit="10000", open_receivables="6000", open_orders="2000", collateral="1000", order="500")
    >>> c.decision, c.available
    ('approve', Decimal('3000'))
    """
    request: dict = {
        "customer": customer,
        "credit_limit": _amount("credit_limit", credit_limit),
        "open_receivables": _amount("open_receivables", open_receivables),
        "open_orders": _amount("open_orders", open_orders),
        "collateral": _amount("collateral", collateral),
        "deposits": _amount("deposits", deposits),
        "order": _amount("order", order),
        "max_days_overdue": max_days_overdue,
        "plan_broken": plan_broken,
    }
    if rules is not None:
        request["rules"] = rules
    r = _call("credit_check", request)
    return CreditDecision(
        r["customer"], r["decision"], Decimal(r["exposure"]), Decimal(r["available"]), Decimal(r["available_after"]),
        tuple(CreditReason(x["rule"], x["decision"], x["detail"]) for x in r["reasons"]),
    )
