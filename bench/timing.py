"""Timing helpers the benchmarks share: repeated runs after a warm-up, reported as median and best."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(function: Callable[[], object], runs: int) -> list[float]:
    """Seconds of each of `runs` calls, after one call that warms caches (data files, validators, disk)."""
    function()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def report(label: str, samples: list[float], width: int = 58) -> float:
    """Print the median and best of `samples` in milliseconds; return the median in seconds."""
    median = statistics.median(samples)
    print(
        f"{label:<{width}} median {median * 1000:8.1f} ms   best {min(samples) * 1000:8.1f} ms   ({len(samples)} runs)"
    )
    return median
