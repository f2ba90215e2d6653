"""Throwaway PostgreSQL clusters on loopback for the ops tests (replica, point-in-time recovery).

The Debian server binaries, run as `postgres` when the tests run as root (initdb refuses root),
each cluster on a free port with its sockets in its own temporary directory."""

import os
import subprocess
import time
from pathlib import Path

import psycopg

from tests.support.ports import free_port

PG_BIN = Path(os.environ.get("INTS_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
TOOLS = ("initdb", "pg_ctl", "postgres", "pg_basebackup", "pg_dump", "pg_restore")
MISSING = [tool for tool in TOOLS if not (PG_BIN / tool).exists()]
MISSING_REASON = (
    f"PostgreSQL server binaries missing in {PG_BIN}: {', '.join(MISSING)}"
    " (Debian package postgresql-15)"
)
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
SERVER_OPTIONS = (
    "-c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=30 -c shared_buffers=16MB"
)


def run(*args, as_postgres=False, timeout=120):
    command = [*(AS_POSTGRES if as_postgres else []), *map(str, args)]
    try:
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=timeout)
    except subprocess.CalledProcessError as exc:
        exc.add_note(f"stdout: {exc.stdout[-2000:]}\nstderr: {exc.stderr[-2000:]}")
        raise


class Cluster:
    def __init__(self, root, name):
        self.root, self.data, self.port = root, root / name, free_port()

    def dsn(self, dbname="postgres"):
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={dbname}"

    def init(self):
        run(PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions",
            as_postgres=True)  # fmt: skip

    def start(self):
        os.chmod(self.data, 0o700)  # PostgreSQL refuses a data directory others can read
        options = f"-c port={self.port} -c unix_socket_directories={self.root} {SERVER_OPTIONS}"
        run(PG_BIN / "pg_ctl", "-D", self.data, "-l", f"{self.data}.log", "-o", options,
            "-w", "-t", "60", "start", as_postgres=True)  # fmt: skip
        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(self.dsn(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self, mode="fast"):
        run(PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", as_postgres=True)

    def running(self):
        try:
            self.sql("SELECT 1")
        except psycopg.OperationalError:
            return False
        return True

    def sql(self, statement, params=(), *, dbname="postgres"):
        with psycopg.connect(self.dsn(dbname), autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(statement, params)
            return cursor.fetchone() if cursor.description else None
