"""Start a Streamlit app with its real server on a free loopback port, wait until healthy, stop it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[3]
STARTUP_TIMEOUT_S = 90.0


@dataclass(frozen=True)
class AppServer:
    """A running `streamlit run` process and where to reach it."""

    script: Path
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    base_path: str = ""  # server.baseUrlPath, e.g. "cpmap"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/" + (f"{self.base_path}/" if self.base_path else "")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it; never 8501/8599)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(port: int, timeout: float = 2, base_path: str = "") -> bool:
    """Whether the server on `port` (under `base_path`) answers its health check with ok."""
    prefix = f"/{base_path}" if base_path else ""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{prefix}/_stcore/health", timeout=timeout) as response:
            return response.read().decode().strip() == "ok"
    except OSError:
        return False


def start(script: Path, extra_env: dict[str, str] | None = None, base_path: str = "") -> AppServer:
    """`python -m streamlit run <script>` with cwd = project root (so .streamlit/config.toml applies).

    `base_path` is Streamlit's server.baseUrlPath: the app is then at http://127.0.0.1:<port>/<base_path>/ (`url`).
    """
    port = free_port()
    env = {**os.environ, **(extra_env or {})}
    log = Path(tempfile.mkstemp(prefix=f"streamlit-{port}-", suffix=".log")[1])
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        *([f"--server.baseUrlPath={base_path}"] if base_path else []),
    ]
    with open(log, "wb") as sink:
        # Own process group, so stop() ends the server and anything it started, and nothing else.
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = AppServer(script, port, process, log, base_path)
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode} before serving:\n{server.log()}")
        if healthy(port, base_path=base_path):
            return server
        time.sleep(0.2)  # polling a process we do not control; there is no event to wait on
    said = server.log()  # before stop(), which removes the log
    stop(server)
    raise RuntimeError(f"streamlit did not answer /_stcore/health within {STARTUP_TIMEOUT_S:.0f} s:\n{said}")


def stop(server: AppServer) -> None:
    """End the server's process group: SIGTERM, then SIGKILL if it lingers."""
    if server.process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=10)
    server.log_path.unlink(missing_ok=True)


@contextlib.contextmanager
def serving(script: Path, extra_env: dict[str, str] | None = None, base_path: str = "") -> Iterator[AppServer]:
    server = start(script, extra_env, base_path)
    try:
        yield server
    finally:
        stop(server)
