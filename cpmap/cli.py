"""`cpmap` command line: validate findings files, export the joined layers, prepare the map geometry."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cpmap import config
from cpmap.csvtable import MAX_CSV_BYTES
from cpmap.problems import InputError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _print_problems(problems: Sequence[object]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _read_input(path: Path) -> bytes | None:
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            print(
                f"{path}: (file): is {path.stat().st_size:,} bytes, over the {MAX_CSV_BYTES:,}-byte limit (a smaller file)",
                file=sys.stderr,
            )
            return None
        return path.read_bytes()
    except OSError as err:
        print(f"{path}: (file): cannot be read: {err.strerror or err}", file=sys.stderr)
        return None


def cmd_validate(args: argparse.Namespace) -> int:
    from cpmap.dataset import load_dataset
    from cpmap.validate import validate_bytes

    try:
        reference = load_dataset(config.DATA_DIR, config.boundaries_dir()).reference
    except InputError as err:
        _print_problems(err.problems)
        return EXIT_INVALID
    status = EXIT_OK
    for path in args.files:
        data = _read_input(Path(path))
        if data is None:
            status = EXIT_INVALID
            continue
        result = validate_bytes(data, str(path), reference, args.kind)
        _print_problems(result.problems)
        verdict = "valid" if result.ok else "INVALID"
        print(f"{path}: {result.kind}: {verdict}: {result.tally()}")
        if not result.ok:
            status = EXIT_INVALID
    return status


def cmd_export(args: argparse.Namespace) -> int:
    from cpmap.dataset import load_dataset
    from cpmap.export import export_layer
    from cpmap.geometry import prepare_geometry

    try:
        dataset = load_dataset(config.DATA_DIR, config.boundaries_dir())
        geometry = prepare_geometry(config.boundaries_dir(), dataset.gazetteer)
    except InputError as err:
        _print_problems(err.problems)
        return EXIT_INVALID
    payload = export_layer(dataset, geometry, args.layer, args.format)
    if args.out == "-":
        sys.stdout.buffer.write(payload)
        return EXIT_OK
    try:
        Path(args.out).write_bytes(payload)
    except OSError as err:
        print(f"{args.out}: (file): cannot be written: {err.strerror or err}", file=sys.stderr)
        return EXIT_INVALID
    print(f"wrote {args.out}: {args.layer} as {args.format}, {len(payload):,} bytes", file=sys.stderr)
    return EXIT_OK


def cmd_prepare(args: argparse.Namespace) -> int:
    from cpmap.gazetteer import load_gazetteer
    from cpmap.geometry import prepare_geometry

    try:
        boundaries = config.boundaries_dir()
        prepared = prepare_geometry(boundaries, load_gazetteer(boundaries))
    except InputError as err:
        _print_problems(err.problems)
        return EXIT_INVALID
    sizes = ", ".join(f"{p.name} {p.stat().st_size:,} bytes" for p in (prepared.councils_path, prepared.forces_path))
    print(f"prepared geometry in {prepared.directory}: {sizes}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cpmap", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check findings or inspections CSV files")
    validate.add_argument("files", nargs="+", help="CSV files to check")
    validate.add_argument("--kind", choices=["findings", "inspections"], help="file kind (default: from the header)")
    validate.set_defaults(func=cmd_validate)
    export = commands.add_parser("export", help="write the joined council or force layer")
    export.add_argument("--layer", choices=["councils", "forces"], required=True)
    export.add_argument("--format", choices=["geojson", "csv"], required=True)
    export.add_argument("--out", required=True, help="output path, or - for standard output")
    export.set_defaults(func=cmd_export)
    prepare = commands.add_parser("prepare", help="build the cached map geometry from BOUNDARIES_DIR")
    prepare.set_defaults(func=cmd_prepare)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
