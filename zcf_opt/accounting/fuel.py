"""Natural gas after waste-heat recovery, from the measures built and their lives.

- ``gas_use_nm3`` = gas demand − Σ_k gas saving_k · in service_{k,y}
"""

from __future__ import annotations

import numpy as np

from zcf_opt.accounting.ledger import Ledger
from zcf_opt.conventions import service_matrix


def measures_in_service(ledger: Ledger) -> np.ndarray:
    """1 where a measure serves in a year, shape (measure, year) [0/1]."""
    built = ledger.flows["measure_built"].values  # (measure, install year)
    life = ledger.inputs["measure_life_years"].values
    if not len(life):
        return np.zeros((0, len(ledger.years)))
    return np.einsum("myv,mv->my", service_matrix(ledger.years, life), built)


def gas_columns(ledger: Ledger) -> None:
    """Gas use of each year [Nm3]."""
    inputs = ledger.inputs
    saving = inputs["measure_gas_saving_nm3_per_year"].values @ measures_in_service(ledger)
    ledger.table["gas_use_nm3"] = inputs["gas_demand_nm3"].values - saving
