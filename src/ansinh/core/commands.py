"""Wire a pure command-line function into Django's management commands.

The pure cores (policies, intake, linkage, demo) expose `main(argv) -> int` with their own argparse
contracts, written in the issues and relied on by other tools. Django's BaseCommand would add its own
options and exit codes; `passthrough` hands the raw arguments to `main` untouched, so
`ansinh <verb> ...` behaves exactly like the pure function while still appearing in `ansinh help`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from django.core.management.base import BaseCommand


def passthrough(main: Callable[[list[str]], int], *, help: str) -> type[BaseCommand]:
    """Return a BaseCommand subclass whose whole behaviour is `main(argv)`."""

    class Command(BaseCommand):
        def run_from_argv(self, argv: list[str]) -> None:
            # argv is [prog, verb, *args]; the verb's own parser sees only *args.
            sys.exit(main(argv[2:]))

        def handle(self, *args: object, **options: object) -> None:  # pragma: no cover - call_command path
            sys.exit(main([str(a) for a in args]))

    Command.help = help
    return Command
