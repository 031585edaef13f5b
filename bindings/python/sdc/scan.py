# SPDX-License-Identifier: MIT
"""Scans of key variables: :func:`scan_combinations` (mu-ARGUS's unsafe combinations) and
:func:`trajectory_unicity` (unicity of trajectories in panel data).

Definitions are the core's (docs/population.md): for keys X1..Xp, every subset of d <= m
variables is a *combination* of dimension d; its *cells* are the value tuples present in the
data, and a cell is *unsafe* when its count is below the threshold of its dimension. Every
default below is read from the core at import time.
"""
from __future__ import annotations

from typing import Any, Dict, Hashable, List, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _columns, _core

_SCAN = _core.combination_scan_defaults()
_UNICITY = _core.trajectory_unicity_defaults()


class CombinationScanResult:
    """Unsafe combinations of key variables.

    Attributes
    ----------
    combinations : pandas.DataFrame
        One row per unsafe combination (and per safe one with ``include_safe_combinations``), by
        dimension then lexicographically: ``combination`` (the variables joined by " x "),
        ``variables`` (tuple of names), ``dimension``, ``threshold``, ``cells`` (non-empty
        cells), ``unsafe_cells`` (all of them, listed or not), ``records_in_unsafe_cells``,
        ``cells_truncated`` (more unsafe cells than ``max_listed_cells``).
    cells : pandas.DataFrame
        One row per listed unsafe cell, smallest counts first within a combination:
        ``combination`` (its row in :attr:`combinations`), ``variables``, one column per key
        variable with the cell's value (None for a variable not in the combination, NaN for a
        missing value), ``count``, ``first_record`` (index label of the cell's first record).
    per_record : pandas.DataFrame
        Aligned to the data's index: ``unsafe_combinations`` (number of unsafe combinations in
        whose unsafe cells the record lies) and ``unsafe`` (that number is not 0).
    variables : pandas.DataFrame
        Per key variable (index) and dimension d: ``unsafe_combinations_<d>`` and
        ``unsafe_cells_<d>`` involving the variable (the table mu-ARGUS shows).
    summary : dict
        ``n_records``, ``max_dimension``, and per dimension (lists, index d-1) ``thresholds``,
        ``combinations_scanned``, ``unsafe_combinations``, ``unsafe_cells``;
        ``records_affected`` (records in at least one unsafe cell).
    """

    def __init__(self, r: Dict[str, Any], names: List[Hashable], uniques: List[pd.Index], index: pd.Index):
        combos = [tuple(names[v] for v in variables) for variables in r["combination_variables"]]
        self.combinations = pd.DataFrame({
            "combination": [" x ".join(str(n) for n in c) for c in combos],
            "variables": combos,
            "dimension": np.array([len(c) for c in combos], dtype=np.int64),
            "threshold": r["combination_threshold"],
            "cells": r["combination_cells"].astype(np.int64),
            "unsafe_cells": r["combination_unsafe_cells"].astype(np.int64),
            "records_in_unsafe_cells": r["combination_records"],
            "cells_truncated": np.array(r["combination_truncated"], dtype=bool),
        })
        which = r["cell_combination"].astype(np.int64)
        values: Dict[Hashable, List[Any]] = {name: [None] * len(which) for name in names}
        for row, (c, categories) in enumerate(zip(which.tolist(), r["cell_categories"])):
            for v, category in zip(r["combination_variables"][c], categories):
                values[names[v]][row] = np.nan if category < 0 else uniques[v][category]
        cells: Dict[Hashable, Any] = {"combination": which,
                                      "variables": [combos[c] for c in which.tolist()]}
        cells.update({name: pd.Series(values[name], dtype=object) for name in names})
        cells["count"] = r["cell_count"]
        cells["first_record"] = index[r["cell_first_record"].astype(np.int64)]
        self.cells = pd.DataFrame(cells)
        per_record = np.asarray(r["per_record"])
        self.per_record = pd.DataFrame({"unsafe_combinations": per_record, "unsafe": per_record > 0}, index=index)
        m = r["max_dimension"]
        table: Dict[str, List[int]] = {}
        for d in range(m):
            table[f"unsafe_combinations_{d + 1}"] = [int(v[1][d]) for v in r["variables"]]
            table[f"unsafe_cells_{d + 1}"] = [int(v[2][d]) for v in r["variables"]]
        self.variables = pd.DataFrame(table, index=pd.Index(names, name="variable"))
        self.summary = {key: r[key] for key in ("n_records", "max_dimension", "thresholds", "combinations_scanned",
                                                "unsafe_combinations", "unsafe_cells", "records_affected")}

    def report(self) -> str:
        """A readable summary: counts per dimension and the unsafe combinations."""
        s = self.summary
        lines = [f"combination scan: {s['n_records']} records, combinations of up to {s['max_dimension']} keys; "
                 f"{s['records_affected']} records in an unsafe cell",
                 "  dimension  threshold  scanned  unsafe combinations  unsafe cells"]
        for d in range(s["max_dimension"]):
            lines.append(f"  {d + 1:>9}  {s['thresholds'][d]:>9}  {s['combinations_scanned'][d]:>7}  "
                         f"{s['unsafe_combinations'][d]:>19}  {s['unsafe_cells'][d]:>12}")
        unsafe = self.combinations[self.combinations["unsafe_cells"] > 0]
        for row in unsafe.itertuples():
            lines.append(f"  {row.combination}: {row.unsafe_cells} unsafe cells, {row.records_in_unsafe_cells} records")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.report()


def scan_combinations(df: pd.DataFrame, keys: Any, max_dimension: int = _SCAN["max_dimension"],
                      thresholds: Union[int, Sequence[int]] = tuple(_SCAN["thresholds"]),
                      missing: str = _SCAN["missing"], max_listed_cells: int = _SCAN["max_listed_cells"],
                      include_safe_combinations: bool = _SCAN["include_safe_combinations"],
                      max_combinations: int = _SCAN["max_combinations"]) -> CombinationScanResult:
    """Scan every combination of up to ``max_dimension`` key variables for cells with fewer
    records than the threshold of their dimension (mu-ARGUS's unsafe combinations).

    Parameters
    ----------
    df : pandas.DataFrame
        The microdata.
    keys : column name or list of names
        The key variables.
    max_dimension : int
        Largest number of variables combined (capped at the number of keys).
    thresholds : int or list of int
        A cell of a combination of d variables is unsafe when 0 < count < thresholds[d-1]; one
        value applies to every dimension.
    missing : {"category", "ignore"}
        A missing value is one more category, or a cell with a missing value is never unsafe.
    max_listed_cells : int
        Unsafe cells listed per combination in :attr:`CombinationScanResult.cells` (all are
        counted).
    include_safe_combinations : bool
        Also list combinations without unsafe cells.
    max_combinations : int
        Refuse to scan more combinations than this (their number grows as p^m).
    """
    _columns.check_frame(df)
    names = _columns.names_of(keys)
    if not names:
        _columns._invalid("invalid_argument", "at least one key variable is needed")
    columns, uniques = [], []
    for name in names:
        column, factorized = _columns.categorical(df, name, "key", sort=False)
        columns.append(column)
        uniques.append(factorized.uniques)
    if isinstance(thresholds, (int, np.integer)):
        thresholds = [int(thresholds)]
    r = _core.scan_combinations(columns, max_dimension=int(max_dimension), thresholds=[int(t) for t in thresholds],
                                missing=missing, max_listed_cells=int(max_listed_cells),
                                include_safe_combinations=bool(include_safe_combinations),
                                max_combinations=int(max_combinations))
    return CombinationScanResult(r, names, uniques, df.index)


def trajectory_unicity(df: pd.DataFrame, person: Hashable, period: Hashable, variables: Any = None,
                       points: int = _UNICITY["points"], mode: str = _UNICITY["mode"], seed: int = _UNICITY["seed"],
                       persons: int = _UNICITY["persons"], draws_per_person: int = _UNICITY["draws_per_person"],
                       short_trajectories: str = _UNICITY["short_trajectories"],
                       max_exact_subsets: int = _UNICITY["max_exact_subsets"]) -> Dict[str, Any]:
    """Unicity of trajectories in panel data (de Montjoye et al. 2013): the share of persons
    singled out by ``points`` points of their trajectory, a point being a period and the values
    of ``variables`` in it.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per person and period.
    person, period : column names
        Person identifier and period (rows missing either are skipped).
    variables : column name or list of names, optional
        Variables whose values at a period make a point (None: a point is a period of presence).
    points : int
        p, the number of points known to the attacker.
    mode : {"sample", "exact"}
        Random persons and p random points of each (seeded), or every p-subset of every
        eligible person's trajectory.
    seed : int
        Seed of the core's random engine (sample mode): the same seed gives the same result on
        every platform, in Python, R and the CLI.
    persons : int
        Sample mode: persons drawn (0: every eligible person).
    draws_per_person : int
        Sample mode: draws of p points per person.
    short_trajectories : {"exclude", "all_points"}
        Persons with fewer than p points: excluded, or assessed with all their points.
    max_exact_subsets : int
        Exact mode: refuse more p-subsets than this.

    Returns
    -------
    dict
        ``unicity`` (NaN when no person is eligible), ``standard_error``, ``rows``,
        ``rows_skipped``, ``distinct_points``, ``persons``, ``persons_eligible``,
        ``persons_excluded``, ``persons_assessed``, ``draws``, ``unique_draws``, ``points``,
        ``mode``, ``seed``.
    """
    _columns.check_frame(df)
    who = _columns.categorical(df, person, "person", sort=False)[0]
    when = _columns.categorical(df, period, "period", sort=False)[0]
    what = [_columns.categorical(df, name, "trajectory variable", sort=False)[0]
            for name in _columns.names_of(variables)]
    return _core.trajectory_unicity(who, when, what, points=int(points), mode=mode, seed=int(seed),
                                    persons=int(persons), draws_per_person=int(draws_per_person),
                                    short_trajectories=short_trajectories,
                                    max_exact_subsets=int(max_exact_subsets))
