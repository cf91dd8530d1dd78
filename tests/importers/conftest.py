import pytest


@pytest.fixture
def write(tmp_path):
    """write('name.csv', text, encoding='utf-8') → path"""

    def _write(name: str, text: str, encoding: str = "utf-8"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return _write


@pytest.fixture
def xlsx(tmp_path):
    """xlsx('name.xlsx', rows) → path; rows are lists of cell values (first = header)."""
    from openpyxl import Workbook

    def _xlsx(name: str, rows):
        wb = Workbook()
        for r in rows:
            wb.active.append(r)
        path = tmp_path / name
        wb.save(path)
        return path

    return _xlsx
