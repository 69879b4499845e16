"""Configuration: one frozen Settings built from ``VANBAN_*`` variables by ``Settings.from_env()``.

Only entry points (the CLI, ``create_app`` when given no settings) read the environment; tests pass
their own Settings. A bad value stops start-up, naming the variable and the value.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from indexer.places import HCMC_DISTRICTS, canonical_district

REPO_ROOT = Path(__file__).resolve().parent.parent

# name → (default, help)
SETTINGS_HELP: dict[str, tuple[str, str]] = {
    "VANBAN_INDEX_DIR": ("var/index", "Index directory (Whoosh index, document store, graph)."),
    "VANBAN_CORPUS": ("corpus", "Corpus directory indexed by `vanban index` when no DIR is given."),
    "VANBAN_HOST": ("127.0.0.1", "Address `vanban serve` listens on."),
    "VANBAN_PORT": ("8000", "Port `vanban serve` listens on."),
    "VANBAN_WORKERS": ("0", ("Processes: pyvi workers when indexing, uvicorn worker processes when "
                             "serving (0 = all cores).")),
    "VANBAN_DISTRICTS": ("", ("Comma-separated district set for coverage tables (default: HCMC's 22 "
                              "district-level units before 1 July 2025).")),
    "VANBAN_MAX_PAGE_SIZE": ("100", "Largest page size a search may ask for."),
    "VANBAN_CORS_ORIGINS": ("", "Comma-separated origins allowed to call the API from a browser (default: none)."),
}


class SettingsError(ValueError):
    """A configuration value is not valid."""


def _int(name: str, value: str, minimum: int = 0) -> int:
    try:
        n = int(value)
    except ValueError:
        raise SettingsError(f"Config '{name}' has value '{value}'. Not a valid integer.") from None
    if n < minimum:
        raise SettingsError(f"Config '{name}' has value '{value}'. Must be at least {minimum}.")
    return n


def parse_districts(value: str) -> tuple[str, ...]:
    """``"Quận 1, Gò Vấp"`` → ``("Quận 1", "Quận Gò Vấp")``; empty → the HCMC default set."""
    if not value.strip():
        return HCMC_DISTRICTS
    out = []
    for part in value.split(","):
        name = part.strip()
        if name:
            out.append(canonical_district(name) or name)
    return tuple(out)


@dataclass(frozen=True)
class Settings:
    index_dir: Path = REPO_ROOT / "var" / "index"
    corpus: Path = REPO_ROOT / "corpus"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 0
    districts: tuple[str, ...] = HCMC_DISTRICTS
    max_page_size: int = 100
    cors_origins: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> Settings:
        """Read ``VANBAN_*`` variables (relative paths are relative to the current directory)."""
        env = dict(os.environ if env is None else env)

        def get(name: str) -> str:
            return env.get(name, SETTINGS_HELP[name][0])

        values = dict(
            index_dir=Path(get("VANBAN_INDEX_DIR")).resolve(),
            corpus=Path(get("VANBAN_CORPUS")).resolve(),
            host=get("VANBAN_HOST"),
            port=_int("VANBAN_PORT", get("VANBAN_PORT"), 1),
            workers=_int("VANBAN_WORKERS", get("VANBAN_WORKERS")),
            districts=parse_districts(get("VANBAN_DISTRICTS")),
            max_page_size=_int("VANBAN_MAX_PAGE_SIZE", get("VANBAN_MAX_PAGE_SIZE"), 1),
            cors_origins=tuple(o.strip() for o in get("VANBAN_CORS_ORIGINS").split(",") if o.strip()),
        )
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def to_env(self) -> dict[str, str]:
        """The ``VANBAN_*`` variables that rebuild these settings in another process (serve workers)."""
        return {"VANBAN_INDEX_DIR": str(self.index_dir), "VANBAN_CORPUS": str(self.corpus),
                "VANBAN_HOST": self.host, "VANBAN_PORT": str(self.port), "VANBAN_WORKERS": str(self.workers),
                "VANBAN_DISTRICTS": ",".join(self.districts), "VANBAN_MAX_PAGE_SIZE": str(self.max_page_size),
                "VANBAN_CORS_ORIGINS": ",".join(self.cors_origins)}
