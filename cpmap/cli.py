"""`cpmap` command line: validate findings files, export the joined layers, draw the map, report coverage, prepare
geometry."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cpmap import config, settings
from cpmap.csvtable import MAX_CSV_BYTES
from cpmap.problems import InputError, Problem

if TYPE_CHECKING:
    from cpmap.dataset import Dataset
    from cpmap.layers import PreparedGeometry
    from cpmap.validate import Reference

# 0: valid / done; 1: the input is invalid; 2: the command could not run (usage, reference data, output path).
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _say(*lines: object) -> None:
    # One stream, so that problem lines and the count that follows them stay in order when piped.
    for line in lines:
        print(line, flush=True)


def _complain(*lines: object) -> None:
    """Problems of commands whose standard output may carry data (export to -): on standard error."""
    for line in lines:
        print(line, file=sys.stderr, flush=True)


def _os_problem(err: OSError) -> Problem:
    """A file the command could not read, named, instead of a traceback."""
    name = str(err.filename) if err.filename else "(unknown file)"
    return Problem(name, 0, "(file)", f"cannot be read: {err.strerror or err}", "a readable file")


def read_input(path: Path, max_bytes: int = MAX_CSV_BYTES) -> tuple[bytes | None, Problem | None]:
    """The file's bytes, or the problem that stops it being read. Reads at most max_bytes + 1 bytes."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as err:
        return None, Problem(str(path), 0, "(file)", f"cannot be read: {err.strerror or err}", "a readable CSV file")
    except ValueError as err:  # e.g. a path with a NUL character
        return None, Problem(str(path)[:200], 0, "(file)", f"cannot be read: {err}", "a readable CSV file")
    if len(data) > max_bytes:
        return None, Problem(str(path), 0, "(file)", f"is over the {max_bytes:,}-byte limit", "a smaller file")
    return data, None


def load_reference() -> Reference:
    """What rows are checked against: the committed lookup and the bundled failure types (not the rest of data/)."""
    from cpmap.dataset import DATA_FILES
    from cpmap.gazetteer import load_gazetteer
    from cpmap.validate import Reference, validate_bytes

    gazetteer = load_gazetteer(settings.layers_dir())
    path = settings.data_dir() / DATA_FILES["failure_types"]
    data, problem = read_input(path)
    if problem:
        raise InputError([problem])
    types = validate_bytes(data or b"", str(path), Reference(gazetteer, frozenset()), "failure_types")
    if types.problems:
        raise InputError(types.problems)
    return Reference(gazetteer, frozenset(r["id"] for r in types.records))


def _with_bundled_findings(reference: Reference) -> Reference:
    """The reference with the bundled findings as known ones, so repeats of them are rejected (as on upload)."""
    from dataclasses import replace

    from cpmap.dataset import DATA_FILES
    from cpmap.validate import known_findings, validate_bytes

    path = settings.data_dir() / DATA_FILES["findings"]
    data, problem = read_input(path)
    if problem:
        raise InputError([problem])
    bundled = validate_bytes(data or b"", str(path), reference, "findings")
    if bundled.problems:
        raise InputError(bundled.problems)
    return replace(reference, known_findings=known_findings(bundled.records))


def cmd_validate(args: argparse.Namespace) -> int:
    from cpmap.validate import Validated, validate_bytes

    try:
        reference = load_reference()
        if args.against_bundled:
            reference = _with_bundled_findings(reference)
    except InputError as err:
        _say(*err.problems, "cpmap validate: cannot check files: the reference data above is unusable")
        return EXIT_USAGE
    except OSError as err:
        _say(_os_problem(err), "cpmap validate: cannot check files: the reference data above is unreadable")
        return EXIT_USAGE
    status = EXIT_OK
    for name in args.files:
        data, problem = read_input(Path(name))
        if problem:
            result = Validated(args.kind or "unknown", name, problems=[problem])
        else:
            result = validate_bytes(data or b"", name, reference, args.kind)
        _say(*result.problems, *(f"note: {n}" for n in result.notes))
        _say(f"{name}: {result.kind}: {'valid' if result.ok else 'INVALID'}: {result.tally()}")
        if not result.ok:
            status = EXIT_INVALID
    return status


def _load_data() -> Dataset:
    """The bundled data; its problems (InputError, OSError) end the command in `main`."""
    from cpmap.dataset import load_dataset

    return load_dataset(settings.data_dir(), settings.layers_dir())


def _load_layers(dataset: Dataset) -> PreparedGeometry:
    """The committed layers, checked against the data's gazetteer; problems end the command in `main`."""
    from cpmap.layers import committed_layers

    return committed_layers(dataset.gazetteer)


def _write_out(out: str, payload: bytes, what: str) -> int:
    """`payload` to the file `out` (or standard output for -); EXIT_USAGE, named, when it cannot be written."""
    if out == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return EXIT_OK
    try:
        Path(out).write_bytes(payload)
    except (OSError, ValueError) as err:
        _complain(f"{out}: (file): cannot be written: {getattr(err, 'strerror', None) or err}")
        return EXIT_USAGE
    _complain(f"wrote {out}: {what}, {len(payload):,} bytes")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from cpmap.export import export_layer

    if not args.all and not (args.layer and args.format):
        _complain("cpmap export: give --layer and --format, or --all for the whole data release")
        return EXIT_USAGE
    dataset = _load_data()
    if args.all:
        return _write_bundle(dataset, Path(args.out))
    payload = export_layer(dataset, _load_layers(dataset), args.layer, args.format)
    return _write_out(args.out, payload, f"{args.layer} as {args.format}")


def _write_bundle(dataset: Dataset, out: Path) -> int:
    from cpmap.bundle import bundle_files, write_bundle

    files = bundle_files(dataset, _load_layers(dataset), settings.data_dir())
    try:
        written = write_bundle(files, out)
    except OSError as err:
        _complain(f"{out}: (file): cannot be written: {err.strerror or err}")
        return EXIT_USAGE
    _complain(
        f"wrote the data release to {out}: {len(written)} files, {sum(p.stat().st_size for p in written):,} bytes"
    )
    return EXIT_OK


def cmd_package(args: argparse.Namespace) -> int:
    from cpmap.datapackage import PACKAGE_FILE, package_descriptor, package_json

    data_dir = settings.data_dir()
    text = package_json(package_descriptor(data_dir))
    path = data_dir / PACKAGE_FILE
    if args.write:
        path.write_text(text, encoding="utf-8")
        _say(f"wrote {path}")
        return EXIT_OK
    if args.check:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current != text:
            _complain(f"{path}: (file): is not what the tables make (run `cpmap package --write`)")
            return EXIT_INVALID
        _say(f"{path}: up to date")
        return EXIT_OK
    _say(text.rstrip("\n"))
    return EXIT_OK


def query_parameters(text: str) -> dict[str, list[str]]:
    """A query string as the dashboard's URL has it: 'a=1&b=2', with or without '?', or a whole link."""
    from urllib.parse import parse_qs, urlsplit

    text = text.strip()
    if "://" in text:
        text = urlsplit(text).query
    return parse_qs(text.removeprefix("?"), keep_blank_values=True)


def cmd_render(args: argparse.Namespace) -> int:
    from cpmap.picture import load_picture_layers, render_png
    from cpmap.urlstate import parse_query
    from cpmap.viewmodel import build_view

    if not args.out and not args.html:
        _complain("cpmap render: give --out for a PNG picture, or --html for a standalone HTML map")
        return EXIT_USAGE
    dataset = _load_data()
    prepared = _load_layers(dataset)
    # The page's own reading of its URL: the same notices, and what is left is drawn, as the page would show it.
    state, notices = parse_query(query_parameters(args.query), dataset)
    _complain(*(f"--query: {notice}" for notice in notices))
    view = build_view(dataset, state.filters)
    status = EXIT_OK
    if args.out:
        status = _write_out(args.out, render_png(view, state, dataset, load_picture_layers(prepared)), "PNG")
    if args.html and status == EXIT_OK:
        from cpmap.standalone import LeafletMissingError, standalone_html

        try:
            page = standalone_html(view, state, dataset, prepared.councils_path, prepared.forces_path)
        except LeafletMissingError as err:
            _complain(f"cpmap render: {err}")
            return EXIT_USAGE
        status = _write_out(args.html, page.encode("utf-8"), "standalone HTML map")
    return status if status != EXIT_OK else (EXIT_INVALID if notices else EXIT_OK)


def cmd_coverage(args: argparse.Namespace) -> int:
    from cpmap.coverage import compute_coverage, coverage_table, readme_section, replace_readme_section

    dataset = _load_data()
    table = coverage_table(compute_coverage(dataset))
    readme = settings.data_dir() / "README.md"
    if not args.write:
        _say(table)
        return EXIT_OK
    text = readme.read_text(encoding="utf-8")
    if readme_section(text) is None:
        _complain(f"{readme}: (file): has no coverage markers (expected the coverage:start and coverage:end comments)")
        return EXIT_INVALID
    readme.write_text(replace_readme_section(text, table), encoding="utf-8")
    _say(f"updated the coverage table in {readme}")
    return EXIT_OK


def cmd_check_reports(args: argparse.Namespace) -> int:
    from cpmap.dataset import DATA_FILES, validate_dataset
    from cpmap.gazetteer import load_gazetteer
    from cpmap.reportcheck import ReportTexts, Tables, check_reports, list_passages

    texts = ReportTexts.open(Path(args.texts))
    if args.list:
        for label, line, police in list_passages(texts, args.list, police_only=False):
            _say(f"{'*' if police else ' '} {label!r} (line {line})")
        return EXIT_OK
    data_dir = Path(args.data) if args.data else settings.data_dir()
    results = validate_dataset(data_dir, load_gazetteer(settings.layers_dir()))
    problems = [p for r in results.values() for p in r.problems]
    if problems:
        raise InputError(problems)
    records = {kind: r.records for kind, r in results.items()}
    tables = Tables(
        findings=records["findings"],
        later_findings=records["later_findings"],
        passages=records["passages"],
        reports_read=[
            r["report_url"]
            for kind in ("inspections", "next_inspections")
            for r in records[kind]
            if r.get("police_read", "yes") == "yes"
        ],
        files={kind: str(data_dir / name) for kind, name in DATA_FILES.items()},
        then_latest=records["then_latest"],
        inspections=records["inspections"],
    )
    result = check_reports(tables, texts)
    _say(*result.problems, f"cpmap check-reports: {result.summary()}")
    return EXIT_OK if not result.problems else EXIT_INVALID


def cmd_prepare(args: argparse.Namespace) -> int:
    from cpmap.geometry import prepare_layers

    source = Path(args.source) if args.source else settings.boundaries_dir()
    if source is None:
        _complain(
            "cpmap prepare: no ONS originals to remake the layers from: pass --from DIR or set BOUNDARIES_DIR "
            f"(see geo/README.md). Nothing needs preparing to run the dashboard: it draws {config.LAYERS_SUBDIR}."
        )
        return EXIT_USAGE
    written = prepare_layers(source, Path(args.out))
    sizes = ", ".join(f"{p.name} {p.stat().st_size:,} bytes" for p in written)
    print(f"prepared the map layers from {source} in {args.out}: {sizes}")
    return EXIT_OK


def _kinds() -> list[str]:
    from cpmap.validate import TABLES

    return list(TABLES)


def build_parser() -> argparse.ArgumentParser:
    """The commands and their arguments, as `cpmap --help` lists them.

    Longer than 50 lines on purpose: it is a declaration, one block per command in help order, and splitting it
    would only scatter what each command takes.
    """
    parser = argparse.ArgumentParser(prog="cpmap", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate",
        help="check findings or inspections CSV files",
        description="Check CSV files row by row. Prints one line per problem (FILE:LINE: column: what is wrong "
        "(what was expected)) and a count per file; exit status 0 when every file is valid, 1 otherwise.",
    )
    validate.add_argument("files", nargs="+", help="CSV files to check")
    validate.add_argument("--kind", choices=_kinds(), help="file kind (default: detected from the header)")
    validate.add_argument(
        "--against-bundled",
        action="store_true",
        help="also reject findings that repeat one of the bundled findings, as the dashboard's upload does",
    )
    validate.set_defaults(func=cmd_validate)
    export = commands.add_parser(
        "export", help="write the joined council or force layer, every finding, or the whole data release"
    )
    export.add_argument("--layer", choices=["councils", "forces", "findings"])
    export.add_argument("--format", choices=["geojson", "csv"])
    export.add_argument(
        "--all",
        action="store_true",
        help="the whole data release into the folder --out: the tables and their data package, the joined GeoJSON "
        "layers, the rule book, the data README and the citation",
    )
    export.add_argument("--out", required=True, help="output path, or - for standard output (a folder with --all)")
    export.set_defaults(func=cmd_export)
    package = commands.add_parser(
        "package",
        help="print, write or check data/datapackage.json (a Frictionless Data Package made from the tables)",
    )
    package.add_argument("--write", action="store_true", help="rewrite data/datapackage.json")
    package.add_argument("--check", action="store_true", help="exit 1 if data/datapackage.json is out of date")
    package.set_defaults(func=cmd_package)
    render = commands.add_parser(
        "render",
        help="draw the map as a PNG picture, for a report",
        description="Draw the map of a view (layer, filters, selected area) with its legend, the filters in words, "
        "the dates of the data and the attribution, as a PNG. --query takes the query string of the dashboard's "
        "address (or the whole link). Parameters it cannot use are named on standard error, the rest is drawn as "
        "the page would show it, and the exit status is 1; 0 when the whole query was used.",
    )
    render.add_argument("--out", help="output PNG path, or - for standard output")
    render.add_argument(
        "--html",
        metavar="PATH",
        help="also (or instead) one self-contained HTML map of the view: Leaflet, geometry, colours, tooltips and "
        "legend inside it, nothing fetched when it opens (needs `make vendor`)",
    )
    render.add_argument("--query", default="", help='the view, e.g. "type=DA_LATE&area=E06000004" (default: none)')
    render.set_defaults(func=cmd_render)
    coverage = commands.add_parser("coverage", help="print the coverage table of the bundled data")
    coverage.add_argument("--write", action="store_true", help="rewrite the table in data/README.md")
    coverage.set_defaults(func=cmd_coverage)
    check = commands.add_parser(
        "check-reports",
        help="check citations, quotations and police passages against the reports' text",
        description="Check the data against the reports' text (pdftotext -layout, with an index.csv naming each "
        "report_url's file): every cited paragraph exists, every quoted phrase is word for word in the cited "
        "paragraphs, police_named = yes holds, and every passage of the reports read that names the police has a "
        "row in passages.csv. One line per problem (FILE:LINE: column: what is wrong); exit status 1 if any.",
    )
    check.add_argument("--texts", required=True, metavar="DIR", help="the reports' text, e.g. ../shared/reports")
    check.add_argument("--data", metavar="DIR", help="the tables (default: data/, or CPMAP_DATA_DIR)")
    check.add_argument("--list", metavar="REPORT_URL", help="list one report's passages (* names the police)")
    check.set_defaults(func=cmd_check_reports)
    prepare = commands.add_parser(
        "prepare",
        help="remake the committed map layers from the ONS December 2016 files",
        description="Remake geo/2016 (councils.json, forces.json, council_force_lookup.csv) from the ONS originals: "
        "coverage-preserving simplification and rounding as set in geo/prepare.toml, forces dissolved from councils.",
    )
    prepare.add_argument(
        "--from",
        dest="source",
        metavar="DIR",
        help=f"folder holding the ONS files (default: {settings.BOUNDARIES_DIR.name}, else {config.BOUNDARIES_BESIDE} if present)",
    )
    prepare.add_argument(
        "--out", default=str(config.LAYERS_DIR), metavar="DIR", help=f"where to write (default: {config.LAYERS_SUBDIR})"
    )
    prepare.set_defaults(func=cmd_prepare)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading: not an error of ours
        sys.stderr.close()
        return EXIT_OK
    # The one way out for input a command could not use: its problems, named, on standard error (never a traceback).
    except InputError as err:
        _complain(*err.problems)
    except OSError as err:
        _complain(_os_problem(err))
    return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
