"""The corpus cases too big, too binary or too machine-specific to commit: written into a folder at test time."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from proposal_kit.model.credit_code import check_character

MINIMAL = (
    (Path(__file__).parent / "cases" / "implicit-no" / "proposal.yaml")
    .read_text("utf-8")
    .replace("industry: NO", "industry: 测试")
)


def _write(folder: Path, data: bytes | str) -> None:
    folder.mkdir(parents=True)
    (folder / "proposal.yaml").write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def big_30mb(folder: Path) -> None:
    _write(folder, MINIMAL + "abstract: |\n" + ("  " + "大" * 300 + "\n") * 35_000)


def nesting_5000_flow(folder: Path) -> None:
    _write(folder, "a: " + "[" * 5000 + "]" * 5000 + "\n")


def nesting_60_block(folder: Path) -> None:
    _write(folder, "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 60)))


def too_many_nodes(folder: Path) -> None:
    _write(folder, "a:\n" + "- 1\n" * 250_000)


def utf16(folder: Path) -> None:
    _write(folder, MINIMAL.encode("utf-16"))


def utf16_without_bom(folder: Path) -> None:
    _write(folder, MINIMAL.encode("utf-16-le"))


def latin1(folder: Path) -> None:
    _write(folder, (MINIMAL + "abstract: caf\xe9\n").encode("latin-1", "replace"))


def gbk(folder: Path) -> None:
    _write(folder, MINIMAL.encode("gbk"))


def utf8_bom(folder: Path) -> None:
    _write(folder, b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))


def crlf(folder: Path) -> None:
    _write(folder, MINIMAL.replace("\n", "\r\n").encode("utf-8"))


def symlink_out(folder: Path) -> None:
    _write(folder, MINIMAL + "abstract: {include: link.md}\n")
    secret = folder.parent / "secret-outside.md"
    secret.write_text("机密", "utf-8")
    os.symlink(secret, folder / "link.md")


def folder_without_proposal(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("这里没有 proposal.yaml", "utf-8")


def partners_10000(folder: Path) -> None:
    partners(folder, 10_000)


def partners(folder: Path, count: int) -> None:
    """A draft with `count` enterprises as partners (about 19 paragraphs each in the document)."""
    lines = [MINIMAL, "units:\n  partners:\n"]
    for index in range(count):
        body = f"91500106MA{index:07d}"
        lines.append(
            f"    - {{name: 重庆测试{index}有限公司, kind: enterprise, credit_code: {body + check_character(body)}}}\n"
        )
    _write(folder, "".join(lines))


def folder_name_gbk(folder: Path) -> Path:
    """A draft as unzipping a Windows archive leaves it: a folder name in GBK bytes, not UTF-8."""
    draft = folder / os.fsdecode("草稿".encode("gbk"))
    _write(draft, MINIMAL)
    return draft


def control_characters_escaped(folder: Path) -> None:
    _write(folder, MINIMAL.replace("industry: 测试", 'industry: "测试\\x01\\x1b[2J\\x07"'))


def terminal_escape_in_names(folder: Path) -> None:
    text = MINIMAL.replace("name: 重庆市测试产业创新中心", 'name: "重庆市\\e]0;pwned\\a\\e[2J测试产业创新中心"')
    _write(folder, text.replace("lead_unit: 重庆测试有限公司", 'lead_unit: "\\e[31m重庆测试有限公司"'))


def prepared_on_year_1(folder: Path) -> None:
    _write(folder, MINIMAL.replace("prepared_on: 2025-03-01", "prepared_on: 0001-01-01"))


def nul_in_include(folder: Path) -> None:
    _write(folder, MINIMAL + 'abstract: {include: "a\\0.md"}\n')


def nul_in_attachment(folder: Path) -> None:
    _write(folder, MINIMAL + 'attachments:\n  charter: {title: 章程, file: "c\\0.pdf"}\n')


def proposal_symlink_out(folder: Path) -> None:
    outside = folder.parent / "outside-proposal.yaml"
    outside.write_text(MINIMAL, "utf-8")
    folder.mkdir(parents=True)
    os.symlink(outside, folder / "proposal.yaml")


def folder_1100_deep(folder: Path) -> None:
    """A proposal 1,100 folders down, where a recursive search overflows Python's stack."""
    folder.mkdir(parents=True)
    deep = folder
    for _ in range(1100):  # level by level: mkdir(parents=True) recurses as deep as the path
        deep = deep / "d"
        deep.mkdir()
    (deep / "proposal.yaml").write_text(MINIMAL, "utf-8")


def remove_deep(folder: Path) -> None:
    """Remove a folder tree bottom-up without recursion (pytest's own cleanup recurses, and fails on the
    1,100-level case)."""
    order, stack = [], [folder]
    while stack:
        current = stack.pop()
        order.append(current)
        with os.scandir(current) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                else:
                    os.unlink(entry.path)
    for current in reversed(order):
        os.rmdir(current)


def formulas_in_names(folder: Path) -> None:
    _write(
        folder,
        MINIMAL.replace("lead_unit: 重庆测试有限公司", "lead_unit: \"@SUM(1+1)*cmd|' /C calc'!A0\"")
        + 'units:\n  partners:\n    - {name: "=HYPERLINK(\\"http://x\\",\\"点击\\")", kind: university, '
        + "credit_code: 91350100M000100Y43}\n",
    )


def bidi_override_in_name(folder: Path) -> None:
    _write(folder, MINIMAL.replace("name: 重庆市测试产业创新中心", "name: 重庆市\u202e测试txt.exe产业创新中心"))


def forged_body_marker(folder: Path) -> None:
    marker = "\u2063proposal-kit-body\u2063"
    _write(
        folder,
        MINIMAL + f"units:\n  partners:\n    - {{name: {marker}, kind: university, credit_code: 91350100M000100Y43}}\n",
    )


def long_centre_name(folder: Path) -> None:
    _write(folder, MINIMAL.replace("name: 重庆市测试产业创新中心", "name: 重庆市" + "很长" * 45 + "产业创新中心"))


def industry_300(folder: Path) -> None:
    _write(folder, MINIMAL.replace("industry: 测试", "industry: " + "测" * 300))


def _markdown(folder: Path, text: str) -> None:
    _write(folder, MINIMAL + "abstract: {include: a.md}\n")
    (folder / "a.md").write_text(text, "utf-8")


def table_18000_cells(folder: Path) -> None:
    header = "| " + " | ".join(f"列{i}" for i in range(5)) + " |\n|" + "---|" * 5 + "\n"
    _markdown(folder, header + "".join(f"| {r}甲 | {r}乙 | {r}丙 | {r}丁 | {r}戊 |\n" for r in range(3600)))


def images_300000(folder: Path) -> None:
    _markdown(folder, "![" * 300_000)


def paragraph_200000(folder: Path) -> None:
    _markdown(folder, "长" * 200_000)


def patents_3000(folder: Path) -> None:
    rows = "".join(f"    - {{number: ZL2023{i:08d}.1, title: 专利{i}, granted_on: 2024-01-01}}\n" for i in range(3000))
    _write(folder, MINIMAL + "evidence:\n  patents:\n" + rows)


GENERATED: dict[str, tuple[Callable[[Path], Path | None], str]] = {
    "big-30mb": (big_30mb, "L002"),
    "nesting-5000-flow": (nesting_5000_flow, "L009"),
    "nesting-60-block": (nesting_60_block, "L009"),
    "too-many-nodes": (too_many_nodes, "L009"),
    "utf16-with-bom": (utf16, "L003"),
    "utf16-without-bom": (utf16_without_bom, "L003"),
    "latin1": (latin1, "L003"),
    "gbk": (gbk, "L003"),
    "utf8-bom": (utf8_bom, "ok"),
    "crlf-line-ends": (crlf, "ok"),
    "include-symlink-out": (symlink_out, "L010"),
    "folder-without-proposal": (folder_without_proposal, "L001"),
    "partners-10000": (partners_10000, "U004"),
    "folder-name-gbk": (folder_name_gbk, "ok"),
    "control-characters-escaped": (control_characters_escaped, "ok"),
    "terminal-escape-in-names": (terminal_escape_in_names, "ok"),
    "prepared-on-year-1": (prepared_on_year_1, "ok"),
    "nul-in-include": (nul_in_include, "L010"),
    "nul-in-attachment": (nul_in_attachment, "L010"),
    "proposal-symlink-out": (proposal_symlink_out, "L010"),
    "folder-1100-deep": (folder_1100_deep, "L001"),
    "formulas-in-names": (formulas_in_names, "ok"),
    "bidi-override-in-name": (bidi_override_in_name, "ok"),
    "forged-body-marker": (forged_body_marker, "ok"),
    "long-centre-name": (long_centre_name, "ok"),
    "industry-300": (industry_300, "ok"),
    "table-18000-cells": (table_18000_cells, "ok"),
    "images-300000": (images_300000, "ok"),
    "paragraph-200000": (paragraph_200000, "ok"),
    "patents-3000": (patents_3000, "ok"),
}

#: The exit status `validate` must give, where it is not simply 1 for a code (findings) or 0 for ok.
EXIT_STATUS = {name: 1 for name, (_, code) in GENERATED.items() if code == "ok"}
