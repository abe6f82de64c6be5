"""Render the committed nginx templates (serve/nginx/) for a set of app processes.

`python -m serve.nginxconf --listen 80 --server-name example.org 127.0.0.1:8502 127.0.0.1:8503` prints the
http-level snippet a host can include from its own nginx; `make serve` writes both files into its prefix.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "nginx"
# A lost process is left out for this long before nginx tries it again; short, so a restarted one rejoins quickly.
FAIL_TIMEOUT_S = 5
# Failed attempts within FAIL_TIMEOUT_S before a process is left out. A dead process refuses connections at once
# and each refused request is retried on another process straight away, so 3 costs nothing when a process is
# lost, and one stray error on a busy machine does not move a healthy process's browsers.
MAX_FAILS = 3


def _server(address: str, fail_timeout_s: int, backup: bool = False) -> str:
    return f"    server {address} max_fails={MAX_FAILS} fail_timeout={fail_timeout_s}s{' backup' if backup else ''};"


def upstreams(addresses: list[str], fail_timeout_s: int = FAIL_TIMEOUT_S) -> dict[str, str]:
    """The generated parts of the site snippet, for app processes at `addresses` (host:port).

    One upstream per process (r1, r2, ...) with every other process as its backup, for browsers that have a route
    cookie; and one over all of them (least connections) for new browsers.
    """
    if not addresses:
        raise ValueError("at least one app process is needed")
    blocks, routes, served = [], [], []
    for n, address in enumerate(addresses, start=1):
        lines = [_server(address, fail_timeout_s)]
        lines += [_server(other, fail_timeout_s, backup=True) for other in addresses if other != address]
        blocks.append(f"upstream cpmap_r{n} {{\n" + "\n".join(lines) + "\n}")
        routes.append(f"    r{n} cpmap_r{n};")
        # $upstream_addr lists every address tried ("a, b"); the last one answered
        served.append(f'    "~(^|, ){re.escape(address)}$" r{n};')
    everyone = "\n".join(_server(a, fail_timeout_s) for a in addresses)
    blocks.append(f"upstream cpmap_new {{\n    least_conn;\n{everyone}\n}}")
    return {"UPSTREAMS": "\n\n".join(blocks), "ROUTES": "\n".join(routes), "SERVED": "\n".join(served)}


def _fill(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace(f"@{name}@", value)
    if "@" in "".join(line.split("#", 1)[0] for line in template.splitlines()):
        raise ValueError("a placeholder was left unfilled")
    return template


def render_site(listen: str, addresses: list[str], server_name: str = "_") -> str:
    """The http-level snippet: route cookie, upstream of `addresses`, and the server listening on `listen`."""
    text = (TEMPLATES / "cpmap.conf").read_text(encoding="utf-8")
    return _fill(text, {"LISTEN": listen, "SERVER_NAME": server_name, **upstreams(addresses)})


def render_main(prefix: Path) -> str:
    """The standalone nginx.conf for `make serve`: pid, logs and temp files under `prefix`."""
    return _fill((TEMPLATES / "nginx.conf").read_text(encoding="utf-8"), {"PREFIX": str(prefix)})


def write_config(prefix: Path, listen: str, addresses: list[str]) -> Path:
    """Write nginx.conf and cpmap.conf into `prefix` (and its temp dirs); return the nginx.conf path."""
    (prefix / "temp").mkdir(parents=True, exist_ok=True)
    (prefix / "cpmap.conf").write_text(render_site(listen, addresses), encoding="utf-8")
    main = prefix / "nginx.conf"
    main.write_text(render_main(prefix), encoding="utf-8")
    return main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m serve.nginxconf", description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", default="80", help="nginx `listen` value, e.g. 80 or 127.0.0.1:8700")
    parser.add_argument("--server-name", default="_")
    parser.add_argument("addresses", nargs="+", help="app processes as host:port")
    args = parser.parse_args(argv)
    sys.stdout.write(render_site(args.listen, args.addresses, args.server_name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
