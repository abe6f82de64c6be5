"""`make serve`'s supervision, without processes: which dead app process is restarted, when, and what is told.

The processes themselves (start, health, stop) are exercised end to end by tests/browser/test_replicas.py."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

import serve.supervisor as supervisor
from serve.supervisor import Replica, Supervisor, read_state


@dataclass
class FakeProcess:
    returncode: int | None = None
    pid: int = 4242

    def poll(self) -> int | None:
        return self.returncode


class FakeReplica(Replica):
    def start(self, env: dict[str, str]) -> None:
        self.process = FakeProcess(pid=5000 + self.restarts)
        self.started_at = supervisor.time.monotonic()


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(supervisor.time, "monotonic", lambda: now[0])
    return now


def _supervised(tmp_path, clock, **options) -> Supervisor:
    run = Supervisor(8700, 2, tmp_path, **options)
    run.apps = [FakeReplica(8701, tmp_path / "a.log"), FakeReplica(8702, tmp_path / "b.log")]
    for app in run.apps:
        app.start({})
    clock[0] += supervisor.MIN_RESTART_INTERVAL_S + 1
    return run


def test_a_live_process_is_left_alone(tmp_path, clock):
    run = _supervised(tmp_path, clock)
    assert run.check() == []
    assert [a.restarts for a in run.apps] == [0, 0]


def test_a_dead_process_is_restarted_after_the_delay_and_the_state_file_says_so(tmp_path, clock):
    run = _supervised(tmp_path, clock, restart_delay_s=1.0)
    run.apps[1].process.returncode = -9
    assert run.check() == []  # first seen dead: it stays down for restart_delay_s
    clock[0] += 0.5
    assert run.check() == []
    clock[0] += 0.6
    events = run.check()
    assert events == ["app process on port 8702 exited (-9); restarted (pid 5001)"]
    assert run.apps[1].alive() and run.apps[1].restarts == 1 and run.apps[1].died_seen_at is None
    state = read_state(tmp_path)
    assert [r["restarts"] for r in state["replicas"]] == [0, 1]
    assert state["replicas"][1] == {"port": 8702, "pid": 5001, "restarts": 1}
    assert state["url"] == "http://127.0.0.1:8700/" and state["port"] == 8700


def test_a_process_that_keeps_dying_is_not_restarted_in_a_loop(tmp_path, clock):
    run = _supervised(tmp_path, clock, restart_delay_s=0.0)
    run.apps[0].process.returncode = 1
    assert len(run.check()) == 1
    run.apps[0].process.returncode = 1  # died again at once
    clock[0] += supervisor.MIN_RESTART_INTERVAL_S - 0.5
    assert run.check() == []
    clock[0] += 1.0
    assert len(run.check()) == 1 and run.apps[0].restarts == 2


@pytest.mark.parametrize("option", ["no_restart", "stopping"])
def test_nothing_is_restarted_when_restarts_are_off_or_the_run_is_stopping(tmp_path, clock, option):
    run = _supervised(tmp_path, clock, restart=option != "no_restart", restart_delay_s=0.0)
    if option == "stopping":
        run.stopping.set()
    run.apps[0].process.returncode = 1
    clock[0] += 10
    assert run.check() == [] and run.apps[0].restarts == 0


def test_a_dead_nginx_ends_supervision_with_its_exit_code(tmp_path, clock):
    run = _supervised(tmp_path, clock)
    run.nginx = FakeProcess(returncode=2)
    with pytest.raises(RuntimeError, match="nginx exited with code 2"):
        run.check()


def test_a_replicas_addresses_are_loopback(tmp_path):
    app = Replica(8701, tmp_path / "a.log")
    assert app.address == "127.0.0.1:8701"
    assert app.health_url == "http://127.0.0.1:8701/_stcore/health"
    assert not app.alive()


def test_the_state_file_is_replaced_whole(tmp_path, clock):
    run = _supervised(tmp_path, clock)
    run.write_state()
    assert not (tmp_path / "state.tmp").exists()
    assert json.loads((tmp_path / "state.json").read_text())["replicas"][0]["pid"] == 5000
