"""Hostile Arrow input (issue 10): slices, scales, nulls and malformed arrays must give the right
answer or a typed error naming the field (and row), never a silent wrong result."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest

import arrears

AS_OF = dt.date(2026, 11, 24)
D = Decimal


def open_items(**cols: pa.Array) -> pa.Table:
    n = len(next(iter(cols.values())))
    base = {
        "customer_id": pa.array([f"C{i}" for i in range(n)]),
        "currency": pa.array(["EUR"] * n),
        "due_date": pa.array([AS_OF] * n, pa.date32()),
        "open_amount": pa.array([D(i + 1) for i in range(n)], pa.decimal128(18, 2)),
    }
    base.update(cols)
    return pa.table(base)


def invoices(**cols: pa.Array) -> pa.Table:
    n = len(next(iter(cols.values())))
    base = {"total": pa.array([D("100.00")] * n, pa.decimal128(18, 2)), "base_date": pa.array([AS_OF] * n, pa.date32())}
    base.update(cols)
    return pa.table(base)


def totals(t: pa.Table) -> list:
    return list(zip(t.column("customer").to_pylist(), t.column("total").to_pylist()))


# --- 1. the offset of a sliced struct array -------------------------------------------------


def two_customers() -> pa.StructArray:
    return pa.StructArray.from_arrays(
        [pa.array(["A", "B"]), pa.array(["EUR", "EUR"]), pa.array([AS_OF, AS_OF], pa.date32()),
         pa.array([D("1.00"), D("2.00")], pa.decimal128(18, 2))],
        names=["customer_id", "currency", "due_date", "open_amount"],
    )


def test_a_sliced_struct_array_is_read_from_its_offset() -> None:
    sa = two_customers()
    assert totals(arrears.aging_arrow(sa.slice(1), AS_OF)) == [("B", D("2.00"))]
    assert totals(arrears.aging_arrow(sa.slice(0, 1), AS_OF)) == [("A", D("1.00"))]
    # a chunked array of sliced struct arrays: each chunk's offset applies
    chunked = pa.chunked_array([sa.slice(1), sa.slice(1), sa.slice(0, 1)])
    assert totals(arrears.aging_arrow(chunked, AS_OF)) == [("A", D("1.00")), ("B", D("4.00"))]
    # sliced record batches and tables too
    rb = pa.RecordBatch.from_struct_array(sa)
    assert totals(arrears.aging_arrow(rb.slice(1), AS_OF)) == [("B", D("2.00"))]
    assert totals(arrears.aging_arrow(pa.Table.from_batches([rb]).slice(1), AS_OF)) == [("B", D("2.00"))]


def test_schedule_of_a_sliced_struct_array() -> None:
    sa = pa.StructArray.from_arrays(
        [pa.array([D("1.00"), D("2.00"), D("3.00"), D("4.00")], pa.decimal128(18, 2)),
         pa.array([None, None, AS_OF, AS_OF], pa.date32())],
        names=["total", "base_date"],
    )
    out = arrears.schedule_arrow(sa.slice(2, 2), "net 30", currency_code="EUR")
    assert out.column("amount").to_pylist() == [D("3.00"), D("4.00")]
    assert out.column("invoice").to_pylist() == [0, 1]


def test_a_null_struct_row_is_a_null_in_every_column() -> None:
    sa = two_customers()
    with_null = pa.StructArray.from_arrays(sa.flatten(), fields=list(sa.type), mask=pa.array([False, True]))
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.aging_arrow(with_null, AS_OF)
    assert e.value.field == "items[1].due_date" and e.value.value == "null"
    # through a stream (a chunked array of structs) as well
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.aging_arrow(pa.chunked_array([sa, with_null]), AS_OF)
    assert e.value.field == "items[3].due_date"


# --- 2. scales ----------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [2**31, 2**32 - 1, 2**64, 200, 29, -1])
def test_total_scale_outside_its_range_is_refused(scale: int) -> None:
    t = invoices(total=pa.array([12345], pa.int64()))
    with pytest.raises(arrears.InvalidPrecisionError) as e:
        arrears.schedule_arrow(t, "net 30", currency_code="EUR", total_scale=scale)
    assert (e.value.field, e.value.value) == ("total_scale", str(scale))
    assert "0..=28" in e.value.reason


def test_total_scale_in_range_is_exact() -> None:
    t = invoices(total=pa.array([12345], pa.int64()))
    assert arrears.schedule_arrow(t, "net 30", currency_code="EUR", total_scale=2).column("amount").to_pylist() == [D("123.45")]
    assert arrears.schedule_arrow(t, "net 30", currency_code="JPY", total_scale=0).column("amount").to_pylist() == [D("12345")]
    # 12345 at 28 places has more decimals than EUR allows: an error naming the row, not 0.00
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.schedule_arrow(t, "net 30", currency_code="EUR", total_scale=28)
    assert e.value.field == "invoices[0].total"
    big = invoices(total=pa.array([10**18], pa.int64()))
    assert arrears.schedule_arrow(big, "net 30", currency_code="EUR", total_scale=18).column("amount").to_pylist() == [D("1.00")]
    with pytest.raises(TypeError):
        arrears.schedule_arrow(t, "net 30", currency_code="EUR", total_scale=True)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        arrears.schedule_arrow(t, "net 30", currency_code="EUR", total_scale=2.0)  # type: ignore[arg-type]


@pytest.mark.parametrize("scale", [2**31, 2**32 - 1, 200, 19, -1])
def test_amount_scale_outside_its_range_is_refused(scale: int) -> None:
    t = open_items(open_amount=pa.array([12345], pa.int64()))
    with pytest.raises(arrears.InvalidPrecisionError) as e:
        arrears.aging_arrow(t, AS_OF, amount_scale=scale)
    assert (e.value.field, e.value.value) == ("amount_scale", str(scale))
    assert "0..=18" in e.value.reason
    # the largest scale taken, for amounts EUR can carry (a third decimal of a euro is refused)
    t18 = open_items(open_amount=pa.array([123 * 10**16], pa.int64()))
    assert totals(arrears.aging_arrow(t18, AS_OF, amount_scale=18)) == [("C0", D("1.23"))]


def decimal_column(values: list, typ: pa.DataType) -> pa.Array:
    """A decimal128 array of these unscaled integers (whatever the scale, pyarrow would refuse some)."""
    data = b"".join(v.to_bytes(16, "little", signed=True) for v in values)
    return pa.Array.from_buffers(typ, len(values), [None, pa.py_buffer(data)])


def test_decimal_columns_of_any_scale_are_exact_or_refused() -> None:
    # negative scales (pyarrow allows them): refused, naming the column and its type
    neg = decimal_column([1], pa.decimal128(38, -130))
    with pytest.raises(arrears.ArrearsError) as e:
        arrears.schedule_arrow(invoices(total=neg), "net 30", currency_code="EUR")
    assert e.value.field in ("total", "data")
    neg2 = decimal_column([5], pa.decimal128(10, -2))
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.schedule_arrow(invoices(total=neg2), "net 30", currency_code="EUR")
    assert (e.value.field, e.value.value) == ("total", "decimal128(10, -2)")
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.aging_arrow(open_items(open_amount=neg2), AS_OF)
    assert (e.value.field, e.value.value) == ("open_amount", "decimal128(10, -2)")
    # more places than the kernels carry: refused by name, not a 0.00 or a panic
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.aging_arrow(open_items(open_amount=decimal_column([10**30], pa.decimal128(38, 30))), AS_OF)
    assert (e.value.field, e.value.value) == ("open_amount", "decimal128(38, 30)")
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.schedule_arrow(invoices(total=decimal_column([10**30], pa.decimal128(38, 30))), "net 30", currency_code="EUR")
    assert (e.value.field, e.value.value) == ("total", "decimal128(38, 30)")
    # the largest scales taken are exact
    t = invoices(total=decimal_column([123 * 10**26], pa.decimal128(38, 28)))
    assert arrears.schedule_arrow(t, "net 30", currency_code="EUR").column("amount").to_pylist() == [D("1.23")]
    t = open_items(open_amount=decimal_column([5 * 10**16], pa.decimal128(38, 18)))
    assert totals(arrears.aging_arrow(t, AS_OF)) == [("C0", D("0.05"))]
    # ... but never more decimals than the currency has (issue 12: as aging() refuses them)
    t = open_items(open_amount=decimal_column([5 * 10**16 + 1], pa.decimal128(38, 18)))
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.aging_arrow(t, AS_OF)
    assert (e.value.field, e.value.value) == ("items[0].open_amount", "0.050000000000000001")
    # decimal256: refused by name
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.aging_arrow(open_items(open_amount=pa.array([D("1.00")], pa.decimal256(40, 2))), AS_OF)
    assert (e.value.field, e.value.value) == ("open_amount", "decimal256(40, 2)")


# --- 3. nulls where a value is required ----------------------------------------------------


def test_a_null_dictionary_value_is_a_null_id() -> None:
    ids = pa.DictionaryArray.from_arrays(pa.array([0, 1, 0], pa.int32()), pa.array(["", None]))
    t = open_items(customer_id=ids, open_amount=pa.array([D("1.00"), D("2.00"), D("3.00")], pa.decimal128(18, 2)))
    for data in (t, pa.concat_tables([t.slice(0, 1), t.slice(1)]), t.drop_columns(["currency"])):
        kw = {"currency_code": "EUR"} if "currency" not in data.column_names else {}
        with pytest.raises(arrears.InvalidRequestError) as e:
            arrears.aging_arrow(data, AS_OF, **kw)  # type: ignore[arg-type]
        assert (e.value.field, e.value.value) == ("items[1].customer_id", "null")
    # unused, a null value is no harm
    fine = pa.DictionaryArray.from_arrays(pa.array([0, 0], pa.int32()), pa.array(["", None]))
    assert totals(arrears.aging_arrow(open_items(customer_id=fine), AS_OF)) == [("", D("3.00"))]


def test_a_null_in_an_integer_dictionary_is_a_null_id() -> None:
    ids = pa.DictionaryArray.from_arrays(pa.array([0, 1], pa.int32()), pa.array([7, None], pa.int64()))
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.aging_arrow(open_items(customer_id=ids), AS_OF)
    assert (e.value.field, e.value.value) == ("items[1].customer_id", "null")


def test_a_null_currency_dictionary_value() -> None:
    cur = pa.DictionaryArray.from_arrays(pa.array([0, 1, 0], pa.int32()), pa.array(["EUR", None]))
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.aging_arrow(open_items(currency=cur), AS_OF)
    assert (e.value.field, e.value.value) == ("items[1].currency", "null")
    unused = pa.DictionaryArray.from_arrays(pa.array([0, 0, 0], pa.int32()), pa.array(["EUR", None]))
    assert len(arrears.aging_arrow(open_items(currency=unused), AS_OF)) == 3
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.schedule_arrow(invoices(currency=cur), "net 30")
    assert (e.value.field, e.value.value) == ("invoices[1].currency", "null")


def test_a_null_terms_index_is_named() -> None:
    t = invoices(t=pa.array([1, None], pa.int32()))
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.schedule_arrow(t, ["net 30", "net 60"], currency_code="EUR", terms_column="t")
    assert (e.value.field, e.value.value) == ("invoices[1].t", "null")
    ok = arrears.schedule_arrow(t.slice(0, 1), ["net 30", "net 60"], currency_code="EUR", terms_column="t")
    assert ok.column("due_date").to_pylist() == [AS_OF + dt.timedelta(days=60)]


def test_uint64_ids_round_trip() -> None:
    big = [2**63, 2**64 - 1, 5, 2**63 + 7]
    t = open_items(customer_id=pa.array(big, pa.uint64()))
    r = arrears.aging_arrow(t, AS_OF)
    assert r.schema.field("customer").type == pa.uint64()
    assert totals(r) == [(5, D("3.00")), (2**63, D("1.00")), (2**63 + 7, D("4.00")), (2**64 - 1, D("2.00"))]
    # dense small uint64 ids, and uint64 dictionary values
    small = arrears.aging_arrow(open_items(customer_id=pa.array([3, 1, 3], pa.uint64())), AS_OF)
    assert totals(small) == [(1, D("2.00")), (3, D("4.00"))]
    d = pa.DictionaryArray.from_arrays(pa.array([1, 0], pa.int8()), pa.array([2**64 - 2, 9], pa.uint64()))
    assert totals(arrears.aging_arrow(open_items(customer_id=d), AS_OF)) == [(9, D("1.00")), (2**64 - 2, D("2.00"))]
    # signed ids stay int64
    assert arrears.aging_arrow(open_items(customer_id=pa.array([-5, 2], pa.int32())), AS_OF).schema.field("customer").type == pa.int64()


def test_the_first_null_row_is_named_whichever_column_it_is_in() -> None:
    t = open_items(customer_id=pa.array(["A", "B", None, "D"]), due_date=pa.array([AS_OF, AS_OF, AS_OF, None], pa.date32()))
    for data in (t, pa.concat_tables([t.slice(0, 3), t.slice(3)]), pa.concat_tables([t.slice(0, 2), t.slice(2)])):
        with pytest.raises(arrears.InvalidRequestError) as e:
            arrears.aging_arrow(data, AS_OF)
        assert e.value.field == "items[2].customer_id"
    s = invoices(total=pa.array([D("1.00"), D("1.00"), None], pa.decimal128(18, 2)), base_date=pa.array([AS_OF, None, AS_OF], pa.date32()),
                 currency=pa.array(["EUR", "EUR", None]), t=pa.array([None, 0, 0], pa.int32()))
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.schedule_arrow(s, ["net 30"], terms_column="t")
    assert e.value.field == "invoices[0].t"
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.schedule_arrow(s.slice(1), ["net 30"], terms_column="t")
    assert e.value.field == "invoices[0].base_date"


# --- malformed arrays (pyarrow builds them with from_buffers / safe=False) ------------------


def test_malformed_arrays_are_typed_errors() -> None:
    n = 2
    bad_utf8 = pa.Array.from_buffers(pa.string(), n, [None, pa.array([0, 1, 2], pa.int32()).buffers()[1], pa.py_buffer(b"A\xff")])
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.aging_arrow(open_items(customer_id=bad_utf8), AS_OF)
    assert "not valid Arrow data" in e.value.reason and "customer_id" in e.value.reason
    backwards = pa.Array.from_buffers(pa.string(), n, [None, pa.array([0, 2, 1], pa.int32()).buffers()[1], pa.py_buffer(b"AB")])
    with pytest.raises(arrears.InvalidRequestError):
        arrears.aging_arrow(open_items(customer_id=backwards), AS_OF)
    with pytest.raises(arrears.InvalidRequestError):
        arrears.schedule_arrow(invoices(currency=backwards), "net 30")


# --- 5. types named in words ---------------------------------------------------------------


def test_type_errors_name_the_type_in_words() -> None:
    cases = [
        (dict(open_amount=pa.array([1.5, 2.5])), arrears.InvalidAmountError, "open_amount", "float64"),
        (dict(open_amount=pa.array([1.5, 2.5], pa.float32())), arrears.InvalidAmountError, "open_amount", "float32"),
        (dict(customer_id=pa.array([1.5, 2.5])), arrears.InvalidRequestError, "customer_id", "float64"),
        (dict(due_date=pa.array([1, 2], pa.timestamp("s"))), arrears.InvalidDateError, "due_date", "timestamp[s]"),
        (dict(due_date=pa.array([1, 2], pa.timestamp("ms", tz="UTC"))), arrears.InvalidDateError, "due_date", "timestamp[ms, tz=UTC]"),
        (dict(due_date=pa.array([AS_OF] * 2, pa.date64())), arrears.InvalidDateError, "due_date", "date64"),
        (dict(currency=pa.array([1, 2])), arrears.InvalidRequestError, "currency", "int64"),
        (
            dict(customer_id=pa.array([1.5, 2.5]).dictionary_encode()),
            arrears.InvalidRequestError,
            "customer",
            "float64",
        ),
        (dict(customer_id=pa.array([[1], [2]])), arrears.InvalidRequestError, "customer_id", "list<int64>"),
    ]
    for cols, kind, field, value in cases:
        with pytest.raises(kind) as e:
            arrears.aging_arrow(open_items(**cols), AS_OF)
        assert (e.value.field, e.value.value) == (field, value), cols
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.aging_arrow(open_items(flag=pa.array(["yes", "no"])), AS_OF, disputed="flag")
    assert (e.value.field, e.value.value) == ("flag", "utf8")
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.schedule_arrow(invoices(total=pa.array([1.5, 2.5], pa.float64())), "net 30", currency_code="EUR")
    assert (e.value.field, e.value.value) == ("total", "float64")
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.schedule_arrow(invoices(t=pa.array(["a", "b"]).dictionary_encode()), ["net 30"], currency_code="EUR", terms_column="t")
    assert (e.value.field, e.value.value) == ("t", "dictionary<int32, utf8>")
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.aging_arrow(pa.array([1, 2]), AS_OF)  # an array that is not a table
    assert "int64" in e.value.reason


def test_an_empty_table_is_checked_and_typed_as_any_other() -> None:
    # a stream with no batch at all (found by the property tests): the result's customer
    # column came back int64 for string ids, and a missing or mistyped column went unnoticed
    t = pa.table({"customer_id": pa.array([], pa.string()), "currency": pa.array([], pa.string()),
                  "due_date": pa.array([], pa.date32()), "open_amount": pa.array([], pa.decimal128(18, 2))})
    assert t.to_batches() == []
    r = arrears.aging_arrow(t, AS_OF)
    assert r.num_rows == 0 and r.schema.field("customer").type == pa.string()
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.aging_arrow(t.drop_columns(["currency"]), AS_OF)
    assert "no column named" in e.value.reason
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.aging_arrow(t.set_column(3, "open_amount", pa.array([], pa.float64())), AS_OF)
    assert e.value.value == "float64"
    s = pa.table({"total": pa.array([], pa.float64()), "base_date": pa.array([], pa.date32())})
    with pytest.raises(arrears.InvalidAmountError):
        arrears.schedule_arrow(s, "net 30", currency_code="EUR")
