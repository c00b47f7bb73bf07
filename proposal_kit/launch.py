"""The proposal-kit command: run by the resident server where one serves this code (warm.py), else here."""

from __future__ import annotations

import sys


def main() -> None:
    arguments = sys.argv[1:]
    from proposal_kit import warm

    if warm.enabled(arguments):
        code = warm.run(arguments)
        if code is not None:
            sys.exit(code)
    from proposal_kit.cli import main as command

    command(prog_name="proposal-kit")
