#!/usr/bin/env python3
"""The PAYMENT ALLOCATION report of ../shared/bench (common.py, README "Definitions") from Python,
over the peers' Parquet file, printing their one-line JSON (rows, total, sha256, compute_s).

    python -m venv /tmp/arrears-bench && /tmp/arrears-bench/bin/pip install ./bindings-python pyarrow==26.0.1
    /tmp/arrears-bench/bin/python benches/python_allocation.py --data /tmp/arrears-peers/n10000000 [--repeat 5]

Load (timed apart, like the peers' load): the needed columns of invoices.parquet into a pyarrow
Table, customer ids and currencies dictionary-encoded (one dictionary per column over the whole
table, ``read_dictionary`` + ``unify_dictionaries``), each column in one chunk: the columns a
caller holds, as the Rust bench's load gives them (benches/allocation.rs). Compute (median of
--repeat runs), from that table to the finished report, as benches/allocation.rs does in Rust:
each (customer, currency)'s open balance (``arrears.open_balances_arrow``) and its receipt
of floor(balance x 55 / 100) cents on the as-of date, the allocation of every receipt oldest
first (``arrears.allocate_arrow``: due date, then invoice id; GIL released, both cores;
``applied_only=True`` returns just the invoices that receive money, ``amount_type="decimal64"``
their amounts without a copy, ``row_type="uint32"`` their row numbers as arrears keeps them;
``order="item_id"`` lists them in invoice-id order, checking first whether the ledger is kept
in id order, as it is here, and sorting only if not). The checksum is formatted outside the timing, as the peers do;
ARREARS_BENCH_STEPS=1 prints each step's time to stderr. A benchmark measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import sys
import time

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import arrears
from py_support import measure

RECEIPT_SHARE_PCT = 55  # common.py: each (customer, currency) pays this share of its open balance
STEPS = bool(os.environ.get("ARREARS_BENCH_STEPS"))  # each step's time to stderr, as benches/allocation.rs



def receipts(inv: pa.Table, as_of: dt.date, threads: int) -> pa.Table:
    """One receipt per (customer, currency) with open invoices: floor(balance cents x 55 / 100).
    The balances are arrears' own: ``arrears.open_balances_arrow`` (one row per customer and
    currency, exact: the sum of the open amounts above zero, the report's open invoices, so
    no ``open_amount > 0`` filter first)."""
    sums = arrears.open_balances_arrow(inv, threads=threads)
    balance = pc.cast(sums.column("balance"), pa.decimal128(34, 2))  # (checked: no value is cut)
    cents = pc.cast(pc.multiply(balance, pa.scalar(100, pa.decimal128(3, 0))), pa.int64())
    amount = pc.divide(pc.multiply(cents, RECEIPT_SHARE_PCT), 100)  # integers: floor (amounts > 0)
    out = pa.table({
        "customer_id": sums.column("customer"),
        "currency": sums.column("currency"),
        "paid_date": pa.repeat(pa.scalar(as_of, pa.date32()), sums.num_rows),
        "amount": amount,
    })
    return out.filter(pc.greater(amount, 0))


def report(inv: pa.Table, as_of: dt.date, threads: int) -> tuple:
    """(rows, applied) of every invoice that receives money, in invoice-id order."""
    t0 = time.perf_counter()
    rec = receipts(inv, as_of, threads)
    t1 = time.perf_counter()
    # only the invoices that receive money (row numbers and amounts), as decimal64: no copy;
    # every receipt comes from its customer's own balance, so none can lack items: the check
    # for such receipts (which benches/allocation.rs does not run either) is left out
    # order="item_id": in invoice-id order (checked on all cores, sorted only if need be)
    applied, _ = arrears.allocate_arrow(
        inv, rec, receipt_amount_scale=2, threads=threads, amount_type="decimal64", applied_only=True,
        unmatched="unapplied", order="item_id", row_type="uint32",
    )
    t2 = time.perf_counter()
    rows, a = applied.column("row"), applied.column("applied")
    if STEPS:
        print(f"receipts {t1 - t0:.4f} allocate {t2 - t1:.4f} report {time.perf_counter() - t2:.4f}", file=sys.stderr)
    return inv, rows, a


def checksum(inv: pa.Table, rows: pa.Array, applied: pa.Array) -> dict:
    """common.checksum_allocation over the report (outside the timing)."""
    take = lambda name: pc.cast(inv.column(name).take(rows), pa.string())  # noqa: E731
    open_amount = inv.column("open_amount").take(rows)
    money = lambda c: pc.cast(pc.cast(c, pa.decimal128(38, 2)), pa.string())  # noqa: E731
    remaining = pc.subtract(open_amount, pc.cast(applied, pa.decimal128(18, 2)))
    lines = pc.binary_join_element_wise(take("invoice_id"), take("customer_id"), take("currency"), money(applied), money(remaining), ",")
    h = hashlib.sha256()
    for chunk in lines.chunks if isinstance(lines, pa.ChunkedArray) else [lines]:
        text = "\n".join(chunk.to_pylist())
        if text:
            h.update((text + "\n").encode())
    total = pc.sum(pc.cast(applied, pa.decimal128(38, 2))).as_py()  # (pyarrow sums no decimal64)
    return {"rows": len(rows), "total": format(total if total is not None else 0, "f"), "sha256": h.hexdigest()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--as-of", default="2025-06-30")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    as_of = dt.date.fromisoformat(a.as_of)

    t0 = time.perf_counter()
    inv = pq.read_table(
        f"{a.data}/invoices.parquet",
        columns=["invoice_id", "customer_id", "due_date", "open_amount", "currency"],
        read_dictionary=["customer_id", "currency"],
    )
    inv = inv.unify_dictionaries().combine_chunks()
    load_s = time.perf_counter() - t0

    measure("allocation", inv.num_rows, a.threads, load_s, a.repeat, lambda: report(inv, as_of, a.threads), lambda out: checksum(*out))


if __name__ == "__main__":
    main()
