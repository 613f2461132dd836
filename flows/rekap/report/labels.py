"""Indonesian words the report shows for the warehouse's codes (severity, status, document type, finding type,
judgement). Codes not listed are shown as they are, never dropped."""

from __future__ import annotations

from rekap.i18n import finding_labels

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_ID = {"error": "Kesalahan", "warning": "Peringatan", "info": "Informasi"}

LOAD_STATUS_ID = {
    "loaded": "Dimuat",
    "quarantined": "Gagal dimuat",
    "partly_quarantined": "Sebagian gagal dimuat",
    "not_received": "Belum diterima",
}

DOC_TYPE_ID = {
    "rencana_aksi": "Rencana Aksi",
    "renja": "Renja",
    "perjanjian_kinerja": "Perjanjian Kinerja",
    "laporan_kinerja": "Laporan Kinerja",
    "dpa": "DPA",
    "template": "Templat rekap",
}

RUN_STATUS_ID = {
    "published": "Berhasil diterbitkan",
    "failed": "Gagal",
    "unchanged": "Tidak ada perubahan",
    "running": "Sedang berjalan",
}

QUARTER_ID = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}

# finding types: the labels live once, in the dbt seed finding_labels.csv (also published as marts.finding_types)
CHECK_ID = finding_labels("id")

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
