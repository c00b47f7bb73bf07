"""The unified social credit code of GB 32100-2015 and its check character."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """The 18th character that GB 32100 computes from the first 17."""
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str:
    """Why `code` is not a valid unified social credit code, in Chinese, or "" when it is valid."""
    if len(code) != 18:
        return f"应为 18 位，实际 {len(code)} 位"
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        return f"含有不允许的字符「{''.join(bad)}」（不使用 I、O、Z、S、V）"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"校验码应为「{expected}」，实际为「{code[17]}」"
    return ""
