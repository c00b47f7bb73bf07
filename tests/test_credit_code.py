"""GB 32100-2015 unified social credit codes and their check character."""

from __future__ import annotations

import pytest

from proposal_kit.model.credit_code import check_character, credit_code_problem


def test_the_standards_example_is_valid():
    assert check_character("91350100M000100Y4") == "3"
    assert credit_code_problem("91350100M000100Y43") == ""


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("91350100M000100Y44", "校验码应为「3」"),
        ("91350100M000100Y4", "应为 18 位"),
        ("91350100M000100YI3", "不允许的字符「I」"),
        ("91350100m000100Y43", "不允许的字符「m」"),
    ],
)
def test_invalid_codes_say_why(code, problem):
    assert problem in credit_code_problem(code)


def test_check_character_zero_wraps():
    """When the weighted sum is a multiple of 31 the check character is 0, not the 32nd symbol."""
    for body in ("00000000000000000", "10000000000000000"):
        code = body + check_character(body)
        assert credit_code_problem(code) == ""
    assert check_character("00000000000000000") == "0"
