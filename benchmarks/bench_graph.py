"""Graph store at scale: `legalgraph build` time and memory, query latency, incremental add.

    python benchmarks/bench_graph.py --documents 100000 [--json benchmarks/results/graph.json]

Documents are generated from real ones: the five seeds and the 217 gazette texts are
extracted once, then renumbered — each copy gets its own number, work URI (so its own
node) and source name, and keeps the citations and relations of the text it copies, so it
links into the same real instruments the originals cite. The copies are written as
`extract` output (JSONL, untimed), and then measured:

* build     ``legalgraph build bench.jsonl --store bench.db`` in a child process: wall
            time and the child's peak resident memory. Extraction is not part of it (100,000
            gazette-sized texts are ~10 GB; see bench_extract.py for that rate).
* queries   ``chain`` and ``implementers`` (JSON) of the most implemented instrument, of
            the one at the 90th percentile by implementers, and of the one most implemented
            by local (provincial) instruments, which are all ``implementers`` lists; each
            named by its number ("27/2022/NĐ-CP", so finding it is timed too) and run as
            ``legalgraph chain X --store bench.db --format json > out.json`` runs it, but
            in-process (no interpreter start): a fresh store connection each time, the JSON
            written to a file (median of 20, milliseconds; the output is read back and
            checked after the timing, not during it); ``stale`` of the instrument the most
            instruments amend and of the changed one the most instruments rest on (median
            of 5); ``stats`` of the whole collection (median of 3); plus one full
            child-process run of ``legalgraph chain`` (interpreter start included).
* add       ``legalgraph build new.txt --store bench.db`` in a child process: one new
            document extracted (with bodies and tasks, spaCy included) and ingested (median
            of three documents); and
            ``legalgraph build newer.jsonl``: one already extracted record ingested.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PLACEHOLDER_ID, PLACEHOLDER_NUMBER, PLACEHOLDER_SOURCE = "@@ID@@", "@@NUMBER@@", "@@SOURCE@@"


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


def template(record: dict) -> tuple[str, str, str]:
    """The record as a JSON line with placeholders where a copy's own id, number and
    source go; with the id's prefix and the number's suffix each copy keeps."""
    r = copy.deepcopy(record)
    old = r["document"]["id"]
    r["source"] = PLACEHOLDER_SOURCE
    r["document"]["id"] = PLACEHOLDER_ID
    number = r["document"].get("number")
    if number:
        r["document"]["number"] = PLACEHOLDER_NUMBER
    for rel in r["relations"]:
        rel["source"] = PLACEHOLDER_ID if rel["source"] == old else rel["source"]
        rel["target"] = PLACEHOLDER_ID if rel["target"] == old else rel["target"]
    for t in r.get("tasks", []):
        t["id"] = t["id"].replace(old, PLACEHOLDER_ID)
    return (json.dumps(r, ensure_ascii=False), old.rsplit("/", 1)[0],
            number.split("/", 1)[-1] if number else "")


def write_jsonl(path: Path, templates, n: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            line, prefix, suffix = templates[i % len(templates)]
            serial = 90_000_000 + i
            out.write(line.replace(PLACEHOLDER_ID, f"{prefix}/{serial}-bench")
                      .replace(PLACEHOLDER_NUMBER, f"{serial}/{suffix}")
                      .replace(PLACEHOLDER_SOURCE, f"bench/{i:07d}.txt") + "\n")


def child(args: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "legalgraph", *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if done.returncode != 0:
        sys.exit(f"legalgraph {' '.join(args)} failed:\n{done.stderr}")
    return elapsed, done


def report(result: dict, path: Path | None) -> None:
    """Print the result, and keep it as JSON where asked (benchmarks/results/)."""
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n")


def median_ms(fn, repeat=20) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 1)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=100_000)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--workdir", type=Path, help="Where to write bench.jsonl and bench.db (default: a temp dir).")
    args = ap.parse_args(argv)

    from legalgraph.cli import main as cli

    t0 = time.perf_counter()
    templates = [template(r) for r in base_records()]
    extract_s = time.perf_counter() - t0

    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        tmp = Path(tmp)
        jsonl, db = tmp / "bench.jsonl", tmp / "bench.db"
        t0 = time.perf_counter()
        write_jsonl(jsonl, templates, args.documents)
        generate_s = time.perf_counter() - t0

        build_s, done = child(["build", str(jsonl), "--store", str(db)])
        build_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        os.sync()  # the build's gigabytes reach the disk now, not while later steps are timed

        import sqlite3

        con = sqlite3.connect(db)
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("sources", "instruments", "nodes", "edges", "aliases")}
        implemented = con.execute(
            "SELECT coalesce(a.canonical, e.dst) AS node, count(DISTINCT e.src) AS n FROM edges e "
            "LEFT JOIN aliases a ON a.id = e.dst WHERE e.type IN ('IMPLEMENTS', 'DETAILS') "
            "GROUP BY node ORDER BY n DESC").fetchall()
        numbers = dict(con.execute("SELECT id, number FROM nodes WHERE number IS NOT NULL"))
        # named the way people write them ("27/2022/NĐ-CP"), so that finding the instrument is timed too
        implemented = [(numbers[node], n) for node, n in implemented if node in numbers]
        top, typical = implemented[0], implemented[len(implemented) // 10]
        # what `implementers` is for: the instrument the most local (provincial) instruments implement
        local = con.execute(
            "SELECT n.number, count(DISTINCT e.src) AS k FROM edges e JOIN nodes s ON s.id = e.src "
            "JOIN nodes n ON n.id = e.dst WHERE e.type IN ('IMPLEMENTS', 'DETAILS') AND s.local "
            "AND n.number IS NOT NULL GROUP BY e.dst ORDER BY k DESC LIMIT 1").fetchone()

        out_json = tmp / "out.json"

        def run(*argv):
            """The command, its JSON written to out.json as a shell redirection would."""
            with out_json.open("w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
                cli.main([*argv, "--store", str(db), "--format", "json"], prog_name="legalgraph",
                         standalone_mode=False)

        def query(*argv):
            run(*argv)
            return json.loads(out_json.read_text(encoding="utf-8"))

        queries = {}
        cases = [("most_implemented", top), ("p90_implemented", typical)]
        if local:
            cases.append(("most_locally_implemented", tuple(local)))
        for label, (node, n) in cases:
            queries[label] = {
                "instrument": node, "implemented_by": n,
                "chain_rows": len(query("chain", node)),
                "chain_ms": median_ms(lambda node=node: run("chain", node)),
                "implementers_rows": len(query("implementers", node)),
                "implementers_ms": median_ms(lambda node=node: run("implementers", node)),
            }
        stale_cases = (
            # the instrument amended, replaced or repealed by the most instruments
            ("stale_most_amended", "changed_by",
             "WHERE e.type IN ('AMENDS', 'REPLACES', 'REPEALS') AND n.number IS NOT NULL"),
            # the changed instrument the most instruments rest on (a law thousands of texts are based on)
            ("stale_most_rested_on", "rested_on_by",
             "WHERE e.type IN ('IMPLEMENTS', 'DETAILS', 'BASED_ON') AND n.number IS NOT NULL "
             "AND e.dst IN (SELECT dst FROM edges WHERE type IN ('AMENDS', 'REPLACES', 'REPEALS'))"),
        )
        for label, counted, where in stale_cases:
            found = con.execute(
                "SELECT n.number, count(DISTINCT e.src) AS k FROM edges e JOIN nodes n ON n.id = e.dst "
                f"{where} GROUP BY e.dst ORDER BY k DESC LIMIT 1").fetchone()
            if found:
                queries[label] = {
                    "instrument": found[0], counted: found[1],
                    "rows": len(query("stale", found[0])),
                    "stale_ms": median_ms(lambda number=found[0]: run("stale", number), repeat=5),
                }
        con.close()
        # the whole collection counted (each relation once, however many documents state it)
        queries["stats"] = {"relations": sum(query("stats")["relations"].values()),
                            "stats_ms": median_ms(lambda: run("stats"), repeat=3)}
        process_s, _ = child(["chain", typical[0], "--store", str(db), "--format", "json"])

        seed = (ROOT / "data" / "seeds" / "001_920478a60c450549.txt").read_text(encoding="utf-8")
        adds = []
        for k in range(3):  # three new plans, each its own number and file
            new = tmp / f"new{k}.txt"
            new.write_text(seed.replace("483", str(484 + k), 1), encoding="utf-8")
            adds.append(child(["build", str(new), "--store", str(db)])[0])
        add_s = statistics.median(adds)
        _, extracted = child(["extract", str(new)])
        own_id = json.loads(extracted.stdout)["document"]["id"]
        newer = tmp / "newer.jsonl"  # another document: its own id and source everywhere
        newer.write_text(extracted.stdout.replace(f'"{own_id}"', f'"{own_id}-newer"')
                         .replace(f'"{new}"', '"bench/newer.txt"'), encoding="utf-8")
        add_record_s, _ = child(["build", str(newer), "--store", str(db)])
        sizes = {"jsonl_mb": round(jsonl.stat().st_size / 1e6), "store_mb": round(db.stat().st_size / 1e6)}

    result = {
        "documents": args.documents, "python": platform.python_version(), "machine": platform.machine(),
        "cpus": os.cpu_count(), "rows": counts, **sizes,
        "extract_base_s": round(extract_s, 1), "generate_jsonl_s": round(generate_s, 1),
        "build_s": round(build_s, 1), "build_peak_mb": round(build_peak_mb),
        "build_message": done.stderr.strip().splitlines()[-1],
        "queries": queries, "chain_process_s": round(process_s, 2), "incremental_add_s": round(add_s, 2),
        "incremental_add_record_s": round(add_record_s, 2),
    }
    report(result, args.json)
    return result


if __name__ == "__main__":
    main()
