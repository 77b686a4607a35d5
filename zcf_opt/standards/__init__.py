"""Standards as data: rulebooks of boundaries and levels of typed requirements.

A rulebook (:class:`Rulebook`, YAML format 2) names a standard's boundaries (which emissions
count), its named reading options and its levels; a level is a list of typed requirements
(:mod:`zcf_opt.standards.requirements`), each with its threshold, source and provisional flag.
zcf-opt ships five rulebooks (:data:`SHIPPED`); a scenario may use several at once and its own
files. The optimiser turns requirements into constraints (:mod:`zcf_opt.model.requirements`);
the certifier (:mod:`zcf_opt.certify`) checks the recomputed accounting against the same
rulebooks with code of its own.
"""

from zcf_opt.standards.boundaries import EMISSION_SOURCES, Boundary
from zcf_opt.standards.library import (
    DEFAULT_STANDARD,
    SHIPPED,
    find_rulebook,
    load_rulebook,
    read_rulebook_file,
    scenario_rulebooks,
    scenario_standard_problems,
    shipped_rulebooks,
)
from zcf_opt.standards.requirements import REQUIREMENT_TYPES
from zcf_opt.standards.rulebook import Level, LevelRule, Rulebook, RulebookOption

__all__ = [
    "DEFAULT_STANDARD",
    "EMISSION_SOURCES",
    "REQUIREMENT_TYPES",
    "SHIPPED",
    "Boundary",
    "Level",
    "LevelRule",
    "Rulebook",
    "RulebookOption",
    "find_rulebook",
    "load_rulebook",
    "read_rulebook_file",
    "scenario_rulebooks",
    "scenario_standard_problems",
    "shipped_rulebooks",
]
