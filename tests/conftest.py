"""Shared fixtures: the bundled seeds, the gazette corpus, the gold answers."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
GOLD = Path(__file__).resolve().parent / "gold"


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
def gazette_truth() -> list[dict]:
    return json.loads((GOLD / "gazette_identity.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def extractor():
    from legalgraph.extract.pipeline import extractor as get

    return get()
