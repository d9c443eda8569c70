"""Shared by the Anki exports: a genanki package as deterministic bytes.

genanki's own write_to_file stamps the zip entries with the clock; the entries are copied into
a new zip with a date taken from the caller's timestamp, so the same notes and timestamp give
the same bytes.
"""

from __future__ import annotations

import io
import time


def package_bytes(package, timestamp: float) -> bytes:
    import zipfile  # only when an Anki package is written

    raw = io.BytesIO()
    package.write_to_file(raw, timestamp=timestamp)
    stamp = time.gmtime(max(timestamp, 315532800))[:6]  # zip dates start in 1980
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def tag(prefix: str, value: str) -> str:
    """An Anki tag: no spaces allowed, `::` makes a hierarchy (topic::foundational)."""
    return f"{prefix}::{'_'.join(value.split()) or 'none'}"
