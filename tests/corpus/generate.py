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
    lines = [MINIMAL, "units:\n  partners:\n"]
    for index in range(10_000):
        body = f"91500106MA{index:07d}"
        lines.append(
            f"    - {{name: 重庆测试{index}有限公司, kind: enterprise, credit_code: {body + check_character(body)}}}\n"
        )
    _write(folder, "".join(lines))


GENERATED: dict[str, tuple[Callable[[Path], None], str]] = {
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
}
