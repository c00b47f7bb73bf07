"""The errors proposal-kit raises; each carries a stable code and builds its Chinese message."""

from __future__ import annotations

import errno
from pathlib import Path

_OS_ERRORS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOENT: "不存在",
    errno.ENOTDIR: "路径中有一部分是文件而不是文件夹",
    errno.EISDIR: "是文件夹而不是文件",
    errno.EEXIST: "已存在",
    errno.EROFS: "位于只读的文件系统",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EBUSY: "正被占用",
}


def os_problem(error: OSError) -> str:
    """What went wrong with a file, in Chinese: 「没有权限」, 「磁盘空间不足」…, else the system's own words."""
    return _OS_ERRORS.get(error.errno or 0, error.strerror or str(error))


class ProposalKitError(Exception):
    """Base of every error proposal-kit raises on purpose."""

    code = "E000"

    def __init__(self, message: str, file: Path | str = "", line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file)
        self.line = line
        self.column = column


class LoadError(ProposalKitError):
    """Raised when a proposal's files cannot be read as a proposal at all."""

    def __init__(self, code: str, message: str, file: Path | str = "", line: int = 0, column: int = 0) -> None:
        super().__init__(message, file, line, column)
        self.code = code


class TemplateError(ProposalKitError):
    """Raised when the Word template given to `build` is not a .docx or has no place for the body."""

    code = "M001"


class DocumentTooLarge(ProposalKitError):
    """Raised while building a document that would pass the stated limit of paragraphs (W004)."""

    code = "W004"
