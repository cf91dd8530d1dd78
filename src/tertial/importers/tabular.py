"""Reading the tabular files every importer accepts: CSV (`;`, `,` or tab separated; UTF-8 or
Windows-1252; decimal comma or point; thousands separated by space or not) and XLSX.

Everything is read as text first and converted by the expressions here, so each rule (what an
amount looks like, what a row number is) exists once. Row numbers are the line numbers a
spreadsheet shows: the header is row 1 (after any leading `#` comment lines, which count too).
"""

import codecs
import csv
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import polars as pl

from tertial.core.errors import DomainError, InputError, InputProblem

ROW = "__row"  # the spreadsheet row number column added to every frame
MAX_REPORTED = 25  # problems listed per file before "…and N more"

_SPACES = r"[\s\u00a0\u202f\u2009]"
_NUMBER = r"^[+-]?[0-9]+(\.[0-9]{1,2})?$"
_DOT_THOUSANDS = r"^[+-]?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?$"
# The form machine exports use: no thousands separator, decimal comma or point. At most 15 integer
# digits, so the øre always fit in an Int64 (larger amounts take the general path).
_PLAIN = r"^[+-]?[0-9]{1,15}([.,][0-9]{1,2})?$"


@dataclass(frozen=True)
class Source:
    """A file opened for import: a lazy frame of text columns named as the importer expects."""

    name: str
    frame: pl.LazyFrame
    columns: tuple[str, ...]
    # the same before trimming (cells as in the file) and without the row number: for an importer
    # that aggregates first and trims and checks the far fewer distinct values after (importers/actuals.py)
    raw: pl.LazyFrame | None = None


def parse_mapping(spec: str | None) -> dict[str, str]:
    """'belop=Beløp,ansvar=Ansvar nr' → {'belop': 'Beløp', 'ansvar': 'Ansvar nr'}."""
    mapping: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        ours, sep, theirs = part.partition("=")
        if not sep or not ours.strip() or not theirs.strip():
            raise DomainError(f"Kolonnetilordning må ha formen kolonne=overskrift, ikke «{part.strip()}»")
        mapping[ours.strip().lower()] = theirs.strip()
    return mapping


def _is_utf8(path: Path) -> bool:
    """Whether the whole file decodes as UTF-8. A chunk of plain ASCII (a ledger export, mostly) is
    valid on its own unless a multi-byte character is pending from the chunk before; bytes.isascii
    is about three times faster than decoding (10 M lines: 0.09 s against 0.29 s)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as f:
        try:
            while chunk := f.read(1 << 20):
                if not chunk.isascii() or decoder.getstate()[0]:
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


# A well-formed UTF-8 multi-byte sequence (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _has_utf8_multibyte(path: Path) -> bool:
    """Whether a file that is not valid UTF-8 still holds a UTF-8 character beyond ASCII somewhere:
    then it is a mixture. Read in chunks that overlap by three bytes, so a sequence is never split."""
    tail = b""
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            data = tail + chunk
            if not data.isascii() and _UTF8_MULTIBYTE.search(data):
                return True
            tail = data[-3:]
    return False


def _mixed_encoding_problem(path: Path) -> InputError:
    """The first line that is not UTF-8, and the first line that is (beyond ASCII), for the message."""
    first_bad: tuple[int, bytes] | None = None
    first_utf8: int | None = None
    with path.open("rb") as f:
        for number, line in enumerate(f, start=1):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
                first_utf8 = first_utf8 or number
            except UnicodeDecodeError:
                first_bad = first_bad or (number, line)
                if _UTF8_MULTIBYTE.search(line):
                    first_utf8 = first_utf8 or number
            if first_bad and first_utf8:
                break
    assert first_bad is not None and first_utf8 is not None
    row, line = first_bad
    text = line.decode("cp1252", errors="replace").rstrip("\r\n")
    message = (
        f"blandet tegnkoding: raden er ikke UTF-8 (trolig Windows-1252), men filen har UTF-8-tegn "
        f"(første på rad {first_utf8}); lagre hele filen som UTF-8"
    )
    return InputError([InputProblem(path.name, message, row=row, value=text[:80])])


@contextmanager
def _utf8_copy(path: Path) -> Iterator[Path]:
    """The file itself if it is UTF-8; else a temporary UTF-8 copy of it read as Windows-1252.

    Decided per file (issue 22): valid UTF-8 is UTF-8; a file that is not is read as Windows-1252 only
    if it holds no UTF-8 multi-byte sequence. A mixture (a UTF-8 file with one line pasted from an old
    export) is refused naming its first non-UTF-8 row: read either way, some «å/ø» would be stored
    wrongly (as «Ã¥/Ã¸») without a word.
    """
    if _is_utf8(path):
        yield path
        return
    if _has_utf8_multibyte(path):
        raise _mixed_encoding_problem(path)
    fd, tmp = tempfile.mkstemp(suffix=".csv", prefix="tertial-")
    try:
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out, path.open(encoding="cp1252", newline="") as f:
                while chunk := f.read(1 << 20):
                    out.write(chunk)
        except UnicodeDecodeError as exc:
            raise _encoding_problem(path) from exc
        yield Path(tmp)
    finally:
        os.unlink(tmp)


def _encoding_problem(path: Path) -> InputError:
    """Neither UTF-8 nor Windows-1252: name the line of the first byte that is not UTF-8."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
        position = 0
    except UnicodeDecodeError as exc:
        position = exc.start
    row = data.count(b"\n", 0, position) + 1
    byte = f"0x{data[position]:02x}" if position < len(data) else "?"
    return InputError(
        [InputProblem(path.name, f"tegnkodingen er verken UTF-8 eller Windows-1252 (byte {byte})", row=row)]
    )


def _structure_problem(path: Path, name: str, sep: str, skipped: int, exc: Exception) -> InputError:
    """Polars refused the file (its messages name no row): find the first row whose field count is
    wrong, or the row where a quoted field opens and never closes, by reading the file with csv."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        for _ in range(skipped):
            f.readline()
        reader = csv.reader(f, delimiter=sep, strict=True)
        start = skipped + 1  # the header's row
        try:
            header = next(reader, [])
            while True:
                start = skipped + reader.line_num + 1  # the row the next record begins on
                record = next(reader, None)
                if record is None:
                    break
                if len(record) > len(header):
                    message = f"raden har {len(record)} felt, overskriften har {len(header)}"
                    return InputError([InputProblem(name, message, row=start)])
        except csv.Error as error:
            if "end of data" in str(error):  # a quoted field runs to the end of the file
                return InputError(
                    [InputProblem(name, 'et felt begynner med anførselstegn (") som aldri avsluttes', row=start)]
                )
            return InputError([InputProblem(name, f"feil bruk av anførselstegn ({error})", row=start)])
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return InputError([InputProblem(name, f"filen kan ikke leses som CSV ({first_line})")])


def _header_position(path: Path) -> tuple[int, str]:
    """Number of leading '#' comment (or blank) lines, and the header line."""
    skipped = 0
    with path.open(encoding="utf-8-sig", newline="") as f:
        for line in f:
            if line.strip() and not line.lstrip().startswith("#"):
                return skipped, line
            skipped += 1
    return skipped, ""


def _sniff_separator(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (";", "\t", ",")}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else ";"


def _normalise(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower()


def _rename_plan(
    name: str,
    found: Sequence[str],
    required: Sequence[str],
    optional: Sequence[str],
    mapping: Mapping[str, str],
) -> dict[str, str]:
    """Map the file's headers to ours; raise naming every missing column."""
    by_norm = {_normalise(h): h for h in found}
    plan: dict[str, str] = {}
    problems = []
    for col in (*required, *optional):
        wanted = _normalise(mapping.get(col, col))
        if wanted in by_norm:
            plan[by_norm[wanted]] = col
        elif col in required:
            label = f"«{mapping[col]}» (for {col})" if col in mapping else f"«{col}»"
            problems.append(
                InputProblem(name, f"mangler kolonnen {label}; fant {', '.join(found) or 'ingen kolonner'}", row=1)
            )
    if problems:
        raise InputError(problems)
    return plan


# Limits of an XLSX file, checked with zipfile before openpyxl parses anything (issue 22: a 1,5 MB
# zip bomb holding one 1,5 GB cell drove an import to 6,5 GB RSS). A workbook sheet holds at most
# Excel's own 1 048 576 rows; such a sheet of ledger lines is about 300 MB of XML (285 bytes a line
# measured), and real sheets compress 6–9 times. The general ledger's 10 M lines come as CSV.
MAX_XLSX_UNCOMPRESSED = 400 * 1024 * 1024  # bytes, all the members of the zip together
MAX_XLSX_RATIO = 100  # uncompressed : compressed, for a member larger than 1 MB
MAX_XLSX_ROWS = 1_048_576  # rows in all the worksheets together: Excel's limit for one sheet
_XLSX_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


def _xlsx_precheck(path: Path) -> None:
    """Refuse a workbook whose members unpack to too much, unpack too well (a zip bomb) or hold too
    many rows, before openpyxl reads it. The rows are counted while streaming the sheets' XML (at
    most MAX_XLSX_UNCOMPRESSED bytes, read in 1 MB chunks), so a `<dimension>` that lies is no help."""
    name = path.name

    def refuse(message: str) -> InputError:
        return InputError([InputProblem(name, message)])

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise refuse(f"kan ikke leses som Excel-fil ({exc})") from exc
    with archive:
        infos = archive.infolist()
        total = sum(i.file_size for i in infos)
        if total > MAX_XLSX_UNCOMPRESSED:
            raise refuse(
                f"Excel-filen pakkes ut til {total // 2**20} MB; største tillatte er "
                f"{MAX_XLSX_UNCOMPRESSED // 2**20} MB (lagre store filer som CSV)"
            )
        for i in infos:
            if i.file_size > 2**20 and i.file_size > MAX_XLSX_RATIO * max(i.compress_size, 1):
                raise refuse(
                    f"Excel-filen ser ut som en «zip-bombe»: {i.filename} pakkes ut fra {i.compress_size} byte "
                    f"til {i.file_size} byte (mer enn {MAX_XLSX_RATIO} ganger)"
                )
        rows = 0
        for i in infos:
            if not (i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")):
                continue
            with archive.open(i) as sheet:
                tail = b""
                while chunk := sheet.read(1 << 20):
                    data = tail + chunk
                    rows += len(_XLSX_ROW.findall(data)) - len(_XLSX_ROW.findall(tail))
                    tail = data[-64:]
                    if rows > MAX_XLSX_ROWS:
                        raise refuse(
                            f"Excel-filen har mer enn {MAX_XLSX_ROWS:,} rader; lagre store filer som CSV".replace(
                                ",", " "
                            )
                        )


def _xlsx_frame(path: Path) -> tuple[pl.DataFrame, int]:
    from openpyxl import load_workbook

    _xlsx_precheck(path)

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = wb.worksheets[0]
        # read-only openpyxl stops at the sheet's <dimension>, which some writers get wrong: read every
        # row there is (their number is capped by _xlsx_precheck)
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        skipped = 0
        header: tuple | None = None
        for row in rows:
            first = next((c for c in row if c is not None and str(c).strip()), None)
            if first is None or str(first).lstrip().startswith("#"):
                skipped += 1
                continue
            header = row
            break
        if header is None:
            return pl.DataFrame(), skipped
        names = [str(h).strip() if h is not None else f"kolonne{i + 1}" for i, h in enumerate(header)]
        data: list[list[str | None]] = [[] for _ in names]
        for row in rows:
            for i in range(len(names)):
                data[i].append(_cell_text(row[i] if i < len(row) else None))
        return pl.DataFrame({n: pl.Series(n, d, dtype=pl.String) for n, d in zip(names, data, strict=True)}), skipped
    finally:
        wb.close()


def _cell_text(value: object) -> str | None:
    """Spreadsheet cells as the text a user would type: 1234.5 → '1234.5', dates ISO."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        text = repr(value)  # shortest round-trip form: 1234.56 stays 1234.56, never 1234.5600000001
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    return text or None


@contextmanager
def open_table(
    path: Path,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    mapping: Mapping[str, str] | None = None,
) -> Iterator[Source]:
    """Open a CSV or XLSX file as a lazy frame of text columns, renamed to our column names.

    A context manager because a Windows-1252 file is read through a temporary UTF-8 copy.
    """
    mapping = mapping or {}
    name = path.name
    if not path.exists():
        raise InputError([InputProblem(str(path), "filen finnes ikke")])
    if not path.is_file():
        raise InputError([InputProblem(str(path), "er en mappe (eller noe annet som ikke er en fil); oppgi filen")])
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        try:
            df, skipped = _xlsx_frame(path)
        except InputError:
            raise
        except Exception as exc:  # openpyxl raises many types for a broken workbook
            raise InputError([InputProblem(name, f"kan ikke leses som Excel-fil ({exc})")]) from exc
        plan = _rename_plan(name, df.columns, required, optional, mapping)
        frame = df.lazy().select([pl.col(k).alias(v) for k, v in plan.items()])
        raw, frame = frame, frame.with_row_index(ROW, offset=skipped + 2)
        yield Source(name, _clean(frame), tuple(plan.values()), raw=raw)
        return
    with _utf8_copy(path) as readable:
        skipped, header = _header_position(readable)
        if not header:
            raise InputError([InputProblem(name, "filen er tom (ingen overskriftsrad)")])
        sep = _sniff_separator(header)
        found = [h.strip().strip('"') for h in header.rstrip("\r\n").lstrip("\ufeff").split(sep)]
        plan = _rename_plan(name, found, required, optional, mapping)
        frame = pl.scan_csv(
            readable,
            separator=sep,
            skip_lines=skipped,
            infer_schema=False,
            encoding="utf8",
            truncate_ragged_lines=False,
            missing_columns="insert",
        )
        frame = frame.rename(lambda c: c.strip().lstrip("\ufeff").strip().strip('"'))
        frame = frame.select([pl.col(k).alias(v) for k, v in plan.items()])
        raw, frame = frame, frame.with_row_index(ROW, offset=skipped + 2)
        try:
            yield Source(name, _clean(frame), tuple(plan.values()), raw=raw)
        except pl.exceptions.PolarsError as exc:
            raise _structure_problem(readable, name, sep, skipped, exc) from exc


def _clean(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Trim every text cell; an empty cell becomes null."""
    cols = [c for c in frame.collect_schema().names() if c != ROW]
    # when/then rather than .replace("", None): the latter made Polars hold the whole file in memory
    # (10 M lines: 1.9 GB against 0.6 GB peak RSS, benchmarks/import_gl.py).
    stripped = {c: pl.col(c).str.strip_chars() for c in cols}
    return frame.with_columns([pl.when(s != "").then(s).alias(c) for c, s in stripped.items()])


def amount_ore(column: str) -> pl.Expr:
    """A text amount in kroner → Int64 øre; null when it is not a valid amount.

    Accepts "1 234 567,50", "1234567.50", "-1.234,5", "−500" (typographic minus), spaces of any
    kind as thousands separator. More than two decimals is invalid rather than rounded: an amount
    with fractions of an øre is a sign of a misread column.
    """
    text = pl.col(column).str.replace_all(_SPACES, "").str.replace_all("\u2212", "-", literal=True)
    text = (
        pl.when(text.str.contains(_DOT_THOUSANDS))
        .then(text.str.replace_all(".", "", literal=True))
        .otherwise(text)
        .str.replace(",", ".", literal=True)
    )
    valid = text.str.contains(_NUMBER)
    # strict=False: an amount beyond the 64-bit øre range is null (an invalid amount, reported with
    # its row) rather than Polars' conversion error without one (issue 22)
    ore = (text.str.to_decimal(scale=2) * 100).cast(pl.Int64, strict=False)
    return pl.when(valid).then(ore).otherwise(None)


def plain_amount_ore(column: str) -> pl.Expr:
    """`amount_ore` for the plain form only ("-1234,5", "1234.56", "+12"); null for anything else,
    including amounts `amount_ore` accepts (thousands separators, typographic minus).

    Several times faster than `amount_ore` on a 10 M-line ledger (one regex test, no rewriting
    regexes): once the regex has checked the form (at most two decimals), the text is read as a
    Decimal(18, 2), whose integer representation is the amount in øre. Exact; callers use
    `amount_ore` for the values this leaves null.
    """
    text = pl.col(column)
    ore = text.str.replace(",", ".", literal=True).cast(pl.Decimal(18, 2), strict=False).to_physical()
    return pl.when(text.str.contains(_PLAIN)).then(ore.cast(pl.Int64)).otherwise(None)


# The amounts a database BIGINT (and an Int64) holds, in øre: ±92 233 720 368 547 758,07 kr.
ORE_MIN, ORE_MAX = -(2**63), 2**63 - 1


def ore_sum(amount: pl.Expr) -> pl.Expr:
    """A sum of øre that cannot wrap: Polars sums an Int64 column modulo 2⁶⁴ without a word (two
    lines of 90 000 000 000 000 000 kr summed to −4 467 440 737 095 516,16 kr). Summed as Int128,
    exact for any file; the caller checks the result with `ore_out_of_range` before using it."""
    return amount.cast(pl.Int128).sum()


def ore_out_of_range(column: str) -> pl.Expr:
    return (pl.col(column) < ORE_MIN) | (pl.col(column) > ORE_MAX)


def rows_text(rows: Sequence[int], shown: int = 5) -> str:
    """[3, 4, 9] → 'rad 3, 4, 9'; more than `shown` rows end with ' …'."""
    more = " …" if len(rows) > shown else ""
    return "rad " + ", ".join(str(r) for r in rows[:shown]) + more


def kroner_text(ore: int) -> str:
    """-446744073709551616 → '−4 467 440 737 095 516,16' (error messages only; reports use renderers)."""
    kroner, rest = divmod(abs(ore), 100)
    return ("−" if ore < 0 else "") + f"{kroner:,}".replace(",", " ") + f",{rest:02d}"


Check = tuple[str, pl.Expr, str]  # (column, predicate true on a bad row, message)
Problem = tuple[int, str, str, str | None]  # (row, column, message, value)


def bad_rows(frame: pl.LazyFrame, checks: list[Check]) -> pl.LazyFrame:
    """The first bad rows (enough to report), with one boolean column per check."""
    flagged = frame.with_columns([pred.alias(f"__bad{i}") for i, (_, pred, _) in enumerate(checks)])
    any_bad = pl.any_horizontal([pl.col(f"__bad{i}").fill_null(False) for i in range(len(checks))])
    return flagged.filter(any_bad).head(MAX_REPORTED + 1)


def problems_in(bad: pl.DataFrame, checks: list[Check]) -> list[Problem]:
    found: list[Problem] = []
    for rec in bad.iter_rows(named=True):
        for i, (col, _, msg) in enumerate(checks):
            if rec[f"__bad{i}"]:
                value = rec.get(col)
                found.append((rec[ROW], col, msg, value if isinstance(value, str) or value is None else str(value)))
    return found


def invalid_rows(frame: pl.LazyFrame, checks: Iterable[Check]) -> list[Problem]:
    """Evaluate the checks over the whole frame; return (row, column, message, value) of bad cells."""
    checks = list(checks)
    if not checks:
        return []
    return problems_in(bad_rows(frame, checks).collect(), checks)


def raise_problems(name: str, problems: list[Problem]) -> None:
    if not problems:
        return
    problems.sort(key=lambda p: (p[0], p[1]))
    listed = [
        InputProblem(name, msg, row=row, column=col, value=value) for row, col, msg, value in problems[:MAX_REPORTED]
    ]
    if len(problems) > MAX_REPORTED:
        listed.append(InputProblem(name, f"… og flere feil (viser de første {MAX_REPORTED})"))
    raise InputError(listed)


def load_json_list(path: Path, what: str) -> tuple[str, list[object]]:
    """A JSON file holding a non-empty list (of comments, sections …); errors name the line and character."""
    name = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        problem = InputProblem(name, f"kan ikke leses som JSON ({exc.msg})", row=exc.lineno, column=f"tegn {exc.colno}")
        raise InputError([problem]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([InputProblem(name, f"kan ikke leses som UTF-8-tekst ({exc})")]) from exc
    if not isinstance(data, list) or not data:
        raise InputError([InputProblem(name, f"må være en ikke-tom JSON-liste av {what}")])
    return name, data
