"""Generate a realistic archive of district plans, with the truth of what each one cites.

Benchmarks and completeness tests need corpora of 1,000 to 100,000 plans that look like a city
archive: headers of the 22 district-level units over several years, numbers and signers,
instruments cited with Zipf popularity (a few city decisions cited by thousands of plans, most by
a handful), and bodies that do not repeat the same few lines. Bodies are drawn from real legal
sentences (``../shared/realdocs/ner/citations.jsonl``, ``../shared/realdocs/docs/``) when they are
beside the clone, else from the seed corpus, so the generator works in a user's clone too.

Each plan's preamble cites 2-6 instruments as ``Căn cứ …;`` (basis) and one as ``Thực hiện …``
(implements); the truth file beside the corpus lists, for each instrument, the plans that cite it
and how. ``tied=K`` makes K plans share one preamble citing ``TIED_REF`` exactly alike, so their
scores for that instrument tie: the case where page boundaries used to lose documents.

    python -m benchmarks.gencorpus OUT --n 10000 --seed 7 --tied 300
"""
from __future__ import annotations

import argparse
import json
import random
import re
import time
from pathlib import Path

from indexer.places import HCMC_DISTRICTS

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "realdocs"
TRUTH_FILE = "truth.json"
TIED_REF = "3235/QĐ-UBND"
YEARS = range(2019, 2026)
SIGNERS = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Minh Châu", "Phạm Quốc Dũng", "Võ Thị Hồng", "Huỳnh Tấn Phát",
           "Đặng Thu Hà", "Bùi Văn Khải", "Đỗ Thị Lan", "Hồ Ngọc Minh", "Ngô Thanh Nam", "Dương Văn Phúc"]
TOPICS = ["thực hiện công tác cải cách hành chính", "chuyển đổi số", "phòng, chống dịch bệnh",
          "phát triển kinh tế - xã hội", "bảo đảm trật tự an toàn giao thông", "phòng cháy, chữa cháy",
          "xây dựng đô thị văn minh", "tuyên truyền phổ biến giáo dục pháp luật", "giảm nghèo bền vững",
          "phong trào thi đua Dân vận khéo", "quản lý trật tự xây dựng", "bảo vệ môi trường",
          "phát triển văn hóa đọc", "chăm sóc sức khỏe Nhân dân", "thu ngân sách nhà nước"]
SECTIONS = ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG, NHIỆM VỤ", "III. GIẢI PHÁP THỰC HIỆN", "IV. TỔ CHỨC THỰC HIỆN"]
# Instrument kinds of the pool: (type word, number format, issuer phrase).
KINDS = [
    ("Quyết định", "{n}/QĐ-UBND", "của Ủy ban nhân dân Thành phố"),
    ("Kế hoạch", "{n}/KH-UBND", "của Ủy ban nhân dân Thành phố"),
    ("Chỉ thị", "{n}-CT/TU", "của Ban Thường vụ Thành ủy"),
    ("Nghị quyết", "{n}/NQ-HĐND", "của Hội đồng nhân dân Thành phố"),
    ("Kế hoạch", "{n}-KH/TU", "của Thành ủy"),
    ("Nghị định", "{n}/{y}/NĐ-CP", "của Chính phủ"),
    ("Thông tư", "{n}/{y}/TT-BNV", "của Bộ Nội vụ"),
    ("Quyết định", "{n}/QĐ-TTg", "của Thủ tướng Chính phủ"),
]


def _sentences(rng: random.Random) -> list[str]:
    """Real legal sentences: the NER set and the real documents, else the seed corpus."""
    out: list[str] = []
    ner = SHARED / "ner" / "citations.jsonl"
    if ner.is_file():
        with open(ner, encoding="utf-8") as f:
            out += [json.loads(line)["text"] for line in f]
    docs = SHARED / "docs"
    sources = sorted(docs.glob("*.txt")) if docs.is_dir() else []
    if not out:
        sources = sorted((REPO / "corpus").glob("*.txt"))
    for p in sources:
        out += [ln.strip() for ln in p.read_text("utf-8").split("\n")]
    # Keep body-like sentences: long enough, not headers or signature lines.
    out = [s for s in out if 60 <= len(s) <= 900 and not re.match(r"(Số|Nơi nhận|TM\.|KT\.)", s)]
    rng.shuffle(out)
    return out


def _pool(rng: random.Random, size: int) -> list[dict]:
    pool, seen = [], {TIED_REF}
    pool.append({"ref": TIED_REF, "type": "Quyết định", "issuer": "của Ủy ban nhân dân Thành phố",
                 "date": "ngày 15 tháng 9 năm 2021"})
    while len(pool) < size:
        word, fmt, issuer = rng.choice(KINDS)
        y = rng.choice(range(2015, 2025))
        ref = fmt.format(n=rng.randint(1, 4999), y=y)
        if ref in seen:
            continue
        seen.add(ref)
        pool.append({"ref": ref, "type": word, "issuer": issuer,
                     "date": f"ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm {y}"})
    return pool


def _cite(inst: dict) -> str:
    return f"{inst['type']} số {inst['ref']} {inst['date']} {inst['issuer']}"


def _plan(number: int, rng: random.Random, district: str, year: int, basis: list[dict], impl: dict,
          body: list[str]) -> str:
    head = district.replace("Thành phố", "THÀNH PHỐ").replace("Quận", "QUẬN").replace("Huyện", "HUYỆN")
    topic = rng.choice(TOPICS)
    lines = ["ỦY BAN NHÂN DÂN", head.upper(), "", f"Số: {number}/KH-UBND", "",
             "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
             f"{district}, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm {year}", "",
             "KẾ HOẠCH", f"Triển khai {topic} năm {year}", ""]
    lines += [f"Căn cứ {_cite(b)};" for b in basis]
    lines += [(f"Thực hiện {_cite(impl)}, Ủy ban nhân dân {district} xây dựng Kế hoạch {topic} "
              f"năm {year} như sau:"), ""]
    per = max(1, len(body) // len(SECTIONS))
    for k, title in enumerate(SECTIONS):
        lines += [title, ""] + body[k * per:(k + 1) * per] + [""]
    signer = rng.choice(SIGNERS)
    lines += ["Nơi nhận:", "- Ủy ban nhân dân Thành phố;", "- Lưu: VT.", "",
              "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", signer, ""]
    return "\n".join(lines)


def generate(out: Path, n: int, seed: int = 7, tied: int = 0, sentences_per_plan: int = 40) -> dict:
    """Write ``n`` plans into ``out`` (``plan_000001.txt`` …) and ``out/../<out name>.truth.json``.

    Returns:
        The truth: ``{"n", "tied", "tied_ref", "cites": {ref: {plan id: relation}}, "bytes"}``;
        plan ids are the file stems with ``-1`` (one document per file).
    """
    rng = random.Random(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sentences = _sentences(rng)
    pool = _pool(rng, max(50, min(2000, n // 5)))
    weights = [1.0 / (k + 1) ** 1.1 for k in range(len(pool))]  # Zipf: a few instruments dominate
    tied_plans = set(rng.sample(range(n), min(tied, n)))
    tied_pre = [pool[0]] + rng.sample(pool[1:], 2)  # one shared preamble: identical citation fields
    tied_impl = rng.choice(pool[1:])
    cites: dict[str, dict[str, str]] = {}
    numbers: dict[tuple[str, int], int] = {}  # each district numbers its plans from 1 every year
    nbytes = 0
    for i in range(n):
        district = HCMC_DISTRICTS[rng.randrange(len(HCMC_DISTRICTS))]
        year = rng.choice(YEARS)
        if i in tied_plans:
            basis, impl = tied_pre, tied_impl
        else:
            chosen = {id(x): x for x in rng.choices(pool[1:], weights[1:], k=rng.randint(3, 7))}
            picked = list(chosen.values())
            basis, impl = picked[:-1] or picked, picked[-1]
        start = rng.randrange(max(1, len(sentences) - sentences_per_plan))
        body = sentences[start:start + rng.randint(sentences_per_plan // 2, sentences_per_plan)]
        numbers[district, year] = numbers.get((district, year), 0) + 1
        text = _plan(numbers[district, year], rng, district, year, basis, impl, body)
        name = f"plan_{i + 1:06d}"
        (out / f"{name}.txt").write_text(text, "utf-8")
        nbytes += len(text.encode())
        doc_id = f"{name}-1"
        for b in basis:
            cites.setdefault(b["ref"], {})[doc_id] = "basis"
        if impl["ref"] not in {b["ref"] for b in basis}:
            cites.setdefault(impl["ref"], {})[doc_id] = "implements"
    truth = {"n": n, "seed": seed, "tied": len(tied_plans), "tied_ref": TIED_REF, "bytes": nbytes,
             "cites": cites}
    truth_path(out).write_text(json.dumps(truth, ensure_ascii=False), "utf-8")
    return truth


def truth_path(out: Path) -> Path:
    """The truth file of a generated corpus: beside it, not in it (it is not a plan)."""
    out = Path(out)
    return out.with_name(out.name + "." + TRUTH_FILE)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--tied", type=int, default=0)
    a = ap.parse_args()
    t = time.perf_counter()
    truth = generate(a.out, a.n, a.seed, a.tied)
    print(f"{a.n} plans, {truth['bytes'] / 1e6:.1f} MB, {len(truth['cites'])} instruments cited, "
          f"{truth['tied']} tied on {truth['tied_ref']} in {time.perf_counter() - t:.1f} s → {a.out}")


if __name__ == "__main__":
    main()
