"""The Arrow (columnar) entry points: aging, schedules and late interest over whole tables, read
in place."""

from __future__ import annotations

import json as _json

from typing import Any, Optional, Sequence, Union

from . import _arrears
from ._wire import AmountLike, DateLike, _amount, _date, _object
from .calendar import Calendar
from .payments import AmountType, RowType
from .errors import _from_payload
from .rates import InterestRule, StatutoryPreset
from .receivables import _aging_spec
from .terms import PaymentTerms, _terms_wire


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
        import pyarrow  # type: ignore[import-untyped]  # (pyarrow ships no type stubs)
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
    the first such row (``items[17].due_date``); a column of another type, or a scale outside its
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
    :class:`InvalidRequestError` naming the first such row (``invoices[3].total``).

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
    wire = [_terms_wire(f"terms[{k}]", t) for k, t in enumerate(many)]
    options: dict = {
        "rounding": {
            "mode": rounding,
            "precision": precision,
            "cash_increment": None if cash_increment is None else _amount("cash_increment", cash_increment),
        },
        "allow_negative_balance": allow_negative_balance,
    }
    if calendar is not None:
        options["calendar"] = _object("calendar", calendar, Calendar, "a Calendar")
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


def interest_arrow(
    invoices: Any,
    payments: Any,
    as_of: DateLike,
    rule: Optional[InterestRule] = None,
    *,
    preset: Optional[StatutoryPreset] = None,
    invoice_id: str = "invoice_id",
    due_date: str = "due_date",
    amount: str = "amount",
    amount_scale: Optional[int] = None,
    currency: str = "currency",
    currency_code: Optional[str] = None,
    issue_date: Optional[str] = None,
    select: Optional[str] = None,
    payment_invoice: str = "invoice_id",
    paid_date: str = "paid_date",
    payment_amount: str = "amount",
    payment_amount_scale: Optional[int] = None,
    unmatched: str = "error",
    breakdown: bool = False,
    rounding: str = "half_up",
    precision: Optional[int] = None,
    cash_increment: Optional[AmountLike] = None,
    calendar: Optional[Calendar] = None,
    threads: int = 0,
    overdue: bool = False,
    open_amount: Optional[str] = None,
    order: str = "row",
    row_type: RowType = "int64",
    amount_type: AmountType = "decimal128",
) -> Any:
    """The late interest of every invoice of a table as of ``as_of`` under one ``rule`` or a
    statutory ``preset`` (exactly one), in one call, on every core, without a Python object per
    row: each invoice's result equals :func:`arrears.interest` on the same claim (one rounding
    per invoice, errors included). With a preset, each invoice's version of it follows the
    preset's ``obligation_date`` when given, else the invoice's ``issue_date`` column; the result
    then has a ``version`` column (``date32``: the first day of the version used).

    ``invoices`` and ``payments`` are anything implementing the Arrow PyCapsule interface (a
    ``pyarrow.Table``, ``RecordBatch``, polars ``DataFrame``, DuckDB relation...; sliced or
    chunked), read in place with the GIL released; ``payments`` may be None. Invoice columns:
    ``due_date`` (``date32``), ``amount`` owed at the due date (``decimal128`` of scale 0 to 18,
    or integer minor units with ``amount_scale``), ``currency`` (ISO codes, plain or
    dictionary-encoded; or one ``currency_code``), optional ``issue_date`` (no payment may be
    dated before it), ``invoice_id`` when payments name invoices by id, and optional ``select``:
    a bool column, only its true rows are computed (null is not selected). Payment columns:
    ``payment_invoice`` (the invoice's id, or its row number as an integer), ``paid_date``
    (``date32``), ``payment_amount`` (positive, in the invoice's currency). A payment whose id
    is on no selected invoice is an error, or left out with ``unmatched="skip"``.

    ``overdue=True`` computes only the overdue invoices: those due before ``as_of`` (the others
    have no interest yet: they would be ``"not_due"`` rows) and, when ``open_amount`` names the
    column of what is still owed (``decimal128`` or integers, only its sign is read), still open
    (above 0). It is the usual filter of a late-interest run, given as arguments instead of a
    computed ``select`` column; with ``select`` too, a row must pass both. ``open_amount``
    without ``overdue=True`` is an error.

    ``order="invoice_id"`` lists the result's rows by ``invoice_id`` (as bytes; equal ids by
    row) instead of by row (``order="row"``, the default); when the rows are in id order
    already (a ledger kept in id order), that is checked and nothing is sorted. It reads the
    ``invoice_id`` column even without payments by id, and a null id there is an error.

    Returns a ``pyarrow.Table`` (an :class:`ArrowStream` without pyarrow), one row per invoice
    (per selected invoice, in row order): ``row`` (the invoice's row number), ``currency``,
    ``status`` (``"charged"``, ``"not_due"``, ``"paid_on_time"``, ``"within_grace"``,
    ``"paid_within_grace"``; both dictionary-encoded) and ``interest`` (``decimal128``, exact).
    With ``breakdown=True``, a pair: that table and the period lines as a flat table (``row``,
    ``currency``, ``from``, ``to``, ``days``, ``principal``, ``rate`` (percent),
    ``day_basis``, ``interest``; an invoice's lines sum to its interest).

    ``row_type="uint32"`` gives ``row`` as ``uint32`` instead of ``int64`` (every row number
    of a call fits; pyarrow's ``take`` and polars accept either), and ``amount_type="decimal64"``
    the money columns (``interest``; the breakdown's ``principal`` and ``interest``) as
    ``decimal64(18, s)`` instead of ``decimal128(38, s)``: the same values in half the memory
    (an amount of more than 18 digits is an :class:`AmountOverflowError` naming its row). They are
    the types arrears computes in, so a large result is handed over with less copying: with
    both, the rows selected, their currencies and their interest are moved, not copied, when
    the result is in the order computed. pyarrow filters, takes and casts ``decimal64`` but has
    no ``sum`` for it: cast to ``decimal128`` first (``pc.cast(t["interest"], pa.decimal128(38, 2))``).

    A null where a value is required raises :class:`InvalidRequestError` naming the first such
    row and its column, as :func:`arrears.interest` names a field (``invoices[17].due_date``,
    ``payments[3].paid_date``); a column of another type an error naming the column and its
    type; bad values the core's errors naming the row (``invoices[4].amount``,
    ``payments[9].amount``: a payment is positive; ``payments[2].paid_date``: before its
    invoice's ``issue_date``); the rule's own errors its field (``rule.reference.table.rates``,
    or the preset's: ``preset.reference_rates.rates``, ``preset.obligation_date``).

    >>> import pyarrow as pa, datetime as dt, decimal
    >>> inv = pa.table({"invoice_id": ["A", "B"], "due_date": [dt.date(2025, 3, 1), dt.date(2025, 6, 1)],
    ...                 "amount": pa.array([decimal.Decimal("1000.00"), decimal.Decimal("500.00")], pa.decimal128(18, 2)),
    ...                 "currency": ["EUR", "EUR"]})
    >>> pay = pa.table({"invoice_id": ["A"], "paid_date": [dt.date(2025, 3, 11)],
    ...                 "amount": pa.array([decimal.Decimal("200.00")], pa.decimal128(18, 2))})
    >>> out = interest_arrow(inv, pay, "2025-03-31", InterestRule.fixed("10.25"))
    >>> out.column("interest").to_pylist(), out.column("status").to_pylist()
    ([Decimal('7.30'), Decimal('0.00')], ['charged', 'not_due'])
    >>> from arrears import StatutoryPreset, rate_table
    >>> de = StatutoryPreset("de_288_b2b", rate_table("de_basiszins").table, obligation_date="2024-05-01")
    >>> out = interest_arrow(inv, pay, "2025-03-31", preset=de)
    >>> out.column("interest").to_pylist(), out.column("version").to_pylist()
    ([Decimal('7.41'), Decimal('0.00')], [datetime.date(2014, 7, 29), datetime.date(2014, 7, 29)])
    >>> out = interest_arrow(inv, pay, "2025-03-31", InterestRule.fixed("10.25"), overdue=True, order="invoice_id")
    >>> out.column("row").to_pylist(), out.column("interest").to_pylist()
    ([0], [Decimal('7.30')])
    >>> out = interest_arrow(inv, pay, "2025-03-31", InterestRule.fixed("10.25"), overdue=True,
    ...                      row_type="uint32", amount_type="decimal64")
    >>> str(out.schema.field("row").type), str(out.schema.field("interest").type), out.column("interest").to_pylist()
    ('uint32', 'decimal64(18, 2)', [Decimal('7.30')])
    """
    ok, payload = _arrears.interest_arrow(
        invoices,
        payments,
        None if rule is None else _json.dumps(_object("rule", rule, InterestRule, "an InterestRule")),
        _date("as_of", as_of),
        _json.dumps(
            {
                "mode": rounding,
                "precision": precision,
                "cash_increment": None if cash_increment is None else _amount("cash_increment", cash_increment),
            }
        ),
        calendar=None if calendar is None else _json.dumps(_object("calendar", calendar, Calendar, "a Calendar")),
        preset=None if preset is None else _json.dumps(_object("preset", preset, StatutoryPreset, "a StatutoryPreset")),
        invoice_id=invoice_id,
        due_date=due_date,
        amount=amount,
        amount_scale=amount_scale,
        currency=None if currency_code is not None else currency,
        currency_code=currency_code,
        issue_date=issue_date,
        select=select,
        payment_invoice=payment_invoice,
        payment_date=paid_date,
        payment_amount=payment_amount,
        payment_amount_scale=payment_amount_scale,
        unmatched=unmatched,
        breakdown=breakdown,
        threads=threads,
        open_amount=open_amount,
        overdue=overdue,
        order=order,
        row_type=row_type,
        amount_type=amount_type,
    )
    if not ok:
        raise _from_payload(payload)
    tables = [_arrow_result(True, capsule) for capsule in payload]
    return (tables[0], tables[1]) if breakdown else tables[0]
