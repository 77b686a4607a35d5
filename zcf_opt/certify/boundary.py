"""Boundary emissions from the accounting columns (the certifier's own sum).

E = Σ_s c_s · source_s, with the sources of :data:`zcf_opt.standards.EMISSION_SOURCES`
read from the annual accounting: scope1_process, scope1_other = scope1 − process,
scope2_location, scope2_market, scope2_market_without_certificates, scope3_transport,
scope3_purchased_goods, scope3_other = scope3 − transport − purchased goods  [tCO2e]
"""

from __future__ import annotations

from collections.abc import Mapping

from zcf_opt.standards.boundaries import EMISSION_SOURCES


def source_values(row: Mapping[str, float]) -> dict[str, float]:
    """Each emission source of one year of the accounting [tCO2e]."""
    direct = {s: float(row[f"{s}_tco2e"]) for s in EMISSION_SOURCES if f"{s}_tco2e" in row}
    direct["scope1_other"] = float(row["scope1_tco2e"]) - direct["scope1_process"]
    direct["scope3_other"] = (
        float(row["scope3_tco2e"]) - direct["scope3_transport"] - direct["scope3_purchased_goods"]
    )
    return direct


def boundary_emissions(sources: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Σ_s c_s · source_s [tCO2e]."""
    return sum(weights[s] * sources[s] for s in EMISSION_SOURCES if weights[s])
