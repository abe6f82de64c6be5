"""`python -m serve --port 8501 --replicas 2`: the dashboard on N processes behind nginx, until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from serve.supervisor import PROJECT_ROOT, Supervisor


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m serve", description=__doc__)
    parser.add_argument("--port", type=int, default=8501, help="nginx's port; app processes take the next ones")
    parser.add_argument("--replicas", type=int, default=2, help="app processes (1-16)")
    parser.add_argument("--host", default="127.0.0.1", help="address nginx listens on (0.0.0.0 for every one)")
    parser.add_argument("--prefix", type=Path, help="nginx prefix, logs and state.json (default build/serve/<port>)")
    parser.add_argument("--no-restart", action="store_true", help="do not restart an app process that dies")
    parser.add_argument(
        "--restart-delay", type=float, default=1.0, help="seconds a dead app process stays down before its restart"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.replicas <= 16:
        parser.error("--replicas must be between 1 and 16")
    prefix = (args.prefix or PROJECT_ROOT / "build" / "serve" / str(args.port)).resolve()
    supervisor = Supervisor(
        args.port,
        args.replicas,
        prefix,
        host=args.host,
        restart=not args.no_restart,
        restart_delay_s=max(0.0, args.restart_delay),
    )

    def on_signal(signum: int, _frame: object) -> None:
        supervisor.stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        supervisor.start()
        ports = ", ".join(str(a.port) for a in supervisor.apps)
        print(
            f"serve: http://{args.host}:{args.port}/ -> nginx -> {args.replicas} app processes on ports {ports}; "
            f"logs and state in {prefix}. Ctrl-C stops everything.",
            file=sys.stderr,
            flush=True,
        )
        supervisor.run()
    except RuntimeError as err:
        print(f"serve: {err}", file=sys.stderr)
        return 1
    finally:
        supervisor.stop()
        print("serve: stopped nginx and every app process", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
