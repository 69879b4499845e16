"""CSV downloads, one way: UTF-8 with a byte-order mark, so Excel (what district offices open
CSV files with) reads Vietnamese instead of mojibake."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from fastapi.responses import Response

BOM = "\ufeff"


def csv_text(rows: Iterable[list]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return BOM + buf.getvalue()


def csv_response(rows: Iterable[list], filename: str, headers: dict[str, str] | None = None) -> Response:
    """``rows`` (header first) as a CSV attachment named ``filename`` (.csv added)."""
    return Response(csv_text(rows), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}.csv"', **(headers or {})})


def with_bom(chunks: Iterable[str]) -> Iterator[str]:
    """A CSV streamed in chunks (the whole graph), led by the byte-order mark Excel needs."""
    yield BOM
    yield from chunks
