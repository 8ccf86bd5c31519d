"""`legalgraph serve` under load: page and API latency over a big store.

    python benchmarks/bench_serve.py --documents 100000 [--json benchmarks/results/serve-100k.json]

The store is generated as bench_graph.py generates it (renumbered copies of the seeds and
the 217 gazette texts, as `extract` JSONL, built by `legalgraph build` in a child process;
``--store FILE`` reuses one built before). ``legalgraph serve --store FILE`` is then
started in a child process on loopback, and a load generator in this process sends
``--concurrency`` requests at a time (threads, one keep-alive connection each) for each
kind of request, at most ``--requests`` of each and for at most ``--seconds`` each:

* instrument   ``/instrument?name=…`` (the whole page: identity, relations, chains both
               ways, coverage of the provinces, tasks) for the seeds' instruments and
               renumbered copies by number; ``instrument-most-cited`` the same page for the
               five instruments the most documents cite (tens of thousands of relations:
               ``Graph.show`` reads them all);
* search       ``/search?q=…`` with the queries people type (numbers as typed, words
               without diacritics);
* api-search   ``/api/search?q=…`` and api-instrument ``/api/instrument?name=…``.

Latency is from sending the request to reading the whole answer: median, p95 and max in
milliseconds, and requests per second. Every answer must be 200.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import bench_graph  # noqa: E402  (the synthetic store generator)

SEARCHES = ["nd 56/2024", "nghi dinh 56", "916/QĐ-TTg 2024", "Luật Đất đai 2024", "pho bien giao duc phap luat",
            "quyet dinh 1521", "ke hoach thuc hien", "thông tư 01/2024", "luat to chuc chinh quyen dia phuong",
            "nghị định 62/2022"]


def build(documents: int, workdir: Path) -> Path:
    store = workdir / "bench.db"
    jsonl = workdir / "bench.jsonl"
    templates = [bench_graph.template(r) for r in bench_graph.base_records()]
    bench_graph.write_jsonl(jsonl, templates, documents)
    bench_graph.child(["build", str(jsonl), "--store", str(store), "--no-progress"])
    jsonl.unlink()
    return store


def names(store: Path, documents: int) -> list[str]:
    """Instruments to ask for: the most cited, the provincial plans, copies by number."""
    import legalgraph

    with legalgraph.Graph.open(store) as graph:
        picked = [m["id"] for m in graph.stats(top=5).most_cited]
    picked += ["1521/QĐ-TTg", "56/2024/NĐ-CP", "6134/KH-UBND", "338/KH-UBND"]
    step = max(1, documents // 7)
    picked += [f"{90_000_000 + i}" for i in range(0, documents, step)][:6]
    with legalgraph.Graph.open(store) as graph:
        found = []
        for name in picked:
            try:
                found.append(graph.find(name).id)
            except (legalgraph.NotFound, legalgraph.Ambiguous):
                continue
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(base: str, paths: list[str], concurrency: int, count: int, seconds: float) -> dict:
    import httpx

    times, failures = [], []
    lock = threading.Lock()
    next_index = [0]
    stop = time.monotonic() + seconds

    def worker():
        with httpx.Client(base_url=base, timeout=60) as client:
            while time.monotonic() < stop:
                with lock:
                    if next_index[0] >= count:
                        return
                    path = paths[next_index[0] % len(paths)]
                    next_index[0] += 1
                t = time.perf_counter()
                try:
                    response = client.get(path)
                    status = response.status_code
                except httpx.TransportError as e:  # counted, and the run goes on
                    status = f"{type(e).__name__}: {e}"
                elapsed = (time.perf_counter() - t) * 1000
                with lock:
                    times.append(elapsed)
                    if status != 200:
                        failures.append(f"{path}: {status}")

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    times.sort()
    return {"requests": len(times), "concurrency": concurrency,
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1), "max_ms": round(times[-1], 1),
            "per_second": round(len(times) / wall, 1), "failures": failures[:5]}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=100_000)
    ap.add_argument("--store", type=Path, help="A store built before (by this script or bench_graph.py).")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--requests", type=int, default=400, help="At most this many of each kind.")
    ap.add_argument("--seconds", type=float, default=60, help="At most this long for each kind.")
    ap.add_argument("--workers", type=int, default=1, help="serve --workers")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    from urllib.parse import quote

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-serve-"))
    t = time.perf_counter()
    store = args.store or build(args.documents, workdir)
    build_s = round(time.perf_counter() - t, 1)
    ids = names(store, args.documents)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "legalgraph", "serve", "--store", str(store), "--port",
                               str(port), "--workers", str(args.workers)], stderr=subprocess.PIPE, env=dict(os.environ))
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        deadline = time.monotonic() + 120
        while True:
            try:
                summary = httpx.get(base + "/health", timeout=5).json()
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"serve did not start: {server.stderr.read().decode()[-2000:]}")
                time.sleep(0.3)
        kinds = {
            "instrument": [f"/instrument?name={quote(i, safe='')}" for i in ids[5:]],
            "instrument-most-cited": [f"/instrument?name={quote(i, safe='')}" for i in ids[:5]],
            "search": [f"/search?q={quote(q)}" for q in SEARCHES],
            "api-search": [f"/api/search?q={quote(q)}" for q in SEARCHES],
            "api-instrument": [f"/api/instrument?name={quote(i, safe='')}" for i in ids[5:]],
        }
        for paths in kinds.values():  # one warm-up round, untimed
            for p in paths:
                httpx.get(base + p, timeout=120)
        result = {"documents": summary["documents"], "instruments": summary["instruments"],
                  "build_s": build_s if not args.store else None, "cpus": os.cpu_count(), "workers": args.workers,
                  "python": sys.version.split()[0]}
        for kind, paths in kinds.items():
            result[kind] = load(base, paths, args.concurrency, args.requests, args.seconds)
    finally:
        server.terminate()
        server.wait(10)
    bench_graph.report(result, args.json)
    if any(result[k]["failures"] for k in kinds):
        sys.exit("some requests failed")


if __name__ == "__main__":
    main()
