"""Hand a built Pyomo model to HiGHS as arrays, and keep HiGHS in step with it between solves.

The hand-off
------------
Every active constraint becomes one row and every variable it uses one column: rows in the
order ``component_data_objects`` lists the constraints, columns in the order the variables are
first used (variables only the objective uses come last). Each row's linear form is read with
Pyomo's ``LinearRepnVisitor`` (the engine of its LP writer and standard-form compiler; a row
between two variables, ``x ≤ y`` or ``x = y``, straight from its two arguments, giving the same
row), and the whole model goes to HiGHS in one ``passModel`` call as a row-wise sparse matrix:
the time it takes is proportional to writing the model, with no per-row calls into HiGHS.

A row ``lower ≤ body ≤ upper`` with ``body = Σ_j a_j x_j + c`` is passed as

    lower − c ≤ Σ_j a_j x_j ≤ upper − c                    (an absent bound is ±inf)

Fixed variables stay columns, with both bounds at their value, so they can be unfixed later.

Between solves (the contract)
-----------------------------
After a solve, a caller may, on the same model:

- change the values of mutable Params, wherever they appear (a coefficient, a constant, a
  constraint's bounds, the objective, a variable's bounds);
- fix a variable (``var.fix(value)``), unfix it, or change its bounds or domain;

and solve again with the same :class:`HighsModel` (``solve_model(model, options,
solver=session.solver)``). :meth:`HighsModel.update` then passes on only what changed: the
rows and objective coefficients that depend on a changed Param (found once, on the first
such change, by walking the constraints for mutable Params; recomputed from the model and
sent with ``changeCoeff`` / ``changeRowsBounds`` / ``changeColsCost``, or, beyond
:data:`REPASS_COEFFICIENTS` changed coefficients, passed as a new model that keeps the basis)
and the columns whose bounds or integrality differ (``changeColsBounds`` /
``changeColsIntegrality``). Any other change (a constraint added, removed, activated,
deactivated or given a new expression, another objective) makes it hand the whole model over
again.

A new :class:`HighsModel` may be offered another's last basis (:meth:`HighsModel.offer`, used by
:mod:`zcf_opt.session` for the next sample of a sensitivity study or the other loan rate): when
both have the same rows, columns and integrality, HiGHS starts from it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np
import pyomo.core as pyo
from pyomo.common.gc_manager import PauseGC
from pyomo.core.base.var import ScalarVar, VarData
from pyomo.core.expr.relational_expr import EqualityExpression, InequalityExpression
from pyomo.core.expr.visitor import identify_mutable_parameters
from pyomo.repn.linear import LinearRepnVisitor

INF = highspy.kHighsInf

#: HiGHS ``MatrixFormat.kRowwise``
_ROWWISE = 2

#: changed coefficients above which a re-solve passes the whole model again (with its basis)
REPASS_COEFFICIENTS = 2000

#: relations and variable classes of the rows read without the visitor
_RELATIONS = (InequalityExpression, EqualityExpression)
_VARIABLES = (VarData, ScalarVar)


class _FirstUse:
    """Column recorder for ``LinearRepnVisitor``: a variable becomes a column where first used."""

    def __init__(self) -> None:
        self.var_map: dict[int, Any] = {}
        self.column: dict[int, int] = {}

    def add(self, var: Any) -> None:
        key = id(var)
        if key not in self.column:
            self.column[key] = len(self.column)
            self.var_map[key] = var


@dataclass
class _Rows:
    """Linear rows in compressed row form."""

    start: list[int] = field(default_factory=lambda: [0])
    index: list[int] = field(default_factory=list)
    value: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    #: positions of the rows between two variables (no Params in them)
    plain: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Start:
    """A basis to start from, with the shape of the model it belongs to (:meth:`HighsModel.offer`)."""

    rows: int
    integrality: np.ndarray
    sense: int
    basis: Any  # highspy.HighsBasis
    runs: int
    #: the donor's rows (row-wise start, index, value; lower, upper) and costs, to tell what differs
    matrix: tuple[np.ndarray, ...] = ()
    cost: np.ndarray | None = None

    def fits(self, model: HighsModel) -> bool:
        """Whether ``model`` (compiled) has the shape of the basis's model.

        The same numbers of rows and columns, integrality and sense: a model built from the
        same structure with other figures, whose columns come in the same order (a column is
        placed where its variable is first met, whether its coefficient there is zero or not).
        """
        return (
            self.sense == model._sense()
            and self.rows == len(model.constraints)
            and np.array_equal(self.integrality, model._integrality)
        )

    def changes(self, model: HighsModel) -> set[str]:
        """What ``model`` (compiled, of the same shape) changes against the basis's model:
        ``"cost"`` (objective coefficients) and ``"rows"`` (coefficients or row bounds)."""
        ours = (model._row_start, model._row_index, model._row_value, model._row_lower, model._row_upper)
        same_rows = all(np.array_equal(a, b) for a, b in zip(self.matrix, ours, strict=True))
        same_cost = np.array_equal(self.cost, model._cost)
        return {kind for kind, same in (("rows", same_rows), ("cost", same_cost)) if not same}


def _bound(value: Any, constant: float, missing: float) -> float:
    return missing if value is None else float(value) - constant


class HighsModel:
    """A Pyomo model held by HiGHS.

    Parameters
    ----------
    model
        A built, linear Pyomo model with one active objective.

    Attributes
    ----------
    highs
        The ``highspy.Highs`` object that holds the model.
    columns
        The Pyomo variables, in column order.
    """

    def __init__(self, model: pyo.ConcreteModel) -> None:
        self.model = model
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        self.columns: list[Any] = []
        self._handed_over = False
        #: read rows between two variables without the visitor (the same rows, faster)
        self.shortcut = True
        #: HiGHS runs on this model so far (a later run starts from the basis they leave)
        self.runs = 0
        self._start: _Start | None = None
        #: the basis of the last LP relaxation solved to optimality (see :mod:`zcf_opt.solve`)
        self.relaxation_basis: Any = None
        #: HiGHS's solution of the last MIP run with a plan (a later relaxation starts from it)
        self.mip_solution: Any = None
        #: what changed since HiGHS's last run on this model, besides bounds and integrality:
        #: ``"cost"``, ``"rows"``, or ``"model"`` (a model handed over without a basis)
        self.changed: set[str] = {"model"}
        #: HiGHS ``simplex_strategy`` of the last LP relaxation solved (see :mod:`zcf_opt.solve`)
        self.last_simplex: int | None = None

    def sync(self) -> None:
        """Hand the model over on first use; afterwards pass on what changed (:meth:`update`)."""
        with PauseGC():  # many short-lived objects, no garbage cycles (as Pyomo's writers do)
            if self._handed_over:
                self.update()
            else:
                self._hand_over()

    # -- the whole model ---------------------------------------------------------------------

    def _hand_over(self) -> None:
        """Compile the whole model and pass it to HiGHS."""
        model = self.model
        self.constraints = list(model.component_data_objects(pyo.Constraint, active=True, descend_into=True))
        objectives = list(model.component_data_objects(pyo.Objective, active=True, descend_into=True))
        if len(objectives) != 1:
            raise ValueError(f"expected one active objective, found {len(objectives)}")
        self.objective = objectives[0]
        self._expressions = [con.expr for con in self.constraints]
        self._objective_expression = self.objective.expr
        self._recorder = _FirstUse()
        fixed = [v for v in model.component_data_objects(pyo.Var, descend_into=True) if v.fixed]
        for var in fixed:  # read fixed variables as columns; their bounds hold them
            var.unfix()
        try:
            rows = self._compile_rows(range(len(self.constraints)))
            cost, offset = self._compile_objective()
        finally:
            for var in fixed:
                var.fix()
        self.columns = list(self._recorder.var_map.values())
        full_cost = np.zeros(len(self.columns))
        full_cost[: len(cost)] = cost
        lower, upper, integrality = self._column_state()
        self._row_lower = np.array(rows.lower, dtype=np.float64)
        self._row_upper = np.array(rows.upper, dtype=np.float64)
        self._cost, self._offset = full_cost, offset
        self._col_lower, self._col_upper, self._integrality = lower, upper, integrality
        self._row_start = np.array(rows.start, dtype=np.int32)
        self._row_index = np.array(rows.index, dtype=np.int32)
        self._row_value = np.array(rows.value, dtype=np.float64)
        self._changed_rows: dict[int, dict[int, float]] = {}
        self._plain_rows = set(rows.plain)
        self._pass_model()
        start, self._start = self._start, None
        self.changed = {"model"}
        if start is not None and start.fits(self):
            self.highs.setBasis(start.basis)
            self.runs = max(self.runs, start.runs)
            self.changed = start.changes(self)
        self._params = _mutable_params(model)
        self._param_values = [p.value for p in self._params]
        self._rows_of_param: dict[int, list[int]] | None = None
        self._params_in_objective: set[int] | None = None
        self._handed_over = True

    def _sense(self) -> int:
        return 1 if self.objective.sense == pyo.minimize else -1

    def _pass_model(self, start: Any = None, index: Any = None, value: Any = None) -> None:
        """Pass the compiled model (or these rows, row-wise) to HiGHS in one call."""
        if start is None:
            start, index, value = self._row_start, self._row_index, self._row_value
        status = self.highs.passModel(
            len(self.columns),
            len(self.constraints),
            len(value),
            _ROWWISE,
            self._sense(),
            self._offset,
            self._cost,
            self._col_lower,
            self._col_upper,
            self._row_lower,
            self._row_upper,
            start,
            index,
            value,
            self._integrality,
        )
        if status == highspy.HighsStatus.kError:
            raise RuntimeError("HiGHS refused the model")

    def offer(self, donor: HighsModel) -> None:
        """Start this model, at its hand-over, from the basis of ``donor``'s last HiGHS run
        (from its last LP relaxation when that run was a MIP, which leaves no basis).

        Used when both have the same shape (:meth:`_Start.fits`; e.g. the model of the next
        sample of a sensitivity study: other prices, the same plant; or the same plan at the
        other loan rate): HiGHS then starts from that basis, and the first
        solve is solved as a re-solve (the LP relaxation first, see :mod:`zcf_opt.solve`).
        ``donor`` is left as it is. The basis is copied now, so ``donor`` may be solved again
        meanwhile; a model of another shape ignores it.
        """
        if not donor._handed_over or not donor.runs:
            return
        basis = donor.highs.getBasis()
        if not basis.valid:  # a MIP run leaves none: the basis of its LP relaxation, if solved
            basis = donor.relaxation_basis
        if basis is not None and basis.valid:
            matrix = (*donor._current_matrix(), donor._row_lower.copy(), donor._row_upper.copy())
            shape = (len(donor.constraints), donor._integrality, donor._sense())
            self._start = _Start(*shape, basis, donor.runs, matrix, donor._cost)

    def _visitor(self) -> LinearRepnVisitor:
        return LinearRepnVisitor({}, var_recorder=self._recorder)

    def _compile_rows(self, positions: Any) -> _Rows:
        """Linear form of the constraints at ``positions`` (fixed variables read as columns).

        With :attr:`shortcut`, a row ``x ≤ y`` or ``x = y`` between two variables (more than half
        the rows: capacity limits, peaks) is read from its two arguments, as the visitor would
        read it (``x − y``, in that order), ten times faster.
        """
        shortcut = self.shortcut
        visitor = self._visitor()
        recorder = self._recorder
        column = recorder.column
        rows = _Rows()
        for k in positions:
            con = self.constraints[k]
            expr = con.expr
            if shortcut and expr.__class__ in _RELATIONS and len(expr.args) == 2:
                left, right = expr.args
                if left.__class__ in _VARIABLES and right.__class__ in _VARIABLES:
                    recorder.add(left)
                    recorder.add(right)
                    if left is not right:
                        rows.index.extend((column[id(left)], column[id(right)]))
                        rows.value.extend((1.0, -1.0))
                    rows.start.append(len(rows.value))
                    rows.lower.append(0.0 if expr.__class__ is EqualityExpression else -INF)
                    rows.upper.append(0.0)
                    rows.plain.append(k)
                    continue
            lower, body, upper = con.to_bounded_expression(evaluate_bounds=True)
            repn = visitor.walk_expression(body)
            if repn.nonlinear is not None:
                raise ValueError(f"constraint {con.name} is not linear")
            constant = float(repn.constant)
            rows.index.extend(map(column.__getitem__, repn.linear))
            rows.value.extend(repn.linear.values())
            rows.start.append(len(rows.value))
            rows.lower.append(_bound(lower, constant, -INF))
            rows.upper.append(_bound(upper, constant, INF))
        return rows

    def _compile_objective(self) -> tuple[np.ndarray, float]:
        """Objective coefficients (by column, as far as the columns go) and constant."""
        repn = self._visitor().walk_expression(self.objective.expr)
        if repn.nonlinear is not None:
            raise ValueError("the objective is not linear")
        column = self._recorder.column
        cost = np.zeros(len(column))
        for key, coefficient in repn.linear.items():
            cost[column[key]] += coefficient
        return cost, float(repn.constant)

    def _column_state(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Bounds and integrality of every column (a fixed variable is held at its value)."""
        n = len(self.columns)
        lower, upper = np.empty(n), np.empty(n)
        integrality = np.zeros(n, dtype=np.int32)
        for j, var in enumerate(self.columns):
            if var.fixed:
                lower[j] = upper[j] = var.value
            else:
                lb, ub = var.bounds
                lower[j] = -INF if lb is None else lb
                upper[j] = INF if ub is None else ub
            if var.is_integer():
                integrality[j] = 1
        return lower, upper, integrality

    # -- between solves ----------------------------------------------------------------------

    def update(self) -> None:
        """Pass on what changed in the model since the last hand-off (see the module docstring)."""
        model = self.model
        constraints = list(model.component_data_objects(pyo.Constraint, active=True, descend_into=True))
        objectives = list(model.component_data_objects(pyo.Objective, active=True, descend_into=True))
        same_rows = len(constraints) == len(self.constraints) and all(
            a is b and a.expr is e
            for a, b, e in zip(constraints, self.constraints, self._expressions, strict=True)
        )
        same_objective = len(objectives) == 1 and objectives[0] is self.objective
        if not (same_rows and same_objective and self.objective.expr is self._objective_expression):
            self._hand_over()
            return
        values = [p.value for p in self._params]
        changed = {
            id(p) for p, old, new in zip(self._params, self._param_values, values, strict=True) if old != new
        }
        fixed = [v for v in self.columns if v.fixed]
        for var in fixed:
            var.unfix()
        try:
            if changed:
                self._update_rows(changed)
        finally:
            for var in fixed:
                var.fix()
        self._param_values = values
        self._update_columns()

    def _find_param_uses(self) -> None:
        """Which rows, and whether the objective, use each mutable Param (walked once)."""
        rows: dict[int, list[int]] = defaultdict(list)
        for k, con in enumerate(self.constraints):
            if k in self._plain_rows:  # between two variables: no Param in it
                continue
            for param in identify_mutable_parameters(con.expr):
                rows[id(param)].append(k)
        self._rows_of_param = dict(rows)
        self._params_in_objective = {id(p) for p in identify_mutable_parameters(self.objective.expr)}

    def _update_rows(self, changed: set[int]) -> None:
        if self._rows_of_param is None:
            self._find_param_uses()
        positions = sorted({k for key in changed for k in self._rows_of_param.get(key, [])})
        if positions:
            rows = self._compile_rows(positions)
            changes = []
            for n, k in enumerate(positions):
                old = self._row_coefficients(k)
                new = dict(
                    zip(
                        rows.index[rows.start[n] : rows.start[n + 1]],
                        rows.value[rows.start[n] : rows.start[n + 1]],
                        strict=True,
                    )
                )
                changes.extend(
                    (k, j, new.get(j, 0.0))
                    for j in old.keys() | new.keys()
                    if old.get(j, 0.0) != new.get(j, 0.0)
                )
                self._changed_rows[k] = new
            self.changed.add("rows")
            index = np.array(positions, dtype=np.int32)
            self._row_lower[index] = rows.lower
            self._row_upper[index] = rows.upper
            if len(changes) > REPASS_COEFFICIENTS:
                self._pass_again()
            else:
                for k, j, value in changes:
                    self.highs.changeCoeff(k, j, value)
                self.highs.changeRowsBounds(len(index), index, self._row_lower[index], self._row_upper[index])
        if changed & self._params_in_objective:
            cost, offset = self._compile_objective()
            full_cost = np.zeros(len(self.columns))
            full_cost[: len(cost)] = cost
            moved = np.flatnonzero(full_cost != self._cost).astype(np.int32)
            if len(moved):
                self.changed.add("cost")
                self.highs.changeColsCost(len(moved), moved, full_cost[moved])
            if offset != self._offset:
                self.highs.changeObjectiveOffset(offset)
            self._cost, self._offset = full_cost, offset

    def _pass_again(self) -> None:
        """Pass the model as it now stands to HiGHS in one call, then the basis it held.

        HiGHS changes one coefficient at a time (about 20 µs each); a requirement row whose
        share changes has a coefficient for every hour, so many changed coefficients go faster
        as a new model started from the same basis (the rows and columns are the same).
        """
        basis = self.highs.getBasis()
        self._pass_model(*self._current_matrix())
        if basis.valid:
            self.highs.setBasis(basis)

    def _current_matrix(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The compiled rows with the rows changed since (:attr:`_changed_rows`), row-wise."""
        start, index, value = self._row_start, self._row_index, self._row_value
        if not self._changed_rows:
            return start, index, value
        counts = np.diff(start)
        lengths = counts.copy()
        for k, row in self._changed_rows.items():
            lengths[k] = len(row)
        new_start = np.zeros(len(counts) + 1, dtype=np.int32)
        np.cumsum(lengths, out=new_start[1:])
        new_index = np.empty(new_start[-1], dtype=np.int32)
        new_value = np.empty(new_start[-1], dtype=np.float64)
        row_of = np.repeat(np.arange(len(counts)), counts)
        kept = np.ones(len(counts), dtype=bool)
        kept[list(self._changed_rows)] = False
        keep = kept[row_of]
        target = new_start[row_of[keep]] + (np.arange(len(index)) - start[row_of])[keep]
        new_index[target] = index[keep]
        new_value[target] = value[keep]
        for k, row in self._changed_rows.items():
            new_index[new_start[k] : new_start[k + 1]] = list(row)
            new_value[new_start[k] : new_start[k + 1]] = list(row.values())
        return new_start, new_index, new_value

    def _row_coefficients(self, k: int) -> dict[int, float]:
        if k in self._changed_rows:
            return self._changed_rows[k]
        start, end = self._row_start[k], self._row_start[k + 1]
        return dict(
            zip(self._row_index[start:end].tolist(), self._row_value[start:end].tolist(), strict=True)
        )

    def _update_columns(self) -> None:
        lower, upper, integrality = self._column_state()
        moved = np.flatnonzero((lower != self._col_lower) | (upper != self._col_upper)).astype(np.int32)
        if len(moved):
            self.highs.changeColsBounds(len(moved), moved, lower[moved], upper[moved])
        kinds = np.flatnonzero(integrality != self._integrality).astype(np.int32)
        if len(kinds):
            self.highs.changeColsIntegrality(len(kinds), kinds, integrality[kinds])
        self._col_lower, self._col_upper, self._integrality = lower, upper, integrality

    # -- after a solve -----------------------------------------------------------------------

    @property
    def integer_columns(self) -> np.ndarray:
        """Positions of the integer columns [column index]."""
        return np.flatnonzero(self._integrality).astype(np.int32)

    def set_integrality(self, relaxed: bool) -> None:
        """Solve the integer columns as continuous (``relaxed``), or as the model declares them."""
        index = self.integer_columns
        kinds = np.zeros(len(index), dtype=np.int32) if relaxed else self._integrality[index]
        self.highs.changeColsIntegrality(len(index), index, kinds)

    def load_solution(self, values: Any = None) -> None:
        """Give every free variable its value in ``values`` (by column; default HiGHS's solution)."""
        values = self.highs.getSolution().col_value if values is None else values
        for var, x in zip(self.columns, values, strict=True):
            if not var.fixed:
                var.set_value(x, skip_validation=True)


def _mutable_params(model: pyo.ConcreteModel) -> list[Any]:
    """Every mutable Param value object of ``model``."""
    return [
        data
        for param in model.component_objects(pyo.Param, descend_into=True)
        if param.mutable
        for data in param.values()
    ]
