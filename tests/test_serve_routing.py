"""The proxy's sticky routing, evaluated the way nginx evaluates its `map` blocks, without nginx.

A browser carries `cpmap_route`; after a failover the request is answered by another process, and the response
must re-label the browser at once, or its next requests go back to the dead process until nginx gives up on it.
"""

from __future__ import annotations

import re

import pytest

from serve.nginxconf import render_site

ADDRESSES = ["127.0.0.1:8502", "127.0.0.1:8503", "127.0.0.1:8504"]


def _maps(config: str) -> dict[str, list[tuple[str, str]]]:
    """Each `map SOURCE $variable { key value; ... }` block: variable -> [(key, value)] in order."""
    maps = {}
    for _source, variable, body in re.findall(r"map (\S+|\"[^\"]*\") \$(\w+) \{\n(.*?)\n\}", config, re.S):
        entries = []
        for line in body.splitlines():
            line = line.split("#", 1)[0].strip().rstrip(";")
            if not line:
                continue
            key, value = re.match(r'("[^"]*"|\S+)\s+(.*)$', line).groups()
            entries.append((key.strip('"'), value.strip().strip('"')))
        maps[variable] = entries
    return maps


def _lookup(entries: list[tuple[str, str]], value: str, variables: dict[str, str]) -> str:
    """nginx's order: an exact key first, then the regular expressions in order, then `default`."""

    def expand(text: str, groups: tuple[str, ...] = ()) -> str:
        text = re.sub(r"\$(\d)", lambda m: groups[int(m.group(1)) - 1] if int(m.group(1)) <= len(groups) else "", text)
        return re.sub(r"\$(\w+)", lambda m: variables.get(m.group(1), ""), text)

    for key, result in entries:
        if not key.startswith("~") and key != "default" and key == value:
            return expand(result)
    for key, result in entries:
        if key.startswith("~"):
            match = re.search(key[1:], value)
            if match:
                return expand(result, match.groups())
    return expand(dict(entries).get("default", ""))


def route(cookie: str, upstream_addr: str) -> tuple[str, str]:
    """(the upstream a request with `cookie` goes to, the Set-Cookie header after `upstream_addr` answered)."""
    maps = _maps(render_site("8700", ADDRESSES))
    upstream = _lookup(maps["cpmap_upstream"], cookie, {})
    served = _lookup(maps["cpmap_served"], upstream_addr, {})
    header = _lookup(maps["cpmap_route_cookie"], f"{cookie}|{served}", {"cpmap_served": served})
    return upstream, header


def test_a_new_browser_goes_to_the_least_busy_process_and_is_labelled():
    assert route("", "127.0.0.1:8503") == ("cpmap_new", "cpmap_route=r2; Path=/; HttpOnly; SameSite=Lax")


def test_a_labelled_browser_goes_to_its_own_process_and_is_not_labelled_again():
    assert route("r1", "127.0.0.1:8502") == ("cpmap_r1", "")


@pytest.mark.parametrize(
    ("tried", "label"),
    [
        ("127.0.0.1:8502, 127.0.0.1:8503", "r2"),  # r1 refused: its backup answered
        ("127.0.0.1:8502, 127.0.0.1:8504", "r3"),
        ("127.0.0.1:8502, 127.0.0.1:8503, 127.0.0.1:8504", "r3"),  # the last address tried answered
    ],
)
def test_after_a_failover_the_first_response_relabels_the_browser(tried, label):
    upstream, header = route("r1", tried)
    assert upstream == "cpmap_r1"
    assert header == f"cpmap_route={label}; Path=/; HttpOnly; SameSite=Lax"


def test_an_unknown_label_goes_to_the_least_busy_process():
    assert route("r9", "127.0.0.1:8504")[0] == "cpmap_new"


def test_no_answer_sets_no_cookie():
    assert route("r1", "")[1] == ""


def test_the_command_prints_the_snippet_for_a_hosts_nginx(capsys):
    from serve.nginxconf import main

    assert main(["--listen", "127.0.0.1:8700", "--server-name", "maps.example.org", *ADDRESSES[:2]]) == 0
    out = capsys.readouterr().out
    assert out == render_site("127.0.0.1:8700", ADDRESSES[:2], "maps.example.org")
    assert "listen 127.0.0.1:8700;" in out and "server_name maps.example.org;" in out
    assert main(ADDRESSES[:1]) == 0
    assert "listen 80;" in capsys.readouterr().out


def test_make_serve_writes_both_files_under_its_prefix(tmp_path):
    from serve.nginxconf import write_config

    main = write_config(tmp_path, "127.0.0.1:8700", ADDRESSES)
    assert main == tmp_path / "nginx.conf" and (tmp_path / "temp").is_dir()
    text = main.read_text(encoding="utf-8")
    assert f"pid {tmp_path}/nginx.pid;" in text and f"include {tmp_path}/cpmap.conf;" in text
    assert f"client_body_temp_path {tmp_path}/temp/client_body;" in text and "@" not in text
    assert (tmp_path / "cpmap.conf").read_text(encoding="utf-8") == render_site("127.0.0.1:8700", ADDRESSES)


def test_each_process_is_dropped_after_three_failures_for_five_seconds():
    config = render_site("8700", ADDRESSES)
    assert config.count("    server 127.0.0.1:8502 max_fails=3 fail_timeout=5s;") == 2  # its own upstream, and new
    assert config.count("    server 127.0.0.1:8502 max_fails=3 fail_timeout=5s backup;") == 2  # the others' backup
    assert "upstream cpmap_new {\n    least_conn;\n" in config
