"""The `rekap` command as a user types it: help and messages in Bahasa Indonesia (English on request), validate
(good, real, broken), status, sql, the workspace (--home, REKAP_HOME, the current folder) and `rekap init`."""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rekap import i18n
from rekap.cli import app
from tests.conftest import REPO

runner = CliRunner()

DOCS = {
    "18": "raw/18-lampung-kesbangpol/2023/rencana_aksi_kinerja_2023.txt",
    "19.01": "raw/19.01-bangka-kesbangpol/2024/rencana_aksi_2024.txt",
    "73.24": "raw/73.24-luwu-timur-kesbangpol/2022/rencana_aksi_perubahan_2022.txt",
    "35.08": "raw/35.08-lumajang-kesbangpol/2023/laporan_kinerja_tw1_2023.txt",
}
COMMANDS = ("init", "refresh", "status", "validate", "report", "template", "sql", "export", "serve", "docs")
# the locale of a server nobody configured for English: Bahasa Indonesia
NEUTRAL = {"LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None, "REKAP_LANG": None}


def invoke(*args: str, root: Path | None = None, **env: str | None):
    environment = {**NEUTRAL, "REKAP_HOME": str(root) if root else None, **env}
    return runner.invoke(app, list(args), env=environment)


def flat(result) -> str:
    return " ".join(result.output.split())


# --- language ---------------------------------------------------------------------------------------------------------


def test_catalogue_has_every_message_in_both_languages_with_the_same_placeholders() -> None:
    ids, ens = i18n.MESSAGES["id"], i18n.MESSAGES["en"]
    assert set(ids) == set(ens)
    for key in ids:
        assert i18n.placeholders(ids[key]) == i18n.placeholders(ens[key]), key
    assert sum(ids[k] != ens[k] for k in ids) > 0.8 * len(ids)  # translated, not copied


def test_every_command_and_option_has_its_help_in_the_catalogue() -> None:
    from typer.main import get_command

    group = get_command(app)
    keys = [f"help.opt.{p.name}" for p in group.params]
    for name, command in group.commands.items():
        keys += [f"help.{name}"] + [f"help.{name}.{p.name}" for p in command.params]
    missing = [k for k in keys if k not in i18n.MESSAGES["id"]]
    assert not missing, f"add these help texts to flows/rekap/i18n/id.yml and en.yml: {missing}"


def test_help_is_in_bahasa_indonesia_by_default() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    out = flat(result)
    for command in COMMANDS:
        assert command in out
    assert "Penggunaan:" in out and "Perintah" in out and "Opsi" in out
    assert "Baca raw/, bangun ulang gudang data" in out
    assert "Usage:" not in out and "Commands" not in out and "Ingest raw/" not in out


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_help_is_its_catalogue_text(command: str) -> None:
    out = flat(invoke(command, "--help"))
    first = " ".join(i18n.MESSAGES["id"][f"help.{command}"].split())[:40]
    assert first in out, out
    assert "Tampilkan bantuan ini lalu keluar." in out and "Show this message" not in out
    english = " ".join(i18n.MESSAGES["en"][f"help.{command}"].split())[:40]
    assert english in flat(invoke(command, "--help", "--lang", "en"))


@pytest.mark.parametrize("how", ["--lang en before", "--lang=en after", "LANG", "LC_ALL over LANG", "REKAP_LANG"])
def test_english_on_request(how: str) -> None:
    if how == "--lang en before":
        result = invoke("--lang", "en", "--help")
    elif how == "--lang=en after":
        result = invoke("--help", "--lang=en")
    elif how == "LANG":
        result = invoke("--help", LANG="en_US.UTF-8")
    elif how == "LC_ALL over LANG":
        result = invoke("--help", LANG="id_ID.UTF-8", LC_ALL="en_GB.UTF-8")
    else:
        result = invoke("--help", REKAP_LANG="en", LANG="id_ID.UTF-8")
    out = flat(result)
    assert "Usage:" in out and "Ingest raw/, rebuild the warehouse" in out and "Penggunaan" not in out


def test_indonesian_locale_and_explicit_id_win_over_an_english_locale() -> None:
    assert "Penggunaan:" in flat(invoke("--help", LANG="id_ID.UTF-8"))
    assert "Penggunaan:" in flat(invoke("--lang", "id", "--help", LANG="en_US.UTF-8"))


def test_unknown_language_is_one_sentence() -> None:
    result = invoke("--lang", "fr", "status")
    assert result.exit_code == 2
    assert "bahasa 'fr' tidak dikenal" in flat(result) and "Traceback" not in result.output


def test_finding_types_have_labels_in_both_languages() -> None:
    seeds = REPO / "dbt_project" / "seeds"
    with (seeds / "data_quality_checks.csv").open(encoding="utf-8") as fh:
        checks = {row["check_name"] for row in csv.DictReader(fh)}
    with (seeds / "finding_labels.csv").open(encoding="utf-8") as fh:
        labels = {row["check_name"]: row for row in csv.DictReader(fh)}
    assert checks <= set(labels), checks - set(labels)
    i18n.set_language("id")
    try:
        assert i18n.finding_label("budget_children_sum") == "Jumlah rincian anggaran tidak sama dengan induknya"
        i18n.set_language("en")
        assert i18n.finding_label("budget_children_sum") == "Budget differs from the sum of its items"
        assert i18n.finding_label("a_new_check") == "a_new_check"  # unlabelled: the code, never a crash
    finally:
        i18n.set_language(None)


# --- validate ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("region, doc", DOCS.items())
def test_validate_previews_each_real_document_in_indonesian_words(region: str, doc: str) -> None:
    from rekap.extract import extract_document
    from rekap.manifest import load_manifest

    path = REPO / doc
    entry = next(e for e in load_manifest(path.parent / "manifest.yml") if e.file.resolve() == path.resolve())
    values = extract_document(entry, path.parent).values
    result = invoke("validate", str(path))
    assert result.exit_code == 0, result.output
    out = flat(result)
    assert f"{path.name}: {len(values)} nilai terbaca" in out
    counts = Counter((v.level, v.role) for v in values)
    rows = {
        tuple(c.strip() for c in line.split("│")[1:4]) for line in result.output.splitlines() if line.count("│") == 4
    }
    for (level, role), n in counts.items():
        assert (i18n.MESSAGES["id"][f"level.{level or '-'}"], i18n.MESSAGES["id"][f"role.{role}"], str(n)) in rows
    # internal codes never reach the sender
    assert not re.search(
        r"\b(row_no|target_quarter|target_annual|budget_realisation|sub_kegiatan|schedule_mark)\b", out
    )


def test_validate_preview_of_bangka_names_its_quarterly_targets_and_budgets() -> None:
    result = invoke("validate", str(REPO / DOCS["19.01"]))
    rows = {
        tuple(c.strip() for c in line.split("│")[1:4]) for line in result.output.splitlines() if line.count("│") == 4
    }
    assert ("sasaran", "target triwulan", "224") in rows
    assert ("sub kegiatan", "pagu anggaran", "25") in rows
    assert ("sasaran", "nomor baris", "37") in rows
    english = invoke("validate", str(REPO / DOCS["19.01"]), "--lang", "en")
    assert "quarterly target" in english.output and "575 values read" in flat(english)


def test_validate_names_file_line_and_expectation_for_a_broken_table(tmp_path: Path) -> None:
    folder = tmp_path / "19.01-bangka-kesbangpol" / "2024"
    shutil.copytree(REPO / "raw" / "19.01-bangka-kesbangpol" / "2024", folder)
    doc = folder / "rencana_aksi_2024.txt"
    lines = doc.read_text(encoding="utf-8").splitlines(keepends=True)
    bad_line = next(i for i, l in enumerate(lines) if "27,144,383,200.00" in l)
    lines[bad_line] = lines[bad_line].replace("\t70\t0\t0\t0\t70\t", "\t70\tseventy\t0\t0\t70\t")
    doc.write_text("".join(lines), encoding="utf-8")
    result = invoke("validate", str(doc))
    assert result.exit_code == 1
    out = flat(result)
    assert out.startswith("kesalahan:")
    assert str(doc) in out.replace("\n", "") or doc.name in out
    assert str(bad_line + 1) in out
    assert "Traceback" not in result.output


def test_validate_without_manifest_says_what_is_missing(tmp_path: Path) -> None:
    doc = tmp_path / "surat.txt"
    doc.write_text("NO\tSASARAN\n", encoding="utf-8")
    result = invoke("validate", str(doc))
    assert result.exit_code == 1
    out = flat(result)
    assert "diharapkan ada manifest.yml di sampingnya" in out and "Traceback" not in result.output
    assert "expected a manifest.yml beside it" in flat(invoke("validate", str(doc), "--lang", "en"))


def test_validate_reports_a_wrong_manifest_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "agency" / "2024"
    shutil.copytree(REPO / "raw" / "19.01-bangka-kesbangpol" / "2024", folder)
    m = folder / "manifest.yml"
    m.write_text(m.read_text(encoding="utf-8").replace("plan_version: murni", "plan_version: final"), encoding="utf-8")
    result = invoke("validate", str(folder / "rencana_aksi_2024.txt"))
    assert result.exit_code == 1
    out = flat(result)
    assert "7" in out and "plan_version" in out and "Traceback" not in result.output


# --- workspace --------------------------------------------------------------------------------------------------------


def test_status_before_any_refresh_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    result = invoke("status", root=tmp_path)
    assert result.exit_code == 1
    assert "belum pernah ada pembaruan" in flat(result) and "rekap refresh" in flat(result)
    assert "no refresh has run yet" in flat(invoke("status", "--lang", "en", root=tmp_path))


def test_sql_without_warehouse_is_one_sentence(tmp_path: Path) -> None:
    result = invoke("sql", "select 1", root=tmp_path)
    assert result.exit_code == 1
    out = flat(result)
    assert "belum ada gudang data yang terbit" in out and "rekap refresh" in out and "Traceback" not in result.output


def test_what_people_wrote_is_printed_as_written_never_as_markup(tmp_path: Path) -> None:
    """Rich reads `[...]` as markup: a file named 'laporan [final].txt' would lose '[final]', and an error quoting
    '[/x]' would stop the command with rich's own error instead of rekap's sentence."""
    import duckdb

    (tmp_path / "warehouse").mkdir()
    con = duckdb.connect(str(tmp_path / "warehouse" / "rekap.duckdb"))
    con.execute(
        "create table files as select 'raw/19.01/laporan [final].txt' as source_file, 'Dinas [/x] PU' as agency"
    )
    con.close()
    result = invoke("sql", "select * from files", root=tmp_path, COLUMNS="200")
    assert result.exit_code == 0, result.output
    assert "laporan [final].txt" in result.output and "Dinas [/x] PU" in result.output
    failed = invoke("sql", 'select * from "laporan [/x] [final]"', root=tmp_path)
    assert failed.exit_code == 1 and "Traceback" not in failed.output
    assert "kesalahan:" in failed.output and "laporan [/x] [final]" in failed.output, failed.output


def test_no_workspace_says_how_to_make_one(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("status")
    assert result.exit_code == 1
    out = flat(result)
    assert "tidak ada folder kerja rekap" in out and "rekap init" in out and str(tmp_path) in "".join(out.split())


def test_workspace_from_home_option_env_or_current_folder(tmp_path: Path, monkeypatch) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for ws in (a, b, c):
        (ws / "raw").mkdir(parents=True)
    monkeypatch.chdir(c)

    def said(result) -> str:  # rich may wrap a long path anywhere: compare without whitespace
        return "".join(result.output.split())

    assert str(c / "warehouse" / "state") in said(invoke("status"))  # the current folder holds raw/
    assert str(b / "warehouse" / "state") in said(invoke("status", root=b))  # REKAP_HOME beats the current folder
    assert str(a / "warehouse" / "state") in said(invoke("--home", str(a), "status", root=b))  # --home beats both


def test_init_creates_a_workspace_and_refuses_to_overwrite_one(tmp_path: Path) -> None:
    from rekap.settings import load_settings

    ws = tmp_path / "provinsi-lampung"
    result = invoke("init", str(ws))
    assert result.exit_code == 0, result.output
    assert "Folder kerja dibuat" in result.output
    assert (ws / "raw").is_dir() and (ws / "warehouse").is_dir()
    assert "manifest.yml" in (ws / "raw" / "README.md").read_text(encoding="utf-8")
    from rekap.discover import discover

    assert discover(ws / "raw").problems == []  # the README is not taken for an undeclared submission
    settings = load_settings(ws / "rekap.toml")  # the commented defaults are a valid settings file
    assert not settings.notify.configured
    status = invoke("--home", str(ws), "status")
    assert "belum pernah ada pembaruan" in flat(status)
    again = invoke("init", str(ws))
    assert again.exit_code == 1 and "sudah berisi folder kerja rekap" in flat(again)


def test_dbt_project_is_found_with_the_code_not_in_the_workspace(tmp_path: Path, monkeypatch) -> None:
    from rekap.paths import ProjectPaths

    monkeypatch.delenv("REKAP_DBT_PROJECT", raising=False)
    paths = ProjectPaths(tmp_path)
    assert (paths.dbt_project / "dbt_project.yml").is_file()
    assert tmp_path not in paths.dbt_project.parents


# --- settings and the notification hook ------------------------------------------------------------------------------


def test_settings_file_names_a_misspelt_key_and_a_bad_url(tmp_path: Path) -> None:
    from rekap.settings import SettingsError, load_settings

    f = tmp_path / "rekap.toml"
    f.write_text('[notify]\ncomand = "true"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"notify\.comand"):
        load_settings(f)
    f.write_text('[notify]\nwebhook = "not a url"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"notify\.webhook"):
        load_settings(f)
    f.write_text('[notify]\non = ["sometimes"]\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"notify\.on"):
        load_settings(f)
    f.write_text("[notify\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="rekap.toml"):
        load_settings(f)


def test_notification_command_and_webhook_receive_the_summary(tmp_path: Path) -> None:
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from rekap.notify import notify
    from rekap.settings import NotifySettings

    received: list[bytes] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        out = tmp_path / "hook.json"
        settings = NotifySettings(
            command=["sh", "-c", f"cat > '{out}'"],
            webhook=f"http://127.0.0.1:{server.server_port}/rekap",
            on=["failed"],
        )
        summary = {"run_id": "r1", "status": "failed", "error": "dbt test gagal", "rows": {"fct_budget": 3}}
        assert notify(settings, summary, tmp_path) == []
        assert json.loads(out.read_text(encoding="utf-8")) == summary
        assert json.loads(received[0]) == summary
        out.unlink()
        assert notify(settings, {**summary, "status": "published"}, tmp_path) == []  # not an outcome it asked for
        assert not out.exists() and len(received) == 1
        broken = NotifySettings(command=["sh", "-c", "exit 3"])
        assert "exit 3" in notify(broken, summary, tmp_path)[0]  # reported, never raised
    finally:
        server.shutdown()


@pytest.mark.slow
def test_status_and_sql_after_a_refresh(tmp_path: Path, prefect_server) -> None:
    import hashlib

    from rekap.flow import refresh
    from tests.conftest import make_project

    root = make_project(tmp_path / "project")
    summary = refresh(root=str(root))
    assert summary["status"] == "published"
    status = invoke("status", root=root)
    assert status.exit_code == 0, status.output
    assert summary["run_id"] in status.output and "diterbitkan" in status.output
    assert "Berubah di raw/ sejak proses terakhir: 0" in status.output
    bangka = root / DOCS["19.01"]
    bangka.write_text(bangka.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    status = invoke("status", root=root)
    assert "Berubah di raw/ sejak proses terakhir: 1" in status.output
    q = invoke("sql", "select count(*) as n from marts.dim_region", root=root)
    assert q.exit_code == 0 and q.output == "n\n552\n"  # piped: plain CSV
    table = invoke("sql", "--format", "table", "select count(*) as n from marts.dim_region", root=root)
    assert "┃ n   ┃" in table.output and "552" in table.output
    bad = invoke("sql", "select * from marts.no_such_table", root=root)
    assert bad.exit_code == 1 and "Traceback" not in bad.output and "no_such_table" in bad.output
    write = invoke("sql", "drop table marts.dim_region", root=root)
    assert write.exit_code == 1  # the connection is read-only
    published = root / "warehouse" / "rekap.duckdb"
    before = hashlib.sha256(published.read_bytes()).hexdigest()
    docs = invoke("docs", root=root)
    assert docs.exit_code == 0, docs.output
    assert (root / "warehouse" / ".build" / "target" / "index.html").exists()
    assert hashlib.sha256(published.read_bytes()).hexdigest() == before  # dbt never opens the published file


@pytest.mark.parametrize(
    "args, indonesian, english",
    [
        (["bogus"], "Tidak ada perintah 'bogus'.", "No such command 'bogus'."),
        (["refrsh"], "Tidak ada perintah 'refrsh'. Maksud Anda 'refresh'?", "Did you mean 'refresh'?"),
        (["template"], "Opsi '--region' wajib diisi.", "Missing option '--region'."),
        (["validate"], "Argumen 'file' wajib diisi.", "Missing argument 'file'."),
        (["status", "extra"], "Argumen berlebih yang tidak dikenal: (extra)", "Got unexpected extra argument"),
        (["sql", "-f"], "Opsi '-f' memerlukan nilai.", "Option '-f' requires an argument."),
    ],
)
def test_usage_errors_are_translated(args: list[str], indonesian: str, english: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert indonesian in flat(result) and "Missing" not in flat(result) and "No such" not in flat(result)
    assert english in flat(invoke(*args, "--lang", "en"))


def test_refresh_with_a_broken_settings_file_stops_before_building(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "rekap.toml").write_text('[notify]\nwebhok = "http://127.0.0.1:9/x"\n', encoding="utf-8")
    result = invoke("refresh", root=tmp_path)
    assert result.exit_code == 1
    assert "notify.webhok" in flat(result) and "rekap.toml" in flat(result)
    assert not (tmp_path / "warehouse").exists()  # nothing ran


def test_a_refresh_summary_lists_a_province_s_agencies_and_counts_a_nation_s_per_province(tmp_path: Path) -> None:
    """A province's refresh lists each agency it loaded; a national warehouse's hundreds are counted per province
    (named as the published regions name them), a table an operator can read after every refresh."""
    import duckdb

    from rekap.cli.common import console
    from rekap.cli.summary import AGENCY_ROWS, print_summary
    from rekap.paths import ProjectPaths

    paths = ProjectPaths(tmp_path)
    paths.published_db.parent.mkdir(parents=True)
    con = duckdb.connect(str(paths.published_db))
    con.execute("create schema marts")
    con.execute("create table marts.dim_region as select '11' as province_code, 'Aceh' as province_name")
    con.close()
    aceh = [(f"Badan Kesbangpol Kabupaten {i}", f"11.{i:02d}", 10) for i in range(1, AGENCY_ROWS + 1)]
    summary = {
        "status": "published",
        "run_id": "r1",
        "submissions_seen": 43,
        "submissions_changed": 1,
        "values_landed": 5,
        "tests_passed": 1,
        "tests_failed": 0,
        "rows": {},
        "quarantine": [],
        "error": None,
        "agencies": [*aceh, ("Badan Kesbangpol Kabupaten Nias", "12.01", 7), ("Badan Kesbangpol Sumut", "12", 3)],
    }

    def printed(s: dict) -> str:
        with console.capture() as out:
            print_summary(s, paths)
        return out.get()

    national = printed(summary)
    assert "per provinsi (42 perangkat daerah)" in " ".join(national.split())
    assert re.search(r"11 Aceh\s*│\s*40\s*│\s*400\b", national), national
    assert re.search(r"│ 12\s*│\s*2\s*│\s*10\b", national), national  # a province the regions do not name: its code
    assert "Nias" not in national and "Kabupaten 7" not in national
    one_province = printed({**summary, "agencies": aceh[:3]})
    assert "per provinsi" not in one_province
    assert all(name in one_province for name, _, _ in aceh[:3]) and "11.03" in one_province
