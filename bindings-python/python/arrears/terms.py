"""Payment terms: lines, discount tiers, the notation people write, presets and the XRechnung note;
the schedule of an invoice, what settles an installment on a date, and what a discount costs."""

from __future__ import annotations

import datetime as _dt
import json as _json

from dataclasses import dataclass
from dataclasses import field as _field
from decimal import Decimal
from typing import Any, Iterable, Iterator, Literal, Mapping, Optional, Tuple, Union

from ._wire import AmountLike, DateLike, _amount, _call, _date, _decimal, _object, _parse_date, _rounding_fields
from .calendar import Calendar, Step, _steps


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
            "discount": _amount("discount", self.discount),
            "payable": _amount("payable", self.payable),
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
        d: dict = {"line": self.line, "due_date": _date("due_date", self.due_date), "amount": _amount("amount", self.amount)}
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


def _terms_wire(field: str, terms: Union[PaymentTerms, str]) -> Any:
    """Terms in wire form: a :class:`PaymentTerms`, or notation text such as ``"2/10 net 30"``
    (the core parses it with the default options; an error names ``field``)."""
    if isinstance(terms, str):
        return terms
    return _object(field, terms, PaymentTerms, "PaymentTerms or notation text such as '2/10 net 30'")


def schedule(
    total: AmountLike,
    currency: str,
    base_date: DateLike,
    terms: Union[PaymentTerms, str],
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

    ``terms`` may be notation text, parsed with the default options:

    >>> schedule("1000.00", "EUR", "2026-01-01", "2/10 net 30").installments[0].discounts[0].payable
    Decimal('980.00')

    Raises :class:`ArrearsError` subclasses naming the field (``total``, ``currency``,
    ``terms.lines[1]``...), and :class:`TypeError` for a float amount, a datetime, or terms,
    a calendar or a currency of the wrong type.
    """
    if not isinstance(currency, str):
        raise TypeError(f"currency: expected an ISO 4217 code such as 'EUR', got {type(currency).__name__} {currency!r}")
    request: dict = {
        "total": _amount("total", total),
        "currency": currency,
        "base_date": _date("base_date", base_date),
        "terms": _terms_wire("terms", terms),
        "allow_negative_balance": allow_negative_balance,
        **_rounding_fields(rounding, precision, cash_increment),
    }
    if calendar is not None:
        request["calendar"] = _object("calendar", calendar, Calendar, "a Calendar")
    if discount_base != "gross":
        request["discount_base"] = discount_base
    if tax is not None:
        request["tax"] = _amount("tax", tax)
    return Schedule.from_dict(_call("schedule", request))


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
    """What a payment on a date settles of one installment: ``paid`` is the part of the payment
    the installment takes, ``overpayment`` the rest (``paid + overpayment`` is the payment)."""

    deadline: Optional[_dt.date]
    discount: Decimal
    paid: Decimal
    settled: Decimal
    open_after: Decimal
    overpayment: Decimal = Decimal("0")


def settle(
    installment: Installment,
    currency: str,
    date: DateLike,
    *,
    payment: Optional[AmountLike] = None,
    open: Optional[AmountLike] = None,
    gross_in_window: Literal["take_discount", "decline_discount"] = "take_discount",
    rounding: str = "half_up",
    precision: Optional[int] = None,
    cash_increment: Optional[AmountLike] = None,
) -> Settlement:
    """What a payment on ``date`` settles of ``installment`` (as :func:`schedule` lists it).

    Without ``payment``: the amount that settles what is open (the amount less the discount
    earned on ``date``). With a partial ``payment`` inside a discount window, it settles
    ``min(open, payment / (1 - d))``; the difference is the discount. A payment above what
    settles it inside the window keeps the full discount and the excess is ``overpayment``;
    ``gross_in_window="decline_discount"`` pays a payment of the whole open amount gross instead.

    >>> s = schedule("1000.00", "EUR", "2026-01-01", PaymentTerms.parse("2/10 net 30"))
    >>> settle(s.installments[0], "EUR", "2026-01-11").paid
    Decimal('980.00')
    >>> settle(s.installments[0], "EUR", "2026-01-05", payment="490.00").settled
    Decimal('500.00')
    >>> o = settle(s.installments[0], "EUR", "2026-01-05", payment="980.01")
    >>> o.discount, o.overpayment
    (Decimal('20.00'), Decimal('0.01'))
    """
    request: dict = {
        "currency": currency,
        "installment": _object("installment", installment, Installment, "an Installment (as schedule() lists them)"),
        "date": _date("date", date),
        **_rounding_fields(rounding, precision, cash_increment),
    }
    if payment is not None:
        request["payment"] = _amount("payment", payment)
    if open is not None:
        request["open"] = _amount("open", open)
    if gross_in_window != "take_discount":
        request["gross_in_window"] = gross_in_window
    r = _call("settle", request)
    return Settlement(
        None if r.get("deadline") is None else _parse_date(r["deadline"]),
        Decimal(r["discount"]),
        Decimal(r["paid"]),
        Decimal(r["settled"]),
        Decimal(r["open_after"]),
        Decimal(r["overpayment"]),
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
