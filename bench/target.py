"""What `make load` loads: one server it starts itself, or a running address (`make serve`'s nginx, or any).

For a `make serve` address, the app processes behind the proxy are read from build/serve/<port>/state.json,
re-read on every look so that a restarted process is followed; their memory and CPU come from /proc.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tests.browser.support.appserver import PROJECT_ROOT, AppServer

SERVE_DIR = PROJECT_ROOT / "build" / "serve"


@dataclass(frozen=True)
class Process:
    """One app process: its loopback port and (when known) its pid."""

    port: int
    pid: int | None


@dataclass(frozen=True)
class Target:
    url: str  # where the browsers go, ending in /
    server: AppServer | None = None  # the server this run started, if any
    state_file: Path | None = None  # make serve's state.json, if the target is one

    @classmethod
    def started(cls, server: AppServer) -> Target:
        return cls(server.url, server=server)

    @classmethod
    def at(cls, url: str) -> Target:
        """A running address; if `make serve` runs on its port here, its processes are known too."""
        url = url if url.endswith("/") else url + "/"
        port = urlsplit(url).port or 80
        state = SERVE_DIR / str(port) / "state.json"
        return cls(url, state_file=state if state.is_file() else None)

    def _state(self) -> dict:
        assert self.state_file is not None
        return json.loads(self.state_file.read_text(encoding="utf-8"))

    def processes(self) -> list[Process]:
        """The app processes serving this target now (empty if unknown)."""
        if self.server is not None:
            return [Process(self.server.port, self.server.process.pid)]
        if self.state_file is not None:
            return [Process(r["port"], r["pid"]) for r in self._state()["replicas"]]
        port = urlsplit(self.url).port or 80
        return [Process(port, None)]

    def proxy_pid(self) -> int | None:
        return self._state().get("nginx_pid") if self.state_file is not None else None

    @property
    def behind_proxy(self) -> bool:
        return self.state_file is not None

    def healthy(self, timeout: float = 5) -> bool:
        """/_stcore/health through the target's own address (through the proxy, if there is one)."""
        try:
            with urllib.request.urlopen(f"{self.url}_stcore/health", timeout=timeout) as response:
                return response.read().decode().strip() == "ok"
        except OSError:
            return False


def process_metrics(port: int) -> dict[str, float]:
    """Streamlit's own counters from one process's /_stcore/metrics (OpenMetrics text)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/metrics", timeout=5) as response:
        text = response.read().decode()
    values = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            values[name] = float(value)
    return values
