"""Extraction on 1 and 2 (or more) cores: `legalgraph extract --jobs N` as users run it.

    python benchmarks/bench_scaling.py [--copies 4] [--jobs 1 2] [--json benchmarks/results/scaling.json]

The 217 gazette texts (data/corpus/gazette.tar.xz, 21.5 MB) are unpacked --copies times
into a temporary directory, so each run reads a realistic tree of files, and then
`legalgraph extract DIR --jobs N -o FILE` runs in a child process, with and without
bodies: wall time from process start to exit (interpreter start, reading, extraction,
JSON output all included), MB of input per second, and the speed-up over one job.
The output of every run is compared with the one-job run: it must be identical.

For the machine's own ceiling, the same corpus is also split in two halves extracted by
two independent one-job processes at once: what two cores give with no coordination at
all (shared caches and memory bandwidth, or virtual cores sharing a physical one, show
here), against which the --jobs 2 speed-up can be read.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def unpack(target: Path, copies: int) -> int:
    size = 0
    with tarfile.open(ROOT / "data" / "corpus" / "gazette.tar.xz") as tar:
        tar.extractall(target / "copy0", filter="data")
    for n in range(1, copies):
        shutil.copytree(target / "copy0", target / f"copy{n}")
    for p in target.rglob("*.txt"):
        size += p.stat().st_size
    return size


def timed_extract(corpus: Path, out: Path, jobs: int, bodies: bool) -> float:
    cmd = [sys.executable, "-m", "legalgraph", "extract", str(corpus), "--jobs", str(jobs), "-o", str(out),
           "--no-progress"] + ([] if bodies else ["--no-bodies"])
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT)
    return time.perf_counter() - start


def timed_pair(corpus: Path, tmp: Path, bodies: bool) -> float:
    """Two one-job extractions of the two halves of the corpus, started together."""
    copies = sorted(p for p in corpus.iterdir() if p.is_dir())
    halves = [copies[: len(copies) // 2], copies[len(copies) // 2:]]
    flag = [] if bodies else ["--no-bodies"]
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "legalgraph", "extract", *map(str, half), "--jobs", "1",
                               "-o", str(tmp / f"half{n}.jsonl"), "--no-progress", *flag], cwd=ROOT)
             for n, half in enumerate(halves)]
    if any(p.wait() for p in procs):
        raise SystemExit("bench_scaling: a half run failed")
    return time.perf_counter() - start


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=2, help="best of this many runs each")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        mb = unpack(corpus, args.copies) / 1e6
        rows = []
        for bodies in (False, True):
            base = None
            for jobs in args.jobs:
                out = tmp / f"out-{bodies}-{jobs}.jsonl"
                seconds = min(timed_extract(corpus, out, jobs, bodies) for _ in range(args.repeat))
                if base is None:
                    base, base_out = seconds, out
                same = filecmp.cmp(out, base_out, shallow=False)
                rows.append({"bodies": bodies, "jobs": jobs, "seconds": round(seconds, 2),
                             "mb_per_s": round(mb / seconds, 1), "mb_per_s_per_job": round(mb / seconds / jobs, 1),
                             "speedup": round(base / seconds, 2), "output_identical": same})
                print(f"{'with' if bodies else 'without'} bodies, --jobs {jobs}: {seconds:.2f} s, "
                      f"{mb / seconds:.1f} MB/s ({mb / seconds / jobs:.1f} per job), x{base / seconds:.2f}, "
                      f"output {'identical' if same else 'DIFFERENT'}")
                if not same:
                    raise SystemExit("bench_scaling: output differs between job counts")
            if len(args.jobs) > 1 and args.copies >= 2:
                seconds = min(timed_pair(corpus, tmp, bodies) for _ in range(args.repeat))
                rows.append({"bodies": bodies, "jobs": "2 independent processes", "seconds": round(seconds, 2),
                             "mb_per_s": round(mb / seconds, 1), "mb_per_s_per_job": round(mb / seconds / 2, 1),
                             "speedup": round(base / seconds, 2), "output_identical": None})
                print(f"{'with' if bodies else 'without'} bodies, two independent one-job processes: "
                      f"{seconds:.2f} s, {mb / seconds:.1f} MB/s, x{base / seconds:.2f} (the machine's ceiling)")
    result = {"corpus": f"gazette x{args.copies} ({217 * args.copies} texts)", "mb": round(mb, 1),
              "cores": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine(),
              "rows": rows}
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
