"""Extraction as a Dask job: a directory (or list) of documents in, `extract` JSONL out.

legalgraph does no distribution of its own. Past what `legalgraph extract --jobs N` does
on one machine, this script hands the same per-document function
(``legalgraph.extract.batch.extract_one``) to Dask, which runs it on a local process pool
or, with ``--scheduler ADDRESS``, on a Dask cluster (dask.distributed, e.g. on Kubernetes,
YARN or an HPC queue through dask-jobqueue). Every worker needs legalgraph installed and
the documents readable at the same paths (a shared file system, or object storage
mounted).

The output is one JSONL file per partition in OUT (part-0000.jsonl, ...): the lines
`legalgraph extract` would write for the same files, in the same order when the parts are
read in name order. Files that cannot be read are listed in OUT/errors.log, one line each.
Build the graph from the parts with `legalgraph build OUT`.

    python scripts/dask_extract.py documents/ out/ --partitions 64
    python scripts/dask_extract.py documents/ out/ --scheduler tcp://scheduler:8786
    legalgraph build out/ --store national.db
"""

from __future__ import annotations

import argparse
import os
import sys


def document_paths(inputs) -> list[str]:
    """The documents under ``inputs``, in the order `legalgraph extract` takes them."""
    from legalgraph.extract.batch import expand

    paths = []
    for kind, item in expand(inputs, records=False):
        if kind == "document":
            paths.append(str(item))
        elif kind == "error":
            print(f"dask_extract: {item}", file=sys.stderr)
    return paths


def run(inputs, out: str, partitions: int | None = None, scheduler: str | None = None, bodies: bool = True):
    import dask
    import dask.bag as db

    from legalgraph.extract.batch import extract_one

    paths = document_paths(inputs)
    if not paths:
        raise SystemExit("dask_extract: no documents to extract")
    os.makedirs(out, exist_ok=True)
    bag = db.from_sequence(paths, npartitions=partitions or max(1, min(len(paths), 4 * (os.cpu_count() or 1))))
    results = bag.map(extract_one, bodies=bodies)
    lines = results.filter(lambda r: r[0] is not None).map(lambda r: r[0])
    errors = results.filter(lambda r: r[1] is not None).map(lambda r: r[1])

    def write(lines_, errors_):
        digits = max(4, len(str(lines_.npartitions)))
        return (lines_.to_textfiles(os.path.join(out, "part-*.jsonl"), name_function=lambda i: f"{i:0{digits}d}",
                                    compute=False, encoding="utf-8", last_endline=True),
                errors_.to_textfiles(os.path.join(out, ".errors-*.log"), compute=False, encoding="utf-8",
                                     last_endline=True))

    parts, error_parts = write(lines, errors)
    if scheduler:
        from dask.distributed import Client

        with Client(scheduler):
            dask.compute(parts, error_parts)
    else:
        dask.compute(parts, error_parts, scheduler="processes")
    # one errors.log, in input order, instead of a file per partition
    found = sorted(f for f in os.listdir(out) if f.startswith(".errors-"))
    with open(os.path.join(out, "errors.log"), "w", encoding="utf-8") as sink:
        for name in found:
            with open(os.path.join(out, name), encoding="utf-8") as part:
                sink.writelines(line for line in part if line.strip())  # an empty partition leaves a blank line
            os.unlink(os.path.join(out, name))
    return len(paths)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", help="documents or directories")
    ap.add_argument("out", help="directory for part-*.jsonl and errors.log")
    ap.add_argument("--partitions", type=int, default=None, help="Dask partitions (default: 4 per local core)")
    ap.add_argument("--scheduler", default=None, help="a dask.distributed scheduler address (default: local processes)")
    ap.add_argument("--no-bodies", action="store_true", help="citations, identity and relations only")
    args = ap.parse_args(argv)
    n = run(args.inputs, args.out, args.partitions, args.scheduler, bodies=not args.no_bodies)
    print(f"dask_extract: {n} documents -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
