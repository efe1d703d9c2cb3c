"""Aging where the data is: Spark partitions, Polars and DuckDB batches, merged exactly.

Each partition (a Spark task's rows, a Polars part, a DuckDB record batch) is aged by
:func:`arrears.aging_arrow` into a *partial*: an Arrow table with one row per customer and
currency of that partition, the sums per bucket as exact ``decimal128`` (the amount's scale, so
the unscaled integers are the minor units: cents), ``total``, ``disputed`` and ``items``. The
partials are then merged on the driver by the core's ``aging_merge`` (the same operation as
:meth:`arrears.AgingReport.merge`): rows of the same customer and currency add up, totals per
currency add up, every sum is checked (a sum beyond 10^18 is an error, never a wrapped number),
and ``percent_current`` is recomputed once. No float is involved at any step, so the merged
report equals, cent for cent, the report of the whole computed in one process, however the rows
were split. For reports too large to want as Python objects, :func:`merge_partials_arrow`
merges the same partials in Arrow (exact decimal sums, range-checked) into the very table
``aging_arrow`` gives for the whole. See ``docs/scale-out.md`` for when to use which.

This module imports neither pyspark, polars nor duckdb when it is imported (nor at
``import arrears``): each helper imports what it needs when called. The executors of a Spark
job need only the ``arrears`` wheel (abi3: one wheel for every CPython >= 3.9) and pyarrow.

>>> import datetime as dt, decimal, pyarrow as pa
>>> import arrears
>>> from arrears.spark import merge_partials
>>> t = pa.table({"customer_id": ["B", "A", "B", "A"], "currency": ["EUR"] * 4,
...               "due_date": [dt.date(2026, 10, 1), dt.date(2026, 12, 1), dt.date(2026, 11, 20),
...                            dt.date(2026, 9, 1)],
...               "open_amount": pa.array([decimal.Decimal(x) for x in ("50.10", "100.00", "7.00", "0.01")],
...                                       pa.decimal128(18, 2))})
>>> parts = [arrears.aging_arrow(t.slice(0, 2), "2026-11-24"), arrears.aging_arrow(t.slice(2), "2026-11-24")]
>>> merged = merge_partials(parts, "2026-11-24")
>>> merged == merge_partials([arrears.aging_arrow(t, "2026-11-24")], "2026-11-24")
True
>>> [(r.customer, r.total, r.items) for r in merged.rows]
[('A', Decimal('100.01'), 2), ('B', Decimal('57.10'), 2)]

Other batch operations: the per-invoice ones (late interest, schedules, allocation within one
customer) are plain per-row maps: run them in ``mapInArrow`` and keep their rows, nothing to
merge. The collection worklist ranks customers by a score built from per-customer sums
(overdue, max days past due, payment history), so its partials are those per-customer sums:
they are merged per customer first (add sums, take maxima), and only then are scores computed
and the top K taken; a top K per partition cannot be merged into the top K of the whole.
"""

from __future__ import annotations

import decimal as _decimal
import functools as _functools
import importlib as _importlib
import secrets as _secrets

from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from ._wire import DateLike, _call
from .columnar import aging_arrow
from .errors import AmountOverflowError
from .receivables import aging, AgingReport

#: The name of the partition-id column that :func:`aging_partition` adds to each partial.
PART = "part"

# The keyword arguments of aging_arrow that name the input and how it is aged.
_OPTIONS = (
    "customer",
    "currency",
    "currency_code",
    "due_date",
    "issue_date",
    "amount",
    "amount_scale",
    "disputed",
    "basis",
    "bounds",
    "labels",
    "not_due",
    "credits",
    "threads",
)
_SPEC = ("basis", "bounds", "labels", "not_due", "credits")


def _pa() -> Any:
    return _importlib.import_module("pyarrow")


def _spec_options(options: Dict[str, Any]) -> Dict[str, Any]:
    unknown = sorted(set(options) - set(_OPTIONS))
    if unknown:
        raise TypeError(f"unexpected keyword argument(s) {', '.join(unknown)}; aging_arrow's options are {', '.join(_OPTIONS)}")
    return {k: options[k] for k in _SPEC if k in options}


def _empty(as_of: DateLike, spec: Dict[str, Any]) -> Dict[str, Any]:
    """The wire form of the report of no items (as_of, basis, not_due and columns as asked)."""
    return aging([], as_of, **spec).to_dict()


def report_columns(as_of: DateLike, **options: Any) -> Tuple[str, ...]:
    """The bucket columns of the report these options ask for (as the core names them).

    >>> report_columns("2025-06-30")
    ('not_due', '1-30', '31-60', '61-90', '90+')
    >>> report_columns("2025-06-30", credits="separate", not_due="fold", bounds=[30])
    ('0-30', '30+', 'credits')
    """
    return tuple(_empty(as_of, _spec_options(options))["columns"])


def _partial_reports(table: Any, empty: Dict[str, Any], columns: Sequence[str]) -> List[Dict[str, Any]]:
    """The wire form of each partial in ``table`` (split by its ``part`` column if it has one).

    Rows are taken as they are (amounts as their exact decimal text). A report also carries a
    total per currency: here the exact sum of its rows, which the core checks again (every
    report is validated before it is merged) before it adds anything up."""
    pa = _pa()
    pc = _importlib.import_module("pyarrow.compute")
    if table.num_rows == 0:
        return []
    if PART in table.column_names:
        counts = pc.value_counts(table.column(PART))
        if len(counts) > 1:
            # one partial per part id: sorted by part (a stable sort), then sliced
            table = table.take(pc.sort_indices(table, [(PART, "ascending")]))
            out: List[Dict[str, Any]] = []
            start = 0
            for n in sorted(counts.to_pylist(), key=lambda c: c["values"]):
                out.extend(_partial_reports(table.slice(start, n["counts"]).drop_columns([PART]), empty, columns))
                start += n["counts"]
            return out
    money = list(columns) + ["total", "disputed"]
    missing = [c for c in ["customer", "currency", *money, "items"] if c not in table.column_names]
    if missing:
        raise ValueError(f"not a partial of aging_arrow with columns {list(columns)}: missing {missing}")
    if pa.types.is_integer(table.schema.field("customer").type):
        # aging_arrow sorts integer ids as numbers; a report's customers are text, sorted as text
        table = table.set_column(0, "customer", pc.cast(table.column("customer"), pa.string()))
        table = table.take(pc.sort_indices(table, [("customer", "ascending"), ("currency", "ascending")]))
    width = len(columns)

    def text(t: Any, c: str) -> List[str]:
        return pc.cast(t.column(c), pa.string()).to_pylist()

    cells = list(zip(*(text(table, c) for c in money)))
    keys = zip(text(table, "customer"), text(table, "currency"), table.column("items").to_pylist())
    rows = [
        {
            "customer": k[0],
            "currency": k[1],
            "buckets": list(v[:width]),
            "total": v[width],
            "disputed": v[width + 1],
            "items": k[2],
        }
        for k, v in zip(keys, cells)
    ]
    # Exact decimal128 sums (38 digits; the core compares each with its own checked sum of the rows)
    sums = table.group_by("currency").aggregate([(c, "sum") for c in [*money, "items"]]).sort_by("currency")
    totals = [
        {
            "currency": cur,
            "buckets": list(v[:width]),
            "total": v[width],
            "disputed": v[width + 1],
            "items": n,
            "percent_current": None,  # recomputed by the merge
        }
        for cur, n, v in zip(
            text(sums, "currency"), sums.column("items_sum").to_pylist(), zip(*(text(sums, c + "_sum") for c in money))
        )
    ]
    return [{**empty, "rows": rows, "totals": totals}]


def merge_partials(partials: Iterable[Any], as_of: DateLike, **options: Any) -> AgingReport:
    """Merges partial aging tables into the report of the whole, exactly, in the core.

    ``partials`` are the outputs of :func:`arrears.aging_arrow` over disjoint parts of the same
    data, with the same ``as_of`` and the same spec ``options`` (``basis``, ``bounds``,
    ``labels``, ``not_due``, ``credits``; the column options are accepted and ignored). A
    partial does not record its ``as_of`` or ``basis``: the caller keeps them the same (its
    columns are checked against the options). Partials are pyarrow
    Tables or RecordBatches, or anything pyarrow reads through the Arrow PyCapsule interface
    (a polars DataFrame). A table with a ``part`` column (:data:`PART`, as Spark's
    :func:`spark_partials` returns) holds one partial per distinct ``part``.

    The merge is the core's ``aging_merge`` (:meth:`AgingReport.merge`): each partial is checked
    as a report (sorted, each total the sum of its buckets, one total per currency that is the
    sum of its rows), rows of the same customer and currency add up with checked sums, totals
    per currency add up and ``percent_current`` is recomputed. Integer customer ids become their
    decimal text (a report's customers are text, sorted as text).

    Raises :class:`arrears.InvalidRequestError` when the partials disagree with ``options`` or
    with each other, :class:`arrears.AmountOverflowError` when a sum leaves ±10^18.
    """
    pa = _pa()
    empty = _empty(as_of, _spec_options(options))
    columns = empty["columns"]
    reports: List[Dict[str, Any]] = []
    for p in partials:
        if isinstance(p, pa.RecordBatch):
            p = pa.Table.from_batches([p])
        elif not isinstance(p, pa.Table):
            p = pa.table(p)
        reports.extend(_partial_reports(p, empty, columns))
    if not reports:
        reports = [empty]
    # At least one merge (it recomputes percent_current); aging_merge takes at most 100,000
    # reports a call (limits.rs MAX_MERGE_REPORTS), so many partials are merged in rounds.
    chunk = 10_000
    while True:
        reports = [_call("aging_merge", {"reports": reports[i : i + chunk]}) for i in range(0, len(reports), chunk)]
        if len(reports) == 1:
            break
    return AgingReport.from_dict(reports[0])


def merge_partials_arrow(partials: Iterable[Any], as_of: DateLike, **options: Any) -> Any:
    """Merges partial aging tables into the table :func:`arrears.aging_arrow` gives for the
    whole, in Arrow: the fast path for reports too large to want as Python objects.

    Same input as :func:`merge_partials`. The partials are concatenated and summed per customer
    and currency by pyarrow's ``group_by`` on ``decimal128(38, s)`` (``decimal256`` when 38
    digits could not hold the sum of every value), which is exact: integers, no float. Every
    merged amount is then checked within ±10^18, as the core checks its sums
    (:class:`arrears.AmountOverflowError` otherwise). The result has aging_arrow's layout and
    order (customer, then currency; integer ids as numbers): ``customer``, ``currency``, one
    column per bucket, ``total``, ``disputed``, ``items``. Unlike :func:`merge_partials` it does
    not re-check each partial's own consistency, nor compute totals per currency.

    >>> import datetime as dt, pyarrow as pa
    >>> import arrears
    >>> t = pa.table({"customer_id": [2, 1, 2], "currency": ["EUR"] * 3, "due_date": [dt.date(2026, 1, 1)] * 3,
    ...               "open_amount": pa.array([100, 250, 1], pa.int64())})
    >>> parts = [arrears.aging_arrow(t.slice(i, 1), "2026-01-31", amount_scale=2) for i in range(3)]
    >>> merge_partials_arrow(parts, "2026-01-31").equals(arrears.aging_arrow(t, "2026-01-31", amount_scale=2))
    True
    """
    pa = _pa()
    pc = _importlib.import_module("pyarrow.compute")
    columns = report_columns(as_of, **options)
    money = [*columns, "total", "disputed"]
    tables = []
    for p in partials:
        if isinstance(p, pa.RecordBatch):
            p = pa.Table.from_batches([p])
        elif not isinstance(p, pa.Table):
            p = pa.table(p)
        missing = [c for c in ["customer", "currency", *money, "items"] if c not in p.column_names]
        if missing:
            raise ValueError(f"not a partial of aging_arrow with columns {list(columns)}: missing {missing}")
        tables.append(p.select(["customer", "currency", *money, "items"]))
    if not tables:
        raise ValueError("no partials to merge")
    scale = max(t.schema.field(c).type.scale for t in tables for c in money)
    integer_ids = pa.types.is_integer(tables[0].schema.field("customer").type)
    schema = _partial_schema(columns, scale, integer_ids).remove(len(money) + 3)  # without the part column
    rows = sum(t.num_rows for t in tables)
    wide = rows * 10 ** (18 + scale) >= 10**38  # could a sum leave decimal128's 38 digits?
    work = pa.schema([f.with_type(pa.decimal256(76, scale)) if wide and f.name in money else f for f in schema])
    whole = pa.concat_tables([t.cast(work) for t in tables])
    sums = whole.group_by(["customer", "currency"]).aggregate([(c, "sum") for c in [*money, "items"]])
    limit = _decimal.Decimal(10) ** 18
    for c in money:
        low, high = pc.min_max(sums.column(c + "_sum")).values()
        for v in (low.as_py(), high.as_py()):
            if v is not None and abs(v) > limit:
                reason = "a merged sum leaves the amounts arrears supports (±10^18)"
                raise AmountOverflowError(f'{c}: overflow "{v}": {reason}', field=c, value=str(v), reason=reason)
    sums = sums.rename_columns([n.removesuffix("_sum") for n in sums.column_names])
    sums = sums.select(schema.names).sort_by([("customer", "ascending"), ("currency", "ascending")])
    return sums.cast(schema)


def _partial_schema(columns: Sequence[str], scale: int, integer_ids: bool) -> Any:
    """The pyarrow schema of one partial (aging_arrow's, no nulls) with the ``part`` column."""
    pa = _pa()
    money = pa.decimal128(38, scale)
    fields = [("customer", pa.int64() if integer_ids else pa.string()), ("currency", pa.string())]
    fields += [(c, money) for c in (*columns, "total", "disputed")] + [("items", pa.int64()), (PART, pa.int64())]
    return pa.schema([pa.field(name, t, nullable=False) for name, t in fields])


def _partition_id() -> int:
    try:
        ctx = _importlib.import_module("pyspark").TaskContext.get()
    except ImportError:  # pragma: no cover - outside Spark
        ctx = None
    if ctx is not None:
        return int(ctx.partitionId())
    return _secrets.randbits(62)


def aging_partition(batches: Iterable[Any], as_of: DateLike, schema: Any = None, **options: Any) -> Iterator[Any]:
    """Ages one partition: the function ``mapInArrow`` runs on each Spark task.

    ``batches`` are the partition's pyarrow RecordBatches; they are aged together (one
    :func:`arrears.aging_arrow` call, ``options`` as there) and the partial is yielded as
    RecordBatches with a ``part`` column naming the partition (Spark's partition id, or a
    random 62-bit number outside Spark), cast to ``schema`` when given. An empty partition
    yields nothing.

    >>> import datetime as dt, pyarrow as pa
    >>> b = pa.record_batch({"customer_id": ["A"], "currency": ["EUR"], "due_date": [dt.date(2026, 1, 1)],
    ...                      "open_amount": pa.array([1234], pa.int64())})
    >>> [p.column("total").to_pylist() for p in aging_partition([b], "2026-01-31", amount_scale=2)]
    [[Decimal('12.34')]]
    """
    pa = _pa()
    batches = [b for b in batches if b.num_rows]
    if not batches:
        return
    partial = aging_arrow(pa.Table.from_batches(batches), as_of, **options)
    part = pa.array([_partition_id()] * partial.num_rows, pa.int64())
    partial = partial.append_column(PART, part)
    if schema is not None:
        partial = partial.cast(schema)
    yield from partial.to_batches()


def _scale(type_name: str, scale: Optional[int], amount_scale: Optional[int], column: str) -> int:
    if scale is not None:
        return scale
    if amount_scale is None:
        raise TypeError(f"{column}: a {type_name} amount column is minor units: give amount_scale (the decimals)")
    return amount_scale


def spark_partials(df: Any, as_of: DateLike, *, reduce: Optional[int] = None, **options: Any) -> Any:
    """The Spark DataFrame of partials: ``df`` aged partition by partition in ``mapInArrow``.

    Lazy, like any DataFrame: nothing runs until it is collected (:func:`spark_aging`) or
    written. ``options`` are :func:`arrears.aging_arrow`'s; ``threads`` defaults to 1 here,
    since Spark already runs one task per core. The amount column is a ``DECIMAL(p, s)`` or
    integer minor units with ``amount_scale``; integer customer ids stay ``bigint`` in the
    partials. Columns: ``customer``, ``currency``, one ``DECIMAL(38, s)`` per report column,
    ``total``, ``disputed``, ``items`` (``bigint``), ``part`` (the partition id).

    ``reduce=k`` merges the partials inside Spark before they reach the driver: they are
    repartitioned into ``k`` partitions by customer and currency (a shuffle of the partials
    only, at most one row per customer and currency per task) and each partition's partials are
    merged by :func:`merge_partials_arrow` in a second ``mapInArrow``. The result holds each
    customer and currency once: what the driver then receives is the size of the report, however
    many tasks aged the rows.
    """
    T = _importlib.import_module("pyspark.sql.types")
    options = {"threads": 1, **options}
    _spec_options(options)
    names = {
        "customer": options.get("customer", "customer_id"),
        "due_date": options.get("due_date", "due_date"),
        "amount": options.get("amount", "open_amount"),
    }
    if options.get("currency_code") is None:
        names["currency"] = options.get("currency", "currency")
    for k in ("issue_date", "disputed"):
        if options.get(k) is not None:
            names[k] = options[k]
    fields = {f.name: f.dataType for f in df.schema.fields}
    amount_type = fields[names["amount"]]
    scale = _scale(amount_type.simpleString(), getattr(amount_type, "scale", None), options.get("amount_scale"), names["amount"])
    integer_ids = isinstance(fields[names["customer"]], T.IntegralType)
    arrow_schema = _partial_schema(report_columns(as_of, **options), scale, integer_ids)
    money = T.DecimalType(38, scale)
    spark_schema = T.StructType(
        [
            T.StructField("customer", T.LongType() if integer_ids else T.StringType(), False),
            T.StructField("currency", T.StringType(), False),
        ]
        + [T.StructField(f.name, money, False) for f in list(arrow_schema)[2:-2]]
        + [T.StructField("items", T.LongType(), False), T.StructField(PART, T.LongType(), False)]
    )
    fn = _functools.partial(aging_partition, as_of=as_of, schema=arrow_schema, **options)
    partials = df.select(*sorted(set(names.values()))).mapInArrow(fn, spark_schema)
    if reduce is None:
        return partials
    merge = _functools.partial(reduce_partition, as_of=as_of, schema=arrow_schema, **_spec_options(options))
    return partials.repartition(reduce, "customer", "currency").mapInArrow(merge, spark_schema)


def reduce_partition(batches: Iterable[Any], as_of: DateLike, schema: Any = None, **options: Any) -> Iterator[Any]:
    """Merges the partials of one partition (:func:`merge_partials_arrow`) into one partial:
    the function of the second ``mapInArrow`` of ``spark_partials(..., reduce=k)``. Yields
    RecordBatches with a ``part`` column (as :func:`aging_partition`), cast to ``schema`` when
    given; nothing for an empty partition.
    """
    pa = _pa()
    batches = [b for b in batches if b.num_rows]
    if not batches:
        return
    merged = merge_partials_arrow(batches, as_of, **options)
    merged = merged.append_column(PART, pa.array([_partition_id()] * merged.num_rows, pa.int64()))
    if schema is not None:
        merged = merged.cast(schema)
    yield from merged.to_batches()


def spark_aging(df: Any, as_of: DateLike, *, reduce: Optional[int] = None, **options: Any) -> AgingReport:
    """Ages a Spark DataFrame of open items: the partials of :func:`spark_partials`, collected
    to the driver as Arrow and merged there by :func:`merge_partials`.

    The result equals the report of the whole computed in one process, cent for cent, however
    Spark partitioned the rows (see the module's doc). The driver receives at most one row per
    customer and currency per partition, or, with ``reduce=k``, one per customer and currency
    (the partials merged in Spark first, see :func:`spark_partials`). An error in a task (a bad row) comes back as Spark's
    ``PythonException`` carrying the arrears error's text (``open_amount[17]: ...``).
    """
    partials = spark_partials(df, as_of, reduce=reduce, **options)
    if hasattr(partials, "toArrow"):  # Spark >= 4.0
        table = partials.toArrow()
    else:  # pragma: no cover - Spark 3.x
        table = _pa().Table.from_batches(partials._collect_as_arrow())
    return merge_partials([table], as_of, **options)


def _polars_part(frame: Any, as_of: DateLike, options: Dict[str, Any]) -> Any:
    pl = _importlib.import_module("polars")
    return pl.from_arrow(aging_arrow(frame, as_of, **options))


def polars_aging(frame: Any, as_of: DateLike, *, partitions: int = 2, **options: Any) -> AgingReport:
    """Ages a polars LazyFrame (or DataFrame) split by customer into ``partitions`` parts.

    Each part is the rows whose customer id hashes to it (``hash(customer) % partitions``), so
    the parts hold disjoint customers; each is aged in ``LazyFrame.map_batches`` and the parts
    are collected together (``polars.collect_all``, in parallel), then merged by
    :func:`merge_partials`. ``options`` are :func:`arrears.aging_arrow`'s (``threads`` defaults
    to 1 per part).

    >>> import datetime as dt, polars as pl
    >>> lf = pl.LazyFrame({"customer_id": ["A", "B", "A"], "currency": ["EUR"] * 3,
    ...                    "due_date": [dt.date(2026, 1, 1)] * 3, "open_amount": [100, 250, 1]})
    >>> r = polars_aging(lf, "2026-01-31", amount_scale=2, partitions=3)
    >>> [(x.customer, x.buckets[1]) for x in r.rows]
    [('A', Decimal('1.01')), ('B', Decimal('2.50'))]
    """
    pl = _importlib.import_module("polars")
    options = {"threads": 1, **options}
    _spec_options(options)
    lf = frame.lazy()
    customer = options.get("customer", "customer_id")
    key = pl.col(customer).hash(seed=0) % partitions
    parts = [
        lf.filter(key == k).map_batches(
            _functools.partial(_polars_part, as_of=as_of, options=options), validate_output_schema=False
        )
        for k in range(partitions)
    ]
    return merge_partials([f.to_arrow() for f in pl.collect_all(parts)], as_of, **options)


def duckdb_aging(relation: Any, as_of: DateLike, *, rows_per_batch: int = 1_000_000, **options: Any) -> AgingReport:
    """Ages a DuckDB relation (or query result) batch by batch: ``fetch_record_batch`` (named
    ``to_arrow_reader`` since DuckDB 1.4, used when present) streams it as Arrow record batches
    of about ``rows_per_batch`` rows, each is aged by
    :func:`arrears.aging_arrow` as it arrives (only one batch is held at a time, plus the
    partials), then the partials are merged by :func:`merge_partials`.

    >>> import duckdb
    >>> rel = duckdb.sql("SELECT 'C' || (i % 3) AS customer_id, 'EUR' AS currency, DATE '2026-01-01' AS due_date, "
    ...                  "1.25::DECIMAL(18, 2) AS open_amount FROM range(10) t(i)")
    >>> [(r.customer, r.total) for r in duckdb_aging(rel, "2026-01-31", rows_per_batch=4).rows]
    [('C0', Decimal('5.00')), ('C1', Decimal('3.75')), ('C2', Decimal('3.75'))]
    """
    _spec_options(options)
    fetch = getattr(relation, "to_arrow_reader", None) or relation.fetch_record_batch
    reader = fetch(rows_per_batch)
    return merge_partials((aging_arrow(batch, as_of, **options) for batch in reader), as_of, **options)


__all__ = [
    "PART",
    "aging_partition",
    "duckdb_aging",
    "merge_partials",
    "merge_partials_arrow",
    "polars_aging",
    "reduce_partition",
    "report_columns",
    "spark_aging",
    "spark_partials",
]
