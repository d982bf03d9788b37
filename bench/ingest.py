"""Benchmark `ingest`: documents/s and peak RSS into SQLite and into PostgreSQL.

usage: python bench/ingest.py [N] [--pg postgresql://user@host:port/db] [--jobs J] [--jsonl] [--only sqlite]

N generated seed-sized reports (bench/corpus.py's `report(i)`, default 10,000) are written to a temp
folder (one .txt each, or JSONL dumps of under 5 MB with --jsonl) and ingested with `rasd.ingest.ingest`
(read, extract, near-duplicates, one transaction per document, then the merge over the whole store).
PostgreSQL is measured when --pg or RASD_TEST_PG_URL names a server: a fresh database is created on it
and dropped afterwards. Each backend runs in its own child process, so its peak RSS is its own. The time is
split into reading + extraction + storing (one transaction per batch of documents) and the merge/months pass that
`ingest` runs over the whole store at the end, and the ingesting process's CPU time is shown next to the
clock (steadier when other work shares the machine). Quick check: `python bench/ingest.py 200`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from corpus import report  # noqa: E402

JSONL_CHUNK = 4 * 1024 * 1024  # under the 5 MB file limit


def generate(n: int, folder: Path, jsonl: bool) -> tuple[int, int]:
    """Write n reports; returns (documents, bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    if not jsonl:
        for i in range(n):
            data = report(i).encode("utf-8")
            (folder / f"r{i:06d}.txt").write_bytes(data)
            size += len(data)
        return n, size
    part, buf, used = 0, [], 0
    for i in range(n):
        text = report(i)
        line = json.dumps({"url": f"https://bench.example/{i}", "source": "bench", "published": None,
                           "text": text}, ensure_ascii=False) + "\n"
        size += len(text.encode("utf-8"))
        if used + len(line.encode("utf-8")) > JSONL_CHUNK and buf:
            (folder / f"dump{part:04d}.jsonl").write_text("".join(buf), encoding="utf-8")
            part, buf, used = part + 1, [], 0
        buf.append(line)
        used += len(line.encode("utf-8"))
    if buf:
        (folder / f"dump{part:04d}.jsonl").write_text("".join(buf), encoding="utf-8")
    return n, size


def one(url: str, folder: str, jobs: int) -> dict[str, float | int]:
    """In this (child) process: ingest `folder` into `url` and measure."""
    # everything ingest uses, imported before the clock starts (and all from one version of the code)
    import rasd.aggregate  # noqa: F401
    import rasd.contract  # noqa: F401
    import rasd.dedup  # noqa: F401
    import rasd.merge  # noqa: F401
    from rasd.ingest import ingest
    from rasd.store import open_store

    t0 = time.perf_counter()
    store = open_store(url)
    opened = time.perf_counter()
    cpu0 = time.process_time()
    last = [opened]

    seen = [0]

    def tick(status: str, _s: object) -> None:
        last[0] = time.perf_counter()
        seen[0] += 1
        if seen[0] % 1000 == 0:  # progress on stderr, so a long run shows where it is
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"  … {seen[0]} documents in {last[0] - opened:.0f} s ({seen[0] / (last[0] - opened):.1f}/s), "
                  f"peak RSS {rss:.0f} MB", file=sys.stderr, flush=True)

    summary = ingest(store, [folder], jobs=jobs, progress=tick)
    done = time.perf_counter()
    cpu = time.process_time() - cpu0
    counts = store.counts()
    stored = summary.new + summary.duplicate + summary.version
    return {
        "documents": counts["documents"], "stored": stored, "rejected": len(summary.rejected),
        "events": counts["events"], "evidence": counts["evidence"],
        "seconds": done - opened, "store_seconds": last[0] - opened, "merge_seconds": done - last[0],
        "open_seconds": opened - t0, "cpu_seconds": cpu,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def child(url: str, folder: Path, jobs: int) -> dict[str, float | int]:
    cmd = [sys.executable, __file__, "--child", url, str(folder), "--jobs", str(jobs)]
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def pg_database(server: str) -> tuple[str, str]:
    import psycopg
    from psycopg import sql

    name = f"rasd_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    from urllib.parse import urlsplit, urlunsplit

    p = urlsplit(server)
    return name, urlunsplit((p.scheme, p.netloc, "/" + name, p.query, p.fragment))


def drop_pg(server: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def show(label: str, n: int, size: int, r: dict[str, float | int]) -> None:
    secs = float(r["seconds"])
    print(f"{label}: {r['documents']} documents stored ({r['rejected']} rejected), {r['events']} events, "
          f"{r['evidence']} evidence spans")
    print(f"  {n / secs:,.1f} documents/s, {size / 1e6 / secs:.2f} MB/s  ({secs:.1f} s: "
          f"{float(r['store_seconds']):.1f} s read+extract+store, {float(r['merge_seconds']):.1f} s merge/months)")
    cpu = float(r["cpu_seconds"])  # this process only: steadier than the clock when other work shares the cores
    print(f"  {n / cpu:,.1f} documents per CPU second of the ingesting process ({cpu:.1f} s)")
    extra = f", extraction workers {float(r['children_rss_mb']):.0f} MB" if float(r["children_rss_mb"]) else ""
    print(f"  peak RSS {float(r['rss_mb']):.0f} MB{extra}")
    if int(r["documents"]) != n:
        print(f"  WARNING: {n} reports generated but {r['documents']} documents stored")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=10_000, help="reports to generate (default 10,000)")
    ap.add_argument("--pg", default=os.environ.get("RASD_TEST_PG_URL"),
                    help="PostgreSQL server URL (default: $RASD_TEST_PG_URL); a fresh database is made on it")
    ap.add_argument("--jobs", type=int, default=1, help="extraction processes (default 1)")
    ap.add_argument("--jsonl", action="store_true", help="write JSONL dumps instead of one .txt per report")
    ap.add_argument("--only", choices=["sqlite", "postgresql"], help="measure one backend only")
    ap.add_argument("--child", nargs=2, metavar=("URL", "FOLDER"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(one(args.child[0], args.child[1], args.jobs)))
        return
    # a SIGTERM still removes the temp folder and the PostgreSQL database (the `finally`s below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    tmp = Path(tempfile.mkdtemp(prefix="rasd-bench-ingest-"))
    try:
        t0 = time.perf_counter()
        n, size = generate(args.n, tmp / "reports", args.jsonl)
        form = "JSONL dumps" if args.jsonl else ".txt files"
        print(f"ingest: {n} generated reports as {form}, {size / 1e6:.1f} MB, avg {size / n / 1024:.1f} KB/report "
              f"(written in {time.perf_counter() - t0:.1f} s), --jobs {args.jobs}")
        if args.only in (None, "sqlite"):
            show("SQLite", n, size, child(f"sqlite:///{tmp}/bench.db", tmp / "reports", args.jobs))
        if args.only in (None, "postgresql"):
            if args.pg:
                name, url = pg_database(args.pg)
                try:
                    show("PostgreSQL", n, size, child(url, tmp / "reports", args.jobs))
                finally:
                    drop_pg(args.pg, name)
            else:
                print("PostgreSQL: skipped (give --pg postgresql://… or set RASD_TEST_PG_URL)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
