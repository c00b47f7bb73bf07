"""Every code proposal-kit reports that is not a rule's, in one table: reading (L), schema (S), settings (K),
scaffold (N), template (M), PDF (P), writing (W) and the tool's own errors (E). The rules carry their own rows (rules/__init__.py);
`catalogue` joins the two, and `proposal-kit rules` and the README's table are generated from it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from proposal_kit.findings import Finding, Severity
from proposal_kit.layout import MAX_PARAGRAPHS

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT_RUN = 0, 1, 2


@dataclass(frozen=True)
class Code:
    """One code: its slug, severity, the clause behind it, a one-line summary, and whether it means the
    command could not do its work (exit code 2) rather than that the proposal has a problem."""

    code: str
    slug: str
    severity: Severity
    clause: str
    summary: str
    explanation: str = ""
    stops: bool = False


_READ, _SCHEMA = "安全读取（proposal-kit）", "proposal.schema.json"
_PDF, _WRITE = "GB/T 9704-2012", "安全写入（proposal-kit）"
_WORD = "读取 Word 草稿（proposal-kit）"
E, W = Severity.ERROR, Severity.WARNING

CODES = {
    c.code: c
    for c in (
        Code("L001", "proposal-file-missing", E, _READ, "找不到组建方案文件 proposal.yaml"),
        Code("L002", "file-too-large", E, _READ, "文件过大"),
        Code("L003", "not-utf-8", E, _READ, "文件不是 UTF-8 编码"),
        Code("L004", "yaml-syntax", E, _READ, "YAML 语法错误"),
        Code("L005", "not-one-mapping", E, _READ, "文件为空、含多个文档或顶层不是键值映射"),
        Code("L006", "alias", E, _READ, "使用了别名或合并键"),
        Code("L007", "yaml-tag", E, _READ, "使用了 YAML 标签（如 !!python/object、!!binary）"),
        Code("L008", "duplicate-key", E, _READ, "重复的键"),
        Code("L009", "too-deep-or-large", E, _READ, "嵌套层级或元素数量超过上限"),
        Code("L010", "reference-outside-folder", E, _READ, "引用的文件不在组建方案文件夹内，或不是相对路径"),
        Code("L011", "reference-missing", E, _READ, "引用的文件不存在"),
        Code("L012", "reference-not-text", E, _READ, "引用的文件不是文本或过大"),
        Code("L013", "no-proposal-found", E, _READ, "文件夹中没有找到组建方案", stops=True),
        Code("L014", "not-a-word-document", E, _READ, "文件不是可以读取的 Word 文档或 PDF"),
        Code("L015", "scanned-pdf", E, _READ, "PDF 是扫描件，没有可以检查的文字"),
        Code("L016", "workbook-unreadable", E, _READ, "引用的 Excel 工作簿无法读取（不是 .xlsx、已损坏或缺少表头）"),
        Code(
            "L017", "cell-unreadable", E, _READ, "Excel 工作簿中的单元格无法读取（公式没有计算结果、错误值或未知的列）"
        ),
        Code("R001", "not-recognised", W, _WORD, "未能从 Word 或 PDF 草稿中识别这一项，与之相关的检查没有进行"),
        Code("R002", "heading-not-in-outline", W, _WORD, "草稿中的一级或二级标题不对应附件1 提纲的任何一项"),
        Code("S001", "field-missing", E, _SCHEMA, "缺少必填字段"),
        Code("S002", "field-unknown", E, _SCHEMA, "未知字段（可能拼写错误）"),
        Code("S003", "wrong-type", E, _SCHEMA, "类型不符（应为文本、数字、日期、列表或映射）"),
        Code("S004", "value-not-allowed", E, _SCHEMA, "取值不在允许范围内"),
        Code(
            "K001",
            "settings-unreadable",
            E,
            "proposal-kit.toml",
            "设置文件 proposal-kit.toml 无法读取或取值有误",
            stops=True,
        ),
        Code("N001", "folder-not-empty", E, "proposal-kit new", "新建方案的目标文件夹不是空的", stops=True),
        Code(
            "M001",
            "template-unusable",
            E,
            "proposal-kit build --template",
            "Word 模板无法使用（不是 .docx，或缺少正文位置 {{ body }}）",
            stops=True,
        ),
        Code("P001", "libreoffice-missing", E, _PDF, "未找到 LibreOffice，未生成 PDF（Word 文档照常生成）", stops=True),
        Code("P002", "conversion-timed-out", E, _PDF, "LibreOffice 转换超时，已终止进程（Word 文档保留）", stops=True),
        Code("P003", "no-pdf-written", E, _PDF, "LibreOffice 未写出 PDF", stops=True),
        Code("P004", "pdf-not-writable", E, _PDF, "无法写入 PDF（输出文件夹只读，或同名文件被占用）", stops=True),
        Code("P005", "no-glyph", W, _PDF, "本机没有任何字体包含某个字符，PDF 中将印为方框"),
        Code("P006", "stale-pdf", W, _PDF, "PDF 未能重新生成，输出文件夹中的 PDF 是上一次的，与新的 Word 文档不一致"),
        Code(
            "P007",
            "figure-not-printed",
            W,
            _PDF,
            "自备图片无法插入：不是 PNG、JPEG 或 SVG 图片，或所在项不是附件1 的项",
        ),
        Code(
            "W001", "output-not-writable", E, _WRITE, "无法写入输出文件夹（只读、空间不足或同名文件被占用）", stops=True
        ),
        Code("W002", "name-taken", W, _WRITE, "两份草稿的文件名相同，后一份加了序号另存"),
        Code("W003", "name-shortened", W, _WRITE, "文件名超过文件系统的长度上限，已截短"),
        Code(
            "W004",
            "document-too-large",
            E,
            _WRITE,
            f"生成的文档超过 {MAX_PARAGRAPHS} 个段落（约 2000 页）的上限，未生成",
            stops=True,
        ),
        Code("E001", "unexpected-error", E, "proposal-kit", "处理这份草稿时出错（程序缺陷，请报告）；其余草稿照常处理"),
    )
}


def finding(code: str, message: str, field: str = "", file: str = "", line: int = 0, column: int = 0) -> Finding:
    """A finding of one of the codes above, with its severity and clause."""
    info = CODES[code]
    return Finding(code, info.severity, message, field, file, line, column, info.clause)


def exit_code(findings: Iterable[Finding], unreadable: bool = False) -> int:
    """2 where a finding says the command could not do its work, else 1 where one is an error or a draft
    could not be read (whatever was selected), else 0."""
    findings = list(findings)
    if any(f.code in CODES and CODES[f.code].stops for f in findings):
        return EXIT_CANNOT_RUN
    errors = unreadable or any(f.severity is Severity.ERROR for f in findings)
    return EXIT_FINDINGS if errors else EXIT_OK
