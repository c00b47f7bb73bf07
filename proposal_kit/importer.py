"""`proposal-kit import 草稿.docx -o 文件夹`: a Word (or PDF) draft written out as a proposal folder, so an
applicant who has a draft starts from it. proposal.yaml holds what the draft's cover and tables give, each
item's prose goes to a .md file it includes, and every place still to fill carries a comment saying what
belongs there, so that `validate` on the folder lists exactly what is missing."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from proposal_kit.docx_in import DocumentSource
from proposal_kit.docx_in.values import field_types
from proposal_kit.guideline import Guideline
from proposal_kit.guideline import load as load_guideline
from proposal_kit.model import Proposal
from proposal_kit.model.base import Markdown, fields_declared_as
from proposal_kit.places import PRINTED_IN_ITEMS
from proposal_kit.scaffold import FolderNotEmpty
from proposal_kit.schema import schema_text
from proposal_kit.writefile import write_atomic

TO_FILL = "待填写"


@dataclass
class Imported:
    """What `import` wrote and what it could not find."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # 「二、3 本产业进一步发展需要解决的主要问题」


def import_draft(source: DocumentSource, folder: Path, guideline: Guideline | None = None) -> Imported:
    """Write `source` (a Word or PDF draft as read) into a new or empty `folder`."""
    guideline = guideline or load_guideline()
    _refuse_used(folder)
    writer = _Writer(guideline, set(source.missing))
    writer.record(Proposal, source.data, (), 0)
    files = {"proposal.yaml": "\n".join(writer.lines) + "\n", **writer.files, "proposal.schema.json": schema_text()}
    written = _write_folder(folder, files)
    missing = [f"{cited(guideline, f)} {_title(guideline, f)}" for f in source.missing]
    return Imported(folder, written, missing)


def cited(guideline: Guideline, path: str) -> str:
    """Where a part is in the outline as findings cite it: 「二、3」, 「一」."""
    return guideline.outline.place(path).replace(".", "、")


def _title(guideline: Guideline, path: str) -> str:
    outline = guideline.outline
    return outline.item(path).title if "." in path else outline.chapter(path.split(".")[0]).title


def _refuse_used(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise FolderNotEmpty(f"「{folder}」是一个文件，请指定一个新的或空的文件夹")
    if folder.exists() and any(folder.iterdir()):
        raise FolderNotEmpty(f"文件夹「{folder}」已有文件，请指定一个新的或空的文件夹，已有的文件不会被覆盖")


def _write_folder(folder: Path, files: dict[str, str]) -> list[Path]:
    """The files, all or none: written into a fresh folder beside `folder` and moved into place at once."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    if folder.exists():  # empty: filled file by file, each atomically
        for name, text in files.items():
            write_atomic(folder / name, text.encode("utf-8"))
        return [folder / name for name in files]
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, "utf-8")
        os.rename(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [folder / name for name in files]


class _Writer:
    """proposal.yaml line by line, walking the model: values where the draft gave them, an empty key with a
    comment where it did not, prose in .md files."""

    def __init__(self, guideline: Guideline, missing: set[str]) -> None:
        self.guideline = guideline
        self.missing = missing
        self.outline_fields = {leaf.field for leaf in guideline.outline.leaves()}
        self.lines: list[str] = [
            "# yaml-language-server: $schema=proposal.schema.json",
            "# 由 proposal-kit import 从 Word 草稿生成：标有「待填写」的位置在草稿中没有找到，请补充后运行",
            "#   proposal-kit validate 本文件夹",
        ]
        self.files: dict[str, str] = {}

    def record(
        self, model: type[BaseModel], data: dict[str, Any], path: tuple[Any, ...], indent: int, names: Any = None
    ) -> None:
        """The fields `names` of `model` (every field unless given) at `path`, in the model's order."""
        markdown = fields_declared_as(model, Markdown)
        for name in names if names is not None else model.model_fields:
            info = model.model_fields[name]
            here = (*path, name)
            value = data.get(name) if isinstance(data, dict) else None
            kind, many = field_types(model)[name]
            pad = " " * indent
            if not path:
                self._chapter_comment(name)
            if name in markdown:
                self._prose(here, value, info, pad)
            elif isinstance(kind, type) and issubclass(kind, BaseModel) and not many:
                self.lines.append(f"{pad}{name}:{self._hint(here, info, value)}")
                self.record(kind, value or {}, here, indent + 2)
            elif many:
                self._list(here, kind, value, info, pad, indent)
            else:
                self._scalar(here, value, info, pad)

    def _scalar(self, path: tuple[Any, ...], value: Any, info: Any, pad: str) -> None:
        """A value; where the draft gave none, an empty key, or, for a field with a default (a blank would
        not be read as the default), the key with its default commented out."""
        name = path[-1]
        if value is not None:
            self.lines.append(f"{pad}{name}: {scalar(value)}")
        elif info.default is not None and not info.is_required() and info.default_factory is None:
            self.lines.append(
                f"{pad}# {name}: {scalar(getattr(info.default, 'value', info.default))}{self._hint(path, info, value)}"
            )
        else:
            self.lines.append(f"{pad}{name}:{self._hint(path, info, value)}")

    def _chapter_comment(self, name: str) -> None:
        chapters = {c.key: c for c in self.guideline.outline.chapters}
        if name in chapters:
            self.lines += ["", f"# {chapters[name].heading}"]
        elif name in ("evidence", "self_assessment"):
            self.lines += ["", f"# {Proposal.model_fields[name].title}"]

    def _hint(self, path: tuple[Any, ...], info: Any, value: Any) -> str:
        """The comment after a key: what belongs there, and 「待填写」 where a required value is missing."""
        dotted = ".".join(str(p) for p in path)
        if dotted in self.missing:
            return f"  # {TO_FILL}：草稿中没有找到「{cited(self.guideline, dotted)} {_title(self.guideline, dotted)}」"
        if value not in (None, "", [], {}):
            return ""
        required = info.is_required() or dotted in self.outline_fields
        text = info.description if info.description and info.description != info.title else ""
        note = f"{info.title}{'：' + text if text else ''}"
        return f"  # {TO_FILL}：{note}" if required else f"  # {note}"

    def _list(self, path: tuple[Any, ...], kind: type, value: Any, info: Any, pad: str, indent: int) -> None:
        name = path[-1]
        if not value:
            self.lines.append(f"{pad}{name}: []{self._hint(path, info, value)}")
            return
        if not (isinstance(kind, type) and issubclass(kind, BaseModel)):
            self.lines.append(f"{pad}{name}: [{', '.join(scalar(v) for v in value)}]")
            return
        self.lines.append(f"{pad}{name}:")
        for index, item in enumerate(value):
            start = len(self.lines)
            self._item(kind, item if isinstance(item, dict) else {}, (*path, index), indent + 4)
            first = self.lines[start]
            self.lines[start] = f"{pad}  - {first.lstrip()}"
        if path == ("self_assessment", "entries"):
            self._unscored(value, pad)

    def _unscored(self, entries: list[Any], pad: str) -> None:
        """A commented entry for each indicator the draft's form did not score."""
        scored = {e.get("code") for e in entries if isinstance(e, dict)}
        for indicator in self.guideline.indicators.scored():
            if indicator.code not in scored:
                self.lines.append(
                    f'{pad}  # - {{code: "{indicator.code}", score: }}  # {TO_FILL}：{indicator.name}'
                    f"（{indicator.weight} 分）"
                )

    def _item(self, model: type[BaseModel], data: dict[str, Any], path: tuple[Any, ...], indent: int) -> None:
        """One record of a list: the fields the draft gave and the required ones it did not."""
        shown = [n for n, i in model.model_fields.items() if n in data or i.is_required()]
        if not shown:
            self.lines.append(" " * indent + "{}")
            return
        self.record(model, data, path, indent, shown)

    def _prose(self, path: tuple[Any, ...], value: Any, info: Any, pad: str) -> None:
        """Prose: in a .md file it includes where it spans lines or answers an item of the outline (an empty
        one, with a comment, where the draft lacked the item), else inline."""
        name = path[-1]
        dotted = ".".join(str(p) for p in path)
        item = dotted in self.outline_fields or dotted in _PROSE_FIELDS
        if value and "\n" not in value and not item:
            self.lines.append(f"{pad}{name}: {scalar(value)}")
            return
        if not value and not item:
            self.lines.append(f"{pad}{name}:{self._hint(path, info, value)}")
            return
        file = self._file_name(path)
        if value:
            self.files[file] = value.rstrip() + "\n"
        else:
            place = self._place(dotted)
            self.files[file] = f"<!-- {TO_FILL}：{place}。草稿中没有找到这一项，请在此写出。 -->\n"
        self.lines.append(f"{pad}{name}: {{include: {file}}}{self._hint(path, info, value)}")

    def _leaf(self, dotted: str) -> tuple[int, Any]:
        """The chapter (1–8) and the outline part (item or chapter) that a field belongs to."""
        for field_path, item in PRINTED_IN_ITEMS.items():
            if dotted.startswith(field_path):
                dotted = item
        for number, chapter in enumerate(self.guideline.outline.chapters, 1):
            for leaf in chapter.items or (chapter,):
                if dotted == leaf.field or dotted.startswith(leaf.field + "."):
                    return number, leaf
        return 0, None

    def _place(self, dotted: str) -> str:
        _, leaf = self._leaf(dotted)
        if leaf is None:
            return dotted
        return f"{cited(self.guideline, leaf.field)} {_title(self.guideline, leaf.field)}"

    def _file_name(self, path: tuple[Any, ...]) -> str:
        """「02-3-key-problems.md」: the chapter and item the prose answers, then its field."""
        if path == ("abstract",):
            return "abstract.md"
        chapter, leaf = self._leaf(".".join(map(str, path)))
        prefix = f"{chapter:02d}" + (f"-{leaf.number}" if isinstance(getattr(leaf, "number", None), int) else "")
        steps = [str(p + 1) if isinstance(p, int) else str(p).replace("_", "-") for p in path[1:] or path]
        name = "-".join([prefix, *steps])
        taken, number = name, 2
        while f"{taken}.md" in self.files:
            taken, number = f"{name}-{number}", number + 1
        return f"{taken}.md"


#: Prose that answers an item of the outline though the item is more than prose in the model.
_PROSE_FIELDS = {
    "units.lead.profile",
    "units.achievements.overview",
    "directions.goals.overview",
    "organization.personnel.team",
    "construction.location.description",
    "construction.schedule.overview",
    "construction.funding.overview",
    "construction.benefits.economic",
    "construction.benefits.social",
    "construction.risks.overview",
}


def scalar(value: Any) -> str:
    """A value as YAML writes it on one line: plain where that reads back the same, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, int | date):
        return str(value)
    text = str(value)
    dumped = yaml.safe_dump(text, allow_unicode=True, width=float("inf")).removesuffix("\n...\n").rstrip("\n")
    if "\n" in dumped or dumped.startswith(("'", "!", "&", "*")) or "#" in text:
        dumped = yaml.safe_dump(text, allow_unicode=True, width=float("inf"), default_style='"').rstrip("\n")
    return dumped
