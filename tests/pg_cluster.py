"""A throwaway PostgreSQL cluster on loopback: for the tests' ``pg_server`` fixture and the benchmarks."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_USER = "pledgewatch"
PG_START_TIMEOUT_S = 60


def pg_bindir() -> str | None:
    """The folder of the newest installed PostgreSQL's programs (initdb, pg_ctl), if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def postgres_cluster(bindir: str) -> Iterator[str]:
    """A cluster in a temp dir (as user postgres when run as root), stopped and removed on exit; its base URL."""
    base = Path(tempfile.mkdtemp(prefix="pledgewatch-pg-"))
    user = None
    if os.geteuid() == 0:
        user = "postgres"
        owner = pwd.getpwnam(user)
        os.chown(base, owner.pw_uid, owner.pw_gid)
    data, port = base / "data", free_port()

    def run(*args: str) -> None:
        subprocess.run(args, check=True, user=user, capture_output=True, timeout=PG_START_TIMEOUT_S)

    try:
        run(f"{bindir}/initdb", "-D", str(data), "-U", PG_USER, "-A", "trust", "-E", "UTF8", "--locale=C")
        run(f"{bindir}/pg_ctl", "-D", str(data), "-l", str(base / "log"), "-w", "-t", str(PG_START_TIMEOUT_S),
            "-o", f"-h 127.0.0.1 -p {port} -k {base} -F", "start")
        yield f"postgresql://{PG_USER}@127.0.0.1:{port}"
    finally:
        subprocess.run([f"{bindir}/pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop"],
                       check=False, user=user, capture_output=True, timeout=PG_START_TIMEOUT_S)
        shutil.rmtree(base, ignore_errors=True)
