# SPDX-License-Identifier: MIT
"""Protection of count and sum tables: :func:`protect` (the failing cells and enough others
suppressed so that no failing cell can be computed from the published ones: Gauss secondary
suppression, ``sdc protect``) and :func:`audit` (for every suppressed cell the interval an
intruder can compute by linear programming, ``sdc audit``).

Option names are the core's (``gauss_options``, ``audit_options``) and those of the CLI's JSON
``options``: ``cost``, ``singletons``, ``zeros_known``; ``protection``, ``sliding_percent``,
``nonnegative``. The CLI's flags ``--zeros-unknown``, ``--sliding`` and ``--unbounded`` are
``zeros_known=False``, ``sliding_percent=`` and ``nonnegative=False``. Cells are those of the
:class:`~sdc.TableResult` (margins included), and every result is also a report with the
structure of the CLI's ``--json`` output.
"""
from __future__ import annotations

import json
import math
from typing import Any, Dict, Hashable, List, Mapping, Optional, Sequence

import numpy as np
import pandas as pd

from . import _columns, _core
from .tables import TOTAL_LABEL, TableResult, crosstab

_DEFAULTS = _core.protection_defaults()
_OPTIMAL = _core.optimal_defaults()
#: Secondary suppression methods: Gauss elimination (no solver), or least cost by mixed-integer
#: programming (COIN-OR Cbc).
METHODS = ("gauss", "optimal")
#: Cost of suppressing a cell when not given: the contributors of a count, the value of a sum
#: (as ``sdc protect --cost auto``).
AUTO_COST = "auto"


def _table_of(table_or_frame: Any, table_kwargs: Mapping[str, Any], what: str) -> TableResult:
    if isinstance(table_or_frame, TableResult):
        if table_kwargs:
            _columns._invalid("invalid_argument", f"{what}: table arguments ({', '.join(table_kwargs)}) are only "
                                                  "for microdata; this table is already built")
        t = table_or_frame
        if t._suppression is not None:
            # Primary suppression (suppress=True) added verdicts about its own pattern (margins
            # giving a suppressed cell back); the protection starts from the rules' verdicts.
            t = TableResult(t._table, _core.check_table(t._table, t._check.rules), t._rules, t._n_rows, t._levels,
                            None, t.margins, t.kind, t.call)
        return t
    if isinstance(table_or_frame, pd.DataFrame):
        return crosstab(table_or_frame, **table_kwargs)
    _columns._invalid("type_mismatch", f"{what} takes a table (sdc.crosstab, sdc.pivot_table, sdc.check_table) or "
                                       f"microdata with crosstab arguments, got {type(table_or_frame).__name__}")
    raise AssertionError  # not reached


def _coords(t: TableResult, i: int) -> Dict[str, Optional[str]]:
    """A cell's coordinates as in the CLI's JSON: labels, None for a margin."""
    coords = t._column("coords")
    labels = t._column("labels")
    shape = t._table.shape
    return {name: (None if coords[i, d] == shape[d] - 1 else labels[d][i]) for d, name in enumerate(t.dimensions)}


def _positions(t: TableResult) -> Dict[tuple, int]:
    """Cell index by its labels (one per dimension, "Total" for a margin)."""
    labels = t._column("labels")
    coords = t._column("coords")
    shape = t._table.shape
    return {tuple(TOTAL_LABEL if coords[i, d] == shape[d] - 1 else labels[d][i] for d in range(len(shape))): i
            for i in range(len(t._table))}


_PATTERN_SUPPRESSED = ("primary", "secondary", "suppressed")
_PATTERN_PUBLISHED = ("published", "ok", "review", "fail")


def _pattern(t: TableResult, pattern: pd.DataFrame):
    """Suppressed and primary flags per cell from a pattern: one row per cell with the
    dimensions' labels ("Total" for a margin) and ``status``, as ``sdc protect --csv`` writes it
    (and as :attr:`ProtectionResult.cells` holds it). "suppressed" cells failing the rules are
    primary, as in ``sdc audit --pattern``."""
    if not isinstance(pattern, pd.DataFrame):
        _columns._invalid("type_mismatch", f"pattern must be a DataFrame with the dimensions and 'status', got "
                                           f"{type(pattern).__name__}")
    names = t.dimensions
    for name in names + ["status"]:
        _columns.column(pattern, name, "pattern")
    position = _positions(t)
    n = len(t._table)
    suppressed, primary, seen = [False] * n, [False] * n, [False] * n
    verdict = t._column("status")
    keys = zip(*[pattern[name].astype(str).tolist() for name in names])
    for row, (key, status) in enumerate(zip(keys, pattern["status"].astype(str).tolist())):
        if key not in position:
            _columns._invalid("invalid_argument", f"pattern row {row}: no cell {key} in the table")
        i = position[key]
        if status in _PATTERN_SUPPRESSED:
            suppressed[i] = True
            primary[i] = status == "primary" or (status == "suppressed" and verdict[i] == "fail")
        elif status not in _PATTERN_PUBLISHED:
            _columns._invalid("invalid_argument", f"pattern row {row}: unknown status '{status}' (expected "
                                                  "published, primary, secondary or suppressed)")
        seen[i] = True
    if not all(seen):
        _columns._invalid("invalid_argument", f"the pattern has no row for cell {_coords(t, seen.index(False))}")
    return suppressed, primary


def _cell_mask(t: TableResult, cells: Any, what: str) -> List[bool]:
    """Cells given as a boolean mask (one per cell of t.cells), or a list of coordinates: tuples
    of labels (one per dimension, "Total" for a margin) or dicts {dimension: label}."""
    n = len(t._table)
    if cells is None:
        return []
    is_mask = not isinstance(cells, (list, tuple)) or (len(cells) > 0 and all(
        isinstance(c, (bool, np.bool_)) for c in cells))
    array = np.asarray(cells) if is_mask else None
    if array is not None:
        if array.dtype != bool:
            _columns._invalid("type_mismatch", f"{what}: a mask must be boolean, got {array.dtype}")
        if array.shape != (n,):
            _columns._invalid("length_mismatch", f"{what}: a mask needs one entry per cell ({n}), got {array.shape}")
        return array.tolist()
    names = t.dimensions
    position = _positions(t)
    mask = [False] * n
    for cell in cells:
        if isinstance(cell, Mapping):
            unknown = [k for k in cell if k not in names]
            if unknown:
                _columns._invalid("unknown_column", f"{what}: {unknown[0]!r} is not a dimension of the table "
                                                    f"({', '.join(map(str, names))})")
            key = tuple(TOTAL_LABEL if cell.get(name) is None else str(cell[name]) for name in names)
        else:
            key = tuple(str(x) for x in ((cell,) if isinstance(cell, (str, int, float)) else cell))
        if key not in position:
            _columns._invalid("invalid_argument", f"{what}: no cell {key} in the table (labels per dimension "
                                                  f"{', '.join(map(str, names))}; '{TOTAL_LABEL}' for a margin)")
        mask[position[key]] = True
    return mask


def _header(t: TableResult) -> Dict[str, Any]:
    table = t._table
    return {"statistic": table.statistic, "value": table.value_name or None,
            "dimensions": [{"name": name, "labels": list(labels)} for name, labels in table.dimensions],
            "rules": t.rules}


def _intervals(r: Optional[Dict[str, Any]], cell: Any) -> Optional[Dict[str, Any]]:
    """The core's interval check (None where it did not apply), its too-narrow cells named by
    ``cell`` (coordinates of a table, cell and description of a system)."""
    if r is None:
        return None
    out = dict(r)
    out["too_narrow"] = [cell(int(i)) for i in r["too_narrow"]]
    return out


def _copy_intervals(intervals: Dict[str, Any]) -> Dict[str, Any]:
    out = dict(intervals)
    out["too_narrow"] = [dict(c) for c in intervals["too_narrow"]]
    return out


def _describe_intervals(intervals: Optional[Dict[str, Any]]) -> str:
    """"; intervals repair: 1 primary cells too narrow, 2 secondary added", as the CLI's method line."""
    if intervals is None:
        return ""
    return (f"; intervals {intervals['mode']}: {intervals['too_narrow_before']} primary cells too narrow, "
            f"{intervals['added_secondary']} secondary added")


class ProtectionResult:
    """A protected table.

    Attributes
    ----------
    status : str
        ``"fail"`` if a failing cell remains computable (:attr:`unprotected`), ``"review"`` if
        a published cell needs review, else ``"pass"``.
    source : TableResult
        The table protected.
    options : dict
        ``cost``, ``singletons``, ``zeros_known`` as used.
    counts : dict
        ``cells``, ``published``, ``primary``, ``secondary``, ``unprotected``.
    unprotected, conflicts : list of dict
        Coordinates of primary cells left computable, and of cells that had to be published
        although they disclose a primary cell (``must_publish``). With ``intervals="repair"``,
        primary cells whose protection interval stays too narrow are unprotected too.
    intervals : dict or None
        The check of the primary cells' protection intervals (``intervals="repair"`` or
        ``"report"``; sum tables, Gauss method), with the keys of the CLI's JSON ``intervals``:
        ``mode``, ``levels``, ``too_narrow_before``, ``added_secondary``, ``rounds``,
        ``too_narrow_after`` and ``too_narrow`` (coordinates); None where it does not apply
        (counts, the optimal method, ``intervals="off"``).
    """

    def __init__(self, source: TableResult, r: Dict[str, Any], options: Dict[str, Any], method: str = "gauss"):
        self.source = source
        self.options = options
        #: ``"gauss"`` or ``"optimal"``.
        self.method = method
        self._status = np.array(r["status"], dtype=object)
        self._r = r
        self.unprotected = [_coords(source, i) for i in r["unprotected"]]
        self.conflicts = [_coords(source, i) for i in r["conflicts"]]
        published = self._status == "published"
        self.counts = {"cells": len(self._status), "published": int(published.sum()), "primary": r["n_primary"],
                       "secondary": r["n_secondary"], "unprotected": len(r["unprotected"])}
        # pass / review / fail as the core decides it (sdc::protection_status), as in the CLI.
        self.status = r["protection_status"]
        self.intervals = _intervals(r.get("intervals"), lambda i: _coords(source, i))

    @property
    def suppressed(self) -> np.ndarray:
        """Per cell (the table's cell order): suppressed (primary or secondary)."""
        return self._status != "published"

    @property
    def primary(self) -> np.ndarray:
        """Per cell: a primary suppression."""
        return self._status == "primary"

    @property
    def table(self) -> pd.DataFrame:
        """The protected table in the crosstab layout: NaN in every suppressed cell."""
        values = self.source._column("value").astype(np.float64, copy=True)
        values[self.suppressed] = np.nan
        return self.source._grid(values)

    @property
    def status_table(self) -> pd.DataFrame:
        """``published``, ``primary`` or ``secondary`` per cell, in the crosstab layout."""
        return self.source._grid(self._status.copy())

    @property
    def cells(self) -> pd.DataFrame:
        """One row per cell (margins included): coordinates (``"Total"`` for a margin),
        ``margin``, ``status`` (published/primary/secondary), ``verdict`` (ok/review/fail, the
        primary rules), ``reasons``, ``n`` and ``value`` (NaN when suppressed)."""
        cells = self.source.cells
        out = cells[self.source.dimensions + ["margin"]].copy()
        out["status"] = self._status
        out["verdict"] = cells["status"]
        out["reasons"] = cells["reasons"]
        suppressed = self.suppressed
        out["n"] = np.where(suppressed, np.nan, cells["n"].to_numpy(dtype=np.float64))
        out["value"] = np.where(suppressed, np.nan, cells["value"].to_numpy(dtype=np.float64))
        return out

    def to_dict(self) -> Dict[str, Any]:
        """The report with the structure of ``sdc protect --json`` (suppressed cells carry no
        number)."""
        t = self.source
        report: Dict[str, Any] = {"sdc_version": _core.__version__, "status": self.status, "method": self.method,
                                  "options": dict(self.options)}
        report.update(_header(t))
        report["counts"] = dict(self.counts)
        report["unprotected"] = list(self.unprotected)
        report["conflicts"] = list(self.conflicts)
        margin = t._column("margin")
        verdict = t._column("status")
        reasons = t._column("reason_list")
        n = t._column("n")
        values = t._column("value")
        cells = []
        for i in range(len(self._status)):
            published = self._status[i] == "published"
            cells.append({"coords": _coords(t, i), "margin": bool(margin[i]), "status": self._status[i],
                          "verdict": verdict[i], "reasons": [code for code, _, _ in reasons[i]],
                          "n": int(n[i]) if published else None,
                          "value": float(values[i]) if published and not math.isnan(values[i]) else None})
        report["cells"] = cells
        # Only where the interval check applied, as `sdc protect --json`.
        if self.intervals is not None:
            report["intervals"] = _copy_intervals(self.intervals)
        return report

    def to_json(self, indent: Optional[int] = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def summary(self) -> str:
        """A readable summary: counts, and the table with suppressed cells marked."""
        o = self.options
        how = (f"gauss (cost {o['cost']}, singletons {o['singletons']})" if self.method == "gauss" else
               f"optimal (cost {o['cost']}, objective {o['objective']:g}"
               + (", proven optimal)" if o["proven_optimal"] else ", not proven optimal)"))
        how += _describe_intervals(self.intervals)
        lines = [f"protection: {how}: {self.counts['primary']} "
                 f"primary and {self.counts['secondary']} secondary suppressions of {self.counts['cells']} cells; "
                 + ("every primary cell protected" if not self.unprotected
                    else f"{len(self.unprotected)} primary cells NOT protected")]
        lines += [f"  not protected: {c}" for c in self.unprotected]
        lines += [f"  published although it discloses: {c}" for c in self.conflicts]
        values = self.source._column("value")
        texts = np.array(["x" if s != "published" else (f"{v:.0f}" if float(v).is_integer() else f"{v:.4g}")
                          for s, v in zip(self._status, values)], dtype=object)
        lines += ["", self.source._grid(texts).to_string(), "", "x suppressed (primary or secondary)"]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()


def protect(table_or_frame: Any, *, cost: str = AUTO_COST, singletons: str = _DEFAULTS["singletons"],
            zeros_known: bool = _DEFAULTS["zeros_known"], must_publish: Any = None, must_suppress: Any = None,
            hierarchies: Optional[Mapping[str, Any]] = None, tables: Optional[Sequence[Any]] = None,
            method: str = "gauss", time_limit_seconds: float = _OPTIMAL["time_limit_seconds"],
            max_cells: int = _OPTIMAL["max_cells"], start_from_gauss: bool = _OPTIMAL["start_from_gauss"],
            intervals: str = _DEFAULTS["intervals"], **table_kwargs: Any) -> Any:
    """Secondary suppression of a count or sum table by Gaussian elimination (``sdc protect``):
    the cells failing the primary rules are suppressed, and enough other cells that none of
    them can be computed from the published cells and the margins.

    Parameters
    ----------
    table_or_frame : TableResult or pandas.DataFrame
        A table of :func:`sdc.crosstab`, :func:`sdc.pivot_table` or :func:`sdc.check_table`
        (statistic count or sum; its verdicts give the primary cells), or microdata with the
        arguments of :func:`sdc.crosstab` as keywords.
    cost : {"auto", "value", "frequency", "unity"}
        What suppressing a cell costs (the cheapest cells become secondary suppressions);
        ``"auto"``: contributors for a count, value for a sum.
    singletons : {"coalition", "none"}
        ``"coalition"``: no single contributor (or group of them) can compute a primary cell.
    zeros_known : bool
        Take empty inner cells as known to an intruder (switched off by the core for tables with
        negative contributions).
    must_publish, must_suppress : optional
        Cells forced either way: a boolean mask over the table's cells (the rows of
        ``TableResult.cells``), or a list of coordinates, each a tuple of labels (one per
        dimension, ``"Total"`` for a margin) or a dict ``{dimension: label}`` (None or absent
        for a margin). With ``hierarchies`` or ``tables``: cells of the system, as a boolean mask
        over the system's cells or a list of cell numbers (the ``cell`` column of
        :attr:`SystemProtectionResult.cells`); ``must_suppress=previous.cells.loc[previous.cells.status
        != "published", "cell"]`` starts from an earlier pattern (``sdc protect --pattern``).
        Cells forced both ways, or failing or hidden cells forced published, are errors naming the
        cells.
    hierarchies : dict, optional
        Microdata only: ``{variable: hierarchy}`` (a path in the ARX format, a DataFrame or a
        list of rows, as in :func:`sdc.review`): every level of a spanning variable's hierarchy
        becomes subtotals, protected together with the table (a
        :class:`SystemProtectionResult`).
    tables : list, optional
        Microdata only: linked tables of the same statistic, each a list of spanning variables
        or a dict ``{"name": ..., "variables": [...], "filter": {"variable": ..., "not_equal":
        value}}`` (or ``"equal": value``), as in the CLI's project file; cells they share are
        protected once, and differences between them (a table with and without a firm) are
        kept from disclosing failing cells. Replaces ``index``/``columns``.
    method : {"gauss", "optimal"}
        ``"optimal"``: the least-cost pattern giving every primary cell its protection interval
        (the dominance rules' levels for sums, 1 on each side for counts), by mixed-integer
        programming with COIN-OR Cbc (flat tables; ``singletons`` and ``zeros_known`` are Gauss
        options). The options of the result then hold ``objective``, ``bound``,
        ``proven_optimal``, ``solution_found``, ``started_from_gauss`` and ``nodes``.
    time_limit_seconds, max_cells, start_from_gauss
        Optimal method: the solver's wall-clock limit (the best pattern found is used after
        it, and the result may then depend on the machine), the largest table accepted, and
        whether to start from the Gauss pattern.
    intervals : {"repair", "report", "off"}
        Gauss method on sums (tables and systems), as ``sdc protect --intervals``: after Gauss,
        the interval an intruder computes for each primary cell is audited against the levels
        of the dominance rules; ``"repair"`` adds the cheapest secondary suppressions until
        every interval reaches its levels (a cell still too narrow is unprotected),
        ``"report"`` keeps Gauss's pattern and only lists the too-narrow cells, ``"off"`` skips
        the check. The result's ``intervals`` holds the summary (None where the check does not
        apply: counts, the optimal method, ``"off"``).

    Notes
    -----
    Large 3-D and 4-D tables take minutes with the Gauss method (10^6 cells in 3-D: about 10):
    Ctrl-C stops it (``KeyboardInterrupt``). A table whose elimination would need more than 3/4
    of the machine's memory is refused with an error naming it (``sdc protect
    --max-basis-entries``; docs/protection.md).
    """
    if method not in METHODS:
        _columns._invalid("invalid_argument", f"method must be gauss or optimal, got '{method}'")
    if hierarchies is not None or tables is not None:
        if method != "gauss":
            _columns._invalid("invalid_argument", "method='optimal' is available for flat tables; hierarchies and "
                                                  "tables use the Gauss method")
        if not isinstance(table_or_frame, pd.DataFrame):
            _columns._invalid("invalid_argument", "hierarchies and tables need the microdata (a DataFrame), not a "
                                                  "built table")
        return _protect_system(table_or_frame, tables, hierarchies, cost, singletons, zeros_known, must_publish,
                               must_suppress, table_kwargs, intervals)
    t = _table_of(table_or_frame, table_kwargs, "protect")
    if method == "optimal":
        r = _core.protect_table_optimal(t._table, t._check, t._check.rules, cost, time_limit_seconds=float(
            time_limit_seconds), max_cells=int(max_cells), start_from_gauss=bool(start_from_gauss),
            must_publish=_cell_mask(t, must_publish, "must_publish"),
            must_suppress=_cell_mask(t, must_suppress, "must_suppress"))
        options = {"cost": r["cost"], "time_limit_seconds": float(time_limit_seconds)}
        options.update({key: r[key] for key in ("proven_optimal", "solution_found", "objective", "bound",
                                                "started_from_gauss", "nodes")})
        return ProtectionResult(t, r, options, "optimal")
    r = _core.protect_table(t._table, t._check, t._check.rules, cost=cost, singletons=singletons,
                            zeros_known=bool(zeros_known), must_publish=_cell_mask(t, must_publish, "must_publish"),
                            must_suppress=_cell_mask(t, must_suppress, "must_suppress"), intervals=intervals)
    return ProtectionResult(t, r, {"cost": r["cost"], "singletons": singletons, "zeros_known": bool(zeros_known)})


class AuditResult:
    """What an intruder can compute about every suppressed cell.

    Attributes
    ----------
    status : str
        ``"fail"`` if a primary cell is disclosed exactly or its interval is narrower than its
        required protection, else ``"pass"``.
    cells : pandas.DataFrame
        One row per suppressed cell, in table order: coordinates (``"Total"`` for a margin),
        ``margin``, ``status`` (primary/secondary), ``lower``, ``upper`` (inf when unbounded),
        ``exact`` (the interval is a point: the cell is disclosed), ``protected`` (not exact,
        and at least the required protection on both sides).
    counts : dict
        ``suppressed``, ``exact``, ``primary_exact``, ``primary_unprotected``,
        ``linear_programs``.
    """

    def __init__(self, source: TableResult, r: Dict[str, Any], pattern: str, nonnegative: bool, protection: str,
                 sliding_percent: float):
        self.source = source
        self._r = r
        self.pattern = pattern
        self.nonnegative = nonnegative
        self.protection = protection
        self.sliding_percent = sliding_percent
        index = r["cell"].astype(np.int64)
        coords = source.cells.iloc[index]
        out = coords[source.dimensions + ["margin"]].reset_index(drop=True)
        out["status"] = np.where(r["primary"], "primary", "secondary")
        for key in ("lower", "upper", "exact", "protected"):
            out[key] = r[key]
        self.cells = out
        self.counts = {"suppressed": len(index), "exact": r["n_exact"], "primary_exact": r["n_primary_exact"],
                       "primary_unprotected": r["n_primary_unprotected"], "linear_programs": r["n_linear_programs"]}
        self.status = r["audit_status"]

    def to_dict(self) -> Dict[str, Any]:
        """The report with the structure of ``sdc audit --json`` (intervals only: the true values
        of suppressed cells are not in it)."""
        t = self.source
        report: Dict[str, Any] = {"sdc_version": _core.__version__, "status": self.status, "pattern": self.pattern,
                                  "bounds": "nonnegative" if self.nonnegative else "none",
                                  "protection": self.protection, "sliding_percent": float(self.sliding_percent)}
        report.update(_header(t))
        report["counts"] = dict(self.counts)
        r = self._r
        margin = t._column("margin")
        cells = []
        for j, i in enumerate(r["cell"].astype(np.int64).tolist()):
            cells.append({"coords": _coords(t, i), "margin": bool(margin[i]),
                          "status": "primary" if r["primary"][j] else "secondary",
                          "lower": _bound(r["lower"][j]), "upper": _bound(r["upper"][j]),
                          "exact": bool(r["exact"][j]), "protected": bool(r["protected"][j])})
        report["cells"] = cells
        return report

    def to_json(self, indent: Optional[int] = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def summary(self) -> str:
        c = self.counts
        lines = [f"pattern: {self.pattern}; {c['suppressed']} suppressed cells; bounds: "
                 f"{'x >= 0' if self.nonnegative else 'none'}",
                 f"{c['exact']} cells disclosed exactly ({c['primary_exact']} primary); "
                 f"{c['primary_unprotected']} primary cells insufficiently protected", ""]
        lines.append(self.cells.to_string(index=False))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()


def _bound(x: float) -> Optional[float]:
    return None if math.isinf(x) else float(x)


def audit(protected: Any, *, pattern: Optional[pd.DataFrame] = None, protection: str = "rules",
          sliding_percent: float = _DEFAULTS["sliding_percent"], nonnegative: Optional[bool] = None,
          cost: str = AUTO_COST, singletons: str = _DEFAULTS["singletons"],
          zeros_known: bool = _DEFAULTS["zeros_known"], intervals: str = _DEFAULTS["intervals"],
          **table_kwargs: Any) -> AuditResult:
    """The interval an intruder can compute for every suppressed cell from the published cells
    and the table's additivity (two linear programs per cell, COIN-OR Clp; ``sdc audit``).

    Parameters
    ----------
    protected : ProtectionResult, SystemProtectionResult, TableResult or pandas.DataFrame
        A protected table or cell system (its pattern is audited: a :class:`SystemAuditResult`
        for a system), or a table / microdata (as in :func:`protect`, ``hierarchies`` and
        ``tables`` included) that is first protected with ``cost``, ``singletons``,
        ``zeros_known`` and ``intervals`` (see :func:`protect`), as ``sdc audit`` without
        ``--pattern``.
    pattern : pandas.DataFrame, optional
        With a table: the suppression pattern to audit instead (``sdc audit --pattern``): one
        row per cell, the dimensions' labels (``"Total"`` for a margin) and ``status``
        (published, primary, secondary, or suppressed: primary when the cell fails the rules).
    protection : {"rules", "none"}
        Required protection of primary cells: the levels of the dominance rules (sum tables),
        or none (a primary cell then only needs not to be exact).
    sliding_percent : float
        Also require ``value - lower`` and ``upper - value`` of this percentage of the value.
    nonnegative : bool, optional
        Bound suppressed cells below by 0 (default: yes; ``False`` is the CLI's ``--unbounded``).
        A table with negative values or contributions is never bounded (the core's
        ``audit_options_for``, as ``sdc audit``).
    """
    if protection not in ("rules", "none"):
        _columns._invalid("invalid_argument", f"protection must be rules or none, got '{protection}'")
    if isinstance(protected, SystemProtectionResult) or (
            isinstance(protected, pd.DataFrame) and ("hierarchies" in table_kwargs or "tables" in table_kwargs)):
        if pattern is not None:
            _columns._invalid("invalid_argument", "a pattern cannot be audited with hierarchies or tables")
        if not isinstance(protected, SystemProtectionResult):
            protected = protect(protected, cost=cost, singletons=singletons, zeros_known=zeros_known,
                                intervals=intervals, **table_kwargs)
        return _audit_system(protected, protection, sliding_percent, nonnegative)
    if pattern is not None:
        if isinstance(protected, ProtectionResult):
            _columns._invalid("invalid_argument", "audit: give a pattern with a table, not with a protected table")
        t = _table_of(protected, table_kwargs, "audit")
        suppressed, primary = _pattern(t, pattern)
        source = "pattern"
    else:
        if isinstance(protected, ProtectionResult):
            if table_kwargs:
                _columns._invalid("invalid_argument", f"audit: table arguments ({', '.join(table_kwargs)}) are "
                                                      "only for microdata")
            result = protected
        else:
            result = protect(protected, cost=cost, singletons=singletons, zeros_known=zeros_known,
                             intervals=intervals, **table_kwargs)
        t = result.source
        suppressed, primary = result.suppressed.tolist(), result.primary.tolist()
        source = (f"gauss (cost {result.options['cost']}, singletons {result.options['singletons']})"
                  if result.method == "gauss" else f"optimal (cost {result.options['cost']})")
    # The core drops the bound 0 for tables with negative values or contributions
    # (sdc::audit_options_for), as `sdc audit`.
    r = _core.audit_suppression(t._table, suppressed, primary, t._check.rules if protection == "rules" else None,
                                nonnegative=True if nonnegative is None else bool(nonnegative),
                                sliding_percent=float(sliding_percent))
    return AuditResult(t, r, source, bool(r["nonnegative"]), protection, sliding_percent)


# -- cell systems: hierarchical and linked tables ---------------------------------------------

_TABLE_ARGUMENTS = ("index", "columns", "values", "aggfunc", "weights", "unit", "holding", "profile")


def _filter_of(spec: Any) -> Optional[tuple]:
    """A filter as in the CLI's project file: ``{"variable": ..., "equal": value}`` or
    ``{"variable": ..., "not_equal": value}``."""
    if spec is None:
        return None
    if not isinstance(spec, Mapping) or "variable" not in spec or (("equal" in spec) == ("not_equal" in spec)) \
            or any(k not in ("variable", "equal", "not_equal") for k in spec):
        _columns._invalid("invalid_argument", f"a filter needs \"variable\" and exactly one of \"equal\" and "
                                              f"\"not_equal\", got {spec!r}")
    equal = "equal" in spec
    return (str(spec["variable"]), str(spec["equal" if equal else "not_equal"]), equal)


def _outputs(tables: Any, index: Any, columns: Any) -> List[tuple]:
    """(name, spanning variables, filter) per output: `tables` (lists of variables, or dicts with
    ``variables``, optional ``name`` and ``filter``), or the one table index x columns."""
    if tables is None:
        spanning = [str(v) for v in _columns.names_of(index) + _columns.names_of(columns)]
        if not spanning:
            _columns._invalid("invalid_argument", "give index (and columns), or tables")
        return [("table", spanning, None)]
    if index is not None or columns is not None:
        _columns._invalid("invalid_argument", "give either tables or index/columns")
    out = []
    for t, spec in enumerate(tables):
        if isinstance(spec, Mapping):
            out.append((str(spec.get("name", f"table {t + 1}")), [str(v) for v in _columns.names_of(spec["variables"])],
                        _filter_of(spec.get("filter"))))
        else:
            out.append((f"table {t + 1}", [str(v) for v in _columns.names_of(spec)], None))
    return out


class SystemProtectionResult:
    """Protected tables with hierarchical spanning variables, or linked tables sharing cells
    (a cell system: every cell of every output is a column of one model matrix).

    Attributes
    ----------
    status : str
        ``"fail"`` if a primary cell stays computable, ``"review"`` if a published cell needs
        review, else ``"pass"``.
    cells : pandas.DataFrame
        One row per cell of every output: ``output``, one column per spanning variable (its
        label, ``"Total"`` for a margin, None when the output does not use the variable),
        ``levels`` (per variable of the output: the hierarchy level's name, or "Total"),
        ``cell`` (the cell of the system: the same number in every output showing it),
        ``status`` (published/primary/secondary), ``verdict``, ``reasons``, ``n`` and ``value``
        (NaN when suppressed).
    hidden : pandas.DataFrame
        Hidden cells that fail the rules (an inner cell or a difference of outputs no output
        publishes): ``cell``, ``description``, ``verdict``, ``reasons``. They are kept
        underivable like primary cells.
    counts : dict
        ``cells`` (published by some output), ``published``, ``primary``, ``secondary``,
        ``hidden``, ``hidden_primary``, ``unprotected``.
    unprotected, conflicts : list of str
        Descriptions of primary cells left computable, and of cells that had to be published
        although they disclose one.
    """

    def __init__(self, system: "_core.CellSystem", r: Dict[str, Any], options: Dict[str, Any]):
        self.system = system
        self.options = options
        self._r = r
        self._outputs = system.outputs()
        self._status = np.array(r["status"], dtype=object)
        columns = system.cell_columns()
        self._columns = columns
        hidden = np.asarray(columns["hidden"])
        primary = np.asarray(columns["primary"])
        self.unprotected = [columns["description"][i] for i in r["unprotected"]]
        self.conflicts = [columns["description"][i] for i in r["conflicts"]]
        rows = []
        variables: List[str] = []
        for output in system.outputs():
            for v in output["variables"]:
                if v not in variables:
                    variables.append(v)
        for output in system.outputs():
            level_names = [{level: name for level, name in used} for used in output["levels"]]
            for cell, labels, levels in output["cells"]:
                row: Dict[str, Any] = {"output": output["name"]}
                row.update({v: None for v in variables})
                row.update(dict(zip(output["variables"], labels)))
                row["levels"] = tuple(TOTAL_LABEL if level is None else level_names[d][level]
                                      for d, level in enumerate(levels))
                published = self._status[cell] == "published"
                row.update({"cell": cell, "status": self._status[cell], "verdict": columns["verdict"][cell],
                            "reasons": tuple(columns["reasons"][cell]),
                            "n": float(columns["n"][cell]) if published else np.nan,
                            "value": float(columns["value"][cell]) if published else np.nan})
                rows.append(row)
        self.cells = pd.DataFrame(rows, columns=["output"] + variables + ["levels", "cell", "status", "verdict",
                                                                          "reasons", "n", "value"])
        ids = [i for i in range(len(hidden)) if hidden[i] and primary[i]]
        self.hidden = pd.DataFrame({"cell": ids, "description": [columns["description"][i] for i in ids],
                                    "verdict": [columns["verdict"][i] for i in ids],
                                    "reasons": [tuple(columns["reasons"][i]) for i in ids]})
        shown = ~hidden
        self.counts = {"cells": int(shown.sum()), "published": int((shown & (self._status == "published")).sum()),
                       "primary": int((shown & (self._status == "primary")).sum()),
                       "secondary": int((shown & (self._status == "secondary")).sum()),
                       "hidden": int(hidden.sum()), "hidden_primary": len(ids), "unprotected": len(r["unprotected"])}
        self.status = r["protection_status"]
        self.intervals = _intervals(r.get("intervals"), lambda i: {"cell": i, "description": self._describe(i)})

    def _describe(self, cell: int) -> str:
        """A cell as the CLI names it: its first output cell, or its description when hidden."""
        for output in self._outputs:
            for id_, labels, _ in output["cells"]:
                if id_ == cell:
                    return (f"'{output['name']}' ("
                            + ", ".join(f"{v}={label}" for v, label in zip(output["variables"], labels)) + ")")
        return self._columns["description"][cell]

    def _first_cell(self, cell: int) -> Optional[tuple]:
        """(output, coords) where a cell is first shown (as the CLI's reports), None when hidden."""
        for output in self._outputs:
            for id_, labels, levels in output["cells"]:
                if id_ == cell:
                    return output["name"], {v: (None if level is None else label)
                                            for v, label, level in zip(output["variables"], labels, levels)}
        return None

    def _header(self) -> Dict[str, Any]:
        """statistic, value, rules and refinement, as the CLI's system reports."""
        from .tables import rules_dict

        system = self.system
        return {"statistic": system.statistic, "value": system.value_name or None, "rules": rules_dict(system.rules),
                "refinement": {"variables": list(system.refinement_variables), "filters": list(system.filters),
                               "inner_cells": system.n_inner}}

    def to_dict(self) -> Dict[str, Any]:
        """The report with the structure of ``sdc protect --hierarchy/--project --json``
        (suppressed cells carry no number)."""
        columns = self._columns
        report: Dict[str, Any] = {"sdc_version": _core.__version__, "status": self.status, "method": "gauss",
                                  "options": dict(self.options)}
        report.update(self._header())
        report["counts"] = dict(self.counts)
        report["unprotected"] = [{"cell": i, "description": self._describe(i),
                                  "known_zero": bool(columns["known_zero"][i])} for i in self._r["unprotected"]]
        report["conflicts"] = [{"cell": i, "description": self._describe(i)} for i in self._r["conflicts"]]
        outputs = []
        for output in self._outputs:
            variables = output["variables"]
            cells = []
            for cell, labels, levels in output["cells"]:
                published = self._status[cell] == "published"
                cells.append({"cell": cell,
                              "coords": {v: (None if level is None else label)
                                         for v, label, level in zip(variables, labels, levels)},
                              "levels": dict(zip(variables, levels)), "status": self._status[cell],
                              "verdict": columns["verdict"][cell], "reasons": list(columns["reasons"][cell]),
                              "n": int(columns["n"][cell]) if published else None,
                              "value": float(columns["value"][cell]) if published else None})
            f = output["filter"]
            outputs.append({"name": output["name"], "variables": list(variables),
                            "filter": (None if f is None
                                       else {"variable": f[0], ("equal" if f[2] else "not_equal"): f[1]}),
                            "levels": {v: [{"level": level, "name": name} for level, name in used]
                                       for v, used in zip(variables, output["levels"])},
                            "cells": cells})
        report["outputs"] = outputs
        report["hidden"] = [{"cell": int(row.cell), "description": row.description, "status": "primary",
                             "verdict": row.verdict, "reasons": list(row.reasons)} for row in self.hidden.itertuples()]
        # Only where the interval check applied, as `sdc protect --json`.
        if self.intervals is not None:
            report["intervals"] = _copy_intervals(self.intervals)
        return report

    def to_json(self, indent: Optional[int] = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def summary(self) -> str:
        c = self.counts
        o = self.options
        return (f"cell system: {self.system.n_cells} cells ({c['cells']} published by the outputs, "
                f"{c['hidden']} hidden of which {c['hidden_primary']} fail the rules), {self.system.n_inner} inner "
                f"cells; protection: gauss (cost {o['cost']}, singletons {o['singletons']})"
                f"{_describe_intervals(self.intervals)}: {c['primary']} primary "
                f"and {c['secondary']} secondary suppressions; "
                + ("every primary cell protected" if not self.unprotected
                   else f"{len(self.unprotected)} primary cells NOT protected"))

    def __repr__(self) -> str:
        return self.summary()


def _protect_system(df: pd.DataFrame, tables: Any, hierarchies: Optional[Mapping[str, Any]], cost: str,
                    singletons: str, zeros_known: bool, must_publish: Any, must_suppress: Any,
                    table_kwargs: Dict[str, Any], intervals: str = _DEFAULTS["intervals"]) -> SystemProtectionResult:
    from .review import _hierarchy, _text_labels
    from .tables import make_rules

    _columns.check_frame(df)
    settings = {k: v for k, v in table_kwargs.items() if k not in _TABLE_ARGUMENTS}
    aggfunc = table_kwargs.get("aggfunc", "sum" if table_kwargs.get("values") is not None else "count")
    rules = make_rules(table_kwargs.get("profile", "acro"), **settings)
    outputs = _outputs(tables, table_kwargs.get("index"), table_kwargs.get("columns"))
    names: List[str] = []
    for _, spanning, filt in outputs:
        for name in spanning + ([filt[0]] if filt else []):
            if name not in names:
                names.append(name)
    variables, labels = [], []
    for name in names:
        column, factorized = _columns.categorical(df, name, "spanning")
        variables.append(column)
        labels.append(_text_labels(factorized.uniques))
    hierarchies = dict(hierarchies or {})
    unknown = [v for v in hierarchies if v not in names]
    if unknown:
        _columns._invalid("unknown_column", f"hierarchies given for {', '.join(map(repr, unknown))}, not a "
                                            "spanning variable of the tables")
    specs = [_hierarchy(str(v), spec) for v, spec in hierarchies.items()]
    system = _core.build_cell_system(
        variables, labels, specs, outputs, rules, statistic=aggfunc,
        value=_columns.optional_numeric(df, table_kwargs.get("values"), "value"),
        weights=_columns.optional_numeric(df, table_kwargs.get("weights"), "weights"),
        unit=_columns.optional_categorical(df, table_kwargs.get("unit"), "unit"),
        holding=_columns.optional_categorical(df, table_kwargs.get("holding"), "holding"))
    r = _core.protect_system(system, cost=cost, singletons=singletons, zeros_known=bool(zeros_known),
                             must_publish=_system_mask(system, must_publish, "must_publish"),
                             must_suppress=_system_mask(system, must_suppress, "must_suppress"), intervals=intervals)
    return SystemProtectionResult(system, r, {"cost": r["cost"], "singletons": singletons,
                                              "zeros_known": bool(r["zeros_known"])})


def _system_mask(system: "_core.CellSystem", cells: Any, what: str) -> List[bool]:
    """Cells of a system given as a boolean mask (one per cell of the system) or as cell numbers
    (the ``cell`` column of :attr:`SystemProtectionResult.cells`); None: none. Contradictory
    forcing is refused by the core, naming the cells."""
    if cells is None:
        return []
    n = system.n_cells
    array = np.asarray(cells)
    if array.dtype == bool:
        if array.shape != (n,):
            _columns._invalid("length_mismatch", f"{what}: a mask needs one entry per cell of the system ({n}), "
                                                 f"got {array.shape}")
        return array.tolist()
    mask = [False] * n
    for cell in array.reshape(-1).tolist():
        if not isinstance(cell, (int, np.integer)) or not 0 <= int(cell) < n:
            _columns._invalid("invalid_argument", f"{what}: {cell!r} is not a cell of the system (0 to {n - 1})")
        mask[int(cell)] = True
    return mask


class SystemAuditResult:
    """The audit of protected cell system: per suppressed cell (hidden cells that fail the rules
    included) the interval an intruder can compute.

    Attributes
    ----------
    cells : pandas.DataFrame
        ``cell`` (of the system), ``description``, ``kind`` (primary, secondary, hidden),
        ``lower``, ``upper``, ``exact``, ``protected``.
    counts : dict
        ``suppressed``, ``exact``, ``primary_exact``, ``primary_unprotected``,
        ``linear_programs``.
    status : str
        ``"fail"`` if a primary (or hidden primary) cell is exact or too narrow.
    """

    def __init__(self, source: SystemProtectionResult, r: Dict[str, Any], nonnegative: bool, protection: str,
                 sliding_percent: float):
        self.source = source
        self.nonnegative = nonnegative
        self.protection = protection
        self.sliding_percent = sliding_percent
        columns = source._columns
        ids = r["cell"].astype(np.int64)
        self._primary = np.asarray(r["primary"], dtype=bool)
        hidden = np.asarray(columns["hidden"])[ids]
        self.cells = pd.DataFrame({
            "cell": ids, "description": [columns["description"][i] for i in ids],
            "kind": np.where(hidden, "hidden", np.where(r["primary"], "primary", "secondary")),
            "lower": r["lower"], "upper": r["upper"], "exact": r["exact"], "protected": r["protected"]})
        self.counts = {"suppressed": len(ids), "exact": r["n_exact"], "primary_exact": r["n_primary_exact"],
                       "primary_unprotected": r["n_primary_unprotected"], "linear_programs": r["n_linear_programs"]}
        self.status = r["audit_status"]

    def to_dict(self) -> Dict[str, Any]:
        """The report with the structure of ``sdc audit --hierarchy/--project --json``
        (intervals only: the true values of suppressed cells are not in it)."""
        source = self.source
        report: Dict[str, Any] = {"sdc_version": _core.__version__, "status": self.status, "pattern": "gauss",
                                  "bounds": "nonnegative" if self.nonnegative else "none",
                                  "protection": self.protection, "sliding_percent": float(self.sliding_percent)}
        report.update(source._header())
        report["counts"] = dict(self.counts)
        cells = []
        for row in self.cells.itertuples(index=False):
            i = int(row.cell)
            first = source._first_cell(i)
            entry: Dict[str, Any] = {"cell": i}
            if first is None:
                entry.update({"output": None, "coords": None, "description": row.description, "status": "hidden"})
            else:
                entry.update({"output": first[0], "coords": first[1], "description": source._describe(i),
                              "status": source._status[i]})
            entry.update({"primary": bool(self._primary[len(cells)]), "lower": _bound(row.lower),
                          "upper": _bound(row.upper), "exact": bool(row.exact), "protected": bool(row.protected)})
            cells.append(entry)
        report["cells"] = cells
        return report

    def to_json(self, indent: Optional[int] = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def __repr__(self) -> str:
        c = self.counts
        return (f"audit: {c['suppressed']} suppressed cells, {c['exact']} disclosed exactly ({c['primary_exact']} "
                f"primary), {c['primary_unprotected']} primary cells insufficiently protected")


def _audit_system(result: SystemProtectionResult, protection: str, sliding_percent: float,
                  nonnegative: Optional[bool]) -> SystemAuditResult:
    system = result.system
    columns = result._columns
    hidden = np.asarray(columns["hidden"])
    primary = np.asarray(columns["primary"])
    published = result._status == "published"
    # Hidden cells that pass the rules constrain nothing: no interval is computed for them.
    suppressed = ~published & (~hidden | primary)
    r = _core.audit_system(system, published.tolist(), suppressed.tolist(),
                           system.rules if protection == "rules" else None,
                           nonnegative=True if nonnegative is None else bool(nonnegative),
                           sliding_percent=float(sliding_percent))
    return SystemAuditResult(result, r, bool(r["nonnegative"]), protection, sliding_percent)
