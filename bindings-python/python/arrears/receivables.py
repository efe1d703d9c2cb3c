"""Receivables: the aging report (open items by customer and currency in age buckets, a report that
merges) and the metrics: DSO, countback DSO, best possible DSO, CEI, payment timing, allowance,
roll rates and the cash forecast."""

from __future__ import annotations

import datetime as _dt

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Mapping, Optional, Sequence, Tuple

from ._wire import AmountLike, DateLike, _amount, _call, _date, _parse_date


@dataclass(frozen=True)
class OpenItem:
    """An open item to age: an invoice, installment or credit note and what is still owed."""

    customer: str
    currency: str
    due_date: DateLike
    amount: AmountLike
    issue_date: Optional[DateLike] = None
    disputed: bool = False
    id: Optional[str] = None

    def to_dict(self, i: int = 0) -> dict:
        """The wire form."""
        d: dict = {
            "customer": self.customer,
            "currency": self.currency,
            "due_date": _date(f"items[{i}].due_date", self.due_date),
            "amount": _amount(f"items[{i}].amount", self.amount),
        }
        if self.issue_date is not None:
            d["issue_date"] = _date(f"items[{i}].issue_date", self.issue_date)
        if self.disputed:
            d["disputed"] = True
        if self.id is not None:
            d["id"] = self.id
        return d


@dataclass(frozen=True)
class AgingRow:
    """One customer in one currency: the amount per bucket (the report's ``columns``)."""

    customer: str
    currency: str
    buckets: Tuple[Decimal, ...]
    disputed: Decimal
    total: Decimal
    items: int


@dataclass(frozen=True)
class AgingTotal:
    """One currency's totals; ``percent_current`` is the not-yet-due share (None when folded)."""

    currency: str
    buckets: Tuple[Decimal, ...]
    disputed: Decimal
    total: Decimal
    items: int
    percent_current: Optional[Decimal]


@dataclass(frozen=True)
class AgingReport:
    """The aging report: rows per customer and currency (sorted), totals per currency.

    Reports of partitions merge (:meth:`merge`) into the report of the whole."""

    as_of: _dt.date
    basis: str
    not_due: str
    columns: Tuple[str, ...]
    rows: Tuple[AgingRow, ...]
    totals: Tuple[AgingTotal, ...]

    def to_dict(self) -> dict:
        """The wire form."""

        def amounts(xs: Iterable[Decimal]) -> list:
            return [format(x, "f") for x in xs]

        return {
            "as_of": _date("as_of", self.as_of),
            "basis": self.basis,
            "not_due": self.not_due,
            "columns": list(self.columns),
            "rows": [
                {
                    "customer": r.customer,
                    "currency": r.currency,
                    "buckets": amounts(r.buckets),
                    "disputed": format(r.disputed, "f"),
                    "total": format(r.total, "f"),
                    "items": r.items,
                }
                for r in self.rows
            ],
            "totals": [
                {
                    "currency": t.currency,
                    "buckets": amounts(t.buckets),
                    "disputed": format(t.disputed, "f"),
                    "total": format(t.total, "f"),
                    "items": t.items,
                    "percent_current": None if t.percent_current is None else format(t.percent_current, "f"),
                }
                for t in self.totals
            ],
        }

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> "AgingReport":
        """From the wire form."""

        def dec(xs: Iterable[str]) -> Tuple[Decimal, ...]:
            return tuple(Decimal(x) for x in xs)

        return cls(
            _parse_date(obj["as_of"]),
            obj["basis"],
            obj["not_due"],
            tuple(obj["columns"]),
            tuple(
                AgingRow(r["customer"], r["currency"], dec(r["buckets"]), Decimal(r["disputed"]), Decimal(r["total"]), r["items"])
                for r in obj["rows"]
            ),
            tuple(
                AgingTotal(
                    t["currency"],
                    dec(t["buckets"]),
                    Decimal(t["disputed"]),
                    Decimal(t["total"]),
                    t["items"],
                    None if t["percent_current"] is None else Decimal(t["percent_current"]),
                )
                for t in obj["totals"]
            ),
        )

    def merge(self, *others: "AgingReport") -> "AgingReport":
        """The report of this partition and ``others`` together (same as_of, basis and columns)."""
        return AgingReport.from_dict(_call("aging_merge", {"reports": [self.to_dict()] + [o.to_dict() for o in others]}))


def _aging_spec(
    as_of: DateLike, basis: str, bounds: Sequence[int], labels: Optional[Sequence[str]], not_due: str, credits: str
) -> dict:
    return {
        "as_of": _date("as_of", as_of),
        "basis": basis,
        "bounds": list(bounds),
        "labels": None if labels is None else list(labels),
        "not_due": not_due,
        "credits": credits,
    }


def aging(
    items: Iterable[OpenItem],
    as_of: DateLike,
    *,
    basis: str = "due_date",
    bounds: Sequence[int] = (30, 60, 90),
    labels: Optional[Sequence[str]] = None,
    not_due: str = "column",
    credits: str = "net",
) -> AgingReport:
    """Ages open items as of ``as_of``: per customer and currency, amounts per bucket.

    Age = as_of - due date (``basis="issue_date"``: - issue date). ``bounds`` are inclusive
    upper bounds in days; ``not_due="column"`` gives not-yet-due items their own first column,
    ``"fold"`` puts them in the first bucket; ``credits="separate"`` moves negative amounts to a
    ``credits`` column. Amounts may not carry more decimals than their currency (no silent
    rounding). For millions of rows use :func:`aging_arrow`.

    >>> r = aging([OpenItem("ACME", "EUR", "2026-10-01", "50.10"),
    ...            OpenItem("ACME", "EUR", "2026-12-01", "100.00")], "2026-11-24")
    >>> r.columns
    ('not_due', '1-30', '31-60', '61-90', '90+')
    >>> r.rows[0].buckets
    (Decimal('100.00'), Decimal('0.00'), Decimal('50.10'), Decimal('0.00'), Decimal('0.00'))
    """
    request = _aging_spec(as_of, basis, bounds, labels, not_due, credits)
    request["items"] = [it.to_dict(i) for i, it in enumerate(items)]
    return AgingReport.from_dict(_call("aging", request))


def _fixed(op: str, request: dict, key: str) -> Decimal:
    return Decimal(_call(op, request)[key])


def dso(
    receivables: AmountLike,
    credit_sales: AmountLike,
    days: int,
    *,
    beginning_receivables: Optional[AmountLike] = None,
    decimals: int = 2,
) -> Decimal:
    """Days sales outstanding: receivables / credit sales x days. With
    ``beginning_receivables`` the average of beginning and ending receivables is used.

    >>> dso("50000000", "730000000", 365)
    Decimal('25.00')
    """
    request: dict = {
        "receivables": _amount("receivables", receivables),
        "credit_sales": _amount("credit_sales", credit_sales),
        "days": days,
        "decimals": decimals,
    }
    if beginning_receivables is not None:
        request["beginning_receivables"] = _amount("beginning_receivables", beginning_receivables)
        request["receivables_basis"] = "average"
    return _fixed("dso", request, "dso")


@dataclass(frozen=True)
class Countback:
    """Countback DSO in days and in months."""

    days: Decimal
    months: Decimal


def countback_dso(
    receivables: AmountLike,
    monthly_sales: Sequence[AmountLike],
    *,
    month_days: str = "thirty",
    as_of: Optional[DateLike] = None,
    decimals: int = 2,
) -> Countback:
    """Countback DSO: months of credit sales (newest first) subtracted from the receivables; the
    last month pro-rated by its length (``month_days="actual"`` with ``as_of``) or 30 days.

    >>> countback_dso("212000", ["100000", "80000", "70000"])
    Countback(days=Decimal('73.71'), months=Decimal('2.46'))
    """
    request: dict = {
        "receivables": _amount("receivables", receivables),
        "monthly_sales": [_amount(f"monthly_sales[{i}]", x) for i, x in enumerate(monthly_sales)],
        "month_days": month_days,
        "decimals": decimals,
    }
    if as_of is not None:
        request["as_of"] = _date("as_of", as_of)
    r = _call("countback_dso", request)
    return Countback(Decimal(r["days"]), Decimal(r["months"]))


@dataclass(frozen=True)
class BestPossibleDso:
    """Best possible DSO, and with the total receivables the DSO and average days delinquent."""

    best_possible_dso: Decimal
    dso: Optional[Decimal] = None
    average_days_delinquent: Optional[Decimal] = None


def best_possible_dso(
    current_receivables: AmountLike,
    credit_sales: AmountLike,
    days: int,
    *,
    total_receivables: Optional[AmountLike] = None,
    decimals: int = 2,
) -> BestPossibleDso:
    """Best possible DSO = current receivables / credit sales x days; ADD = DSO - BPDSO.

    >>> best_possible_dso("3590", "10890", 90, total_receivables="6340")
    BestPossibleDso(best_possible_dso=Decimal('29.67'), dso=Decimal('52.40'), average_days_delinquent=Decimal('22.73'))
    """
    request: dict = {
        "current_receivables": _amount("current_receivables", current_receivables),
        "credit_sales": _amount("credit_sales", credit_sales),
        "days": days,
        "decimals": decimals,
    }
    if total_receivables is not None:
        request["total_receivables"] = _amount("total_receivables", total_receivables)
    r = _call("best_possible_dso", request)
    opt = lambda k: None if k not in r else Decimal(r[k])  # noqa: E731
    return BestPossibleDso(Decimal(r["best_possible_dso"]), opt("dso"), opt("average_days_delinquent"))


def cei(
    beginning_receivables: AmountLike,
    credit_sales: AmountLike,
    ending_receivables: AmountLike,
    ending_current_receivables: AmountLike,
    *,
    months: Optional[int] = None,
    decimals: int = 2,
) -> Decimal:
    """Collection effectiveness index in percent: (B + S - E) / (B + S - E_current) x 100, with S
    the period's credit sales, or their monthly average when ``months`` is given.

    >>> cei("6200", "10890", "6340", "3590", months=3)
    Decimal('55.93')
    """
    request: dict = {
        "beginning_receivables": _amount("beginning_receivables", beginning_receivables),
        "credit_sales": _amount("credit_sales", credit_sales),
        "ending_receivables": _amount("ending_receivables", ending_receivables),
        "ending_current_receivables": _amount("ending_current_receivables", ending_current_receivables),
        "decimals": decimals,
    }
    if months is not None:
        request["sales_basis"] = "monthly_average"
        request["months"] = months
    return _fixed("cei", request, "cei")


@dataclass(frozen=True)
class PaidItem:
    """A paid invoice: the history for :func:`payment_timing` and :func:`cash_forecast`."""

    amount: AmountLike
    issue_date: DateLike
    due_date: DateLike
    paid_date: DateLike
    customer: str = ""

    def to_dict(self, field: str = "paid[0]") -> dict:
        """The wire form."""
        return {
            "customer": self.customer,
            "amount": _amount(f"{field}.amount", self.amount),
            "issue_date": _date(f"{field}.issue_date", self.issue_date),
            "due_date": _date(f"{field}.due_date", self.due_date),
            "paid_date": _date(f"{field}.paid_date", self.paid_date),
        }


@dataclass(frozen=True)
class PaymentTiming:
    """Amount-weighted average days to pay and days late, and the share paid late."""

    days_to_pay: Decimal
    days_late: Decimal
    percent_late: Decimal
    items: int


def payment_timing(paid: Iterable[PaidItem], *, decimals: int = 2) -> PaymentTiming:
    """Average days to pay and days late, weighted by amount (early payments count 0 late).

    >>> payment_timing([PaidItem("300", "2026-01-01", "2026-01-31", "2026-02-10"),
    ...                 PaidItem("100", "2026-01-01", "2026-01-31", "2026-01-21")])
    PaymentTiming(days_to_pay=Decimal('35.00'), days_late=Decimal('7.50'), percent_late=Decimal('75.00'), items=2)
    """
    r = _call("payment_timing", {"paid": [p.to_dict(f"paid[{i}]") for i, p in enumerate(paid)], "decimals": decimals})
    return PaymentTiming(Decimal(r["days_to_pay"]), Decimal(r["days_late"]), Decimal(r["percent_late"]), r["items"])


def allowance(
    buckets: Sequence[AmountLike],
    percents: Sequence[AmountLike],
    currency: str,
    *,
    rounding: str = "half_up",
    precision: Optional[int] = None,
) -> Tuple[Tuple[Decimal, ...], Decimal]:
    """Bad-debt allowance: each bucket's amount x its percent, rounded; the total is their sum.

    >>> allowance(["1000.00", "333.33", "50.00"], ["1", "5", "50"], "EUR")
    ((Decimal('10.00'), Decimal('16.67'), Decimal('25.00')), Decimal('51.67'))
    """
    r = _call(
        "allowance",
        {
            "currency": currency,
            "buckets": [_amount(f"buckets[{i}]", b) for i, b in enumerate(buckets)],
            "percents": [_amount(f"percents[{i}]", p) for i, p in enumerate(percents)],
            "rounding": rounding,
            "precision": precision,
        },
    )
    return tuple(Decimal(x) for x in r["parts"]), Decimal(r["total"])


def roll_rates(
    previous: Sequence[AmountLike], current: Sequence[AmountLike], *, decimals: int = 2
) -> Tuple[Optional[Decimal], ...]:
    """Roll rates between two aging snapshots of the same buckets: the share of bucket i found
    in bucket i+1 later, in percent (None from an empty bucket).

    >>> roll_rates(["1000", "400", "100"], ["900", "250", "80"])
    (Decimal('25.00'), Decimal('20.00'))
    """
    r = _call(
        "roll_rates",
        {
            "previous": [_amount(f"previous[{i}]", x) for i, x in enumerate(previous)],
            "current": [_amount(f"current[{i}]", x) for i, x in enumerate(current)],
            "decimals": decimals,
        },
    )
    return tuple(None if x is None else Decimal(x) for x in r["rates"])


@dataclass(frozen=True)
class ForecastPeriod:
    """Expected collections of one period in one currency."""

    currency: str
    start: _dt.date
    end: _dt.date
    amount: Decimal
    items: int


@dataclass(frozen=True)
class Forecast:
    """A cash forecast: periods per currency, what comes after the horizon, and the lateness
    (days) used per customer."""

    periods: Tuple[ForecastPeriod, ...]
    later: Tuple[ForecastPeriod, ...]
    lateness: Mapping[str, int]


def cash_forecast(
    open_items: Iterable[OpenItem],
    history: Iterable[PaidItem],
    as_of: DateLike,
    *,
    period: str = "week",
    horizon: int = 12,
    default_days_late: int = 0,
) -> Forecast:
    """Expected collections per ``"week"`` or ``"month"`` from ``as_of``: each open item is
    expected its customer's average lateness (amount-weighted, from ``history``) after its due
    date, never before ``as_of``.

    >>> f = cash_forecast([OpenItem("A", "EUR", "2026-12-01", "100.00")],
    ...                   [PaidItem("50.00", "2026-01-01", "2026-01-31", "2026-02-14", customer="A")],
    ...                   "2026-11-24", horizon=4)
    >>> f.periods[3].start, f.periods[3].amount, f.lateness
    (datetime.date(2026, 12, 15), Decimal('100.00'), {'A': 14})
    """
    request = {
        "as_of": _date("as_of", as_of),
        "period": period,
        "horizon": horizon,
        "default_days_late": default_days_late,
        "open": [
            {
                "customer": o.customer,
                "currency": o.currency,
                "due_date": _date(f"open[{i}].due_date", o.due_date),
                "amount": _amount(f"open[{i}].amount", o.amount),
            }
            for i, o in enumerate(open_items)
        ],
        "history": [p.to_dict(f"history[{i}]") for i, p in enumerate(history)],
    }
    r = _call("cash_forecast", request)

    def periods(xs: Iterable[Mapping[str, Any]]) -> Tuple[ForecastPeriod, ...]:
        return tuple(
            ForecastPeriod(p["currency"], _parse_date(p["start"]), _parse_date(p["end"]), Decimal(p["amount"]), p["items"])
            for p in xs
        )

    return Forecast(periods(r["periods"]), periods(r["later"]), {x["customer"]: x["days_late"] for x in r["lateness"]})
