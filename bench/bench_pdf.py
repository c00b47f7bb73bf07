"""Benchmark: converting the sample's .docx to PDF with LibreOffice: one document cold, twenty as batches
(one LibreOffice per core), twenty one at a time. Prints seconds per document; asserts nothing.

Run with ``make bench``. The goal: a batch under 0.35 s per document on a 2-core machine.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from proposal_kit.convert import Job, convert, find_soffice
from proposal_kit.load import load
from proposal_kit.render.document import render_document
from proposal_kit.validate import validate

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "power-semiconductor"
COUNT = int(os.environ.get("BENCH_PDF_COUNT", "20"))


def timed(label: str, jobs: list[Job], **options) -> float:
    start = time.perf_counter()
    outcomes = convert(jobs, **options)
    elapsed = time.perf_counter() - start
    failed = [o for o in outcomes if o.error]
    print(f"{label:<48} {elapsed:7.2f} s   {elapsed / len(jobs):6.2f} s/document   failed {len(failed)}")
    return elapsed


def main() -> None:
    if find_soffice() is None:
        sys.exit("LibreOffice is not installed: run `make proposal` first")
    proposal, _ = validate(load(SAMPLE))
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "sample.docx"
        source.write_bytes(render_document(proposal))
        print(f"sample: {source.stat().st_size / 1024:.0f} KiB .docx; {os.cpu_count()} cores")
        timed("one document, cold (own LibreOffice start)", [Job(source, Path(tmp) / "cold.pdf")])
        jobs = [Job(source, Path(tmp) / f"batch-{i}.pdf") for i in range(COUNT)]
        batch = timed(f"{COUNT} documents as batches (one per core)", jobs)
        single = sum(
            timed(f"  separate conversion {i + 1}", [Job(source, Path(tmp) / f"one-{i}.pdf")], workers=1)
            for i in range(COUNT)
        )
        print(
            f"{COUNT} separate conversions: {single:.2f} s, {single / COUNT:.2f} s/document; batch is {single / batch:.1f}× faster"
        )


if __name__ == "__main__":
    main()
