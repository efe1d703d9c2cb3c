#!/usr/bin/env python3
"""Aging report from Python over the peer benchmark's data (../shared/bench, README "Definitions").

    python -m venv /tmp/arrears-bench && /tmp/arrears-bench/bin/pip install ./bindings-python pyarrow==26.0.1
    /tmp/arrears-bench/bin/python benches/python_aging.py --data /tmp/arrears-peers/n10000000 [--dictionary]

Load (timed apart, like the peers' load): the four needed columns of invoices.parquet into a
pyarrow Table; with --dictionary the id columns are read dictionary-encoded
(``read_dictionary``), which Parquet stores them as anyway, and with --unify all chunks share
one dictionary (``Table.unify_dictionaries``, part of the load). Compute (median of --repeat runs):
``arrears.aging_arrow`` on that table (zero-copy, GIL released, both cores) to the finished,
sorted report as a pyarrow Table. Plain string ids (the default read) and per-row-group
dictionaries are grouped by their bytes (``age_keyed``); one shared dictionary is read through
its indices (``age_sources``). Prints one JSON line like the peers: rows, total, sha256
(common.py's checksum), plus the peak memory of the compute beyond what the process held
before it, and the bytes of the input columns. A benchmark measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import time

import pyarrow as pa
import pyarrow.parquet as pq

import arrears

LABELS = ("current", "d1_30", "d31_60", "d61_90", "d90_plus")


def status(key: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    return 0


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    c = abs(cents)
    return f"{sign}{c // 100}.{c % 100:02d}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--as-of", default="2025-06-30")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--dictionary", action="store_true", help="read the id columns dictionary-encoded")
    ap.add_argument(
        "--unify", action="store_true", help="with --dictionary: one dictionary for all chunks (unify_dictionaries)"
    )
    a = ap.parse_args()

    t0 = time.perf_counter()
    table = pq.read_table(
        f"{a.data}/invoices.parquet",
        columns=["customer_id", "due_date", "open_amount", "currency"],
        read_dictionary=["customer_id", "currency"] if a.dictionary else None,
    )
    if a.unify:
        table = table.unify_dictionaries()
    load_s = time.perf_counter() - t0
    input_bytes = table.nbytes

    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset the peak-RSS mark
    except OSError:
        pass
    before = status("VmRSS:")
    runs = []
    result = None
    for _ in range(max(1, a.repeat)):
        result = None
        t = time.perf_counter()
        result = arrears.aging_arrow(table, a.as_of, labels=LABELS, threads=a.threads)
        runs.append(time.perf_counter() - t)
    peak = status("VmHWM:")
    assert isinstance(result, pa.Table)

    h = hashlib.sha256()
    total = 0
    cols = [result.column(k).cast(pa.decimal128(38, 2)) for k in LABELS]
    cents = [[int(d.scaleb(2)) for d in c.to_pylist()] for c in cols]
    for i, (cust, cur) in enumerate(zip(result.column("customer").to_pylist(), result.column("currency").to_pylist())):
        cells = [c[i] for c in cents]
        total += sum(cells)
        h.update((",".join([cust, cur] + [money(x) for x in cells]) + "\n").encode())
    print(
        json.dumps(
            {
                "peer": "arrears-python",
                "op": "aging",
                "n": table.num_rows,
                "mode": ("unified dictionary" if a.unify else "dictionary") if a.dictionary else "plain",
                "load_s": round(load_s, 4),
                "compute_s": round(statistics.median(runs), 4),
                "compute_runs_s": [round(x, 4) for x in runs],
                "rows": result.num_rows,
                "total": money(total),
                "sha256": h.hexdigest(),
                "input_columns_mib": round(input_bytes / 2**20, 1),
                "compute_extra_peak_mib": round(max(0, peak - before) / 2**20, 1),
                "process_peak_mib": round(peak / 2**20, 1),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
