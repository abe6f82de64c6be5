"""Read CSV bytes from anywhere into line-numbered rows, reporting every problem instead of raising."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from cpmap.problems import Problem

# Large enough for any real findings file; an upload past it is refused before parsing.
MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_FIELD_CHARS = 20_000


@dataclass(frozen=True)
class Row:
    """One data record and the physical line it starts on (the header is line 1)."""

    line: int
    values: dict[str, str]


@dataclass
class CsvTable:
    source: str
    header: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    # Problems with the file as a whole, or with records that could not be split into fields.
    problems: list[Problem] = field(default_factory=list)
    # Lines of records that could not be read at all (counted as rejected rows).
    unreadable_lines: list[int] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return bool(self.header) and not any(p.line in (0, 1) for p in self.problems)


def _decode(data: bytes, source: str) -> tuple[str | None, list[Problem]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(source, 0, "(file)", "is UTF-16 encoded", "UTF-8 text")]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [Problem(source, line, "(file)", "contains NUL bytes: not a text file", "UTF-8 CSV text")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        byte = data[err.start : err.start + 1].hex()
        return None, [Problem(source, line, "(file)", f"byte 0x{byte} is not valid UTF-8", "UTF-8 text")]


def _guess_wrong_delimiter(header_line: str) -> str | None:
    if "," in header_line:
        return None
    for name, char in (("semicolons", ";"), ("tabs", "\t"), ("pipes", "|")):
        if header_line.count(char) >= 1:
            return name
    return None


def read_csv(data: bytes, source: str, *, max_bytes: int = MAX_CSV_BYTES) -> CsvTable:
    """Split CSV bytes into a header and rows; never raises on bad input.

    Header names are stripped and lower-cased. Blank lines are skipped. A record with more fields than the
    header is reported and kept out of `rows`; one with fewer has its missing fields set to "".
    """
    table = CsvTable(source=source)
    if len(data) > max_bytes:
        table.problems.append(
            Problem(source, 0, "(file)", f"is {len(data):,} bytes, over the {max_bytes:,}-byte limit", "a smaller file")
        )
        return table
    text, problems = _decode(data, source)
    if text is None:
        table.problems.extend(problems)
        return table
    if not text.strip():
        table.problems.append(Problem(source, 0, "(file)", "is empty", "a header row and data rows"))
        return table

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    csv.field_size_limit(MAX_FIELD_CHARS)
    line_start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            table.problems.append(Problem(source, line_start, "(row)", f"cannot be read as CSV: {err}"))
            table.unreadable_lines.append(line_start)
            line_start = reader.line_num + 1
            if not table.header:
                return table
            continue
        this_line, line_start = line_start, reader.line_num + 1
        if not record or all(not cell.strip() for cell in record):
            continue
        if not table.header:
            header = [cell.strip().lower() for cell in record]
            delimiter = _guess_wrong_delimiter(",".join(record))
            if len(header) == 1 and delimiter:
                table.problems.append(
                    Problem(source, this_line, "(header)", f"is separated by {delimiter}", "comma-separated values")
                )
                return table
            duplicates = sorted({h for h in header if header.count(h) > 1 and h})
            if duplicates:
                table.problems.append(
                    Problem(source, this_line, "(header)", f"repeats column {', '.join(duplicates)}", "unique names")
                )
                return table
            table.header = header
            continue
        if len(record) > len(table.header):
            table.problems.append(
                Problem(
                    source,
                    this_line,
                    "(row)",
                    f"has {len(record)} fields but the header has {len(table.header)}",
                    f"{len(table.header)} fields",
                )
            )
            table.unreadable_lines.append(this_line)
            continue
        padded = list(record) + [""] * (len(table.header) - len(record))
        table.rows.append(Row(this_line, {h: v.strip() for h, v in zip(table.header, padded, strict=True) if h}))
    if not table.header:
        table.problems.append(Problem(source, 0, "(file)", "has no header row", "a header row and data rows"))
    return table
