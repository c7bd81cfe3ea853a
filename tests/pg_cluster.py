"""A throwaway PostgreSQL server for the tests: Debian's ``initdb``/``pg_ctl`` make a
cluster in a temporary folder, listening on 127.0.0.1 on a free port, stopped and
deleted at the end. No mock: the store's SQL runs on a real server.

PostgreSQL refuses to run as root, so under root the server runs as ``nobody`` (with
``runuser``). Tests skip, with the reason, when the server binaries are missing
(``apt-get install postgresql``; the Makefile installs it).

Use the fixtures by importing them into a test module::

    from pg_cluster import pg_server, pg_url  # noqa: F401  (fixtures)
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest


def _bin_dir() -> Path | None:
    env = os.environ.get("VANBAN_PG_BIN")
    cands = [env] if env else sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                                     key=lambda p: int(Path(p).parent.name)
                                     if Path(p).parent.name.isdigit() else 0, reverse=True)
    for c in cands:
        if c and (Path(c) / "initdb").is_file() and (Path(c) / "pg_ctl").is_file():
            return Path(c)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and (Path(found).parent / "initdb").is_file() else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self) -> None:
        self.bin = _bin_dir()
        if self.bin is None:
            pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found; "
                        "install Debian's postgresql package (make deps does)")
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            if not shutil.which("runuser"):
                pytest.skip("running as root without runuser: cannot start PostgreSQL "
                            "as an unprivileged user")
            self.prefix = ["runuser", "-u", "nobody", "--"]
        self.dir = Path(tempfile.mkdtemp(prefix="vanban-pg-"))
        if self.prefix:
            os.chmod(self.dir, 0o700)
            shutil.chown(self.dir, "nobody")
        self.data = self.dir / "data"
        self.port = _free_port()

    def _run(self, *args: str) -> None:
        proc = subprocess.run([*self.prefix, str(self.bin / args[0]), *args[1:]],
                              capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            log = (self.dir / "log")
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {proc.stderr.strip()}\n{tail}")

    def start(self) -> "PgServer":
        self._run("initdb", "-D", str(self.data), "-U", "vanban", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "-t", "60",
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                  "-c fsync=off -c max_connections=200", "start")
        return self

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://vanban@127.0.0.1:{self.port}/{dbname}"

    def create_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=vanban dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@pytest.fixture(scope="session")
def pg_server():
    server = PgServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    """A fresh, empty database on the throwaway server."""
    return pg_server.create_database()
