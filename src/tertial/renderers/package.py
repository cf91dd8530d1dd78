"""Office files (DOCX, XLSX) are zip packages, and zipfile stamps every member with the clock. A
renderer has no clock: `stable_zip` rewrites the package with every member dated at the report's
date, so the same report gives the same bytes from the CLI, the web and a rerun."""

import io
import zipfile
from datetime import date


def stable_zip(data: bytes, when: date) -> bytes:
    stamp = (max(when.year, 1980), when.month, when.day, 12, 0, 0)  # zip dates start in 1980
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()
