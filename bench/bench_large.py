"""Benchmark: the large but schema-valid inputs of the corpus, each built as a command (`build --no-pdf
--force`), with its wall time and the peak memory of the process. Prints a line per input; asserts nothing.

Run with ``make bench``. The goals: each under 10 s and 350 MB, or refused by a documented limit (W004: 50,000 paragraphs;
partners-2550 is just under it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus.generate import GENERATED, partners  # noqa: E402

LARGE = ["table-18000-cells", "images-300000", "paragraph-200000", "patents-3000", "industry-300", "partners-10000"]


def build_once(folder: Path, output: Path) -> tuple[float, float, int]:
    """Seconds, peak resident MiB and exit status of one `build --no-pdf --force` of `folder`."""
    command = [sys.executable, "-m", "proposal_kit", "build", "--no-pdf", "--force", "-o", str(output), str(folder)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, process.returncode


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name in LARGE:
            make, expected = GENERATED[name]
            folder = make(Path(tmp) / name) or Path(tmp) / name
            seconds, peak, status = build_once(folder, Path(tmp) / "out" / name)
            print(f"{name:<20} {seconds:6.2f} s   peak {peak:6.0f} MiB   exit {status}   (expected: {expected})")
        partners(Path(tmp) / "near-the-limit", 2550)  # 48,800 paragraphs, just under MAX_PARAGRAPHS
        seconds, peak, status = build_once(Path(tmp) / "near-the-limit", Path(tmp) / "out" / "near")
        print(
            f"{'partners-2550':<20} {seconds:6.2f} s   peak {peak:6.0f} MiB   exit {status}   (builds: 48,800 paragraphs)"
        )


if __name__ == "__main__":
    main()
