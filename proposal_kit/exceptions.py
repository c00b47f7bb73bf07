"""The errors proposal-kit raises; each carries a stable code and builds its Chinese message."""

from __future__ import annotations

from pathlib import Path


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
