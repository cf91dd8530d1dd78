import polars as pl
import pytest

from tertial.core.errors import DomainError, InputError
from tertial.importers.tabular import ROW, _is_utf8, amount_ore, open_table, parse_mapping


def amounts(*texts):
    return pl.DataFrame({"a": list(texts)}, schema={"a": pl.String}).select(amount_ore("a"))["a"].to_list()


def test_amounts_in_every_accepted_notation_become_exact_ore():
    assert amounts("1 234 567,50", "1234567.50", "1\u00a0234\u00a0567,5", "1.234.567,50", "-12", "\u2212500,25") == [
        123456750,
        123456750,
        123456750,
        123456750,
        -1200,
        -50025,
    ]


def test_amounts_that_are_not_amounts_become_null():
    assert amounts("12,345", "abc", "1,2,3", "", "12.34.56") == [None, None, None, None, None]


def test_large_amounts_keep_every_ore():
    assert amounts("12345678901234,57") == [1234567890123457]


def read(path, **kw):
    with open_table(path, **kw) as src:
        return src.frame.collect()


@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_separator_is_detected(write, sep):
    path = write("a.csv", f"ansvar{sep}navn\n100{sep}Politiske organer\n")
    df = read(path, required=["ansvar", "navn"])
    assert df.select("ansvar", "navn").rows() == [("100", "Politiske organer")]


def test_windows_1252_file_is_read_correctly(write):
    path = write("a.csv", "ansvar;navn\n260;Åsen barne- og ungdomsskole\n", encoding="cp1252")
    assert read(path, required=["ansvar", "navn"])["navn"].to_list() == ["Åsen barne- og ungdomsskole"]


def test_utf8_with_byte_order_mark_is_read_correctly(write):
    path = write("a.csv", "\ufeffansvar;navn\n100;Ærlig\n")
    assert read(path, required=["ansvar", "navn"])["ansvar"].to_list() == ["100"]


def test_leading_comment_lines_are_skipped_and_counted_in_row_numbers(write):
    path = write("a.csv", "# kilde: seed\n# andre linje\nansvar;navn\n100;A\n110;B\n")
    df = read(path, required=["ansvar", "navn"])
    assert df[ROW].to_list() == [4, 5]


def test_header_matching_ignores_case_and_spaces(write):
    path = write("a.csv", " Ansvar ;NAVN\n100;A\n")
    assert read(path, required=["ansvar", "navn"]).height == 1


def test_column_mapping_reads_an_export_with_other_headers(write):
    path = write("visma.csv", "Ansvar nr;Beløp\n100;12,50\n")
    df = read(path, required=["ansvar", "belop"], mapping=parse_mapping("ansvar=Ansvar nr,belop=Beløp"))
    assert df.select("ansvar", "belop").rows() == [("100", "12,50")]


def test_a_missing_column_is_named_with_the_columns_found(write):
    path = write("a.csv", "ansvar;navnet\n100;A\n")
    with pytest.raises(InputError) as exc:
        read(path, required=["ansvar", "navn"])
    assert str(exc.value) == "a.csv, rad 1: mangler kolonnen «navn»; fant ansvar, navnet"


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(InputError, match="filen finnes ikke"):
        read(tmp_path / "nope.csv", required=["ansvar"])


def test_an_empty_file_is_reported(write):
    with pytest.raises(InputError, match="filen er tom"):
        read(write("a.csv", "# bare kommentar\n"), required=["ansvar"])


def test_xlsx_numbers_are_read_as_the_text_a_user_typed(xlsx):
    path = xlsx("a.xlsx", [["ansvar", "belop"], [100, 1234.56], ["110", -3578000]])
    df = read(path, required=["ansvar", "belop"])
    assert df.select("ansvar", "belop").rows() == [("100", "1234.56"), ("110", "-3578000")]
    assert df[ROW].to_list() == [2, 3]


def test_bad_mapping_spec_is_refused():
    with pytest.raises(DomainError, match="kolonne=overskrift"):  # the CLI's one-line error (issue 22)
        parse_mapping("belop")


def test_a_row_with_more_fields_than_the_header_is_named(write):
    from tertial.importers.actuals import read_actuals

    path = write("gl.csv", "periode;ansvar;art;funksjon;belop\n202401;235;1;2;3\n202401;235;1;2;3;4;5\n")
    with pytest.raises(InputError) as exc:
        read_actuals(path, year=2024, known_units={"235"})
    assert str(exc.value) == "gl.csv, rad 3: raden har 7 felt, overskriften har 5"


def test_a_file_in_neither_utf8_nor_windows_1252_names_the_line(write):
    path = write("a.csv", "ansvar;navn\n100;A\n")
    path.write_bytes(path.read_bytes() + b"110;\x81\n")
    with pytest.raises(InputError) as exc:
        read(path, required=["ansvar", "navn"])
    assert str(exc.value) == "a.csv, rad 3: tegnkodingen er verken UTF-8 eller Windows-1252 (byte 0x81)"


@pytest.mark.parametrize(
    ("data", "utf8"),
    [
        (b"a" * (2**20 - 1) + "Å".encode() + b"b" * 2**20, True),  # a character split across two chunks
        (b"a" * (2**20 - 1) + b"\xc3" + b"b" * 10, False),  # half a character, then a whole ASCII chunk
        (b"a" * 2**20 + b"\xc3", False),  # half a character at the very end
        (b"a" * 2**21, True),
        ("Åsen;ø\n".encode("cp1252"), False),
    ],
)
def test_utf8_is_checked_across_the_chunks_it_is_read_in(tmp_path, data, utf8):
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    assert _is_utf8(path) is utf8


def test_a_utf8_file_with_one_windows_1252_line_is_refused_naming_that_row(write):
    """Issue 22: the whole file was read as Windows-1252 and every «å/ø» became «Ã¥/Ã¸»."""
    path = write("org.csv", "tjenesteomrade;ansvar;navn\nOppvekst og utdanning;235;Åsen skole\nHelse;240;Sjøvik\n")
    path.write_bytes(path.read_bytes() + "Fellesområder;998;Bærum\n".encode("cp1252"))
    with pytest.raises(InputError) as exc:
        read(path, required=["ansvar", "navn"])
    [problem] = exc.value.problems
    assert (problem.file, problem.row) == ("org.csv", 4)
    assert "blandet tegnkoding" in problem.message and "UTF-8" in problem.message and "rad 2" in problem.message
    assert problem.value == "Fellesområder;998;Bærum"


def test_a_windows_1252_file_without_utf8_sequences_is_still_read(write):
    path = write("a.csv", "ansvar;navn\n260;Åsen « Sjøvik » ½\n270;Ærlig\n", encoding="cp1252")
    assert read(path, required=["ansvar", "navn"])["navn"].to_list() == ["Åsen « Sjøvik » ½", "Ærlig"]


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ('periode;ansvar;art;funksjon;belop\n202401;235;10100;202;5\n202401;235;"10100;202;5\n202401;235;1;2;5\n', 3),
        ('periode;ansvar;art;funksjon;belop\n202401;235;10100;202;5\n202401;235;10100;202;"5\n', 3),
        ('# eksport\nperiode;ansvar;art;funksjon;belop\n"202401;235;10100;202;5\n', 3),
    ],
)
def test_an_unterminated_quote_is_named_by_the_row_it_opens_on(write, text, row):
    """Issue 22: Polars' «could not parse `"10100;202;5`» reached the user without a row."""
    from tertial.importers.actuals import read_actuals

    with pytest.raises(InputError) as exc:
        read_actuals(write("gl.csv", text), year=2024, known_units={"235"})
    [problem] = exc.value.problems
    assert (problem.file, problem.row) == ("gl.csv", row)
    assert problem.message == 'et felt begynner med anførselstegn (") som aldri avsluttes'
    assert "could not parse" not in str(exc.value)


def rewrite_sheet(path, sheet_xml: bytes):
    """The workbook at `path` with its first sheet replaced by `sheet_xml`, deflated as Excel does
    (also used by test_hostile_files.py)."""
    import zipfile

    with zipfile.ZipFile(path) as src:
        members = {i.filename: src.read(i) for i in src.infolist()}
    members["xl/worksheets/sheet1.xml"] = sheet_xml
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return path


SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>'


def test_an_xlsx_zip_bomb_is_refused_before_openpyxl_reads_it(xlsx):
    """Issue 22: one cell unpacking to 1,5 GB drove the import to 6,5 GB RSS. Here 50 MB in ~50 KB."""
    cell = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"A" * (50 * 2**20) + b"</t></is></c></row>"
    path = rewrite_sheet(xlsx("innbyggere.xlsx", [["aar", "innbyggere"]]), SHEET % cell)
    assert path.stat().st_size < 200_000
    with pytest.raises(InputError) as exc:
        read(path, required=["aar", "innbyggere"])
    assert str(exc.value).startswith("innbyggere.xlsx: Excel-filen ser ut som en «zip-bombe»: xl/worksheets/sheet1.xml")


def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused(xlsx, monkeypatch):
    from tertial.importers import tabular

    monkeypatch.setattr(tabular, "MAX_XLSX_UNCOMPRESSED", 10_000)
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n * 7919) for n in range(1, 400))
    path = rewrite_sheet(xlsx("stor.xlsx", [["aar"]]), SHEET % rows)
    with pytest.raises(InputError, match=r"stor.xlsx: Excel-filen pakkes ut til 0 MB; største tillatte er 0 MB"):
        read(path, required=["aar"])


def test_an_xlsx_with_more_rows_than_the_limit_is_refused_even_if_its_dimension_lies(xlsx, monkeypatch):
    from tertial.importers import tabular

    monkeypatch.setattr(tabular, "MAX_XLSX_ROWS", 1000)
    header = b'<row r="1"><c r="A1" t="inlineStr"><is><t>aar</t></is></c></row>'
    rows = header + b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n) for n in range(2, 1002))
    sheet = SHEET.replace(b"<sheetData>", b'<dimension ref="A1:A1"/><sheetData>') % rows
    path = rewrite_sheet(xlsx("rader.xlsx", [["aar"]]), sheet)
    with pytest.raises(InputError, match=r"rader\.xlsx: Excel-filen har mer enn 1 000 rader"):
        read(path, required=["aar"])
    monkeypatch.setattr(tabular, "MAX_XLSX_ROWS", 1001)
    assert read(path, required=["aar"])["aar"].to_list()[-1] == "1001"  # at the limit: read
