"""Coefficient of performance of heat pumps from the temperature lift, and electric boilers.

Each correlation is a module constant with its source and the range of temperature lifts
(sink − source) it was fitted on; a lift outside that range is an input error (give the
option's ``cop`` instead).

- **Industrial (high-temperature) heat pumps**: the power law fitted by Arpagaus et al. (2018)
  on the COPs of market and laboratory high-temperature heat pumps, ``COP = 68.455 · ΔT^-0.76``
  (their data: COP 2.4 to 5.8 at lifts of 95 to 40 K, heat sinks up to 160 degC).
- **Air- and ground-source heat pumps**: the quadratic regressions of Staffell et al. (2012) on
  field and test data, ``COP = a + b ΔT + c ΔT²`` (air: 15-60 K; ground/water: 20-60 K).
- **Electric boilers** (resistance or electrode): heat out per electricity in, 0.99.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CopCorrelation:
    """COP as a function of the temperature lift ΔT [K], with its source and valid range."""

    kind: str
    source: str
    min_lift_k: float
    max_lift_k: float
    max_sink_c: float
    power_law: tuple[float, float] | None = None  # (a, b): COP = a ΔT^b
    quadratic: tuple[float, float, float] | None = None  # (a, b, c): COP = a + b ΔT + c ΔT²

    def cop(self, lift_k: float) -> float:
        """COP at a lift of ``lift_k`` [K] (not checked against the range)."""
        if self.power_law is not None:
            a, b = self.power_law
            return a * lift_k**b
        a, b, c = self.quadratic  # type: ignore[misc]
        return a + b * lift_k + c * lift_k**2


CORRELATIONS: dict[str, CopCorrelation] = {
    "industrial_heat_pump": CopCorrelation(
        kind="industrial_heat_pump",
        source="Arpagaus et al. (2018), High temperature heat pumps: market overview, state of the "
        "art, research status, refrigerants, and application potentials, Energy 152: 985-1010 "
        "(power-law fit of COP on the temperature lift)",
        min_lift_k=25.0,
        max_lift_k=95.0,
        max_sink_c=160.0,
        power_law=(68.455, -0.76),
    ),
    "air_source_heat_pump": CopCorrelation(
        kind="air_source_heat_pump",
        source="Staffell et al. (2012), A review of domestic heat pumps, Energy Environ. Sci. 5: "
        "9291-9306 (air source: 6.81 - 0.121 dT + 0.000630 dT^2)",
        min_lift_k=15.0,
        max_lift_k=60.0,
        max_sink_c=80.0,
        quadratic=(6.81, -0.121, 0.000630),
    ),
    "ground_source_heat_pump": CopCorrelation(
        kind="ground_source_heat_pump",
        source="Staffell et al. (2012), A review of domestic heat pumps, Energy Environ. Sci. 5: "
        "9291-9306 (ground source: 8.77 - 0.150 dT + 0.000734 dT^2)",
        min_lift_k=20.0,
        max_lift_k=60.0,
        max_sink_c=80.0,
        quadratic=(8.77, -0.150, 0.000734),
    ),
}

#: heat out per electricity in of a resistance or electrode boiler [1]
ELECTRIC_BOILER_EFFICIENCY = 0.99
ELECTRIC_BOILER_SOURCE = "typical efficiency of resistance and electrode boilers (99 %); replace with a quote"

#: electric heat options: the heat pumps above and the electric boiler
KINDS = (*CORRELATIONS, "electric_boiler")


def coefficient_of_performance(kind: str, sink_c: float, source_c: float | None) -> float:
    """Heat delivered per unit of electricity of an option [1].

    Parameters
    ----------
    kind
        One of :data:`KINDS`.
    sink_c
        Supply temperature of the heat demand served [degC].
    source_c
        Temperature of the heat source [degC] (ambient air, ground, waste heat); unused for an
        electric boiler.

    Raises
    ------
    ValueError
        When the lift or the sink temperature lies outside the correlation's range.
    """
    if kind == "electric_boiler":
        return ELECTRIC_BOILER_EFFICIENCY
    correlation = CORRELATIONS[kind]
    if source_c is None:
        raise ValueError(f"a {kind} needs 'source_temperature_c' (or give its 'cop')")
    lift = sink_c - source_c
    if sink_c > correlation.max_sink_c:
        raise ValueError(
            f"{kind.replace('_', ' ')}s supply at most {correlation.max_sink_c:g} degC; "
            f"the demand needs {sink_c:g} degC"
        )
    if not correlation.min_lift_k <= lift <= correlation.max_lift_k:
        raise ValueError(
            f"temperature lift {lift:g} K ({source_c:g} -> {sink_c:g} degC) lies outside "
            f"{correlation.min_lift_k:g}-{correlation.max_lift_k:g} K, the range of the {kind} COP "
            f"correlation ({correlation.source.split(',')[0]}); give the option's 'cop'"
        )
    return correlation.cop(lift)
