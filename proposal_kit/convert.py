""".docx to .pdf with LibreOffice headless (office.py runs it): the table of contents updated, the official
fonts mapped to free ones, every character no font can draw replaced by a box, hanging punctuation off.

A `Converter` starts one LibreOffice a worker as soon as it is made, so that LibreOffice starts while the
documents are still being rendered, and hands each its share of the batch. A PDF counts as written only if
it exists and begins like a PDF: LibreOffice can exit 0 having written nothing.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from proposal_kit.coverage import installed_coverage, placeholders
from proposal_kit.exceptions import os_problem
from proposal_kit.office import WORK_PREFIX, ConversionError, Office, run_soffice
from proposal_kit.writefile import write_atomic

SOFFICE_NAMES = ("soffice", "libreoffice")
SOFFICE_PLACES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/usr/local/bin/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
#: Where the Windows installer puts LibreOffice, under each of these folders of the environment.
WINDOWS_FOLDERS = ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")
WINDOWS_SOFFICE = Path("LibreOffice", "program", "soffice.exe")
DEFAULT_TIMEOUT = 120.0  # seconds for one document; a batch gets one start-up plus this per document
INSTALL_HINT = "安装 LibreOffice 和中文字体后可生成 PDF：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai fonts-babelstone-han texlive-lang-chinese（或运行 make proposal）"


@dataclass(frozen=True)
class Job:
    """One conversion: the .docx to read and the .pdf to write."""

    source: Path
    target: Path


@dataclass(frozen=True)
class Outcome:
    """What became of one job: the PDF written, or the error that stopped it."""

    job: Job
    error: ConversionError | None = None
    contents: str = ""  # the table of contents as laid out: an entry a line, title, tab, page


def find_soffice() -> Path | None:
    """LibreOffice's soffice: $PROPOSAL_KIT_SOFFICE, then PATH, then its usual install places."""
    configured = os.environ.get("PROPOSAL_KIT_SOFFICE")
    if configured:
        return Path(configured) if Path(configured).is_file() else None
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((place for place in soffice_places() if place.is_file()), None)


def soffice_places() -> list[Path]:
    """Where LibreOffice is installed when it is not on the PATH: the Linux packages' places, the Windows
    installer's (Program Files, both kinds, and a per-user install), the macOS application, system or own."""
    places = [Path(p) for p in SOFFICE_PLACES]
    for variable in WINDOWS_FOLDERS:
        if os.environ.get(variable):
            places.append(Path(os.environ[variable]) / WINDOWS_SOFFICE)
    if os.environ.get("LOCALAPPDATA"):
        places.append(Path(os.environ["LOCALAPPDATA"]) / "Programs" / WINDOWS_SOFFICE)
    places.append(Path.home() / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice")
    return places


def pdf_pages(path: Path) -> int | None:
    """The number of pages of a PDF: by poppler's pdfinfo where installed, else by its page objects."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        try:
            out = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.TimeoutExpired):
            out = ""
        found = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
        if found:
            return int(found[1])
    try:
        return len(_PAGE.findall(path.read_bytes())) or None
    except OSError:
        return None


class Converter:
    """LibreOffice for the conversions of one build: an Office a worker (at most one a core), started when the
    Converter is made, so that start-up overlaps the rendering of the documents; a `convert` hands each Office
    its share. An Office that timed out or died is replaced for the next `convert` (a watch loop keeps one
    Converter for all its builds). Use it as a context manager, or `close` it: closing ends LibreOffice."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, workers: int | None = None) -> None:
        self.timeout = timeout
        self.soffice = find_soffice()
        cores = os.cpu_count() or 1
        self.count = max(1, min(workers or cores, cores))
        self.offices = [self._office() for _ in range(self.count)] if self.soffice else []

    def _office(self) -> Office:
        assert self.soffice is not None
        return Office(self.soffice, self.timeout)

    def convert(self, jobs: Sequence[Job]) -> list[Outcome]:
        """Convert every job, the batch shared among the Offices; an outcome a job, in the jobs' order."""
        if self.soffice is None:
            error = ConversionError("P001", f"未找到 LibreOffice，未生成 PDF。{INSTALL_HINT}")
            return [Outcome(job, error) for job in jobs]
        remove_abandoned_work()
        self.offices = [office if office.alive else self._replaced(office) for office in self.offices]
        count = max(1, min(self.count, len(jobs)))
        shares = [list(jobs[i::count]) for i in range(count)]
        with ThreadPoolExecutor(count) as pool:
            results = list(pool.map(_convert_on, self.offices[:count], shares))
        by_job = {outcome.job: outcome for share in results for outcome in share}
        return [by_job[job] for job in jobs]

    def _replaced(self, office: Office) -> Office:
        office.close()
        return self._office()

    def close(self) -> None:
        for office in self.offices:
            office.close()

    def __enter__(self) -> Converter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def convert(jobs: Sequence[Job], timeout: float = DEFAULT_TIMEOUT, workers: int | None = None) -> list[Outcome]:
    """Convert every job, in one batch per worker (at most one worker per core), each with its own profile."""
    with Converter(timeout, min(workers or os.cpu_count() or 1, max(1, len(jobs)))) as converter:
        return converter.convert(jobs)


def _convert_on(office: Office, jobs: list[Job]) -> list[Outcome]:
    """Convert `jobs` on `office`, in a folder of the batch's own, removed once the PDFs are taken (a watch
    loop's LibreOffice converts for as long as the watch lasts)."""
    try:
        batch = Path(tempfile.mkdtemp(prefix="batch-", dir=office.ready()))
        try:
            pairs = [(batch / f"in-{i}.docx", batch / f"out-{i}.pdf") for i in range(len(jobs))]
            for job, (docx, _) in zip(jobs, pairs, strict=True):
                copy_for_conversion(job.source, docx)
            error = office.run(pairs)
            return [_collect(job, pdf, error) for job, (_, pdf) in zip(jobs, pairs, strict=True)]
        finally:
            shutil.rmtree(batch, ignore_errors=True)
    except ConversionError as e:
        return [Outcome(job, e) for job in jobs]
    except OSError as e:  # the work folder full or unwritable
        error = ConversionError("P003", f"无法转换 PDF：{os_problem(e)}（{e.filename}）；Word 文档已保留")
        return [Outcome(job, error) for job in jobs]


ABANDONED_AFTER = 6 * 3600  # seconds: a work folder this old belonged to a build that was killed


def remove_abandoned_work() -> None:
    """Delete work folders that builds killed midway left in the temporary folder."""
    now = time.time()
    for folder in Path(tempfile.gettempdir()).glob(f"{WORK_PREFIX}*"):
        with contextlib.suppress(OSError):
            if now - folder.stat().st_mtime > ABANDONED_AFTER:
                shutil.rmtree(folder, ignore_errors=True)


def copy_for_conversion(source: Path, target: Path) -> None:
    """Copy the .docx to convert, each character no installed font can draw replaced by a drawn box, and
    hanging punctuation (which the PDF export can lose into the margin) off in its styles."""
    coverage = installed_coverage()
    try:
        with zipfile.ZipFile(source) as docx:
            parts = {item: docx.read(item) for item in docx.namelist()}
    except zipfile.BadZipFile:  # not a .docx: LibreOffice reads it as it can, or writes no PDF (P003)
        shutil.copyfile(source, target)
        return
    changed = False
    for name, data in parts.items():
        if name.startswith("word/") and name.endswith(".xml"):
            text = data.decode("utf-8")
            table = placeholders(text, coverage) if coverage is not None else {}
            printable = no_hanging_punctuation(name, text.translate(table))
            if printable != text:
                parts[name], changed = printable.encode("utf-8"), True
    if not changed:
        shutil.copyfile(source, target)
        return
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as docx:
        for name, data in parts.items():
            docx.writestr(name, data)


# LibreOffice reads w:overflowPunct="1" as hanging punctuation off, the reverse of Word (where it is the default,
# punctuation allowed past the margin); a template may leave it out or switch it the other way.
_PUNCT_ON = '<w:overflowPunct w:val="1"/>'
_PUNCT_OTHER = re.compile(r'<w:overflowPunct w:val="(?:0|false|off)"\s*/>')
_PPR_DEFAULT = re.compile(r"<w:pPrDefault>\s*<w:pPr>")


def no_hanging_punctuation(name: str, xml: str) -> str:
    """A part of the .docx with hanging punctuation off for LibreOffice: every paragraph's and style's own
    setting, and the document's default in styles.xml (added where the template has none)."""
    xml = _PUNCT_OTHER.sub(_PUNCT_ON, xml)
    defaults = xml.partition("</w:docDefaults>")[0] if "</w:docDefaults>" in xml else ""
    if name != "word/styles.xml" or "<w:overflowPunct" in defaults:
        return xml
    default = f"<w:pPrDefault><w:pPr>{_PUNCT_ON}</w:pPr></w:pPrDefault>"
    if _PPR_DEFAULT.search(xml):
        return _PPR_DEFAULT.sub(lambda found: found[0] + _PUNCT_ON, xml, count=1)
    if "</w:docDefaults>" in xml:
        return xml.replace("</w:docDefaults>", default + "</w:docDefaults>", 1)
    if "<w:docDefaults/>" in xml:
        return xml.replace("<w:docDefaults/>", f"<w:docDefaults>{default}</w:docDefaults>", 1)
    return re.sub(
        r"<w:styles\b[^>]*>", lambda found: f"{found[0]}<w:docDefaults>{default}</w:docDefaults>", xml, count=1
    )


def is_pdf(data: bytes) -> bool:
    """Whether `data` is a whole PDF with at least one page (LibreOffice can exit 0 having written less)."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:] and _PAGE.search(data) is not None


_PAGE = re.compile(rb"/Type\s*/Page\b")


def _collect(job: Job, written: Path, error: ConversionError | None) -> Outcome:
    if written.is_file() and written.stat().st_size > 0:
        data = written.read_bytes()
        if is_pdf(data):
            try:
                write_atomic(job.target, data)
            except OSError as e:
                return Outcome(
                    job, ConversionError("P004", f"无法写入 PDF「{job.target}」：{os_problem(e)}；原有文件保持不变")
                )
            return Outcome(job, contents=_read_contents(written.with_name(f"{written.name}.toc.txt")))
    return Outcome(job, error or ConversionError("P003", f"LibreOffice 未写出 PDF：{job.source.name}"))


def _read_contents(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def word97_to_docx(source: Path, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """A Word 97 file (.doc) as the bytes of a .docx, converted by LibreOffice on a private profile;
    ConversionError where there is no LibreOffice or it writes nothing."""
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError("P001", f"读取 .doc 文件需要 LibreOffice，本机未找到。{INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix=WORK_PREFIX) as work:
        folder = Path(work)
        shutil.copyfile(source, folder / "in.doc")
        arguments = ["--convert-to", "docx", "--outdir", str(folder / "out"), str(folder / "in.doc")]
        error = run_soffice(soffice, folder / "profile", folder, arguments, timeout)
        converted = folder / "out" / "in.docx"
        if error or not converted.is_file():
            raise error or ConversionError("P003", f"LibreOffice 未能把「{source.name}」转为 .docx")
        return converted.read_bytes()
