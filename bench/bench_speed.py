"""Benchmark: where people wait, each row against its comparison measured in the same run (issue 16's table):

1. `validate` of the sample against `python -c pass` and against the work itself (load, validate, rules in-process);
2. `build --no-pdf` against pandoc making a .docx of the same content (our .docx read back as Markdown) with our
   .docx as reference document;
3. the PDF of one `build` against a plain `soffice --convert-to pdf` of the same .docx on a warm profile;
4. a batch of 20 with PDFs: seconds a document beyond its .docx, against LibreOffice's own work a document
   (a started LibreOffice converting it again) shared among the cores.

Commands run as users run them: bytecode kept, and on the resident server (warm.py) after the first; the rows
without the server are printed beside.

Run with ``make bench``. Prints medians and ratios; asserts nothing.
"""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypandoc
from timing import report, timed

from proposal_kit.convert import Converter, Job, find_soffice
from proposal_kit.pipeline import check

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "power-semiconductor"
COMMAND = [sys.executable, "-m", "proposal_kit"]
BATCH = int(os.environ.get("BENCH_BATCH", "20"))
RUNTIME = Path(tempfile.mkdtemp(prefix="pk-bench-", dir="/tmp" if os.name == "posix" else None))
# As a user's machine runs it: Python keeps the bytecode it compiles (some sandboxes tell it not to), and the
# resident server (warm.py) runs the commands after the first; its socket in a folder of the benchmark's own
ENVIRONMENT = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PROPOSAL_KIT_WARM")}
ENVIRONMENT["XDG_RUNTIME_DIR"] = str(RUNTIME)
COLD = {**ENVIRONMENT, "PROPOSAL_KIT_WARM": "0"}


def run(*arguments: str, environment: dict[str, str] = ENVIRONMENT) -> None:
    subprocess.run([*COMMAND, *arguments], check=True, capture_output=True, env=environment)


def start_server() -> None:
    """Run one command, which starts the server, and wait until it listens."""
    run("validate", str(SAMPLE))
    deadline = time.monotonic() + 60
    while not list(RUNTIME.glob("proposal-kit-*/*.pid")) and time.monotonic() < deadline:
        time.sleep(0.05)


def stop_server() -> None:
    for pid in RUNTIME.glob("proposal-kit-*/*.pid"):
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(pid.read_text()), signal.SIGTERM)
    shutil.rmtree(RUNTIME, ignore_errors=True)


def startup() -> None:
    python = report("python -c pass", timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 10))
    work = report("load + validate + rules of the sample, in-process", timed(lambda: check(SAMPLE), 10))
    cold = report(
        "proposal-kit validate, no server (the first command)",
        timed(lambda: run("validate", str(SAMPLE), environment=COLD), 10),
    )
    start_server()
    command = report("proposal-kit validate, on the server", timed(lambda: run("validate", str(SAMPLE)), 10))
    print(
        f"→ validate {command:.2f} s = {command / python:.1f}× python start, {command / work:.1f}× its work; "
        f"the first command of a session {cold:.2f} s (goal: at most 0.30 s)\n"
    )


def docx_build(work: Path) -> Path:
    cold = report(
        "proposal-kit build --no-pdf, no server",
        timed(lambda: run("build", "--no-pdf", "-o", str(work / "docx"), str(SAMPLE), environment=COLD), 5),
    )
    built = report(
        "proposal-kit build --no-pdf, on the server",
        timed(lambda: run("build", "--no-pdf", "-o", str(work / "docx"), str(SAMPLE)), 5),
    )
    [docx] = (work / "docx").glob("*.docx")
    markdown = work / "sample.md"
    pypandoc.convert_file(str(docx), "markdown", outputfile=str(markdown))
    pandoc = [pypandoc.get_pandoc_path(), str(markdown), "-o", str(work / "pandoc.docx"), f"--reference-doc={docx}"]
    theirs = report(
        "pandoc: the same content (our .docx as Markdown) → .docx, our .docx as reference",
        timed(lambda: subprocess.run(pandoc, check=True, capture_output=True), 5),
    )
    print(
        f"→ build --no-pdf = {built / theirs:.2f}× pandoc; without the server {cold / theirs:.2f}× (goal: at most 0.8×)\n"
    )
    return docx


def pdf_build(work: Path, docx: Path, soffice: Path) -> float:
    profile = (work / "warm").as_uri()
    plain = [str(soffice), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    plain += ["--outdir", str(work / "plain"), str(docx)]
    subprocess.run(plain, check=True, capture_output=True)  # warms the profile
    theirs = report("soffice --convert-to pdf, warm profile, no TOC update", timed(lambda: _quiet(plain), 3))
    whole = timed(lambda: run("build", "-o", str(work / "pdf"), str(SAMPLE)), 3)
    docx_only = timed(lambda: run("build", "--no-pdf", "-o", str(work / "pdf-docx"), str(SAMPLE)), 3)
    ours = statistics.median(whole) - statistics.median(docx_only)
    report("proposal-kit build with PDF (whole command)", whole)
    print(f"the PDF part of build (build minus build --no-pdf): {ours * 1000:8.1f} ms")
    print(f"→ PDF part = {ours / theirs:.2f}× plain --convert-to, TOC update included (goal: at most 0.85×)\n")
    return theirs


def batch(work: Path, docx: Path) -> None:
    folders = []
    for index in range(BATCH):
        folder = work / "batch" / f"p{index:02d}"
        shutil.copytree(SAMPLE, folder)
        folders.append(str(folder))
    started = time.perf_counter()
    run("build", "-o", str(work / "batch-docx"), "--no-pdf", *folders)
    docx_seconds = time.perf_counter() - started
    started = time.perf_counter()
    run("build", "-o", str(work / "batch-pdf"), *folders)
    whole = time.perf_counter() - started
    cores = os.cpu_count() or 1
    own = libreoffice_work(work, docx)
    per_document = (whole - docx_seconds) / BATCH
    print(f"batch of {BATCH} with PDFs: {whole:.1f} s, of which .docx {docx_seconds:.1f} s")
    print(
        f"→ {per_document:.2f} s a document beyond its .docx; LibreOffice's own work {own:.2f} s a document "
        f"on {cores} cores = {own / cores:.2f} s a document (the floor)\n"
    )


def libreoffice_work(work: Path, docx: Path) -> float:
    """Seconds LibreOffice itself takes to convert the document (load, lay out, update the contents, export),
    measured on a LibreOffice already started and already past its first document."""
    with Converter(workers=1) as converter:
        job = [Job(docx, work / "own.pdf")]
        converter.convert(job)
        return report("LibreOffice's own work, a started LibreOffice", timed(lambda: converter.convert(job), 3))


def _quiet(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True)


def main() -> None:
    print(f"{platform.platform()}; {os.cpu_count()} cores; Python {platform.python_version()}\n")
    try:
        measure()
    finally:
        stop_server()


def measure() -> None:
    startup()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docx = docx_build(work)
        soffice = find_soffice()
        if soffice is None:
            print("LibreOffice is not installed: the PDF rows are left out")
            return
        pdf_build(work, docx, soffice)
        batch(work, docx)


if __name__ == "__main__":
    main()
