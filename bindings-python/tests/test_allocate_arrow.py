"""arrears.allocate_arrow: the batch equals arrears.allocate_payment (oldest first) receipt by
receipt on random ledgers (several customers and currencies, string, dictionary and integer
customer ids, slices and chunks), and bad input is a typed error naming the field and value."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any, Dict, List, Tuple

import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute)
import pytest

import arrears
from arrears import ItemInstallment, PaymentItem

SCALES = {"EUR": 2, "JPY": 0, "KWD": 3}
START = dt.date(2025, 1, 1)


def dec(xs: List[Decimal], scale: int = 3) -> pa.Array:
    return pa.array(xs, pa.decimal128(18, scale))


def ledger(seed: int, n: int = 200, m: int = 60) -> Tuple[pa.Table, pa.Table]:
    """Items (a few with nothing open) and receipts, amounts at 3 decimals so every currency fits."""
    rng = random.Random(seed)
    customers = [f"C{k:03d}" for k in range(12)]
    item_cur = {c: rng.sample(list(SCALES), rng.choice([1, 1, 2])) for c in customers}
    rows = []
    for i in range(n):
        c = rng.choice(customers)
        k = rng.choice(item_cur[c])
        due = START + dt.timedelta(days=rng.randint(0, 20))  # many equal due dates: the id decides
        units = 0 if rng.random() < 0.05 else rng.randint(1, 50_000)
        rows.append((f"INV-{rng.randint(0, 10**6):07d}-{i}", c, k, due, Decimal(units).scaleb(-SCALES[k])))
    receipts = []
    for _ in range(m):
        c = rng.choice(customers[:-1])  # the last customer pays nothing
        k = rng.choice(item_cur[c])
        paid = START + dt.timedelta(days=rng.randint(0, 40))
        receipts.append((c, k, paid, Decimal(rng.randint(1, 80_000)).scaleb(-SCALES[k])))
    items = pa.table({
        "invoice_id": [r[0] for r in rows],
        "customer_id": [r[1] for r in rows],
        "currency": [r[2] for r in rows],
        "due_date": pa.array([r[3] for r in rows], pa.date32()),
        "open_amount": dec([r[4] for r in rows]),
    })
    rec = pa.table({
        "customer_id": [r[0] for r in receipts],
        "currency": [r[1] for r in receipts],
        "paid_date": pa.array([r[2] for r in receipts], pa.date32()),
        "amount": dec([r[3] for r in receipts]),
    })
    return items, rec


def expected(items: pa.Table, rec: pa.Table) -> Tuple[List[Decimal], List[Decimal]]:
    """Each receipt (in date order, then row order) through arrears.allocate_payment, oldest first,
    on what is still open of its customer's items in its currency."""
    inv = items.to_pylist()
    left: Dict[int, Decimal] = {i: r["open_amount"] for i, r in enumerate(inv)}
    applied = [Decimal(0)] * len(inv)
    unapplied = [Decimal(0)] * rec.num_rows
    order = sorted(range(rec.num_rows), key=lambda q: (rec.column("paid_date")[q].as_py(), q))
    for q in order:
        r = rec.slice(q, 1).to_pylist()[0]
        mine = [i for i, x in enumerate(inv) if x["customer_id"] == r["customer_id"] and x["currency"] == r["currency"] and left[i] > 0]
        objects = [PaymentItem(inv[i]["invoice_id"], r["currency"], START, [ItemInstallment(inv[i]["due_date"], left[i])]) for i in mine]
        if not objects:
            unapplied[q] = r["amount"]
            continue
        out = arrears.allocate_payment(r["amount"], r["currency"], r["paid_date"], objects)
        for i, a in zip(mine, out.items):
            applied[i] += a.principal
            left[i] -= a.principal
        unapplied[q] = out.unapplied
    return applied, unapplied


@pytest.mark.parametrize("seed", range(4))
def test_batch_equals_the_object_api(seed: int) -> None:
    items, rec = ledger(seed)
    applied, unapplied = expected(items, rec)
    a, u = arrears.allocate_arrow(items, rec)
    assert a.column("applied").to_pylist() == applied
    assert u.column("unapplied").to_pylist() == unapplied
    # the same through dictionary-encoded ids, chunks, slices and one core or two
    dict_items = items.set_column(1, "customer_id", items.column("customer_id").dictionary_encode())
    chunked = pa.Table.from_batches(dict_items.to_batches(max_chunksize=37))
    for args in [(dict_items, rec), (chunked, pa.Table.from_batches(rec.to_batches(max_chunksize=7))), (items.to_batches()[0], rec)]:
        a2, u2 = arrears.allocate_arrow(*args, threads=2)
        assert a2.equals(a) and u2.equals(u)
    part = arrears.allocate_arrow(items.slice(50), rec, unmatched="unapplied")[1]
    assert part.num_rows == rec.num_rows


def test_integer_ids_and_minor_units() -> None:
    items = pa.table({
        "cust": pa.array([7, 7, 9], pa.int64()), "currency": ["EUR"] * 3, "invoice_id": ["B", "A", "C"],
        "due_date": pa.array([START] * 3, pa.date32()), "cents": pa.array([1000, 500, 300], pa.int64()),
    })
    rec = pa.table({"cust": pa.array([7, 9], pa.int32()), "currency": ["EUR", "EUR"],
                    "paid_date": pa.array([START] * 2, pa.date32()), "cents": pa.array([700, 1000], pa.int64())})
    a, u = arrears.allocate_arrow(items, rec, customer="cust", open_amount="cents", amount_scale=2,
                                  receipt_customer="cust", receipt_amount="cents", receipt_amount_scale=2)
    assert [str(x) for x in a.column("applied").to_pylist()] == ["2.00", "5.00", "3.00"]  # A before B: equal due dates
    assert [str(x) for x in u.column("unapplied").to_pylist()] == ["0.00", "7.00"]


def test_scales_of_the_currencies_seen() -> None:
    items = pa.table({"customer_id": ["A", "B"], "currency": ["JPY", "KWD"], "invoice_id": ["1", "2"],
                      "due_date": pa.array([START] * 2, pa.date32()), "open_amount": dec([Decimal(500), Decimal("1.250")])})
    rec = pa.table({"customer_id": ["A", "B"], "currency": ["JPY", "KWD"], "paid_date": pa.array([START] * 2, pa.date32()),
                    "amount": dec([Decimal(600), Decimal("1.001")])})
    a, u = arrears.allocate_arrow(items, rec)
    assert a.column("applied").type == pa.decimal128(38, 3)
    assert a.column("applied").to_pylist() == [Decimal(500), Decimal("1.001")]
    assert u.column("unapplied").to_pylist() == [Decimal(100), Decimal(0)]


@pytest.mark.parametrize("seed", range(3))
def test_decimal64_results_are_the_decimal128_ones(seed: int) -> None:
    # several scales (JPY 0, EUR 2, KWD 3: rescaled to 3) and one (EUR only: moved as they are)
    items, rec = ledger(seed)
    eur = items.filter(pa.compute.equal(items.column("currency"), "EUR"))
    eur = eur.set_column(4, "open_amount", eur.column("open_amount").cast(pa.decimal128(18, 2)))
    eur_rec = rec.filter(pa.compute.equal(rec.column("currency"), "EUR"))
    eur_rec = eur_rec.set_column(3, "amount", eur_rec.column("amount").cast(pa.decimal128(18, 2)))
    for its, rs, scale in [(items, rec, 3), (eur, eur_rec, 2)]:
        a, u = arrears.allocate_arrow(its, rs, unmatched="unapplied")
        a64, u64 = arrears.allocate_arrow(its, rs, unmatched="unapplied", amount_type="decimal64", threads=2)
        assert a64.schema.field("applied").type == pa.decimal64(18, scale)
        assert u64.schema.field("unapplied").type == pa.decimal64(18, scale)
        assert a64.column("applied").cast(pa.decimal128(38, scale)).equals(a.column("applied"))
        assert u64.column("unapplied").cast(pa.decimal128(38, scale)).equals(u.column("unapplied"))


@pytest.mark.parametrize("seed", range(3))
def test_applied_only_is_the_rows_that_receive_money(seed: int) -> None:
    items, rec = ledger(seed, n=300)
    a, u = arrears.allocate_arrow(items, rec, unmatched="unapplied")
    want = [(i, x) for i, x in enumerate(a.column("applied").to_pylist()) if x > 0]
    chunked = pa.Table.from_batches(items.to_batches(max_chunksize=41))  # row numbers over all chunks
    for its, kw in [(items, {}), (chunked, {"threads": 2}), (items, {"amount_type": "decimal64"})]:
        a2, u2 = arrears.allocate_arrow(its, rec, unmatched="unapplied", applied_only=True, **kw)
        assert a2.column_names == ["row", "applied"]
        assert a2.schema.field("row").type == pa.int64()
        got = list(zip(a2.column("row").to_pylist(), a2.column("applied").to_pylist()))
        assert got == want
        assert u2.column("unapplied").cast(u.schema.field("unapplied").type).equals(u.column("unapplied"))
    # nothing received: no row
    a3, _ = arrears.allocate_arrow(items, rec.slice(0, 0), applied_only=True)
    assert a3.num_rows == 0 and a3.column_names == ["row", "applied"]


@pytest.mark.parametrize("seed", range(3))
def test_order_by_item_id_lists_the_rows_by_id(seed: int) -> None:
    items, rec = ledger(seed, n=300)
    a, _ = arrears.allocate_arrow(items, rec, unmatched="unapplied")
    ids = items.column("invoice_id").to_pylist()
    amounts = a.column("applied").to_pylist()
    every = sorted(range(items.num_rows), key=lambda i: (ids[i].encode(), i))
    paid = [i for i in every if amounts[i] > 0]
    ordered = items.take(sorted(range(items.num_rows), key=lambda i: ids[i]))  # a ledger kept by id
    chunked = pa.Table.from_batches(items.to_batches(max_chunksize=41))
    for its, kw in [(items, {}), (chunked, {"threads": 2}), (items, {"amount_type": "decimal64"})]:
        a2, _ = arrears.allocate_arrow(its, rec, unmatched="unapplied", applied_only=True, order="item_id", **kw)
        assert a2.column_names == ["row", "applied"]
        assert list(zip(a2.column("row").to_pylist(), a2.column("applied").to_pylist())) == [(i, amounts[i]) for i in paid]
        a3, _ = arrears.allocate_arrow(its, rec, unmatched="unapplied", order="item_id", **kw)
        assert a3.column_names == ["row", "applied"]
        assert a3.column("row").to_pylist() == every
        assert a3.column("applied").to_pylist() == [amounts[i] for i in every]
    # in id order already: the rows as they are
    a4, _ = arrears.allocate_arrow(ordered, rec, unmatched="unapplied", order="item_id")
    assert a4.column("row").to_pylist() == list(range(items.num_rows))
    e = err(arrears.InvalidRequestError, items, rec, order="invoice")
    assert (e.field, e.value) == ("order", "invoice")


def test_decimal64_refuses_more_than_18_digits() -> None:
    big = Decimal(5 * 10**16)  # 5 x 10^18 minor units at 2 places: fits int64, not decimal64(18, 2)
    wide = lambda xs, scale: pa.array(xs, pa.decimal128(38, scale))  # noqa: E731
    items = small(open_amount=wide([big, Decimal(1), Decimal(1)], 2))
    rec = paid(amount=wide([big, Decimal(1)], 2))
    a, _ = arrears.allocate_arrow(items, rec)
    assert a.column("applied").to_pylist()[0] == big
    e = err(arrears.AmountOverflowError, items, rec, amount_type="decimal64")
    assert (e.field, e.value) == ("applied[0]", "50000000000000000.00")
    # rescaled: 10^16 yen fit, but not at KWD's 3 places (10^19 minor units)
    yen = pa.table({"customer_id": ["A", "B"], "currency": ["JPY", "KWD"], "invoice_id": ["1", "2"],
                    "due_date": pa.array([START] * 2, pa.date32()), "open_amount": wide([Decimal(10**16), Decimal(1)], 3)})
    yen_rec = pa.table({"customer_id": ["A"], "currency": ["JPY"], "paid_date": pa.array([START], pa.date32()),
                        "amount": wide([Decimal(10**16)], 3)})
    e = err(arrears.AmountOverflowError, yen, yen_rec, amount_type="decimal64")
    assert (e.field, e.value) == ("applied[0]", "10000000000000000")
    # applied_only, two currencies of one scale: the row's number and its own currency named
    two = small(currency=["EUR", "EUR", "USD"], open_amount=wide([Decimal(1), Decimal(1), big], 2))
    two_rec = paid(currency=["EUR", "USD"], amount=wide([Decimal(1), big], 2))
    for kw in [{}, {"order": "item_id"}]:
        e = err(arrears.AmountOverflowError, two, two_rec, amount_type="decimal64", applied_only=True, **kw)
        assert (e.field, e.value) == ("applied[2]", "50000000000000000.00")
        assert e.reason.startswith("USD amount"), e.reason
    e = err(arrears.InvalidRequestError, small(), paid(), amount_type="float64")
    assert (e.field, e.value) == ("amount_type", "float64")


def err(cls: type, items: Any, receipts: Any, **kw: Any) -> arrears.ArrearsError:
    with pytest.raises(cls) as info:
        arrears.allocate_arrow(items, receipts, **kw)
    assert isinstance(info.value, arrears.ArrearsError)
    return info.value


def small(**cols: Any) -> pa.Table:
    d: dict = {
        "invoice_id": ["A", "B", "C"],
        "customer_id": ["C1", "C1", "C2"],
        "currency": ["EUR"] * 3,
        "due_date": pa.array([START] * 3, pa.date32()),
        "open_amount": dec([Decimal("10.00")] * 3, 2),
    }
    d.update(cols)
    return pa.table(d)


def paid(**cols: Any) -> pa.Table:
    d: dict = {
        "customer_id": ["C1", "C2"],
        "currency": ["EUR", "EUR"],
        "paid_date": pa.array([START] * 2, pa.date32()),
        "amount": dec([Decimal("5.00")] * 2, 2),
    }
    d.update(cols)
    return pa.table(d)


def test_bad_receipts_are_errors_naming_field_and_value() -> None:
    e = err(arrears.InvalidAmountError, small(), paid(amount=dec([Decimal("5.00"), Decimal("-5.00")], 2)))
    assert (e.field, e.value) == ("receipts[1].amount", "-5.00")
    e = err(arrears.InvalidAmountError, small(), paid(amount=dec([Decimal(0), Decimal("5.00")], 2)))
    assert (e.field, e.value) == ("receipts[0].amount", "0.00")
    e = err(arrears.InvalidRequestError, small(), paid(currency=["EUR", "USD"]))
    assert (e.field, e.value) == ("receipts[1].currency", "USD")
    assert "convert" in e.reason
    e = err(arrears.InvalidRequestError, small(), paid(customer_id=["C1", "C9"]))
    assert (e.field, e.value) == ("receipts[1].customer_id", "C9")
    # left unapplied when asked
    a, u = arrears.allocate_arrow(small(), paid(customer_id=["C1", "C9"], currency=["USD", "EUR"]), unmatched="unapplied")
    assert [str(x) for x in u.column("unapplied").to_pylist()] == ["5.00", "5.00"]
    assert sum(a.column("applied").to_pylist()) == 0
    e = err(arrears.InvalidRequestError, small(), paid(), unmatched="skip")
    assert (e.field, e.value) == ("unmatched", "skip")


@pytest.mark.parametrize("ids", [["INV-1", "INV-2", "INV-1"], ["B", "A", "B"]])
def test_a_repeated_item_id_names_its_row_and_the_earlier_one(ids: List[str]) -> None:
    # numbered ids (the fast path) and others (the general path) give the same error
    e = err(arrears.InvalidRequestError, small(invoice_id=ids), paid())
    assert (e.field, e.value) == ("items[2].invoice_id", ids[0])
    assert "repeats items[0].invoice_id" in e.reason
    e = err(arrears.InvalidRequestError, small(ref=ids).drop_columns(["invoice_id"]), paid(), item_id="ref")
    assert (e.field, e.value) == ("items[2].ref", ids[0])
    assert "repeats items[0].ref" in e.reason


def test_bad_columns_are_typed_errors() -> None:
    e = err(arrears.InvalidAmountError, small(open_amount=[10.0, 1.0, 2.0]), paid())
    assert (e.field, e.value) == ("open_amount", "float64")
    e = err(arrears.InvalidAmountError, small(), paid(amount=[1.5, 2.5]))
    assert (e.field, e.value) == ("receipts.amount", "float64")
    e = err(arrears.InvalidDateError, small(), paid(paid_date=["2025-01-01", "2025-01-02"]))
    assert (e.field, e.value) == ("receipts.paid_date", "utf8")
    e = err(arrears.InvalidRequestError, small(customer_id=pa.array([1, 1, 2])), paid())
    assert (e.field, e.value) == ("customer_id", "int64")
    e = err(arrears.InvalidRequestError, small().drop_columns(["invoice_id"]), paid())
    assert e.field == "invoice_id"
    e = err(arrears.InvalidRequestError, small(), paid(customer_id=["C1", None]))
    assert (e.field, e.value) == ("receipts[1].customer_id", "null")
    e = err(arrears.UnknownCurrencyError, small(currency=["EUR", "XXY", "EUR"]), paid())
    assert (e.field, e.value) == ("items[1].currency", "XXY")
    e = err(arrears.InvalidAmountError, small(currency=["EUR", "EUR", "JPY"], open_amount=dec([Decimal("1.00"), Decimal(1), Decimal("10.50")], 2)), paid())
    assert (e.field, e.value) == ("items[2].open_amount", "10.50")
    e = err(arrears.InvalidPrecisionError, small(), paid(), amount_scale=40)
    assert e.field == "amount_scale"
    with pytest.raises(TypeError):
        arrears.allocate_arrow([1, 2], paid())


def test_a_panic_never_crosses() -> None:
    # hostile but valid Arrow: empty tables, one currency for all, every receipt unapplied
    empty = small().slice(0, 0)
    a, u = arrears.allocate_arrow(empty, paid().slice(0, 0))
    assert (a.num_rows, u.num_rows) == (0, 0)
    a, u = arrears.allocate_arrow(empty, paid(), unmatched="unapplied", currency_code="EUR")
    assert u.column("unapplied").to_pylist() == [Decimal("5.00")] * 2


def test_a_dictionary_index_outside_the_dictionary_is_named() -> None:
    # a malformed dictionary array (pyarrow builds one only with safe=False): an error naming the
    # row of its table, never a panic
    items, rec = ledger(5)
    ids = rec.column("customer_id").combine_chunks().dictionary_encode()
    idx = ids.indices.to_pylist()
    idx[7] = len(ids.dictionary) + 3
    bad = pa.DictionaryArray.from_arrays(pa.array(idx, pa.int32()), ids.dictionary, safe=False)
    for r in (rec.set_column(0, "customer_id", bad), pa.concat_tables([rec.set_column(0, "customer_id", bad).slice(0, 5), rec.set_column(0, "customer_id", bad).slice(5)])):
        e = err(arrears.InvalidRequestError, items, r)
        assert (e.field, e.value) == ("receipts[7].customer_id", str(len(ids.dictionary) + 3))


@pytest.mark.parametrize("seed", [3, 4])
def test_numbered_customer_ids_allocate_as_any_others(seed: int) -> None:
    # C000..C011 follow one numbering (codes straight from the numbers); the same customers
    # renamed off any numbering are interned: the same result, plain or dictionary-encoded
    items, rec = ledger(seed)
    want = arrears.allocate_arrow(items, rec)
    rename = lambda t: t.set_column(t.schema.get_field_index("customer_id"), "customer_id",  # noqa: E731
                                    pa.array([c.replace("C0", "x") for c in t.column("customer_id").to_pylist()]))
    got = arrears.allocate_arrow(rename(items), rename(rec))
    assert [g.column(0).to_pylist() for g in got] == [w.column(0).to_pylist() for w in want]
    enc = lambda t: t.set_column(t.schema.get_field_index("customer_id"), "customer_id",  # noqa: E731
                                 t.column("customer_id").dictionary_encode())
    got = arrears.allocate_arrow(enc(items), enc(rec))
    assert [g.column(0).to_pylist() for g in got] == [w.column(0).to_pylist() for w in want]
    # an unknown numbered customer is named by its id (written back from its number)
    e = err(arrears.InvalidRequestError, enc(small()), enc(paid(customer_id=["C1", "C7"])))
    assert (e.field, e.value) == ("receipts[1].customer_id", "C7")


@pytest.mark.parametrize("seed", range(3))
def test_a_dictionary_of_numbered_ids_is_read_by_its_indices(seed: int) -> None:
    # items in one chunk with a dictionary of numbered ids, receipts as plain strings: the
    # dictionary's indices are the codes; the same result as plain ids
    items, rec = ledger(seed)
    want = [t.column(0).to_pylist() for t in arrears.allocate_arrow(items, rec)]
    ids = items.column("customer_id").to_pylist()
    enc = items.set_column(1, "customer_id", pa.array(ids).dictionary_encode())
    assert [t.column(0).to_pylist() for t in arrears.allocate_arrow(enc, rec)] == want
    # a dictionary holding a value twice (two indices for one customer): still one customer
    uniq = sorted(set(ids))
    values = uniq + [uniq[0]]
    index = [len(values) - 1 if c == uniq[0] and k % 2 else uniq.index(c) for k, c in enumerate(ids)]
    twice = items.set_column(1, "customer_id", pa.DictionaryArray.from_arrays(pa.array(index, pa.int32()), pa.array(values)))
    assert [t.column(0).to_pylist() for t in arrears.allocate_arrow(twice, rec)] == want
    # a receipt of a customer the dictionary lacks is named by its id, or left unapplied
    dict_items = small(customer_id=pa.array(["C1", "C1", "C2"]).dictionary_encode())
    e = err(arrears.InvalidRequestError, dict_items, paid(customer_id=["C1", "C7"]))
    assert (e.field, e.value) == ("receipts[1].customer_id", "C7")
    _, u = arrears.allocate_arrow(dict_items, paid(customer_id=["C7", "C2"]), unmatched="unapplied")
    assert [str(x) for x in u.column("unapplied").to_pylist()] == ["5.00", "0.00"]


@pytest.mark.parametrize("seed", range(3))
def test_open_amounts_read_in_place_equal_the_narrowed_ones(seed: int) -> None:
    # amounts at their currency's scale in one chunk are read in place by the kernel; chunked,
    # or at another scale, the binding converts them first: the same allocation either way
    items, rec = ledger(seed, n=300)
    eur = items.filter(pa.compute.equal(items.column("currency"), "EUR"))
    eur = eur.set_column(4, "open_amount", eur.column("open_amount").cast(pa.decimal128(38, 2)))
    eur_rec = rec.filter(pa.compute.equal(rec.column("currency"), "EUR"))
    three = eur.set_column(4, "open_amount", eur.column("open_amount").cast(pa.decimal128(18, 3)))
    chunked = pa.Table.from_batches(eur.to_batches(max_chunksize=7))
    a, u = arrears.allocate_arrow(eur, eur_rec, unmatched="unapplied")
    for its in (three, chunked):
        a2, u2 = arrears.allocate_arrow(its, eur_rec, unmatched="unapplied")
        assert a2.column("applied").to_pylist() == a.column("applied").to_pylist()
        assert u2.column("unapplied").to_pylist() == u.column("unapplied").to_pylist()


def test_open_amounts_beyond_64_bits_are_an_overflow() -> None:
    # 10^17 at 2 places: 10^19 minor units, beyond int64; the first such row, a credit too, paid
    # or not, read in place (one chunk) or converted (chunks), is named with the amount as written
    wide = lambda xs: pa.array([Decimal(x) for x in xs], pa.decimal128(38, 2))  # noqa: E731
    for beyond in (Decimal(10**17), Decimal(-(10**17))):
        items = small(open_amount=wide(["1.00", beyond, beyond]), currency=["EUR", "USD", "USD"])
        rec = paid(currency=["EUR", "USD"])
        for its in (items, pa.Table.from_batches(items.to_batches(max_chunksize=1))):
            for kw in ({}, {"unmatched": "unapplied", "applied_only": True, "threads": 2}):
                e = err(arrears.AmountOverflowError, its, rec, **kw)
                assert (e.field, e.value) == ("items[1].open_amount", format(beyond, ".2f"))
                assert "USD" in e.reason, e.reason
    # the largest 64-bit amount fits and is allocated
    top = Decimal(2**63 - 1).scaleb(-2)
    a, _ = arrears.allocate_arrow(small(open_amount=wide([top, "1.00", "1.00"])), paid(amount=wide([top, "1.00"])))
    assert a.column("applied").to_pylist() == [top, Decimal(0), Decimal("1.00")]


def test_row_type_uint32_gives_the_same_rows() -> None:
    items, rec = ledger(1, n=300)
    for kw in ({"applied_only": True}, {"order": "item_id"}, {"applied_only": True, "order": "item_id"}):
        a, _ = arrears.allocate_arrow(items, rec, unmatched="unapplied", **kw)
        a32, _ = arrears.allocate_arrow(items, rec, unmatched="unapplied", row_type="uint32", **kw)
        assert a.schema.field("row").type == pa.int64() and a32.schema.field("row").type == pa.uint32()
        assert a32.column("row").to_pylist() == a.column("row").to_pylist()
        assert a32.column("applied").equals(a.column("applied"))
        assert items.take(a32.column("row")).equals(items.take(a.column("row")))
    e = err(arrears.InvalidRequestError, small(), paid(), row_type="int32")
    assert (e.field, e.value) == ("row_type", "int32")


def test_a_long_currency_dictionary_is_read_on_threads_as_on_one() -> None:
    # from 2^18 rows a dictionary column's currencies are gathered on several threads: the same
    # codes, results and errors (the first bad row) as on one thread
    n = 300_000
    rng = random.Random(7)
    names = ["USD", "EUR", "JPY", "GBP"]  # the dictionary's order is not the rows' first-use order
    idx = [rng.choice([1, 1, 3]) for _ in range(n)]
    idx[200_000] = 0  # USD first used far down
    cust = pa.array([f"C{i % 997:04d}" for i in range(n)]).dictionary_encode()
    units = [Decimal(rng.randint(1, 9_999)).scaleb(-2) for _ in range(n)]

    def table(indices: List[int], dictionary: List[str]) -> pa.Table:
        cur = pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), pa.array(dictionary), safe=False)
        return pa.table({"invoice_id": [f"I{i:07d}" for i in range(n)], "customer_id": cust, "currency": cur,
                         "due_date": pa.array([START] * n, pa.date32()),
                         "open_amount": pa.array(units, pa.decimal128(18, 2))})

    items = table(idx, names)
    sums = {t: arrears.open_balances_arrow(items, threads=t) for t in (1, 2)}
    assert sums[2].equals(sums[1]) and "USD" in sums[1].column("currency").to_pylist()
    rec = sums[1].select(["customer", "currency"]).rename_columns(["customer_id", "currency"])
    rec = rec.append_column("paid_date", pa.array([START] * rec.num_rows, pa.date32()))
    rec = rec.append_column("amount", pa.array([Decimal("50.00")] * rec.num_rows, pa.decimal128(18, 2)))
    a1, u1 = arrears.allocate_arrow(items, rec, threads=1)
    a2, u2 = arrears.allocate_arrow(items, rec, threads=2)
    assert a1.equals(a2) and u1.equals(u2)
    chunked = pa.Table.from_batches(items.to_batches(max_chunksize=100_000))  # (read per chunk)
    assert arrears.allocate_arrow(chunked, rec, threads=2)[0].equals(a1)
    # a bad code first used at row 250000, and an index outside the dictionary at row 260000
    bad = list(idx)
    bad[250_000] = 4
    for t in (1, 2):
        e = err(arrears.UnknownCurrencyError, table(bad, names + ["XYZ"]), rec, threads=t)
        assert (e.field, e.value) == ("items[250000].currency", "XYZ")
    bad[260_000] = 9
    for t in (1, 2):
        with pytest.raises(arrears.InvalidRequestError) as info:
            arrears.open_balances_arrow(table(bad, names + ["XYZ"]), threads=t)
        assert (info.value.field, info.value.value) == ("items[260000].currency", "9")
