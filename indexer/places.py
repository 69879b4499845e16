"""Administrative units that district plans are issued for.

The default set is Ho Chi Minh City's 22 district-level units as they were before the 2025 reform
(1 July 2025 abolished the district level): 16 urban districts, Thủ Đức city (formed in 2021 from
Quận 2, Quận 9 and Quận Thủ Đức) and 5 rural districts. Plans older than 2021 may name Quận 2,
Quận 9 or Quận Thủ Đức; those are recognised too but are not in the default coverage set.
The set used for coverage tables is configurable (``VANBAN_DISTRICTS``).
"""
from __future__ import annotations

import re

from indexer.fold import fold_lower

HCMC_DISTRICTS: tuple[str, ...] = (
    "Quận 1", "Quận 3", "Quận 4", "Quận 5", "Quận 6", "Quận 7", "Quận 8", "Quận 10", "Quận 11",
    "Quận 12", "Quận Bình Thạnh", "Quận Bình Tân", "Quận Gò Vấp", "Quận Phú Nhuận",
    "Quận Tân Bình", "Quận Tân Phú", "Thành phố Thủ Đức",
    "Huyện Bình Chánh", "Huyện Cần Giờ", "Huyện Củ Chi", "Huyện Hóc Môn", "Huyện Nhà Bè",
)

# Units that existed before Thủ Đức city (2021); recognised, not in the default set.
FORMER_HCMC_DISTRICTS: tuple[str, ...] = ("Quận 2", "Quận 9", "Quận Thủ Đức")


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", fold_lower(s)).strip()


def _bare(name: str) -> str:
    """``Quận Tân Phú`` → ``tan phu``; ``Quận 1`` → ``1``; ``Huyện Cần Giờ`` → ``can gio``."""
    return re.sub(r"^(quan|huyen|thanh pho|tp\.?)\s+", "", _fold(name))


# Former units first, so a current unit wins a shared bare name ("Thủ Đức" → Thành phố Thủ Đức).
_BY_BARE = {_bare(d): d for d in FORMER_HCMC_DISTRICTS + HCMC_DISTRICTS}
_BY_FULL = {_fold(d): d for d in HCMC_DISTRICTS + FORMER_HCMC_DISTRICTS}
_BY_FULL.update({_fold(d).replace("thanh pho ", "tp "): d for d in HCMC_DISTRICTS if d.startswith("Thành phố")})


def canonical_district(name: str | None) -> str | None:
    """Map a written district name to its canonical form, or ``None`` when it is not one.

    Accepts ``quận Tân Phú``, ``Q.1``, ``Q1``, ``Tân Phú``, ``quan go vap``, ``TP Thủ Đức``.

    Args:
        name: the district as written.

    Returns:
        The canonical name (``Quận Tân Phú``) or ``None``.
    """
    if not name:
        return None
    f = _fold(name)
    f = re.sub(r"^q\.?\s*(\d+)$", r"\1", f)
    return _BY_FULL.get(f) or _BY_BARE.get(_bare(f)) or _BY_BARE.get(f)


def district_pattern() -> str:
    """A regex alternation of the bare names (longest first), for finding districts in text."""
    names = sorted({re.sub(r"^(Quận|Huyện|Thành phố)\s+", "", d) for d in _BY_BARE.values()},
                   key=len, reverse=True)
    return "|".join(re.escape(n) for n in names)
