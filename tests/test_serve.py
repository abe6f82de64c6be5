"""`make serve`'s nginx configuration and supervisor, without a browser: the rendered files are valid nginx, and
a run never starts on ports another server holds. (tests/browser/test_replicas.py runs the whole thing.)"""

from __future__ import annotations

import re
import socket
import subprocess
from pathlib import Path

import pytest

from serve import nginxconf
from serve.supervisor import Supervisor, find_nginx, port_free


def test_each_process_has_its_own_upstream_with_the_others_as_backup():
    addresses = ["127.0.0.1:8701", "127.0.0.1:8702", "127.0.0.1:8703"]
    text = nginxconf.render_site("127.0.0.1:8700", addresses)
    blocks = dict(re.findall(r"^upstream (\S+) \{\n(.*?)^\}", text, re.M | re.S))
    assert set(blocks) == {"cpmap_r1", "cpmap_r2", "cpmap_r3", "cpmap_new"}
    for n, address in enumerate(addresses, start=1):
        servers = [line.split() for line in blocks[f"cpmap_r{n}"].splitlines() if line.strip().startswith("server")]
        assert servers[0][1] == address and "backup;" not in servers[0]  # its own process first ...
        assert sorted(s[1] for s in servers[1:]) == sorted(set(addresses) - {address})  # ... the rest as backup
        assert all(s[-1] == "backup;" for s in servers[1:])
        assert all(f"max_fails={nginxconf.MAX_FAILS}" in s for s in servers)
        assert f"    r{n} cpmap_r{n};" in text
    assert "least_conn;" in blocks["cpmap_new"] and "backup" not in blocks["cpmap_new"]
    assert "listen 127.0.0.1:8700;" in text


def test_no_placeholder_is_left_and_none_may_be_missing():
    assert "@" not in nginxconf.render_main(Path("/tmp/x")).replace("# ", "")
    with pytest.raises(ValueError):
        nginxconf.upstreams([])


def test_rendered_configuration_is_valid_nginx(tmp_path):
    """`nginx -t` on the files make serve writes: parses, and every path it needs lies under its own prefix."""
    config = nginxconf.write_config(tmp_path, "127.0.0.1:8700", ["127.0.0.1:8701", "127.0.0.1:8702"])
    result = subprocess.run(
        [find_nginx(), "-t", "-p", str(tmp_path), "-c", str(config), "-e", "stderr"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_the_snippet_alone_is_valid_inside_a_hosts_http_block(tmp_path):
    """What a host includes from its own nginx.conf (README): checked inside a minimal main configuration."""
    (tmp_path / "cpmap.conf").write_text(nginxconf.render_site("127.0.0.1:8700", ["127.0.0.1:8701"]))
    (tmp_path / "temp").mkdir()
    host = tmp_path / "host.conf"
    host.write_text(
        f"pid {tmp_path}/nginx.pid; error_log stderr; events {{}}\n"
        f"http {{ client_body_temp_path {tmp_path}/temp; proxy_temp_path {tmp_path}/temp; "
        f"fastcgi_temp_path {tmp_path}/temp; uwsgi_temp_path {tmp_path}/temp; scgi_temp_path {tmp_path}/temp; "
        f"access_log off; include {tmp_path}/cpmap.conf; }}\n"
    )
    result = subprocess.run(
        [find_nginx(), "-t", "-p", str(tmp_path), "-c", str(host), "-e", "stderr"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_a_run_refuses_ports_that_are_taken_and_leaves_no_state(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        assert not port_free("127.0.0.1", taken)
        supervisor = Supervisor(taken - 1, 2, tmp_path / "prefix")
        with pytest.raises(RuntimeError, match=str(taken)):
            supervisor.start()
        supervisor.stop()
    assert not (tmp_path / "prefix").exists()
    assert port_free("127.0.0.1", taken)
