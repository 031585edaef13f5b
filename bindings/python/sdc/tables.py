# SPDX-License-Identifier: MIT
"""Tables with disclosure checks: :func:`crosstab`, :func:`pivot_table`, :func:`check_table`,
:func:`check_dof`.

Every table is built by the C++ core from the microdata (or from an aggregated table) with all
its margins, and every cell carries the evidence the rules need: unweighted contributors
(records, distinct units, distinct holdings), the largest contributions, negative and missing
values. The rules come from a named profile (``"acro"``, ``"essnet"``, ``"sdctable"``, see
:func:`profile_names`) and any rule setting can be overridden by keyword, using the core's names
(``min_count=5``, ``nk=(2, 85)``, ``p_percent=None``, ...; see :func:`rule_setting_names`).

Layout of :attr:`TableResult.table`: the first spanning variables (``index``) go down the side,
the others (``columns``) across, as in :func:`pandas.crosstab`. Every margin is included and
labelled ``"Total"`` (pandas calls its single grand margin ``"All"``); with several variables on
one axis, the axis is the full product of categories and ``"Total"`` (sub-totals included).
Records whose spanning value is missing form a category ``"(missing)"``, so margins stay the
sums of their cells. ``margins=False`` hides the margins from the DataFrames; the verdicts still
cover them.
"""
from __future__ import annotations

import difflib
import json
import math
from typing import Any, Dict, Hashable, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from . import _columns, _core

_TABLE_DEFAULTS = _core.table_defaults()
#: Label of margins in tables, cells and JSON (the core's).
TOTAL_LABEL: str = _TABLE_DEFAULTS["total_label"]
#: Label of the category of records whose spanning value is missing (the core's).
MISSING_LABEL: str = _TABLE_DEFAULTS["missing_label"]
_DEFAULT_PERCENTILE: float = _TABLE_DEFAULTS["percentile"]
_DEFAULT_PROFILE = "acro"


def profile_names() -> List[str]:
    """Names of the built-in rule profiles (from the core)."""
    return _core.profile_names()


def rule_setting_names() -> List[str]:
    """Names of the rule settings accepted as keyword arguments (from the core)."""
    return [name for name in _core.rule_setting_names() if name != "profile"]


def statistic_names() -> List[str]:
    """Names of the statistics accepted as ``aggfunc`` (from the core)."""
    return _core.statistic_names()


def _setting_text(value: Any) -> str:
    """A Python value in the core's rule-setting syntax: None -> "none", (2, 85) -> "2:85",
    [(2, 85), (3, 90)] -> "2:85, 3:90", True -> "true"."""
    if value is None:
        return "none"
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, Sequence) and value and all(isinstance(v, Sequence) and not isinstance(v, str) for v in value):
        return ", ".join(_setting_text(v) for v in value)
    if isinstance(value, Sequence) and len(value) == 2:
        return f"{_setting_text(value[0])}:{_setting_text(value[1])}"
    _columns._invalid("invalid_argument", f"cannot read the rule setting value {value!r}")
    raise AssertionError  # not reached


def make_rules(profile: str = _DEFAULT_PROFILE, **rule_settings: Any) -> "_core.Rules":
    """The rules of ``profile`` with the given settings overridden (names checked against the
    core's list, with a suggestion for a misspelt name)."""
    known = rule_setting_names()
    for name in rule_settings:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known settings: {', '.join(known)}"
            _columns._invalid("invalid_argument", f"unknown argument or rule setting '{name}'{hint}")
    rules = _core.Rules(profile)
    for name, value in rule_settings.items():
        rules.apply(name, _setting_text(value))
    rules.validate()
    return rules


def rules_dict(rules: "_core.Rules") -> Dict[str, str]:
    """Every setting of ``rules`` (rule-file syntax) and their source, as in the CLI's JSON."""
    out = dict(rules.settings())
    out["source"] = rules.source
    return out


def _json_number(x: float) -> Optional[float]:
    return None if math.isnan(x) else float(x)


class TableResult:
    """A checked table: the table, its verdicts, and what may be published.

    Attributes
    ----------
    status : str
        ``"pass"``, ``"review"`` or ``"fail"``: the verdict of the table as built (every cell,
        margins included).
    published_status : str or None
        With ``suppress=True``: the verdict of the table as published after primary suppression
        (``"review"`` if a margin gives a suppressed cell back); None otherwise.
    """

    def __init__(self, table: "_core.Table", check: "_core.TableCheck", rules: "_core.Rules",
                 n_row_dimensions: int, level_values: List[List[Any]], suppression: Optional[dict],
                 margins: bool, kind: str, call: Dict[str, Any]):
        self._table = table
        self._check = check
        self._rules = rules
        self._n_rows = max(1, min(n_row_dimensions, len(level_values)))
        self._levels = level_values
        self._suppression = suppression
        self.margins = margins
        #: Which function made the table ("crosstab", "pivot_table", "check_table").
        self.kind = kind
        #: The arguments of the call (for the results package).
        self.call = call
        self._cache: Dict[str, Any] = {}

    # -- verdicts -------------------------------------------------------------------------
    @property
    def status(self) -> str:
        return self._check.status

    @property
    def published_status(self) -> Optional[str]:
        return None if self._suppression is None else self._suppression["published_status"]

    @property
    def suppression(self) -> Optional[Dict[str, Any]]:
        """Counts of the primary suppression (None without ``suppress=True``)."""
        return None if self._suppression is None else dict(self._suppression)

    @property
    def n_fail(self) -> int:
        return self._check.n_fail

    @property
    def n_review(self) -> int:
        return self._check.n_review

    @property
    def rules(self) -> Dict[str, str]:
        """The rule settings used (rule-file syntax) and their source."""
        return rules_dict(self._check.rules)

    @property
    def statistic(self) -> str:
        return self._table.statistic

    @property
    def dimensions(self) -> List[str]:
        return [name for name, _ in self._table.dimensions]

    # -- per-cell columns (core order: row-major over the coordinates, margin last) ------------
    def _column(self, key: str):
        if not self._cache:
            columns = _core.table_columns(self._table, self._check, TOTAL_LABEL)
            columns["margin"] = np.array(columns["margin"], dtype=bool)
            columns["suppressed"] = np.array(columns["suppressed"], dtype=bool)
            columns["status"] = np.array(columns["status"], dtype=object)
            # Coordinates from the documented cell order; K_d (the last position) is the margin.
            columns["coords"] = np.stack(np.unravel_index(np.arange(len(self._table)), self._table.shape), axis=1)
            reasons = _core.reason_columns(self._check)
            per_cell: List[List[Tuple[str, str, str]]] = [[] for _ in range(len(self._table))]
            for i, code, level, message in zip(reasons["cell"].tolist(), reasons["code"], reasons["severity"],
                                               reasons["message"]):
                per_cell[i].append((code, level, message))
            columns["reason_list"] = per_cell
            self._cache.update(columns)
        return self._cache[key]

    def _masked(self) -> np.ndarray:
        """Cells never shown in a published table: suppressed or failing."""
        return self._column("suppressed") | (self._column("status") == "fail")

    def _labels(self, d: int) -> List[Any]:
        return list(self._levels[d]) + [TOTAL_LABEL]

    def _grid(self, values: np.ndarray) -> pd.DataFrame:
        shape = self._table.shape
        grid = values.reshape(shape)
        levels = [self._labels(d) for d in range(len(shape))]
        if not self.margins:
            grid = grid[tuple(slice(0, k - 1) for k in shape)]
            levels = [level[:-1] for level in levels]
        names = self.dimensions
        r = self._n_rows
        n_rows = int(np.prod([len(level) for level in levels[:r]]))
        data = grid.reshape(n_rows, -1)
        index = _axis(levels[:r], names[:r])
        if len(levels) > r:
            columns = _axis(levels[r:], names[r:])
        else:
            columns = pd.Index([self._table.value_name or self.statistic])
        return pd.DataFrame(data, index=index, columns=columns)

    @property
    def table(self) -> pd.DataFrame:
        """The table as computed (no cell hidden), in the pandas crosstab layout. Unweighted
        counts are integers. Not for publication when :attr:`status` is not ``"pass"``."""
        values = self._column("value")
        if self.statistic == "count" and not self._table.weighted and self.kind != "check_table":
            values = values.astype(np.int64)
        return self._grid(values)

    @property
    def suppressed_table(self) -> pd.DataFrame:
        """The table as it may be published: NaN in every suppressed or failing cell (their
        values never appear in it)."""
        values = self._column("value").astype(np.float64, copy=True)
        values[self._masked()] = np.nan
        return self._grid(values)

    @property
    def cells(self) -> pd.DataFrame:
        """One row per cell (margins included): coordinates (labels, ``"Total"`` for a margin),
        ``margin``, ``n`` (contributors the threshold counts), ``records``, ``value``, ``status``
        (ok/review/fail), ``reasons`` (codes), ``messages`` (sentences), ``suppressed``.
        This is the checker's view with every value: not for publication."""
        coords = self._column("coords")
        out: Dict[str, Any] = {}
        for d, name in enumerate(self.dimensions):
            out[name] = np.array(self._labels(d), dtype=object)[coords[:, d]]
        out["margin"] = self._column("margin")
        out["n"] = self._column("n")
        out["records"] = self._column("records")
        out["value"] = self._column("value")
        out["status"] = self._column("status")
        reasons = self._column("reason_list")
        out["reasons"] = [tuple(r[0] for r in cell) for cell in reasons]
        out["messages"] = [tuple(r[2] for r in cell) for cell in reasons]
        out["suppressed"] = self._column("suppressed")
        return pd.DataFrame(out)

    def outcome(self) -> pd.DataFrame:
        """Per-cell outcome in the table layout, as ACRO writes it: ``"ok"`` or the reason
        codes each followed by ``"; "``."""
        texts = np.array(["".join(f"{code}; " for code, _, _ in cell) or "ok"
                          for cell in self._column("reason_list")], dtype=object)
        return self._grid(texts)

    def positions(self) -> np.ndarray:
        """(row, column) of every cell in :attr:`table` (-1 for margins hidden by
        ``margins=False``), in the core's cell order."""
        full = self._column("coords").astype(np.int64)
        shape = np.array(self._table.shape)
        if self.margins:
            extent = shape
        else:
            extent = shape - 1
        shown = (full < extent).all(axis=1)
        r = self._n_rows
        rows = np.ravel_multi_index(tuple(np.minimum(full[:, :r], extent[:r] - 1).T), tuple(extent[:r]))
        if len(shape) > r:
            cols = np.ravel_multi_index(tuple(np.minimum(full[:, r:], extent[r:] - 1).T), tuple(extent[r:]))
        else:
            cols = np.zeros(len(full), dtype=np.int64)
        return np.where(shown[:, None], np.stack([rows, cols], axis=1), -1)

    # -- reports ---------------------------------------------------------------------------
    def to_dict(self) -> Dict[str, Any]:
        """The report as a dict with the structure of the CLI's JSON (``sdc table --json``).
        Suppressed cells carry no number (``n`` and ``value`` are null, no evidence)."""
        t = self._table
        report: Dict[str, Any] = {"sdc_version": _core.__version__, "status": self.status}
        if self._suppression is not None:
            report["published_status"] = self._suppression["published_status"]
            report["suppression"] = {k: self._suppression[k] for k in
                                     ("suppressed_cells", "revealing_margins", "recoverable_margins")}
        report["statistic"] = t.statistic
        if t.statistic in ("percentile", "median"):
            report["percentile"] = t.percentile
        report["value"] = t.value_name or None
        report["weighted"] = t.weighted
        report["unit"] = t.unit_name or None
        report["holding"] = t.holding_name or None
        report["dimensions"] = [{"name": name, "labels": list(labels)} for name, labels in t.dimensions]
        report["rules"] = self.rules
        report["counts"] = {"cells": len(t), "fail": self.n_fail, "review": self.n_review}
        coords = self._column("coords")
        shape = t.shape
        labels = self._column("labels")
        values = self._column("value")
        suppressed = self._column("suppressed")
        status = self._column("status")
        margin = self._column("margin")
        reasons = self._column("reason_list")
        evidence = {key: self._column(key) for key in ("n", "records", "units", "holdings", "weighted_count",
                                                       "missing_values", "negative_values", "top1",
                                                       "dominance_total")}
        top = t.top_contributions() if t.statistic != "count" else None
        names = self.dimensions
        cells = []
        for i in range(len(t)):
            cell: Dict[str, Any] = {
                "coords": {name: (None if coords[i, d] == shape[d] - 1 else labels[d][i])
                           for d, name in enumerate(names)},
                "margin": bool(margin[i]),
                "status": status[i],
                "reasons": [{"code": c, "severity": s, "message": m} for c, s, m in reasons[i]],
                "suppressed": bool(suppressed[i]),
            }
            if suppressed[i]:
                cell["n"] = None
                cell["value"] = None
            else:
                cell["n"] = int(evidence["n"][i])
                cell["value"] = _json_number(values[i])
                ev: Dict[str, Any] = {"records": int(evidence["records"][i]), "units": int(evidence["units"][i]),
                                      "holdings": int(evidence["holdings"][i]),
                                      "weighted_count": float(evidence["weighted_count"][i])}
                if top is not None:
                    ev["missing_values"] = int(evidence["missing_values"][i])
                    ev["negative_values"] = int(evidence["negative_values"][i])
                    if not math.isnan(evidence["top1"][i]):  # NaN: the largest contributions are unknown
                        ev["top_contributions"] = list(top[i])
                    if not math.isnan(evidence["dominance_total"][i]):  # NaN: no cell total
                        ev["dominance_total"] = float(evidence["dominance_total"][i])
                cell["evidence"] = ev
            cells.append(cell)
        report["cells"] = cells
        return report

    def to_json(self, indent: Optional[int] = 2) -> str:
        """The report as JSON text, structured as the CLI's ``--json`` output."""
        return json.dumps(self.to_dict(), indent=indent)

    def summary(self) -> str:
        """A readable report: the verdict, the table with marks, and every reason."""
        lines = [f"sdc {self.kind}: {self.statistic}"
                 + (f" of {self._table.value_name}" if self._table.value_name else "")
                 + f" by {' x '.join(self.dimensions)}",
                 f"status: {self.status}  ({self.n_fail} cells fail, {self.n_review} need review, "
                 f"of {len(self._table)}; rules: {self._check.rules.profile})"]
        if self._suppression is not None:
            s = self._suppression
            lines.append(f"after primary suppression: {s['published_status']}  ({s['suppressed_cells']} cells "
                         f"suppressed, {s['revealing_margins']} margins give a suppressed cell back)")
        status = self._column("status")
        suppressed = self._column("suppressed")
        values = self._column("value")
        texts = []
        for i in range(len(values)):
            if suppressed[i]:
                texts.append("x [x]")
                continue
            mark = " [F]" if status[i] == "fail" else " [R]" if status[i] == "review" else ""
            texts.append(_format_value(values[i]) + mark)
        lines += ["", self._grid(np.array(texts, dtype=object)).to_string(), "",
                  "[F] fails  [R] needs review" + ("  [x] suppressed" if self._suppression is not None else "")]
        reasons = [r for cell in self._column("reason_list") for r in cell]
        if reasons:
            lines += ["", "Reasons:"]
            lines += [f"  {'FAIL' if level == 'fail' else 'REVIEW':<6} {code:<24} {message}"
                      for code, level, message in reasons]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()


def _format_value(x: float) -> str:
    if math.isnan(x):
        return "NaN"
    if x == math.floor(x) and abs(x) < 1e15:
        return f"{x:.0f}"
    return f"{x:.4g}"


def _axis(levels: List[List[Any]], names: List[Hashable]) -> pd.Index:
    if len(levels) == 1:
        return pd.Index(levels[0], name=names[0], dtype=object if TOTAL_LABEL in levels[0] else None)
    return pd.MultiIndex.from_product(levels, names=names)


def _level_values(factorized: _columns.Factorized, table_labels: Sequence[str]) -> List[Any]:
    """The values of a spanning variable in table order: its categories, then "(missing)" if the
    core added that category."""
    values = list(factorized.uniques)
    return values + list(table_labels[len(values):])


def _build(df: pd.DataFrame, index: Any, columns: Any, values: Optional[Hashable], aggfunc: str,
           weights: Optional[Hashable], unit: Optional[Hashable], holding: Optional[Hashable],
           margins: bool, profile: str, suppress: bool, percentile: float, kind: str,
           rule_settings: Mapping[str, Any]) -> TableResult:
    _columns.check_frame(df)
    rules = make_rules(profile, **rule_settings)
    rows = _columns.names_of(index)
    cols = _columns.names_of(columns)
    if not rows:
        _columns._invalid("invalid_argument", "index: at least one spanning variable is needed")
    dims = []
    factorized = []
    for name in rows + cols:
        column, f = _columns.categorical(df, name, "spanning")
        dims.append(column)
        factorized.append(f)
    value = _columns.optional_numeric(df, values, "value")
    weight = _columns.optional_numeric(df, weights, "weights")
    table = _core.build_table(dims, [f.labels for f in factorized], rules, value=value, weights=weight,
                              unit=_columns.optional_categorical(df, unit, "unit"),
                              holding=_columns.optional_categorical(df, holding, "holding"),
                              statistic=aggfunc, percentile=float(percentile))
    check = _core.check_table(table, rules)
    suppression = _core.apply_primary_suppression(table, check) if suppress else None
    levels = [_level_values(f, labels) for f, (_, labels) in zip(factorized, table.dimensions)]
    call = {"index": [str(r) for r in rows], "columns": [str(c) for c in cols], "values": values,
            "aggfunc": aggfunc, "weights": weights, "unit": unit, "holding": holding, "margins": margins,
            "profile": profile, "suppress": suppress, "rule_settings": dict(rule_settings)}
    if aggfunc == "percentile":
        call["percentile"] = percentile
    return TableResult(table, check, rules, len(rows), levels, suppression, margins, kind, call)


def crosstab(df: pd.DataFrame, index: Any, columns: Any = None, values: Optional[Hashable] = None,
             aggfunc: str = _TABLE_DEFAULTS["statistic"], weights: Optional[Hashable] = None,
             unit: Optional[Hashable] = None, holding: Optional[Hashable] = None, margins: bool = True,
             profile: str = _DEFAULT_PROFILE, suppress: bool = False,
             percentile: float = _DEFAULT_PERCENTILE, **rule_settings: Any) -> TableResult:
    """Build a table from microdata and check every cell.

    Parameters
    ----------
    df : pandas.DataFrame
        The microdata, one row per record.
    index, columns : column name or list of names
        Spanning variables down the side and across (1 to 4 in all).
    values : column name, optional
        The value variable (needed by every ``aggfunc`` but ``"count"``).
    aggfunc : str
        The statistic: one of :func:`statistic_names` (``"count"``, ``"sum"``, ``"mean"``,
        ``"median"``, ``"percentile"``, ``"min"``, ``"max"``, ``"std"``, ``"var"``, ``"mode"``).
        ``"count"`` counts records (weighted with ``weights``).
    weights : column name, optional
        Sampling weights: the statistics are weighted, the threshold still counts unweighted
        contributors.
    unit : column name, optional
        Unit (person) id: several records of a unit count as one contributor.
    holding : column name, optional
        Holding (employer) id: contributions are summed per holding, which the threshold and
        the dominance rules count.
    margins : bool
        Show the margins (labelled ``"Total"``) in the DataFrames.
    profile : str
        Rule profile (:func:`profile_names`).
    suppress : bool
        Apply primary suppression: mask failing cells, flag margins that give them back
        (:attr:`TableResult.published_status`).
    percentile : float
        The percentile for ``aggfunc="percentile"``.
    **rule_settings
        Rule overrides by the core's names (:func:`rule_setting_names`): ``min_count=5``,
        ``nk=(2, 85)`` or ``nk=[(2, 85), (3, 90)]``, ``p_percent=10`` or ``None``,
        ``pq=(25, 50)``, ``zeros="review"``, ...

    Returns
    -------
    TableResult

    Raises
    ------
    InvalidInputError
        (a ``ValueError``) for unknown columns or settings, mixed-type columns, empty data,
        NaN or negative weights, a bad statistic, ...
    """
    return _build(df, index, columns, values, aggfunc, weights, unit, holding, margins, profile, suppress,
                  percentile, "crosstab", rule_settings)


def pivot_table(df: pd.DataFrame, values: Hashable, index: Any, columns: Any = None, aggfunc: str = "mean",
                weights: Optional[Hashable] = None, unit: Optional[Hashable] = None,
                holding: Optional[Hashable] = None, margins: bool = True, profile: str = _DEFAULT_PROFILE,
                suppress: bool = False, percentile: float = _DEFAULT_PERCENTILE,
                **rule_settings: Any) -> TableResult:
    """A magnitude table of ``values`` (mean by default), checked cell by cell.

    The same as :func:`crosstab` with the value variable first, as in
    :func:`pandas.pivot_table`. One value variable per table.
    """
    if not isinstance(values, Hashable) or isinstance(values, (list, tuple)):
        _columns._invalid("invalid_argument", "pivot_table takes one value variable per table")
    return _build(df, index, columns, values, aggfunc, weights, unit, holding, margins, profile, suppress,
                  percentile, "pivot_table", rule_settings)


def check_table(df: pd.DataFrame, index: Any, columns: Any = None, *, count: Hashable,
                sum: Optional[Hashable] = None, top1: Optional[Hashable] = None,  # noqa: A002
                top2: Optional[Hashable] = None, total_label: str = TOTAL_LABEL,
                profile: str = _DEFAULT_PROFILE, suppress: bool = False, **rule_settings: Any) -> TableResult:
    """Check an aggregated table (one row per cell), as an output checker receives it.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per cell: the spanning variables, the unweighted number of contributors and,
        for magnitude tables, the cell total and the largest two contributions.
    index, columns : column name or list of names
        The spanning variables.
    count : column name
        Unweighted contributors per cell (whole, non-negative).
    sum, top1, top2 : column names, optional
        Cell totals, largest and second largest contribution. Without them the dominance rules
        cannot be evaluated and magnitude cells are ``review`` (never ``pass``).
    total_label : str
        Label of margin rows; margins absent from ``df`` are computed.
    profile, suppress, **rule_settings
        As in :func:`crosstab`.
    """
    _columns.check_frame(df)
    rules = make_rules(profile, **rule_settings)
    rows = _columns.names_of(index)
    cols = _columns.names_of(columns)
    if not rows:
        _columns._invalid("invalid_argument", "index: at least one spanning variable is needed")
    dims, factorized = [], []
    for name in rows + cols:
        column, f = _columns.categorical(df, name, "spanning")
        dims.append(column)
        factorized.append(f)
    table = _core.table_from_aggregates(
        dims, [f.labels for f in factorized], _columns.numeric(df, count, "count"),
        sums=_columns.optional_numeric(df, sum, "sum"), top1=_columns.optional_numeric(df, top1, "top1"),
        top2=_columns.optional_numeric(df, top2, "top2"), total_label=total_label)
    check = _core.check_table(table, rules)
    suppression = _core.apply_primary_suppression(table, check) if suppress else None
    levels = [[v for v, label in zip(f.uniques, f.labels) if label != total_label] for f in factorized]
    call = {"index": [str(r) for r in rows], "columns": [str(c) for c in cols], "count": count, "sum": sum,
            "top1": top1, "top2": top2, "profile": profile, "suppress": suppress,
            "rule_settings": dict(rule_settings)}
    return TableResult(table, check, rules, len(rows), levels, suppression, True, "check_table", call)


class DofResult:
    """Verdict on a model's residual degrees of freedom."""

    def __init__(self, dof: float, verdict: Dict[str, Any], rules: "_core.Rules", model: Any = None):
        #: The residual degrees of freedom checked.
        self.dof = dof
        #: ``"pass"`` or ``"fail"``.
        self.status = "pass" if verdict["status"] == "ok" else verdict["status"]
        #: (code, severity, message) per reason.
        self.reasons: List[Tuple[str, str, str]] = list(verdict["reasons"])
        self._rules = rules
        #: The model checked, when one was given.
        self.model = model

    @property
    def rules(self) -> Dict[str, str]:
        return rules_dict(self._rules)

    def summary(self) -> str:
        lines = [f"sdc check_dof: {self.dof:g} residual degrees of freedom (minimum {self._rules.min_dof}): "
                 f"{self.status}"]
        lines += [f"  {'FAIL' if s == 'fail' else 'REVIEW':<6} {c:<24} {m}" for c, s, m in self.reasons]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()


def check_dof(model_or_dof: Any, profile: str = _DEFAULT_PROFILE, **rule_settings: Any) -> DofResult:
    """Check the residual degrees of freedom of a model (regression coefficients).

    Parameters
    ----------
    model_or_dof : statsmodels results object or number
        A fitted model with ``df_resid`` (statsmodels) or the degrees of freedom themselves.
    profile, **rule_settings
        As in :func:`crosstab`; the threshold is ``min_dof``.
    """
    rules = make_rules(profile, **rule_settings)
    model = None
    if hasattr(model_or_dof, "df_resid"):
        model = model_or_dof
        dof = float(model_or_dof.df_resid)
    elif isinstance(model_or_dof, (int, float, np.integer, np.floating)) and not isinstance(model_or_dof, bool):
        dof = float(model_or_dof)
    else:
        _columns._invalid("type_mismatch", "check_dof needs a fitted model with df_resid (statsmodels) or a "
                                           f"number, got {type(model_or_dof).__name__}")
    return DofResult(dof, _core.check_residual_dof(dof, rules), rules, model)
