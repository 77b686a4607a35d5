"""Every wording exists in both languages, each in its own script, with the same fields.

A label added in one language only, English left in a Chinese string or Chinese in an
English one, or a field (``{year}``) in one language but not the other fails here. The
outputs themselves are checked in test_report.py and test_examples.py.
"""

from __future__ import annotations

import re
from importlib import resources

import pytest
import yaml
from proposal_checks import CJK, foreign_words

from zcf_opt import notices, units
from zcf_opt.defaults import catalogue
from zcf_opt.report import i18n
from zcf_opt.standards import SHIPPED, load_rulebook, wording

FIELD = re.compile(r"{(\w+)")
#: a field with its format, e.g. ``{days:.0f}``: not wording
FIELD_SPEC = re.compile(r"{[^{}]*}")


def _all_pairs() -> dict[str, tuple[str, str]]:
    pairs = dict(i18n.pairs())
    pairs.update({f"notice:{k}": v for k, v in notices.MESSAGES.items()})
    pairs.update({f"lever:{k}": v for k, v in notices.LEVER_NAMES.items()})
    pairs.update({f"band:{k}": v for k, v in notices.BAND_NAMES.items()})
    pairs.update({f"unit:{k}": v for k, v in units._UNIT_WORDS.items()})
    pairs.update({f"unit:{k}": v for k, v in units._UNIT_PHRASES.items() if k != "1"})
    for key, entry in catalogue().items():
        pairs[f"default label:{key}"] = (entry.label_zh, entry.label_en)
        pairs[f"default source:{key}"] = (entry.source_zh, entry.source)
    pairs.update({f"wording:{k}": v for k, v in wording.pairs().items()})
    for standard in SHIPPED:
        rulebook = load_rulebook(standard)
        pairs[f"standard:{standard}"] = (rulebook.standard_in("zh"), rulebook.standard_in("en"))
        pairs[f"title:{standard}"] = (rulebook.title_in("zh"), rulebook.title_in("en"))
        for name, option in rulebook.options.items():
            pairs[f"option:{standard}:{name}"] = (option.description_in("zh"), option.description_in("en"))
            for choice in option.choices:
                pairs[f"choice:{standard}:{choice}"] = (
                    option.choice_in(choice, "zh"),
                    option.choice_in(choice, "en"),
                )
        for rule in rulebook.levels:
            pairs[f"label:{standard}:{rule.level}"] = (rule.label_in("zh"), rule.label_in("en"))
            for requirement in rule.requirements:
                key = f"{standard}:{rule.level}:{requirement.id}:{requirement.when}"
                pairs[f"requirement:{key}"] = (requirement.describe("zh"), requirement.describe("en"))
                pairs[f"source:{key}"] = (requirement.source.text("zh"), requirement.source.text("en"))
    return pairs


PAIRS = _all_pairs()


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_wording_in_both_languages(name: str) -> None:
    zh, en = PAIRS[name]
    assert zh.strip() and en.strip(), f"{name}: a language is missing"
    assert foreign_words(FIELD_SPEC.sub(" ", zh), "zh") == [], f"{name}: English in the Chinese wording: {zh}"
    assert foreign_words(FIELD_SPEC.sub(" ", en), "en") == [], f"{name}: Chinese in the English wording: {en}"
    assert sorted(FIELD.findall(zh)) == sorted(FIELD.findall(en)), f"{name}: fields differ"


def test_every_catalogue_entry_has_both_labels_and_a_chinese_source() -> None:
    raw = yaml.safe_load(
        resources.files("zcf_opt.data").joinpath("defaults.yaml").read_text(encoding="utf-8")
    )
    for key, entry in raw.items():
        assert {"label_zh", "label_en", "source_zh", "source"} <= set(entry), key
        assert CJK.search(entry["label_zh"]) and CJK.search(entry["source_zh"]), key


#: a sample of each notice built from lists, worded in both languages below
SAMPLES = {
    "macc_note_heat": {"kind": "industrial_heat_pump", "cop": 4.15, "demand": "PT"},
    "macc_note_left_out": {"note": {"code": "macc_note_measure", "params": {"saving_mwh": 73.7}}},
    "typical_efficiency_figures": {
        "measures": [{"name": "LED", "programme": "led_lighting", "fields": ["capex_cny"]}]
    },
    "green_loan_after_horizon": {
        "level": "II-6",
        "from_year": 2030,
        "last_year": 2028,
        "rate_per_year": 0.035,
    },
    "placeholder_defaults": {
        "defaults": [
            {
                "key": "pv.capex_cny_per_kwp",
                "field": "pv_capex_cny_per_kwp",
                "value": 3000.0,
                "unit": "CNY/kWp",
            },
            {
                "key": "tariff.energy_price_cny_per_kwh",
                "field": "tariff.energy_price_cny_per_kwh",
                "value": {"peak": 1.1, "flat": 0.65, "valley": 0.25},
                "unit": "CNY/kWh",
            },
        ]
    },
    "provisional_targets": {
        "targets": [
            {
                "standard": {"zh": "T/CECA-G 0171-2022", "en": "T/CECA-G 0171-2022"},
                "level": {"zh": "I-4", "en": "I-4"},
                "year": 2028,
                "requirements": [{"zh": "可再生电力占比 ≥ 50 %", "en": "renewable electricity share ≥ 50 %"}],
            }
        ],
    },
    "provisional_benchmark": {
        "targets": [
            {
                "standard": {"zh": "苏州工业园区零碳工厂", "en": "SIP zero-carbon factory"},
                "level": {"zh": "零碳工厂", "en": "zero-carbon factory"},
                "year": 2030,
                "requirement": {
                    "zh": "单位产品综合能耗达到标杆水平",
                    "en": "energy per unit at the benchmark level",
                },
            }
        ],
    },
    "small_projects_dropped": {
        "items": [{"lever": "battery", "year": 2027, "size": 2.6, "unit": "kWh", "minimum": 200.0}],
        "npv_change_cny": 41.0,
    },
    "minimum_size_not_applied": {
        "items": [{"lever": "pv", "year": 2030, "size": 12.0, "unit": "kWp", "minimum": 100.0}]
    },
    "macc_note_measure": {"saving_mwh": 186.2, "gas_nm3": 1000.0, "alternatives": ["M2/IE5"]},
    "full_year_failed": {
        "items": [{"year": 2031, "target": "II-6", "level": "II-5", "re_share": 0.9931}],
        "repair": False,
    },
    "full_year_error": {"items": [{"year": 2030, "error": 0.0123}], "limit": 0.01},
    "full_year_repaired": {
        "items": [
            {
                "year": 2031,
                "green_power_mwh": 0.0,
                "gec_mwh": 12.5,
                "offsets_tco2e": 0.0,
                "removals_tco2e": 3.1,
            }
        ]
    },
    "provisional_tariff": {
        "name": "jiangsu-2025-10kv",
        "source": "Jiangsu DRC notice Su Fa Gai Jia Ge Fa [2025] No. 426",
        "source_zh": "苏发改价格发〔2025〕426号（江苏省发展改革委）",
        "year": 2025,
        "fields": ["base_price_cny_per_kwh", "demand_charge_cny_per_kw_month"],
    },
}


@pytest.mark.parametrize("code", [c for c in notices.codes() if c != "text"])
def test_every_notice_reads_in_both_languages(code: str) -> None:
    if code in notices.MESSAGES:
        params = {name: 1.5 for name in FIELD.findall(notices.MESSAGES[code][1])}
        params.update({k: {"code": "macc_basis_cap", "params": {}} for k in params if k == "basis"})
        params.update({k: "I" for k in params if k == "boundary"})
    else:
        assert code in SAMPLES, f"add a sample of '{code}' to SAMPLES"
        params = SAMPLES[code]
    notice = notices.Notice(code, params)
    zh, en = notice.text("zh"), notice.text("en")
    # field names the planner sets are shown only with identifiers=True (command line, summary.json)
    assert foreign_words(zh, "zh") == [] and foreign_words(en, "en") == [], (zh, en)
    assert zh != en


def test_identifiers_appear_only_where_asked() -> None:
    notice = notices.Notice("placeholder_defaults", SAMPLES["placeholder_defaults"])
    assert "tariff.energy_price_cny_per_kwh" in str(notice)
    assert "tariff.energy_price_cny_per_kwh" not in notice.text("en")
    assert "峰 1.1，平 0.65，谷 0.25 [元/kWh]" in notice.text("zh")
