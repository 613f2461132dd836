"""Every spec is validated at load time; an error names the file, the key and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rekap.layouts.spec import SPEC_DIR, load_spec
from rekap.layouts.spec_model import SpecError, validate_spec


@pytest.mark.parametrize("path", sorted(SPEC_DIR.glob("*.yml")), ids=lambda p: p.stem)
def test_every_shipped_spec_validates(path: Path) -> None:
    spec = load_spec(path)
    assert validate_spec(spec, path.name).family == spec["family"]


def _template() -> dict:
    return yaml.safe_load((SPEC_DIR / "templat_rekap.yml").read_text(encoding="utf-8"))


def test_misspelt_key_is_named() -> None:
    spec = _template()
    spec["columns"][0]["haeder"] = spec["columns"][0].pop("header")
    with pytest.raises(SpecError) as err:
        validate_spec(spec, "layout.yml")
    msg = str(err.value)
    assert "layout.yml: columns[0].header: diharapkan kunci ini diisi (wajib)" in msg
    assert "layout.yml: columns[0].haeder: diharapkan tidak ada kunci ini (kunci tidak dikenal)" in msg


def test_misspelt_key_in_english_on_request() -> None:
    from rekap.i18n import set_language

    spec = _template()
    spec["columns"][0]["haeder"] = spec["columns"][0].pop("header")
    set_language("en")
    try:
        with pytest.raises(SpecError) as err:
            validate_spec(spec, "layout.yml")
    finally:
        set_language(None)
    assert "layout.yml: columns[0].header: expected Field required" in str(err.value)
    assert "layout.yml: columns[0].haeder: expected Extra inputs are not permitted" in str(err.value)


def test_bad_regex_role_and_level_are_named() -> None:
    spec = {
        "family": "tabel",
        "columns": [{"header": "^URAIAN$", "role": "nama"}, {"index": 3, "role": "name", "level": "programme"}],
        "end": ["(unclosed"],
    }
    with pytest.raises(SpecError) as err:
        validate_spec(spec, "x.yml")
    msg = str(err.value)
    assert "x.yml: columns[0].role: diharapkan peran sel, salah satu dari" in msg
    assert "x.yml: columns[1].level: diharapkan tingkat, salah satu dari" in msg
    assert "x.yml: end[0]: diharapkan regex Python yang sah" in msg


def test_column_override_needs_one_anchor() -> None:
    with pytest.raises(SpecError, match=r"columns\[0\]: diharapkan tepat satu dari 'header' atau 'index'"):
        validate_spec({"family": "tabel", "columns": [{"role": "note"}]}, "x.yml")


def test_a_pinned_year_is_refused() -> None:
    spec = {"family": "tabel", "skip": ["^RENCANA AKSI TAHUN 2024"]}
    with pytest.raises(SpecError, match=r"skip\[0\]: tanpa tahun yang ditulis langsung \(tertulis '2024'\)"):
        validate_spec(spec, "x.yml")


def test_unknown_family() -> None:
    with pytest.raises(SpecError, match="family: diharapkan salah satu dari .*tabel"):
        validate_spec({"family": "kolom_triwulan"}, "x.yml")


def test_broken_yaml_names_its_line(tmp_path: Path) -> None:
    p = tmp_path / "layout.yml"
    p.write_text("family: tabel\ncolumns: [\n  - oops: : :\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"layout.yml, baris \d+: diharapkan YAML yang sah"):
        load_spec(p)
