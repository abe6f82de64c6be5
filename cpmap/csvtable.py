"""Read CSV bytes from anywhere into line-numbered rows, reporting every problem instead of raising.

Every non-blank record of the file ends up either in `rows` or in `unreadable_lines`, so a validator can always
say how many rows it read and what became of each one, even when the file as a whole is refused.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from cpmap.problems import Problem

# Large enough for any real findings file; a file past it is refused before parsing.
MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_FIELD_CHARS = 20_000
_UNEXPECTED_EOF = "unexpected end of data"


@dataclass(frozen=True)
class Row:
    """One data record and the physical line it starts on (the file's first line is 1)."""

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
    # True when the file as a whole cannot be used (encoding, delimiter, header): every row is then rejected.
    refused: bool = False
    # Header columns that were blank (their cells are ignored; a value in one makes its row unreadable).
    ignored_columns: list[str] = field(default_factory=list)
    # The line the header starts on: 1 unless blank lines come first; 0 when no header was read.
    header_line: int = 0

    @property
    def usable(self) -> bool:
        return bool(self.header) and not self.refused

    @property
    def records_read(self) -> int:
        """Data records found in the file (header and blank lines excluded), readable or not."""
        return len(self.rows) + len(self.unreadable_lines)

    def refuse(self, problem: Problem) -> None:
        self.problems.append(problem)
        self.refused = True


def normalise_header(name: str) -> str:
    """'Council Code ' → 'council_code': case, outer spaces and inner spaces/hyphens folded."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _decode(data: bytes, source: str) -> tuple[str, Problem | None]:
    """The text of the file, and the reason to refuse it when it is not UTF-8 text.

    When the file is refused the text is still returned (decoded lossily) so that its rows can be counted.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), Problem(
            source, 0, "(file)", "is UTF-16 encoded", "UTF-8 text: save it as 'CSV UTF-8'"
        )
    lossy = data.decode("utf-8", errors="replace")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return lossy, Problem(source, line, "(file)", "contains NUL bytes: not a text file", "UTF-8 CSV text")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        byte = data[err.start : err.start + 1].hex()
        return lossy, Problem(
            source,
            line,
            "(file)",
            f"byte 0x{byte} is not valid UTF-8 (the file may be in a Windows or Latin-1 encoding)",
            "UTF-8 text: save it as 'CSV UTF-8'",
        )


def _guess_wrong_delimiter(header_line: str) -> str | None:
    if "," in header_line:
        return None
    for name, char in (("semicolons", ";"), ("tabs", "\t"), ("pipes", "|")):
        if header_line.count(char) >= 1:
            return name
    return None


def _check_header(table: CsvTable, record: list[str], line: int) -> None:
    """Set the header from its record, refusing the file when the header cannot be used."""
    source = table.source
    header = [normalise_header(cell) for cell in record]
    delimiter = _guess_wrong_delimiter(",".join(record))
    if len(header) == 1 and delimiter:
        table.refuse(Problem(source, line, "(header)", f"is separated by {delimiter}", "comma-separated values"))
    duplicates = sorted({h for h in header if header.count(h) > 1 and h})
    if duplicates:
        table.refuse(Problem(source, line, "(header)", f"repeats column {', '.join(duplicates)}", "unique names"))
    table.ignored_columns = [f"column {i + 1}" for i, h in enumerate(header) if not h]
    table.header = header


def _split_record(table: CsvTable, record: list[str], line: int) -> None:
    """Turn one data record into a Row, or report why it cannot be one."""
    width = len(table.header)
    if table.refused:  # the file-level problem already says why; just count the record
        table.unreadable_lines.append(line)
        return
    extra = record[width:]
    if any(cell.strip() for cell in extra):
        table.problems.append(
            Problem(
                table.source,
                line,
                "(row)",
                f"has {len(record)} fields but the header has {width} (a comma inside a value needs quotes)",
                f"{width} fields",
            )
        )
        table.unreadable_lines.append(line)
        return
    padded = record[:width] + [""] * (width - len(record))
    unnamed = [i + 1 for i, (h, v) in enumerate(zip(table.header, padded, strict=True)) if not h and v.strip()]
    if unnamed:
        table.problems.append(
            Problem(
                table.source,
                line,
                "(row)",
                f"has a value in column {unnamed[0]}, which has no name in the header",
                "a header name for every column with values",
            )
        )
        table.unreadable_lines.append(line)
        return
    table.rows.append(Row(line, {h: v.strip() for h, v in zip(table.header, padded, strict=True) if h}))


def _text(data: bytes, table: CsvTable, max_bytes: int) -> str | None:
    """The file as text, or None when there is nothing to read (too large or empty: the table is then refused).

    Text that had to be decoded leniently (an encoding problem) is still read, so its records are counted.
    """
    source = table.source
    if len(data) > max_bytes:
        table.refuse(
            Problem(source, 0, "(file)", f"is {len(data):,} bytes, over the {max_bytes:,}-byte limit", "a smaller file")
        )
        return None
    text, encoding_problem = _decode(data, source)
    if encoding_problem:
        table.refuse(encoding_problem)
    if not text.strip():
        table.refuse(Problem(source, 0, "(file)", "is empty", "a header row and data rows"))
        return None
    return text


def _lost_lines(err: csv.Error, physical: list[str], start: int, end: int) -> tuple[list[int], str]:
    """The lines a reading error at lines start..end loses, and what to say about them."""
    if str(err) == _UNEXPECTED_EOF:
        # An opening quote never closed swallows the rest of the file: every non-blank line in it is lost.
        lost = [n for n in range(start, end + 1) if physical[n - 1].strip()]
        return lost or [start], f"has a quote that is never closed, so lines {start}–{end} cannot be read"
    return [start], f"cannot be read as CSV: {err}"


def read_csv(data: bytes, source: str, *, max_bytes: int = MAX_CSV_BYTES) -> CsvTable:
    """Split CSV bytes into a header and rows; never raises on bad input.

    Header names are normalised (`normalise_header`). Blank lines are skipped. A record with more non-blank
    fields than the header is reported and kept out of `rows`; one with fewer has its missing fields set to "",
    except a last one with no line end after it, which is reported as the file cut short.
    A file that cannot be used as a whole is `refused`, but its records are still counted.
    """
    table = CsvTable(source=source)
    text = _text(data, table, max_bytes)
    if text is None:
        return table
    # The same line splitting as the csv reader's (\n, \r\n and lone \r), to report spans of lines.
    physical = io.StringIO(text, newline="").readlines()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    csv.field_size_limit(MAX_FIELD_CHARS)
    line_start, last_line, last_width = 1, 0, 0
    header_line = 0  # 0 until the header record is found; -1 when it could not be read
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            end = reader.line_num
            lost, message = _lost_lines(err, physical, line_start, end)
            if header_line == 0:
                table.refuse(Problem(source, line_start, "(header)", message, "a comma-separated header row"))
                lost, header_line = [n for n in lost if n != line_start], -1
            elif not table.refused:
                table.problems.append(Problem(source, line_start, "(row)", message, "RFC 4180 quoting"))
            table.unreadable_lines.extend(lost)
            line_start = end + 1
            continue
        this_line, line_start = line_start, reader.line_num + 1
        if not record or all(not cell.strip() for cell in record):
            continue
        if header_line == 0:
            _check_header(table, record, this_line)
            header_line = table.header_line = this_line
        elif header_line < 0:
            table.unreadable_lines.append(this_line)
        else:
            _split_record(table, record, this_line)
            last_line, last_width = this_line, len(record)
    if header_line == 0:
        table.refuse(Problem(source, 0, "(file)", "has no header row", "a header row and data rows"))
    _cut_short(table, text, last_line, last_width)
    return table


def _cut_short(table: CsvTable, text: str, last_line: int, last_width: int) -> None:
    """A last row with fewer fields than the header and no line end is a file cut short, not a short row."""
    width = len(table.header)
    if not table.rows or table.rows[-1].line != last_line or text.endswith(("\n", "\r")) or last_width >= width:
        return
    row = table.rows.pop()
    table.problems.append(
        Problem(
            table.source,
            row.line,
            "(row)",
            f"ends the file with {last_width} of the header's {width} fields and no line end: the file looks cut short",
            "the whole row",
        )
    )
    table.unreadable_lines.append(row.line)
