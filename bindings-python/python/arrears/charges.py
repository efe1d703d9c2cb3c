"""Late charges: the interest and fees a late customer owes on any date, under a fixed rate, a
reference-rate table or a statutory regime (EU, DE, UK, FR, IT, RU), with the breakdown that
explains it; late fees; and the statement of account a collections clerk sends.

The rules live in the core (SEMANTICS.md, "Late charges"): interest runs on each day after the
due date through ``as_of``, a payment lowers the principal from the day after it, numerators are
summed exactly and rounded once with the currency's rules. The classes below only hold the
caller's data (amounts as :class:`~decimal.Decimal`, ints or decimal strings, never floats;
dates as :class:`datetime.date` or ISO strings); the core checks it and names the bad field
(``rule.reference.table.rates[1].from``, ``events[0].amount``...).

>>> from arrears import ChargeEvent, InterestRule, interest
>>> r = interest("1000.00", "EUR", "2025-03-01", "2025-03-31", InterestRule.fixed("10.25"),
...              events=[ChargeEvent.payment("2025-03-11", "200.00")])
>>> r.interest, [(str(p.start), str(p.end), p.principal, p.interest) for p in r.periods]
(Decimal('7.30'), [('2025-03-02', '2025-03-11', Decimal('1000.00'), Decimal('2.81')), ('2025-03-12', '2025-03-31', Decimal('800.00'), Decimal('4.49'))])
"""

from __future__ import annotations

import datetime as _dt

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Mapping, Optional, Sequence, Tuple

from ._wire import AmountLike, DateLike, _amount, _call, _date, _object, _parse_date, _rounding_fields
from .calendar import Calendar
from .rates import _opt_amount, _opt_date, _opt_dec, InterestRule, StatutoryPreset
from .terms import InstallmentDiscount


def _opt_parse_date(value: Optional[str]) -> Optional[_dt.date]:
    return None if value is None else _parse_date(value)


@dataclass(frozen=True)
class ChargeEvent:
    """A payment or a credit note on a claim: it lowers the principal from the day after
    ``date`` (on or before the due date: the starting principal). ``amount`` is positive;
    ``currency``, if given, must be the claim's."""

    date: DateLike
    amount: AmountLike
    kind: str = "payment"
    currency: Optional[str] = None

    @staticmethod
    def payment(date: DateLike, amount: AmountLike, currency: Optional[str] = None) -> "ChargeEvent":
        """A payment."""
        return ChargeEvent(date, amount, "payment", currency)

    @staticmethod
    def credit_note(date: DateLike, amount: AmountLike, currency: Optional[str] = None) -> "ChargeEvent":
        """A credit note."""
        return ChargeEvent(date, amount, "credit_note", currency)

    def to_wire(self, field: str = "events[0]") -> dict:
        """The wire form ``{"kind", "date", "amount", "currency"}``."""
        d: dict = {"kind": self.kind, "date": _date(f"{field}.date", self.date), "amount": _amount(f"{field}.amount", self.amount)}
        if self.currency is not None:
            d["currency"] = self.currency
        return d

    @staticmethod
    def from_wire(obj: Mapping[str, Any]) -> "ChargeEvent":
        """From the wire form."""
        if not set(obj) <= {"kind", "date", "amount", "currency"}:
            raise KeyError("unknown event field")
        return ChargeEvent(obj["date"], obj["amount"], obj.get("kind", "payment"), obj.get("currency"))


def _typed(field: str, value: Any, cls: type, what: str) -> Any:
    if not isinstance(value, cls):
        raise TypeError(f"{field}: expected {what}, got {type(value).__name__} {value!r}")
    return value


def _events(field: str, events: Iterable[ChargeEvent]) -> list:
    return [_typed(f"{field}[{i}]", e, ChargeEvent, "a ChargeEvent").to_wire(f"{field}[{i}]") for i, e in enumerate(events)]


@dataclass(frozen=True)
class FeeBand:
    """A band of a tiered fee: from principal ``start`` (wire ``from``) on, a ``fixed`` amount
    or a ``percent`` of the principal."""

    start: AmountLike
    fixed: Optional[AmountLike] = None
    percent: Optional[AmountLike] = None

    def to_wire(self, field: str = "bands[0]") -> dict:
        """The wire form ``{"from": ..., "fixed" | "percent": ...}``."""
        d: dict = {"from": _amount(f"{field}.from", self.start)}
        _opt_amount(d, "fixed", self.fixed, f"{field}.fixed")
        _opt_amount(d, "percent", self.percent, f"{field}.percent")
        return d


@dataclass(frozen=True)
class FeeRule:
    """A late fee: ``fixed``, ``percent`` of the overdue principal (never of a balance holding
    fees), or ``bands``; bounded by ``min`` / ``max``; charged once ``per`` ``"invoice"`` (the
    default) or ``"dunning_level"``; ``currency`` restricts it to one currency.

    >>> FeeRule.percent_of("5", min="10.00", max="150.00").to_wire()
    {'percent': '5', 'min': '10.00', 'max': '150.00'}
    """

    fixed: Optional[AmountLike] = None
    percent: Optional[AmountLike] = None
    bands: Optional[Tuple[FeeBand, ...]] = None
    min: Optional[AmountLike] = None
    max: Optional[AmountLike] = None
    per: Optional[str] = None
    currency: Optional[str] = None

    @staticmethod
    def fixed_amount(amount: AmountLike, **options: Any) -> "FeeRule":
        """A fixed fee."""
        return FeeRule(fixed=amount, **options)

    @staticmethod
    def percent_of(percent: AmountLike, **options: Any) -> "FeeRule":
        """A percent of the overdue principal."""
        return FeeRule(percent=percent, **options)

    @staticmethod
    def tiered(bands: Iterable[FeeBand], **options: Any) -> "FeeRule":
        """A fee by principal bands (the UK 40/70/100)."""
        return FeeRule(bands=tuple(bands), **options)

    def to_wire(self) -> dict:
        """The wire form."""
        d: dict = {}
        _opt_amount(d, "fixed", self.fixed, "fee.fixed")
        _opt_amount(d, "percent", self.percent, "fee.percent")
        if self.bands is not None:
            d["bands"] = [b.to_wire(f"fee.bands[{i}]") for i, b in enumerate(self.bands)]
        _opt_amount(d, "min", self.min, "fee.min")
        _opt_amount(d, "max", self.max, "fee.max")
        if self.per is not None:
            d["per"] = self.per
        if self.currency is not None:
            d["currency"] = self.currency
        return d

    @staticmethod
    def from_wire(obj: Mapping[str, Any]) -> "FeeRule":
        """From the wire form (values kept as given)."""
        if not set(obj) <= {"fixed", "percent", "bands", "min", "max", "per", "currency"}:
            raise KeyError("unknown fee field")
        bands = obj.get("bands")
        return FeeRule(
            obj.get("fixed"),
            obj.get("percent"),
            None if bands is None else tuple(FeeBand(b["from"], b.get("fixed"), b.get("percent")) for b in bands),
            obj.get("min"),
            obj.get("max"),
            obj.get("per"),
            obj.get("currency"),
        )


@dataclass(frozen=True)
class StatementItem:
    """An open item of a statement: its principal ``amount`` at the due date, payments and
    credit notes (``events``), the early ``discounts`` of its schedule, and ``fees`` already
    charged."""

    id: str
    currency: str
    amount: AmountLike
    due_date: DateLike
    invoice_date: Optional[DateLike] = None
    events: Tuple[ChargeEvent, ...] = ()
    discounts: Tuple[InstallmentDiscount, ...] = ()
    fees: Optional[AmountLike] = None

    def to_wire(self, i: int = 0) -> dict:
        """The wire form."""
        f = f"items[{i}]"
        d: dict = {
            "id": self.id,
            "currency": self.currency,
            "amount": _amount(f"{f}.amount", self.amount),
            "due_date": _date(f"{f}.due_date", self.due_date),
        }
        _opt_date(d, "invoice_date", self.invoice_date, f"{f}.invoice_date")
        if self.events:
            d["events"] = _events(f"{f}.events", self.events)
        if self.discounts:
            d["discounts"] = [x.to_dict() for x in self.discounts]
        _opt_amount(d, "fees", self.fees, f"{f}.fees")
        return d

    @staticmethod
    def from_wire(obj: Mapping[str, Any]) -> "StatementItem":
        """From the wire form."""
        known = {"id", "currency", "amount", "due_date", "invoice_date", "events", "discounts", "fees"}
        if not set(obj) <= known:
            raise KeyError("unknown item field")
        return StatementItem(
            obj["id"],
            obj["currency"],
            obj["amount"],
            obj["due_date"],
            obj.get("invoice_date"),
            tuple(ChargeEvent.from_wire(e) for e in obj.get("events", ())),
            tuple(InstallmentDiscount.from_dict(x) for x in obj.get("discounts", ())),
            obj.get("fees"),
        )


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class InterestPeriod:
    """One line of the breakdown: ``start`` ..= ``end`` (``days`` counted on ``day_basis``) at
    ``principal`` and annual ``rate`` (``reference_rate`` plus margin, for a reference rule). The
    lines' ``interest`` sums exactly to the total."""

    start: _dt.date
    end: _dt.date
    days: int
    principal: Decimal
    rate: Decimal
    reference_rate: Optional[Decimal]
    day_basis: int
    day_count: str
    interest: Decimal

    @staticmethod
    def from_dict(o: Mapping[str, Any]) -> "InterestPeriod":
        """From the wire form."""
        return InterestPeriod(
            _parse_date(o["from"]),
            _parse_date(o["to"]),
            o["days"],
            Decimal(o["principal"]),
            Decimal(o["rate"]),
            _opt_dec(o.get("reference_rate")),
            o["day_basis"],
            o["day_count"],
            Decimal(o["interest"]),
        )

    def to_dict(self) -> dict:
        """The wire form."""
        d: dict = {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "days": self.days,
            "principal": format(self.principal, "f"),
            "rate": format(self.rate, "f"),
            "day_basis": self.day_basis,
            "day_count": self.day_count,
            "interest": format(self.interest, "f"),
        }
        if self.reference_rate is not None:
            d["reference_rate"] = format(self.reference_rate, "f")
        return d


@dataclass(frozen=True)
class Interest:
    """The interest of one claim as of a date: ``status`` (``"charged"``, ``"not_due"``,
    ``"paid_on_time"``, ``"within_grace"``, ``"paid_within_grace"``), ``days_late``, the
    ``principal`` still owed, ``unapplied`` overpayment, the rounded ``interest`` and its
    ``periods``; with a preset, ``preset`` = (name, the ``from`` date of the version used)."""

    currency: str
    due_date: _dt.date
    status: str
    days_late: int
    principal: Decimal
    unapplied: Decimal
    interest: Decimal
    periods: Tuple[InterestPeriod, ...]
    since: Optional[_dt.date] = None
    preset: Optional[Tuple[str, _dt.date]] = None

    @staticmethod
    def from_dict(o: Mapping[str, Any]) -> "Interest":
        """From the wire form."""
        p = o.get("preset")
        return Interest(
            o["currency"],
            _parse_date(o["due_date"]),
            o["status"],
            o["days_late"],
            Decimal(o["principal"]),
            Decimal(o["unapplied"]),
            Decimal(o["interest"]),
            tuple(InterestPeriod.from_dict(x) for x in o["periods"]),
            _opt_parse_date(o.get("since")),
            None if p is None else (p["name"], _parse_date(p["version"])),
        )

    def to_dict(self) -> dict:
        """The wire form."""
        d: dict = {
            "currency": self.currency,
            "due_date": self.due_date.isoformat(),
            "status": self.status,
            "days_late": self.days_late,
            "principal": format(self.principal, "f"),
            "unapplied": format(self.unapplied, "f"),
            "interest": format(self.interest, "f"),
            "periods": [x.to_dict() for x in self.periods],
        }
        if self.since is not None:
            d["since"] = self.since.isoformat()
        if self.preset is not None:
            d["preset"] = {"name": self.preset[0], "version": self.preset[1].isoformat()}
        return d


@dataclass(frozen=True)
class StatementLine:
    """One item of a statement: principal still owed, interest to date, fees, the early
    ``discount`` still available until ``discount_deadline``, and ``total_due``."""

    id: str
    currency: str
    due_date: _dt.date
    days_late: int
    status: str
    principal: Decimal
    interest: Decimal
    fees: Decimal
    discount: Decimal
    discount_deadline: Optional[_dt.date]
    total_due: Decimal
    periods: Tuple[InterestPeriod, ...] = ()


@dataclass(frozen=True)
class StatementTotal:
    """The totals of one currency (never across currencies)."""

    currency: str
    principal: Decimal
    interest: Decimal
    fees: Decimal
    discount: Decimal
    total_due: Decimal


_MONEY_LINE = ("principal", "interest", "fees", "discount", "total_due")


@dataclass(frozen=True)
class Statement:
    """A customer's statement of account on ``as_of``: one line per item still owing, totals per
    currency. :func:`statement_text` renders the letter."""

    customer: str
    as_of: _dt.date
    lines: Tuple[StatementLine, ...]
    totals: Tuple[StatementTotal, ...]

    @staticmethod
    def from_dict(o: Mapping[str, Any]) -> "Statement":
        """From the wire form."""
        lines = tuple(
            StatementLine(
                x["id"],
                x["currency"],
                _parse_date(x["due_date"]),
                x["days_late"],
                x["status"],
                Decimal(x["principal"]),
                Decimal(x["interest"]),
                Decimal(x["fees"]),
                Decimal(x["discount"]),
                _opt_parse_date(x.get("discount_deadline")),
                Decimal(x["total_due"]),
                tuple(InterestPeriod.from_dict(p) for p in x.get("periods", ())),
            )
            for x in o["lines"]
        )
        totals = tuple(StatementTotal(t["currency"], *(Decimal(t[k]) for k in _MONEY_LINE)) for t in o["totals"])
        return Statement(o["customer"], _parse_date(o["as_of"]), lines, totals)

    def to_dict(self) -> dict:
        """The wire form."""

        def line(x: StatementLine) -> dict:
            d: dict = {"id": x.id, "currency": x.currency, "due_date": x.due_date.isoformat(), "days_late": x.days_late, "status": x.status}
            d.update((k, format(getattr(x, k), "f")) for k in _MONEY_LINE)
            if x.discount_deadline is not None:
                d["discount_deadline"] = x.discount_deadline.isoformat()
            if x.periods:
                d["periods"] = [p.to_dict() for p in x.periods]
            return d

        return {
            "customer": self.customer,
            "as_of": self.as_of.isoformat(),
            "lines": [line(x) for x in self.lines],
            "totals": [{"currency": t.currency, **{k: format(getattr(t, k), "f") for k in _MONEY_LINE}} for t in self.totals],
        }

# --- operations ----------------------------------------------------------------------------


def _rule_or_preset(request: dict, rule: Optional[InterestRule], preset: Optional[StatutoryPreset]) -> None:
    if rule is not None:
        request["rule"] = _object("rule", rule, InterestRule, "an InterestRule")
    if preset is not None:
        request["preset"] = _object("preset", preset, StatutoryPreset, "a StatutoryPreset")


def _currency(value: Any, field: str = "currency") -> str:
    if not isinstance(value, str):
        raise TypeError(f"{field}: expected an ISO 4217 code such as 'EUR', got {type(value).__name__} {value!r}")
    return value


def interest(
    principal: AmountLike,
    currency: str,
    due_date: DateLike,
    as_of: DateLike,
    rule: Optional[InterestRule] = None,
    *,
    preset: Optional[StatutoryPreset] = None,
    invoice_date: Optional[DateLike] = None,
    events: Iterable[ChargeEvent] = (),
    since: Optional[DateLike] = None,
    rounding: str = "half_up",
    precision: Optional[int] = None,
    cash_increment: Optional[AmountLike] = None,
    calendar: Optional[Calendar] = None,
) -> Interest:
    """The late interest on ``principal`` due on ``due_date``, as of ``as_of``, under ``rule``
    or a statutory ``preset`` (exactly one), with its breakdown.

    ``events`` are payments and credit notes; ``since`` reports only the days after it;
    ``calendar`` is the one the rule's due-date roll runs over (default Saturday-Sunday).
    Raises :class:`InvalidDateError` for a payment before ``invoice_date``,
    :class:`InvalidAmountError` for a negative payment, :class:`InvalidRuleError` for a rate
    outside -100..1000 % or a rate table with a gap, an overlap or a day it does not cover,
    :class:`InvalidRequestError` for an unknown preset, each naming the field.

    >>> from arrears import RateEntry, RateTable, StatutoryPreset, rate_table
    >>> de = StatutoryPreset("de_288_b2b", rate_table("de_basiszins").table, obligation_date="2024-05-01")
    >>> r = interest("10000.00", "EUR", "2024-05-31", "2024-12-31", preset=de,
    ...              events=[ChargeEvent.payment("2024-08-15", "4000.00")])
    >>> r.interest, [str(p.rate) for p in r.periods], r.preset[0]
    (Decimal('540.23'), ['12.62', '12.37', '12.37'], 'de_288_b2b')
    """
    request: dict = {
        "principal": _amount("principal", principal),
        "currency": _currency(currency),
        "due_date": _date("due_date", due_date),
        "as_of": _date("as_of", as_of),
        "events": _events("events", events),
        **_rounding_fields(rounding, precision, cash_increment),
    }
    _rule_or_preset(request, rule, preset)
    _opt_date(request, "invoice_date", invoice_date, "invoice_date")
    _opt_date(request, "since", since, "since")
    if calendar is not None:
        request["calendar"] = _object("calendar", calendar, Calendar, "a Calendar")
    return Interest.from_dict(_call("interest", request))


def late_fee(
    principal: AmountLike,
    currency: str,
    fee: Optional[FeeRule] = None,
    *,
    preset: Optional[str] = None,
    obligation_date: Optional[DateLike] = None,
    level: Optional[int] = None,
    charged_levels: Sequence[int] = (),
    rounding: str = "half_up",
    precision: Optional[int] = None,
    cash_increment: Optional[AmountLike] = None,
) -> Decimal:
    """The late fee on an overdue ``principal``: by ``fee`` or by a statutory ``preset``'s
    compensation (``"uk_late_payment"``: 40/70/100 GBP by band), chosen by ``obligation_date``
    where the preset has versions. With ``level`` (a dunning level) and ``charged_levels``
    (those already charged), the fee due at that level (zero when already charged).

    >>> late_fee("999.99", "GBP", preset="uk_late_payment"), late_fee("1000.00", "GBP", preset="uk_late_payment")
    (Decimal('40.00'), Decimal('70.00'))
    >>> late_fee("2000.00", "EUR", FeeRule.percent_of("5", max="80.00"))
    Decimal('80.00')
    """
    request: dict = {
        "principal": _amount("principal", principal),
        "currency": _currency(currency),
        "charged_levels": list(charged_levels),
        **_rounding_fields(rounding, precision, cash_increment),
    }
    if fee is not None:
        request["fee"] = _object("fee", fee, FeeRule, "a FeeRule")
    if preset is not None:
        request["preset"] = preset
    _opt_date(request, "obligation_date", obligation_date, "obligation_date")
    if level is not None:
        request["level"] = level
    return Decimal(_call("late_fee", request)["fee"])


def _statement_request(
    customer: str,
    as_of: DateLike,
    items: Iterable[StatementItem],
    rule: Optional[InterestRule],
    preset: Optional[StatutoryPreset],
    fee: Optional[FeeRule],
    rounding: str,
    precision: Optional[int],
    cash_increment: Optional[AmountLike],
    calendar: Optional[Calendar],
    breakdown: bool,
) -> dict:
    request: dict = {
        "customer": customer,
        "as_of": _date("as_of", as_of),
        "items": [_typed(f"items[{i}]", x, StatementItem, "a StatementItem").to_wire(i) for i, x in enumerate(items)],
        "breakdown": breakdown,
        **_rounding_fields(rounding, precision, cash_increment),
    }
    _rule_or_preset(request, rule, preset)
    if fee is not None:
        request["fee"] = _object("fee", fee, FeeRule, "a FeeRule")
    if calendar is not None:
        request["calendar"] = _object("calendar", calendar, Calendar, "a Calendar")
    return request


def statement(
    customer: str,
    as_of: DateLike,
    items: Iterable[StatementItem],
    rule: Optional[InterestRule] = None,
    *,
    preset: Optional[StatutoryPreset] = None,
    fee: Optional[FeeRule] = None,
    rounding: str = "half_up",
    precision: Optional[int] = None,
    cash_increment: Optional[AmountLike] = None,
    calendar: Optional[Calendar] = None,
    breakdown: bool = False,
) -> Statement:
    """A customer's statement of account on ``as_of``: every item still owing with its
    principal, interest to date (under ``rule`` or ``preset``), fees (``fee`` once per late
    item, on top of those already charged), the early discount still available, and totals per
    currency. ``breakdown`` adds each line's interest periods.

    >>> s = statement("ACME", "2026-03-31", [StatementItem("INV-1", "EUR", "1000.00", "2026-01-15")],
    ...               InterestRule.fixed("9.12"), fee=FeeRule(fixed="40.00"))
    >>> s.lines[0].interest, s.lines[0].fees, s.totals[0].total_due
    (Decimal('18.74'), Decimal('40.00'), Decimal('1058.74'))
    """
    request = _statement_request(customer, as_of, items, rule, preset, fee, rounding, precision, cash_increment, calendar, breakdown)
    return Statement.from_dict(_call("statement", request))


def statement_text(
    customer: str,
    as_of: DateLike,
    items: Iterable[StatementItem],
    rule: Optional[InterestRule] = None,
    *,
    preset: Optional[StatutoryPreset] = None,
    fee: Optional[FeeRule] = None,
    rounding: str = "half_up",
    precision: Optional[int] = None,
    cash_increment: Optional[AmountLike] = None,
    calendar: Optional[Calendar] = None,
    breakdown: bool = False,
) -> str:
    """The :func:`statement` as the plain-text letter a collections clerk sends.

    >>> print(statement_text("ACME", "2026-03-31", [StatementItem("INV-1", "EUR", "1000.00", "2026-01-15")],
    ...                      InterestRule.fixed("9.12")).splitlines()[5])
    INV-1          2026-01-15    75 EUR        1000.00        18.74       0.00        1018.74
    """
    request = _statement_request(customer, as_of, items, rule, preset, fee, rounding, precision, cash_increment, calendar, breakdown)
    return str(_call("statement_text", request)["text"])
