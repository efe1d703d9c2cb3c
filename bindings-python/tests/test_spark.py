"""Aging partition by partition, merged exactly (arrears.spark): a real local Spark session
(mapInArrow), a polars LazyFrame split by customer (map_batches) and DuckDB record batches
(fetch_record_batch), each over the peer benchmark's data at 100k rows (../shared/bench, the
"AGING" definition of common.py). The merged report must equal the single-process report
(the object API's) and give the peers' rows, total and sha256, computed here with the peers' own
DuckDB query (aging_duckdb.SQL) and checksum (common.checksum_aging).

The data: /tmp/arrears-peers/n100000 ($ARREARS_PEERS/n100000) when the peer run left it there,
else generated here by ../shared/bench/gen.py into a temporary folder. Without ../shared (or without numpy to
run gen.py) the tests skip saying so. The Spark tests skip when pyspark or a Java 17+ runtime
is missing (bindings-python/test.sh installs pyspark when it finds Java).
"""

from __future__ import annotations

import datetime as dt
import doctest
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator, Optional

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import arrears
import arrears.spark
from arrears.spark import duckdb_aging, merge_partials, merge_partials_arrow, polars_aging

ROOT = Path(__file__).resolve().parents[2]
N = 100_000
AS_OF = "2025-06-30"


def shared_bench() -> Optional[Path]:
    """../shared/bench beside the repository (benches/side_by_side.py's rule); from a git
    worktree, beside the main checkout; or $ARREARS_SHARED/bench."""
    candidates = []
    if os.environ.get("ARREARS_SHARED"):
        candidates.append(Path(os.environ["ARREARS_SHARED"]))
    candidates.append(ROOT.parent / "shared")
    try:
        common_dir = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--path-format=absolute", "--git-common-dir"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        candidates.append(Path(common_dir).parent.parent / "shared")
    except (OSError, subprocess.CalledProcessError):
        pass
    for c in candidates:
        if (c / "bench" / "common.py").is_file() and (c / "bench" / "gen.py").is_file():
            return c / "bench"
    return None


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, Any]:
    """(data directory, the peers' common module, their aging_duckdb module)."""
    where = shared_bench()
    if where is None:
        pytest.skip("../shared/bench (the peer benchmark: gen.py, common.py) is not beside the repository; set ARREARS_SHARED")
    data = Path(os.environ.get("ARREARS_PEERS", "/tmp/arrears-peers")) / "n100000"
    meta = data / "meta.json"
    if not (
        meta.is_file()
        and json.loads(meta.read_text())["n_open_invoices"] == N
        and json.loads(meta.read_text())["seed"] == 20250630
    ):
        pytest.importorskip("numpy", reason="numpy is needed to generate the peer data (../shared/bench/gen.py)")
        data = tmp_path_factory.mktemp("peers") / "n100000"
        subprocess.run(
            [sys.executable, str(where / "gen.py"), "--n", str(N), "--out", str(data)], check=True, capture_output=True
        )
    sys.path.insert(0, str(where))
    try:
        common = importlib.import_module("common")
        peer = importlib.import_module("aging_duckdb")
    finally:
        sys.path.remove(str(where))
    return data, common, peer


@pytest.fixture(scope="module")
def peers(bench: tuple[Path, Any, Any]) -> dict:
    """rows, total and sha256 of the peers' report: their DuckDB query and their checksum."""
    import duckdb

    data, common, peer = bench
    con = duckdb.connect()
    source = f"read_parquet('{data / 'invoices.parquet'}')"
    rep = con.sql(peer.SQL.format(source=source), params={"as_of": AS_OF}).to_arrow_table()
    cols = [[int(x * 100) for x in rep.column(b).to_pylist()] for b in common.BUCKETS]
    cust, cur = rep.column("customer_id").to_pylist(), rep.column("currency").to_pylist()
    return dict(common.checksum_aging((cust[i], cur[i], *(c[i] for c in cols)) for i in range(len(cust))))


@pytest.fixture(scope="module")
def whole(bench: tuple[Path, Any, Any]) -> arrears.AgingReport:
    """The single-process report: aging_arrow over the whole table, as a report."""
    data, common, _ = bench
    table = pq.read_table(data / "invoices.parquet")
    return merge_partials([arrears.aging_arrow(table, AS_OF, labels=common.BUCKETS)], AS_OF, labels=common.BUCKETS)


def checksum(report: arrears.AgingReport, common: Any) -> dict:
    return dict(common.checksum_aging((r.customer, r.currency, *(int(b.scaleb(2)) for b in r.buckets)) for r in report.rows))


def test_the_docs_examples_run() -> None:
    result = doctest.testmod(arrears.spark, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def test_no_pyspark_polars_or_duckdb_at_import() -> None:
    code = "import sys, arrears, arrears.spark; print(sorted({'pyspark', 'polars', 'duckdb'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_single_process_report_is_the_object_apis_and_the_peers(
    bench: tuple[Path, Any, Any], whole: arrears.AgingReport, peers: dict
) -> None:
    data, common, _ = bench
    rows = pq.read_table(data / "invoices.parquet", columns=["customer_id", "currency", "due_date", "open_amount"]).to_pylist()
    items = [arrears.OpenItem(r["customer_id"], r["currency"], r["due_date"], r["open_amount"]) for r in rows]
    assert arrears.aging(items, AS_OF, labels=common.BUCKETS) == whole
    assert checksum(whole, common) == peers and peers["rows"] > 1000


def test_merge_of_any_split_is_the_whole(bench: tuple[Path, Any, Any], whole: arrears.AgingReport) -> None:
    data, common, _ = bench
    table = pq.read_table(data / "invoices.parquet")
    # uneven slices, every customer spread over several of them
    cuts = [0, 1, 777, 20_000, 20_001, 64_000, N]
    parts = [arrears.aging_arrow(table.slice(a, b - a), AS_OF, labels=common.BUCKETS) for a, b in zip(cuts, cuts[1:])]
    assert merge_partials(parts, AS_OF, labels=common.BUCKETS) == whole
    assert merge_partials(reversed(parts), AS_OF, labels=common.BUCKETS) == whole
    # a table of partials with a part column is split by it
    stacked = pa.concat_tables([p.append_column("part", pa.array([k] * p.num_rows, pa.int64())) for k, p in enumerate(parts)])
    assert merge_partials([stacked], AS_OF, labels=common.BUCKETS) == whole


def test_merge_refuses_a_partial_of_another_spec_or_a_tampered_one(bench: tuple[Path, Any, Any]) -> None:
    data, common, _ = bench
    table = pq.read_table(data / "invoices.parquet").slice(0, 1000)
    part = arrears.aging_arrow(table, AS_OF)
    with pytest.raises(ValueError, match="missing"):
        merge_partials([part], AS_OF, labels=common.BUCKETS)
    with pytest.raises(ValueError, match="missing"):
        merge_partials([part], AS_OF, bounds=[30, 60])
    # a partial whose total is not the sum of its buckets
    bad = part.set_column(
        part.column_names.index("total"), "total", pa.array([Decimal("1.00")] * part.num_rows, pa.decimal128(38, 2))
    )
    with pytest.raises(arrears.InvalidRequestError, match="total"):
        merge_partials([bad], AS_OF)
    assert merge_partials([], AS_OF).rows == ()


def test_arrow_merge_of_any_split_is_aging_arrow_of_the_whole(bench: tuple[Path, Any, Any]) -> None:
    data, common, _ = bench
    table = pq.read_table(data / "invoices.parquet")
    cuts = [0, 1, 777, 20_000, 20_001, 64_000, N]
    parts = [arrears.aging_arrow(table.slice(a, b - a), AS_OF, labels=common.BUCKETS) for a, b in zip(cuts, cuts[1:])]
    want = arrears.aging_arrow(table, AS_OF, labels=common.BUCKETS)
    assert merge_partials_arrow(parts, AS_OF, labels=common.BUCKETS).equals(want)
    assert merge_partials_arrow(reversed(parts), AS_OF, labels=common.BUCKETS).equals(want)
    with pytest.raises(ValueError, match="missing"):
        merge_partials_arrow(parts, AS_OF)


def near_limit(scale: int, rows: int) -> pa.Table:
    """A partial of `rows` rows of one customer, each 6 x 10^17 in the first bucket, at `scale`."""
    dot = "." if scale else ""
    big = Decimal(f"{6 * 10**17}{dot}{'0' * scale}")  # exact (no context rounding)
    money = pa.array([big] * rows, pa.decimal128(38, scale))
    zero = pa.array([Decimal(f"0{dot}{'0' * scale}")] * rows, pa.decimal128(38, scale))
    return pa.table(
        {"customer": ["A"] * rows, "currency": ["EUR"] * rows, "not_due": money, "1-30": zero, "31-60": zero, "61-90": zero,
         "90+": zero, "total": money, "disputed": zero, "items": pa.array([1] * rows, pa.int64())}
    )  # fmt: skip


def test_merged_sums_beyond_the_amount_limit_are_errors_in_both_merges() -> None:
    one = near_limit(2, 1)
    with pytest.raises(arrears.AmountOverflowError):
        merge_partials([one, one], AS_OF)
    with pytest.raises(arrears.AmountOverflowError):
        merge_partials_arrow([one, one], AS_OF)
    # at scale 18, 38 digits cannot hold 200 such values: the Arrow merge sums in 76 digits and
    # still finds the sum out of range, never a wrapped number
    with pytest.raises(arrears.AmountOverflowError, match="not_due"):
        merge_partials_arrow([near_limit(18, 200)], AS_OF)
    small = near_limit(18, 1).set_column(2, "not_due", pa.array([Decimal("0.000000000000000001")], pa.decimal128(38, 18)))
    small = small.set_column(7, "total", small.column("not_due"))
    merged = merge_partials_arrow([small] * 150, AS_OF)
    assert merged.column("not_due").to_pylist() == [Decimal("0.000000000000000150")]


def test_polars_lazyframe_split_by_customer(bench: tuple[Path, Any, Any], whole: arrears.AgingReport, peers: dict) -> None:
    import polars as pl

    data, common, _ = bench
    lf = pl.scan_parquet(data / "invoices.parquet")
    report = polars_aging(lf, AS_OF, partitions=4, labels=common.BUCKETS)
    assert report == whole
    assert checksum(report, common) == peers


def test_duckdb_record_batches(bench: tuple[Path, Any, Any], whole: arrears.AgingReport, peers: dict) -> None:
    import duckdb

    data, common, _ = bench
    rel = duckdb.connect().sql(f"SELECT * FROM read_parquet('{data / 'invoices.parquet'}') WHERE open_amount > 0")
    report = duckdb_aging(rel, AS_OF, rows_per_batch=16_384, labels=common.BUCKETS)
    assert report == whole
    assert checksum(report, common) == peers


# ---- Spark -------------------------------------------------------------------------------


def java_home() -> Optional[str]:
    """A Java 17+ runtime: $JAVA_HOME, the system's Java 17, or java on the PATH."""
    candidates = [os.environ.get("JAVA_HOME", ""), "/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/java-17-openjdk-arm64"]
    on_path = shutil.which("java")
    if on_path:
        candidates.append(str(Path(os.path.realpath(on_path)).parent.parent))
    for home in candidates:
        java = Path(home) / "bin" / "java"
        if not home or not java.is_file():
            continue
        out = subprocess.run([str(java), "-version"], capture_output=True, text=True).stderr
        m = re.search(r'version "(\d+)', out)
        if m and int(m.group(1)) >= 17:
            return home
    return None


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if os.environ.get("ARREARS_SPARK") == "0":
        pytest.skip("Spark tests skipped: ARREARS_SPARK=0")
    home = java_home()
    if home is None:
        pytest.skip("Spark tests skipped: no Java 17+ runtime (set JAVA_HOME, or install openjdk-17-jre-headless)")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        pytest.skip(
            "Spark tests skipped: pyspark is not installed (bindings-python/test.sh installs it when Java 17+ is present)"
        )
    os.environ["JAVA_HOME"] = home
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the executors' Python: this venv, with arrears in it
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("arrears-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_mapinarrow_merged_is_the_whole(
    spark: Any, bench: tuple[Path, Any, Any], whole: arrears.AgingReport, peers: dict
) -> None:
    data, common, _ = bench
    # round-robin partitions: every customer's rows are spread over the partitions
    df = spark.read.parquet(str(data / "invoices.parquet")).repartition(4)
    partials = arrears.spark.spark_partials(df, AS_OF, labels=common.BUCKETS).toArrow()  # one Spark job
    assert len(set(partials.column("part").to_pylist())) == 4
    assert partials.num_rows > len(whole.rows)  # customers in several partitions: the merge adds up
    report = merge_partials([partials], AS_OF, labels=common.BUCKETS)  # what spark_aging does next
    assert report == whole
    assert checksum(report, common) == peers
    table = pq.read_table(data / "invoices.parquet")
    want = arrears.aging_arrow(table, AS_OF, labels=common.BUCKETS)
    assert merge_partials_arrow([partials], AS_OF, labels=common.BUCKETS).equals(want)


def test_spark_integer_ids_minor_units_and_currencies(spark: Any) -> None:
    day = dt.date(2026, 11, 24)
    rows = [
        (
            i % 37,
            ["EUR", "JPY", "USD"][i % 3],
            day - dt.timedelta(days=(i * 7) % 200 - 40),
            (i * 997 % 50_000 - 5_000) * (100 if i % 3 == 1 else 1),
        )
        for i in range(3000)
    ]
    table = pa.table(
        {
            "cust": pa.array([r[0] for r in rows], pa.int64()),
            "cur": [r[1] for r in rows],
            "due": pa.array([r[2] for r in rows], pa.date32()),
            "cents": pa.array([r[3] for r in rows], pa.int64()),
        }
    )
    df = spark.createDataFrame(table).repartition(3)
    options: dict = dict(customer="cust", currency="cur", due_date="due", amount="cents", amount_scale=2, credits="separate")
    report = arrears.spark.spark_aging(df, day, **options)
    items = [arrears.OpenItem(str(c), cur, d, Decimal(a).scaleb(-2)) for c, cur, d, a in rows]
    assert report == arrears.aging(items, day, credits="separate")
    assert [t.currency for t in report.totals] == ["EUR", "JPY", "USD"]
    # merged inside Spark first (a shuffle of the partials by customer and currency): the driver
    # receives each customer and currency once, and the same report
    reduced = arrears.spark.spark_partials(df, day, reduce=2, **options).toArrow()
    keys = list(zip(reduced.column("customer").to_pylist(), reduced.column("currency").to_pylist()))
    assert len(keys) == len(set(keys)) == len(report.rows)
    assert merge_partials([reduced], day, **options) == report
    whole = arrears.aging_arrow(table, day, **options)
    assert merge_partials_arrow([reduced], day, **options).equals(whole)
