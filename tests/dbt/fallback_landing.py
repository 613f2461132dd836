"""A small, hand-made landing DB over the four demo documents, for when `rekap.landing.devload` is unavailable.

Every cell is located in the real file: the helper searches the verbatim text from a given line on and records the
line and column where it sits, so lineage checks (source_file/source_line -> the raw line) hold as they do for real
adapters. It copies the four documents into `<raw_root>/<submission path>` so tests can open them.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import duckdb

SHARED_SEEDS = Path("/work/shared/seeds")
SCHEMA_SQL = Path(__file__).resolve().parents[2] / "flows" / "rekap" / "landing" / "schema.sql"

# submission path, seed file, agency, region, doc type, year, version
SUBMISSIONS = [
    ("18-lampung-kesbangpol/2023/rencana_aksi_2023.txt", "000_d8bc7b41a5ab491e.txt",
     "Badan Kesatuan Bangsa dan Politik Provinsi Lampung", "18", "rencana_aksi", 2023, "murni"),
    ("19.01-bangka-kesbangpol/2024/rencana_aksi_2024.txt", "001_39d5d68d180aad9c.txt",
     "Badan Kesatuan Bangsa dan Politik Kabupaten Bangka", "19.01", "rencana_aksi", 2024, "murni"),
    ("73.24-luwu-timur-kesbangpol/2022/rencana_aksi_perubahan_2022.txt", "002_53dc1add4ddb71f8.txt",
     "Badan Kesatuan Bangsa dan Politik Kabupaten Luwu Timur", "73.24", "rencana_aksi", 2022, "perubahan"),
    ("35.08-lumajang-kesbangpol/2023/laporan_kinerja_tw1_2023.txt", "003_9dd80380b8774416.txt",
     "Badan Kesatuan Bangsa dan Politik Kabupaten Lumajang", "35.08", "laporan_kinerja", 2023, "murni"),
]

# (table_id, record_no, parent, level, role, text, search-from line, quarter, version, year, is_prose)
L = "18-lampung-kesbangpol/2023/rencana_aksi_2023.txt"
B = "19.01-bangka-kesbangpol/2024/rencana_aksi_2024.txt"
W = "73.24-luwu-timur-kesbangpol/2022/rencana_aksi_perubahan_2022.txt"
J = "35.08-lumajang-kesbangpol/2023/laporan_kinerja_tw1_2023.txt"
CELLS = {
    L: [
        ("ringkasan_anggaran", 1, None, "belanja", "name", "Belanja Operasi", 41, None, None, "2023", False),
        ("ringkasan_anggaran", 1, None, "belanja", "budget", "24.644.927.377,15,-", 41, None, None, "2023", False),
        ("ringkasan_anggaran", 2, 1, "belanja", "name", "1.Belanja Pegawai", 42, None, None, "2023", False),
        ("ringkasan_anggaran", 2, 1, "belanja", "budget", "6.763.201.837,15,-", 42, None, None, "2023", False),
        ("ringkasan_anggaran", 3, None, "belanja", "name", "Belanja Modal", 45, None, None, "2023", False),
        ("ringkasan_anggaran", 3, None, "belanja", "budget", "350.052.000,00,-", 45, None, None, "2023", False),
        ("ringkasan_anggaran", 4, None, "agency", "name", "Total Belanja", 46, None, None, "2023", False),
        ("ringkasan_anggaran", 4, None, "agency", "budget", "24.994.979.377,15,-", 46, None, None, "2023", False),
        ("alokasi_apbd", 1, None, "belanja", "name", "Belanja Operasi", 286, None, None, "2022", False),
        ("alokasi_apbd", 1, None, "belanja", "budget", "18.702.596.826,-", 286, None, "pagu_awal", "2022", False),
        ("alokasi_apbd", 1, None, "belanja", "budget", "20.138.692.777,15", 286, None, "pagu_perubahan", "2022", False),
        ("alokasi_apbd", 2, None, "agency", "name", "Total Belanja", 289, None, None, "2022", False),
        ("alokasi_apbd", 2, None, "agency", "budget", "19.048.101.826,-", 289, None, "pagu_awal", "2022", False),
        ("alokasi_apbd", 2, None, "agency", "budget", "20.481.768.777.15", 289, None, "pagu_perubahan", "2022", False),
        ("alokasi_apbd", 3, None, "belanja", "name", "Belanja Operasi", 290, None, None, "2023", False),
        ("alokasi_apbd", 3, None, "belanja", "budget", "24.644.927.377,15", 290, None, "pagu_awal", "2023", False),
        ("alokasi_apbd", 4, None, "agency", "name", "Total Belanja", 292, None, None, "2023", False),
        ("alokasi_apbd", 4, None, "agency", "budget", "24.994.979.377,15", 292, None, "pagu_awal", "2023", False),
        ("prosa_anggaran", 1, None, "agency", "budget", "Rp. 24.994.979.377,15,-", 532, None, None, None, True),
        ("prosa_anggaran", 2, None, "belanja", "name", "belanja Operasi", 532, None, None, None, True),
        ("prosa_anggaran", 2, None, "belanja", "budget", "Rp. 24.644.927.377,15,-", 532, None, None, None, True),
        ("prosa_penutup", 1, None, "agency", "budget", "Rp. 24.994.979.377,15,-", 810, None, None, None, True),
        ("target_renstra", 1, None, "sasaran", "name", "Peningkatan kehidupan demokrasi yang menghormati kearifan lokal dan etika politik", 494, None, None, None, False),
        ("target_renstra", 1, None, "sasaran", "indicator", "prosentase penduduk yang menggunakan hak pilih", 494, None, None, None, False),
        ("target_renstra", 1, None, "sasaran", "target_year", "72,25", 494, None, None, "2021", False),
        ("target_renstra", 1, None, "sasaran", "target_year", "72.75", 494, None, None, "2023", False),
        ("target_renstra", 1, None, "sasaran", "target_year", "73", 494, None, None, "2024", False),
        ("rencana_aksi_tw1", 1, None, "sub_kegiatan", "name", "Sub Kegiatan Penyusunan Dokumen Perencanaan Perangkat Daerah", 541, None, None, None, False),
        ("rencana_aksi_tw1", 1, None, "sub_kegiatan", "indicator", "jumlah dokumen perencanaan perangkat daerah", 541, None, None, None, False),
        ("rencana_aksi_tw1", 1, None, "sub_kegiatan", "target_quarter", "3 Dok", 541, "1", None, None, False),
    ],
    B: [
        ("rencana_aksi", 1, None, "program", "name", "Program Peningkatan Peran Partai Politik dan Lembaga Pendidikan Melalui Pendidikan Politik dan Pengembangan Etika Serta Budaya Politik", 10, None, None, None, False),
        ("rencana_aksi", 1, None, "program", "budget", "27,144,383,200.00", 10, None, None, None, False),
        ("rencana_aksi", 2, None, "program", "name", "Program Penguatan Ideologi Pancasila dan Karakter Kebangsaan", 7, None, None, None, False),
        ("rencana_aksi", 2, None, "program", "budget", "1,030,000.00", 7, None, None, None, False),
        ("rencana_aksi", 3, None, "sasaran", "name", "Menurunnya Potensi Konflik Sosial di Masyarakat", 7, None, None, None, False),
        ("rencana_aksi", 3, None, "sasaran", "indicator", "Persentase Potensi Konflik Sosial yang terjadi", 7, None, None, None, False),
        ("rencana_aksi", 3, None, "sasaran", "unit", "Persen", 7, None, None, None, False),
        ("rencana_aksi", 3, None, "sasaran", "target_annual", "80", 7, None, None, None, False),
        ("rencana_aksi", 3, None, "sasaran", "target_quarter", "0", 7, "I", None, None, False),
        ("rencana_aksi", 3, None, "sasaran", "target_quarter", "80", 7, "IV", None, None, False),
        ("rencana_aksi", 4, None, "kegiatan", "name", "Kegiatan Perumusan Kebijakan Teknis Dan Pemantapan Pelaksanaan Bidang Ketahanan Ekonomi, Sosial Dan Budaya", 15, None, None, None, False),
        ("rencana_aksi", 4, None, "kegiatan", "budget", "165,000,000.00", 15, None, None, None, False),
    ],
    W: [
        ("rencana_aksi", 1, None, "sub_kegiatan", "name", "g. Penyelenggaraan rapat koordinasi dan konsultasi SKPD", 93, None, None, None, False),
        ("rencana_aksi", 1, None, "sub_kegiatan", "indicator", "Jumlah rapat koordinasi dan konsultasi SKPD yang diikuti", 93, None, None, None, False),
        ("rencana_aksi", 1, None, "sub_kegiatan", "target_annual", "470 Kali", 93, None, None, None, False),
        ("rencana_aksi", 1, None, "sub_kegiatan", "target_quarter", "120 Kali", 93, "TW 1", None, None, False),
        ("rencana_aksi", 1, None, "sub_kegiatan", "target_quarter", "220 Kali", 93, "TW 4", None, None, False),
        ("rencana_aksi", 2, None, "sub_kegiatan", "name", "f. Fasilitasi kunjungan", 88, None, None, None, False),
        ("rencana_aksi", 2, None, "sub_kegiatan", "name", "f. tamu", 92, None, None, None, False),
        ("rencana_aksi", 2, None, "sub_kegiatan", "target_annual", "200 Orang", 88, None, None, None, False),
    ],
    J: [
        ("prosa_serapan", 1, None, "agency", "absorption_pct", "7,90 %", 514, "I", None, None, True),
        ("prosa_serapan", 1, None, "agency", "budget_realisation", "Rp. 658.426.549,00", 514, "I", None, None, True),
        ("prosa_serapan", 1, None, "agency", "budget", "Rp. 8.338.560.929,00", 514, None, None, None, True),
        ("prosa_serapan", 2, None, "program", "name", "Program Peningkatan Kewaspadaan Nasional dan Peningkatan Kualitas dan Fasilitas Penanganan konflik Sosial.", 516, None, None, None, True),
        ("prosa_serapan", 2, None, "program", "budget_realisation", "Rp. 25.800.000,00", 517, "Triwulan I", None, None, True),
        ("prosa_serapan", 2, None, "program", "budget_realisation_words", "dua puluh lima juta delapan ratus ribu rupiah", 517, "Triwulan I", None, None, True),
        ("prosa_serapan", 2, None, "program", "absorption_pct", "6,62 %", 517, "Triwulan I", None, None, True),
        ("prosa_serapan", 3, None, "program", "name", "Program Peningkatan Peran partai politik dan Lembaga Pendidikan melalui Pendidikan Politik dan Pengembangan Etika serta Budaya Politik.", 519, None, None, None, True),
        ("prosa_serapan", 3, None, "program", "budget_realisation", "Rp. 10.678.000,00", 519, "Triwulan I", None, None, True),
        ("prosa_serapan", 3, None, "program", "budget_realisation_words", "sepuluh juta enam ratus 8 ribu rupiah", 519, "Triwulan I", None, None, True),
    ],
}


def _locate(lines: list[str], text: str, start: int) -> tuple[int, int]:
    for i in range(start - 1, len(lines)):
        if text in lines[i]:
            line = lines[i]
            if "\t" in line:
                cols = line.split("\t")
                for c, cell in enumerate(cols):
                    if text in cell:
                        return i + 1, c
            return i + 1, line.index(text)
    raise ValueError(f"{text!r} not found from line {start}")


def build(landing_path: Path, raw_root: Path) -> None:
    landing_path = Path(landing_path)
    if landing_path.exists():
        landing_path.unlink()
    con = duckdb.connect(str(landing_path))
    con.execute(SCHEMA_SQL.read_text())
    now = datetime(2024, 1, 1, 12, 0, 0)
    for sub_id, seed, agency, region, doctype, year, version in SUBMISSIONS:
        dest = Path(raw_root) / sub_id
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHARED_SEEDS / seed, dest)
        lines = dest.read_text(encoding="utf-8").splitlines()
        cells = CELLS[sub_id]
        con.execute(
            "insert into submissions values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [sub_id, str(Path(sub_id).parent / "manifest.yml"), sub_id, "sha-" + seed, agency, region, doctype, year,
             version, "fallback", "fallback", "fp-" + seed, "2024-01-01", "loaded", len(cells), now],
        )
        for n, (tid, rec, parent, level, role, text, start, q, v, y, prose) in enumerate(cells, start=1):
            line, col = _locate(lines, text, start)
            con.execute(
                "insert into cells values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [sub_id, sub_id, "sha-" + seed, n, tid, rec, parent, level, role, text, line, col, q, v, y,
                 lines[line - 1] if prose else None],
            )
    con.execute(
        "insert into quarantine values (?,?,?,?,?,?,?)",
        ["99.99-example/2024/broken.xlsx", None, None, None, "a manifest entry declaring the file",
         "99.99-example/2024/broken.xlsx: no manifest declares this file (expected a manifest entry)", now],
    )
    con.execute(
        "insert into runs values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        ["run-0001", now, now, "published", "test", 4, 4, 0, None, None, None, None, None, None],
    )
    con.close()


if __name__ == "__main__":
    import sys

    build(Path(sys.argv[1]), Path(sys.argv[2]))
