"""The `rasd` command line. I/O lives here; every command calls a pure function of the package."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import typer
from rich.console import Console

from rasd import __version__
from rasd.reader import RawReport, ReadError, read_path, read_report

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Rasd: Arabic conflict-monitoring reports to evidence-linked event data.")
err = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rasd {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit.")) -> None:
    """Rasd command line."""


def _load(path: str) -> RawReport:
    try:
        if path == "-":
            return read_report(sys.stdin.buffer.read(), "<stdin>")
        return read_path(path)
    except ReadError as exc:
        typer.echo(f"rasd: {exc}", err=True)
        raise typer.Exit(2) from None


def _published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        typer.echo(f"rasd: --published {value!r}: not a YYYY-MM-DD date", err=True)
        raise typer.Exit(2) from None


@app.command()
def extract(
    path: str = typer.Argument(..., help="A report (.txt, .html) or - for stdin."),
    published: str | None = typer.Option(None, "--published", help="Publication date YYYY-MM-DD."),
    fmt: str = typer.Option("json", "--format", help="json or table."),
) -> None:
    """Extract figures, events and findings from one report (CONTRACT.md, version 1)."""
    from rasd.contract import extract_report

    pub = _published(published)
    report = _load(path)
    out = extract_report(report, pub)
    if fmt == "json":
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "table":
        from rasd.views import print_extraction

        print_extraction(out, Console())
    else:
        typer.echo(f"rasd: --format {fmt!r}: expected json or table", err=True)
        raise typer.Exit(2)


@app.command()
def normalize(path: str = typer.Argument(..., help="A report or - for stdin.")) -> None:
    """Show the matching copy and where its spaced-out words, numbers and places come from."""
    from rasd.views import print_normalize

    print_normalize(_load(path), Console())


@app.command()
def dates(
    path: str = typer.Argument(..., help="A report or - for stdin."),
    published: str | None = typer.Option(None, "--published", help="Publication date YYYY-MM-DD."),
) -> None:
    """Show every date found, how its year was resolved, and any impossible date."""
    from rasd.views import print_dates

    print_dates(_load(path), _published(published), Console())


@app.command()
def demo(folder: Path = typer.Argument(Path("examples/reports"), help="Folder of example reports.")) -> None:
    """Run the text layer and the extraction over a folder and print a summary per report."""
    from rasd.views import print_demo

    print_demo(folder, Console())
