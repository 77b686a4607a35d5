"""The field reference is generated from the schema and must be current."""

from pathlib import Path

from zcf_opt.docs import field_reference

ROOT = Path(__file__).resolve().parents[1]


def test_field_reference_is_up_to_date() -> None:
    current = (ROOT / "docs" / "fields.md").read_text(encoding="utf-8")
    assert current == field_reference(), "run: python -m zcf_opt.docs > docs/fields.md"


def test_field_reference_names_units_of_key_fields() -> None:
    text = field_reference()
    for needle in ("`usable_area_m2`", "[m2]", "[CNY/kWp]", "[tCO2/MWh]", "`annual_mwh`", "[MWh/yr]"):
        assert needle in text
