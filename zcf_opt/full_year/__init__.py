"""Every plan re-checked on the full year: the typical-day plan re-dispatched on all 8,760 hours.

:func:`check_full_year` fixes what a plan builds, solves each year's dispatch as a linear
program (:mod:`zcf_opt.full_year.year_lp`, built from arrays and handed to HiGHS directly, the
years in parallel), and runs the independent accounting and certifier on the result
(:mod:`zcf_opt.full_year.check`).
"""

from zcf_opt.full_year.check import FullYearCheck, attach_full_year_check, check_full_year

__all__ = ["FullYearCheck", "attach_full_year_check", "check_full_year"]
