"""Benchmark the REST API: requests/s and p50/p99 latency of the month endpoint and the events list under 50
concurrent clients on loopback. The server is `rasd serve` (uvicorn, one process) in a child process over a
SQLite database of every example report (built first, unless --db names one); the clients are httpx
AsyncClients in this process, so both share the machine's cores.

usage: python bench/api.py [--db URL] [--clients 50] [--seconds 10] [--month N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build(url: str) -> None:
    from rasd.ingest import ingest
    from rasd.store import open_store

    ingest(open_store(url), [str(ROOT / "examples" / "reports")])


async def hammer(base: str, path: str, clients: int, seconds: float) -> dict[str, float]:
    """`clients` loops, each sending the next request as soon as the last one is answered."""
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        await client.get(path)  # warm the server's cache once
        stop = time.perf_counter() + seconds

        async def one() -> None:
            nonlocal errors
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                r = await client.get(path)
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    errors += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(clients)))
        elapsed = time.perf_counter() - t0
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p50_ms": q[49] * 1000,
            "p99_ms": q[98] * 1000, "errors": errors}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--month", type=int, default=113)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="rasd-bench-api-") as tmp:
        url = args.db
        if not url:
            url = f"sqlite:///{tmp}/rasd.db"
            t0 = time.perf_counter()
            build(url)
            print(f"built {url} from examples/reports in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        server = subprocess.Popen([sys.executable, "-m", "rasd", "serve", "--db", url, "--port", str(port)],
                                  env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    httpx.get(base + "/api/me", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            print(f"{args.clients} concurrent clients, {args.seconds:g} s per endpoint, one uvicorn process")
            print(f"{'endpoint':<32} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
            for path in (f"/api/months/{args.month}", "/api/events?limit=50", f"/api/events?month={args.month}"):
                r = asyncio.run(hammer(base, path, args.clients, args.seconds))
                print(f"{path:<32} {r['requests']:>8} {r['rps']:>8.0f} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} "
                      f"{r['errors']:>6}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
