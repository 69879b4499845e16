"""Configuration, declared once: each setting's field, ``VANBAN_*`` variable, default, help and
parser are one row of ``SETTINGS``; ``Settings()`` and ``Settings.from_env()`` read their defaults
from that row alike (relative paths against the current directory, when they are read).

Only entry points (the CLI, ``create_app`` when given no settings, the OCR cache lookup) read the
environment, through :func:`setting` or ``Settings.from_env``; tests pass their own Settings. A bad
value stops start-up, naming the variable and the value. This module sits below every stage, so
the indexer's OCR reads its cache directory the same way the server reads its port.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from indexer.places import HCMC_DISTRICTS, canonical_district


class SettingsError(ValueError):
    """A configuration value is not valid."""


def _path(name: str, value: str) -> Path:
    return Path(value).expanduser().resolve()


def _text(name: str, value: str) -> str:
    return value


def _int(minimum: int) -> Callable[[str, str], int]:
    def parse(name: str, value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise SettingsError(f"Config '{name}' has value '{value}'. Not a valid integer.") from None
        if n < minimum:
            raise SettingsError(f"Config '{name}' has value '{value}'. Must be at least {minimum}.")
        return n
    return parse


def parse_districts(value: str) -> tuple[str, ...]:
    """``"Quận 1, Gò Vấp"`` → ``("Quận 1", "Quận Gò Vấp")``; empty → the HCMC default set."""
    if not value.strip():
        return HCMC_DISTRICTS
    return tuple(canonical_district(part.strip()) or part.strip() for part in value.split(",") if part.strip())


def _choice(*allowed: str) -> Callable[[str, str], str]:
    def parse(name: str, value: str) -> str:
        if value.strip().lower() not in allowed:
            raise SettingsError(f"Config '{name}' has value '{value}'. Must be one of: {', '.join(allowed)}.")
        return value.strip().lower()
    return parse


def _list(name: str, value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class Setting:
    """One setting: the ``Settings`` field, its variable, default (as written in the variable),
    help, and how a value is read."""

    field: str
    env: str
    default: str
    help: str
    parse: Callable[[str, str], Any]

    def read(self, env: dict[str, str] | None = None) -> Any:
        """The value of this setting in ``env`` (default: the process environment)."""
        source = os.environ if env is None else env
        return self.parse(self.env, source.get(self.env) or self.default)


SETTINGS: tuple[Setting, ...] = (
    Setting("index_dir", "VANBAN_INDEX_DIR", "var/index", "Index directory (Whoosh index, document store, graph).",
            _path),
    Setting("corpus", "VANBAN_CORPUS", "corpus", "Corpus directory indexed by `vanban index` when no DIR is given.",
            _path),
    Setting("host", "VANBAN_HOST", "127.0.0.1", "Address `vanban serve` listens on.", _text),
    Setting("port", "VANBAN_PORT", "8000", "Port `vanban serve` listens on.", _int(1)),
    Setting("workers", "VANBAN_WORKERS", "0", "Processes: pyvi workers when indexing, uvicorn worker processes "
            "when serving (0 = all cores).", _int(0)),
    Setting("districts", "VANBAN_DISTRICTS", "", "Comma-separated district set for coverage tables (default: "
            "HCMC's 22 district-level units before 1 July 2025).", lambda name, value: parse_districts(value)),
    Setting("max_page_size", "VANBAN_MAX_PAGE_SIZE", "100", "Largest page size a search may ask for.", _int(1)),
    Setting("cors_origins", "VANBAN_CORS_ORIGINS", "", "Comma-separated origins allowed to call the API from a "
            "browser (default: none).", _list),
    Setting("backend", "VANBAN_BACKEND", "whoosh", "Search backend: whoosh (embedded, in the index directory) or "
            "typesense (a cluster, VANBAN_TYPESENSE_NODES; the index directory keeps the store and graph).",
            _choice("whoosh", "typesense")),
    Setting("typesense_nodes", "VANBAN_TYPESENSE_NODES", "127.0.0.1:8108,127.0.0.1:8118,127.0.0.1:8128",
            "Comma-separated host:port of each Typesense node (default: the nodes of `make cluster`).", _list),
    Setting("typesense_api_key", "VANBAN_TYPESENSE_API_KEY", "vanban-local", "API key of the Typesense cluster.",
            _text),
    Setting("typesense_collection", "VANBAN_TYPESENSE_COLLECTION", "vanban", "Typesense alias the index is "
            "published under (one collection per full build behind it).", _text),
    Setting("ocr_cache", "VANBAN_OCR_CACHE", "~/.cache/vanban/ocr", "Where OCR results are kept, by file hash "
            "(a re-index never repeats OCR).", _path),
)
BY_FIELD: dict[str, Setting] = {s.field: s for s in SETTINGS}


def setting(name: str, env: dict[str, str] | None = None) -> Any:
    """One setting's value, by field name, from ``env`` (default: the process environment)."""
    return BY_FIELD[name].read(env)


def _default(name: str) -> Callable[[], Any]:
    return lambda: BY_FIELD[name].read({})


@dataclass(frozen=True)
class Settings:
    index_dir: Path = field(default_factory=_default("index_dir"))
    corpus: Path = field(default_factory=_default("corpus"))
    host: str = field(default_factory=_default("host"))
    port: int = field(default_factory=_default("port"))
    workers: int = field(default_factory=_default("workers"))
    districts: tuple[str, ...] = field(default_factory=_default("districts"))
    max_page_size: int = field(default_factory=_default("max_page_size"))
    cors_origins: tuple[str, ...] = field(default_factory=_default("cors_origins"))
    backend: str = field(default_factory=_default("backend"))
    typesense_nodes: tuple[str, ...] = field(default_factory=_default("typesense_nodes"))
    typesense_api_key: str = field(default_factory=_default("typesense_api_key"))
    typesense_collection: str = field(default_factory=_default("typesense_collection"))
    ocr_cache: Path = field(default_factory=_default("ocr_cache"))

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Read the ``VANBAN_*`` variables of ``env`` (default: the process environment)."""
        values = {s.field: s.read(dict(os.environ) if env is None else env) for s in SETTINGS}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def to_env(self) -> dict[str, str]:
        """The ``VANBAN_*`` variables that rebuild these settings in another process (serve workers)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[BY_FIELD[f.name].env] = ",".join(value) if isinstance(value, tuple) else str(value)
        return out
