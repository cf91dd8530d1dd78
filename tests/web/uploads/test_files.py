"""Storing an upload: the type is judged by the content, the name is the server's, the size is capped."""

import io
import json
import zipfile

import pytest
from openpyxl import Workbook

from tertial.web.uploads.files import UploadRefused, display_name, upload_store

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def xlsx_bytes() -> bytes:
    wb = Workbook()
    wb.active.append(["ansvar", "belop"])
    wb.active.append(["235", 1000])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bytes(names: list[str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in names:
            z.writestr(name, "x")
    return buf.getvalue()


def store(tmp_path, name: str, content: bytes, max_bytes: int = 10_000_000, chunk: int = 7):
    chunks = [content[i : i + chunk] for i in range(0, len(content), chunk)]
    return upload_store(chunks, client_name=name, upload_dir=tmp_path / "up", max_bytes=max_bytes)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("org.csv", "tjenesteomrade;ansvar;navn\nOppvekst;235;Åsen skole\n".encode()),
        ("org.csv", "tjenesteomrade;ansvar;navn\nOppvekst;235;Åsen skole\n".encode("cp1252")),
        ("vedtak.TXT", "FO 12/21 Økonomiplan".encode()),
        ("kommentarer.json", json.dumps([{"ansvar": "235", "arsak": "Flere elever"}]).encode()),
        ("budsjett.xlsx", xlsx_bytes()),
    ],
)
def test_files_whose_content_matches_their_type_are_stored_byte_for_byte(tmp_path, name, content):
    stored = store(tmp_path, name, content)
    assert stored.path.parent == tmp_path / "up"
    assert stored.path.suffix == name[name.rindex(".") :].lower()
    assert stored.path.read_bytes() == content and stored.size == len(content)
    assert stored.client_name == name
    assert stored.path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("regnskap.csv", PNG, "ikke en tekstfil"),
        ("regnskap.csv", "ansvar;belop\n235;1\n".encode("utf-16"), "ikke en tekstfil"),
        ("regnskap.csv", b"ansvar;belop\n\x81\x8d\x8f\n\xff\xfe", "ikke en tekstfil"),
        ("budsjett.xlsx", b"ansvar;belop\n235;1\n", "ikke en Excel-arbeidsbok"),
        ("budsjett.xlsx", zip_bytes(["word/document.xml"]), "ikke en Excel-arbeidsbok"),
        ("kommentarer.json", b"[{'ansvar': 235}]", "ikke gyldig JSON"),
        ("program.exe", b"MZ\x90\x00", "Filtypen støttes ikke"),
        ("uten-endelse", b"ansvar;belop\n", "Filtypen støttes ikke"),
        ("tom.csv", b"", "Filen er tom"),
    ],
)
def test_files_that_are_not_what_their_name_says_are_refused_and_removed(tmp_path, name, content, message):
    with pytest.raises(UploadRefused, match=message):
        store(tmp_path, name, content)
    assert not list(tmp_path.rglob("*.*"))


def test_a_file_over_the_limit_is_refused_while_it_is_written(tmp_path):
    with pytest.raises(UploadRefused, match="Filen er for stor"):
        store(tmp_path, "stor.csv", b"a;b\n" * 300, max_bytes=1000)
    assert list((tmp_path / "up").iterdir()) == []
    assert store(tmp_path, "akkurat.csv", b"a;b\n" * 250, max_bytes=1000).size == 1000


def test_the_stored_name_is_random_and_ignores_the_client_path(tmp_path):
    names = [store(tmp_path, client, b"a;b\n").path for client in ["../../etc/passwd.csv", "C:\\Windows\\win.ini.csv"]]
    assert all(p.parent == tmp_path / "up" and len(p.stem) == 32 for p in names)
    assert names[0].name != names[1].name
    assert not (tmp_path / "etc").exists()


def test_the_client_name_is_kept_as_plain_display_text():
    assert display_name("../../etc/passwd.csv") == "passwd.csv"
    assert display_name("C:\\Users\\kari\\Regnskap mars.xlsx") == "Regnskap mars.xlsx"
    assert display_name("a\x00b\nc.csv") == "abc.csv"
    assert display_name("") == "(uten navn)"
    assert len(display_name("x" * 500 + ".csv")) == 200


@pytest.mark.parametrize("length", [197, 200, 201, 500])
def test_a_long_name_keeps_its_suffix_and_the_file_is_accepted(tmp_path, length):
    """Issue 22: a valid CSV with a 200-character name was refused as «Filtypen støttes ikke»: the
    name was cut to 200 characters before its suffix was read."""
    name = "r" * (length - 4) + ".csv"
    stored = upload_store([b"ansvar;navn\n100;Skole\n"], client_name=name, upload_dir=tmp_path, max_bytes=1000)
    assert stored.path.suffix == ".csv" and stored.path.read_bytes() == b"ansvar;navn\n100;Skole\n"
    assert len(stored.client_name) <= 200 and stored.client_name.endswith(".csv")
