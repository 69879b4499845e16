"""District names as people write them map to one canonical unit."""
from __future__ import annotations

import pytest

from indexer.places import HCMC_DISTRICTS, canonical_district


@pytest.mark.parametrize("written, canonical", [
    ("Quận 1", "Quận 1"), ("Q.1", "Quận 1"), ("Q1", "Quận 1"), ("quận 10", "Quận 10"),
    ("Tân Phú", "Quận Tân Phú"), ("quan go vap", "Quận Gò Vấp"), ("Huyện Cần Giờ", "Huyện Cần Giờ"),
    # Thành phố Thủ Đức (2021) and the former Quận Thủ Đức share a bare name: the current one wins
    ("Thành phố Thủ Đức", "Thành phố Thủ Đức"), ("TP Thủ Đức", "Thành phố Thủ Đức"),
    ("Thủ Đức", "Thành phố Thủ Đức"), ("Quận Thủ Đức", "Quận Thủ Đức"), ("Quận 2", "Quận 2"),
    ("Hà Nội", None), ("", None),
])
def test_canonical_district(written, canonical):
    assert canonical_district(written) == canonical


def test_default_set_is_the_22_pre_2025_units():
    assert len(HCMC_DISTRICTS) == 22 == len(set(HCMC_DISTRICTS))
    assert all(canonical_district(d) == d for d in HCMC_DISTRICTS)
