"""The ``vanban`` command line: index, serve, search, extract, eval, graph, cluster.

The only module besides ``create_app`` that reads the environment and configures logging. Errors
print a message and exit 1, without a traceback.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import typer

from indexer.settings import Settings, SettingsError
from search_api.cli_cluster import cluster_app
from search_api.cli_graph import graph_app

app = typer.Typer(help="vanban — tìm kiếm và đồ thị trích dẫn văn bản kế hoạch quận, huyện.",
                  no_args_is_help=True, add_completion=False)
eval_app = typer.Typer(help="Đo độ chính xác (precision/recall) so với dữ liệu chuẩn.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

app.add_typer(graph_app, name="graph")
app.add_typer(cluster_app, name="cluster")

INDEX_DIR_HELP = "Thư mục chỉ mục (mặc định: $VANBAN_INDEX_DIR hoặc var/index)."


def _settings(**overrides) -> Settings:
    try:
        return Settings.from_env(**overrides)
    except SettingsError as e:
        _fail(str(e))


def _fail(message: str) -> None:
    typer.echo(f"Lỗi: {message}", err=True)
    raise typer.Exit(code=1)


def _logging(verbose: bool = False) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per Typesense request otherwise


@app.command()
def index(
    corpus: Path = typer.Argument(None, help="Thư mục văn bản (mặc định: $VANBAN_CORPUS hoặc corpus/)."),
    index_dir: Path = typer.Option(None, "--index-dir", help=INDEX_DIR_HELP),
    workers: int = typer.Option(None, "--workers", help="Số tiến trình tách từ pyvi (mặc định: mọi lõi)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Không in tiến độ."),
    full: bool = typer.Option(False, "--full", help="Đọc lại mọi tệp (mặc định: chỉ tệp mới, sửa hoặc xóa)."),
) -> None:
    """Đọc kho văn bản, trích xuất trích dẫn, tách từ và xây dựng chỉ mục + đồ thị.

    Lần chạy sau chỉ đọc lại các tệp đã thay đổi; chỉ mục mới thay chỉ mục cũ trong một bước,
    nên máy chủ đang chạy không bao giờ thấy chỉ mục viết dở."""
    from pipeline.engine import EngineError, engine_config
    from pipeline.index import IndexLockedError, build_index

    _logging()
    # absolute(), not resolve(): the index directory is a symlink to its current generation.
    s = _settings(index_dir=index_dir and index_dir.absolute(), corpus=corpus and corpus.resolve())
    last = {}

    def progress(stage: str, done: int, total: int) -> None:
        if quiet:
            return
        step = max(1, total // 20)
        if done == total or done - last.get(stage, 0) >= step:
            last[stage] = done
            typer.echo(f"  {stage}: {done}/{total}", err=True)

    try:
        report = build_index(s.corpus, s.index_dir, workers=workers or s.workers or None, progress=progress,
                             full=full, engine=engine_config(s))
    except (FileNotFoundError, IndexLockedError, EngineError) as e:
        _fail(str(e))
    ch = report.changes
    if report.mode == "unchanged":
        typer.echo(f"Không có tệp nào thay đổi: chỉ mục {s.index_dir} giữ nguyên ({report.documents} văn bản).")
    else:
        what = ("" if report.mode == "full" else
                f" (đọc lại {ch.get('changed', 0)} tệp sửa, {ch.get('added', 0)} tệp mới; bỏ {ch.get('removed', 0)} tệp xóa)")
        typer.echo(f"Đã lập chỉ mục {report.documents} văn bản từ {report.files} tệp, "
                   f"{report.citations} trích dẫn, vào {s.index_dir}{what} "
                   f"({sum(report.seconds.values()):.1f} giây, bộ nhớ tối đa {report.peak_rss_mb:.0f} MB).")
    for err in report.errors:
        typer.echo(f"  Không đọc được {err.path}: {err.reason}", err=True)


@app.command()
def serve(
    index_dir: Path = typer.Option(None, "--index-dir", help=INDEX_DIR_HELP),
    host: str = typer.Option(None, "--host", help="Địa chỉ (mặc định 127.0.0.1)."),
    port: int = typer.Option(None, "--port", help="Cổng (mặc định 8000)."),
    workers: int = typer.Option(None, "--workers",
                                help="Số tiến trình phục vụ (mặc định: $VANBAN_WORKERS, 0 = mọi lõi)."),
) -> None:
    """Chạy API và giao diện web."""
    import os

    import uvicorn

    from search_api.app import create_app, validate_index

    _logging()
    s = _settings(index_dir=index_dir and index_dir.resolve(), host=host, port=port, workers=workers)
    n = s.workers or os.cpu_count() or 1
    typer.echo(f"vanban: http://{s.host}:{s.port}/  (API: http://{s.host}:{s.port}/docs), "
               f"{n} tiến trình", err=True)
    # No "server: uvicorn" header (no version leaks); no reload, no debug.
    # Keep-alive 75 s (nginx's default): with uvicorn's 5 s, a client reusing a connection just as the
    # server closes it sees a reset (1 in 988 requests at 200 clients in the load test).
    opts = dict(host=s.host, port=s.port, log_level="info", server_header=False, timeout_keep_alive=75)
    if n == 1:
        try:
            application = create_app(s)
        except FileNotFoundError as e:
            _fail(str(e))
        uvicorn.run(application, **opts)
        return
    # Several worker processes: each opens the index read-only itself (the OS shares its pages);
    # check it here first so a missing or old index is one line, not a traceback per worker.
    try:
        validate_index(s.index_dir)
    except FileNotFoundError as e:
        _fail(str(e))
    os.environ.update(s.to_env())
    uvicorn.run("search_api.app:create_app_from_env", factory=True, workers=n, **opts)


@app.command()
def search(
    query: str = typer.Argument("", help="Câu truy vấn, vd. \"Chỉ thị 19-CT/TU\"."),
    index_dir: Path = typer.Option(None, "--index-dir", help=INDEX_DIR_HELP),
    page: int = typer.Option(1, "--page"),
    size: int = typer.Option(10, "--size"),
    sort: str = typer.Option("relevance", "--sort", help="relevance | newest | oldest | cited"),
    doc_type: str = typer.Option(None, "--type", help="Loại văn bản, vd. \"Kế hoạch\"."),
    issuer: str = typer.Option(None, "--issuer", help="Cơ quan ban hành."),
    district: str = typer.Option(None, "--district", help="Quận/huyện, vd. \"Quận 1\"."),
    year: int = typer.Option(None, "--year", help="Năm ban hành."),
    cites: str = typer.Option(None, "--cites", help="Chỉ văn bản trích dẫn văn bản này, vd. 19-CT/TU."),
    relation: str = typer.Option(None, "--relation", help="basis | implements | mentions"),
    as_json: bool = typer.Option(False, "--json", help="In đúng phản hồi JSON của API."),
) -> None:
    """Tìm kiếm, như ô tìm kiếm của giao diện web và /api/search (cùng bộ lọc)."""
    from search_api.query import QueryError
    from search_api.search import IndexVersionError, Searcher, SearchRequest
    from search_api.typesense_backend import backend_for

    # absolute(), not resolve(): messages name the index directory as given, not its generation.
    s = _settings(index_dir=index_dir and index_dir.absolute())
    try:
        searcher = Searcher(s.index_dir, max_page_size=s.max_page_size, backend=backend_for(s))
        result = searcher.search(SearchRequest(q=query, page=page, size=size, sort=sort, doc_type=doc_type,
                                               issuer=issuer, district=district, year=year, cites=cites,
                                               relation=relation))
    except (FileNotFoundError, QueryError, IndexVersionError) as e:
        _fail(str(e))
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    typer.echo(f"Tìm thấy {result['total']} văn bản.")
    for h in result["hits"]:
        typer.echo(f"- {h['number'] or h['id']} · {h['type'] or ''} · {h['district'] or ''} · "
                   f"{h['date'] or ''} · {h['title'] or ''}")
        for p in h["passages"][:1]:
            plain = p["html"].replace("<mark>", "[").replace("</mark>", "]")
            typer.echo(f"    Dòng {p['line']}: {plain}")


@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="Tệp văn bản cần trích xuất."),
    as_json: bool = typer.Option(False, "--json", help="In JSON (hợp đồng đánh giá)."),
) -> None:
    """Tách văn bản, đọc thuộc tính và trích dẫn của từng tệp."""
    from indexer.citations import annotate
    from indexer.corpus import resolve_across
    from indexer.documents import split_documents
    from indexer.ingest import IngestError, read_file
    from search_api.serialize import extract_document_json

    read: list[tuple[Path, list | None, str | None]] = []
    for path in files:
        try:
            source = read_file(path)
        except IngestError as e:
            typer.echo(f"Không đọc được {e.path}: {e.reason}", err=True)
            read.append((path, None, e.reason))
            continue
        read.append((path, [annotate(d) for d in split_documents(source)], None))
    # Short forms and names resolved against every file given (indexer.corpus), then per file again.
    resolved = iter(resolve_across([d for _, docs, _ in read for d in docs or []]))
    out, failed = [], sum(1 for _, docs, _ in read if docs is None)
    for path, docs, error in read:
        if docs is None:
            out.append({"file": str(path), "documents": [], "error": error})
            continue
        docs = [next(resolved) for _ in docs]
        out.append({"file": str(path), "documents": [extract_document_json(d, str(path)) for d in docs]})
    if as_json:
        typer.echo(json.dumps(out if len(out) != 1 else out[0], ensure_ascii=False))
    else:
        for f in out:
            typer.echo(f["file"] + (f" — không đọc được: {f['error']}" if "error" in f else ""))
            for d in f["documents"]:
                typer.echo(f"  {d['type'] or '?'} {d['number'] or '?'} · {d['issuer'] or '?'} · {d['date'] or '?'}"
                           f" · dòng {d['line_start']}–{d['line_end']} · {len(d['citations'])} trích dẫn")
                for c in d["citations"]:
                    label = f"{c['type'] or ''} {c['number']}" if c["number"] else c["name"]
                    typer.echo(f"    [{c['relation']}] {label}"
                               f" ({c['issuer'] or '?'}) dòng {', '.join(str(m['line']) for m in c['mentions'])}")
    if failed == len(files):
        raise typer.Exit(code=1)


@eval_app.command("laws")
def eval_laws(
    ner: Path = typer.Argument(Path("../shared/realdocs/ner/citations.jsonl"),
                               help="Câu có đánh dấu trích dẫn (JSONL, realdocs/ner)."),
) -> None:
    """Precision, recall của tên luật, pháp lệnh trích dẫn không kèm số (so với câu đã đánh dấu)."""
    from indexer.evaluate import main_eval_laws

    if not ner.exists():
        typer.echo(f"Không có tệp {ner}.", err=True)
        raise typer.Exit(code=2)
    typer.echo(main_eval_laws(ner))


@eval_app.command("citations")
def eval_citations(
    corpus: Path = typer.Argument(Path("corpus"), help="Thư mục chứa các tệp của dữ liệu chuẩn."),
    gold: Path = typer.Option(Path("tests/gold/seeds.json"), "--gold", help="Tệp dữ liệu chuẩn (JSON)."),
) -> None:
    """Precision, recall, F1 của trích xuất trích dẫn theo văn bản, loại và quan hệ."""
    from indexer.evaluate import main_eval

    if not gold.exists():
        _fail(f"Không có tệp dữ liệu chuẩn '{gold}'.")
    text, _report = main_eval(gold, corpus)
    typer.echo(text)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
