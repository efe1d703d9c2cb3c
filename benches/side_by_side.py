#!/usr/bin/env python3
"""A peer and arrears on the same report, run alternately in one session, both figures printed.

The only figures the README publishes come from this script: a figure measured in another run
(another day, another load on the machine) is not comparable on this VM, whose speed drifts by
30 % within minutes. Each round runs every command once, in turn (peer, arrears, peer, ...), and
the summary gives, per command, the range and median of its medians, and the per-round ratio of
the peer's time to each arrears figure.

    # data and peers: ../shared/bench (gen.py, requirements.txt)
    python ../shared/bench/gen.py --n 10000000 --out /tmp/arrears-peers/n10000000
    # arrears' Python package, release build, in the venv that runs it (with pyarrow)
    (cd bindings-python && ../.venv/bin/maturin develop --release)
    .venv/bin/python benches/side_by_side.py --report aging --data /tmp/arrears-peers/n10000000 \\
        --peer-python /tmp/arrears-peers-venv/bin/python [--rounds 3] [--rust]

Each arrears figure names its input layout (the customer ids as plain strings, one dictionary
shared by all chunks, a dictionary per row group, integer keys): the same report costs more or
less depending on how the caller already holds the ids. Every command must print the peers'
checksum line (rows, total, sha256); the script stops if the checksums differ.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands(report: str, a: argparse.Namespace) -> list[tuple[str, str, list[str]]]:
    """(name, input layout, argv) for the peer first, then each arrears variant."""
    peers = Path(a.peers)
    data = ["--data", a.data, "--repeat", str(a.repeat)]
    py = [a.arrears_python]
    rust = ["cargo", "bench", "-q", "-p", "arrears", "--bench", report, "--", "--data", a.data, "--cache"]
    rust += ["--repeat", str(a.repeat)]
    table: dict[str, list[tuple[str, str, list[str]]]] = {
        "aging": [
            ("duckdb", "in-memory table (--mode table)", [a.peer_python, str(peers / "aging_duckdb.py"), *data, "--mode", "table"]),
            ("arrears python", "plain strings (pq.read_table)", [*py, str(ROOT / "benches/python_aging.py"), *data]),
            ("arrears python", "one shared dictionary", [*py, str(ROOT / "benches/python_aging.py"), *data, "--dictionary", "--unify"]),
            ("arrears python", "a dictionary per row group", [*py, str(ROOT / "benches/python_aging.py"), *data, "--dictionary"]),
        ],
        "interest": [
            ("duckdb", "in-memory table (--mode table)", [a.peer_python, str(peers / "interest_duckdb.py"), *data, "--mode", "table"]),
            ("arrears python", "plain strings (pq.read_table)", [*py, str(ROOT / "benches/python_interest.py"), *data]),
        ],
        "allocation": [
            ("duckdb", "in-memory table (--mode table)", [a.peer_python, str(peers / "allocation_duckdb.py"), *data, "--mode", "table"]),
            ("arrears python", "plain strings (pq.read_table)", [*py, str(ROOT / "benches/python_allocation.py"), *data]),
        ],
        "worklist": [
            ("duckdb", "in-memory table (--mode table)", [a.peer_python, str(peers / "worklist_duckdb.py"), *data, "--mode", "table"]),
            ("arrears python", "plain strings (pq.read_table)", [*py, str(ROOT / "benches/python_worklist.py"), *data]),
        ],
    }
    out = table[report]
    if a.rust:
        layout = "integer keys (ids dictionary-encoded at load)" if report == "aging" else "as benches/" + report + ".rs loads"
        out.append(("arrears rust", layout, rust))
        if report == "aging":
            out.append(("arrears rust", "string ids (age_keyed)", [*rust, "--keyed"]))
    return [c for c in out if Path(c[2][1]).exists() or c[2][0] == "cargo"]


def run(argv: list[str]) -> dict:
    p = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    if p.returncode != 0 or not lines:
        sys.exit(f"failed: {' '.join(argv)}\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return json.loads(lines[-1])


def load() -> str:
    try:
        return open("/proc/loadavg").read().split()[0]
    except OSError:
        return "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--report", choices=["aging", "interest", "allocation", "worklist"], default="aging")
    ap.add_argument("--data", required=True, help="a directory written by ../shared/bench/gen.py")
    ap.add_argument("--peers", default=str(ROOT.parent / "shared" / "bench"), help="the peers' scripts")
    ap.add_argument("--peer-python", default=sys.executable, help="a Python with duckdb and pyarrow")
    ap.add_argument("--arrears-python", default=sys.executable, help="a Python with arrears and pyarrow")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=3, help="each command's own repetitions (it reports the median)")
    ap.add_argument("--rust", action="store_true", help="also the Rust benchmark (cargo bench, compiled once first)")
    a = ap.parse_args()

    cmds = commands(a.report, a)
    if a.rust:
        subprocess.run(["cargo", "bench", "-q", "-p", "arrears", "--bench", a.report, "--no-run"], cwd=ROOT, check=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"# {a.report} report, {a.data}, {stamp}, {platform.machine()} with {os.cpu_count()} cores")
    seconds: dict[int, list[float]] = {i: [] for i in range(len(cmds))}
    check = None
    for r in range(a.rounds):
        for i, (name, layout, argv) in enumerate(cmds):
            before = load()
            out = run(argv)
            key = (out.get("rows"), out.get("total"), out.get("sha256"))
            if check is None:
                check = key
            elif key != check:
                sys.exit(f"checksums differ: {name} ({layout}) gives {key}, the first command {check}")
            seconds[i].append(float(out["compute_s"]))
            print(f"round {r + 1}  {name:15} {layout:45} {out['compute_s']:8.4f} s  (load average {before})", flush=True)
    print(f"# every command: rows {check[0]}, total {check[1]}, sha256 {check[2]}")
    peer = seconds[0]
    for i, (name, layout, _) in enumerate(cmds):
        s = seconds[i]
        line = f"{name:15} {layout:45} {min(s):.4f}-{max(s):.4f} s (median {statistics.median(s):.4f})"
        if i > 0:
            ratios = [p / x for p, x in zip(peer, s)]
            line += f"  peer/arrears {min(ratios):.1f}-{max(ratios):.1f}x"
        print(line)


if __name__ == "__main__":
    main()
