#!/usr/bin/env python3
"""The LATE INTEREST report of ../shared/bench (common.py, README "Definitions") from Python, over
the peers' Parquet files, printing their one-line JSON (rows, total, sha256, compute_s).

    python -m venv /tmp/arrears-bench && /tmp/arrears-bench/bin/pip install ./bindings-python pyarrow==26.0.1
    /tmp/arrears-bench/bin/python benches/python_interest.py --data /tmp/arrears-peers/n10000000 [--repeat 5]

Load (timed apart, like the peers' load): the needed columns of invoices.parquet and
payments.parquet into pyarrow Tables, each column in one chunk (``combine_chunks``: the columns a
caller holds, as the Rust bench's load gives them). Compute (median of --repeat runs), from those tables to the
finished report, as benches/interest.rs does in Rust, in one ``arrears.interest_arrow`` call: the
overdue invoices (``overdue=True``: ``due_date < A``, and ``open_amount > 0`` in the column
``open_amount`` names), every payment matched to its invoice by id (payments on other invoices
skipped), the interest of every overdue invoice (the peers' sample rates + 8 points, fixed per
half-year, act/365, half-up, one rounding per invoice; GIL released, both cores), and the
report's order by invoice id (``order="invoice_id"``: checked, and sorted only when the ids are
not in order already). The result's row numbers come as ``uint32`` and the interest as
``decimal64`` (``row_type``, ``amount_type``: the types arrears computes in, handed over without a
copy); the checksum casts the interest to ``decimal128`` for pyarrow's ``sum``. The checksum is
formatted outside the timing, as the peers do. A benchmark measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import time

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import arrears
from py_support import measure
from arrears import InterestRule, RateEntry, RateTable

# common.py REFERENCE_RATES (percent on each half-year's first day) and MARGIN_BP, as benches/interest.rs
RATES = [
    ("2022-01-01", "0"),
    ("2022-07-01", "0"),
    ("2023-01-01", "2.50"),
    ("2023-07-01", "4.00"),
    ("2024-01-01", "4.50"),
    ("2024-07-01", "4.25"),
    ("2025-01-01", "3.15"),
    ("2025-07-01", "2.15"),
]
RULE = InterestRule.reference_rate(RateTable([RateEntry(d, r) for d, r in RATES]), "8", "split_by_half_year")



def report(inv: pa.Table, pay: pa.Table, as_of: dt.date, threads: int) -> pa.Table:
    """(row, interest) of every overdue invoice, in invoice-id order."""
    return arrears.interest_arrow(
        inv,
        pay,
        as_of,
        RULE,
        overdue=True,
        open_amount="open_amount",
        order="invoice_id",
        unmatched="skip",
        row_type="uint32",
        amount_type="decimal64",
        threads=threads,
    )


def checksum(inv: pa.Table, out: pa.Table, as_of: dt.date) -> dict:
    """common.checksum_interest over the report (outside the timing)."""
    rows = out.column("row")
    take = lambda name: inv.column(name).take(rows)  # noqa: E731
    days = pc.cast(pc.days_between(take("due_date"), pa.scalar(as_of, pa.date32())), pa.string())
    money = lambda c: pc.cast(pc.cast(c, pa.decimal128(38, 2)), pa.string())  # noqa: E731
    lines = pc.binary_join_element_wise(
        take("invoice_id"), take("customer_id"), take("currency"), days, money(take("open_amount")), money(out.column("interest")), ","
    )
    h = hashlib.sha256()
    for chunk in lines.chunks if isinstance(lines, pa.ChunkedArray) else [lines]:
        text = "\n".join(chunk.to_pylist())
        if text:
            h.update((text + "\n").encode())
    total = pc.sum(pc.cast(out.column("interest"), pa.decimal128(38, 2))).as_py()
    return {"rows": out.num_rows, "total": format(total if total is not None else 0, "f"), "sha256": h.hexdigest()}


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
        f"{a.data}/invoices.parquet", columns=["invoice_id", "customer_id", "due_date", "amount", "open_amount", "currency"]
    )
    pay = pq.read_table(f"{a.data}/payments.parquet", columns=["invoice_id", "paid_date", "amount"])
    inv, pay = inv.combine_chunks(), pay.combine_chunks()
    load_s = time.perf_counter() - t0

    measure("interest", inv.num_rows, a.threads, load_s, a.repeat, lambda: report(inv, pay, as_of, a.threads), lambda out: checksum(inv, out, as_of))


if __name__ == "__main__":
    main()
