"""The validated scenario and factory-model schema (pydantic, unknown keys rejected)."""

from zcf_opt.schema.common import Trajectory, trajectory_values
from zcf_opt.schema.factory import FactoryModel
from zcf_opt.schema.scenario import Scenario, Target

__all__ = ["FactoryModel", "Scenario", "Target", "Trajectory", "trajectory_values"]
