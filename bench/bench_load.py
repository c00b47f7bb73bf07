"""Benchmark: loading and validating the sample in-process, and the whole `validate` command.

Run with ``make bench``. Prints the median and best of repeated runs; asserts nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from timing import report, timed

from proposal_kit.load import load
from proposal_kit.pipeline import check
from proposal_kit.validate import validate

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "power-semiconductor"


def main() -> None:
    size = sum(p.stat().st_size for p in SAMPLE.iterdir())
    print(f"sample: {SAMPLE.name}, {len(list(SAMPLE.iterdir()))} files, {size / 1024:.0f} KiB")
    report("load (YAML + includes)", timed(lambda: load(SAMPLE), 200))
    report("load + validate (goal: < 20 ms)", timed(lambda: validate(load(SAMPLE)), 200))
    report("load + validate + rules", timed(lambda: check(SAMPLE), 200))
    command = [sys.executable, "-m", "proposal_kit", "validate", str(SAMPLE)]
    report(
        "`proposal-kit validate` as a command",
        timed(lambda: subprocess.run(command, capture_output=True, check=True), 10),
    )


if __name__ == "__main__":
    main()
