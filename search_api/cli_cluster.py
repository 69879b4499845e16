"""``vanban cluster start|stop|status``: a local Typesense cluster for ``VANBAN_BACKEND=typesense``
(``make cluster`` / ``make cluster-stop``; nodes, data and logs under ``var/cluster``)."""
from __future__ import annotations

from pathlib import Path

import typer

from pipeline.cluster import DEFAULT_KEY, Cluster, ClusterError

cluster_app = typer.Typer(help="Cụm Typesense cục bộ (3 nút trên 127.0.0.1) cho VANBAN_BACKEND=typesense.",
                          no_args_is_help=True)

DIR_OPT = typer.Option(Path("var/cluster"), "--dir", help="Thư mục của các nút (dữ liệu, nhật ký, pid).")
PORT_OPT = typer.Option(8108, "--port", help="Cổng API của nút đầu; các nút sau +10, cổng Raft = cổng API - 1.")
SIZE_OPT = typer.Option(3, "--size", min=1, help="Số nút.")


def _cluster(root: Path, port: int, size: int) -> Cluster:
    return Cluster(root.absolute(), size=size, port=port, api_key=DEFAULT_KEY)


@cluster_app.command("start")
def start(root: Path = DIR_OPT, port: int = PORT_OPT, size: int = SIZE_OPT) -> None:
    """Khởi động các nút chưa chạy và chờ đến khi cụm có nút dẫn đầu (leader)."""
    c = _cluster(root, port, size)
    try:
        config = c.start()
    except ClusterError as e:
        typer.echo(f"Lỗi: {e}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Cụm Typesense sẵn sàng: {', '.join(config.nodes)} (dẫn đầu: {c.leader().address}).")
    typer.echo(f"Dùng: VANBAN_BACKEND=typesense VANBAN_TYPESENSE_NODES={','.join(config.nodes)} vanban index corpus")


@cluster_app.command("stop")
def stop(root: Path = DIR_OPT, port: int = PORT_OPT, size: int = SIZE_OPT) -> None:
    """Dừng mọi nút của cụm."""
    n = _cluster(root, port, size).stop()
    typer.echo(f"Đã dừng {n} nút." if n else "Không có nút nào đang chạy.")


@cluster_app.command("status")
def status(root: Path = DIR_OPT, port: int = PORT_OPT, size: int = SIZE_OPT) -> None:
    """Trạng thái từng nút (LEADER, FOLLOWER, DOWN)."""
    c = _cluster(root, port, size)
    for n in c.nodes:
        typer.echo(f"  {n.address}: {c.state(n) if c.running(n) else 'DOWN'}")
