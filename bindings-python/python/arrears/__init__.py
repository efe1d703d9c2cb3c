"""arrears: an embeddable accounts-receivable engine, exact and identical in every language.

Amounts are :class:`decimal.Decimal` (decimal strings and ints are accepted; floats are a
:class:`TypeError`, because a float cannot hold money exactly); dates are :class:`datetime.date`
(or ISO ``"YYYY-MM-DD"`` strings). Every rounding is explicit and per currency, and installments
always sum exactly to the invoice.

>>> from datetime import date
>>> from decimal import Decimal
>>> import arrears
>>> from arrears import Line, PaymentTerms, Step
>>> terms = PaymentTerms([Line.percent("30"),
...                       Line.balance(due=[Step.end_of_month(), Step.add_days(60)])])
>>> s = arrears.schedule(Decimal("1000.00"), "EUR", date(2026, 1, 31), terms)
>>> [(str(i.due_date), i.amount) for i in s.installments]
[('2026-01-31', Decimal('300.00')), ('2026-04-01', Decimal('700.00'))]

The computation lives in the Rust core; this package converts Python values to the shared wire
format (see the README) and back, and raises :mod:`arrears.errors` exceptions.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
from dataclasses import dataclass, field as _field
from decimal import Decimal
from typing import Any, Iterable, Iterator, Literal, Mapping, Optional, Sequence, Tuple, Union

from . import _arrears
from .errors import (
    AmountOverflowError,
    ArrearsError,
    DateOutOfRangeError,
    InternalError,
    InvalidAmountError,
    InvalidDateError,
    InvalidPrecisionError,
    InvalidRequestError,
    LimitExceededError,
    InvalidRoundingError,
    InvalidRuleError,
    InvalidTermsError,
    UnknownCurrencyError,
    _from_payload,
)

__version__: str = _arrears.version()

__all__ = [
    "__version__",
    "ROUNDING_MODES",
    "ADJUSTMENTS",
    "Step",
    "Discount",
    "Line",
    "PaymentTerms",
    "Calendar",
    "InstallmentDiscount",
    "Installment",
    "Schedule",
    "Currency",
    "Preset",
    "XRechnungTerms",
    "read_xrechnung",
    "Settlement",
    "DiscountCost",
    "OpenItem",
    "AgingRow",
    "AgingTotal",
    "AgingReport",
    "ArrowStream",
    "Countback",
    "BestPossibleDso",
    "PaidItem",
    "PaymentTiming",
    "ForecastPeriod",
    "Forecast",
    "schedule",
    "presets",
    "settle",
    "discount_cost",
    "aging",
    "aging_arrow",
    "schedule_arrow",
    "dso",
    "countback_dso",
    "best_possible_dso",
    "cei",
    "payment_timing",
    "allowance",
    "roll_rates",
    "cash_forecast",
    "due_date",
    "round_amount",
    "currency",
    "currencies",
    "call_json",
    "ArrearsError",
    "InvalidAmountError",
    "InvalidDateError",
    "UnknownCurrencyError",
    "InvalidPrecisionError",
    "InvalidRoundingError",
    "InvalidRuleError",
    "InvalidTermsError",
    "DateOutOfRangeError",
    "AmountOverflowError",
    "InvalidRequestError",
    "LimitExceededError",
    "InternalError",
]

RoundingMode = Literal["half_up", "half_even", "half_down", "toward_zero", "away_from_zero", "floor", "ceiling"]
Adjustment = Literal["none", "following", "modified_following", "preceding"]
AmountLike = Union[Decimal, int, str]
DateLike = Union[_dt.date, str]

#: The rounding modes, in documentation order (``"half_up"`` is the default).
ROUNDING_MODES: Tuple[str, ...] = (
    "half_up",
    "half_even",
    "half_down",
    "toward_zero",
    "away_from_zero",
    "floor",
    "ceiling",
)
#: The business-day adjustments (``"none"`` is the default).
ADJUSTMENTS: Tuple[str, ...] = ("none", "following", "modified_following", "preceding")


# ---------------------------------------------------------------------------------------------
# Conversion to and from the wire format


def _call(op: str, request: Mapping[str, Any]) -> Any:
    ok, payload = _arrears.call(op, _json.dumps(request))
    if not ok:
        raise _from_payload(payload)
    return _json.loads(payload)


def _amount(field: str, value: Any) -> str:
    """An amount in wire form; floats and bools are rejected."""
    if isinstance(value, bool):
        raise TypeError(f"{field}: expected a Decimal, int or decimal string, got bool {value!r}")
    if isinstance(value, float):
        raise TypeError(
            f"{field}: got float {value!r}; a float cannot represent money exactly, "
            f"pass Decimal({str(value)!r}) or the string {str(value)!r}"
        )
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidAmountError(
                f"{field}: invalid amount {str(value)!r}: not a finite number",
                field=field,
                value=str(value),
                reason="not a finite number",
            )
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value
    raise TypeError(f"{field}: expected a Decimal, int or decimal string, got {type(value).__name__}")


def _date(field: str, value: Any) -> str:
    """A date in wire form; datetimes are rejected (a time of day makes the date ambiguous)."""
    if isinstance(value, _dt.datetime):
        raise TypeError(f"{field}: got a datetime; pass a datetime.date (e.g. value.date()) so the day is explicit")
    if isinstance(value, _dt.date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, str):
        return value
    raise TypeError(f"{field}: expected a datetime.date or an ISO 'YYYY-MM-DD' string, got {type(value).__name__}")


def _decimal(field: str, value: Any) -> Decimal:
    text = _amount(field, value)
    try:
        return Decimal(text)
    except ArithmeticError:
        raise InvalidAmountError(
            f"{field}: invalid amount {text!r}: expected a decimal number such as '1234.56'",
            field=field,
            value=text,
            reason="expected a decimal number such as '1234.56'",
        ) from None


def _parse_date(text: str) -> _dt.date:
    return _dt.date(int(text[0:4]), int(text[5:7]), int(text[8:10]))


# ---------------------------------------------------------------------------------------------
# Types


@dataclass(frozen=True)
class Step:
    """One step of a due-date rule; steps apply left to right from the base date.

    >>> Step.add_days(30).to_wire(), Step.end_of_month().to_wire()
    ({'add_days': 30}, 'end_of_month')
    """

    kind: str
    value: Optional[int] = None

    @staticmethod
    def add_days(n: int) -> "Step":
        """Add (or, if negative, subtract) ``n`` calendar days."""
        return Step("add_days", n)

    @staticmethod
    def add_months(n: int) -> "Step":
        """Add ``n`` calendar months; the day is clamped (Jan 31 + 1 month = Feb 28/29)."""
        return Step("add_months", n)

    @staticmethod
    def end_of_month() -> "Step":
        """Move to the last day of the month."""
        return Step("end_of_month")

    @staticmethod
    def set_day(day: int) -> "Step":
        """Set the day of the month (1..31, clamped to the month's length)."""
        return Step("set_day", day)

    @staticmethod
    def next_day_of_month(day: int) -> "Step":
        """The first date on or after the current one whose day is ``day`` (1..31, clamped)."""
        return Step("next_day_of_month", day)

    @staticmethod
    def cut_off(day: int) -> "Step":
        """The "25th rule": a date after day ``day`` counts as the 1st of the next month."""
        return Step("cut_off", day)

    def to_wire(self) -> Union[str, dict]:
        """The wire form: ``"end_of_month"`` or ``{"add_days": 30}``."""
        return self.kind if self.value is None else {self.kind: self.value}

    @staticmethod
    def from_wire(obj: Union[str, Mapping[str, int]]) -> "Step":
        """A step from its wire form."""
        if isinstance(obj, str):
            return Step(obj)
        ((kind, value),) = obj.items()
        return Step(kind, value)


def _steps(due: Iterable[Step]) -> list:
    return [s.to_wire() for s in due]


@dataclass(frozen=True)
class Discount:
    """An early-payment discount tier of a term line: ``percent`` (or a ``fixed`` amount) off if
    paid on or before the deadline rule ``due`` (steps from the base date, inclusive).

    >>> Discount.percent("2", [Step.add_days(10)]).to_wire()
    {'percent': '2', 'due': [{'add_days': 10}]}
    """

    kind: str
    value: Decimal
    due: Tuple[Step, ...] = ()

    @staticmethod
    def percent(value: AmountLike, due: Iterable[Step] = ()) -> "Discount":
        """``value`` percent off the line's amount (or its net of tax)."""
        return Discount("percent", _decimal("percent", value), tuple(due))

    @staticmethod
    def fixed(amount: AmountLike, due: Iterable[Step] = ()) -> "Discount":
        """A fixed amount off."""
        return Discount("fixed", _decimal("fixed", amount), tuple(due))

    def to_wire(self) -> dict:
        """The wire form ``{"percent": "2", "due": [...]}``."""
        return {self.kind: format(self.value, "f"), "due": _steps(self.due)}

    @staticmethod
    def from_wire(obj: Mapping[str, Any]) -> "Discount":
        """A discount tier from its wire form."""
        kind = "percent" if "percent" in obj else "fixed"
        return Discount(kind, _decimal(kind, obj[kind]), tuple(Step.from_wire(s) for s in obj.get("due", ())))


@dataclass(frozen=True)
class Line:
    """One line of payment terms: how much of the total, when it is due, and its early-payment
    discount tiers.

    ``value`` is a percent for ``percent`` / ``percent_of_remainder`` lines, an amount for
    ``fixed`` lines, and ``None`` for ``balance`` / ``equal`` lines.
    """

    kind: str
    value: Optional[Decimal] = None
    due: Tuple[Step, ...] = ()
    discounts: Tuple[Discount, ...] = ()

    @staticmethod
    def percent(value: AmountLike, due: Iterable[Step] = (), discounts: Iterable[Discount] = ()) -> "Line":
        """``value`` percent of the invoice total."""
        return Line("percent", _decimal("value", value), tuple(due), tuple(discounts))

    @staticmethod
    def percent_of_remainder(value: AmountLike, due: Iterable[Step] = (), discounts: Iterable[Discount] = ()) -> "Line":
        """``value`` percent of what the earlier lines left."""
        return Line("percent_of_remainder", _decimal("value", value), tuple(due), tuple(discounts))

    @staticmethod
    def fixed(amount: AmountLike, due: Iterable[Step] = (), discounts: Iterable[Discount] = ()) -> "Line":
        """A fixed amount; it takes the sign of the total (credit notes)."""
        return Line("fixed", _decimal("value", amount), tuple(due), tuple(discounts))

    @staticmethod
    def balance(due: Iterable[Step] = (), discounts: Iterable[Discount] = ()) -> "Line":
        """Whatever the other lines leave (must be the last line)."""
        return Line("balance", None, tuple(due), tuple(discounts))

    @staticmethod
    def equal(due: Iterable[Step] = (), discounts: Iterable[Discount] = ()) -> "Line":
        """An equal share of what the earlier lines leave (equal lines form the trailing group)."""
        return Line("equal", None, tuple(due), tuple(discounts))

    def to_wire(self) -> dict:
        """The wire form ``{"kind": ..., "value": ..., "due": [...]}``."""
        d: dict = {"kind": self.kind, "due": _steps(self.due)}
        if self.value is not None:
            d["value"] = format(self.value, "f")
        if self.discounts:
            d["discounts"] = [x.to_wire() for x in self.discounts]
        return d

    @staticmethod
    def from_wire(obj: Mapping[str, Any]) -> "Line":
        """A line from its wire form."""
        value = obj.get("value")
        return Line(
            obj["kind"],
            None if value is None else _decimal("value", value),
            tuple(Step.from_wire(s) for s in obj.get("due", ())),
            tuple(Discount.from_wire(d) for d in obj.get("discounts", ())),
        )


@dataclass(frozen=True)
class PaymentTerms:
    """Payment terms: lines plus the business-day adjustment of their due dates.

    Validated when built: inconsistent terms raise :class:`InvalidTermsError` (or
    :class:`InvalidRuleError` for a bad step) naming the field, e.g. ``lines[1].value``.

    >>> PaymentTerms([Line.percent("60"), Line.percent("60")])
    Traceback (most recent call last):
    ...
    arrears.errors.InvalidTermsError: lines: invalid terms "120": percent lines sum to more than 100
    """

    lines: Tuple[Line, ...]
    adjustment: str = "none"

    def __init__(self, lines: Iterable[Line], adjustment: str = "none") -> None:
        object.__setattr__(self, "lines", tuple(lines))
        object.__setattr__(self, "adjustment", adjustment)
        _call("terms", self.to_wire())

    @classmethod
    def equal_split(cls, dues: Iterable[Iterable[Step]], adjustment: str = "none") -> "PaymentTerms":
        """Equal installments, one per due rule (``30/60/90``: three rules of 30, 60 and 90 days)."""
        return cls([Line.equal(d) for d in dues], adjustment)

    def to_wire(self) -> dict:
        """The wire form ``{"lines": [...], "adjustment": ...}``."""
        return {"lines": [line.to_wire() for line in self.lines], "adjustment": self.adjustment}

    to_dict = to_wire

    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> "PaymentTerms":
        """Terms from their wire form (validated)."""
        return cls([Line.from_wire(line) for line in obj["lines"]], obj.get("adjustment", "none"))

    from_dict = from_wire

    @classmethod
    def parse(cls, text: str, *, eom: str = "us", cut_off: Optional[int] = None) -> "PaymentTerms":
        """Terms from the notation people write: ``"net 30"``, ``"2/10 net 30"``, ``"net 30 EOM"``,
        ``"10 prox"``, ``"30/60/90"``, ``"COD"``... (case- and space-insensitive).

        ``eom`` picks the reading of "EOM" (``"us"``: month end + N days, the default; ``"uk"``:
        end of the following month; ``"dffm"``: date + N days, then month end); ``cut_off`` is
        the "25th rule" day. Unknown text raises :class:`InvalidTermsError` with the position.

        >>> PaymentTerms.parse("2/10 net 30").format()
        '2/10 net 30'
        >>> PaymentTerms.parse("net thirty")
        Traceback (most recent call last):
        ...
        arrears.errors.InvalidTermsError: text: invalid terms "net thirty": at character 5: expected a number of days after "net", found "thirty"
        """
        options: dict = {"eom": eom}
        if cut_off is not None:
            options["cut_off"] = cut_off
        return cls.from_wire(_call("parse_terms", {"text": text, "options": options})["terms"])

    def format(self) -> str:
        """The canonical notation of these terms (``parse(format(t)) == t``).

        Raises :class:`InvalidTermsError` for terms no notation expresses (e.g. fixed lines)."""
        return str(_call("format_terms", {"terms": self.to_wire()})["text"])

    @classmethod
    def preset(cls, name: str) -> "PaymentTerms":
        """A named preset: ``"net_30"``, ``"2_10_net_30"``, ``"net_30_eom"``, ``"10_prox"``, ``"cod"``...
        (:func:`presets` lists them).

        >>> PaymentTerms.preset("1_10_net_30").format()
        '1/10 net 30'
        """
        return cls.from_wire(_call("preset", {"name": name})["terms"])

    def to_xrechnung(self, base_amount: Optional[AmountLike] = None) -> Tuple[str, int]:
        """The XRechnung / EN 16931 payment-terms note (``#SKONTO#TAGE=14#PROZENT=2.00#`` lines,
        with ``#BASISBETRAG=..#`` when ``base_amount`` is given) and the net days (which the note
        does not carry).

        >>> PaymentTerms.parse("2/14 net 30").to_xrechnung()
        ('#SKONTO#TAGE=14#PROZENT=2.00#\\n', 30)
        """
        request: dict = {"terms": self.to_wire()}
        if base_amount is not None:
            request["base_amount"] = _amount("base_amount", base_amount)
        r = _call("to_xrechnung", request)
        return str(r["text"]), int(r["net_days"])

    @classmethod
    def from_xrechnung(cls, text: str, net_days: int) -> "PaymentTerms":
        """Terms from an XRechnung ``#SKONTO#`` note and the net days (:func:`read_xrechnung`
        also gives the notes' ``BASISBETRAG`` amounts)."""
        return read_xrechnung(text, net_days).terms

    def to_x12_itd(self) -> str:
        """The X12 ITD segment (``ITD*08*3*2**10**30~``)."""
        return str(_call("to_x12_itd", {"terms": self.to_wire()})["segment"])

    @classmethod
    def from_x12_itd(cls, segment: str) -> "PaymentTerms":
        """Terms from an X12 ITD segment."""
        return cls.from_wire(_call("from_x12_itd", {"segment": segment})["terms"])

    def to_edifact_pat(self) -> str:
        """The UN/EDIFACT PAT segment(s) (``PAT+1++5:3:D:30'``)."""
        return str(_call("to_edifact_pat", {"terms": self.to_wire()})["segment"])

    @classmethod
    def from_edifact_pat(cls, segment: str) -> "PaymentTerms":
        """Terms from UN/EDIFACT PAT segment(s)."""
        return cls.from_wire(_call("from_edifact_pat", {"segment": segment})["terms"])


@dataclass(frozen=True)
class Calendar:
    """A business-day calendar: weekend days (``"mon"`` .. ``"sun"``) and holidays."""

    weekend: Tuple[str, ...] = ("sat", "sun")
    holidays: Tuple[DateLike, ...] = ()

    def __init__(self, weekend: Iterable[str] = ("sat", "sun"), holidays: Iterable[DateLike] = ()) -> None:
        object.__setattr__(self, "weekend", tuple(weekend))
        object.__setattr__(self, "holidays", tuple(holidays))

    def to_wire(self) -> dict:
        """The wire form ``{"weekend": [...], "holidays": [...]}``."""
        return {
            "weekend": list(self.weekend),
            "holidays": [_date(f"calendar.holidays[{i}]", h) for i, h in enumerate(self.holidays)],
        }

    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> "Calendar":
        """A calendar from its wire form."""
        return cls(obj.get("weekend", ("sat", "sun")), obj.get("holidays", ()))


@dataclass(frozen=True)
class InstallmentDiscount:
    """An early-payment discount of an installment: pay ``payable`` on or before ``deadline``
    (inclusive) and the installment is settled, ``discount`` being taken off."""

    deadline: _dt.date
    discount: Decimal
    payable: Decimal

    def to_dict(self) -> dict:
        """The wire form."""
        return {
            "deadline": _date("deadline", self.deadline),
            "discount": format(self.discount, "f"),
            "payable": format(self.payable, "f"),
        }

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> "InstallmentDiscount":
        """From the wire form."""
        return cls(_parse_date(obj["deadline"]), Decimal(obj["discount"]), Decimal(obj["payable"]))


@dataclass(frozen=True)
class Installment:
    """One installment: the term line that produced it, its due date and amount, and its
    early-payment discounts."""

    line: int
    due_date: _dt.date
    amount: Decimal
    discounts: Tuple[InstallmentDiscount, ...] = ()

    def to_dict(self) -> dict:
        """The wire form."""
        d: dict = {"line": self.line, "due_date": _date("due_date", self.due_date), "amount": format(self.amount, "f")}
        if self.discounts:
            d["discounts"] = [x.to_dict() for x in self.discounts]
        return d

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> "Installment":
        """From the wire form."""
        return cls(
            obj["line"],
            _parse_date(obj["due_date"]),
            Decimal(obj["amount"]),
            tuple(InstallmentDiscount.from_dict(d) for d in obj.get("discounts", ())),
        )


@dataclass(frozen=True)
class Schedule:
    """The installments of one invoice; their amounts sum exactly to ``total``.

    ``due_date`` is the latest installment date. Iterating a schedule yields its installments.
    """

    currency: str
    total: Decimal
    due_date: _dt.date
    installments: Tuple[Installment, ...] = _field(default_factory=tuple)

    def __iter__(self) -> Iterator[Installment]:
        return iter(self.installments)

    def __len__(self) -> int:
        return len(self.installments)

    def to_dict(self) -> dict:
        """The wire form (amounts as decimal strings, dates ISO)."""
        return {
            "currency": self.currency,
            "total": format(self.total, "f"),
            "due_date": _date("due_date", self.due_date),
            "installments": [i.to_dict() for i in self.installments],
        }

    def to_json(self) -> str:
        """The canonical wire JSON (compact, sorted keys): the same bytes in every language."""
        return _json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> "Schedule":
        """A schedule from its wire form."""
        return cls(
            obj["currency"],
            Decimal(obj["total"]),
            _parse_date(obj["due_date"]),
            tuple(Installment.from_dict(i) for i in obj["installments"]),
        )


@dataclass(frozen=True)
class Currency:
    """An ISO 4217 currency; ``minor_units`` is ``None`` where the standard says "N.A."."""

    code: str
    numeric: int
    minor_units: Optional[int]
    name: str


# ---------------------------------------------------------------------------------------------
# Functions


def _rounding_fields(rounding: str, precision: Optional[int], cash_increment: Optional[AmountLike]) -> dict:
    return {
        "rounding": rounding,
        "precision": precision,
        "cash_increment": None if cash_increment is None else _amount("cash_increment", cash_increment),
    }


def schedule(
    total: AmountLike,
    currency: str,
    base_date: DateLike,
    terms: PaymentTerms,
    *,
    rounding: str = "half_up",
    precision: Optional[int] = None,
    cash_increment: Optional[AmountLike] = None,
    calendar: Optional[Calendar] = None,
    allow_negative_balance: bool = False,
    discount_base: str = "gross",
    tax: Optional[AmountLike] = None,
) -> Schedule:
    """Splits ``total`` into installments by ``terms``, from ``base_date``.

    Each line is rounded with ``rounding`` at the currency's precision (or ``precision``); the
    balance line, the last equal share, or the last line of terms whose percents sum to 100
    absorbs the residue, so the installments sum exactly to ``total``. A credit note (negative
    total) mirrors; a zero total gives one zero installment on ``base_date``. Due dates move by
    the terms' adjustment over ``calendar`` (default: Saturday-Sunday weekend, no holidays).

    >>> from arrears import Line, PaymentTerms, Step
    >>> s = schedule("5.47", "USD", "2026-01-01",
    ...              PaymentTerms.equal_split([[Step.add_days(30)], [Step.add_days(60)], [Step.add_days(90)]]))
    >>> [str(i.amount) for i in s]
    ['1.82', '1.82', '1.83']

    Percent discounts are computed on the installment (``discount_base="gross"``, the default)
    or on its net of tax (``"net"``: pass the invoice's ``tax``; each installment's tax share is
    ``round(tax x amount / total)``).

    Raises :class:`ArrearsError` subclasses naming the field (``total``, ``currency``,
    ``terms.lines[1]``...), and :class:`TypeError` for a float amount or a datetime.
    """
    request: dict = {
        "total": _amount("total", total),
        "currency": currency,
        "base_date": _date("base_date", base_date),
        "terms": terms.to_wire(),
        "allow_negative_balance": allow_negative_balance,
        **_rounding_fields(rounding, precision, cash_increment),
    }
    if calendar is not None:
        request["calendar"] = calendar.to_wire()
    if discount_base != "gross":
        request["discount_base"] = discount_base
    if tax is not None:
        request["tax"] = _amount("tax", tax)
    return Schedule.from_dict(_call("schedule", request))


def due_date(
    base_date: DateLike,
    steps: Iterable[Step] = (),
    *,
    adjustment: str = "none",
    calendar: Optional[Calendar] = None,
) -> _dt.date:
    """Applies ``steps`` to ``base_date``, then the business-day ``adjustment``.

    >>> due_date("2022-01-31", [Step.end_of_month(), Step.add_days(30)])
    datetime.date(2022, 3, 2)
    >>> due_date("2026-01-31", adjustment="following")  # a Saturday
    datetime.date(2026, 2, 2)
    """
    request: dict = {"base_date": _date("base_date", base_date), "steps": _steps(steps), "adjustment": adjustment}
    if calendar is not None:
        request["calendar"] = calendar.to_wire()
    return _parse_date(_call("due_date", request)["due_date"])


def round_amount(
    amount: AmountLike,
    currency: str,
    *,
    rounding: str = "half_up",
    precision: Optional[int] = None,
    cash_increment: Optional[AmountLike] = None,
) -> Decimal:
    """Rounds ``amount`` for ``currency`` (to its cash increment first, if one is given).

    >>> round_amount("2.345", "EUR", rounding="half_even"), round_amount("12.324", "CHF", cash_increment="0.05")
    (Decimal('2.34'), Decimal('12.30'))
    """
    request = {"amount": _amount("amount", amount), "currency": currency, **_rounding_fields(rounding, precision, cash_increment)}
    return Decimal(_call("round", request)["amount"])


def currency(code: str) -> Currency:
    """The ISO 4217 currency with this code.

    >>> currency("KWD").minor_units
    3
    """
    return Currency(**_call("currency", {"code": code}))


def currencies() -> list:
    """The whole current ISO 4217 list, sorted by code."""
    return [Currency(**c) for c in _call("currencies", {})["currencies"]]


def call_json(op: str, request: str) -> str:
    """Runs a wire-format operation on a JSON request and returns the canonical JSON response.

    >>> call_json("due_date", '{"base_date": "2026-01-31", "steps": ["end_of_month", {"add_days": 60}]}')
    '{"due_date":"2026-04-01"}'
    """
    ok, payload = _arrears.call(op, request)
    if not ok:
        raise _from_payload(payload)
    return payload


# ---------------------------------------------------------------------------------------------
# Payment terms by name, discounts


@dataclass(frozen=True)
class XRechnungTerms:
    """What an XRechnung payment-terms note says: the terms and, per discount tier, the
    ``BASISBETRAG`` (base amount) when the note gives one."""

    terms: PaymentTerms
    base_amounts: Tuple[Optional[Decimal], ...] = ()


def read_xrechnung(text: str, net_days: int) -> XRechnungTerms:
    """Reads an XRechnung / EN 16931 note of ``#SKONTO#TAGE=..#PROZENT=..#`` lines.

    >>> read_xrechnung("#SKONTO#TAGE=14#PROZENT=2.00#BASISBETRAG=200.00#\\n", 30).base_amounts
    (Decimal('200.00'),)
    """
    r = _call("from_xrechnung", {"text": text, "net_days": net_days})
    bases = tuple(None if b is None else Decimal(b) for b in r.get("base_amounts", ()))
    return XRechnungTerms(PaymentTerms.from_wire(r["terms"]), bases)


@dataclass(frozen=True)
class Preset:
    """A named preset of common terms."""

    name: str
    text: str
    terms: PaymentTerms


def presets() -> list:
    """The named presets of common terms (``net_30``, ``2_10_net_30``, ``10_prox``, ``cod``...).

    >>> [p.name for p in presets()][:3]
    ['net_7', 'net_10', 'net_14']
    """
    return [Preset(p["name"], p["text"], PaymentTerms.from_wire(p["terms"])) for p in _call("presets", {})["presets"]]


@dataclass(frozen=True)
class Settlement:
    """What a payment on a date settles of one installment."""

    deadline: Optional[_dt.date]
    discount: Decimal
    paid: Decimal
    settled: Decimal
    open_after: Decimal


def settle(
    installment: Installment,
    currency: str,
    date: DateLike,
    *,
    payment: Optional[AmountLike] = None,
    open: Optional[AmountLike] = None,
    rounding: str = "half_up",
    precision: Optional[int] = None,
    cash_increment: Optional[AmountLike] = None,
) -> Settlement:
    """What a payment on ``date`` settles of ``installment`` (as :func:`schedule` lists it).

    Without ``payment``: the amount that settles what is open (the amount less the discount
    earned on ``date``). With a partial ``payment`` inside a discount window, it settles
    ``min(open, payment / (1 - d))``; the difference is the discount.

    >>> s = schedule("1000.00", "EUR", "2026-01-01", PaymentTerms.parse("2/10 net 30"))
    >>> settle(s.installments[0], "EUR", "2026-01-11").paid
    Decimal('980.00')
    >>> settle(s.installments[0], "EUR", "2026-01-05", payment="490.00").settled
    Decimal('500.00')
    """
    request: dict = {
        "currency": currency,
        "installment": installment.to_dict(),
        "date": _date("date", date),
        **_rounding_fields(rounding, precision, cash_increment),
    }
    if payment is not None:
        request["payment"] = _amount("payment", payment)
    if open is not None:
        request["open"] = _amount("open", open)
    r = _call("settle", request)
    return Settlement(
        None if r.get("deadline") is None else _parse_date(r["deadline"]),
        Decimal(r["discount"]),
        Decimal(r["paid"]),
        Decimal(r["settled"]),
        Decimal(r["open_after"]),
    )


@dataclass(frozen=True)
class DiscountCost:
    """The annual cost of not taking a discount, in percent: nominal and effective."""

    nominal: Decimal
    effective: Decimal


def discount_cost(
    percent: AmountLike, discount_days: int, net_days: int, *, year_basis: int = 365, decimals: int = 2
) -> DiscountCost:
    """Nominal ``d/(1-d) x Y/(net - disc)`` and effective ``(1 + d/(1-d))^(Y/(net - disc)) - 1``.

    >>> discount_cost("2", 10, 30)
    DiscountCost(nominal=Decimal('37.24'), effective=Decimal('44.59'))
    >>> discount_cost("2", 10, 30, year_basis=360).nominal
    Decimal('36.73')
    """
    r = _call(
        "discount_cost",
        {
            "percent": _amount("percent", percent),
            "discount_days": discount_days,
            "net_days": net_days,
            "year_basis": year_basis,
            "decimals": decimals,
        },
    )
    return DiscountCost(Decimal(r["nominal"]), Decimal(r["effective"]))


# ---------------------------------------------------------------------------------------------
# Aging


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


class ArrowStream:
    """An Arrow stream produced by arrears (the PyCapsule interface: ``__arrow_c_stream__``).

    :func:`aging_arrow` returns a ``pyarrow.Table`` when pyarrow is installed; without it, this
    object, which polars (``polars.DataFrame(stream)``) or DuckDB read without copying. It can be
    consumed once."""

    def __init__(self, capsule: Any) -> None:
        self._capsule = capsule

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        capsule, self._capsule = self._capsule, None
        if capsule is None:
            raise ValueError("this Arrow stream was already consumed")
        return capsule


def _arrow_result(ok: bool, payload: Any) -> Any:
    if not ok:
        raise _from_payload(payload)
    stream = ArrowStream(payload)
    try:
        import pyarrow
    except ImportError:  # pragma: no cover - exercised where pyarrow is absent
        return stream
    return pyarrow.table(stream)


def aging_arrow(
    data: Any,
    as_of: DateLike,
    *,
    customer: str = "customer_id",
    currency: str = "currency",
    currency_code: Optional[str] = None,
    due_date: str = "due_date",
    issue_date: Optional[str] = None,
    amount: str = "open_amount",
    amount_scale: Optional[int] = None,
    disputed: Optional[str] = None,
    basis: str = "due_date",
    bounds: Sequence[int] = (30, 60, 90),
    labels: Optional[Sequence[str]] = None,
    not_due: str = "column",
    credits: str = "net",
    threads: int = 0,
) -> Any:
    """Ages a whole table of open items in one call, on every core, without a Python object
    per row.

    ``data`` is anything implementing the Arrow PyCapsule interface: a ``pyarrow.Table``,
    ``RecordBatch``, ``StructArray`` or ``ChunkedArray`` of structs (sliced or not), a
    ``polars.DataFrame``, a DuckDB relation, pandas through pyarrow. Its columns are read in place
    (zero-copy), each validated first (offsets, UTF-8, dictionary indices): ``customer`` (strings,
    integers or dictionary-encoded; string ids of up to 15 bytes are grouped by their bytes in the
    same pass, longer ones are encoded first; one dictionary shared by all chunks, e.g.
    ``pq.read_table(..., read_dictionary=[...]).unify_dictionaries()`` or a polars
    ``Categorical``, is fastest), ``currency`` (ISO codes; or one ``currency_code`` for the whole
    table), ``due_date`` / ``issue_date`` (``date32``), ``amount`` (``decimal128`` of scale 0 to
    18, or integer minor units with ``amount_scale`` 0 to 18), optional ``disputed`` (bool, or
    integers: nonzero is disputed). The GIL is released while computing.

    Returns a ``pyarrow.Table`` (an :class:`ArrowStream` without pyarrow), one row per customer
    and currency sorted by both: ``customer`` (``utf8``; ``int64`` for integer ids, ``uint64``
    for ``uint64`` ids), ``currency``, one ``decimal128`` column per bucket (and ``credits``),
    ``total``, ``disputed``, ``items``. Rows with a null customer, currency, date, amount or
    disputed flag (a null dictionary value is a null) raise :class:`InvalidRequestError` naming
    the first such row (``due_date[17]``); a column of another type, or a scale outside its
    range, raises an error naming the column and its type in words (``float64``).

    >>> import pyarrow as pa, datetime as dt, decimal
    >>> t = pa.table({"customer_id": ["B", "A", "B"], "currency": ["EUR"] * 3,
    ...               "due_date": [dt.date(2026, 10, 1), dt.date(2026, 12, 1), dt.date(2026, 11, 20)],
    ...               "open_amount": pa.array([decimal.Decimal("50.10"), decimal.Decimal("100.00"),
    ...                                        decimal.Decimal("7.00")], pa.decimal128(18, 2))})
    >>> r = aging_arrow(t, "2026-11-24")
    >>> r.column("customer").to_pylist(), r.column("1-30").to_pylist()
    (['A', 'B'], [Decimal('0.00'), Decimal('7.00')])
    """
    spec = _aging_spec(as_of, basis, bounds, labels, not_due, credits)
    spec["items"] = []
    ok, payload = _arrears.aging_arrow(
        data,
        _json.dumps(spec),
        customer,
        due_date,
        amount,
        currency=None if currency_code is not None else currency,
        currency_code=currency_code,
        issue_date=issue_date,
        amount_scale=amount_scale,
        disputed=disputed,
        threads=threads,
    )
    return _arrow_result(ok, payload)


def schedule_arrow(
    data: Any,
    terms: Union[PaymentTerms, str, Sequence[Union[PaymentTerms, str]]],
    *,
    total: str = "total",
    base_date: str = "base_date",
    currency: str = "currency",
    currency_code: Optional[str] = None,
    terms_column: Optional[str] = None,
    total_scale: Optional[int] = None,
    rounding: str = "half_up",
    precision: Optional[int] = None,
    cash_increment: Optional[AmountLike] = None,
    calendar: Optional[Calendar] = None,
    allow_negative_balance: bool = False,
) -> Any:
    """Schedules a whole table of invoices in one call (the batch entry point: one call per
    invoice cannot keep up with the core).

    ``data`` is an Arrow table (PyCapsule interface, as for :func:`aging_arrow`) with a
    ``total`` column (``decimal128`` of scale 0 to 28, or integer minor units with
    ``total_scale`` 0 to 28), a ``base_date`` column (``date32``), a ``currency`` column (or
    one ``currency_code``) and, when several ``terms`` are given, a ``terms_column`` of
    indices into them. ``terms`` are :class:`PaymentTerms` or notation text (``"2/10 net
    30"``). A null total, base date, currency or terms index raises
    :class:`InvalidRequestError` naming the first such row (``total[3]``).

    Returns a ``pyarrow.Table`` with one row per installment: ``invoice`` (the row number),
    ``line``, ``due_date``, ``currency``, ``amount`` (``decimal128``, exact), and the first
    discount tier (``discount_deadline``, ``discount_amount``, null without one) with
    ``discount_tiers``. The installments of each invoice sum exactly to its total.

    >>> import pyarrow as pa, datetime as dt, decimal
    >>> t = pa.table({"total": pa.array([decimal.Decimal("100.00"), decimal.Decimal("5.47")], pa.decimal128(18, 2)),
    ...               "base_date": [dt.date(2026, 1, 31)] * 2})
    >>> out = schedule_arrow(t, "30/60/90", currency_code="EUR")
    >>> [str(a) for a in out.column("amount").to_pylist()]
    ['33.33', '33.33', '33.34', '1.82', '1.82', '1.83']
    """
    many = [terms] if isinstance(terms, (PaymentTerms, str)) else list(terms)
    wire = [(PaymentTerms.parse(t) if isinstance(t, str) else t).to_wire() for t in many]
    options: dict = {
        "rounding": {
            "mode": rounding,
            "precision": precision,
            "cash_increment": None if cash_increment is None else _amount("cash_increment", cash_increment),
        },
        "allow_negative_balance": allow_negative_balance,
    }
    if calendar is not None:
        options["calendar"] = calendar.to_wire()
    ok, payload = _arrears.schedule_arrow(
        data,
        _json.dumps(wire),
        _json.dumps(options),
        total,
        base_date,
        currency=None if currency_code is not None else currency,
        currency_code=currency_code,
        terms_column=terms_column,
        total_scale=total_scale,
    )
    return _arrow_result(ok, payload)


# ---------------------------------------------------------------------------------------------
# Metrics


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
