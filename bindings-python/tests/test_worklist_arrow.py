"""arrears.worklist_arrow: the batch equals arrears.worklist (the object API) on random ledgers
(open and closed invoices, payments by id, several currencies, disputes, both scorings and
groupings, chunked tables), and bad columns are typed errors naming table, column and row."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any, Dict, List

import pyarrow as pa
import pytest

import arrears
from arrears import OverdueItem, PaymentRecord

AS_OF = dt.date(2025, 6, 30)
FX = {"EUR": "1", "USD": "0.92", "GBP": "1.17"}
PRODUCT = {"product": {"dpd_offset": 30, "dpd_cap": 365, "late_offset": 30, "late_cap": 120}}


def ledger(seed: int, n: int = 200) -> Dict[str, Any]:
    rng = random.Random(seed)
    custs = [f"C{k:03d}" for k in range(12)]
    def invoice(i: int, prefix: str) -> Dict[str, Any]:
        return {
            "invoice_id": f"{prefix}{i:05d}",
            "customer_id": rng.choice(custs),
            "due_date": AS_OF - dt.timedelta(days=rng.randint(-60, 500)),
            "currency": rng.choice(list(FX)),
            "open_amount": Decimal(rng.randint(-5000, 900000)).scaleb(-2),
            "disputed": rng.random() < 0.1,
        }
    open_rows = [invoice(i, "O") for i in range(n)]
    closed_rows = [invoice(i, "C") for i in range(n // 2)]
    pays: List[Dict[str, Any]] = []
    for r in open_rows + closed_rows:
        for _ in range(rng.choice([0, 0, 1, 2])):
            pays.append({
                "invoice_id": r["invoice_id"],
                "paid_date": r["due_date"] + dt.timedelta(days=rng.randint(-20, 120)),
                "amount": Decimal(rng.randint(1, 50000)).scaleb(-2),
            })
    pays.append({"invoice_id": "NOPE", "paid_date": AS_OF, "amount": Decimal("1.00")})  # on no invoice
    rng.shuffle(pays)
    return {"open": open_rows, "closed": closed_rows, "payments": pays}


def table(rows: List[Dict[str, Any]], cols: List[str]) -> pa.Table:
    types = {"due_date": pa.date32(), "paid_date": pa.date32(), "open_amount": pa.decimal128(18, 2), "amount": pa.decimal128(18, 2)}
    return pa.table({c: pa.array([r[c] for r in rows], types.get(c)) for c in cols})


def expected(led: Dict[str, Any], **config: Any) -> List[tuple]:
    due = {r["invoice_id"]: r for r in led["open"] + led["closed"]}
    hist = [PaymentRecord(due[p["invoice_id"]]["customer_id"], due[p["invoice_id"]]["due_date"], p["paid_date"], p["amount"])
            for p in led["payments"] if p["invoice_id"] in due]
    items = [OverdueItem(r["customer_id"], r["currency"], r["due_date"], r["open_amount"], r["disputed"]) for r in led["open"]]
    rows = arrears.worklist(items, hist, as_of=AS_OF, **config)
    return [(r.rank, r.customer, r.currency, r.overdue, r.n_overdue, r.max_dpd, r.avg_late, r.disputed, r.score) for r in rows]


def got(out: pa.Table) -> List[tuple]:
    names = ["rank", "customer", "currency", "overdue", "n_overdue", "max_dpd", "avg_late", "disputed", "score"]
    return [tuple(r[c] for c in names) for r in out.to_pylist()]


CONFIGS = [
    {"fx": FX},
    {"fx": FX, "scoring": PRODUCT, "top_k": 5},
    {"fx": FX, "by": "customer", "include_disputed": True},
    {"fx": FX, "risk_points": {"C001": "40"}, "top_k": 3},
]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("k", range(len(CONFIGS)))
def test_batch_equals_the_object_api(seed: int, k: int) -> None:
    led = ledger(seed)
    inv = table(led["open"], ["invoice_id", "customer_id", "due_date", "currency", "open_amount", "disputed"])
    closed = table(led["closed"], ["invoice_id", "customer_id", "due_date"])
    pay = table(led["payments"], ["invoice_id", "paid_date", "amount"])
    want = expected(led, **CONFIGS[k])
    out = arrears.worklist_arrow(inv, pay, closed=closed, as_of=AS_OF, disputed="disputed", threads=1, **CONFIGS[k])
    assert got(out) == want
    # chunked tables, and every core
    chunked = pa.concat_tables([inv.slice(0, 50), inv.slice(50)])
    out = arrears.worklist_arrow(chunked, pa.concat_tables([pay.slice(0, 7), pay.slice(7)]), closed=closed,
                                 as_of=AS_OF, disputed="disputed", **CONFIGS[k])
    assert got(out) == want


def test_components_and_the_collections_module() -> None:
    led = ledger(7)
    inv = table(led["open"], ["invoice_id", "customer_id", "due_date", "currency", "open_amount"])
    pay = table(led["payments"], ["invoice_id", "paid_date", "amount"])
    rows, parts = arrears.collections.worklist_arrow(inv, pay, as_of=AS_OF, fx=FX, scoring=PRODUCT, top_k=4, components=True)
    assert rows.num_rows == 4
    assert parts.column("rank").to_pylist() == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
    assert parts.column("name").to_pylist()[:3] == ["amount", "age", "history"]
    first = [v for r, v in zip(parts.column("rank").to_pylist(), parts.column("value").to_pylist()) if r == 1]
    assert first[0] * first[1] * first[2] == rows.column("score")[0].as_py()


def test_integer_minor_units_and_one_currency_code() -> None:
    inv = pa.table({"invoice_id": ["A", "B"], "customer_id": ["X", "Y"], "due_date": pa.array([AS_OF - dt.timedelta(days=10)] * 2, pa.date32()),
                    "open_amount": pa.array([1000, 250], pa.int64())})
    out = arrears.worklist_arrow(inv, None, as_of=AS_OF, currency_code="EUR", amount_scale=2)
    assert out.column("overdue").to_pylist() == [Decimal("10.00"), Decimal("2.50")]
    assert out.column("currency").to_pylist() == ["EUR", "EUR"]


def small() -> tuple:
    inv = pa.table({"invoice_id": ["A", "B"], "customer_id": ["X", "Y"], "due_date": pa.array([AS_OF - dt.timedelta(days=10)] * 2, pa.date32()),
                    "currency": ["EUR", "EUR"], "open_amount": pa.array([Decimal("1.00"), Decimal("2.00")], pa.decimal128(18, 2))})
    pay = pa.table({"invoice_id": ["A"], "paid_date": pa.array([AS_OF], pa.date32()), "amount": pa.array([Decimal("1.00")], pa.decimal128(18, 2))})
    return inv, pay


def test_bad_columns_name_table_column_and_row() -> None:
    inv, pay = small()
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.worklist_arrow(inv.set_column(2, "due_date", pa.array([AS_OF, None], pa.date32())), pay, as_of=AS_OF)
    assert e.value.field == "invoices[1].due_date" and e.value.value == "null"
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.worklist_arrow(inv.drop_columns(["customer_id"]), pay, as_of=AS_OF)
    assert e.value.field == "invoices.customer_id"
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.worklist_arrow(inv.set_column(4, "open_amount", pa.array([1.0, 2.0])), pay, as_of=AS_OF)
    assert e.value.field == "invoices.open_amount" and "float" in str(e.value)
    with pytest.raises(arrears.InvalidDateError) as e:
        arrears.worklist_arrow(inv, pay.set_column(1, "paid_date", pa.array(["2025-01-01"])), as_of=AS_OF)
    assert e.value.field == "payments.paid_date"
    with pytest.raises(arrears.InvalidRequestError) as e:  # a refund or reversal is not payment history
        arrears.worklist_arrow(inv, pay.set_column(2, "amount", pa.array([Decimal("-1.25")], pa.decimal128(18, 2))), as_of=AS_OF)
    assert e.value.field == "payments[0].amount" and e.value.value == "-1.25"
    with pytest.raises(arrears.UnknownCurrencyError) as e:
        arrears.worklist_arrow(inv.set_column(3, "currency", pa.array(["EUR", "QQQ"])), pay, as_of=AS_OF)
    assert e.value.field == "invoices[1].currency" and e.value.value == "QQQ"
    with pytest.raises(arrears.InvalidRequestError) as e:  # a currency without a rate
        arrears.worklist_arrow(inv.set_column(3, "currency", pa.array(["EUR", "USD"])), pay, as_of=AS_OF)
    assert "USD" in e.value.field or e.value.value == "USD"
    # ids of any length: a customer id past a packed key's 15 bytes is interned, not refused
    long = arrears.worklist_arrow(inv.set_column(1, "customer_id", pa.array(["X", "Y" * 20])), pay, as_of=AS_OF)
    assert "Y" * 20 in long.column("customer").to_pylist()
    with pytest.raises(arrears.InvalidRequestError) as e:  # a weight that falls with age
        arrears.worklist_arrow(inv, pay, as_of=AS_OF, scoring={"points": {"bucket_bounds": [30], "bucket_weights": ["2", "1"],
                               "per_day_past_due": "1", "dpd_cap": 10, "per_day_late": "1", "late_cap": 10, "per_risk_point": "0"}})
    assert e.value.field == "config.scoring.points.bucket_weights[1]"
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.worklist_arrow(inv, pay, as_of=AS_OF, fx={"EUR": "-1"})
    assert e.value.field == "config.fx.EUR" and e.value.value == "-1"
    with pytest.raises(arrears.InvalidPrecisionError) as e:
        arrears.worklist_arrow(inv, pay, as_of=AS_OF, amount_scale=40)
    assert e.value.field == "amount_scale" and e.value.value == "40"
    with pytest.raises(TypeError):
        arrears.worklist_arrow([1, 2, 3], pay, as_of=AS_OF)


def big_ledger(n: int) -> tuple:
    """A lone batch of `n` open invoices (utf8 currencies, decimal amounts) and payments on half of them."""
    days = pa.array([AS_OF.toordinal() - 719163 - (i % 400) + 30 for i in range(n)], pa.int32()).cast(pa.date32())
    # the second half uses its currencies in another order than the first: its codes are renumbered
    cur = ["USD" if i < n // 2 else ("GBP" if i % 3 else "EUR") for i in range(n)]
    inv = pa.table({
        "invoice_id": [f"I{i:07d}" for i in range(n)],
        "customer_id": [f"C{i % 997:04d}" for i in range(n)],
        "due_date": days,
        "currency": cur,
        "open_amount": pa.array([Decimal((i * 7919) % 100000 - 500).scaleb(-2) for i in range(n)], pa.decimal128(38, 2)),
    })
    m = n // 2
    pay = pa.table({
        "invoice_id": [f"I{2 * j:07d}" for j in range(m)],
        "paid_date": days.slice(0, m),
        "amount": pa.array([Decimal(j % 5000 + 1).scaleb(-2) for j in range(m)], pa.decimal128(18, 2)),
    })
    return inv, pay


def test_a_large_batch_is_read_on_every_core_as_chunks_are() -> None:
    n = 120_000
    inv, pay = big_ledger(n)
    chunked = pa.concat_tables([inv.slice(0, 1000), inv.slice(1000)])
    for config in [{"fx": FX, "scoring": PRODUCT, "top_k": 50}, {"fx": FX}]:
        want = got(arrears.worklist_arrow(chunked, pay, as_of=AS_OF, threads=1, **config))
        for threads in [0, 2, 3]:
            assert got(arrears.worklist_arrow(inv, pay, as_of=AS_OF, threads=threads, **config)) == want
    # the first bad code in row order, and an amount past 64 bits, named as one row at a time names them
    cur = inv.column("currency").to_pylist()
    cur[70_000], cur[100_000], cur[20] = "QQQ", "QQZ", "EUR"
    bad = inv.set_column(3, "currency", pa.array(cur))
    amounts = inv.column("open_amount").to_pylist()
    amounts[90_000] = Decimal(10) ** 30
    wide = inv.set_column(4, "open_amount", pa.array(amounts, pa.decimal128(38, 2)))
    for table_ in [bad, pa.concat_tables([bad.slice(0, 1000), bad.slice(1000)])]:
        with pytest.raises(arrears.UnknownCurrencyError) as e:
            arrears.worklist_arrow(table_, pay, as_of=AS_OF, fx=FX, threads=2)
        assert e.value.field == "invoices[70000].currency" and e.value.value == "QQQ"
    for table_ in [wide, pa.concat_tables([wide.slice(0, 1000), wide.slice(1000)])]:
        with pytest.raises(arrears.AmountOverflowError) as e:
            arrears.worklist_arrow(table_, pay, as_of=AS_OF, fx=FX, threads=2)
        assert e.value.field == "invoices[90000].open_amount"
        # the core reads the decimals in place and shows the amount as written, with its currency
        assert e.value.value == "1" + "0" * 30 + ".00"
        assert f"does not fit 64-bit minor units of {cur[90_000]}" in str(e.value)
    # payments' amounts past 64 bits, on every core
    pay_amounts = pay.column("amount").to_pylist()
    pay_amounts[55_555] = Decimal(10) ** 30
    wide_pay = pay.set_column(2, "amount", pa.array(pay_amounts, pa.decimal128(38, 2)))
    with pytest.raises(arrears.AmountOverflowError) as e:
        arrears.worklist_arrow(inv, wide_pay, as_of=AS_OF, fx=FX, threads=2)
    assert e.value.field == "payments[55555].amount"
    assert e.value.value == "1" + "0" * 30 + ".00" and "does not fit 64-bit minor units" in str(e.value)


def bad_text(values: List[str], row: int, raw: bytes) -> pa.Array:
    """A utf8 array of `values` whose row `row` holds the bytes `raw` (not UTF-8)."""
    parts = [v.encode() for v in values]
    parts[row] = raw
    offsets = [0]
    for p in parts:
        offsets.append(offsets[-1] + len(p))
    return pa.Array.from_buffers(pa.string(), len(parts), [None, pa.array(offsets, pa.int32()).buffers()[1], pa.py_buffer(b"".join(parts))])


def test_bytes_that_are_not_utf8_are_named_by_row_in_customer_and_currency() -> None:
    """The binding leaves these columns' bytes to the core (customer ids, which a numbered fast
    path proves UTF-8) and to the currency lookup: a bad row is still named, small or large,
    numbered or not, one chunk or several."""
    inv, pay = small()
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.worklist_arrow(inv.set_column(1, "customer_id", bad_text(["X", "Y"], 1, b"Y\xff")), pay, as_of=AS_OF)
    assert e.value.field == "invoices[1].customer_id" and e.value.value == "Y\ufffd"
    with pytest.raises(arrears.UnknownCurrencyError) as e:
        arrears.worklist_arrow(inv.set_column(3, "currency", bad_text(["EUR", "EUR"], 1, b"E\xffR")), pay, as_of=AS_OF)
    assert e.value.field == "invoices[1].currency"
    n = 120_000
    big, big_pay = big_ledger(n)
    customers = big.column("customer_id").to_pylist()
    for raw in [b"C0\xff1", b"\xffC01"]:  # numbered but for that row; a first id that is no numbering's
        at = 0 if raw.startswith(b"\xff") else 77_777
        bad = big.set_column(1, "customer_id", bad_text(customers, at, raw))
        for table_ in [bad, pa.concat_tables([bad.slice(0, 1000), bad.slice(1000)])]:
            for config in [{"fx": FX, "scoring": PRODUCT, "top_k": 50}, {"fx": FX}]:
                with pytest.raises(arrears.InvalidRequestError) as e:
                    arrears.worklist_arrow(table_, big_pay, as_of=AS_OF, threads=2, **config)
                assert e.value.field == f"invoices[{at}].customer_id" and "UTF-8" in str(e.value)
    closed = big.select(["invoice_id", "customer_id", "due_date"]).slice(0, 1000)
    closed = closed.set_column(0, "invoice_id", pa.array([f"K{i:07d}" for i in range(1000)]))
    closed = closed.set_column(1, "customer_id", bad_text(closed.column("customer_id").to_pylist(), 5, b"C\xff01"))
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.worklist_arrow(big, big_pay, closed=closed, as_of=AS_OF, fx=FX, threads=2)
    assert e.value.field == "closed[5].customer_id"
    currencies = big.column("currency").to_pylist()
    with pytest.raises(arrears.UnknownCurrencyError) as e:
        arrears.worklist_arrow(big.set_column(3, "currency", bad_text(currencies, 88_888, b"\xffSD")), big_pay, as_of=AS_OF, fx=FX, threads=2)
    assert e.value.field == "invoices[88888].currency"
