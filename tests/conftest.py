"""Shared fixtures: the bundled seeds, the gazette corpus, the gold answers."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
GOLD = Path(__file__).resolve().parent / "gold"


def extract_bundled(wanted: set[tuple[str, str]], target: Path, *options: str) -> Path:
    """Unpack the bundled corpus texts named by (corpus, file name) — gazette and tvpl from
    their archives, web from data/corpus/web/ — and `extract` them into one JSONL file;
    returns its path."""
    import subprocess
    import sys

    for corpus in ("gazette", "tvpl"):
        with tarfile.open(DATA / "corpus" / f"{corpus}.tar.xz") as tar:
            members = [m for m in tar.getmembers() if (corpus, m.name.rsplit("/", 1)[-1]) in wanted]
            tar.extractall(target / "in", members=members, filter="data")
    # texts copied from the web (provincial plans and directives), kept as plain files
    for corpus, name in sorted(wanted):
        if corpus == "web":
            dest = target / "in" / "web" / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes((DATA / "corpus" / "web" / name).read_bytes())
    files = sorted(p for p in (target / "in").rglob("*.txt"))
    assert len(files) == len(wanted), "every hand-read document is bundled in data/corpus"
    out = target / "pred.jsonl"
    subprocess.run([sys.executable, "-m", "legalgraph", "extract", *map(str, files), *options,
                    "--no-progress", "-o", str(out)], check=True)
    return out


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return DATA / "seeds"


@pytest.fixture(scope="session")
def gazette_dir(tmp_path_factory) -> Path:
    """The 217 official-gazette texts, unpacked from data/corpus/gazette.tar.xz."""
    target = tmp_path_factory.mktemp("corpus")
    with tarfile.open(DATA / "corpus" / "gazette.tar.xz") as tar:
        tar.extractall(target, filter="data")
    return target / "gazette"


@pytest.fixture(scope="session")
def tvpl_dir(tmp_path_factory) -> Path:
    """The thuvienphapluat.vn texts, unpacked from data/corpus/tvpl.tar.xz."""
    target = tmp_path_factory.mktemp("tvpl")
    with tarfile.open(DATA / "corpus" / "tvpl.tar.xz") as tar:
        tar.extractall(target, filter="data")
    return next(p.parent for p in target.rglob("*.txt"))


@pytest.fixture(scope="session")
def gazette_truth() -> list[dict]:
    return json.loads((GOLD / "gazette_identity.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def extractor():
    from legalgraph.extract.pipeline import extractor as get

    return get()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, seeds_dir) -> Path:
    """A store built from the bundled seeds by `legalgraph build`, for the query tests
    (they only read it)."""
    from click.testing import CliRunner

    from legalgraph.cli import main

    store = tmp_path_factory.mktemp("store") / "seeds.db"
    r = CliRunner().invoke(main, ["build", str(seeds_dir), "--store", str(store)])
    assert r.exit_code == 0, r.output
    return store
