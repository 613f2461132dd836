"""Every sentence a planner or operator reads from the command line, in Bahasa Indonesia and English.

One catalogue, one dict per language, each message written once per language; code asks for a message by key
(`t("refresh.published", run_id=...)`). Bahasa Indonesia is the default; English on request: `--lang en`,
REKAP_LANG=en, or a locale (LC_ALL, LC_MESSAGES, LANG — first one set) starting with `en`.

Finding types are reference data shown in the warehouse and the report as well, so their labels live in the dbt
seed `finding_labels.csv` and are read from there (`finding_label`).
"""

from __future__ import annotations

import csv
import os
import string
from functools import lru_cache

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

_chosen: str | None = None


def set_language(lang: str | None) -> None:
    """Fix the language for this process (from `--lang`); None goes back to the environment's choice."""
    global _chosen
    if lang is not None and normalise(lang) is None:
        raise ValueError(lang)
    _chosen = normalise(lang) if lang else None


def normalise(lang: str | None) -> str | None:
    """'en_US.UTF-8' -> 'en', 'id' -> 'id', 'fr' -> None."""
    if not lang:
        return None
    code = lang.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    return code if code in LANGUAGES else None


def language() -> str:
    if _chosen:
        return _chosen
    explicit = normalise(os.environ.get("REKAP_LANG"))
    if explicit:
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:  # the first one set decides, as in POSIX
            return "en" if value.lower().startswith("en") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def t(key: str, /, **values: object) -> str:
    """The message `key` in the current language, with `{placeholders}` filled in."""
    lang = language()
    text = MESSAGES[lang].get(key)
    if text is None:
        raise KeyError(f"message {key!r} missing for language {lang!r}")
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in MESSAGES[language()]


def role_label(role: str) -> str:
    return MESSAGES[language()].get(f"role.{role}", role)


def level_label(level: str | None) -> str:
    return MESSAGES[language()].get(f"level.{level or '-'}", level or "-")


def severity_label(severity: str) -> str:
    return MESSAGES[language()].get(f"severity.{severity}", severity)


@lru_cache(maxsize=1)
def _finding_labels() -> dict[str, dict[str, str]]:
    from rekap.paths import dbt_project_dir

    path = dbt_project_dir() / "seeds" / "finding_labels.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["check_name"]: {"id": row["label_id"], "en": row["label_en"]} for row in csv.DictReader(fh)}


def finding_labels(lang: str) -> dict[str, str]:
    """Every labelled finding type's label in `lang`."""
    return {code: labels[lang] for code, labels in _finding_labels().items()}


def finding_label(check_name: str, lang: str | None = None) -> str:
    """The people's name of a finding type (the code stays in the data); the code itself when unlabelled."""
    return _finding_labels().get(check_name, {}).get(lang or language(), check_name)


# click's usage errors (English, built inside typer's bundled click) -> catalogue keys, matched on the whole message
_USAGE_ERRORS: tuple[tuple[str, str], ...] = (
    (r"No such command '(?P<name>[^']+)'\.(?:\.? Did you mean (?P<suggestion>.+)\?)?", "usage.no_such_command"),
    (r"No such option: (?P<name>\S+)(?: \(Possible options: (?P<options>.+)\))?", "usage.no_such_option"),
    (r"Missing (?P<kind>argument|option|parameter) (?P<hint>.+?)\.(?: .*)?", "usage.missing"),
    (r"Invalid value for (?P<hint>.+?): (?P<reason>.*)", "usage.invalid"),
    (
        r"Got unexpected extra arguments? \((?P<args>.*)\)|Got unexpected extra argument\(s\) \((?P<args2>.*)\)",
        "usage.extra",
    ),
    (r"Option (?P<name>.+) requires an argument\.", "usage.needs_value"),
    (r"Missing command\.", "usage.missing_command"),
)


def usage_error(message: str) -> str:
    """click's usage error in the current language (unrecognised messages are returned as they are)."""
    import re

    for pattern, key in _USAGE_ERRORS:
        m = re.fullmatch(pattern, message, flags=re.DOTALL)
        if not m:
            continue
        g = {k: v for k, v in m.groupdict().items() if v is not None}
        if key == "usage.no_such_command":
            extra = t("usage.did_you_mean", suggestion=g["suggestion"]) if "suggestion" in g else ""
            return t(key, name=g["name"]) + extra
        if key == "usage.no_such_option":
            extra = t("usage.possible_options", options=g["options"]) if "options" in g else ""
            return t(key, name=g["name"]) + extra
        if key == "usage.missing":
            return t(key, kind=t(f"usage.kind.{g['kind']}"), hint=g["hint"])
        if key == "usage.extra":
            return t(key, args=g.get("args") or g.get("args2", ""))
        return t(key, **g)
    return message


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


MESSAGES: dict[str, dict[str, str]] = {
    "id": {
        # --- help: the app, its options, the help screen's own words -------------------------------------------
        "help.app": "rekap: menghimpun dokumen perencanaan kinerja daerah (Rencana Aksi, Renja, Laporan Kinerja, "
        "pagu dan realisasi) ke dalam satu gudang data.",
        "help.opt.home": "Folder kerja (berisi raw/ dan warehouse/). Bawaan: REKAP_HOME, atau folder saat ini bila berisi raw/.",
        "help.opt.lang": "Bahasa keluaran: id (Bahasa Indonesia, bawaan) atau en (English).",
        "help.usage": "Penggunaan: ",
        "help.panel.options": "Opsi",
        "help.panel.arguments": "Argumen",
        "help.panel.commands": "Perintah",
        "help.panel.error": "Kesalahan",
        "help.default": "[bawaan: {}]",
        "help.required": "[wajib]",
        "help.envvar": "[variabel lingkungan: {}]",
        "help.try": "Coba [blue]'{command_path} {help_option}'[/] untuk bantuan.",
        "help.aborted": "Dibatalkan.",
        "help.help": "Tampilkan bantuan ini lalu keluar.",
        "usage.no_such_command": "Tidak ada perintah '{name}'.",
        "usage.did_you_mean": " Maksud Anda {suggestion}?",
        "usage.no_such_option": "Tidak ada opsi {name}.",
        "usage.possible_options": " Opsi yang tersedia: {options}.",
        "usage.missing": "{kind} {hint} wajib diisi.",
        "usage.kind.argument": "Argumen",
        "usage.kind.option": "Opsi",
        "usage.kind.parameter": "Parameter",
        "usage.invalid": "Nilai tidak sah untuk {hint}: {reason}",
        "usage.extra": "Argumen berlebih yang tidak dikenal: ({args})",
        "usage.needs_value": "Opsi {name} memerlukan nilai.",
        "usage.missing_command": "Perintah belum diberikan.",
        # --- help: one line per command, one per option ---------------------------------------------------------
        "help.refresh": "Baca raw/, bangun ulang gudang data dengan dbt (termasuk pengujian) dan terbitkan secara atomik.",
        "help.refresh.full": "Baca ulang semua kiriman, berubah atau tidak.",
        "help.serve": "Jalankan jadwal malam (02.00 WIB) sampai dihentikan, bersama server Prefect yang dibutuhkannya.",
        "help.serve.port": "Port server Prefect yang dijalankan bila PREFECT_API_URL tidak diisi.",
        "help.status": "Tampilkan proses pembaruan terakhir dan kiriman yang berubah di raw/ sejak proses terakhir.",
        "help.status.limit": "Berapa proses yang ditampilkan.",
        "help.validate": "Periksa berkas sebelum dikirim: pembacaan yang sama dengan gudang data, ditampilkan untuk pengirim.",
        "help.validate.file": "Berkas kiriman; manifest.yml di foldernya menyatakan cara membacanya.",
        "help.onboard": "Kenali tata letak dokumen, tulis manifest.yml (dan penyesuaian bila perlu) di sampingnya, tampilkan pratinjau.",
        "help.onboard.file": "Dokumen perangkat daerah (teks dengan sel tabel dipisah tab, XLSX atau PDF).",
        "help.onboard.region": 'Kode wilayah Kemendagri, mis. "19.01".',
        "help.onboard.year": "Tahun anggaran.",
        "help.onboard.doc_type": "rencana_aksi | renja | perjanjian_kinerja | laporan_kinerja | dpa",
        "help.onboard.version": "murni | perubahan",
        "onboard.written": "{name}: manifest ditulis ke {manifest} (layout: {layout})",
        "onboard.note": "Catatan: {note}",
        "help.sql": "Jalankan kueri baca-saja pada gudang data yang terbit (atau buka shell).",
        "help.sql.query": "Kueri SQL; kosongkan untuk membuka shell interaktif baca-saja.",
        "help.sql.format": "Bentuk keluaran: table (tabel), csv atau json. Bawaan: table di terminal, csv bila disalurkan (pipe).",
        "help.export": "Ekspor satu view atau mart gudang data ke CSV, XLSX atau Parquet.",
        "help.export.name": "Nama view atau mart, mis. v_budget atau marts.mart_program_performance.",
        "help.export.format": "Format: csv-id (Excel Indonesia: pemisah ';', koma desimal, UTF-8 BOM), csv, xlsx atau parquet.",
        "help.export.out": "Berkas tujuan. Bawaan: warehouse/export/NAMA.<ekstensi>.",
        "help.template": "Tulis templat kiriman (XLSX + CSV) yang dikirim provinsi ke perangkat daerah.",
        "help.template.region": "Kode wilayah Kemendagri kabupaten/kota atau provinsi penerima, mis. 35.08",
        "help.template.year": "Tahun anggaran, mis. 2025",
        "help.template.out": "Folder tujuan templat.",
        "help.report": "Tulis laporan konsolidasi (HTML, Bahasa Indonesia) dari gudang data yang terbit.",
        "help.report.out": "Folder laporan (bawaan warehouse/report/).",
        "help.docs": "Buat situs dokumentasi dbt (model, kolom, pengujian, silsilah data) untuk gudang data yang terbit.",
        "help.docs.serve": "Sajikan situs dokumentasi di localhost setelah dibuat.",
        "help.init": "Buat folder kerja baru: raw/ (dokumen kiriman), warehouse/ (hasil) dan rekap.toml (pengaturan).",
        "help.init.directory": "Folder yang akan dibuat (boleh sudah ada, asal belum berisi folder kerja rekap).",
        # --- common ---------------------------------------------------------------------------------------------
        "error": "[bold red]kesalahan:[/] {message}",
        "no_workspace": "tidak ada folder kerja rekap: {cwd} tidak berisi folder raw/, dan --home maupun REKAP_HOME "
        "tidak diisi. Buat satu dengan `rekap init FOLDER`, lalu jalankan rekap di folder itu atau "
        "dengan --home FOLDER.",
        "bad_language": "bahasa {lang!r} tidak dikenal; pilih id atau en",
        "no_warehouse": "belum ada gudang data yang terbit di {path}; jalankan `rekap refresh` dulu",
        "bad_settings": "{file}: {problems}",
        # --- refresh and its summary ----------------------------------------------------------------------------
        "refresh.working": "Memperbarui: temukan → baca → muat → dbt build → terbitkan ...",
        "refresh.published": "Diterbitkan",
        "refresh.unchanged": "Tidak berubah (tidak ada yang perlu dibangun ulang; gudang data yang terbit tetap)",
        "refresh.failed": "TIDAK diterbitkan",
        "refresh.headline": "[bold]{headline}[/] proses {run_id}: {seen} kiriman ditemukan, {parsed} dibaca, "
        "{values} nilai dimuat, uji dbt {passed} lulus / {failed} gagal",
        "refresh.agencies": "Perangkat daerah yang dimuat",
        "refresh.col.region": "wilayah",
        "refresh.col.agency": "perangkat daerah",
        "refresh.col.values": "nilai",
        "refresh.rows": "Baris per tabel fakta",
        "refresh.col.fact": "tabel fakta",
        "refresh.col.rows": "baris",
        "refresh.findings": "Temuan per jenis ({total})",
        "refresh.no_findings": "Temuan: tidak ada",
        "refresh.col.finding": "jenis temuan",
        "refresh.col.severity": "tingkat",
        "refresh.col.count": "jumlah",
        "refresh.quarantine": "Berkas dikarantina ({n})",
        "refresh.col.file": "berkas",
        "refresh.col.why": "alasan",
        "refresh.build_error": "[red]Pembangunan gudang data gagal; gudang data sebelumnya tetap terbit:[/] {error}",
        "refresh.warehouse": "Gudang data: {path}",
        "refresh.notify_failed": "[yellow]Pemberitahuan tidak terkirim:[/] {error}",
        "refresh.lock_busy": "pembaruan lain sedang berjalan (kunci dipegang pada {path})",
        # --- serve ------------------------------------------------------------------------------------------------
        "serve.start": "Menjalankan deployment 'rekap-refresh/nightly' dengan cron '{cron}' ({tz}); Ctrl-C untuk berhenti.",
        # --- status -----------------------------------------------------------------------------------------------
        "status.never": "belum pernah ada pembaruan ({path} belum ada); jalankan `rekap refresh`",
        "status.busy": "status pembaruan sedang dipakai (pembaruan sedang berjalan?): {error}",
        "status.last": "Proses terakhir {run_id}: {status} (mulai {started}, pemicu {trigger})",
        "status.runs": "Proses terakhir",
        "status.col.run": "proses",
        "status.col.started": "mulai",
        "status.col.finished": "selesai",
        "status.col.status": "status",
        "status.col.trigger": "pemicu",
        "status.col.seen": "ditemukan",
        "status.col.changed": "berubah",
        "status.col.quarantined": "dikarantina",
        "status.col.tests_ok": "uji lulus",
        "status.col.tests_failed": "uji gagal",
        "status.col.error": "kesalahan",
        "status.stale": "Berubah di raw/ sejak proses terakhir: {n}",
        "status.published": "Gudang data terbit: {path} ({state})",
        "status.present": "ada",
        "status.absent": "belum ada",
        "run.published": "diterbitkan",
        "run.unchanged": "tidak berubah",
        "run.failed": "gagal",
        "run.running": "berjalan",
        # --- validate ---------------------------------------------------------------------------------------------
        "validate.no_file": "{file}: berkas tidak ditemukan",
        "validate.no_manifest": "{file}: diharapkan ada manifest.yml di sampingnya yang menyatakan agency_name, "
        "region_code, fiscal_year, document_type, plan_version dan layout",
        "validate.no_entry": "{file}: diharapkan ada entri untuk {name!r} di {manifest}",
        "validate.title": "{name}: {n} nilai terbaca",
        "validate.note": "[yellow]catatan:[/] {file}{where}: {note}",
        "validate.note_line": ", baris {line}",
        "validate.col.level": "tingkat",
        "validate.col.role": "isi sel",
        "validate.col.count": "jumlah",
        "validate.hint": "Setiap nilai disimpan apa adanya beserta baris dan kolom asalnya; angka ditafsirkan saat gudang data dibangun.",
        # --- sql --------------------------------------------------------------------------------------------------
        "sql.shell": "shell baca-saja pada gudang data yang terbit; akhiri dengan baris kosong atau Ctrl-D",
        "sql.bad_format": "format {format!r} tidak dikenal; pilih table, csv atau json",
        # --- export -----------------------------------------------------------------------------------------------
        "export.bad_format": "format {format!r} tidak dikenal; pilih csv-id, csv, xlsx atau parquet",
        "export.no_such": "tidak ada view atau mart bernama {name!r} di gudang data; yang tersedia: {available}",
        "export.written": "{rows} baris ditulis ke {path}",
        # --- template, report, docs -------------------------------------------------------------------------------
        "template.written": "ditulis {path}",
        "report.written": "laporan ditulis: {path}",
        "docs.working": "dbt docs generate ...",
        "docs.failed": "dbt docs generate gagal: {line}",
        "docs.written": "dokumentasi dibuat: {path}",
        # --- init -------------------------------------------------------------------------------------------------
        "init.exists": "{path} sudah berisi folder kerja rekap ({what} ada); tidak ada yang diubah",
        "init.done": "Folder kerja dibuat: {path}\n  raw/        taruh kiriman perangkat daerah di raw/<kode-wilayah>-<nama>/<tahun>/ beserta manifest.yml\n"
        "  warehouse/  gudang data yang terbit (rekap.duckdb), laporan dan ekspor\n"
        "  rekap.toml  pengaturan (pemberitahuan setelah setiap pembaruan)\n"
        "Lalu: rekap --home {path} refresh",
        "init.raw_readme": "Taruh setiap kiriman di raw/<kode-wilayah>-<nama-perangkat-daerah>/<tahun-anggaran>/, "
        "berkas dokumen beserta manifest.yml yang ditulis provinsi; rekap tidak pernah mengubah isi folder ini.\n",
        # --- levels and roles of landed cells (validate) ----------------------------------------------------------
        "level.agency": "perangkat daerah",
        "level.belanja": "belanja",
        "level.tujuan": "tujuan",
        "level.sasaran": "sasaran",
        "level.program": "program",
        "level.kegiatan": "kegiatan",
        "level.sub_kegiatan": "sub kegiatan",
        "level.aksi": "aksi",
        "level.-": "(tanpa tingkat)",
        "role.row_no": "nomor baris",
        "role.name": "nama",
        "role.indicator": "indikator",
        "role.unit": "satuan",
        "role.target_annual": "target tahunan",
        "role.target_quarter": "target triwulan",
        "role.target_year": "target tahun lain",
        "role.budget": "pagu anggaran",
        "role.budget_share_pct": "persentase pagu",
        "role.realisation": "realisasi kinerja",
        "role.realisation_pct": "capaian kinerja (%)",
        "role.budget_realisation": "realisasi anggaran",
        "role.budget_realisation_words": "realisasi anggaran (terbilang)",
        "role.absorption_pct": "serapan anggaran (%)",
        "role.officer": "penanggung jawab",
        "role.schedule_mark": "tanda jadwal",
        "role.note": "keterangan",
        "severity.error": "kesalahan",
        "severity.warning": "peringatan",
        "severity.info": "informasi",
        # --- why a file could not be loaded (discovery, manifests, extraction): stored with the quarantine row, so
        # the refresh summary, `rekap validate` and marts.quarantined_files read the same sentence ------------------
        "load.expected": "{file}{where}: tidak dapat dimuat: diharapkan {expected}",
        "load.refused": "{file}{where}: tidak dapat dimuat: {reason}",
        "load.at_line": ", baris {line}",
        "load.whole_file": "",
        "load.refused_at_line": ", baris {line}",
        "extract.unreadable": "berkas yang dapat dibaca ({error})",
        "extract.no_spec": "spesifikasi tata letak yang dapat dipakai untuk layout {layout!r} yang dinyatakan di {manifest} ({error})",
        "extract.spec_no_family": "spesifikasi tata letak yang menyebut keluarga tata letaknya (family: <nama>) untuk layout {layout!r}",
        "extract.unknown_family": "keluarga tata letak yang dikenal dan dapat dimuat ({error})",
        "extract.empty": "dokumen yang berisi (berkasnya kosong)",
        "extract.bad_pdf": "PDF yang dapat dibaca ({error})",
        "extract.mismatch": "{expected}{found}{page} menurut spesifikasi tata letak {spec!r}",
        "extract.found": " (tertulis {found!r})",
        "extract.page": " pada halaman PDF {page}",
        "extract.no_table": "setidaknya satu tabel dari spesifikasi tata letak {spec!r}; tidak ada yang ditemukan",
        "discover.declared_twice": "setiap berkas dideklarasikan sekali saja ({name!r} sudah dideklarasikan pada baris {line})",
        "discover.missing_file": "berkas {name!r} yang dideklarasikan ada di {folder}",
        "discover.manifest_broken": "{manifest} yang sah yang mendeklarasikan berkas ini (manifest di folder ini memuat kesalahan)",
        "discover.no_entry": "entri untuk berkas ini di {manifest}",
        "discover.no_manifest": "{manifest} di {folder} yang mendeklarasikan berkas ini (agency_name, region_code, fiscal_year, "
        "document_type, plan_version, layout)",
        "manifest.bad_yaml": "YAML yang sah ({problem})",
        "manifest.not_mapping": "pemetaan (mapping) berisi agency_name, region_code, fiscal_year dan documents",
        "manifest.missing_key": "kunci '{key}' ({what})",
        "manifest.what.agency_name": "nama perangkat daerah",
        "manifest.what.region_code": 'kode wilayah Kemendagri, mis. "19.01"',
        "manifest.what.fiscal_year": "tahun anggaran, mis. 2024",
        "manifest.what.documents": "daftar dokumen di folder ini",
        "manifest.what.file": "nama berkas dokumen di folder ini",
        "manifest.what.plan_version": "murni atau perubahan",
        "manifest.what.layout": "nama spesifikasi tata letak",
        "manifest.empty_agency": "agency_name yang tidak kosong",
        "manifest.bad_region": 'kode wilayah Kemendagri seperti "18" atau "19.01", tertulis {value!r}',
        "manifest.bad_year": "tahun anggaran antara 2000 dan 2099, tertulis {value!r}",
        "manifest.no_documents": "daftar dokumen yang tidak kosong",
        "manifest.bad_entry": "entri dokumen berisi file, document_type, plan_version, layout",
        "manifest.bad_file": "nama berkas biasa di folder ini",
        "manifest.bad_doc_type": "document_type salah satu dari {choices}, tertulis {value!r}",
        "manifest.bad_version": "plan_version 'murni' atau 'perubahan', tertulis {value!r}",
        "manifest.no_layout": "nama spesifikasi tata letak",
        "manifest.bad_received": "received_date dalam bentuk YYYY-MM-DD, tertulis {value!r}",
        "manifest.error_at": "{path}, baris {line}: diharapkan {expected}",
        "manifest.error": "{path}: diharapkan {expected}",
        "template.bad_region": "kode wilayah {code} bukan kode wilayah Kemendagri (diharapkan mis. 35.08)",
        "template.no_regions": "daftar wilayah {path} tidak ada",
        "template.no_nomenclature": "seed nomenklatur {path} tidak ada",
        "template.year_not_number": "tahun anggaran {year!r} bukan tahun (diharapkan mis. 2025)",
        "template.year_range": "tahun anggaran {year} di luar 2000-2099 (diharapkan mis. 2025)",
        "template.no_rows": "tidak ada baris nomenklatur di {path}",
        "spec.not_found": "spesifikasi tata letak {name!r} tidak ditemukan (dicari di {looked})",
        "spec.not_utf8": "{path}: diharapkan berkas teks UTF-8",
        "spec.at_line": ", baris {line}",
        "spec.bad_yaml": "{path}{where}: diharapkan YAML yang sah ({problem})",
        "spec.not_mapping": "{path}: (tingkat atas): diharapkan pemetaan (mapping) dengan setidaknya kunci 'family'",
        "spec.bad_family": "{path}: family: diharapkan salah satu dari {choices}, tertulis {value!r}",
        "spec.top_level": "(tingkat atas)",
        "spec.problem": "{key}: diharapkan {what}",
        "spec.got": " (tertulis {value!r})",
        "spec.missing": "kunci ini diisi (wajib)",
        "spec.extra": "tidak ada kunci ini (kunci tidak dikenal)",
        "spec.pinned_year": "{key}: tanpa tahun yang ditulis langsung (tertulis {year!r}); ambil tahunnya dari dokumen",
        "spec.regex": "regex Python yang sah ({error})",
        "spec.level": "tingkat, salah satu dari {choices}",
        "spec.role": "peran sel, salah satu dari {choices}",
        "spec.one_anchor": "tepat satu dari 'header' atau 'index'",
        "mismatch": "{where}: diharapkan {expected}",
        "mismatch.at_line": "baris {line}",
        "mismatch.whole_file": "seluruh berkas",
        "mismatch.found": ", tertulis {found!r}",
    },
    "en": {
        "help.app": "rekap: consolidate regional performance-planning documents (Rencana Aksi, Renja, Laporan "
        "Kinerja, pagu and realisasi) into one warehouse.",
        "help.opt.home": "Workspace folder (holding raw/ and warehouse/). Default: REKAP_HOME, or the current folder when it holds raw/.",
        "help.opt.lang": "Output language: id (Bahasa Indonesia, default) or en (English).",
        "help.usage": "Usage: ",
        "help.panel.options": "Options",
        "help.panel.arguments": "Arguments",
        "help.panel.commands": "Commands",
        "help.panel.error": "Error",
        "help.default": "[default: {}]",
        "help.required": "[required]",
        "help.envvar": "[env var: {}]",
        "help.try": "Try [blue]'{command_path} {help_option}'[/] for help.",
        "help.aborted": "Aborted.",
        "help.help": "Show this message and exit.",
        "usage.no_such_command": "No such command '{name}'.",
        "usage.did_you_mean": " Did you mean {suggestion}?",
        "usage.no_such_option": "No such option: {name}",
        "usage.possible_options": " (Possible options: {options})",
        "usage.missing": "Missing {kind} {hint}.",
        "usage.kind.argument": "argument",
        "usage.kind.option": "option",
        "usage.kind.parameter": "parameter",
        "usage.invalid": "Invalid value for {hint}: {reason}",
        "usage.extra": "Got unexpected extra arguments ({args})",
        "usage.needs_value": "Option {name} requires an argument.",
        "usage.missing_command": "Missing command.",
        "help.refresh": "Ingest raw/, rebuild the warehouse with dbt (tests included) and publish it atomically.",
        "help.refresh.full": "Re-parse every submission, changed or not.",
        "help.serve": "Run the nightly schedule (02:00 Asia/Jakarta) until stopped, with the Prefect server it needs.",
        "help.serve.port": "Port of the Prefect server started when PREFECT_API_URL is unset.",
        "help.status": "Show the last refresh runs and what is stale (changed in raw/ since the last run).",
        "help.status.limit": "How many runs to show.",
        "help.validate": "Check a file before sending it: the same parsing the warehouse does, printed for the sender.",
        "help.validate.file": "A submission file; its folder's manifest.yml says how to read it.",
        "help.onboard": "Infer the document's layout, write manifest.yml (and overrides only if needed) beside it, print a preview.",
        "help.onboard.file": "The agency's document (text with tab-separated table cells, XLSX or PDF).",
        "help.onboard.region": 'Kemendagri region code, e.g. "19.01".',
        "help.onboard.year": "Fiscal year.",
        "help.onboard.doc_type": "rencana_aksi | renja | perjanjian_kinerja | laporan_kinerja | dpa",
        "help.onboard.version": "murni | perubahan",
        "onboard.written": "{name}: manifest written to {manifest} (layout: {layout})",
        "onboard.note": "Note: {note}",
        "help.sql": "Run a read-only query on the published warehouse (or open a shell).",
        "help.sql.query": "A SQL query; omit to open an interactive read-only shell.",
        "help.sql.format": "Output: table, csv or json. Default: table on a terminal, csv when piped.",
        "help.export": "Export one view or mart of the warehouse to CSV, XLSX or Parquet.",
        "help.export.name": "A view or mart name, e.g. v_budget or marts.mart_program_performance.",
        "help.export.format": "Format: csv-id (Indonesian Excel: ';' separator, decimal comma, UTF-8 BOM), csv, xlsx or parquet.",
        "help.export.out": "Output file. Default: warehouse/export/NAME.<extension>.",
        "help.template": "Write the submission template (XLSX + CSV) a province sends to its agencies.",
        "help.template.region": "Kemendagri region code of the receiving kabupaten/kota or province, e.g. 35.08",
        "help.template.year": "Fiscal year, e.g. 2025",
        "help.template.out": "Folder to write the template into.",
        "help.report": "Write the consolidation report (HTML, Bahasa Indonesia) from the published warehouse.",
        "help.report.out": "Folder for the report (default warehouse/report/).",
        "help.docs": "Generate the dbt docs site (models, columns, tests, lineage) for the published warehouse.",
        "help.docs.serve": "Serve the docs site on localhost after generating it.",
        "help.init": "Create a new workspace: raw/ (documents received), warehouse/ (results) and rekap.toml (settings).",
        "help.init.directory": "The folder to create (it may exist, as long as it holds no rekap workspace yet).",
        "error": "[bold red]error:[/] {message}",
        "no_workspace": "no rekap workspace: {cwd} holds no raw/ folder and neither --home nor REKAP_HOME is set. "
        "Create one with `rekap init FOLDER`, then run rekap in that folder or with --home FOLDER.",
        "bad_language": "unknown language {lang!r}; choose id or en",
        "no_warehouse": "no published warehouse at {path}; run `rekap refresh` first",
        "bad_settings": "{file}: {problems}",
        "refresh.working": "Refreshing: discover → extract → land → dbt build → publish ...",
        "refresh.published": "Published",
        "refresh.unchanged": "Unchanged (nothing to rebuild; the published warehouse stays)",
        "refresh.failed": "NOT published",
        "refresh.headline": "[bold]{headline}[/] run {run_id}: {seen} submissions seen, {parsed} parsed, "
        "{values} values landed, dbt tests {passed} passed / {failed} failed",
        "refresh.agencies": "Agencies loaded",
        "refresh.col.region": "region",
        "refresh.col.agency": "agency",
        "refresh.col.values": "values",
        "refresh.rows": "Rows per fact",
        "refresh.col.fact": "fact",
        "refresh.col.rows": "rows",
        "refresh.findings": "Findings by type ({total})",
        "refresh.no_findings": "Findings: none",
        "refresh.col.finding": "finding type",
        "refresh.col.severity": "severity",
        "refresh.col.count": "count",
        "refresh.quarantine": "Quarantined files ({n})",
        "refresh.col.file": "file",
        "refresh.col.why": "why",
        "refresh.build_error": "[red]The warehouse build failed; the previous warehouse stays published:[/] {error}",
        "refresh.warehouse": "Warehouse: {path}",
        "refresh.notify_failed": "[yellow]Notification not delivered:[/] {error}",
        "refresh.lock_busy": "another refresh is running (lock held on {path})",
        "serve.start": "Serving deployment 'rekap-refresh/nightly' on cron '{cron}' ({tz}); Ctrl-C to stop.",
        "status.never": "no refresh has run yet ({path} does not exist); run `rekap refresh`",
        "status.busy": "the landing state is busy (a refresh is running?): {error}",
        "status.last": "Last run {run_id}: {status} (started {started}, trigger {trigger})",
        "status.runs": "Last runs",
        "status.col.run": "run",
        "status.col.started": "started",
        "status.col.finished": "finished",
        "status.col.status": "status",
        "status.col.trigger": "trigger",
        "status.col.seen": "seen",
        "status.col.changed": "changed",
        "status.col.quarantined": "quarantined",
        "status.col.tests_ok": "tests ok",
        "status.col.tests_failed": "tests failed",
        "status.col.error": "error",
        "status.stale": "Stale (changed in raw/ since the last run): {n}",
        "status.published": "Published warehouse: {path} ({state})",
        "status.present": "present",
        "status.absent": "absent",
        "run.published": "published",
        "run.unchanged": "unchanged",
        "run.failed": "failed",
        "run.running": "running",
        "validate.no_file": "{file}: no such file",
        "validate.no_manifest": "{file}: expected a manifest.yml beside it declaring agency_name, region_code, "
        "fiscal_year, document_type, plan_version and layout",
        "validate.no_entry": "{file}: expected an entry for {name!r} in {manifest}",
        "validate.title": "{name}: {n} values read",
        "validate.note": "[yellow]note:[/] {file}{where}: {note}",
        "validate.note_line": ", line {line}",
        "validate.col.level": "level",
        "validate.col.role": "cell content",
        "validate.col.count": "count",
        "validate.hint": "Every value is kept verbatim with its line and column; numbers are interpreted when the warehouse is built.",
        "sql.shell": "read-only shell on the published warehouse; end with an empty line or Ctrl-D",
        "sql.bad_format": "unknown format {format!r}; choose table, csv or json",
        "export.bad_format": "unknown format {format!r}; choose csv-id, csv, xlsx or parquet",
        "export.no_such": "no view or mart named {name!r} in the warehouse; available: {available}",
        "export.written": "{rows} rows written to {path}",
        "template.written": "written {path}",
        "report.written": "report written: {path}",
        "docs.working": "dbt docs generate ...",
        "docs.failed": "dbt docs generate failed: {line}",
        "docs.written": "docs generated: {path}",
        "init.exists": "{path} already holds a rekap workspace ({what} exists); nothing changed",
        "init.done": "Workspace created: {path}\n  raw/        put each agency's submission in raw/<region-code>-<name>/<year>/ with its manifest.yml\n"
        "  warehouse/  the published warehouse (rekap.duckdb), report and exports\n"
        "  rekap.toml  settings (notification after every refresh)\n"
        "Then: rekap --home {path} refresh",
        "init.raw_readme": "Put each submission in raw/<region-code>-<agency-name>/<fiscal-year>/, the documents with the "
        "manifest.yml the province writes; rekap never changes anything in this folder.\n",
        "level.agency": "agency",
        "level.belanja": "spending class (belanja)",
        "level.tujuan": "goal (tujuan)",
        "level.sasaran": "objective (sasaran)",
        "level.program": "programme",
        "level.kegiatan": "activity (kegiatan)",
        "level.sub_kegiatan": "sub-activity (sub kegiatan)",
        "level.aksi": "action (aksi)",
        "level.-": "(no level)",
        "role.row_no": "row number",
        "role.name": "name",
        "role.indicator": "indicator",
        "role.unit": "unit",
        "role.target_annual": "annual target",
        "role.target_quarter": "quarterly target",
        "role.target_year": "target for another year",
        "role.budget": "budget (pagu)",
        "role.budget_share_pct": "budget share (%)",
        "role.realisation": "performance realisation",
        "role.realisation_pct": "performance achievement (%)",
        "role.budget_realisation": "budget realisation",
        "role.budget_realisation_words": "budget realisation in words",
        "role.absorption_pct": "budget absorption (%)",
        "role.officer": "responsible officer",
        "role.schedule_mark": "schedule mark",
        "role.note": "note",
        "severity.error": "error",
        "severity.warning": "warning",
        "severity.info": "info",
        # --- why a file could not be loaded (discovery, manifests, extraction): stored with the quarantine row, so
        # the refresh summary, `rekap validate` and marts.quarantined_files read the same sentence ------------------
        "load.expected": "{file}: could not be loaded at {where}: expected {expected}",
        "load.refused": "{file}{where}: could not be loaded: {reason}",
        "load.at_line": "line {line}",
        "load.whole_file": "the file as a whole",
        "load.refused_at_line": ", line {line}",
        "extract.unreadable": "a readable file ({error})",
        "extract.no_spec": "a usable layout spec for layout {layout!r} declared in {manifest} ({error})",
        "extract.spec_no_family": "a layout spec naming its layout family (family: <name>) for layout {layout!r}",
        "extract.unknown_family": "a known, importable layout family ({error})",
        "extract.empty": "a document with content (the file is empty)",
        "extract.bad_pdf": "a readable PDF ({error})",
        "extract.mismatch": "{expected}{found}{page} per layout spec {spec!r}",
        "extract.found": " (found {found!r})",
        "extract.page": " on PDF page {page}",
        "extract.no_table": "at least one table of layout spec {spec!r}; none was found",
        "discover.declared_twice": "each file declared once ({name!r} is already declared at line {line})",
        "discover.missing_file": "the declared file {name!r} to exist in {folder}",
        "discover.manifest_broken": "a valid {manifest} declaring this file (the folder's manifest has an error)",
        "discover.no_entry": "an entry for this file in {manifest}",
        "discover.no_manifest": "a {manifest} in {folder} declaring this file (agency_name, region_code, fiscal_year, "
        "document_type, plan_version, layout)",
        "manifest.bad_yaml": "valid YAML ({problem})",
        "manifest.not_mapping": "a mapping with agency_name, region_code, fiscal_year and documents",
        "manifest.missing_key": "key '{key}' ({what})",
        "manifest.what.agency_name": "the agency's name",
        "manifest.what.region_code": 'Kemendagri region code, e.g. "19.01"',
        "manifest.what.fiscal_year": "the fiscal year, e.g. 2024",
        "manifest.what.documents": "the list of documents in this folder",
        "manifest.what.file": "the document's file name in this folder",
        "manifest.what.plan_version": "murni or perubahan",
        "manifest.what.layout": "the layout spec name",
        "manifest.empty_agency": "a non-empty agency_name",
        "manifest.bad_region": 'a Kemendagri region code like "18" or "19.01", got {value!r}',
        "manifest.bad_year": "a fiscal year between 2000 and 2099, got {value!r}",
        "manifest.no_documents": "a non-empty list of documents",
        "manifest.bad_entry": "a document entry with file, document_type, plan_version, layout",
        "manifest.bad_file": "a plain file name in this folder",
        "manifest.bad_doc_type": "document_type one of {choices}, got {value!r}",
        "manifest.bad_version": "plan_version 'murni' or 'perubahan', got {value!r}",
        "manifest.no_layout": "a layout spec name",
        "manifest.bad_received": "received_date as YYYY-MM-DD, got {value!r}",
        "manifest.error_at": "{path}, line {line}: expected {expected}",
        "manifest.error": "{path}: expected {expected}",
        "template.bad_region": "region code {code} is not a Kemendagri region code (expected e.g. 35.08)",
        "template.no_regions": "the region list {path} is missing",
        "template.no_nomenclature": "the nomenclature seed {path} is missing",
        "template.year_not_number": "fiscal year {year!r} is not a year (expected e.g. 2025)",
        "template.year_range": "fiscal year {year} is outside 2000-2099 (expected e.g. 2025)",
        "template.no_rows": "no nomenclature rows found in {path}",
        "spec.not_found": "layout spec {name!r} not found (looked in {looked})",
        "spec.not_utf8": "{path}: expected a UTF-8 text file",
        "spec.at_line": ", line {line}",
        "spec.bad_yaml": "{path}{where}: expected valid YAML ({problem})",
        "spec.not_mapping": "{path}: (top level): expected a mapping with at least a 'family' key",
        "spec.bad_family": "{path}: family: expected one of {choices}, got {value!r}",
        "spec.top_level": "(top level)",
        "spec.problem": "{key}: expected {what}",
        "spec.got": " (got {value!r})",
        "spec.missing": "Field required",
        "spec.extra": "Extra inputs are not permitted",
        "spec.pinned_year": "{key}: no literal year (found {year!r}); take it from the document",
        "spec.regex": "a valid Python regex ({error})",
        "spec.level": "a level, one of {choices}",
        "spec.role": "a role, one of {choices}",
        "spec.one_anchor": "exactly one of 'header' or 'index'",
        "mismatch": "{where}: expected {expected}",
        "mismatch.at_line": "line {line}",
        "mismatch.whole_file": "the whole file",
        "mismatch.found": ", found {found!r}",
    },
}


def load_failure(file: str, line: int | None, expected: str | None, reason: str | None = None) -> str:
    """The one sentence saying why `file` was not loaded: a whole refusal sentence (`reason`), or what was
    expected where parsing stopped (`line`, or the file as a whole)."""
    if reason is not None:
        where = t("load.refused_at_line", line=line) if line else ""
        return t("load.refused", file=file, where=where, reason=reason)
    where = t("load.at_line", line=line) if line else t("load.whole_file")
    return t("load.expected", file=file, where=where, expected=expected)
