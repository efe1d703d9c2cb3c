#!/usr/bin/env python3
"""The aging report at scale: Spark local[N] with arrears in mapInArrow, Spark's own SQL, and
arrears in one process, run alternately on the peer benchmark's data (../shared/bench).

    # a release wheel in a scratch venv (the executors' Python is this one too)
    (cd bindings-python && ../.venv/bin/maturin build --release --out /tmp/arrears-dist)
    python3 -m venv /tmp/arrears-spark-bench
    /tmp/arrears-spark-bench/bin/pip install /tmp/arrears-dist/arrears-*.whl \\
        pyarrow==26.0.1 pyspark==4.3.0 pandas==2.3.3
    python ../shared/bench/gen.py --n 10000000 --out /tmp/arrears-peers/n10000000
    JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 /tmp/arrears-spark-bench/bin/python \\
        benches/spark_aging.py --data /tmp/arrears-peers/n10000000 [--rounds 3] [--master local[2]]

One Spark session for the whole run (its start-up is reported once, apart). Each round runs, in
turn, every measurement below once, so that a drift of the machine's speed hits all of them;
the summary gives each one's range and median over the rounds. Every report's rows, total and
sha256 (the peers' checksum, common.py) are compared, and the script stops if they differ.

Spark, from the Parquet file each time (Spark caches nothing here):

* ``spark scan``: ``read.parquet`` of the four columns into Spark rows, written nowhere
  (``format("noop")``): what any Spark job over the file pays first.
* ``spark to python``: the same plus the transfer to the Python workers in Arrow batches
  (``mapInArrow`` whose function only counts rows): the JVM -> Arrow -> Python cost.
* ``spark arrears partials``: :func:`arrears.spark.spark_partials` collected to the driver as
  Arrow (``toArrow``): scan, transfer, ``aging_arrow`` per task (threads=1: Spark runs one task
  per core), partials back to the JVM and to the driver.
* ``driver merge, arrow``: :func:`arrears.spark.merge_partials_arrow` of those partials into
  aging_arrow's table of the whole (pyarrow's exact decimal sums, range-checked).
* ``driver merge, report objects``: :func:`arrears.spark.merge_partials` of the same partials
  into an :class:`arrears.AgingReport` (the core's ``aging_merge``, then Python objects).
* ``spark arrears, arrow`` / ``spark arrears, report objects``: partials plus each merge, end
  to end (the second is ``spark_aging``).
* ``spark arrears, reduce=2, arrow``: the partials merged inside Spark first
  (``spark_partials(..., reduce=2)``: a shuffle of the partials by customer and currency, a
  second ``mapInArrow``), then the Arrow merge on the driver.
* ``spark sql``: the DuckDB peer's query in Spark SQL (``SUM(open_amount) FILTER (WHERE ...)``
  over ``DECIMAL(18,2)``, exact), collected as Arrow.

One process (benches/python_aging.py, run as a subprocess with the same Python): ``load`` is
``pq.read_table`` of the four columns, ``compute`` is ``aging_arrow`` on both cores; and
``one-process report``: ``merge_partials`` of that one partial, the cost of the same Python
report objects that Spark's driver ends with.

A benchmark measures; it asserts nothing but the checksums' agreement.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

ROOT = Path(__file__).resolve().parent.parent
LABELS = ("current", "d1_30", "d31_60", "d61_90", "d90_plus")
COLUMNS = ["customer_id", "currency", "due_date", "open_amount"]
SQL = """
SELECT customer_id, currency,
       COALESCE(SUM(open_amount) FILTER (WHERE d <= 0), 0)              AS current,
       COALESCE(SUM(open_amount) FILTER (WHERE d BETWEEN 1 AND 30), 0)  AS d1_30,
       COALESCE(SUM(open_amount) FILTER (WHERE d BETWEEN 31 AND 60), 0) AS d31_60,
       COALESCE(SUM(open_amount) FILTER (WHERE d BETWEEN 61 AND 90), 0) AS d61_90,
       COALESCE(SUM(open_amount) FILTER (WHERE d > 90), 0)              AS d90_plus
FROM (SELECT customer_id, currency, open_amount, datediff(DATE '{as_of}', due_date) AS d
      FROM invoices WHERE open_amount > 0)
GROUP BY customer_id, currency
ORDER BY customer_id, currency
"""


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    c = abs(cents)
    return f"{sign}{c // 100}.{c % 100:02d}"


def checksum(rows: Any) -> dict:
    """common.py's checksum_aging: rows of (customer, currency, 5 bucket amounts in cents)."""
    import hashlib

    h = hashlib.sha256()
    total = n = 0
    for cust, cur, *b in rows:
        total += sum(b)
        n += 1
        h.update((",".join([cust, cur] + [money(x) for x in b]) + "\n").encode())
    return {"rows": n, "total": money(total), "sha256": h.hexdigest()}


def report_checksum(report: Any) -> dict:
    return checksum((r.customer, r.currency, *(int(b.scaleb(2)) for b in r.buckets)) for r in report.rows)


def table_checksum(t: Any, customer: str) -> dict:
    import pyarrow as pa

    cols = [[int(d.scaleb(2)) for d in t.column(k).cast(pa.decimal128(38, 2)).to_pylist()] for k in LABELS]
    cust, cur = t.column(customer).to_pylist(), t.column("currency").to_pylist()
    return checksum((cust[i], cur[i], *(c[i] for c in cols)) for i in range(len(cust)))


def count_rows(batches: Any) -> Any:
    """mapInArrow function of ``spark to python``: consumes the batches, returns their count."""
    import pyarrow as pa

    n = sum(b.num_rows for b in batches)
    yield pa.RecordBatch.from_pydict({"n": pa.array([n], pa.int64())})


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="a directory written by ../shared/bench/gen.py")
    ap.add_argument("--as-of", default="2025-06-30")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--driver-memory", default="6g")
    ap.add_argument("--max-partition-bytes", default="64m", help="spark.sql.files.maxPartitionBytes (sets the tasks)")
    ap.add_argument("--arrow-batch", type=int, default=10000, help="spark.sql.execution.arrow.maxRecordsPerBatch")
    ap.add_argument("--skip-one-process", action="store_true")
    a = ap.parse_args()

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    import pyarrow as pa
    import pyarrow.parquet as pq
    import pyspark
    from pyspark.sql import SparkSession

    import arrears
    from arrears.spark import merge_partials, merge_partials_arrow, spark_partials

    parquet = str(Path(a.data) / "invoices.parquet")
    start_s, spark = timed(
        lambda: SparkSession.builder.master(a.master)
        .appName("arrears-spark-aging")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", a.driver_memory)
        .config("spark.sql.files.maxPartitionBytes", a.max_partition_bytes)
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(a.arrow_batch))
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")

    def frame() -> Any:
        return spark.read.parquet(parquet).select(*COLUMNS)

    frame().createOrReplaceTempView("invoices")
    tasks = frame().rdd.getNumPartitions()
    n = frame().count()
    print(f"# spark {pyspark.__version__} {a.master}, session start {start_s:.1f} s, {n} rows in {tasks} tasks", file=sys.stderr)

    figures: Dict[str, List[float]] = {}
    checks: Dict[str, dict] = {}
    extra: Dict[str, Any] = {}

    def record(name: str, seconds: float) -> None:
        figures.setdefault(name, []).append(seconds)

    for rnd in range(a.rounds):
        s, _ = timed(lambda: frame().write.format("noop").mode("overwrite").save())
        record("spark scan", s)
        s, got = timed(lambda: frame().mapInArrow(count_rows, "n long").toArrow())
        assert sum(got.column("n").to_pylist()) == n
        record("spark to python", s)

        s, partials = timed(lambda: spark_partials(frame(), a.as_of, labels=LABELS).toArrow())
        record("spark arrears partials", s)
        m, merged = timed(lambda: merge_partials_arrow([partials], a.as_of, labels=LABELS))
        record("driver merge, arrow", m)
        record("spark arrears, arrow", s + m)
        checks["spark arrears, arrow"] = table_checksum(merged, "customer")
        m, report = timed(lambda: merge_partials([partials], a.as_of, labels=LABELS))
        record("driver merge, report objects", m)
        record("spark arrears, report objects", s + m)
        extra["partial_rows"] = partials.num_rows
        checks["spark arrears, report objects"] = report_checksum(report)
        del partials, report, merged

        s, reduced = timed(lambda: spark_partials(frame(), a.as_of, reduce=2, labels=LABELS).toArrow())
        m, merged = timed(lambda: merge_partials_arrow([reduced], a.as_of, labels=LABELS))
        record("spark arrears, reduce=2, arrow", s + m)
        extra["reduced_partial_rows"] = reduced.num_rows
        checks["spark arrears, reduce=2, arrow"] = table_checksum(merged, "customer")
        del reduced, merged

        s, t = timed(lambda: spark.sql(SQL.format(as_of=a.as_of)).toArrow())
        record("spark sql", s)
        checks["spark sql"] = table_checksum(t, "customer_id")
        del t

        if not a.skip_one_process:
            cmd = [sys.executable, str(ROOT / "benches" / "python_aging.py"), "--data", a.data, "--repeat", "1"]
            one = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
            record("one process load", one["load_s"])
            record("one process compute", one["compute_s"])
            record("one process load+compute", one["load_s"] + one["compute_s"])
            checks["one process"] = {k: one[k] for k in ("rows", "total", "sha256")}
            extra["one_process_peak_mib"] = one["process_peak_mib"]
            table = pq.read_table(parquet, columns=COLUMNS)
            whole = arrears.aging_arrow(table, a.as_of, labels=LABELS)
            m, rep = timed(lambda: merge_partials([whole], a.as_of, labels=LABELS))
            record("one-process report objects", m)
            checks["one-process report objects"] = report_checksum(rep)
            del table, whole, rep
        print(f"# round {rnd + 1}: " + ", ".join(f"{k} {v[-1]:.2f}" for k, v in figures.items()), file=sys.stderr, flush=True)

    distinct = {json.dumps(c, sort_keys=True) for c in checks.values()}
    if len(distinct) != 1:
        sys.exit(f"checksums differ: {json.dumps(checks, indent=1)}")
    summary = {
        name: {"min_s": round(min(v), 3), "median_s": round(statistics.median(v), 3), "max_s": round(max(v), 3)}
        for name, v in figures.items()
    }
    print(
        json.dumps(
            {
                "bench": "spark_aging",
                "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}",
                "n": n,
                "spark": pyspark.__version__,
                "master": a.master,
                "tasks": tasks,
                "arrow_batch_rows": a.arrow_batch,
                "session_start_s": round(start_s, 2),
                "rounds": a.rounds,
                "figures": summary,
                **extra,
                "check": next(iter(checks.values())),
                "arrow": pa.__version__,
                "arrears": arrears.__version__,
            },
            indent=1,
        ),
        flush=True,
    )
    spark.stop()


if __name__ == "__main__":
    main()
