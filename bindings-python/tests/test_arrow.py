"""The columnar (Arrow) entry points: aging_arrow and schedule_arrow, against the object API."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pyarrow as pa
import pytest

import arrears
from arrears import OpenItem, PaymentTerms

AS_OF = dt.date(2026, 11, 24)
CODES = ["EUR", "JPY", "USD"]


def sample(n: int = 3000, seed: int = 7) -> list:
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        cur = rnd.choice(CODES)
        cents = rnd.randrange(-50_000, 2_000_000) if rnd.random() > 0.05 else 0
        if cur == "JPY":
            cents = cents - cents % 100  # whole yen at scale 2
        rows.append(
            {
                "customer_id": f"C{rnd.randrange(200):04d}",
                "currency": cur,
                "due_date": AS_OF - dt.timedelta(days=rnd.randrange(-60, 400)),
                "issue_date": AS_OF - dt.timedelta(days=rnd.randrange(0, 500)),
                "open_amount": Decimal(cents).scaleb(-2),
                "disputed": rnd.random() < 0.1,
            }
        )
    return rows


def table(rows: list, **types: pa.DataType) -> pa.Table:
    cols = {k: [r[k] for r in rows] for k in rows[0]}
    return pa.table(
        {
            "customer_id": pa.array(cols["customer_id"], types.get("customer_id", pa.string())),
            "currency": pa.array(cols["currency"], pa.string()),
            "due_date": pa.array(cols["due_date"], pa.date32()),
            "issue_date": pa.array(cols["issue_date"], pa.date32()),
            "open_amount": pa.array(cols["open_amount"], pa.decimal128(18, 2)),
            "disputed": pa.array(cols["disputed"], pa.bool_()),
        }
    )


def expected(rows: list, **options: object) -> list:
    """The object API's report, as (customer, currency, buckets..., total, disputed, items)."""
    items = [
        OpenItem(r["customer_id"], r["currency"], r["due_date"], r["open_amount"], r["issue_date"], r["disputed"])
        for r in rows
    ]
    rep = arrears.aging(items, AS_OF, **options)  # type: ignore[arg-type]
    return [(x.customer, x.currency, *x.buckets, x.total, x.disputed, x.items) for x in rep.rows]


def got(t: pa.Table) -> list:
    names = t.column_names
    out = []
    for row in t.to_pylist():
        out.append(tuple(row[k] for k in names))
    return out


def test_matches_the_object_api_on_every_column_type() -> None:
    rows = sample()
    want = expected(rows)
    base = table(rows)
    variants = {
        "string": base,
        "large_string": base.set_column(0, "customer_id", base.column(0).cast(pa.large_string())),
        "string_view": base.set_column(0, "customer_id", base.column(0).cast(pa.string_view())),
        "dictionary": base.set_column(0, "customer_id", base.column(0).dictionary_encode()),
        "chunked": pa.concat_tables([base.slice(0, 1000), base.slice(1000, 1500), base.slice(2500)]),
        "chunked_dictionary": pa.concat_tables(
            [t.set_column(0, "customer_id", t.column(0).dictionary_encode()) for t in (base.slice(0, 1700), base.slice(1700))]
        ),
        "record_batch": base.combine_chunks().to_batches()[0],
        "both_dictionary": base.set_column(0, "customer_id", base.column(0).dictionary_encode()).set_column(
            1, "currency", base.column(1).dictionary_encode()
        ),
        "unified_chunks": pa.concat_tables(
            [
                t.set_column(0, "customer_id", t.column(0).dictionary_encode()).set_column(1, "currency", t.column(1).dictionary_encode())
                for t in (base.slice(0, 1300), base.slice(1300))
            ]
        ).unify_dictionaries(),
    }
    for name, data in variants.items():
        t = arrears.aging_arrow(data, AS_OF, disputed="disputed")
        assert t.column_names == ["customer", "currency", "not_due", "1-30", "31-60", "61-90", "90+", "total", "disputed", "items"]
        assert got(t) == [w[:-2] + (w[-2], w[-1]) for w in want], name


def test_dictionary_columns_read_in_place() -> None:
    # ids and currencies as int32 dictionary indices sharing one dictionary (unified chunks),
    # decimal amounts, no disputed column: the kernel reads through the dictionaries
    rows = sample(3000, seed=17)
    for r in rows:
        r["disputed"] = False
    base = table(rows)
    encode = lambda t: t.set_column(0, "customer_id", t.column(0).dictionary_encode()).set_column(  # noqa: E731
        1, "currency", t.column(1).dictionary_encode()
    )
    data = pa.concat_tables([encode(base.slice(0, 1100)), encode(base.slice(1100))]).unify_dictionaries()
    assert data.column("customer_id").type.index_type == pa.int32()
    want = expected(rows)
    for threads in (1, 2):
        assert got(arrears.aging_arrow(data, AS_OF, threads=threads)) == want
    # a null id is still named by row
    ids = data.column("customer_id").to_pylist()
    ids[1500] = None
    nulled = data.set_column(0, "customer_id", pa.array(ids).dictionary_encode())
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.aging_arrow(nulled, AS_OF)
    assert e.value.field == "items[1500].customer_id"


def test_string_ids_without_disputed_take_the_fast_reader() -> None:
    # utf8 ids (plain, or per-chunk dictionaries with int32 indices as Parquet gives them),
    # currencies plain, dictionary-encoded or one code for all, decimal amounts, no disputed
    rows = sample(5000, seed=29)
    for r in rows:
        r["disputed"] = False
    want = expected(rows)
    base = table(rows).drop_columns(["disputed"])
    dict_ids = lambda t: t.set_column(0, "customer_id", t.column(0).dictionary_encode())  # noqa: E731
    dict_cur = lambda t: t.set_column(1, "currency", t.column(1).dictionary_encode())  # noqa: E731
    variants = {
        "plain": base,
        "chunked": pa.concat_tables([base.slice(0, 1234), base.slice(1234, 2000), base.slice(3234)]),
        "per_chunk_dictionaries": pa.concat_tables([dict_ids(base.slice(0, 2600)), dict_ids(base.slice(2600))]),
        "dictionary_currency": pa.concat_tables([dict_cur(base.slice(0, 999)), dict_cur(base.slice(999))]),
    }
    for name, data in variants.items():
        for threads in (1, 2):
            assert got(arrears.aging_arrow(data, AS_OF, threads=threads)) == want, name
    # one currency for every row
    eur = [r for r in rows if r["currency"] == "EUR"]
    t = table(eur).drop_columns(["disputed", "currency"])
    assert got(arrears.aging_arrow(t, AS_OF, currency_code="EUR")) == expected(eur)
    with pytest.raises(arrears.UnknownCurrencyError) as e:
        arrears.aging_arrow(t, AS_OF, currency_code="EURO")
    assert e.value.field == "currency_code"
    # bad rows are named, whichever thread reads them
    cur = base.column("currency").to_pylist()
    cur[4321] = "EUX"
    cur[4400] = "EURO"
    with pytest.raises(arrears.UnknownCurrencyError) as e:
        arrears.aging_arrow(base.set_column(1, "currency", pa.array(cur)), AS_OF)
    assert (e.value.field, e.value.value) == ("items[4321].currency", "EUX")
    cur[4321] = "EUR"
    with pytest.raises(arrears.UnknownCurrencyError) as e:
        arrears.aging_arrow(base.set_column(1, "currency", pa.array(cur)), AS_OF)
    assert (e.value.field, e.value.value) == ("items[4400].currency", "EURO")
    amounts = base.column("open_amount").to_pylist()
    amounts[3999] = Decimal("99999999999999999999999999.99")
    with pytest.raises(arrears.AmountOverflowError) as e:
        arrears.aging_arrow(base.set_column(4, "open_amount", pa.array(amounts, pa.decimal128(38, 2))), AS_OF)
    assert e.value.field == "items[3999].open_amount"


def test_dictionary_index_outside_the_dictionary_is_named() -> None:
    # a malformed dictionary array (pyarrow builds one only with safe=False): an index past the
    # dictionary is an error naming the row, on every path (unified, per chunk, generic)
    rows = sample(300, seed=31)
    for r in rows:
        r["disputed"] = False
    base = table(rows).drop_columns(["disputed"])
    ids = base.column("customer_id").combine_chunks().dictionary_encode()
    bad_idx = ids.indices.to_pylist()
    bad_idx[123] = len(ids.dictionary) + 5
    bad = pa.DictionaryArray.from_arrays(pa.array(bad_idx, pa.int32()), ids.dictionary, safe=False)
    t = base.set_column(0, "customer_id", bad)
    variants = (
        t,
        pa.concat_tables([t.slice(0, 100), t.slice(100)]),
        t.set_column(1, "currency", t.column(1).dictionary_encode()),
    )
    for data in variants:
        with pytest.raises(arrears.InvalidRequestError) as e:
            arrears.aging_arrow(data, AS_OF)
        assert (e.value.field, e.value.value) == ("items[123].customer_id", str(len(ids.dictionary) + 5))
    # in the currency column too, and a negative index
    cur = base.column("currency").combine_chunks().dictionary_encode()
    cur_idx = cur.indices.to_pylist()
    cur_idx[7] = -1
    t = base.set_column(1, "currency", pa.DictionaryArray.from_arrays(pa.array(cur_idx, pa.int32()), cur.dictionary, safe=False))
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.aging_arrow(t, AS_OF)
    assert (e.value.field, e.value.value) == ("items[7].currency", "-1")
    # a null row may hold any index
    null_idx = ids.indices.to_pylist()
    null_idx[50] = 10**6
    validity = pa.array([i != 50 for i in range(len(null_idx))]).buffers()[1]  # bit-packed, as validity is
    values = pa.array(null_idx, pa.int32()).buffers()[1]
    with_null = pa.Array.from_buffers(pa.int32(), len(null_idx), [validity, values], null_count=1)
    nulled = pa.DictionaryArray.from_arrays(with_null, ids.dictionary, safe=False)
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.aging_arrow(base.set_column(0, "customer_id", nulled), AS_OF)
    assert e.value.field == "items[50].customer_id" and e.value.value == "null"


def test_long_and_mixed_length_ids() -> None:
    # ids of more than 15 bytes take the interner's fallback path; mix them with short ones
    rows = sample(4000, seed=21)
    for i, r in enumerate(rows):
        if i % 3 == 0:
            r["customer_id"] = r["customer_id"] + " (a customer with a rather long legal name)"
    want = expected(rows)
    data = table(rows)
    for threads in (1, 2):
        assert got(arrears.aging_arrow(data, AS_OF, disputed="disputed", threads=threads)) == want


def test_options_match_the_object_api() -> None:
    rows = sample(1500, seed=11)
    data = table(rows)
    for opts in (
        {"bounds": (7, 14, 28), "not_due": "fold"},
        {"credits": "separate"},
        {"basis": "issue_date"},
        {"labels": ("current", "d1_30", "d31_60", "d61_90", "d90_plus")},
    ):
        kw = dict(opts)
        if kw.get("basis") == "issue_date":
            t = arrears.aging_arrow(data, AS_OF, issue_date="issue_date", disputed="disputed", **kw)  # type: ignore[arg-type]
        else:
            t = arrears.aging_arrow(data, AS_OF, disputed="disputed", **kw)  # type: ignore[arg-type]
        assert got(t) == expected(rows, **kw), opts


def test_threads_do_not_change_the_result() -> None:
    rows = sample(60_000, seed=3)
    data = table(rows)
    one = arrears.aging_arrow(data, AS_OF, threads=1, disputed="disputed")
    two = arrears.aging_arrow(data, AS_OF, threads=2, disputed="disputed")
    assert one.equals(two)
    assert got(one) == [w for w in expected(rows)]


def test_many_result_rows_are_written_by_every_thread() -> None:
    # from 50k result rows on, the result columns are filled by a share of rows per thread;
    # each share's ids, and the offsets after a cut, must come out as one thread writes them
    rows = sample(90_000, seed=41)
    rnd = random.Random(41)
    for r in rows:
        r["customer_id"] = f"K{rnd.randrange(1_000_000):07d}" if rnd.random() < 0.9 else f"k{rnd.randrange(99)}"
    data = table(rows)
    want = expected(rows, credits="separate")
    assert len(want) > 50_000
    for threads in (1, 2, 3):
        t = arrears.aging_arrow(data, AS_OF, disputed="disputed", credits="separate", threads=threads)
        assert got(t) == want, threads
    plain = data.drop_columns(["disputed"])
    assert arrears.aging_arrow(plain, AS_OF, threads=2).equals(arrears.aging_arrow(plain, AS_OF, threads=1))
    # integer ids take the same path with an int64 customer column
    ints = data.set_column(0, "customer_id", pa.array([int(r["customer_id"][1:]) + (r["customer_id"][0] == "k") * 10**8 for r in rows], pa.int64()))
    one = arrears.aging_arrow(ints, AS_OF, disputed="disputed", threads=1)
    assert one.num_rows == len(want)
    assert arrears.aging_arrow(ints, AS_OF, disputed="disputed", threads=2).equals(one)


def test_integer_keys_and_minor_units() -> None:
    t = pa.table(
        {
            "cust": pa.array([10, 3, 10, 5_000_000_000], pa.int64()),
            "due": pa.array([AS_OF, AS_OF - dt.timedelta(days=40), AS_OF - dt.timedelta(days=1), AS_OF], pa.date32()),
            "cents": pa.array([100, 250, 5, 7], pa.int64()),
        }
    )
    r = arrears.aging_arrow(t, AS_OF, customer="cust", due_date="due", amount="cents", amount_scale=2, currency_code="EUR")
    assert r.column("customer").to_pylist() == [3, 10, 5_000_000_000]
    assert r.column("total").to_pylist() == [Decimal("2.50"), Decimal("1.05"), Decimal("0.07")]
    assert r.schema.field("total").type == pa.decimal128(38, 2)


def test_totals_equal_the_open_balance_per_currency() -> None:
    rows = sample(2000, seed=5)
    t = arrears.aging_arrow(table(rows), AS_OF)
    for cur in CODES:
        want = sum((r["open_amount"] for r in rows if r["currency"] == cur), Decimal(0))
        have = sum((x["total"] for x in t.to_pylist() if x["currency"] == cur), Decimal(0))
        buckets = sum(
            (sum((x[c] for c in ("not_due", "1-30", "31-60", "61-90", "90+")), Decimal(0)) for x in t.to_pylist() if x["currency"] == cur),
            Decimal(0),
        )
        assert want == have == buckets


def test_polars_in_and_out() -> None:
    pl = pytest.importorskip("polars")
    rows = sample(800, seed=9)
    df = pl.from_arrow(table(rows))
    t = arrears.aging_arrow(df, AS_OF, disputed="disputed")
    assert got(t) == expected(rows)
    assert pl.from_arrow(t).height == t.num_rows


def test_duckdb_relation_in() -> None:
    duckdb = pytest.importorskip("duckdb")
    rows = sample(600, seed=13)
    t = table(rows)
    rel = duckdb.sql("select customer_id, currency, due_date, open_amount, disputed from t")
    assert got(arrears.aging_arrow(rel, AS_OF, disputed="disputed")) == expected(rows)


def test_the_result_stream_is_read_once() -> None:
    ok, capsule = arrears._arrears.aging_arrow(
        table(sample(10)), '{"as_of": "2026-11-24", "items": []}', "customer_id", "due_date", "open_amount", currency="currency"
    )
    assert ok
    stream = arrears.ArrowStream(capsule)
    assert pa.table(stream).num_rows > 0
    with pytest.raises(ValueError):
        pa.table(stream)


def test_bad_input_is_a_typed_error_naming_the_row() -> None:
    rows = sample(20)
    t = table(rows)
    due = t.column("due_date").to_pylist()
    due[3] = None
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.aging_arrow(t.set_column(2, "due_date", pa.array(due, pa.date32())), AS_OF)
    assert e.value.field == "items[3].due_date"
    amounts = t.column("open_amount").to_pylist()
    amounts[5] = None
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.aging_arrow(t.set_column(4, "open_amount", pa.array(amounts, pa.decimal128(18, 2))), AS_OF)
    assert e.value.field == "items[5].open_amount"
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.aging_arrow(t.set_column(4, "open_amount", t.column(4).cast(pa.float64())), AS_OF)
    assert "float" in e.value.reason
    with pytest.raises(arrears.InvalidAmountError):
        arrears.aging_arrow(t.set_column(4, "open_amount", pa.array(range(20), pa.int64())), AS_OF)
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.aging_arrow(t, AS_OF, due_date="due")
    assert "due_date" in e.value.reason  # lists the columns it has
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.aging_arrow(t, AS_OF, bounds=(60, 30))
    assert e.value.field == "bounds[1]"
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.aging_arrow(t, AS_OF, bounds=(30, 30, 90))
    assert e.value.field == "bounds[1]"
    cur = t.column("currency").to_pylist()
    cur[2] = "EUX"
    with pytest.raises(arrears.UnknownCurrencyError):
        arrears.aging_arrow(t.set_column(1, "currency", pa.array(cur)), AS_OF)
    with pytest.raises(TypeError):
        arrears.aging_arrow([1, 2, 3], AS_OF)


def test_mixed_decimal_scales_are_refused() -> None:
    # an amount with more decimals than its currency
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.aging([OpenItem("A", "EUR", AS_OF, "1.00"), OpenItem("A", "EUR", AS_OF, "1.005")], AS_OF)
    assert e.value.field == "items[1].amount"
    # the batch path agrees (issue 12): a decimal column may have more places than the currency,
    # but its values may not (1.005 EUR is refused, naming the row; 2.000 is 2.00)
    t = pa.table({"customer_id": ["A", "A"], "currency": ["EUR", "EUR"], "due_date": pa.array([AS_OF, AS_OF], pa.date32()),
                  "open_amount": pa.array([Decimal("2.000"), Decimal("1.005")], pa.decimal128(18, 3))})
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.aging_arrow(t, AS_OF)
    assert (e.value.field, e.value.value) == ("items[1].open_amount", "1.005")
    whole = pa.table({"customer_id": ["A"], "currency": ["EUR"], "due_date": pa.array([AS_OF], pa.date32()),
                      "open_amount": pa.array([Decimal("2.000")], pa.decimal128(18, 3))})
    assert arrears.aging_arrow(whole, AS_OF).column("total").to_pylist() == [Decimal("2.00")]


def test_merging_reports_of_partitions() -> None:
    rows = sample(500, seed=2)
    items = [OpenItem(r["customer_id"], r["currency"], r["due_date"], r["open_amount"]) for r in rows]
    whole = arrears.aging(items, AS_OF)
    parts = [arrears.aging(items[a:b], AS_OF) for a, b in ((0, 100), (100, 333), (333, 500))]
    assert parts[0].merge(parts[1], parts[2]) == whole
    assert parts[2].merge(parts[0]).merge(parts[1]) == whole


def test_schedule_arrow_equals_schedule_per_invoice() -> None:
    rnd = random.Random(4)
    terms = [PaymentTerms.parse("2/10 net 30"), PaymentTerms.parse("30/60/90"), PaymentTerms.preset("net_30_eom")]
    n = 400
    totals = [Decimal(rnd.randrange(-100_000, 10_000_000)).scaleb(-2) for _ in range(n)]
    dates = [dt.date(2026, 1, 1) + dt.timedelta(days=rnd.randrange(700)) for _ in range(n)]
    which = [rnd.randrange(3) for _ in range(n)]
    cur = [rnd.choice(["EUR", "USD", "KWD"]) for _ in range(n)]
    t = pa.table(
        {
            "total": pa.array(totals, pa.decimal128(18, 2)),
            "base_date": pa.array(dates, pa.date32()),
            "currency": cur,
            "terms": pa.array(which, pa.int32()),
        }
    )
    out = arrears.schedule_arrow(t, terms, terms_column="terms").to_pylist()
    k = 0
    for i in range(n):
        s = arrears.schedule(totals[i], cur[i], dates[i], terms[which[i]])
        for inst in s.installments:
            row = out[k]
            assert (row["invoice"], row["line"], row["due_date"], row["currency"]) == (i, inst.line, inst.due_date, cur[i])
            assert row["amount"] == inst.amount
            if inst.discounts:
                assert (row["discount_deadline"], row["discount_amount"]) == (inst.discounts[0].deadline, inst.discounts[0].discount)
            else:
                assert row["discount_deadline"] is None and row["discount_amount"] is None
            assert row["discount_tiers"] == len(inst.discounts)
            k += 1
    assert k == len(out)


def test_schedule_arrow_errors_name_the_row() -> None:
    t = pa.table({"total": pa.array([Decimal("1.00"), None], pa.decimal128(18, 2)), "base_date": pa.array([dt.date(2026, 1, 1)] * 2, pa.date32())})
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.schedule_arrow(t, "net 30", currency_code="EUR")
    assert e.value.field == "invoices[1].total"
    t = pa.table({"total": pa.array([Decimal("1.000"), Decimal("1.005")], pa.decimal128(18, 3)), "base_date": pa.array([dt.date(2026, 1, 1)] * 2, pa.date32())})
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.schedule_arrow(t, "net 30", currency_code="EUR")
    assert e.value.field == "invoices[1].total"
    with pytest.raises(arrears.InvalidAmountError):
        arrears.schedule_arrow(t.set_column(0, "total", t.column(0).cast(pa.float64())), "net 30", currency_code="EUR")
    with pytest.raises(arrears.InvalidTermsError):
        arrears.schedule_arrow(t, "net thirty", currency_code="EUR")
    with pytest.raises(arrears.UnknownCurrencyError):
        arrears.schedule_arrow(t, "net 30", currency_code="EUX")
