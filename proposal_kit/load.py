"""Bytes to data: a proposal folder read safely, with the file, line and column of every field path."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from proposal_kit.codes import finding
from proposal_kit.exceptions import LoadError
from proposal_kit.findings import FieldPath, Finding, dotted

PROPOSAL_FILE = "proposal.yaml"
#: The drafts that are documents rather than folders: Word (Word 97 through LibreOffice) and PDF.
WORD_SUFFIXES = (".docx", ".doc", ".pdf")
MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_INCLUDE_BYTES = 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 200_000
_NULLS = {"", "~", "null", "Null", "NULL"}
_STR_TAG = "tag:yaml.org,2002:str"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class Location(NamedTuple):
    """Where a value was written: file, 1-based line and column."""

    file: str
    line: int
    column: int


@dataclass
class Source:
    """A proposal as read: plain data, the location of every field path, and non-fatal read problems."""

    folder: Path
    path: Path
    data: dict[str, Any]
    locations: dict[FieldPath, Location]
    problems: list[Finding] = field(default_factory=list)
    text_starts: dict[FieldPath, Location] = field(default_factory=dict)  # where each text value's first line is
    cells: dict[FieldPath, str] = field(default_factory=dict)  # a workbook's values: 「自评表.xlsx 第 12 行 I 列」

    def locate(self, path: FieldPath) -> Location:
        """The location of `path`, or of its nearest written ancestor."""
        for end in range(len(path), -1, -1):
            found = self.locations.get(path[:end])
            if found:
                return found
        return Location(str(self.path), 1, 1)

    def locate_line(self, path: FieldPath, line: int) -> Location:
        """The location of line `line` (0 the first) of the text at `path`: in its .md file or YAML block."""
        start = self.text_starts.get(path)
        if start is None:
            return self.locate(path)
        return Location(start.file, start.line + line, start.column if line == 0 else 1)

    def place(self, path: FieldPath, line: int | None = None) -> str:
        """Where `path` (and line `line` of its text) is in the document read: the cell of a value read from a
        workbook; else "" for a proposal folder, whose findings are placed by the outline (places.py) beside
        their file and line."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.cells:
                return self.cells[path[:end]]
        return ""


def proposal_file(path: Path) -> Path:
    """The `proposal.yaml` a PATH argument means: the file itself, or the one inside a folder."""
    target = path / PROPOSAL_FILE if path.is_dir() else path
    if not target.is_file():
        raise LoadError("L001", f"找不到组建方案文件「{target}」", target)
    if target.is_symlink() and not target.resolve().is_relative_to(target.parent.resolve()):
        raise LoadError("L010", f"「{target}」是指向组建方案文件夹以外的符号链接，不予读取", target)
    return target


def load(path: Path | str) -> Source:
    """Read a proposal folder (or its proposal.yaml) into a Source; raise LoadError if it is unreadable."""
    yaml_path = proposal_file(Path(path))
    shown = str(yaml_path)
    text = decode(read_bounded(yaml_path, MAX_YAML_BYTES, "L002"), shown)
    builder = _TreeBuilder(shown)
    data = builder.build(text)
    source = Source(yaml_path.parent, yaml_path, data, builder.locations, text_starts=builder.text_starts)
    _resolve_includes(source, source.folder.resolve(), data, ())
    _read_workbooks(source)
    _check_attachment_files(source)
    return source


def read_bounded(path: Path, limit: int, code: str) -> bytes:
    with path.open("rb") as stream:
        raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise LoadError(code, f"文件「{path.name}」超过 {limit // 1024} KB 的上限", path)
    return raw


def decode(raw: bytes, shown: str) -> str:
    """UTF-8 text, a leading BOM dropped; any other encoding is refused with the line it fails on."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("L003", "文件编码为 UTF-16，请另存为 UTF-8 编码", shown, 1, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        column = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise LoadError(
            "L003", "文件不是 UTF-8 编码（可能是 GBK 或 Latin-1），请另存为 UTF-8", shown, line, column
        ) from e
    return text.removeprefix("\ufeff")


_YAML_PROBLEMS = {
    "mapping values are not allowed": "此处不能出现「: 」：含「冒号加空格」的文本请加引号；若这里是一个新的键，请检查缩进",
    "found character that cannot start any token": "文本不能以 @、`、%、| 或 > 等字符开头，请给这段文本加引号",
    "did not find expected ',' or ']'": "方括号 [ ] 没有配对，或列表项之间缺少逗号",
    "did not find expected ',' or '}'": "花括号 { } 没有配对，或各项之间缺少逗号",
    "found unexpected end of stream": "引号没有配对：文本开头的引号在文件结束前没有结束",
    "expected <block end>, but found": "缩进不一致：同一层的键应对齐",
    "could not find expected ':'": "缺少「:」",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请使用空格",
    "found a tab character": "不能用 Tab 缩进，请使用空格",
    "found unacceptable character": "含有不允许的控制字符",
    "control characters are not allowed": "含有不允许的控制字符",
    "did not find expected key": "缩进不一致，找不到预期的键",
    "did not find expected '-' indicator": "列表缩进不一致",
    "found unknown escape character": "双引号文本中有未知的转义字符",
    "found undefined alias": "使用了未定义的别名",
}


def _character_at(text: str, mark: Any) -> str:
    """The character the parser stopped at ("" where the mark is past the text)."""
    index = getattr(mark, "index", None)
    return text[index] if isinstance(index, int) and 0 <= index < len(text) else ""


def _yaml_problem(error: yaml.YAMLError, character: str = "") -> tuple[str, str]:
    """The code and Chinese message for an error of the YAML parser; `character`, where the parser stopped,
    tells a tab from a character that cannot start a text."""
    problem = str(getattr(error, "problem", "") or error).strip()
    if "maximum nesting depth" in problem:
        return "L009", f"嵌套超过 {MAX_DEPTH} 层"
    if "cannot start any token" in problem and character == "\t":
        return "L004", "YAML 语法错误：不能用 Tab 缩进，请使用空格"
    if "cannot start any token" in problem and character.strip():
        return "L004", f"YAML 语法错误：文本不能以「{character}」开头，请给这段文本加引号"
    for english, chinese in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return "L004", f"YAML 语法错误：{chinese}"
    return "L004", f"YAML 语法错误（{problem.splitlines()[0]}）"


try:
    from yaml._yaml import CParser as _ParserBase
except ImportError:  # PyYAML built without libyaml: the same in pure Python, slower
    _ParserBase = yaml.SafeLoader  # type: ignore[misc,assignment]


class _Composer(_ParserBase):  # type: ignore[misc,valid-type]
    """libyaml's parser and composer with no implicit typing: every node it resolves gets one mark, so a
    node with any other tag was tagged explicitly in the file."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return _IMPLICIT

    def descend_resolver(self, parent: Any, index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_IMPLICIT = "!proposal-kit-implicit"
_NO_ALIASES = "不允许使用别名（*）引用锚点（&）的内容，请直接写出内容"


class _TreeBuilder:
    """Builds plain data from the composed YAML nodes: every scalar a string (or None for an empty value),
    no tags, no aliases, no duplicate keys, bounded depth; and the location of every field path."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.locations: dict[FieldPath, Location] = {}
        self.text_starts: dict[FieldPath, Location] = {}
        self.seen: set[int] = set()

    def fail(self, code: str, message: str, mark: Any) -> LoadError:
        return LoadError(code, message, self.shown, mark.line + 1, mark.column + 1)

    def build(self, text: str) -> dict[str, Any]:
        composer = _Composer(text)
        try:
            root = composer.get_single_node()
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            if "document" in str(e.problem) and "single" in str(e.context or "") + str(e.problem):
                raise self.fail("L005", "文件只能包含一个 YAML 文档（不要使用「---」分隔多个文档）", mark) from e
            raise self.fail(*_yaml_problem(e, _character_at(text, mark)), mark) from e
        except yaml.reader.ReaderError as e:
            line = text.count("\n", 0, e.position) + 1
            column = e.position - text.rfind("\n", 0, e.position)
            message = f"含有不允许的控制字符 U+{e.character:04X}，请删除" if isinstance(e.character, int) else str(e)
            raise LoadError("L004", message, self.shown, line, column) from e
        except yaml.YAMLError as e:
            raise LoadError(*_yaml_problem(e), self.shown) from e
        finally:
            composer.dispose()
        if root is None:
            raise LoadError("L005", "文件为空", self.shown, 1, 1)
        if not isinstance(root, yaml.MappingNode):
            raise self.fail("L005", "顶层应为键值映射（如「center:」），而不是列表或单个值", root.start_mark)
        self.locations[()] = Location(self.shown, root.start_mark.line + 1, root.start_mark.column + 1)
        return self._value(root, (), 1, root.start_mark)

    def _value(self, node: Any, path: FieldPath, depth: int, where: Any) -> Any:
        """The data of `node`; `where` is the mark of its key, where an alias is reported."""
        if depth > MAX_DEPTH or len(self.seen) >= MAX_NODES:
            raise self.fail("L009", f"嵌套超过 {MAX_DEPTH} 层或元素超过 {MAX_NODES} 个", node.start_mark)
        if id(node) in self.seen:  # the composer hands an alias back as the anchored node itself
            raise self.fail("L006", _NO_ALIASES, where)
        self.seen.add(id(node))
        if node.tag not in (_IMPLICIT, _STR_TAG):
            raise self.fail("L007", f"不允许使用 YAML 标签「{node.tag}」", node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            block = node.style in ("|", ">")  # a block scalar's text starts on the line after its indicator
            mark = node.start_mark
            self.text_starts[path] = Location(self.shown, mark.line + 1 + block, 1 if block else mark.column + 1)
            plain = not node.style  # libyaml marks a plain scalar with "", PyYAML's Python parser with None
            return None if not node.value.strip() or (plain and node.value in _NULLS) else node.value
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node, path, depth, where)
        return self._mapping(node, path, depth)

    def _sequence(self, node: Any, path: FieldPath, depth: int, where: Any) -> list[Any]:
        items: list[Any] = []
        for item in node.value:
            item_path = (*path, len(items))
            self.locations[item_path] = Location(self.shown, item.start_mark.line + 1, item.start_mark.column + 1)
            items.append(self._value(item, item_path, depth + 1, where))
        return items

    def _mapping(self, node: Any, path: FieldPath, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            key_path = (*path, key)
            if key in mapping:
                first = self.locations[key_path].line
                raise self.fail("L008", f"键「{key}」重复（第 {first} 行已出现）", key_node.start_mark)
            self.locations[key_path] = Location(
                self.shown, key_node.start_mark.line + 1, key_node.start_mark.column + 1
            )
            mapping[key] = self._value(value_node, key_path, depth + 1, key_node.start_mark)
        return mapping

    def _key(self, node: Any) -> str:
        if id(node) in self.seen:
            raise self.fail("L006", _NO_ALIASES, node.start_mark)
        if not isinstance(node, yaml.ScalarNode) or node.tag != _IMPLICIT:
            raise self.fail("L004", "YAML 语法错误：键应为简单文本", node.start_mark)
        self.seen.add(id(node))
        if node.value == "<<" and not node.style:
            raise self.fail("L006", "不允许使用合并键「<<」，请直接写出内容", node.start_mark)
        return node.value


def _resolve_includes(source: Source, root: Path, node: Any, path: FieldPath) -> None:
    """Replace every ``{include: file.md}`` with the text of that file, in place."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in list(items):
        child = (*path, key)
        if isinstance(value, dict) and set(value) == {"include"}:
            node[key] = _include(source, root, child, value["include"])
        elif isinstance(value, dict | list):
            _resolve_includes(source, root, value, child)


def _include(source: Source, root: Path, path: FieldPath, reference: Any) -> str | None:
    where = source.locate((*path, "include"))
    try:
        target = resolve_inside(root, reference)
        raw = read_bounded(target, MAX_INCLUDE_BYTES, "L012")
        if b"\x00" in raw:  # UTF-8 text never holds a NUL byte; images and office files do
            raise LoadError("L012", f"引用的文件「{reference}」不是文本文件", target)
        text = decode(raw, str(target))
    except LoadError as e:
        source.problems.append(finding(e.code, e.message, dotted(path), where.file, where.line, where.column))
        return None
    source.locations[path] = source.text_starts[path] = Location(str(source.folder / reference), 1, 1)
    return text


def _read_workbooks(source: Source) -> None:
    """Replace ``{workbook: 自评表.xlsx}`` under a top-level key with what that workbook holds, each value's
    cell recorded (workbook_in.py; openpyxl is imported only for a proposal that names a workbook)."""
    if any(isinstance(value, dict) and "workbook" in value for value in source.data.values()):
        from proposal_kit.workbook_in import read_workbooks

        read_workbooks(source)


def _check_attachment_files(source: Source) -> None:
    """An attachment or an image that names a file must name one that exists inside the proposal's folder."""
    attachments = source.data.get("attachments")
    if not isinstance(attachments, dict):
        return
    named: list[tuple[FieldPath, Any]] = [(("attachments", "charter"), attachments.get("charter"))]
    others = attachments.get("others")
    named += [(("attachments", "others", i), a) for i, a in enumerate(others if isinstance(others, list) else [])]
    figures = source.data.get("figures")
    images = figures.get("images") if isinstance(figures, dict) else None
    named += [(("figures", "images", i), a) for i, a in enumerate(images if isinstance(images, list) else [])]
    for path, attachment in named:
        if not isinstance(attachment, dict) or not isinstance(attachment.get("file"), str):
            continue
        try:
            resolve_inside(source.folder, attachment["file"])
        except LoadError as e:
            where = source.locate((*path, "file"))
            source.problems.append(
                finding(e.code, e.message, dotted((*path, "file")), where.file, where.line, where.column)
            )


def resolve_inside(folder: Path, reference: Any) -> Path:
    """The file `reference` names inside `folder` (resolved); refuse anything that could lead outside it."""
    if not isinstance(reference, str) or not reference.strip():
        raise LoadError("L010", "引用的文件路径应为非空文本")
    if "\x00" in reference:
        raise LoadError("L010", f"引用的文件路径「{reference!r}」含有空字符（NUL），不是有效的文件名")
    pure = Path(reference)
    if _URL.match(reference) or pure.is_absolute() or ".." in pure.parts or reference.startswith("\\"):
        raise LoadError(
            "L010", f"引用的文件「{reference}」必须是组建方案文件夹内的相对路径（不能用 ..、绝对路径或网址）"
        )
    root = folder.resolve()
    target = (root / pure).resolve()
    if not target.is_relative_to(root):
        raise LoadError("L010", f"引用的文件「{reference}」经符号链接指向了组建方案文件夹以外")
    if not target.is_file():
        raise LoadError("L011", f"引用的文件「{reference}」不存在")
    if not os.access(target, os.R_OK):
        raise LoadError("L011", f"引用的文件「{reference}」无法读取")
    return target
