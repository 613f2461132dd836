"""Generate a national-scale synthetic corpus from the four real layouts.

Each real document in raw/ is re-issued for other regions of the same level (provincial documents for
provinces, kabupaten documents for kabupaten/kota), with its figures perturbed deterministically so every
copy has different content (and so a different hash) while keeping the layout exactly. This is for
benchmarks only; nothing here goes into the warehouse of a real deployment.

    python benchmarks/synthetic_corpus.py OUT_RAW_DIR --submissions 500
    python benchmarks/synthetic_corpus.py OUT_RAW_DIR --national        # 552 regions x 3 fiscal years
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
LONG_NUMBER = re.compile(r"\d[\d.,]{4,}\d")
YEAR = re.compile(r"(?<![\d.,])20[1-3]\d(?![\d.,]\d)")
NATIONAL_YEARS = (2022, 2023, 2024)


def perturb(text: str, rng: random.Random) -> str:
    """Change digits inside long numbers (amounts), never separators, labels or short counts."""

    def swap(m: re.Match[str]) -> str:
        digits = list(m.group(0))
        for i, ch in enumerate(digits):
            if ch.isdigit() and i > 0 and rng.random() < 0.3:
                digits[i] = str(rng.randrange(10))
        return "".join(digits)

    return LONG_NUMBER.sub(swap, text)


def regions(level: str) -> list[tuple[str, str]]:
    with open(REPO / "dbt_project" / "seeds" / "regions.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    want = {"provinsi"} if level == "provinsi" else {"kabupaten", "kota"}
    return [(r["region_code"], r["region_name"]) for r in rows if r["region_level"] in want]


def generate(out_raw: Path, submissions: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    templates = []
    for manifest in sorted((REPO / "raw").rglob("manifest.yml")):
        m = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        level = "provinsi" if "." not in str(m["region_code"]) else "kabupaten"
        for doc in m["documents"]:
            templates.append((level, m, doc, (manifest.parent / doc["file"]).read_text(encoding="utf-8")))
    pools = {lvl: regions(lvl) for lvl in ("provinsi", "kabupaten")}
    if out_raw.exists():
        shutil.rmtree(out_raw)
    made = 0
    i = 0
    while made < submissions:
        level, m, doc, text = templates[i % len(templates)]
        pool = pools[level]
        code, name = pool[(i // len(templates)) % len(pool)]
        year = int(m["fiscal_year"]) + (i // (len(templates) * len(pool)))
        folder = out_raw / f"{code}-synthetic/{year}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / doc["file"]).write_text(perturb(text, rng), encoding="utf-8")
        manifest = {
            "agency_name": f"Badan Kesatuan Bangsa dan Politik {name}",
            "region_code": code,
            "fiscal_year": year,
            "documents": [dict(doc, received_date=str(doc.get("received_date", "")) or None)],
        }
        (folder / "manifest.yml").write_text(
            yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        made += 1
        i += 1
    return made


def shift_years(text: str, delta: int) -> str:
    """Move every year written in the document (2019, 2023, ...) by `delta`, so a re-issued document reads as
    another fiscal year's; digits inside amounts are left alone."""
    if not delta:
        return text
    return YEAR.sub(lambda m: str(int(m.group(0)) + delta), text)


def generate_national(out_raw: Path, years: tuple[int, ...] = NATIONAL_YEARS, seed: int = 11) -> int:
    """Every region in seeds/regions.csv, once per fiscal year: provinces re-issue the provincial document,
    kabupaten/kota take the three kabupaten documents in turn; years shifted to the fiscal year, amounts
    re-drawn. One submission per region and year (552 x 3 = 1,656 with the bundled seed)."""
    rng = random.Random(seed)
    templates: dict[str, list] = {"provinsi": [], "kabupaten": []}
    for manifest in sorted((REPO / "raw").rglob("manifest.yml")):
        m = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        level = "provinsi" if "." not in str(m["region_code"]) else "kabupaten"
        for doc in m["documents"]:
            templates[level].append((m, doc, (manifest.parent / doc["file"]).read_text(encoding="utf-8")))
    if out_raw.exists():
        shutil.rmtree(out_raw)
    made = 0
    for year in years:
        for level in ("provinsi", "kabupaten"):
            for i, (code, name) in enumerate(regions(level)):
                m, doc, text = templates[level][(i + year) % len(templates[level])]
                delta = year - int(m["fiscal_year"])
                folder = out_raw / f"{code}-synthetic/{year}"
                folder.mkdir(parents=True, exist_ok=True)
                file = re.sub(r"20[1-3]\d", lambda y, delta=delta: str(int(y.group(0)) + delta), doc["file"])
                (folder / file).write_text(perturb(shift_years(text, delta), rng), encoding="utf-8")
                received = doc.get("received_date")
                entry = dict(
                    doc,
                    file=file,
                    received_date=(
                        str(received.replace(year=received.year + delta))
                        if received and hasattr(received, "year")
                        else None
                    ),
                )
                manifest = {
                    "agency_name": f"Badan Kesatuan Bangsa dan Politik {name}",
                    "region_code": code,
                    "fiscal_year": year,
                    "documents": [entry],
                }
                (folder / "manifest.yml").write_text(
                    yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8"
                )
                made += 1
    return made


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out_raw", type=Path)
    ap.add_argument("--submissions", type=int, default=500)
    ap.add_argument("--national", action="store_true", help="every region x 3 fiscal years (ignores --submissions)")
    args = ap.parse_args()
    made = generate_national(args.out_raw) if args.national else generate(args.out_raw, args.submissions)
    print(f"{made} submissions written to {args.out_raw}")


if __name__ == "__main__":
    main()
