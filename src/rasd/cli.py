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


# ---------------------------------------------------------------------------- the store


DB_HELP = "Database URL: sqlite:///rasd.db (default) or postgresql://user@host:port/db."


def _store(db: str | None):  # type: ignore[no-untyped-def]
    from rasd.store import open_store

    return open_store(db)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders (recursive) and globs: .txt .html .jsonl feeds."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    jobs: int = typer.Option(1, "--jobs", help="Extraction processes."),
) -> None:
    """Store every report with its extraction; bad files are listed and kept in ingest_errors."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from rasd.ingest import Summary, expand
    from rasd.ingest import ingest as run

    store = _store(db)
    total = sum(1 for _ in expand(paths))
    con = Console(stderr=True)
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[counts]}"), console=con, transient=False) as bar:
        task = bar.add_task("ingest", total=total or None, counts="")

        def tick(status: str, s: Summary) -> None:
            counts = f"new {s.new} · versions {s.version} · unchanged {s.unchanged} · duplicate {s.duplicate}" \
                     f" · rejected {len(s.rejected)}"
            bar.update(task, advance=1, counts=counts)

        summary = run(store, paths, jobs=jobs, progress=tick)
    con.print(f"new {summary.new}, new versions {summary.version}, unchanged {summary.unchanged}, "
              f"near-duplicates {summary.duplicate}, rejected {len(summary.rejected)}")
    for r in summary.rejected:
        con.print(f"  rejected {r.source}: {r.reason}", markup=False)
    if summary.rejected:
        raise typer.Exit(1)


@app.command()
def reextract(db: str | None = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """Run the current rules over every stored document again (corrections stay on top)."""
    from rasd.contract import extract_report
    from rasd.merge import recluster
    from rasd.reader import RawReport

    store = _store(db)
    n = 0
    for doc in store.documents():
        report = RawReport(doc["sha256"], doc["source"], doc["text"], doc["encoding"] or "utf-8")
        store.replace_extraction(doc["id"], extract_report(report, doc["published"]))
        n += 1
    recluster(store)
    typer.echo(f"re-extracted {n} documents with rules {__import__('rasd.store').store.rules_version()}")


@app.command()
def correct(
    event_id: str = typer.Argument(..., help="The event's id."),
    changes: list[str] = typer.Argument(None, help="field=value … (e.g. quantities.vehicles=380 date=2024-02-01)"),
    by: str = typer.Option(..., "--by", help="Who makes the correction."),
    why: str = typer.Option(..., "--why", help="Why."),
    reject: bool = typer.Option(False, "--reject", help="Reject the event instead of correcting fields."),
    confirm: bool = typer.Option(False, "--confirm", help="Confirm the event as extracted."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Store an analyst's correction, rejection or confirmation of an event."""
    from rasd.merge import recluster

    parsed: dict[str, object] = {}
    for item in changes or []:
        if "=" not in item:
            typer.echo(f"rasd: {item!r}: expected field=value", err=True)
            raise typer.Exit(2)
        k, v = item.split("=", 1)
        parsed[k] = int(v) if v.lstrip("-").isdigit() else (None if v in ("", "null") else v)
    action = "reject" if reject else "confirm" if confirm else "correct"
    if action == "correct" and not parsed:
        typer.echo("rasd: nothing to correct (give field=value, --reject or --confirm)", err=True)
        raise typer.Exit(2)
    store = _store(db)
    try:
        cid = store.add_correction(event_id=event_id, action=action, changes=parsed, by=by, why=why)
    except KeyError:
        typer.echo(f"rasd: no event {event_id}", err=True)
        raise typer.Exit(2) from None
    recluster(store)
    typer.echo(f"correction {cid} stored ({action}) for event {event_id}")


@app.command()
def months(
    first: int | None = typer.Option(None, "--from", help="First coalition month."),
    last: int | None = typer.Option(None, "--to", help="Last coalition month."),
    fmt: str = typer.Option("table", "--format", help="table, json or csv."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Each coalition month: figures stated by monthly summaries next to those summed from daily items."""
    from rasd.aggregate import months as compute
    from rasd.views import print_months

    rows = compute(_store(db), first, last)
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1, default=str) + "\n")
    elif fmt == "csv":
        import csv

        from rasd.aggregate import SUMMABLE

        w = csv.writer(sys.stdout)
        pairs = [f"{k}_{s}" for k in SUMMABLE for s in ("stated", "summed")]
        w.writerow(["month", "period_start", "period_end", *pairs, "findings"])
        for r in rows:
            w.writerow([r["month"], r["period_start"], r["period_end"]]
                       + [r[s].get(k) for k in SUMMABLE for s in ("stated", "summed")]
                       + ["; ".join(f["message"] for f in r["findings"])])
    else:
        print_months(rows, Console(width=max(140, Console().width)))


@app.command()
def month(
    n: int = typer.Argument(..., help="Coalition month."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """One coalition month: its figures, events with their evidence, and findings."""
    from rasd.aggregate import months as compute
    from rasd.calendar import period
    from rasd.views import print_month

    store = _store(db)
    rows = compute(store, n, n)
    start, end = period(n)
    events = [e for e in store.events() if e.get("coalition_month") == n
              or (e.get("date") and start <= e["date"] <= end)]
    print_month(n, rows[0] if rows else None, events, Console())


@app.command()
def export(
    fmt: str = typer.Option("csv", "--format", help="csv, jsonl, geojson, parquet or acled."),
    out: str = typer.Option("-", "--out", help="Output file (- for stdout; parquet needs a file)."),
    months: list[int] = typer.Option(None, "--month", help="Coalition month (repeatable)."),
    types: list[str] = typer.Option(None, "--type", help="Event type (repeatable)."),
    places: list[str] = typer.Option(None, "--place", help="Place name or governorate (repeatable)."),
    actors: list[str] = typer.Option(None, "--actor", help="Actor id (repeatable)."),
    include_rejected: bool = typer.Option(False, "--include-rejected", help="Keep events analysts rejected."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Export events (one row per merged event) as CSV, JSONL, GeoJSON, Parquet or ACLED's layout."""
    import tempfile

    from rasd.export import export as run

    if fmt not in ("csv", "jsonl", "geojson", "parquet", "acled"):
        typer.echo(f"rasd: --format {fmt!r}: expected csv, jsonl, geojson, parquet or acled", err=True)
        raise typer.Exit(2)
    if out == "-" and fmt == "parquet":
        typer.echo("rasd: parquet needs --out FILE", err=True)
        raise typer.Exit(2)
    store = _store(db)
    kw = {"months": months or None, "types": types or None, "places": places or None, "actors": actors or None,
          "include_rejected": include_rejected}
    if out == "-":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"export.{fmt}"
            n = run(store, fmt, path, **kw)
            sys.stdout.write(path.read_text(encoding="utf-8"))
    else:
        n = run(store, fmt, out, **kw)
        typer.echo(f"wrote {n} rows to {out}", err=True)


@app.command()
def brief(
    month: int | None = typer.Option(None, "--month", help="Coalition month (default: the latest stored)."),
    lang: str = typer.Option("ar", "--lang", help="ar or en."),
    fmt: str = typer.Option("html", "--format", help="html, pdf or md."),
    out: str | None = typer.Option(None, "--out", help="Output file; {month} and {lang} are filled in "
                                   "(default: stdout for html/md; pdf needs a file)."),
    gulf_months: bool = typer.Option(False, "--gulf-months", help="Egyptian/Gulf month names (يناير) in dates."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """The monthly brief of a coalition month, in Arabic or English, as HTML, PDF or Markdown."""
    from rasd.aggregate import months as compute
    from rasd.brief import FORMATS, render

    if fmt not in FORMATS or lang not in ("ar", "en"):
        typer.echo(f"rasd: expected --format {'|'.join(FORMATS)} and --lang ar|en", err=True)
        raise typer.Exit(2)
    if fmt == "pdf" and not out:
        typer.echo("rasd: pdf needs --out FILE", err=True)
        raise typer.Exit(2)
    store = _store(db)
    known = [r["month"] for r in compute(store)]
    if not known:
        typer.echo("rasd: the database holds no coalition month yet (run rasd ingest first)", err=True)
        raise typer.Exit(2)
    n = month if month is not None else max(known)
    if n not in known:
        typer.echo(f"rasd: month {n} has no reports in the database (months: {known[0]}–{known[-1]})", err=True)
        raise typer.Exit(2)
    result = render(store, n, lang=lang, fmt=fmt, gulf_months=gulf_months)
    if out is None:
        sys.stdout.write(result if isinstance(result, str) else result.decode())
        return
    path = Path(out.replace("{month}", str(n)).replace("{lang}", lang))
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(result, bytes):
        path.write_bytes(result)
    else:
        path.write_text(result, encoding="utf-8")
    typer.echo(str(path))


# ---------------------------------------------------------------------------- the dashboard


@app.command()
def serve(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    read_requires_login: bool = typer.Option(False, "--login-to-read", help="Reading also needs a login."),
) -> None:
    """Serve the dashboard and the REST API (OpenAPI at /api/openapi.json)."""
    import uvicorn

    from rasd.web import create_app

    web = create_app(db or "sqlite:///rasd.db", read_requires_login=read_requires_login)
    typer.echo(f"rasd: dashboard on http://{host}:{port}/ (API: http://{host}:{port}/api/openapi.json)", err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")


users = typer.Typer(no_args_is_help=True, help="Dashboard users and their API tokens.")
app.add_typer(users, name="users")


def _password(stdin: bool) -> str:
    if stdin:
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt("password", hide_input=True, confirmation_prompt=True)


@users.command("add")
def users_add(
    name: str = typer.Argument(..., help="The user's name (recorded on their corrections)."),
    role: str = typer.Option("analyst", "--role", help="analyst (reads and writes) or reader."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Create a user; the password is asked for (or read from stdin) and stored as an argon2 hash."""
    from rasd.store.users import add_user

    store = _store(db)
    try:
        add_user(store, name, _password(password_stdin), role)
    except ValueError as exc:
        typer.echo(f"rasd: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"user {name} added ({role})")


@users.command("token")
def users_token(
    name: str = typer.Argument(..., help="The user the token acts as."),
    label: str | None = typer.Option(None, "--label", help="What the token is for."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Print a new API token (shown once; send it as `Authorization: Bearer TOKEN`)."""
    from rasd.store.users import new_token

    try:
        typer.echo(new_token(_store(db), name, label))
    except KeyError:
        typer.echo(f"rasd: no user {name}", err=True)
        raise typer.Exit(2) from None


@users.command("list")
def users_list(db: str | None = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """Every user with their role."""
    from rasd.store.users import list_users

    for u in list_users(_store(db)):
        typer.echo(f"{u.name}\t{u.role}")
