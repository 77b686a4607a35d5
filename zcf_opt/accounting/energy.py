"""Electricity: the hourly balance check, annual energy flows and the renewable share.

- ``electricity_demand_mwh`` = Σ (demand − measure saving + electric heat) / 1000
- ``pv_self_consumed_mwh``   = Σ (generation − export − curtailed) / 1000
- ``re_share``               = (pv_self_consumed + green_power + gec) / (grid_import + pv_self_consumed)
- ``billed_demand_kw``       = max over the year of (import + the hour's 15-minute excess)
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from zcf_opt.accounting.ledger import Ledger

#: largest hourly imbalance accepted before the accounting refuses a solution [kWh]
BALANCE_TOLERANCE_KWH = 1e-3

#: flows that bring energy to the site's bus, and flows that take it away [kW = kWh in the hour]
SUPPLY_FLOWS = ("grid_import_kw", "pv_generation_kw", "battery_discharge_kw")
USE_FLOWS = (
    "pv_export_kw",
    "pv_curtailed_kw",
    "battery_charge_kw",
    "battery_auxiliary_kw",
    "heat_electricity_kw",
)


def balance_residual_kw(flows: xr.Dataset) -> xr.DataArray:
    """Supply minus use in every hour [kWh]; zero when the electricity balance closes."""
    supply = sum(flows[name] for name in SUPPLY_FLOWS)
    use = sum(flows[name] for name in USE_FLOWS)
    return supply - use - (flows["demand_kw"] - flows["measure_saving_kw"])


def check_balance(ledger: Ledger) -> None:
    """Raise ``ValueError`` when the hourly balance is off by more than the tolerance."""
    imbalance = float(np.abs(balance_residual_kw(ledger.flows)).max())
    if imbalance > BALANCE_TOLERANCE_KWH:
        raise ValueError(f"the electricity balance does not close: {imbalance:.6f} kWh off in one hour")


#: a flow below this counts as zero when checking that storage never feeds the grid [kW]
FEED_BACK_TOLERANCE_KW = 1e-3


def feed_back_hours(flows: xr.Dataset) -> xr.DataArray:
    """True in every hour with battery discharge and export both above 1 W."""
    return (flows["battery_discharge_kw"] > FEED_BACK_TOLERANCE_KW) & (
        flows["pv_export_kw"] > FEED_BACK_TOLERANCE_KW
    )


def check_no_feed_back(ledger: Ledger) -> None:
    """Raise ``ValueError`` when the battery discharges in an hour in which the site exports."""
    hours = int(feed_back_hours(ledger.flows).sum())
    if hours:
        raise ValueError(f"the battery discharges while the site exports in {hours} hour(s)")


def electricity_columns(ledger: Ledger) -> None:
    """Annual electricity flows [MWh], the peak and billed imports [kW] and the renewable share [1]."""
    check_balance(ledger)
    check_no_feed_back(ledger)
    flows, out = ledger.flows, ledger.table
    generation = ledger.annual_mwh(flows["pv_generation_kw"])
    export = ledger.annual_mwh(flows["pv_export_kw"])
    curtailed = ledger.annual_mwh(flows["pv_curtailed_kw"])
    grid_import = ledger.annual_mwh(flows["grid_import_kw"])
    self_consumed = generation - export - curtailed
    green = flows["green_power_mwh"].values
    gec = flows["gec_mwh"].values
    out["electricity_demand_mwh"] = ledger.annual_mwh(
        flows["demand_kw"] - flows["measure_saving_kw"] + flows["heat_electricity_kw"]
    )
    out["measure_saving_mwh"] = ledger.annual_mwh(flows["measure_saving_kw"])
    out["pv_generation_mwh"] = generation
    out["pv_self_consumed_mwh"] = self_consumed
    out["pv_export_mwh"] = export
    out["pv_curtailed_mwh"] = curtailed
    out["battery_charge_mwh"] = ledger.annual_mwh(flows["battery_charge_kw"])
    out["battery_discharge_mwh"] = ledger.annual_mwh(flows["battery_discharge_kw"])
    out["battery_auxiliary_mwh"] = ledger.annual_mwh(flows["battery_auxiliary_kw"])
    out["grid_import_mwh"] = grid_import
    out["peak_import_kw"] = flows["grid_import_kw"].max(("period", "hour")).values
    # the demand charge bills the highest 15-minute import: the hour's import plus the load's
    # spike above its hourly mean in that hour
    out["billed_demand_kw"] = (
        (flows["grid_import_kw"] + ledger.inputs["demand_peak_excess_kw"]).max(("period", "hour")).values
    )
    out["green_power_mwh"] = green
    out["gec_mwh"] = gec
    consumption = grid_import + self_consumed
    with np.errstate(invalid="ignore", divide="ignore"):
        out["re_share"] = np.where(consumption > 0, (self_consumed + green + gec) / consumption, 1.0)
