"""What a run's results rest on: the catalogue defaults it depends on and its warnings.

A catalogue default counts only when the run depends on it: the gas price not for a plant
without gas, battery figures not where batteries are ruled out, market prices not without a
target (no plan buys certificates, offsets or removals for nothing) or with a cap of zero, the
export price not where export is forbidden, and a lever's minimum project size only when it
dropped an addition (:mod:`zcf_opt.minimum_size`). Warnings are grouped: one for every
placeholder default, one for the tariff's provisional figures, one for every target on a
provisional requirement, one for every target checked against a provisional product benchmark.
"""

from __future__ import annotations

from collections.abc import Callable

from zcf_opt.defaults import DefaultUse, defaults_used, figure
from zcf_opt.finance import green_loan_notice
from zcf_opt.inputs.efficiency import typical_figure_notice
from zcf_opt.notices import Notice
from zcf_opt.schema import Scenario
from zcf_opt.schema.common import Trajectory
from zcf_opt.standards import Rulebook, scenario_rulebooks
from zcf_opt.standards.library import target_rulebook
from zcf_opt.standards.requirements import Intensity
from zcf_opt.units import LANGUAGES


def _zero(cap: Trajectory | None) -> bool:
    """True for a cap of zero in every year (None means no cap)."""
    if cap is None:
        return False
    values = cap.values() if isinstance(cap, dict) else [cap]
    return all(float(v) <= 0 for v in values)


def _burns_gas(s: Scenario) -> bool:
    return s.factory.fuel is not None and s.factory.fuel.natural_gas_nm3_per_year > 0


def _has_pv(s: Scenario) -> bool:
    return s.factory.roof.pv_limit_kwp > 0 or s.factory.roof.existing_pv_kwp > 0


def _free_roof(s: Scenario) -> bool:
    return s.factory.roof.pv_limit_kwp > s.factory.roof.existing_pv_kwp


#: catalogue key (or key prefix ending in ".") -> whether a scenario depends on it
DEPENDS_ON: dict[str, Callable[[Scenario], bool]] = {
    "fuel.": _burns_gas,
    "gas_price_cny_per_nm3": _burns_gas,
    "battery.": lambda s: s.factory.battery.allow,
    "pv.": _has_pv,
    "pv.capex_cny_per_kwp": _free_roof,
    "export_price_cny_per_kwh": lambda s: s.factory.grid_connection.export == "surplus" and _has_pv(s),
    "motors.": lambda s: bool(s.factory.motors),
    "green_power.premium_cny_per_mwh": lambda s: bool(s.targets) and not _zero(s.green_power.cap_mwh),
    "gec_price_cny_per_mwh": lambda s: bool(s.targets) and not _zero(s.certificates.cap_mwh),
    "offsets.price_cny_per_tco2e": lambda s: bool(s.targets) and not _zero(s.offsets.cap_tco2e),
    "removals.price_cny_per_tco2e": lambda s: bool(s.targets) and not _zero(s.removals.cap_tco2e),
}


def is_minimum_size(key: str) -> bool:
    """Whether catalogue ``key`` is a lever's minimum project size (``<lever>.min_project_*``)."""
    return ".min_project_" in key


def depends_on(key: str, scenario: Scenario) -> bool:
    """Whether the plan of ``scenario`` can depend on the catalogue figure ``key``.

    Minimum project sizes are left out here: they count once they drop an addition
    (:func:`minimum_size_defaults`).
    """
    if is_minimum_size(key):
        return False
    rules = [
        rule
        for prefix, rule in DEPENDS_ON.items()
        if key == prefix or (prefix[-1] == "." and key.startswith(prefix))
    ]
    return all(rule(scenario) for rule in rules)


def run_defaults(scenario: Scenario) -> list[DefaultUse]:
    """Catalogue figures the run relies on, including the regional grid factor."""
    used = [use for use in defaults_used(scenario) if depends_on(use.figure.key, scenario)]
    if scenario.grid_emission_factor_tco2_per_mwh is None:
        used.append(
            DefaultUse("grid_emission_factor_tco2_per_mwh", figure("grid_emission_factor_tco2_per_mwh"))
        )
    return used


def minimum_size_defaults(scenario: Scenario, levers: set[str]) -> list[DefaultUse]:
    """Default minimum project sizes of ``levers`` (those that dropped an addition)."""
    return [
        use
        for use in defaults_used(scenario)
        if is_minimum_size(use.figure.key) and use.figure.key.split(".")[0] in levers
    ]


def run_warnings(scenario: Scenario, rulebook: Rulebook, defaults: list[DefaultUse]) -> list[Notice]:
    """Warnings every output of the run carries: placeholder defaults, targets resting on
    provisional requirements, provisional product benchmarks a target is checked against,
    typical efficiency figures and a green loan rate that cannot be earned."""
    warnings = [
        notice
        for notice in (typical_figure_notice(scenario.factory), green_loan_notice(scenario))
        if notice is not None
    ]
    placeholders = [use for use in defaults if use.figure.is_placeholder]
    if placeholders:
        items = [
            {"key": u.figure.key, "field": u.field, "value": u.figure.value, "unit": u.figure.unit}
            for u in placeholders
        ]
        warnings.append(Notice("placeholder_defaults", {"defaults": items}))
    tariff = scenario.tariff
    if tariff.provisional:
        warnings.append(
            Notice(
                "provisional_tariff",
                {
                    "name": tariff.name or "",
                    "source": " ".join(tariff.source.split()),
                    "source_zh": "".join(tariff.source_zh.split()) or " ".join(tariff.source.split()),
                    "year": tariff.year,
                    "fields": list(tariff.provisional),
                },
            )
        )
    rulebooks = scenario_rulebooks(scenario, rulebook)
    main = next(iter(rulebooks.values()))
    provisional, benchmarks = [], []
    for target in sorted(scenario.targets, key=lambda t: t.year):
        standard = rulebooks[target_rulebook(target.standard, main).id]
        level = standard.level(target.level)
        where = {
            "standard": {lang: standard.standard_in(lang) for lang in LANGUAGES},
            "level": {lang: level.name_in(lang) for lang in LANGUAGES},
            "year": target.year,
        }
        requirements = [r for r in level.active() if r.provisional]
        if requirements:
            texts = [{lang: r.describe(lang) for lang in LANGUAGES} for r in requirements]
            provisional.append({**where, "requirements": texts})
        for requirement in level.active():
            if isinstance(requirement, Intensity) and requirement.benchmark:
                benchmark = requirement.benchmark_used(scenario.factory.production)
                if benchmark is not None and benchmark.provisional:
                    benchmarks.append(
                        {**where, "requirement": {lang: requirement.describe(lang) for lang in LANGUAGES}}
                    )
    if provisional:
        warnings.append(Notice("provisional_targets", {"targets": provisional}))
    if benchmarks:
        warnings.append(Notice("provisional_benchmark", {"targets": benchmarks}))
    return warnings
