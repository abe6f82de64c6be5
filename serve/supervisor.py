"""Run N Streamlit processes and nginx in front of them, restart a process that dies, stop everything on Ctrl-C.

Every child runs in its own process group, so the terminal's Ctrl-C reaches only this supervisor, which then
stops nginx first (no new requests) and the app processes after it, and waits for each. What runs where is
written to <prefix>/state.json (for `make load` and the fault test) whenever it changes.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from serve import nginxconf

PROJECT_ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 10.0
CHECK_EVERY_S = 0.5
# A process that keeps dying is restarted at most this often, so a broken build cannot spin the CPU.
MIN_RESTART_INTERVAL_S = 3.0


def find_nginx() -> str:
    """Debian's nginx (in /usr/sbin, which is often not on an unprivileged PATH)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise RuntimeError("nginx is not installed: run `make nginx` (apt-get install nginx-light or nginx)")
    return found


def healthy(
    url: str, timeout: float = 2
) -> bool:  # pragma: no mutate block (processes: tests/browser/test_replicas.py)
    """Whether `url` (a /_stcore/health address) answers ok."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode().strip() == "ok"
    except OSError:
        return False


def port_free(host: str, port: int) -> bool:
    """Whether nothing listens on `port` (bind test; loopback and the nginx address both)."""
    for address in {host, "127.0.0.1"}:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a closed server's TIME_WAIT is no owner
            try:
                sock.bind((address, port))
            except OSError:
                return False
    return True


def _stop_group(
    process: subprocess.Popen[bytes], sig: int = signal.SIGTERM
) -> None:  # pragma: no mutate block (processes: tests/browser/test_replicas.py)
    """Signal a child's process group and wait for it; SIGKILL if it lingers."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_TIMEOUT_S)


@dataclass
class Replica:
    """One `streamlit run app.py` on a loopback port."""

    port: int
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    died_seen_at: float | None = None  # when supervision first found it dead
    restarts: int = 0

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def health_url(self) -> str:
        return f"http://{self.address}/_stcore/health"

    def start(self, env: dict[str, str]) -> None:  # pragma: no mutate block (processes: tests/browser/test_replicas.py)
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(PROJECT_ROOT / "app.py"),
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ]
        with open(self.log_path, "ab") as sink:
            self.process = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.started_at = time.monotonic()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class Supervisor:
    """nginx on `port`, app processes on the `replicas` ports after it; files under `prefix`."""

    port: int
    replicas: int
    prefix: Path
    host: str = "127.0.0.1"
    restart: bool = True
    restart_delay_s: float = 1.0  # how long a dead process stays down before it is started again
    extra_env: dict[str, str] = field(default_factory=dict)
    apps: list[Replica] = field(default_factory=list)
    nginx: subprocess.Popen[bytes] | None = None
    stopping: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:  # pragma: no mutate block (processes: tests/browser/test_replicas.py)
        """Start every app process, wait until each is healthy, then put nginx in front."""
        busy = [p for p in range(self.port, self.port + self.replicas + 1) if not port_free(self.host, p)]
        if busy:
            # otherwise another server's health checks would pass for ours, and nginx would fail to listen
            raise RuntimeError(f"port(s) {', '.join(map(str, busy))} already in use: choose another PORT")
        self.prefix.mkdir(parents=True, exist_ok=True)
        env = self._env()
        self.apps = [
            Replica(self.port + i, self.prefix / f"app-{self.port + i}.log") for i in range(1, self.replicas + 1)
        ]
        for app in self.apps:
            app.start(env)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        for app in self.apps:
            self._wait_healthy(app, deadline)
        config = nginxconf.write_config(self.prefix, f"{self.host}:{self.port}", [a.address for a in self.apps])
        with open(self.prefix / "nginx.log", "ab") as sink:
            self.nginx = subprocess.Popen(
                [find_nginx(), "-p", str(self.prefix), "-c", str(config), "-e", "stderr"],
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        while not healthy(f"{self.url}_stcore/health"):
            if self.nginx.poll() is not None:
                log = (self.prefix / "nginx.log").read_text(errors="replace")
                raise RuntimeError(f"nginx exited with code {self.nginx.returncode}:\n{log}")
            if time.monotonic() > deadline:
                raise RuntimeError("nginx did not answer within the start-up time")
            time.sleep(0.1)  # polling a process we do not control
        self.write_state()

    def _env(self) -> dict[str, str]:
        # The processes draw the committed layers (geo/2016): nothing beside the clone is needed.
        return {**os.environ, **self.extra_env}

    def _wait_healthy(
        self, app: Replica, deadline: float
    ) -> None:  # pragma: no mutate block (processes: tests/browser/test_replicas.py)
        while not healthy(app.health_url):
            if not app.alive():
                log = app.log_path.read_text(errors="replace")[-4000:]
                raise RuntimeError(f"app process on port {app.port} exited before serving:\n{log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"app process on port {app.port} not healthy within {STARTUP_TIMEOUT_S:.0f} s")
            time.sleep(0.2)

    def check(self) -> list[str]:
        """One round of supervision: restart app processes that died; what happened, as lines for the log."""
        events = []
        if self.nginx is not None and self.nginx.poll() is not None:
            raise RuntimeError(f"nginx exited with code {self.nginx.returncode}; see {self.prefix / 'nginx.log'}")
        for app in self.apps:
            if app.alive() or not self.restart or self.stopping.is_set():
                continue
            now = time.monotonic()
            if app.died_seen_at is None:
                app.died_seen_at = now
            if now - app.died_seen_at < self.restart_delay_s or now - app.started_at < MIN_RESTART_INTERVAL_S:
                continue
            code = app.process.returncode if app.process else None
            app.died_seen_at = None
            app.restarts += 1
            app.start(self._env())
            events.append(f"app process on port {app.port} exited ({code}); restarted (pid {app.process.pid})")
        if events:
            self.write_state()
        return events

    def run(self) -> None:  # pragma: no mutate block (processes: tests/browser/test_replicas.py)
        """Supervise until stop() is called or a signal arrives."""
        while not self.stopping.wait(CHECK_EVERY_S):
            for line in self.check():
                print(f"serve: {line}", file=sys.stderr, flush=True)

    def stop(self) -> None:  # pragma: no mutate block (processes: tests/browser/test_replicas.py)
        """nginx first (no new requests reach a stopping process), then every app process; wait for all."""
        self.stopping.set()
        if self.nginx is not None:
            _stop_group(self.nginx, signal.SIGTERM)
        for app in self.apps:
            if app.process is not None:
                _stop_group(app.process, signal.SIGTERM)
        if self.apps:  # a run that never started must not overwrite another's state file
            self.write_state()

    def state(self) -> dict[str, object]:
        return {
            "url": self.url,
            "port": self.port,
            "prefix": str(self.prefix),
            "supervisor_pid": os.getpid(),
            "nginx_pid": self.nginx.pid if self.nginx and self.nginx.poll() is None else None,
            "replicas": [
                {"port": a.port, "pid": a.process.pid if a.alive() and a.process else None, "restarts": a.restarts}
                for a in self.apps
            ],
        }

    def write_state(self) -> None:
        path = self.prefix / "state.json"
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.state(), indent=1), encoding="utf-8")
        temporary.replace(path)  # readers never see half a file


def read_state(prefix: Path) -> dict[str, object]:
    return json.loads((prefix / "state.json").read_text(encoding="utf-8"))
