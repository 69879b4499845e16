"""``vanban graph …``: the citation-graph queries on the command line.

Each command opens the graph saved beside the index (``--index-dir``, default ``$VANBAN_INDEX_DIR``
or ``var/index``) and prints a short Vietnamese summary, or with ``--json`` exactly what the
corresponding API endpoint returns. Errors print a message and exit 1, without a traceback.
"""
from __future__ import annotations

import json
from pathlib import Path

import typer

from graph import queries
from graph.build import load_graph
from graph.export import export as export_graph
from graph.views import Ambiguous, GraphQueryError, fmt_date
from indexer.settings import Settings, SettingsError, parse_districts

graph_app = typer.Typer(help="Đồ thị trích dẫn: trích dẫn, được trích dẫn, chuỗi, đường đi, "
                             "thực hiện theo quận/huyện, tra số ký hiệu, xuất dữ liệu.",
                        no_args_is_help=True)

INDEX_DIR = typer.Option(None, "--index-dir", help="Thư mục chỉ mục (mặc định: $VANBAN_INDEX_DIR hoặc var/index).")
AS_JSON = typer.Option(False, "--json", help="In đúng phản hồi JSON của API.")
OUTPUT = typer.Option(None, "--output", "-o", help="Tệp đích (mặc định: in ra màn hình).")


def _fail(message: str) -> None:
    typer.echo(f"Lỗi: {message}", err=True)
    raise typer.Exit(code=1)


def _settings() -> Settings:
    """The ``VANBAN_*`` settings, read the one way every entry point reads them."""
    try:
        return Settings.from_env()
    except SettingsError as e:
        _fail(str(e))
        raise  # unreachable: _fail exits


def _open(index_dir: Path | None):
    path = index_dir or _settings().index_dir
    try:
        return load_graph(path)
    except FileNotFoundError:
        _fail(f"Chưa có đồ thị trích dẫn trong «{path}»: hãy chạy «vanban index» trước.")
    except ValueError as e:
        _fail(f"Đồ thị trích dẫn trong «{path}» được tạo bởi phiên bản khác; hãy chạy lại «vanban index» ({e}).")


def _run(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except Ambiguous as e:
        lines = [e.message] + [f"  - {c['id']} · {c.get('issuer') or '?'} · {c.get('district') or ''}"
                               for c in e.candidates]
        _fail("\n".join(lines))
    except GraphQueryError as e:
        _fail(e.message)


def _print_json(data) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=1))


def _item_line(i: dict) -> str:
    where = f"{i.get('file') or ''}:{i.get('line')}" if i.get("file") else f"dòng {i.get('line')}"
    head = f"[{i['relation_label']}] {i['label']} · {i.get('district') or ''} · {fmt_date(i.get('date')) or ''}"
    return f"- {head} ({where})\n    «{i.get('sentence', '')}»"


@graph_app.command("show")
def show(key: str, index_dir: Path = INDEX_DIR, as_json: bool = AS_JSON) -> None:
    """Văn bản được trích dẫn: thông tin, tình trạng, các cách viết đã gặp."""
    d = _run(queries.instrument_detail, _open(index_dir), key)
    if as_json:
        return _print_json(d)
    n = d["node"]
    typer.echo(f"{n['label']} · {n.get('issuer') or '?'} · {fmt_date(n.get('date')) or 'chưa rõ ngày'}")
    if d["missing_label"]:
        typer.echo(d["missing_label"])
    if d["variants_label"]:
        typer.echo(d["variants_label"])
    typer.echo(d["status"]["label"])
    typer.echo(f"Được trích dẫn bởi {d['cited_by_count']} văn bản.")


@graph_app.command("cited-by")
def cited_by(key: str, relation: str = typer.Option(None, "--relation"),
             district: str = typer.Option(None, "--district"), limit: int = typer.Option(100, "--limit"),
             index_dir: Path = INDEX_DIR, as_json: bool = AS_JSON) -> None:
    """Được trích dẫn bởi: văn bản trích dẫn KEY, với câu trích dẫn và dòng."""
    d = _run(queries.cited_by, _open(index_dir), key, relation=relation, district=district, limit=limit)
    if as_json:
        return _print_json(d)
    if not d["total"]:
        typer.echo("Chưa có văn bản nào trong kho trích dẫn văn bản này.")
        return
    typer.echo(f"{d['node']['label']}: được trích dẫn bởi {d['total']} văn bản")
    for i in d["items"]:
        typer.echo(_item_line(i))


@graph_app.command("cites")
def cites(key: str, relation: str = typer.Option(None, "--relation"),
          index_dir: Path = INDEX_DIR, as_json: bool = AS_JSON) -> None:
    """Văn bản này trích dẫn: các văn bản KEY trích dẫn."""
    d = _run(queries.cites, _open(index_dir), key, relation=relation)
    if as_json:
        return _print_json(d)
    typer.echo(f"{d['node']['label']} trích dẫn {d['total']} văn bản")
    for i in d["items"]:
        typer.echo(_item_line(i) + ("  (chưa có toàn văn)" if i.get("missing") else ""))


def _tree_lines(node: dict, depth: int = 0) -> list[str]:
    out = []
    for c in node["children"]:
        mark = " (đã nêu ở trên)" if c.get("repeat") else ""
        out.append(f"{'  ' * depth}└ {c['relation_label'].lower()} → {c['node']['label']}{mark}")
        out += _tree_lines(c, depth + 1)
    if node.get("more"):
        out.append(f"{'  ' * depth}… và {node['more']} văn bản khác")
    return out


@graph_app.command("chain")
def chain(key: str, direction: str = typer.Option("out", "--direction", help="out | in"),
          depth: int = typer.Option(2, "--depth"), index_dir: Path = INDEX_DIR, as_json: bool = AS_JSON) -> None:
    """Chuỗi trích dẫn từ KEY, ra (out) hoặc vào (in), tới độ sâu cho trước."""
    d = _run(queries.chain, _open(index_dir), key, direction=direction, depth=depth)
    if as_json:
        return _print_json(d)
    typer.echo(d["tree"]["node"]["label"])
    for line in _tree_lines(d["tree"]):
        typer.echo(line)


@graph_app.command("path")
def path(source: str, target: str, max_depth: int = typer.Option(6, "--max-depth"),
         index_dir: Path = INDEX_DIR, as_json: bool = AS_JSON) -> None:
    """Đường trích dẫn giữa hai văn bản."""
    d = _run(queries.paths, _open(index_dir), source, target, max_depth=max_depth)
    if as_json:
        return _print_json(d)
    if not d["paths"]:
        _fail(d.get("message", "Không tìm thấy đường đi."))
    for p in d["paths"]:
        parts = [p[0]["node"]["label"]]
        for step in p[1:]:
            arrow = "→" if step["direction"] == "out" else "←"
            parts.append(f" {arrow}[{step['relation_label'].lower()}] {step['node']['label']}")
        typer.echo("".join(parts))


@graph_app.command("coverage")
def coverage(key: str, districts: str = typer.Option(None, "--districts",
                                                     help="Danh sách quận/huyện, cách nhau bởi dấu phẩy."),
             index_dir: Path = INDEX_DIR, as_json: bool = AS_JSON) -> None:
    """Thực hiện theo quận/huyện: bảng hai mức cho KEY."""
    dlist = list(parse_districts(districts) if districts else _settings().districts)
    d = _run(queries.coverage, _open(index_dir), key, districts=dlist)
    if as_json:
        return _print_json(d)
    typer.echo(f"{d['node']['label']} — {d['summary']['text']}")
    for r in d["districts"]:
        plans = ", ".join(p["label"] for p in r["plans"] + r["indirect"]) or "—"
        tasks = ", ".join(p["label"] for p in r["tasks"]) or "—"
        lag = "" if r["lag_days"] is None else f" · {r['lag_days']} ngày"
        typer.echo(f"{r['district']:<22} {r['state']:<30} KH: {plans} · Nội dung: {tasks} · "
                   f"{fmt_date(r['first_date']) or ''}{lag}")


@graph_app.command("status")
def status(key: str, index_dir: Path = INDEX_DIR, as_json: bool = AS_JSON) -> None:
    """Tình trạng theo kho (bị sửa đổi, thay thế)."""
    d = _run(queries.status, _open(index_dir), key)
    if as_json:
        return _print_json(d)
    typer.echo(d["label"])


@graph_app.command("most-cited")
def most_cited(district: str = typer.Option(None, "--district"), limit: int = typer.Option(20, "--limit"),
               index_dir: Path = INDEX_DIR, as_json: bool = AS_JSON) -> None:
    """Văn bản được trích dẫn nhiều nhất, toàn kho hoặc theo quận/huyện."""
    d = _run(queries.most_cited, _open(index_dir), district=district, limit=limit)
    if as_json:
        return _print_json(d)
    for i in d["items"]:
        typer.echo(f"{i['count']:>6}  {i['label']}  (thực hiện {i['implements']}, căn cứ {i['basis']})")


@graph_app.command("missing")
def missing(limit: int = typer.Option(100, "--limit"), index_dir: Path = INDEX_DIR,
            as_json: bool = AS_JSON) -> None:
    """Văn bản được trích dẫn nhưng chưa có trong kho."""
    d = _run(queries.missing, _open(index_dir), limit=limit)
    if as_json:
        return _print_json(d)
    typer.echo(d["label"])
    for i in d["items"]:
        typer.echo(f"{i['count']:>6}  {i['label']}")


@graph_app.command("resolve")
def resolve(text: str, index_dir: Path = INDEX_DIR, as_json: bool = AS_JSON) -> None:
    """Tra số ký hiệu: found / ambiguous / not_found."""
    d = _run(queries.resolve, _open(index_dir), text)
    if as_json:
        return _print_json(d)
    label = {"found": "Tìm thấy", "ambiguous": "Nhiều kết quả", "not_found": "Không tìm thấy"}[d["status"]]
    typer.echo(f"{label}: «{text}»" + (f" — {d['message']}" if d.get("message") else ""))
    for c in d["candidates"]:
        typer.echo(f"  - {c['id']} · {c['label']} · {c.get('issuer') or '?'} · {c['cited_by']} trích dẫn")
    if d["status"] == "not_found":
        raise typer.Exit(code=1)


@graph_app.command("export")
def export(fmt: str = typer.Option("graphml", "--format", help="graphml | json | csv"),
           key: str = typer.Option(None, "--id", help="Tâm vùng lân cận (bỏ trống: cả đồ thị)."),
           depth: int = typer.Option(1, "--depth"),
           output: Path = OUTPUT,
           index_dir: Path = INDEX_DIR) -> None:
    """Xuất đồ thị (GraphML, JSON node-link, CSV danh sách cạnh), toàn bộ hoặc vùng lân cận."""
    cg = _open(index_dir)
    node = _run(queries.locate, cg, key) if key else None
    body = _run(export_graph, cg, fmt, node=node, depth=depth)
    if output:
        output.write_text(body, encoding="utf-8")
        typer.echo(f"Đã ghi {output}", err=True)
    else:
        typer.echo(body)
