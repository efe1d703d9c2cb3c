"""Property tests: random Arrow inputs (every accepted column type, dictionaries with and without
nulls, slices, chunks including empty ones, struct arrays, record batches and tables) against the
object API on the same rows, errors included.

The example count is small by default so the suite stays fast; for a long run:

    ARREARS_HYPOTHESIS_EXAMPLES=3000 .venv/bin/python -m pytest bindings-python/tests/test_arrow_properties.py
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from typing import Any, Callable, Optional

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import arrears
from arrears import OpenItem, PaymentTerms

EXAMPLES = int(os.environ.get("ARREARS_HYPOTHESIS_EXAMPLES", "30"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=os.environ.get("ARREARS_HYPOTHESIS_RANDOM") is None,
    database=None,
)

AS_OF = dt.date(2026, 11, 24)
DECIMALS = {"EUR": 2, "USD": 2, "JPY": 0, "KWD": 3}
STRING_IDS = ["", "A", "B", "a", "C0001", "ÄÖÜ", "x" * 15, "y" * 16, "a customer with a long legal name", "ü" * 9, "\x00z"]
INT_RANGES = {
    "int8": (-128, 127),
    "int16": (-(2**15), 2**15 - 1),
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint8": (0, 255),
    "uint16": (0, 2**16 - 1),
    "uint32": (0, 2**32 - 1),
    "uint64": (0, 2**64 - 1),
}
INDEX_TYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]

#: a null index (None) or, in a dictionary, an index to a null dictionary value
NULL_VALUE = object()


def arrow_type(name: str) -> pa.DataType:
    return {"utf8": pa.string(), "large_utf8": pa.large_string(), "utf8_view": pa.string_view(), "bool": pa.bool_()}.get(name) or getattr(pa, name)()


def column(values: list, kind: tuple) -> pa.Array:
    """`values` (None: a null; NULL_VALUE: a null dictionary value where `kind` is a dictionary,
    a plain null otherwise) as an array of `kind`: ("plain", type name), ("typed", pyarrow type)
    or ("dict", index type, value type)."""
    if kind[0] == "typed":
        return pa.array([None if v is NULL_VALUE else v for v in values], kind[1])
    if kind[0] == "plain":
        return pa.array([None if v is NULL_VALUE else v for v in values], arrow_type(kind[1]))
    _, index_type, value_type = kind
    distinct: list = []
    for v in values:
        if v is not None and v is not NULL_VALUE and v not in distinct:
            distinct.append(v)
    # a null value at the end when a row points to it, and now and then unused
    with_null = any(v is NULL_VALUE for v in values) or len(distinct) % 2 == 1
    dictionary = distinct + [None] * with_null
    indices = [None if v is None else len(distinct) if v is NULL_VALUE else distinct.index(v) for v in values]
    return pa.DictionaryArray.from_arrays(pa.array(indices, arrow_type(index_type)), pa.array(dictionary, arrow_type(value_type)))


def container(columns: dict, shape: dict) -> Any:
    """The columns as a table (chunked, with empty chunks), a record batch, a sliced struct array
    or a chunked array of sliced struct arrays. `columns` maps a name to (values, kind, filler)."""
    names = list(columns)
    n = len(next(iter(columns.values()))[0])

    def arrays(lo: int, hi: int, pad: int = 0) -> list:
        # `pad` rows of filler (nulls among them) around the slice: a reader ignoring the
        # offset would read them
        out = []
        for values, kind, filler in columns.values():
            vals = [filler, None] * pad + values[lo:hi] + [None, filler] * pad
            out.append(column(vals, kind))
        return out

    how = shape["how"]
    if how == "record_batch":
        return pa.RecordBatch.from_arrays(arrays(0, n), names=names)
    if how == "struct":
        pad = shape["pad"]
        sa = pa.StructArray.from_arrays(arrays(0, n, pad), names=names)
        return sa.slice(2 * pad, n)
    cuts = sorted(min(c, n) for c in shape["cuts"])
    bounds = list(zip([0] + cuts, cuts + [n]))
    if how == "chunked_struct":
        pad = shape["pad"]
        chunks = [pa.StructArray.from_arrays(arrays(lo, hi, pad), names=names).slice(2 * pad, hi - lo) for lo, hi in bounds]
        return pa.chunked_array(chunks, type=chunks[0].type)
    batches = [pa.RecordBatch.from_arrays(arrays(lo, hi), names=names) for lo, hi in bounds]
    t = pa.Table.from_batches(batches)
    if shape.get("unify"):
        try:
            t = t.unify_dictionaries()
        except pa.ArrowInvalid:  # pyarrow cannot unify dictionaries with null values
            pass
    return t


shapes = st.fixed_dictionaries(
    {
        "how": st.sampled_from(["table", "table", "record_batch", "struct", "chunked_struct"]),
        "cuts": st.lists(st.integers(0, 40), max_size=4),
        "pad": st.integers(0, 3),
        "unify": st.booleans(),
    }
)


def first_null_row(required: dict) -> Optional[tuple]:
    """(row, {names null there}) for the first row with a null in a required column."""
    n = len(next(iter(required.values())))
    for i in range(n):
        names = {k for k, vs in required.items() if vs[i] is None or vs[i] is NULL_VALUE}
        if names:
            return i, names
    return None


def expect_null_error(call: Callable[[], Any], where: tuple, table: str) -> None:
    row, names = where
    with pytest.raises(arrears.InvalidRequestError) as e:
        call()
    assert e.value.value == "null", e.value
    assert e.value.field in {f"{table}[{row}].{k}" for k in names}, (e.value.field, where)


# --- aging_arrow ----------------------------------------------------------------------------


@st.composite
def aging_inputs(draw: Any) -> dict:
    n = draw(st.integers(0, 40))
    id_kind = draw(
        st.sampled_from(["utf8", "large_utf8", "utf8_view", "dict_utf8", "dict_large_utf8", "dict_int"] + list(INT_RANGES))
    )
    if id_kind in INT_RANGES or id_kind == "dict_int":
        typ = draw(st.sampled_from(list(INT_RANGES))) if id_kind == "dict_int" else id_kind
        lo, hi = INT_RANGES[typ]
        pool = draw(st.lists(st.integers(lo, hi) | st.integers(max(lo, 0), min(hi, 50)), min_size=1, max_size=6, unique=True))
        kind = ("dict", draw(st.sampled_from(INDEX_TYPES)), typ) if id_kind == "dict_int" else ("plain", typ)
    else:
        pool = draw(st.lists(st.sampled_from(STRING_IDS), min_size=1, max_size=6, unique=True))
        kind = ("dict", draw(st.sampled_from(INDEX_TYPES)), id_kind[5:]) if id_kind.startswith("dict") else ("plain", id_kind)
    currency_kind = draw(st.sampled_from(["utf8", "large_utf8", "utf8_view", "dict", "code"]))
    codes = ["EUR"] if currency_kind == "code" else draw(st.lists(st.sampled_from(sorted(DECIMALS)), min_size=1, max_size=4, unique=True))
    scale = draw(st.integers(0, 4))
    amount_kind = draw(st.sampled_from(["decimal128(18)", "decimal128(38)", "int64", "int32"]))
    disputed_kind = draw(st.sampled_from([None, "bool", "int8"]))
    rows = []
    for _ in range(n):
        cur = draw(st.sampled_from(codes))
        k = min(scale, DECIMALS[cur])
        units = draw(st.integers(-(2 * 10**5), 2 * 10**5) if amount_kind == "int32" else st.integers(-(10**12), 10**12) | st.just(0))
        rows.append(
            {
                "customer_id": draw(st.sampled_from(pool)),
                "currency": cur,
                "due_date": AS_OF + dt.timedelta(days=draw(st.integers(-200, 120))),
                "amount": (units, k),  # units at k places, k <= the currency's decimals
                "disputed": draw(st.booleans()),
            }
        )
    # nulls: (row, column, via a null dictionary value?)
    nulls = draw(
        st.lists(
            st.tuples(st.integers(0, max(n - 1, 0)), st.sampled_from(["customer_id", "currency", "due_date", "open_amount", "disputed"]), st.booleans()),
            max_size=2,
        )
        if n and draw(st.integers(0, 3)) == 0
        else st.just([])
    )
    return {
        "rows": rows,
        "id_kind": kind,
        "currency_kind": currency_kind,
        "scale": scale,
        "amount_kind": amount_kind,
        "disputed_kind": disputed_kind,
        "nulls": nulls,
        "shape": draw(shapes),
        "options": draw(
            st.sampled_from([{}, {"credits": "separate"}, {"bounds": (7, 14, 28), "not_due": "fold"}, {"bounds": (1,)}])
        ),
        "threads": draw(st.sampled_from([0, 1, 2])),
    }


def aging_columns(x: dict) -> tuple:
    rows, scale = x["rows"], x["scale"]
    cols: dict = {
        "customer_id": [r["customer_id"] for r in rows],
        "due_date": [r["due_date"] for r in rows],
        "open_amount": [u * 10 ** (scale - k) for u, k in (r["amount"] for r in rows)],
    }
    if x["currency_kind"] != "code":
        cols["currency"] = [r["currency"] for r in rows]
    if x["disputed_kind"]:
        cols["disputed"] = [r["disputed"] if x["disputed_kind"] == "bool" else int(r["disputed"]) for r in rows]
    for row, name, via_value in x["nulls"]:
        if name in cols:
            cols[name][row] = NULL_VALUE if via_value else None
    amount_kind = x["amount_kind"]
    if amount_kind.startswith("decimal"):
        precision = int(amount_kind[11:-1])
        amount_type = pa.decimal128(precision, scale)
        amounts = [v if v is None or v is NULL_VALUE else Decimal(v).scaleb(-scale) for v in cols["open_amount"]]
        cols["open_amount"] = amounts
    else:
        amount_type = getattr(pa, amount_kind)()
    kinds = {
        "customer_id": x["id_kind"],
        "due_date": ("plain", "date32"),
        "currency": ("dict", "int32", "utf8") if x["currency_kind"] == "dict" else ("plain", x["currency_kind"]),
        "disputed": ("plain", "bool" if x["disputed_kind"] == "bool" else "int8"),
    }
    fillers = {"customer_id": cols["customer_id"][0] if rows and cols["customer_id"][0] not in (None, NULL_VALUE) else None,
               "due_date": AS_OF, "currency": "EUR", "disputed": None, "open_amount": None}
    spec: dict = {}
    for name, values in cols.items():
        if name == "open_amount":
            spec[name] = (values, ("typed", amount_type), None)
        else:
            spec[name] = (values, kinds[name], fillers[name])
    return cols, spec


@SETTINGS
@given(aging_inputs())
def test_aging_arrow_matches_the_object_api(x: dict) -> None:
    cols, spec = aging_columns(x)
    data = container(spec, x["shape"])
    kw: dict = dict(x["options"])
    if x["currency_kind"] == "code":
        kw["currency_code"] = "EUR"
    if x["disputed_kind"]:
        kw["disputed"] = "disputed"
    if not x["amount_kind"].startswith("decimal"):
        kw["amount_scale"] = x["scale"]
    call = lambda: arrears.aging_arrow(data, AS_OF, threads=x["threads"], **kw)  # noqa: E731
    required = {k: v for k, v in cols.items()}
    where = first_null_row(required) if x["rows"] else None
    if where is not None:
        expect_null_error(call, where, "items")
        return
    got = call()
    items = [
        OpenItem(str(r["customer_id"]), r["currency"], r["due_date"], Decimal(r["amount"][0]).scaleb(-r["amount"][1]),
                 disputed=bool(x["disputed_kind"]) and r["disputed"])
        for r in x["rows"]
    ]
    want = arrears.aging(items, AS_OF, **x["options"])
    want_rows = {(w.customer, w.currency): (*w.buckets, w.total, w.disputed, w.items) for w in want.rows}
    names = got.column_names
    got_rows = {}
    for row in got.to_pylist():
        got_rows[(str(row["customer"]), row["currency"])] = tuple(row[k] for k in names[2:])
    assert got_rows == want_rows
    # sorted by customer (natively: integers as integers, strings by their bytes), then currency
    keys = list(zip(got.column("customer").to_pylist(), got.column("currency").to_pylist()))
    assert keys == sorted(keys)
    ids = x["id_kind"][2] if x["id_kind"][0] == "dict" else x["id_kind"][1]
    want_type = pa.string() if ids in ("utf8", "large_utf8", "utf8_view") else pa.uint64() if ids == "uint64" else pa.int64()
    assert got.schema.field("customer").type == want_type


# --- schedule_arrow -------------------------------------------------------------------------

TERMS = [PaymentTerms.parse("net 30"), PaymentTerms.parse("2/10 net 30"), PaymentTerms.parse("30/60/90"), PaymentTerms.preset("net_30_eom")]


@st.composite
def schedule_inputs(draw: Any) -> dict:
    n = draw(st.integers(0, 30))
    currency_kind = draw(st.sampled_from(["utf8", "large_utf8", "utf8_view", "dict", "code"]))
    codes = ["EUR"] if currency_kind == "code" else draw(st.lists(st.sampled_from(sorted(DECIMALS)), min_size=1, max_size=4, unique=True))
    scale = draw(st.integers(0, 4))
    total_kind = draw(st.sampled_from(["decimal128(18)", "decimal128(38)", "int64"]))
    many_terms = draw(st.booleans())
    rows = []
    for _ in range(n):
        cur = draw(st.sampled_from(codes))
        rows.append(
            {
                "total": (draw(st.integers(-(10**9), 10**10)), min(scale, DECIMALS[cur])),
                "base_date": dt.date(2026, 1, 1) + dt.timedelta(days=draw(st.integers(0, 800))),
                "currency": cur,
                "terms": draw(st.integers(0, len(TERMS) - 1)) if many_terms else 0,
            }
        )
    nulls = draw(
        st.lists(st.tuples(st.integers(0, max(n - 1, 0)), st.sampled_from(["total", "base_date", "currency", "t"]), st.booleans()), max_size=2)
        if n and draw(st.integers(0, 3)) == 0
        else st.just([])
    )
    return {
        "rows": rows,
        "currency_kind": currency_kind,
        "scale": scale,
        "total_kind": total_kind,
        "many_terms": many_terms,
        "terms_type": draw(st.sampled_from(["int8", "int32", "int64", "uint16"])),
        "nulls": nulls,
        "shape": draw(shapes),
    }


@SETTINGS
@given(schedule_inputs())
def test_schedule_arrow_matches_the_object_api(x: dict) -> None:
    rows, scale = x["rows"], x["scale"]
    cols: dict = {
        "total": [u * 10 ** (scale - k) for u, k in (r["total"] for r in rows)],
        "base_date": [r["base_date"] for r in rows],
    }
    if x["currency_kind"] != "code":
        cols["currency"] = [r["currency"] for r in rows]
    if x["many_terms"]:
        cols["t"] = [r["terms"] for r in rows]
    for row, name, via_value in x["nulls"]:
        if name in cols:
            cols[name][row] = NULL_VALUE if via_value else None
    if x["total_kind"].startswith("decimal"):
        total_type = pa.decimal128(int(x["total_kind"][11:-1]), scale)
        cols["total"] = [v if v is None or v is NULL_VALUE else Decimal(v).scaleb(-scale) for v in cols["total"]]
    else:
        total_type = pa.int64()
    kinds = {
        "base_date": ("plain", "date32"),
        "currency": ("dict", "int16", "utf8") if x["currency_kind"] == "dict" else ("plain", x["currency_kind"]),
        "t": ("plain", x["terms_type"]),
    }
    spec = {
        name: (values, ("typed", total_type) if name == "total" else kinds[name], {"base_date": AS_OF, "currency": "EUR", "t": 0}.get(name))
        for name, values in cols.items()
    }
    data = container(spec, x["shape"])
    kw: dict = {}
    if x["currency_kind"] == "code":
        kw["currency_code"] = "EUR"
    if x["many_terms"]:
        kw["terms_column"] = "t"
    if not x["total_kind"].startswith("decimal"):
        kw["total_scale"] = scale
    terms = TERMS if x["many_terms"] else TERMS[0]
    call = lambda: arrears.schedule_arrow(data, terms, **kw)  # noqa: E731
    where = first_null_row(cols) if rows else None
    if where is not None:
        expect_null_error(call, where, "invoices")
        return
    out = call().to_pylist()
    k = 0
    for i, r in enumerate(rows):
        total = Decimal(r["total"][0]).scaleb(-r["total"][1])
        s = arrears.schedule(total, r["currency"], r["base_date"], TERMS[r["terms"]])
        for inst in s.installments:
            row = out[k]
            assert (row["invoice"], row["line"], row["due_date"], row["currency"]) == (i, inst.line, inst.due_date, r["currency"])
            assert row["amount"] == inst.amount
            if inst.discounts:
                assert (row["discount_deadline"], row["discount_amount"]) == (inst.discounts[0].deadline, inst.discounts[0].discount)
            else:
                assert row["discount_deadline"] is None and row["discount_amount"] is None
            assert row["discount_tiers"] == len(inst.discounts)
            k += 1
    assert k == len(out)
