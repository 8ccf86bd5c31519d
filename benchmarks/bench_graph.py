"""Graph store at scale: build time and memory, query latency, incremental add.

    python benchmarks/bench_graph.py --documents 100000 [--json benchmarks/results/graph.json]

Documents are generated from real ones: the five seeds and the 217 gazette texts are
extracted once, then renumbered — each copy gets its own number and work URI (and so its
own node), keeps the citations and relations of the text it copies, and so links into the
same real instruments the originals cite. Measured, in one process:

* build     ingesting every record into a fresh SQLite store in one transaction, then
            loading the networkx graph from it (seconds, and peak resident memory);
* queries   `chain` and `implementers` of the most implemented instrument (median of 20);
* add       extracting one more document and ingesting it into the big store.
"""

from __future__ import annotations

import argparse
import copy
import json
import platform
import resource
import statistics
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def base_records() -> list[dict]:
    from legalgraph.extract.pipeline import extractor

    ex = extractor()
    out = []
    for p in sorted((ROOT / "data" / "seeds").glob("*.txt")):
        out.append(ex.extract(p.read_text(encoding="utf-8"), source=p.name).to_dict())
    with tarfile.open(ROOT / "data" / "corpus" / "gazette.tar.xz") as tar:
        for m in sorted(tar.getmembers(), key=lambda m: m.name):
            if m.name.endswith(".txt"):
                text = tar.extractfile(m).read().decode("utf-8")
                out.append(ex.extract(text, source=m.name).to_dict())
    return out


def renumbered(record: dict, i: int) -> dict:
    """A copy of a record that is another document: its own number, id and source."""
    r = copy.deepcopy(record)
    old = r["document"]["id"]
    new = f"{old.rsplit('/', 1)[0]}/{90000000 + i}-bench"
    r["source"] = f"bench/{i:07d}.txt"
    r["document"]["id"] = new
    if r["document"].get("number"):
        r["document"]["number"] = f"{90000000 + i}/{r['document']['number'].split('/', 1)[-1]}"
    for rel in r["relations"]:
        if rel["source"] == old:
            rel["source"] = new
        if rel["target"] == old:
            rel["target"] = new
    for t in r.get("tasks", []):
        t["id"] = t["id"].replace(old, new)
    return r


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=100_000)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    from legalgraph.extract.pipeline import extractor
    from legalgraph.graph import queries as q
    from legalgraph.graph.build import build_graph
    from legalgraph.graph.store import Store

    t0 = time.perf_counter()
    bases = base_records()
    extract_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        with store.transaction():
            for i in range(args.documents):
                store.ingest(renumbered(bases[i % len(bases)], i))
        ingest_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        g = build_graph(store)
        load_s = time.perf_counter() - t0
        counts = store.counts()

        target = max((n for n in q.instruments(g)),
                     key=lambda n: sum(1 for _, _, k in g.in_edges(n, keys=True) if k in q.DOWN_TYPES))

        def median_ms(fn):
            times = []
            for _ in range(20):
                t = time.perf_counter()
                fn()
                times.append((time.perf_counter() - t) * 1000)
            return round(statistics.median(times), 2)

        chain_ms = median_ms(lambda: q.chain(g, target))
        implementers_ms = median_ms(lambda: q.implementers(g, target))
        chain_rows = len(q.chain(g, target))

        ex = extractor()
        seed = (ROOT / "data" / "seeds" / "001_920478a60c450549.txt").read_text(encoding="utf-8")
        t0 = time.perf_counter()
        with store.transaction():
            store.ingest(ex.extract(seed.replace("483", "484", 1), source="bench/new.txt").to_dict())
        add_s = time.perf_counter() - t0

    result = {
        "documents": args.documents, "python": platform.python_version(), "machine": platform.machine(),
        "rows": counts, "graph": {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()},
        "extract_base_s": round(extract_s, 1), "ingest_s": round(ingest_s, 1), "load_graph_s": round(load_s, 1),
        "build_s": round(ingest_s + load_s, 1), "peak_mb": round(peak_mb()),
        "chain_target": q.label(g, target), "chain_rows": chain_rows,
        "chain_ms": chain_ms, "implementers_ms": implementers_ms, "incremental_add_s": round(add_s, 3),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return result


if __name__ == "__main__":
    main()
