"""Chromium headless, as the tests use it to open the HTML the tool writes: print a page to a PDF on A4."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def chromium_or_skip() -> str:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: scripts/system-deps.sh should have installed it")
        pytest.skip("chromium is not installed")
    return browser


def print_to_pdf(page: Path, pdf: Path) -> str:
    """`page` printed by Chromium to `pdf`; the PDF's text as poppler reads it."""
    browser = chromium_or_skip()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
    flags += [f"--user-data-dir={pdf.parent / 'chromium-profile'}", "--no-pdf-header-footer"]
    subprocess.run([browser, *flags, f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=120)
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
