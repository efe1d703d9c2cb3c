"""Payments: where a payment goes (the core's ``payments`` domain).

:func:`allocate_payment` allocates one payment to a customer's open items under a strategy
(``oldest_first`` by default: installment by installment over all items, by due date, then
invoice date, then id; ``specified``, ``proportional``, ``largest_first``,
``smallest_first``, and the statutory presets ``de_bgb_366``, ``it_cc_1193``, ``ru_gk_319``),
installment by installment, taking the early discount the payment date earns; what is left is
unapplied credit, and a tolerance may write off a small rest. Every rule lives in the Rust core;
this module converts values. Payment plans and promises to pay are written in
``arrears._plans`` and imported from here (``from arrears.payments import payment_plan``).

>>> a = allocate_payment("150.00", "EUR", "2026-02-01", [
...     PaymentItem("A", "EUR", "2026-01-01", [ItemInstallment("2026-01-31", "100.00")])])
>>> a.items[0].principal, a.unapplied
(Decimal('100.00'), Decimal('50.00'))
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, Mapping, Optional, Sequence, Tuple

from . import _arrears
from ._wire import _amount, _call, _date, _parse_date, AmountLike, DateLike, RoundingMode
from .terms import InstallmentDiscount, Schedule, schedule
from ._plans import (
    Frequency,
    Plan,
    PlanInstallment,
    PlanStateName,
    PlanStatus,
    PromiseStateName,
    PromiseStatus,
    Received,
    payment_plan,
    plan_status,
    promise_status,
)

__all__ = [
    "Strategy",
    "Within",
    "GrossInWindow",
    "ItemInstallment",
    "PaymentItem",
    "InstallmentAllocation",
    "ItemAllocation",
    "Allocation",
    "allocate_payment",
    "Frequency",
    "PlanInstallment",
    "Plan",
    "payment_plan",
    "Received",
    "PlanStatus",
    "plan_status",
    "PromiseStatus",
    "promise_status",
    "CompanyInstallment",
    "CompanySchedule",
    "company_schedule",
    "allocate_arrow",
]

Strategy = Literal[
    "oldest_first", "specified", "proportional", "largest_first", "smallest_first", "de_bgb_366", "it_cc_1193", "ru_gk_319"
]

#: The Arrow type of :func:`allocate_arrow`'s money columns.
AmountType = Literal["decimal128", "decimal64"]

#: The Arrow type of a result's ``row`` column (:func:`allocate_arrow`'s and
#: :func:`~arrears.columnar.interest_arrow`'s ``row_type``).
RowType = Literal["int64", "uint32"]

Within = Literal["fees_interest_principal", "fees_principal_interest", "principal_first"]

GrossInWindow = Literal["take_discount", "decline_discount"]


@dataclass(frozen=True)
class ItemInstallment:
    """One installment of an open item: due date, amount on the schedule, what is still open
    (default: the amount) and its discount tiers (as :func:`arrears.schedule` lists them)."""

    due_date: DateLike
    amount: AmountLike
    open: Optional[AmountLike] = None
    discounts: Sequence[InstallmentDiscount] = ()

    def to_dict(self, at: str = "installments[0]") -> dict:
        """The wire form."""
        d: dict = {"due_date": _date(f"{at}.due_date", self.due_date), "amount": _amount(f"{at}.amount", self.amount)}
        if self.open is not None:
            d["open"] = _amount(f"{at}.open", self.open)
        if self.discounts:
            d["discounts"] = [t.to_dict() for t in self.discounts]
        return d

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> "ItemInstallment":
        """From the wire form."""
        return cls(
            obj["due_date"],
            obj["amount"],
            obj.get("open"),
            tuple(InstallmentDiscount.from_dict(t) for t in obj.get("discounts", ())),
        )


@dataclass(frozen=True)
class PaymentItem:
    """An open item a payment can settle: its installments, and the fees and interest charged on
    it. ``secured`` and ``rate`` (annual %, how burdensome the debt is) matter to the statutory
    presets only; with ``tax`` (the tax in its amounts) the discount taken is split into its net
    and tax parts (``discount_tax``); with ``company_currency`` and ``invoice_rate`` (company
    units per unit of ``currency``) the allocation reports its ``exchange_difference`` at the
    payment's rate."""

    id: str
    currency: str
    invoice_date: DateLike
    installments: Sequence[ItemInstallment]
    fees: Optional[AmountLike] = None
    interest: Optional[AmountLike] = None
    secured: bool = False
    rate: Optional[AmountLike] = None
    tax: Optional[AmountLike] = None
    company_currency: Optional[str] = None
    invoice_rate: Optional[AmountLike] = None

    def to_dict(self, i: int = 0) -> dict:
        """The wire form."""
        at = f"items[{i}]"
        d: dict = {
            "id": self.id,
            "currency": self.currency,
            "invoice_date": _date(f"{at}.invoice_date", self.invoice_date),
            "installments": [x.to_dict(f"{at}.installments[{k}]") for k, x in enumerate(self.installments)],
        }
        for key in ("fees", "interest", "rate", "tax", "invoice_rate"):
            v = getattr(self, key)
            if v is not None:
                d[key] = _amount(f"{at}.{key}", v)
        if self.secured:
            d["secured"] = True
        if self.company_currency is not None:
            d["company_currency"] = self.company_currency
        return d

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> "PaymentItem":
        """From the wire form."""
        return cls(
            obj["id"],
            obj["currency"],
            obj["invoice_date"],
            tuple(ItemInstallment.from_dict(x) for x in obj["installments"]),
            obj.get("fees"),
            obj.get("interest"),
            obj.get("secured", False),
            obj.get("rate"),
            obj.get("tax"),
            obj.get("company_currency"),
            obj.get("invoice_rate"),
        )


@dataclass(frozen=True)
class InstallmentAllocation:
    """What the payment did to one installment."""

    due_date: _dt.date
    principal: Decimal
    discount: Decimal
    write_off: Decimal
    open_after: Decimal

    def to_dict(self) -> dict:
        """The wire form."""
        return {
            "due_date": self.due_date.isoformat(),
            "principal": format(self.principal, "f"),
            "discount": format(self.discount, "f"),
            "write_off": format(self.write_off, "f"),
            "open_after": format(self.open_after, "f"),
        }


@dataclass(frozen=True)
class ItemAllocation:
    """What the payment did to one item: cash to fees, interest and principal, the discount
    taken, the rest written off, what stays open, and each installment."""

    id: str
    fees: Decimal
    interest: Decimal
    principal: Decimal
    discount: Decimal
    write_off: Decimal
    open_after: Decimal
    installments: Tuple[InstallmentAllocation, ...]
    discount_tax: Optional[Decimal] = None
    #: With a company currency: the cash applied at the payment's rate less at the invoice's
    #: rate, each rounded in the company currency (positive: an exchange gain).
    exchange_difference: Optional[Decimal] = None

    def to_dict(self) -> dict:
        """The wire form."""
        d: dict = {"id": self.id, "installments": [x.to_dict() for x in self.installments]}
        for key in ("fees", "interest", "principal", "discount", "write_off", "open_after"):
            d[key] = format(getattr(self, key), "f")
        for key in ("discount_tax", "exchange_difference"):
            v = getattr(self, key)
            if v is not None:
                d[key] = format(v, "f")
        return d


@dataclass(frozen=True)
class Allocation:
    """The allocation of one payment: each item in the request's order, and the unapplied rest
    (``applied + unapplied == payment`` exactly)."""

    currency: str
    date: _dt.date
    payment: Decimal
    applied: Decimal
    unapplied: Decimal
    discount: Decimal
    write_off: Decimal
    items: Tuple[ItemAllocation, ...]

    def to_dict(self) -> dict:
        """The wire form."""
        d: dict = {"currency": self.currency, "date": self.date.isoformat(), "items": [x.to_dict() for x in self.items]}
        for key in ("payment", "applied", "unapplied", "discount", "write_off"):
            d[key] = format(getattr(self, key), "f")
        return d


def _installment(r: Mapping[str, Any]) -> InstallmentAllocation:
    return InstallmentAllocation(
        _parse_date(r["due_date"]), Decimal(r["principal"]), Decimal(r["discount"]), Decimal(r["write_off"]), Decimal(r["open_after"])
    )


def _item(r: Mapping[str, Any]) -> ItemAllocation:
    return ItemAllocation(
        r["id"],
        Decimal(r["fees"]),
        Decimal(r["interest"]),
        Decimal(r["principal"]),
        Decimal(r["discount"]),
        Decimal(r["write_off"]),
        Decimal(r["open_after"]),
        tuple(_installment(x) for x in r["installments"]),
        None if r.get("discount_tax") is None else Decimal(r["discount_tax"]),
        None if r.get("exchange_difference") is None else Decimal(r["exchange_difference"]),
    )


def allocate_payment(
    amount: AmountLike,
    currency: str,
    date: DateLike,
    items: Sequence[PaymentItem],
    *,
    strategy: Strategy = "oldest_first",
    order: Sequence[str] = (),
    within: Optional[Within] = None,
    gross_in_window: GrossInWindow = "take_discount",
    tolerance_amount: Optional[AmountLike] = None,
    tolerance_percent: Optional[AmountLike] = None,
    rounding: RoundingMode = "half_up",
    precision: Optional[int] = None,
    rate: Optional[AmountLike] = None,
) -> Allocation:
    """Allocates a payment of ``amount`` received on ``date`` to ``items`` (all in ``currency``).

    ``order`` lists the ids to pay with ``strategy="specified"``; ``within`` overrides the order
    inside an item (fees, interest, principal by default); ``gross_in_window`` says whether a
    gross payment inside a discount window takes the discount (the excess stays unapplied) or
    declines it; a tolerance (amount and/or percent, off by default) writes off a small rest.
    ``rate`` (company units per unit of ``currency`` on ``date``) gives each item booked in a
    company currency its ``exchange_difference`` (required when an item has one).
    Errors are :class:`arrears.ArrearsError` naming the field (``payment.amount``,
    ``items[2].currency``, ``order[0]``...) and nothing is allocated.

    >>> items = [PaymentItem("B", "EUR", "2026-01-01", [ItemInstallment("2026-01-31", "100.00")]),
    ...          PaymentItem("C", "EUR", "2026-01-01", [ItemInstallment("2026-02-28", "200.00")])]
    >>> [i.principal for i in allocate_payment("90.00", "EUR", "2026-03-15", items, strategy="proportional").items]
    [Decimal('30.00'), Decimal('60.00')]
    >>> x = PaymentItem("X", "EUR", "2026-01-05", [ItemInstallment("2026-02-04", "1000.00")],
    ...                 company_currency="USD", invoice_rate="1.10")
    >>> allocate_payment("600.00", "EUR", "2026-03-01", [x], rate="1.15").items[0].exchange_difference
    Decimal('30.00')
    """
    payment: dict = {"amount": _amount("payment.amount", amount), "currency": currency, "date": _date("payment.date", date)}
    if rate is not None:
        payment["rate"] = _amount("payment.rate", rate)
    request: dict = {
        "payment": payment,
        "items": [_checked_item(x, i) for i, x in enumerate(items)],
        "strategy": strategy,
        "order": list(order),
        "within": within,
        "gross_in_window": gross_in_window,
        "rounding": rounding,
        "precision": precision,
    }
    if tolerance_amount is not None or tolerance_percent is not None:
        t: dict = {}
        if tolerance_amount is not None:
            t["amount"] = _amount("tolerance.amount", tolerance_amount)
        if tolerance_percent is not None:
            t["percent"] = _amount("tolerance.percent", tolerance_percent)
        request["tolerance"] = t
    r = _call("allocate_payment", request)
    return Allocation(
        r["currency"],
        _parse_date(r["date"]),
        Decimal(r["payment"]),
        Decimal(r["applied"]),
        Decimal(r["unapplied"]),
        Decimal(r["discount"]),
        Decimal(r["write_off"]),
        tuple(_item(x) for x in r["items"]),
    )


def _checked_item(x: Any, i: int) -> dict:
    if not isinstance(x, PaymentItem):
        raise TypeError(f"items[{i}]: expected a PaymentItem, got {type(x).__name__} {x!r}")
    return x.to_dict(i)


@dataclass(frozen=True)
class CompanyInstallment:
    """One installment in the company currency, with its discount tiers."""

    due_date: _dt.date
    amount: Decimal
    discounts: Tuple[InstallmentDiscount, ...] = ()

    def to_dict(self) -> dict:
        """The wire form."""
        d: dict = {"due_date": self.due_date.isoformat(), "amount": format(self.amount, "f")}
        if self.discounts:
            d["discounts"] = [t.to_dict() for t in self.discounts]
        return d


@dataclass(frozen=True)
class CompanySchedule:
    """A schedule in the company currency; the amounts sum exactly to ``total``."""

    currency: str
    rate: Decimal
    total: Decimal
    installments: Tuple[CompanyInstallment, ...]

    def to_dict(self) -> dict:
        """The wire form."""
        return {
            "currency": self.currency,
            "rate": format(self.rate, "f"),
            "total": format(self.total, "f"),
            "installments": [i.to_dict() for i in self.installments],
        }


def company_schedule(
    schedule: Schedule,
    company_currency: str,
    rate: AmountLike,
    *,
    company_total: Optional[AmountLike] = None,
    rounding: RoundingMode = "half_up",
    precision: Optional[int] = None,
) -> CompanySchedule:
    """``schedule`` (as :func:`arrears.schedule` returns it) booked in ``company_currency`` at
    ``rate`` (company units per document unit): each installment converted and rounded, the
    last taking the residue so the amounts sum exactly to the company total; each discount's
    payable converted, its discount the rest. A ``company_total`` booked already must be that
    converted total (document total × rate rounded), else ``InvalidAmountError`` names both.

    >>> s = schedule("100.00", "USD", "2026-01-01", "2/10 net 30")
    >>> c = company_schedule(s, "EUR", "0.9137")
    >>> c.total, c.installments[0].discounts[0].payable
    (Decimal('91.37'), Decimal('89.54'))
    """
    if not isinstance(schedule, Schedule):
        raise TypeError(f"schedule: expected a Schedule (as schedule() returns it), got {type(schedule).__name__}")
    request: dict = {
        "schedule": schedule.to_dict(),
        "company_currency": company_currency,
        "rate": _amount("rate", rate),
        "rounding": rounding,
        "precision": precision,
    }
    if company_total is not None:
        request["company_total"] = _amount("company_total", company_total)
    r = _call("company_schedule", request)
    return CompanySchedule(
        r["currency"],
        Decimal(r["rate"]),
        Decimal(r["total"]),
        tuple(
            CompanyInstallment(_parse_date(i["due_date"]), Decimal(i["amount"]), tuple(InstallmentDiscount.from_dict(t) for t in i.get("discounts", ())))
            for i in r["installments"]
        ),
    )


def allocate_arrow(
    items: Any,
    receipts: Any,
    *,
    customer: str = "customer_id",
    currency: str = "currency",
    currency_code: Optional[str] = None,
    due_date: str = "due_date",
    item_id: str = "invoice_id",
    open_amount: str = "open_amount",
    amount_scale: Optional[int] = None,
    receipt_customer: str = "customer_id",
    receipt_currency: str = "currency",
    paid_date: str = "paid_date",
    receipt_amount: str = "amount",
    receipt_amount_scale: Optional[int] = None,
    unmatched: str = "error",
    threads: int = 0,
    amount_type: AmountType = "decimal128",
    applied_only: bool = False,
    order: Literal["row", "item_id"] = "row",
    row_type: RowType = "int64",
) -> Tuple[Any, Any]:
    """Allocates a whole statement of receipts to a whole ledger of open items in one call, on
    every core, without a Python object per row: each receipt goes to the open items of its
    customer and currency, oldest first (due date, then item id), receipts in date order (then
    row order), each item taking ``min(what is open, what is left)``; what no item takes stays
    unapplied. The same as :func:`allocate_payment` with ``oldest_first``, receipt by receipt,
    on items of one installment without fees, interest or discounts.

    ``items`` and ``receipts`` are anything implementing the Arrow PyCapsule interface (a
    ``pyarrow.Table``, ``RecordBatch``, polars ``DataFrame``, DuckDB relation...; sliced or
    chunked), read in place with the GIL released. Item columns: ``customer`` (string ids,
    plain or dictionary-encoded, or integers), ``currency`` (ISO codes; or one
    ``currency_code`` for both tables), ``due_date`` (``date32``), ``item_id`` (strings: the
    last tie-break), ``open_amount`` (``decimal128`` of scale 0 to 18, or integer minor units
    with ``amount_scale``; each within 64-bit minor units, a credit too; an item at or below
    zero takes nothing). Receipt columns:
    ``receipt_customer`` (the same kind of ids as the items'), ``receipt_currency``,
    ``paid_date`` (``date32``), ``receipt_amount`` (positive; ``receipt_amount_scale`` for
    integers). Amounts with more decimals than their currency are an error, never rounded.

    Returns a pair of ``pyarrow.Table`` (each an :class:`ArrowStream` without pyarrow), in row
    order: the items' ``applied`` and the receipts' ``unapplied`` (``decimal128(38, s)`` at the
    largest scale ``s`` of the currencies seen). Per receipt, what its customer's items take
    plus ``unapplied`` is the receipt, exactly. ``amount_type="decimal64"`` gives both as
    ``decimal64(18, s)`` instead: half the memory, and handed over without a copy (the
    kernel's own minor units) when every currency has the scale ``s``; the same values, so
    casting to ``decimal128`` gives exactly the default's columns. A value of more than 18
    digits then raises :class:`AmountOverflowError` (``applied[7]``). (pyarrow 26 compares,
    filters, takes and casts decimal64 but has no ``sum`` for it: cast to ``decimal128``
    first.) ``applied_only=True`` gives only the items that receive money, in row order, as
    ``row`` (``int64``: the item's row number in ``items``, counted over all its chunks, for
    ``take``) and ``applied``: a short result for a short statement against a long ledger, no
    ``applied > 0`` filter to run afterwards. ``order="item_id"`` lists the items' result by
    ``item_id`` (as bytes) instead of by row (``order="row"``, the default), with the ``row``
    column (with or without ``applied_only``): a cash-application report keyed by invoice. When
    the rows are in id order already (a ledger kept in id order), that is checked on all cores
    and nothing is sorted. ``row_type="uint32"`` gives ``row`` as ``uint32`` instead of
    ``int64`` (every row number of a call fits; pyarrow's ``take`` and polars accept either):
    the numbers as arrears keeps them, half the memory, no widening pass.

    Errors (:class:`ArrearsError` subclasses naming the field and the value, nothing
    allocated): a receipt whose customer has no item (``receipts[3].customer_id``, the id) or
    none in its currency (``receipts[3].currency``, the code) unless ``unmatched="unapplied"``
    leaves it unapplied; a receipt that is not positive (``receipts[0].amount``, ``-5.00``); an
    item id that repeats an earlier item's (``items[7].invoice_id``, the id; the message names the
    earlier row, ``items[3].invoice_id``); an open amount beyond 64-bit minor units
    (:class:`AmountOverflowError`, ``items[2].open_amount``, the amount as written); a null (the first such row); a column of another type (the column and its type in words,
    ``float64``); an unknown currency code; an ``amount_type`` other than ``"decimal128"`` or
    ``"decimal64"``; an ``order`` other than ``"row"`` or ``"item_id"``; a ``row_type`` other
    than ``"int64"`` or ``"uint32"``.

    >>> import pyarrow as pa, datetime as dt, decimal
    >>> d = lambda *xs: pa.array([decimal.Decimal(x) for x in xs], pa.decimal128(18, 2))
    >>> items = pa.table({"customer_id": ["C1", "C1", "C2"], "currency": ["EUR"] * 3,
    ...                   "due_date": [dt.date(2026, 2, 1), dt.date(2026, 1, 1), dt.date(2026, 1, 1)],
    ...                   "invoice_id": ["I1", "I2", "I3"], "open_amount": d("100.00", "100.00", "50.00")})
    >>> receipts = pa.table({"customer_id": ["C1", "C2"], "currency": ["EUR", "EUR"],
    ...                      "paid_date": [dt.date(2026, 3, 1)] * 2, "amount": d("150.00", "80.00")})
    >>> applied, unapplied = allocate_arrow(items, receipts)
    >>> [str(x) for x in applied.column("applied").to_pylist()], [str(x) for x in unapplied.column("unapplied").to_pylist()]
    (['50.00', '100.00', '50.00'], ['0.00', '30.00'])
    >>> applied, _ = allocate_arrow(items, receipts, amount_type="decimal64")
    >>> str(applied.schema.field("applied").type)
    'decimal64(18, 2)'
    >>> applied, _ = allocate_arrow(items, receipts.slice(0, 1), applied_only=True)  # C1 pays
    >>> applied.column("row").to_pylist(), [str(x) for x in applied.column("applied").to_pylist()]
    ([0, 1], ['50.00', '100.00'])
    >>> by_id, _ = allocate_arrow(items.take([2, 0, 1]), receipts, applied_only=True, order="item_id")
    >>> by_id.column("row").to_pylist(), [str(x) for x in by_id.column("applied").to_pylist()]  # I1, I2, I3
    ([1, 2, 0], ['50.00', '100.00', '50.00'])
    >>> str(allocate_arrow(items, receipts, applied_only=True, row_type="uint32")[0].schema.field("row").type)
    'uint32'
    """
    from .columnar import _arrow_result
    from .errors import _from_payload

    ok, payload = _arrears.allocate_arrow(
        items,
        receipts,
        customer=customer,
        currency=currency,
        currency_code=currency_code,
        due_date=due_date,
        item_id=item_id,
        open_amount=open_amount,
        amount_scale=amount_scale,
        receipt_customer=receipt_customer,
        receipt_currency=receipt_currency,
        receipt_date=paid_date,
        receipt_amount=receipt_amount,
        receipt_amount_scale=receipt_amount_scale,
        unmatched=unmatched,
        threads=threads,
        amount_type=amount_type,
        applied_only=applied_only,
        order=order,
        row_type=row_type,
    )
    if not ok:
        raise _from_payload(payload)
    return _arrow_result(True, payload[0]), _arrow_result(True, payload[1])


def open_balances_arrow(
    items: Any,
    *,
    customer: str = "customer_id",
    currency: str = "currency",
    currency_code: Optional[str] = None,
    open_amount: str = "open_amount",
    amount_scale: Optional[int] = None,
    threads: int = 0,
    amount_type: AmountType = "decimal128",
) -> Any:
    """Each customer's open balance per currency, from a whole ledger of open items in one call
    (on every core, the GIL released): the sum of the customer's open amounts above zero in
    that currency, exactly. It is what :func:`allocate_arrow` can apply to the customer (an
    item at or below zero takes nothing, so credits count for nothing here): the figure a
    statement's receipts are planned or checked against. Only a few bytes a customer, where
    :func:`aging_arrow`'s ``total`` (the net balance, credits included) carries the buckets too.

    ``items`` is anything implementing the Arrow PyCapsule interface, with the columns of
    :func:`allocate_arrow`'s items: ``customer`` (string ids, plain or dictionary-encoded, or
    integers), ``currency`` (ISO codes; or one ``currency_code``), ``open_amount``
    (``decimal128`` of scale 0 to 18, or integer minor units with ``amount_scale``; more
    decimals than the currency has are an error, never rounded).

    Returns a ``pyarrow.Table`` (an :class:`ArrowStream` without pyarrow), one row per customer
    and currency with a balance above zero: ``customer`` (the ids as given: strings, or
    ``int64``), ``currency`` and ``balance`` (``decimal128(38, s)`` at the largest scale ``s``
    of the currencies seen; ``amount_type="decimal64"``: ``decimal64(18, s)``). Rows come in
    the order of the customers' first appearance (or of a dictionary's values), then of the
    currencies'.

    Errors (:class:`ArrearsError` subclasses naming the field and the value): a balance beyond
    2^63 − 1 minor units (:class:`AmountOverflowError`, ``items[7].open_amount``: the row at which
    it passes, its amount); a null (the first such row); a column of another type; an unknown
    currency code; an ``amount_type`` other than ``"decimal128"`` or ``"decimal64"``.

    >>> import pyarrow as pa, decimal
    >>> d = lambda *xs: pa.array([decimal.Decimal(x) for x in xs], pa.decimal128(18, 2))
    >>> items = pa.table({"customer_id": ["C1", "C2", "C1", "C1"], "currency": ["EUR", "EUR", "EUR", "USD"],
    ...                   "open_amount": d("100.00", "-20.00", "50.00", "7.50")})
    >>> b = open_balances_arrow(items)
    >>> b.column("customer").to_pylist(), b.column("currency").to_pylist()
    (['C1', 'C1'], ['EUR', 'USD'])
    >>> [str(x) for x in b.column("balance").to_pylist()]
    ['150.00', '7.50']
    """
    from .columnar import _arrow_result

    ok, payload = _arrears.open_balances_arrow(
        items,
        customer=customer,
        currency=currency,
        currency_code=currency_code,
        open_amount=open_amount,
        amount_scale=amount_scale,
        threads=threads,
        amount_type=amount_type,
    )
    return _arrow_result(ok, payload)
