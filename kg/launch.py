"""The ``kg`` command's entry point: it turns a Ctrl-C that lands while kg is still starting (importing,
or typer reading the commands' signatures, before any command's own handling) into one line."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Run the command line; Ctrl-C anywhere before a command handles it exits 130 with one line."""
    try:
        from .cli import main as run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("kg: error: interrupted\n")
        sys.exit(130)
