"""What the Python batch benchmarks (python_interest.py, python_allocation.py,
python_worklist.py) share: CPU time of the process, and the timed runs of a report printed as
the peers' one-line JSON (../shared/bench/common.py's fields, plus arrears' CPU per run)."""

from __future__ import annotations

import json
import os
import statistics
import time
from typing import Any, Callable


def cpu_s() -> float:
    """User + system CPU seconds of this process so far."""
    t = os.times()
    return t.user + t.system


def measure(op: str, n: int, threads: int, load_s: float, repeat: int, compute: Callable[[], Any],
            checksum: Callable[[Any], dict]) -> None:
    """Runs `compute` `repeat` times (at least once), then prints the one-line JSON: the median
    and every run's seconds, `checksum` of the last result, and the CPU seconds per run."""
    runs = []
    out = None
    cpu0 = cpu_s()
    for _ in range(max(1, repeat)):
        out = None
        t = time.perf_counter()
        out = compute()
        runs.append(time.perf_counter() - t)
    cpu_per_run = (cpu_s() - cpu0) / len(runs)
    assert out is not None
    print(
        json.dumps(
            {
                "peer": "arrears-python",
                "op": op,
                "n": n,
                "threads": threads or os.cpu_count(),
                "load_s": round(load_s, 4),
                "compute_s": round(statistics.median(runs), 4),
                "compute_runs_s": [round(x, 4) for x in runs],
                **checksum(out),
                "compute_cpu_s_per_run": round(cpu_per_run, 3),
            }
        ),
        flush=True,
    )
