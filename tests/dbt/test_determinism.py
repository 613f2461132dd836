"""Same input, same warehouse: three builds of the demo corpus (each from a freshly landed copy) have identical
content in every table, and ties between same-named lines never pick one of them at random."""

from __future__ import annotations

import pytest
from tests.dbt.builds import land_and_build

from rekap.warehouse.snapshot import file_hashes

BANGKA = "19.01-bangka-kesbangpol/2024/rencana_aksi_2024.txt"


@pytest.fixture(scope="module")
def three_builds(warehouse, tmp_path_factory) -> list[dict[str, str]]:
    hashes = [file_hashes(warehouse.path)]
    for i in (2, 3):
        build, res = land_and_build(warehouse.raw_root, tmp_path_factory.mktemp(f"determinism_{i}"))
        assert res.returncode == 0, res.stdout[-6000:]
        hashes.append(file_hashes(build))
    return hashes


def test_every_table_has_the_same_content_in_three_builds(three_builds) -> None:
    first, *others = three_builds
    assert {"marts.v_budget", "marts.fct_budget", "marts.fct_target", "marts.findings", "main.int_facts"} <= set(first)
    for other in others:
        differing = sorted(t for t in set(first) | set(other) if first.get(t) != other.get(t))
        assert differing == []


def test_same_named_lines_are_both_latest_facts(warehouse) -> None:
    # Bangka lines 29 and 30: two sub kegiatan rows with the same name, Rp 200.000.000 and Rp 20.000.000. Both are
    # real lines of the document (the name_collision finding says both are kept): both are the agency's latest figures.
    rows = warehouse.rows(
        """select source_line, amount_idr from marts.v_budget
                             where source_file = ? and source_line in (29, 30) and measure = 'pagu' order by 1""",
        [BANGKA],
    )
    assert rows == [(29, 200000000), (30, 20000000)]
    findings = warehouse.rows(
        """select source_line from marts.findings
                                 where finding_type = 'name_collision' and source_file = ? order by 1""",
        [BANGKA],
    )
    assert (29,) in findings and (30,) in findings
    # Lampung TW IV targets on lines 413 and 417 (same item and indicator name, 3 and 2): both published
    lampung = warehouse.rows("""select source_line, target_value from marts.v_target
                                where source_file like '18-lampung-kesbangpol/%' and source_line in (413, 417)
                                order by 1""")
    assert lampung == [(413, 3), (417, 2)]
