"""Efficiency programmes (section ``efficiency`` of a factory model): generic saving measures.

A programme saves a share of a named load (the whole plant's electricity, an end use, a motor
fleet or a heat demand), or a stated MWh/yr of electricity, or Nm3/yr of gas. Figures it does
not give come from the catalogue (:mod:`zcf_opt.programmes`), marked typical.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from zcf_opt.programmes import programmes
from zcf_opt.schema.common import Fraction, StrictModel
from zcf_opt.schema.finance import EnergyPerformanceContract

SavingProfile = Literal["electricity_load", "flat", "one_shift", "two_shift", "three_shift"]


class EfficiencyProgramme(StrictModel):
    """One efficiency measure: what it saves, what it costs, how long it lasts."""

    name: str = Field(description="Measure name, e.g. 'led_lighting'.")
    programme: str | None = Field(
        None,
        description="Catalogue programme (data/efficiency.yaml: 'ems', 'compressed_air_system', "
        "'vsd_pumps_and_fans', 'led_lighting', 'oven_insulation') whose TYPICAL figures fill what "
        "is not given here.",
    )
    of: str = Field(
        "electricity",
        description="What it saves on: 'electricity' (the whole plant), an end use of "
        "'electricity_end_uses', a motor fleet name, or a heat demand name.",
    )
    saving_share: Fraction | None = Field(None, description="Share of that load saved [1].")
    saving_mwh_per_year: float | None = Field(
        None, gt=0, description="Electricity saved in the first year [MWh/yr] (instead of a share)."
    )
    saving_gas_nm3_per_year: float | None = Field(
        None, gt=0, description="Gas saved in the first year [Nm3/yr] ('of' names the heat demand)."
    )
    capex_cny: float | None = Field(
        None, ge=0, description="Cost [CNY]; default: catalogue cost per MWh saved."
    )
    life_years: int | None = Field(None, ge=1, le=40, description="Service life [yr]; default: catalogue.")
    fixed_om_cny_per_year: float | None = Field(None, ge=0, description="O&M [CNY/yr]; default: catalogue.")
    profile: SavingProfile = Field(
        "electricity_load",
        description="Hourly shape of an electricity saving: the plant's load, 'flat' or a shift pattern.",
    )
    exclusive_group: str | None = Field(
        None, description="Measures sharing a group are alternatives (at most one is built)."
    )
    epc: EnergyPerformanceContract | None = Field(
        None, description="Also offer it under an energy-performance contract (no capex, shared savings)."
    )

    @model_validator(mode="after")
    def _complete(self) -> EfficiencyProgramme:
        given = [
            n for n in ("saving_share", "saving_mwh_per_year", "saving_gas_nm3_per_year") if getattr(self, n)
        ]
        if len(given) > 1:
            raise ValueError(
                f"give one of saving_share, saving_mwh_per_year, saving_gas_nm3_per_year, not {given}"
            )
        if self.programme is None:
            missing = [n for n in ("capex_cny", "life_years") if getattr(self, n) is None]
            if not given:
                missing.insert(0, "a saving (saving_share, saving_mwh_per_year or saving_gas_nm3_per_year)")
            if missing:
                raise ValueError(f"without a catalogue 'programme', give {', '.join(missing)}")
        elif self.programme not in programmes():
            raise ValueError(f"unknown programme '{self.programme}', expected one of {sorted(programmes())}")
        return self

    @property
    def typical_fields(self) -> list[str]:
        """Fields filled from the catalogue (typical figures)."""
        if self.programme is None:
            return []
        names = ["saving_share", "capex_cny", "life_years", "fixed_om_cny_per_year"]
        given_saving = any(
            getattr(self, n) is not None
            for n in ("saving_share", "saving_mwh_per_year", "saving_gas_nm3_per_year")
        )
        return [n for n in names if getattr(self, n) is None and not (n == "saving_share" and given_saving)]
