"""Planning marts: README queries reproduce their tables; exact figures from the four documents."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
SECTION = "## Questions you can ask"


def _section() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    if SECTION in readme:
        text = readme.split(SECTION, 1)[1]
        return SECTION + re.split(r"\n## ", text, maxsplit=1)[0]
    return (REPO / "docs" / "questions_you_can_ask.md").read_text(encoding="utf-8")


def _queries():
    """(title, sql, header, rows) for every ```sql block followed by a markdown table."""
    out = []
    for m in re.finditer(r"### ([^\n]+)\n\n```sql\n(.+?)\n```\n\n((?:\|[^\n]*\|\n?)+)", _section(), re.S):
        lines = [ln for ln in m.group(3).strip().splitlines()]
        split = lambda ln: [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", ln.strip())[1:-1]]
        out.append((m.group(1), m.group(2), split(lines[0]), [split(ln) for ln in lines[2:]]))
    return out


def _cell(v) -> str:
    return "" if v is None else str(v).replace("\n", " ")


def test_section_has_at_least_eight_queries():
    assert len(_queries()) >= 8
    # every question in the section is parsed (and so run and checked): none is skipped by its formatting
    assert len(_queries()) == _section().count("\n### ")


@pytest.mark.parametrize("title,sql,header,rows", _queries(), ids=[q[0][:40] for q in _queries()])
def test_readme_query_matches_its_table(con, title, sql, header, rows):
    rel = con.sql(sql)
    assert rel.columns == header
    assert [[_cell(v) for v in r] for r in rel.fetchall()] == rows


def test_budget_by_program_bangka(con):
    rows = dict(
        con.execute("""select nomenclature_code, pagu_idr from marts.mart_budget_by_program
                               where region_code = '19.01' and is_latest""").fetchall()
    )
    assert rows["8.01.03"] == Decimal("27144383200.00")
    assert rows["X.XX.01"] == Decimal("2720900248.00")
    assert rows["8.01.02"] == Decimal("1030000.00")
    support = con.execute("""select is_support_program from marts.mart_budget_by_program
                             where region_code = '19.01' and nomenclature_code = 'X.XX.01'""").fetchone()[0]
    assert support is True


def test_lumajang_serapan_tw1(con):
    got = dict(
        con.execute("""select nomenclature_code, serapan_pct from marts.mart_budget_by_program
                              where region_code = '35.08' and realisasi_through_quarter = 1""").fetchall()
    )
    assert got == {
        "8.01.06": Decimal("6.62"),
        "8.01.02": Decimal("0.18"),
        "8.01.03": Decimal("0.30"),
        "8.01.04": Decimal("6.06"),
        "8.01.05": Decimal("0.89"),
        "X.XX.01": Decimal("19.15"),
    }
    real = con.execute(
        """select sum(realisasi_idr) from marts.mart_budget_by_program where region_code = '35.08'"""
    ).fetchone()[0]
    assert real == Decimal("658426549.00")
    # the agency's TW I realisasi against the year's pagu (a whole-year figure: quarter NULL)
    total = con.execute("""select round(max(amount_idr) filter (where measure = 'realisasi' and quarter = 1)
                                  / max(amount_idr) filter (where measure = 'pagu' and quarter is null) * 100, 2)
                           from marts.fct_budget where region_code = '35.08' and level = 'agency'""").fetchone()[0]
    assert float(total) == 7.90


def test_lumajang_efisiensi_is_ratio(con):
    r = con.execute("""select capaian_kinerja_pct, capaian_anggaran_pct, efisiensi_ratio, rating_band
                       from marts.mart_program_performance where region_code = '35.08' and nomenclature_code = '8.01.06'""").fetchone()
    assert r[0] == Decimal("12.50") and r[1] == Decimal("6.62")
    assert r[2] == Decimal("1.8882")
    assert r[3] == "sangat_rendah"


def test_lampung_pagu_history(con):
    rows = dict(
        ((y, v), a)
        for y, v, a in con.execute(
            """select fiscal_year, plan_version, amount_idr from marts.fct_budget
           where region_code = '18' and level = 'agency' and measure = 'pagu' and quarter is null"""
        ).fetchall()
    )
    assert rows[(2019, "murni")] == Decimal("12346096500.00")
    assert rows[(2019, "perubahan")] == Decimal("11441218700.00")
    assert rows[(2022, "perubahan")] == Decimal("20481768777.15")


def test_quarterly_plan_lampung_and_backloading(con):
    n = con.execute("select count(*) from marts.mart_quarterly_plan where back_loaded").fetchone()[0]
    assert n > 0
    r = con.execute("""select semantics, share_tw4 from marts.mart_quarterly_plan
                       where region_code = '73.24' and source_line = 78""").fetchone()
    assert r == ("increment", 1.0)  # 120 + 75 + 55 + 220 = 470 Kali


def test_indicator_comparison_flags_unit_mismatch(con):
    rows = con.execute("""select region_code, canonical_unit, comparable, unit_mismatch from marts.mart_indicator_comparison
                          where nomenclature_code = 'X.XX.01.2.06.09' order by 1""").fetchall()
    assert {r[0] for r in rows} >= {"35.08", "73.24"}
    assert all(r[3] and not r[2] for r in rows)


def test_submission_coverage(con):
    n_regions = con.execute("select count(*) from marts.dim_region").fetchone()[0]
    assert n_regions == 552
    r = con.execute("""select is_received, has_revision, load_status, versions_received from marts.mart_submission_coverage
                       where region_code = '73.24' and fiscal_year = 2022 and document_type = 'rencana_aksi'""").fetchone()
    assert r == (True, True, "loaded", "perubahan")
    missing = con.execute("""select count(*) from marts.mart_submission_coverage
                             where fiscal_year = 2024 and document_type = 'rencana_aksi' and not is_received""").fetchone()[
        0
    ]
    assert missing == 551


ERRORS = [
    # region, line, check, figures that must appear in the message
    ("19.01", 10, "budget_children_sum", ["2.720.900.248,00", "2.720.899.448,00", "800,00"]),
    ("19.01", 11, "budget_children_sum", ["1.030.000,00", "1.030.000.000,00", "baris 26"]),
    ("19.01", 18, "budget_children_sum", ["46.530.000,00", "46.530.800,00", "800,00", "baris 34, 35"]),
    ("19.01", 13, "quarters_vs_annual", ["0; 0; 35; 10", "target tahunan 35"]),
    ("19.01", 29, "quarters_vs_annual", ["0; 0; 33,33; 0", "target tahunan 36"]),
    ("19.01", 65, "quarters_vs_annual", ["18; 18; 100; 18", "target tahunan 18"]),
    ("19.01", 68, "quarters_vs_annual", ["0; 0; 2; 0", "target tahunan 1 "]),
    ("19.01", 70, "quarters_vs_annual", ["2; 2; 2; 2", "jumlah 8", "target tahunan 12"]),
    ("19.01", 71, "quarters_vs_annual", ["23; 23; 23; 23", "jumlah 92", "target tahunan 12"]),
    ("18", 16, "stated_total", ["24.794.978.777,15", "24.994.979.377,15", "200.000.600,00", "157, 158, 164, 165"]),
    ("73.24", 58, "quarters_vs_annual", ["19; 19; 19; 12", "target tahunan 12"]),
]


@pytest.mark.parametrize("region,line,check,figures", ERRORS, ids=[f"{e[0]}-{e[1]}" for e in ERRORS])
def test_error_findings(con, region, line, check, figures):
    msgs = [
        m
        for (m,) in con.execute(
            """select message from marts.mart_data_quality
                                         where region_code = ? and source_line = ? and check_name = ? and severity = 'error'""",
            [region, line, check],
        ).fetchall()
    ]
    assert len(msgs) == 1, msgs
    for f in figures:
        assert f in msgs[0], (f, msgs[0])


def test_resolved_numbers_and_no_false_errors(con):
    words = con.execute("""select severity, message from marts.mart_data_quality
                           where region_code = '35.08' and source_line = 272 and check_name = 'digits_vs_words'""").fetchone()
    assert (
        words[0] == "warning"
        and "10.608.000,00" in words[1]
        and "658.426.549,00" in words[1]
        and "Dipakai angka" in words[1]
    )
    amb = con.execute("""select message from marts.mart_data_quality
                         where region_code = '35.08' and source_line = 285 and check_name = 'ambiguous_number'""").fetchone()[
        0
    ]
    assert "613.448.549,00" in amb
    mixed = con.execute("""select severity from marts.mart_data_quality
                           where region_code = '18' and source_line = 53 and check_name = 'ambiguous_number'""").fetchone()[
        0
    ]
    assert mixed == "info"
    # Lampung's belanja breakdowns and the 2019-2023 history add up: no error there
    n = con.execute(
        """select count(*) from marts.mart_data_quality where region_code = '18' and severity = 'error'"""
    ).fetchone()[0]
    assert n == 1
    unit = con.execute("""select severity from marts.mart_data_quality
                          where region_code = '73.24' and source_line = 58 and check_name = 'unit_annual_vs_quarter'""").fetchone()[
        0
    ]
    assert unit == "warning"
    assert (
        con.execute("""select count(*) from marts.mart_data_quality where region_code = '73.24'
                          and source_line = 92 and check_name = 'quarters_vs_annual'""").fetchone()[0]
        == 1
    )


def test_stated_capaian_keeps_its_precision(con):
    """Lumajang C.5 states 'sebesar 0,004 % (dibawah 1 %)': rounding it to 0,00 would erase a stated figure."""
    (capaian,) = con.execute("""select capaian_kinerja_pct from marts.mart_program_performance
                                where region_code = '35.08' and nomenclature_code = '8.01.05'""").fetchone()
    assert capaian == Decimal("0.004")


def rewrite_readme_tables(warehouse_db: Path) -> int:
    """Re-run every question's query on `warehouse_db` and write its result table into the README (after a change
    to the marts: `PYTHONPATH=flows python -m tests.marts.test_planning_marts path/to/built.duckdb`)."""
    import duckdb

    readme_path = REPO / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    con = duckdb.connect(str(warehouse_db), read_only=True)

    def table(m: re.Match) -> str:
        rel = con.sql(m.group(2))
        lines = ["| " + " | ".join(rel.columns) + " |", "|" + "---|" * len(rel.columns)]
        lines += ["| " + " | ".join(_cell(v).replace("|", "\\|") for v in r) + " |" for r in rel.fetchall()]
        return f"### {m.group(1)}\n\n```sql\n{m.group(2)}\n```\n\n" + "\n".join(lines) + "\n"

    head, section = readme.split(SECTION, 1)
    section, *tail = re.split(r"(?=\n## )", section, maxsplit=1)
    section, n = re.subn(r"### ([^\n]+)\n\n```sql\n(.+?)\n```\n\n((?:\|[^\n]*\|\n?)+)", table, section, flags=re.S)
    readme_path.write_text(head + SECTION + section + "".join(tail), encoding="utf-8")
    con.close()
    return n


if __name__ == "__main__":
    import sys

    print(f"{rewrite_readme_tables(Path(sys.argv[1]))} question tables rewritten")
