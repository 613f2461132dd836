"""Issue #3 items 2 and 3: Lampung's per-quarter tables read as one series per indicator, and canonical units."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytestmark = pytest.mark.slow
LAMPUNG = "18-lampung-kesbangpol/2023/rencana_aksi_kinerja_2023.txt"


def _plan(con, indicator_like):
    return con.execute(
        """select semantics, annual_target, annual_source, share_tw1, share_tw2, share_tw3, share_tw4, back_loaded,
                  evidence, member_records, source_line
           from marts.mart_quarterly_plan
           where submission_id = ? and level = 'sasaran' and lower(indicator_name) like ?""",
        [LAMPUNG, indicator_like],
    ).fetchall()


def test_lampung_sasaran_konflik_is_increment_of_87_5(con):
    rows = _plan(con, "prosentase menurunnya potensi konflik%")
    assert len(rows) == 1, rows
    sem, annual, src, s1, s2, s3, s4, back, evidence, members, line = rows[0]
    assert sem == "increment" and src == "target_year"
    assert annual == Decimal("87.5000")
    assert (s1, s2, s3, s4) == (round(15 / 87.5, 4), round(40 / 87.5, 4), round(60 / 87.5, 4), 1.0)
    assert back is False  # 27.5 of 87.5 in TW IV
    assert "87,50" in evidence and "sum of TW I-IV = 87.5" in evidence
    assert len(members) == 4  # one record in each of rencana_aksi_tw1..tw4
    assert line == 175  # the TW I table's line


def test_lampung_sasaran_hak_pilih_is_increment_of_72_75(con):
    rows = _plan(con, "prosentase penduduk yang menggunakan hak pilih%")
    assert len(rows) == 1, rows
    sem, annual, src, s1, s2, s3, s4, back, evidence, *_ = rows[0]
    assert sem == "increment" and src == "target_year" and annual == Decimal("72.7500")
    assert s4 == 1.0 and back is False
    assert "72.75" in evidence


def test_lampung_cumulative_shares_exact(con):
    got = con.execute(
        """select p.quarter, p.planned_cumulative_share
           from main.int_planned_cumulative_share p join main.int_items i using (submission_id, table_id, record_no)
           where p.submission_id = ? and i.level = 'sasaran' and lower(i.indicator_name) like 'prosentase menurunnya%'
           order by p.quarter""",
        [LAMPUNG],
    ).fetchall()
    assert [q for q, _ in got] == [1, 2, 3, 4]
    for (_, share), expected in zip(got, [15 / 87.5, 40 / 87.5, 60 / 87.5, 1.0]):
        assert share == pytest.approx(expected, abs=1e-6)


def test_lampung_quarters_without_annual_and_placeholders(con):
    # program level: quarterly percentages, no annual target anywhere in the document
    prog = con.execute(
        """select semantics, evidence, back_loaded from marts.mart_quarterly_plan
           where submission_id = ? and level = 'program' and item_name ilike '%Penunjang Urusan Pemerintah Daerah%'""",
        [LAMPUNG],
    ).fetchall()
    assert prog and all(s == "unknown" and e.startswith("no annual target stated") and b is None for s, e, b in prog)
    # '3 Dok' in TW I and IV, '-' in TW II and III: '-' is no value, not 0, and the evidence says so
    sub = con.execute(
        """select q1, q2, q3, q4, semantics, evidence from main.int_quarter_semantics s
           join main.int_items i using (submission_id, table_id, record_no)
           where s.submission_id = ? and i.indicator_name = 'jumlah dokumen perencanaan perangkat daerah'""",
        [LAMPUNG],
    ).fetchall()
    assert len(sub) == 1
    q1, q2, q3, q4, sem, evidence = sub[0]
    assert (q1, q2, q3, q4) == (Decimal("3"), None, None, Decimal("3")) and sem == "unknown"
    assert "TW II '-' = no value (not 0)" in evidence and "TW III '-' = no value (not 0)" in evidence
    # no 'quarters_vs_annual' finding for quarters that have no annual target to be checked against
    assert (
        con.execute("""select count(*) from marts.mart_data_quality where region_code = '18'
                          and check_name = 'quarters_vs_annual'""").fetchone()[0]
        == 0
    )


def test_v_target_unit_is_canonical_when_known(con):
    units = dict(
        con.execute(
            """select target_text, unit from marts.v_target
           where region_code = '18' and level = 'sub_kegiatan' and target_text in ('3 Dok', '3 lap.', '30 org/kl', '850 m2', '39 lembaga')
           group by all"""
        ).fetchall()
    )
    assert units == {
        "3 Dok": "dokumen",
        "3 lap.": "laporan",
        "30 org/kl": "orang",
        "850 m2": "meter_persegi",
        "39 lembaga": "lembaga",
    }
    pct = con.execute(
        """select distinct unit from marts.v_target where region_code = '18' and target_text = '15%'"""
    ).fetchall()
    assert pct == [("persen",)]


def test_dim_indicator_units(con):
    statuses = dict(con.execute("select unit_status, count(*) from marts.dim_indicator group by 1").fetchall())
    assert set(statuses) <= {"known", "no_target", "missing", "unknown"}
    assert statuses.get("unknown", 0) == 0
    assert (
        con.execute("""select count(*) from marts.dim_indicator
                          where is_known_unit <> (canonical_unit is not null)""").fetchone()[0]
        == 0
    )


def test_unit_findings_only_for_real_unknown_or_missing(con):
    # indicators with no target number (Lampung kegiatan rows with empty cells, '-' only) are not flagged
    assert (
        con.execute("""select count(*) from marts.mart_data_quality
                          where region_code = '18' and check_name in ('unit_unknown', 'unit_missing')""").fetchone()[0]
        == 0
    )
    assert (
        con.execute("""select count(*) from marts.mart_data_quality where check_name = 'unit_unknown'""").fetchone()[0]
        == 0
    )
    # Luwu Timur line 36: '79.18' for 'Tingkat partisipasi politik ...' has no unit at all -> flagged
    missing = con.execute("""select region_code, source_line from marts.mart_data_quality
                             where check_name = 'unit_missing'""").fetchall()
    assert missing == [("73.24", 36)]
    # units that differ only in letter case are the same unit ('Dokumen / dokumen' vs 'Dok' -> info, not warning)
    sev = con.execute("""select severity from marts.mart_data_quality where region_code = '73.24' and source_line = 51
                         and check_name = 'unit_annual_vs_quarter'""").fetchone()[0]
    assert sev == "info"
