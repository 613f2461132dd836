"""Indonesian words the report shows for the warehouse's codes (severity, status, document type, finding type,
judgement). Codes not listed are shown as they are, never dropped."""

from __future__ import annotations

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_ID = {"error": "Kesalahan", "warning": "Peringatan", "info": "Informasi"}

LOAD_STATUS_ID = {"loaded": "Dimuat", "quarantined": "Gagal dimuat", "partly_quarantined": "Sebagian gagal dimuat",
                  "not_received": "Belum diterima"}

DOC_TYPE_ID = {"rencana_aksi": "Rencana Aksi", "renja": "Renja", "perjanjian_kinerja": "Perjanjian Kinerja",
               "laporan_kinerja": "Laporan Kinerja", "dpa": "DPA", "template": "Templat rekap"}

RUN_STATUS_ID = {"published": "Berhasil diterbitkan", "failed": "Gagal", "unchanged": "Tidak ada perubahan",
                 "running": "Sedang berjalan"}

QUARTER_ID = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}

CHECK_ID = {
    "budget_children_sum": "Jumlah rincian anggaran tidak sama dengan induknya",
    "stated_total": "Jumlah tidak sama dengan total yang tertulis",
    "quarters_vs_annual": "Target triwulan tidak cocok dengan target tahunan",
    "digits_vs_words": "Angka dan terbilang berbeda",
    "ambiguous_number": "Penulisan angka bermakna ganda",
    "unit_annual_vs_quarter": "Satuan target tahunan dan triwulan berbeda",
    "unit_unknown": "Satuan tidak dikenal",
    "unit_missing": "Satuan tidak ada",
    "nomenclature_unmatched": "Nama program/kegiatan tidak cocok dengan nomenklatur",
    "target_without_indicator": "Target tanpa indikator",
    "figure_places_disagree": "Angka yang sama tertulis berbeda di beberapa tempat",
    "figure_name_collision": "Dua baris bernama sama dengan nilai berbeda",
    "figure_unreadable_number": "Sel angka tidak terbaca sebagai angka",
}

JUDGEMENT_ID = {
    "no_plan_share": "Tidak dinilai (tanpa rencana triwulan)",
    "nothing_planned": "Tidak dinilai (rencana s.d. TW ini 0%)",
    "no_capaian": "Tidak dinilai (capaian tidak diketahui)",
}


def label(mapping: dict, code) -> str:
    """The Indonesian word for a code, or the code itself when there is none ('-' for no code)."""
    if code is None:
        return "-"
    return mapping.get(code, str(code))
