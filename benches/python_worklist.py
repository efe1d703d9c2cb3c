#!/usr/bin/env python3
"""The COLLECTION WORKLIST report of ../shared/bench (common.py, README "Definitions") from Python,
over the peers' Parquet files, printing their one-line JSON (rows, total, sha256, compute_s).

    python -m venv /tmp/arrears-bench && /tmp/arrears-bench/bin/pip install ./bindings-python pyarrow==26.0.1
    /tmp/arrears-bench/bin/python benches/python_worklist.py --data /tmp/arrears-peers/n10000000 [--repeat 5]

Load (timed apart, like the peers' load): the needed columns of invoices.parquet,
closed_invoices.parquet and payments.parquet into pyarrow Tables, each column in one chunk
(``combine_chunks``: the columns a caller holds, as the Rust bench's load gives them). Compute
(median of --repeat runs), from those tables to the ranked top K, as benches/worklist.rs does in
Rust: ``arrears.worklist_arrow`` with the bench's configuration (the product score, the peers' FX
into EUR, top K), which reads the Arrow columns in place with the GIL released (both cores): the
payments joined to their invoices (open or closed) by id, the overdue groups by customer and
currency, the scores, the top K. The checksum is formatted outside the timing, as the peers do.
A benchmark measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import time
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq

import arrears
from py_support import measure

# common.py FX (per 10000, to EUR), MAX_DPD_CAP, AVG_LATE_CAP
FX = {"EUR": "1", "USD": "0.92", "GBP": "1.17", "CHF": "1.04", "SEK": "0.088"}
SCORING = {"product": {"dpd_offset": 30, "dpd_cap": 365, "late_offset": 30, "late_cap": 120}}



def report(inv: pa.Table, closed: pa.Table, pay: pa.Table, as_of: dt.date, k: int, threads: int) -> pa.Table:
    """The ranked top K (rank, customer, currency, overdue, n_overdue, max_dpd, avg_late, score)."""
    return arrears.worklist_arrow(inv, pay, closed=closed, as_of=as_of, top_k=k, fx=FX, scoring=SCORING, threads=threads)


def money(d: Decimal) -> str:
    return format(d.quantize(Decimal("0.01")), "f")


def checksum(out: pa.Table) -> dict:
    """common.checksum_worklist over the report (outside the timing)."""
    h = hashlib.sha256()
    total = Decimal(0)
    for r in out.to_pylist():
        total += r["overdue"]
        line = f"{r['rank']},{r['customer']},{r['currency']},{money(r['overdue'])},{r['n_overdue']},{r['max_dpd']},{r['avg_late']},{r['score']}\n"
        h.update(line.encode())
    return {"rows": out.num_rows, "total": money(total), "sha256": h.hexdigest()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--as-of", default="2025-06-30")
    ap.add_argument("--k", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    as_of = dt.date.fromisoformat(a.as_of)

    t0 = time.perf_counter()
    inv = pq.read_table(f"{a.data}/invoices.parquet", columns=["invoice_id", "customer_id", "due_date", "open_amount", "currency"])
    closed = pq.read_table(f"{a.data}/closed_invoices.parquet", columns=["invoice_id", "customer_id", "due_date"])
    pay = pq.read_table(f"{a.data}/payments.parquet", columns=["invoice_id", "paid_date", "amount"])
    inv, closed, pay = inv.combine_chunks(), closed.combine_chunks(), pay.combine_chunks()
    load_s = time.perf_counter() - t0

    measure("worklist", inv.num_rows, a.threads, load_s, a.repeat, lambda: report(inv, closed, pay, as_of, a.k, a.threads), checksum)


if __name__ == "__main__":
    main()
