"""What changed between two versions of one proposal: the sentences of each item's prose, the values of its
tables and lists, and the findings fixed, still open and new. District staff receiving a resubmission read
only what moved; the formatters of `diff_report` print the `Comparison` this module returns.

Prose is compared as it prints (markup, heading levels and list numbers aside), sentence by sentence, so a
Word draft and the folder it was built from compare equal. Values are compared on the validated models
when both versions validate, and else on the data as written (each value typed where its field accepts it),
so one wrong value does not stop the comparison of the rest."""

from __future__ import annotations

import re
import types
import typing
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from proposal_kit.exceptions import LoadError
from proposal_kit.findings import FieldPath, Finding, dotted
from proposal_kit.formats import amount, chinese_date
from proposal_kit.guideline import DEFAULT_EDITION, Outline, editions
from proposal_kit.guideline import load as load_guideline
from proposal_kit.model import Proposal
from proposal_kit.model.base import LabelledEnum, Markdown, Year, fields_declared_as, without_comments
from proposal_kit.places import OUTSIDE, PRINTED_IN_ITEMS
from proposal_kit.prose import CJK, parse
from proposal_kit.selection import EVERYTHING, Selection

REMOVED, ADDED, CHANGED = "removed", "added", "changed"


@dataclass(frozen=True)
class SentenceChange:
    """One sentence removed, added, or changed (a removed sentence whose replacement is beside it)."""

    kind: str  # REMOVED, ADDED or CHANGED
    old: str  # "" where added
    new: str  # "" where removed
    field: str  # the dotted path of the text: ``units.partners[0].profile``
    label: str  # which text of the item, as people name it: 「「巴渝理工大学」 单位概况」; "" for the item's own


@dataclass(frozen=True)
class ValueChange:
    """One value changed, or one record (a partner, a funding source, a goal) added or removed."""

    kind: str  # CHANGED, ADDED or REMOVED
    field: str  # ``construction.funding.total``
    label: str  # 「资金来源 「牵头单位自筹」 金额」, or 「总投资」
    old: str  # as the document shows it: 「32,000」, 「2025年3月1日」, 「企业法人（公司）」; "" when empty
    new: str


@dataclass
class ItemDiff:
    """What changed in one numbered item of 附件1 (or the cover, or a part of 附件2)."""

    key: str  # the outline field (「background.key_problems」), or 「center」, 「self_assessment」, 「evidence」
    place: str  # 「二、3」, 「一」; "" outside the outline
    title: str  # 「本产业进一步发展需要解决的主要问题」, 「封面」
    prose: list[SentenceChange] = field(default_factory=list)
    values: list[ValueChange] = field(default_factory=list)

    @property
    def heading(self) -> str:
        """「二、3 本产业……」, 「一、摘要」 for a chapter that is one field, 「封面」 outside the outline."""
        if not self.place:
            return self.title
        return f"{self.place} {self.title}" if "、" in self.place else f"{self.place}、{self.title}"


@dataclass
class FindingsDiff:
    """The findings of the old version the new one no longer has, those both have, and the new ones."""

    fixed: list[Finding] = field(default_factory=list)
    open: list[Finding] = field(default_factory=list)  # as the new version has them
    new: list[Finding] = field(default_factory=list)


@dataclass
class Comparison:
    """Two versions compared: only the items that changed, in the order of the document."""

    old: Path
    new: Path
    items: list[ItemDiff]
    findings: FindingsDiff
    invalid: tuple[str, ...] = ()  # 「旧版」, 「新版」: the versions the schema rejects (values compared as written)

    @property
    def prose_changes(self) -> int:
        return sum(len(item.prose) for item in self.items)

    @property
    def value_changes(self) -> int:
        return sum(len(item.values) for item in self.items)

    @property
    def changed(self) -> bool:
        """Whether anything differs: the text, the values, or what the checks find."""
        return bool(self.items or self.findings.fixed or self.findings.new)


def compare(old: Path, new: Path, selection: Selection = EVERYTHING) -> Comparison:
    """Compare two versions of a proposal, each a folder, its proposal.yaml, or a Word or PDF draft; LoadError
    (naming the version) where one cannot be read at all."""
    from proposal_kit.pipeline import check
    from proposal_kit.validate import validate

    old_source, new_source = _read(old, "旧版"), _read(new, "新版")
    (old_model, _), (new_model, _) = validate(old_source), validate(new_source)
    invalid = tuple(name for name, model in (("旧版", old_model), ("新版", new_model)) if model is None)
    if invalid:
        before, after, as_written = old_source.data, new_source.data, True
    else:
        before, after, as_written = old_model, new_model, False
    outline = load_guideline(_edition(after)).outline
    walker = _Walker(as_written)
    walker.model(Proposal, before, after, (), ())
    items = _items(outline, walker)
    old_findings, new_findings = check(old, selection).findings, check(new, selection).findings
    return Comparison(old, new, items, compare_findings(old_findings, new_findings), invalid)


def _read(path: Path, which: str) -> Any:
    """The Source of one version; where it cannot be read, the LoadError says which version and file."""
    from proposal_kit.pipeline import read

    if not path.exists():
        raise LoadError("L001", f"无法读取{which}：「{path}」不存在", path)
    try:
        return read(path)
    except LoadError as e:
        where = f"（{e.file}:{e.line}）" if e.file and e.line else ""
        raise LoadError(e.code, f"无法读取{which}「{path}」：{e.message}{where}", e.file, e.line, e.column) from e


def _edition(proposal: Any) -> str:
    edition = proposal.get("guideline") if isinstance(proposal, dict) else getattr(proposal, "guideline", None)
    return edition if isinstance(edition, str) and edition in editions() else DEFAULT_EDITION


# --- Prose: Markdown to the sentences it prints -------------------------------------------------------------

_SENTENCE_END = re.compile(r"[。！？；]+[”’」』）》〕】]*")
_SPACE = re.compile(r"\s+")


def sentences(markdown: str) -> list[str]:
    """The sentences of a Markdown text as it prints: each paragraph, heading, list item and line break cut
    after 。！？；(the mark kept with its sentence), each table row one sentence of its cells. Markup, heading
    levels and list numbers are left out, and a line broken inside a paragraph is one line, as it prints."""
    found: list[str] = []
    row: list[str] | None = None
    for token in parse(without_comments(markdown)):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            found.append(" | ".join(row))
            row = None
        elif token.type == "inline" and row is not None:
            row.append(" ".join(_inline_lines(token.children or [])))
        elif token.type == "inline":
            found += [s for line in _inline_lines(token.children or []) for s in _split(line)]
        elif token.type in ("fence", "code_block"):
            found += [s for line in token.content.splitlines() for s in _split(line)]
    return [shown for shown in (_SPACE.sub(" ", s).strip() for s in found) if shown]


def _inline_lines(children: list[Any]) -> list[str]:
    """The lines an inline run prints: a hard break starts a new one; a soft break is a space between
    Latin words and nothing beside a Chinese character, as Word joins the lines of a paragraph."""
    lines, parts = [], []
    for child in children:
        if child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append("\n")
        elif child.type == "hardbreak":
            lines.append("".join(parts))
            parts = []
    lines.append("".join(parts))
    return [_join_soft_breaks(line) for line in lines]


def _join_soft_breaks(text: str) -> str:
    text = re.sub(rf"\s*\n\s*(?={CJK.pattern})", "", text)
    text = re.sub(rf"(?<={CJK.pattern})\s*\n\s*", "", text)
    return text.replace("\n", " ")


def _split(line: str) -> list[str]:
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        parts.append(line[start : match.end()])
        start = match.end()
    parts.append(line[start:])
    return parts


def _key(text: str) -> str:
    """What a sentence is compared by: its text without whitespace (whitespace alone is no change)."""
    return _SPACE.sub("", text)


PAIRING_WINDOW = 6  # a replacement is looked for among the next few added sentences only: rewrites stay fast
PAIRING_RATIO = 0.5  # how alike a removed and an added sentence must be to be one sentence changed


def sentence_changes(old: str, new: str, field: str = "", label: str = "") -> list[SentenceChange]:
    """The sentences removed from `old` and added in `new`; a removed sentence and its replacement beside it
    are one sentence changed."""
    before, after = sentences(old), sentences(new)
    keys_before, keys_after = [_key(s) for s in before], [_key(s) for s in after]
    changes: list[SentenceChange] = []
    matcher = SequenceMatcher(None, keys_before, keys_after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = _pairs(keys_before, keys_after, range(i1, i2), range(j1, j2))
        for i, j in pairs:
            kind = CHANGED if i is not None and j is not None else (REMOVED if j is None else ADDED)
            old_text = before[i] if i is not None else ""
            new_text = after[j] if j is not None else ""
            changes.append(SentenceChange(kind, old_text, new_text, field, label))
    return changes


def _pairs(old: list[str], new: list[str], removed: range, added: range) -> Iterator[tuple[int | None, int | None]]:
    """The sentences of one replaced stretch, in order, each removed one paired with the most alike of the
    next added ones where they are alike enough; one sentence replaced by one is always a pair."""
    if len(removed) == 1 and len(added) == 1:
        yield removed[0], added[0]
        return
    cursor = added.start
    for i in removed:
        best, best_ratio = None, PAIRING_RATIO
        for j in range(cursor, min(cursor + PAIRING_WINDOW, added.stop)):
            ratio = SequenceMatcher(None, old[i], new[j], autojunk=False).ratio()
            if ratio >= best_ratio:
                best, best_ratio = j, ratio
        if best is None:
            yield i, None
            continue
        yield from ((None, j) for j in range(cursor, best))
        yield i, best
        cursor = best + 1
    yield from ((None, j) for j in range(cursor, added.stop))


# --- Values: walking both versions along the model ----------------------------------------------------------


Titles = tuple[str, ...]


@dataclass(frozen=True)
class _Text:
    path: FieldPath
    titles: Titles
    old: str
    new: str


@dataclass(frozen=True)
class _Value:
    path: FieldPath
    titles: Titles
    kind: str
    old: str
    new: str


class _Walker:
    """Walks two versions along the model classes: each node a validated model, or the dict the draft has
    (`as_written`), or None. It gathers every pair of Markdown texts and every value that differs."""

    def __init__(self, as_written: bool) -> None:
        self.as_written = as_written
        self.texts: list[_Text] = []
        self.values: list[_Value] = []

    def model(
        self, model: type[BaseModel], old: Any, new: Any, path: FieldPath, titles: Titles, values: bool = True
    ) -> None:
        """Compare the fields of two nodes of `model`; with `values` False only their texts are gathered (the
        record itself is reported as added or removed)."""
        markdown = fields_declared_as(model, Markdown)
        for name, info in model.model_fields.items():
            here, titled = (*path, name), (*titles, info.title or name)
            before, after = _child(old, name), _child(new, name)
            if name in markdown:
                self.texts.append(_Text(here, titled, _text(before), _text(after)))
            else:
                self.field(model, name, before, after, here, titled, values)
        if self.as_written and values:
            for name in _unknown_keys(model, old, new):
                self.leaf(_child(old, name), _child(new, name), False, (*path, name), (*titles, name))

    def field(
        self, model: type[BaseModel], name: str, old: Any, new: Any, path: FieldPath, titles: Titles, values: bool
    ) -> None:
        shape, inner = _field_shape(model, name)
        if shape == "model" and _is_node(old) and _is_node(new):
            self.record(inner, old, new, path, titles, values)
        elif shape == "records" and _is_list(old) and _is_list(new):
            self.records(inner, old or [], new or [], path, titles, values)
        elif values:
            year = name in fields_declared_as(model, Year)
            self.leaf(self.typed(model, name, old), self.typed(model, name, new), year, path, titles)

    def record(self, model: type[BaseModel], old: Any, new: Any, path: FieldPath, titles: Titles, values: bool) -> None:
        """Two records in the same place: compared field by field, or one added or removed."""
        if old is None and new is None:
            return
        if old is not None and new is not None:
            self.model(model, old, new, path, titles, values)
            return
        self.model(model, old, new, path, titles, values=False)
        if values and old is None:
            self.values.append(_Value(path, titles, ADDED, "", self.summary(model, new)))
        elif values:
            self.values.append(_Value(path, titles, REMOVED, self.summary(model, old), ""))

    def records(
        self, model: type[BaseModel], old: list, new: list, path: FieldPath, titles: Titles, values: bool
    ) -> None:
        """Two lists of records matched by their key (the model's first field: a unit's name, an indicator's
        code, a year) where it is filled in and unique, the rest by position."""
        old_keys, new_keys = self.keys(model, old), self.keys(model, new)
        for i, j in _matched(old_keys, new_keys):
            before = old[i] if i is not None else None
            after = new[j] if j is not None else None
            index, key, record = (j, new_keys[j], after) if j is not None else (i, old_keys[i], before)
            label = self.record_label(model, record, key, index)
            self.record(model, before, after, (*path, index), (*titles, label), values)

    def leaf(self, old: Any, new: Any, year: bool, path: FieldPath, titles: Titles) -> None:
        if not _same(old, new):
            self.values.append(_Value(path, titles, CHANGED, shown(old, year), shown(new, year)))

    def typed(self, model: type[BaseModel], name: str, value: Any) -> Any:
        """A value of a field, typed: as it is in a model, or validated by its field alone from the data as
        written (and kept as written where the field refuses it)."""
        return _typed(model, name, value) if self.as_written else value

    def keys(self, model: type[BaseModel], records: list) -> list[Any]:
        first = next(iter(model.model_fields))
        return [_norm(self.typed(model, first, _child(record, first))) for record in records]

    def record_label(self, model: type[BaseModel], record: Any, key: Any, index: int) -> str:
        """「指标 1.2.1」, 「「巴渝理工大学」」, 「2025年」 for a record known by its key, else 「第3项」."""
        if key is None:
            return f"第{index + 1}项"
        first = next(iter(model.model_fields))
        value = self.typed(model, first, _child(record, first))
        if first == "code":
            return f"指标 {shown(value)}"
        if first in fields_declared_as(model, Year):
            return f"{shown(value, year=True)}年"
        return f"「{shown(value)}」"

    def summary(self, model: type[BaseModel], record: Any) -> str:
        """A record in one line, its filled-in values other than texts: 「资金来源：银行贷款；金额：1,000」."""
        if not isinstance(record, BaseModel | dict):
            return shown(record)
        markdown, years = fields_declared_as(model, Markdown), fields_declared_as(model, Year)
        parts = []
        for name, info in model.model_fields.items():
            value = self.typed(model, name, _child(record, name))
            nested = isinstance(value, list) and any(isinstance(v, BaseModel | dict) for v in value)
            if name in markdown or nested or isinstance(value, BaseModel | dict) or _norm(value) is None:
                continue
            parts.append(f"{info.title or name}：{shown(value, name in years)}")
        return "；".join(parts)


def _child(node: Any, name: str) -> Any:
    if isinstance(node, BaseModel):
        return getattr(node, name, None)
    return node.get(name) if isinstance(node, dict) else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _is_node(value: Any) -> bool:
    return value is None or isinstance(value, BaseModel | dict)


def _is_list(value: Any) -> bool:
    return value is None or isinstance(value, list)


def _unknown_keys(model: type[BaseModel], old: Any, new: Any) -> list[str]:
    """The keys a draft has that its model does not (a misspelt 「totl」), in the order written."""
    keys = [*(old if isinstance(old, dict) else {}), *(new if isinstance(new, dict) else {})]
    return [k for k in dict.fromkeys(keys) if k not in model.model_fields]


@cache
def _field_shape(model: type[BaseModel], name: str) -> tuple[str, Any]:
    return _shape(model.model_fields[name].annotation)


def _shape(annotation: Any) -> tuple[str, Any]:
    """Whether a field holds one record (``Unit | None``), a list of records (``list[Unit]``) or a value."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", annotation
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list and args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
        return "records", args[0]
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            shape = _shape(arg)
            if shape[0] != "value":
                return shape
    return "value", None


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    return TypeAdapter(model.model_fields[name].rebuild_annotation())


def _typed(model: type[BaseModel], name: str, value: Any) -> Any:
    """A value as written, validated by its field alone; kept as written where the field refuses it."""
    if value is None:
        return None
    try:
        return _adapter(model, name).validate_python(value)
    except ValidationError:
        return value


def _matched(old_keys: list[Any], new_keys: list[Any]) -> list[tuple[int | None, int | None]]:
    """Pairs of positions (old, new): by key where a key is filled in and unique in its list, else by position
    among the records without one; None on the side a record is missing from. In the new version's order."""
    old_usable, new_usable = _usable(old_keys), _usable(new_keys)
    new_at = {new_keys[j]: j for j in new_usable}
    pairs: dict[int, int] = {}
    removed = []
    for i in old_usable:
        if old_keys[i] in new_at:
            pairs[i] = new_at[old_keys[i]]
        else:
            removed.append(i)
    old_rest = [i for i in range(len(old_keys)) if i not in old_usable]
    new_rest = [j for j in range(len(new_keys)) if j not in new_usable]
    for i, j in zip(old_rest, new_rest, strict=False):
        pairs[i] = j
    removed += old_rest[len(new_rest) :]
    paired_new = set(pairs.values())
    result: list[tuple[int | None, int | None]] = [*pairs.items()]
    result += [(None, j) for j in range(len(new_keys)) if j not in paired_new]
    result += [(i, None) for i in removed]
    return sorted(result, key=_position)


def _position(pair: tuple[int | None, int | None]) -> tuple[int, bool]:
    """Where a pair goes: at its place in the new version; a removed record at its old place, first."""
    old, new = pair
    return (new, True) if new is not None else (old or 0, False)


def _usable(keys: list[Any]) -> set[int]:
    counts = Counter(k for k in keys if k is not None)
    return {i for i, k in enumerate(keys) if k is not None and counts[k] == 1}


def _norm(value: Any) -> Any:
    """What a value is compared by: text without whitespace, enums by value, empty as None; hashable."""
    if isinstance(value, LabelledEnum):
        return ("enum", value.value)
    if isinstance(value, str):
        return _key(value) or None
    if isinstance(value, list | tuple):
        return tuple(_norm(v) for v in value) or None
    if isinstance(value, dict):
        return tuple((k, _norm(v)) for k, v in value.items()) or None
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, BaseModel):
        return tuple((name, _norm(getattr(value, name))) for name in type(value).model_fields)
    return value


def _same(old: Any, new: Any) -> bool:
    try:
        return _norm(old) == _norm(new)
    except TypeError:
        return False


def shown(value: Any, year: bool = False) -> str:
    """A value as the document shows it: 「32,000」, 「2025年3月1日」, the Chinese label of an enum, 「是」; a
    value of the wrong kind as written; "" when empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, Decimal | int):
        return str(value) if year else amount(value)
    if isinstance(value, date):
        return chinese_date(value)
    if isinstance(value, list | tuple):
        return "、".join(shown(v, year) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{shown(v)}" for k, v in value.items())
    if isinstance(value, BaseModel):
        return "；".join(f"{name}：{shown(getattr(value, name))}" for name in type(value).model_fields)
    return _SPACE.sub(" ", str(value)).strip()


# --- Items: each change under the item of 附件1 it belongs to -----------------------------------------------

_OUTSIDE_ORDER = ("center", "self_assessment", "evidence")


def _items(outline: Outline, walker: _Walker) -> list[ItemDiff]:
    """The changes grouped by item in the order of the document: cover, 附件1 items, then 附件2."""
    items = {"center": ItemDiff("center", "", OUTSIDE["center"])}
    for leaf in outline.leaves():
        place = outline.place(leaf.field).replace(".", "、")
        items[leaf.field] = ItemDiff(leaf.field, place, leaf.title)
    for key in _OUTSIDE_ORDER[1:]:
        items[key] = ItemDiff(key, "", OUTSIDE[key])
    fields = {leaf.field for leaf in outline.leaves()}
    for text in walker.texts:
        key, skip = _group(text.path, fields)
        label = " ".join(text.titles[skip:])
        changes = sentence_changes(text.old, text.new, dotted(text.path), label)
        _item(items, key).prose.extend(changes)
    for value in walker.values:
        key, skip = _group(value.path, fields)
        label = " ".join(value.titles[skip:]) or value.titles[-1]
        _item(items, key).values.append(ValueChange(value.kind, dotted(value.path), label, value.old, value.new))
    return [item for item in items.values() if item.prose or item.values]


def _item(items: dict[str, ItemDiff], key: str) -> ItemDiff:
    if key not in items:  # a part of the draft no model field has (a misspelt top-level key)
        items[key] = ItemDiff(key, "", f"其他（「{key}」）")
    return items[key]


def _group(path: FieldPath, fields: set[str]) -> tuple[str, int]:
    """The item a field belongs to, and how many titles of its path the item's heading already says."""
    for end in range(len(path), 0, -1):
        if not all(isinstance(step, str) for step in path[:end]):
            continue
        key = ".".join(str(step) for step in path[:end])
        if key in PRINTED_IN_ITEMS:
            return PRINTED_IN_ITEMS[key], end - 1
        if key in fields:
            return key, end
    top = str(path[0]) if path else ""
    return ("center" if top == "guideline" else top), 1


# --- Findings: fixed, still open, new -----------------------------------------------------------------------

_NUMBERS = re.compile(r"\d+(?:[.,]\d+)*")
_INDEX = re.compile(r"\[\d+\]")


def compare_findings(old: list[Finding], new: list[Finding]) -> FindingsDiff:
    """Each finding of the new version paired with one of the old: first one with the same code, field and
    message, then one that differs only in its numbers and list positions (a total changed, a record moved).
    File lines and places in the document are no part of it: text added above a finding moves them."""
    result = FindingsDiff()
    unpaired = list(old)
    waiting = []
    for found in new:
        match = _take(unpaired, found, _exact)
        (result.open.append(found) if match else waiting.append(found))
    for found in waiting:
        match = _take(unpaired, found, _loose)
        (result.open if match else result.new).append(found)
    result.fixed = unpaired
    order = {id(f): n for n, f in enumerate(new)}
    result.open.sort(key=lambda f: order[id(f)])
    return result


def _exact(finding: Finding) -> tuple[str, str, str]:
    return finding.code, finding.field, finding.message


def _loose(finding: Finding) -> tuple[str, str, str]:
    return finding.code, _INDEX.sub("[]", finding.field), _NUMBERS.sub("#", finding.message)


def _take(unpaired: list[Finding], found: Finding, key: Any) -> bool:
    wanted = key(found)
    for index, candidate in enumerate(unpaired):
        if key(candidate) == wanted:
            del unpaired[index]
            return True
    return False
