"""Values worked out once for each proposal: several rules (and the reports) ask for the same text walk, the
same counts. One proposal is checked at a time, so one slot is enough; the next proposal replaces it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
_SLOT: list[Any] = [None, {}]


def remembered(proposal: Any, key: Any, compute: Callable[[], T]) -> T:
    """`compute()` for `proposal` and `key`, worked out the first time it is asked for."""
    if _SLOT[0] is not proposal:
        _SLOT[:] = [proposal, {}]
    memo: dict[Any, Any] = _SLOT[1]
    if key not in memo:
        memo[key] = compute()
    return memo[key]
