"""What every `aural` command shares: the --json flag and the one-line error with exit code 2."""

from __future__ import annotations

from typing import Annotated

import typer

JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON instead of text")]


def fail(message: str) -> typer.Exit:
    """Print `aural: error: MESSAGE` to stderr and return the Exit(2) to raise."""
    typer.echo(f"aural: error: {message}", err=True)
    return typer.Exit(2)
