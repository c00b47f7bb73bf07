"""`proposal-kit doctor`: what the PDF conversion will use on this machine, and whether it will work."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from proposal_kit.convert import find_soffice
from proposal_kit.office import conversion_environment

#: Each official font name of GB/T 9704, what it is for, and the families that are a right stand-in.
OFFICIAL_FONTS = {
    "仿宋_GB2312": ("正文", ("FandolFang",)),
    "黑体": ("一级标题", ("Noto Sans CJK SC", "FandolHei")),
    "楷体_GB2312": ("二级标题", ("FandolKai", "AR PL UKai CN")),
    "方正小标宋简体": ("标题", ("Noto Serif CJK SC",)),
    "宋体": ("页码", ("Noto Serif CJK SC", "FandolSong")),
}


@dataclass(frozen=True)
class Check:
    """One thing the doctor looked at: its name, what it found, and whether that is right."""

    name: str
    found: str
    ok: bool


def libreoffice() -> Check:
    soffice = find_soffice()
    if soffice is None:
        return Check("LibreOffice", "未安装", False)
    try:
        version = subprocess.run([str(soffice), "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired) as e:
        return Check("LibreOffice", f"{soffice}：无法运行（{e}）", False)
    return Check("LibreOffice", f"{version or '版本未知'}（{soffice}）", bool(version))


def font(name: str, purpose: str, expected: tuple[str, ...]) -> Check:
    """The real font behind an official name, as the conversion's fontconfig resolves it."""
    if not shutil.which("fc-match"):
        return Check(f"{name}（{purpose}）", "未找到 fc-match（fontconfig）", False)
    with tempfile.TemporaryDirectory(prefix="proposal-kit-doctor-") as home:  # fontconfig may write a cache there
        environment = conversion_environment(Path(home))
        result = subprocess.run(
            ["fc-match", name, "family", "style", "file"], capture_output=True, text=True, env=environment
        )
    found = result.stdout.strip() or "无"
    return Check(f"{name}（{purpose}）", found, any(family in found for family in expected))


RARE_CHARACTERS = {"䶮": "扩展 A 区", "𠀀": "扩展 B 区", "𰀀": "扩展 G 区"}


def rare_characters() -> Check:
    """Whether the conversion's fonts draw characters beyond the common set (CJK Extension A, B and G)."""
    from proposal_kit.coverage import installed_coverage

    coverage = installed_coverage()
    if coverage is None:
        return Check("生僻字", "未找到 fc-list（fontconfig）", False)
    missing = [f"{char}（{area}）" for char, area in RARE_CHARACTERS.items() if ord(char) not in coverage]
    found = "、".join(missing) + " 无字体可显示（sudo apt-get install fonts-babelstone-han）" if missing else "可显示"
    return Check("生僻字（CJK 扩展 A—G 区）", found, not missing)


def tool(name: str, purpose: str) -> Check:
    path = shutil.which(name)
    return Check(f"{name}（{purpose}）", path or "未安装", path is not None)


def examine() -> list[Check]:
    checks = [libreoffice()]
    checks += [font(name, purpose, (name, *expected)) for name, (purpose, expected) in OFFICIAL_FONTS.items()]
    checks.append(rare_characters())
    checks.append(tool("pdftotext", "核对 PDF"))
    return checks
