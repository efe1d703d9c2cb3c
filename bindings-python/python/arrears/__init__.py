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
    "Line",
    "PaymentTerms",
    "Calendar",
    "Installment",
    "Schedule",
    "Currency",
    "schedule",
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
class Line:
    """One line of payment terms: how much of the total, and when it is due.

    ``value`` is a percent for ``percent`` / ``percent_of_remainder`` lines, an amount for
    ``fixed`` lines, and ``None`` for ``balance`` / ``equal`` lines.
    """

    kind: str
    value: Optional[Decimal] = None
    due: Tuple[Step, ...] = ()

    @staticmethod
    def percent(value: AmountLike, due: Iterable[Step] = ()) -> "Line":
        """``value`` percent of the invoice total."""
        return Line("percent", _decimal("value", value), tuple(due))

    @staticmethod
    def percent_of_remainder(value: AmountLike, due: Iterable[Step] = ()) -> "Line":
        """``value`` percent of what the earlier lines left."""
        return Line("percent_of_remainder", _decimal("value", value), tuple(due))

    @staticmethod
    def fixed(amount: AmountLike, due: Iterable[Step] = ()) -> "Line":
        """A fixed amount; it takes the sign of the total (credit notes)."""
        return Line("fixed", _decimal("value", amount), tuple(due))

    @staticmethod
    def balance(due: Iterable[Step] = ()) -> "Line":
        """Whatever the other lines leave (must be the last line)."""
        return Line("balance", None, tuple(due))

    @staticmethod
    def equal(due: Iterable[Step] = ()) -> "Line":
        """An equal share of what the earlier lines leave (equal lines form the trailing group)."""
        return Line("equal", None, tuple(due))

    def to_wire(self) -> dict:
        """The wire form ``{"kind": ..., "value": ..., "due": [...]}``."""
        d: dict = {"kind": self.kind, "due": _steps(self.due)}
        if self.value is not None:
            d["value"] = format(self.value, "f")
        return d

    @staticmethod
    def from_wire(obj: Mapping[str, Any]) -> "Line":
        """A line from its wire form."""
        value = obj.get("value")
        return Line(
            obj["kind"],
            None if value is None else _decimal("value", value),
            tuple(Step.from_wire(s) for s in obj.get("due", ())),
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
class Installment:
    """One installment: the term line that produced it, its due date and amount."""

    line: int
    due_date: _dt.date
    amount: Decimal

    def to_dict(self) -> dict:
        """The wire form."""
        return {"line": self.line, "due_date": _date("due_date", self.due_date), "amount": format(self.amount, "f")}


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
            tuple(Installment(i["line"], _parse_date(i["due_date"]), Decimal(i["amount"])) for i in obj["installments"]),
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

    Raises :class:`ArrearsError` subclasses naming the field (``total``, ``currency``,
    ``terms.lines[1]``...), and :class:`TypeError` for a float amount or a datetime.
    """
    request = {
        "total": _amount("total", total),
        "currency": currency,
        "base_date": _date("base_date", base_date),
        "terms": terms.to_wire(),
        "allow_negative_balance": allow_negative_balance,
        **_rounding_fields(rounding, precision, cash_increment),
    }
    if calendar is not None:
        request["calendar"] = calendar.to_wire()
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
