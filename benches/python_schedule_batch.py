#!/usr/bin/env python3
"""Python's batch scheduling entry point, measured (a benchmark: it prints, it asserts nothing).

    python -m venv /tmp/arrears-bench && /tmp/arrears-bench/bin/pip install ./bindings-python pyarrow==26.0.1
    /tmp/arrears-bench/bin/python benches/python_schedule_batch.py [invoices]

``arrears.schedule_arrow`` on a pyarrow table of N invoices (default 1,000,000; decimal128
totals 0.01 .. 99,999.99, date32 base dates over ten years, EUR) with the 2-line term "30 %
now, balance 60 days after end of month", from the call to the finished pyarrow Table of
installments: invoices/s, best of 5 after a warm-up, to compare with the Rust figures of
``cargo bench -p arrears --bench schedule`` (issue 4: the batch call within 2x of Rust). For
scale, ``arrears.schedule()`` once per invoice on 20,000 invoices.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from decimal import Decimal

import pyarrow as pa

import arrears
from arrears import Line, PaymentTerms, Step


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    x = 0x9E3779B97F4A7C15
    cents, days = [], []
    for _ in range(n):
        x ^= (x << 13) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 7
        x ^= (x << 17) & 0xFFFFFFFFFFFFFFFF
        cents.append(x % 9_999_999 + 1)
        days.append(18262 + (x >> 40) % 3650)  # 2020-01-01 + 0..10 years
    words = pa.array(cents, pa.int64())
    totals = pa.Array.from_buffers(pa.decimal128(18, 2), n, [None, pa.py_buffer(b"".join(c.to_bytes(16, "little") for c in cents))])
    table = pa.table({"total": totals, "base_date": pa.array(days, pa.int32()).cast(pa.date32())})
    del words
    terms = PaymentTerms([Line.percent("30"), Line.balance(due=[Step.end_of_month(), Step.add_days(60)])])

    arrears.schedule_arrow(table.slice(0, 1000), terms, currency_code="EUR")  # warm-up
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        out = arrears.schedule_arrow(table, terms, currency_code="EUR")
        best = min(best, time.perf_counter() - t)
    assert out.num_rows == 2 * n
    print(f"schedule_arrow, {n} invoices, 2-line term   {n / best:12.0f} invoices/s  ({best:.3f} s, best of 5)")

    m = min(n, 20_000)
    t = time.perf_counter()
    base = dt.date(2020, 1, 1)
    for i in range(m):
        arrears.schedule(Decimal(cents[i]).scaleb(-2), "EUR", base + dt.timedelta(days=days[i] - 18262), terms)
    one = time.perf_counter() - t
    print(f"schedule() once per invoice, {m} invoices   {m / one:12.0f} invoices/s  ({one:.3f} s)")


if __name__ == "__main__":
    main()
