# SPDX-License-Identifier: MIT
"""Variable-request review and generalisation: :func:`review` (the re-identification risk of a
researcher's request as asked, what each key variable adds, the least-loss generalisations
meeting a target, the local suppressions still needed and a proportionality score; the same
review as ``sdc review``), :func:`lattice_search` (the minimal generalisations of key variables
meeting a target) and :func:`local_suppression` (k-anonymity by suppressing key values, as
sdcMicro's ``kAnon``).

A *target* is a dict with the fields of the core's ``privacy_target`` (docs/review.md):
``k`` (records in classes of fewer than k are at risk), ``max_individual_risk``,
``max_expected_reidentifications`` and ``max_suppressed_share`` (the share of records at risk
that may be suppressed). Fields left out do not constrain (as the CLI's options); an int is
``{"k": int}``. Every computation is the core's (include/sdc/risk/request_review.hpp,
lattice_search.hpp, local_suppression.hpp); every default comes from it.
"""
from __future__ import annotations

import json
import math
import os
from typing import Any, Dict, Hashable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _columns, _core

_REVIEW = _core.review_defaults()
_TARGET = _core.privacy_target_defaults()
_LATTICE = _core.lattice_defaults()
_LOCAL = _core.local_suppression_defaults()

PathLike = Union[str, "os.PathLike[str]"]


# -- inputs -------------------------------------------------------------------------------------

def _target(target: Any, default: Mapping[str, Any]) -> Dict[str, Any]:
    """A target as the core's four fields (None: ``default``; an int: k)."""
    if target is None:
        return dict(default)
    if isinstance(target, (int, np.integer)) and not isinstance(target, bool):
        target = {"k": int(target)}
    if not isinstance(target, Mapping):
        _columns._invalid("type_mismatch", f"target must be a dict of {', '.join(_TARGET)} or an int (k), "
                                           f"got {type(target).__name__}")
    # The core parses the fields (sdc::set_target_field, as R): None is "no constraint" (inf).
    fields = []
    for key, value in target.items():
        try:
            number = math.inf if value is None else float(value)
        except (TypeError, ValueError):
            _columns._invalid("invalid_argument", f"target field {key} must be a number, got {value!r}")
        fields.append((str(key), number))
    return dict(_core.privacy_target_from_fields(fields))


def _text_labels(uniques: pd.Index) -> List[str]:
    """Values as the text hierarchies and files hold: whole floats without ".0" (a column of
    integers with missing values is float in pandas)."""
    out = []
    for value in uniques:
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            out.append(str(int(value)))
        else:
            out.append(str(value))
    return out


def _labelled(df: pd.DataFrame, name: Hashable, role: str):
    column, factorized = _columns.categorical(df, name, role, sort=False)
    return column, _text_labels(factorized.uniques), factorized


def _hierarchy(variable: str, spec: Any, level_names: Sequence[str] = (), delimiter: str = ";") -> "_core.Hierarchy":
    """A hierarchy from a file path (ARX/Adult format), a DataFrame (one row per original value,
    one column per level; string column names are the level names) or a list of rows."""
    if isinstance(spec, _core.Hierarchy):
        return spec
    if isinstance(spec, (str, os.PathLike)):
        try:
            with open(spec, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise _core.IOFailureError(f"[sdc.io_failure.io_error] cannot open the hierarchy file '{spec}' of "
                                       f"'{variable}': {e.strerror}") from e
        return _core.Hierarchy.from_text(text, delimiter, variable, list(level_names))
    if isinstance(spec, pd.DataFrame):
        if not level_names and all(isinstance(c, str) for c in spec.columns):
            level_names = list(spec.columns)
        rows = spec.astype(object).to_numpy().tolist()
    elif isinstance(spec, Sequence):
        rows = [list(row) for row in spec]
    else:
        _columns._invalid("type_mismatch", f"hierarchy of '{variable}' must be a path, a DataFrame or a list of "
                                           f"rows, got {type(spec).__name__}")
    levels = [[_text_labels(pd.Index([row[h]]))[0] for row in rows] for h in range(len(rows[0]) if rows else 0)]
    return _core.Hierarchy(variable, levels, list(level_names))


def _split_levels(levels: Any) -> List[str]:
    if levels is None or (isinstance(levels, float) and math.isnan(levels)):
        return []
    if isinstance(levels, str):
        return levels.split("|") if levels else []
    return [str(level) for level in levels]


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _dictionary(dictionary: Any, hierarchies: Optional[Mapping[str, Any]]) -> "_core.DataDictionary":
    hierarchies = dict(hierarchies or {})
    if isinstance(dictionary, (str, os.PathLike)):
        read = _core.read_data_dictionary(os.fspath(dictionary))
        if not hierarchies:
            return read
        entries = [{"variable": v, "role": r, "description": d, "hierarchy": h} for v, r, d, h in read.entries()]
    elif isinstance(dictionary, pd.DataFrame):
        for required in ("variable", "role"):
            if required not in dictionary.columns:
                _columns._invalid("invalid_argument", f"the dictionary has no column '{required}'")
        entries = dictionary.to_dict("records")
    elif isinstance(dictionary, Mapping):
        entries = [dict({"variable": variable}, **({"role": spec} if isinstance(spec, str) else dict(spec)))
                   for variable, spec in dictionary.items()]
    else:
        _columns._invalid("type_mismatch", "dictionary must be a file path, a DataFrame or a dict, got "
                                           f"{type(dictionary).__name__}")
    out = _core.DataDictionary()
    names = set()
    for entry in entries:
        variable = _text(entry.get("variable"))
        names.add(variable)
        role = _text(entry.get("role"))
        if role not in ("identifier", "key", "sensitive", "other"):
            _columns._invalid("invalid_argument", f"dictionary: unknown role '{role}' of '{variable}' "
                                                  "(identifier, key, sensitive or other)")
        spec = hierarchies.get(variable, entry.get("hierarchy"))
        if isinstance(spec, float) and math.isnan(spec):
            spec = None
        level_names = _split_levels(entry.get("levels"))
        if spec is None and level_names:
            _columns._invalid("invalid_argument", f"dictionary: level names given for '{variable}', which has no "
                                                  "hierarchy")
        delimiter = _text(entry.get("hierarchy_delimiter")) or ";"
        hierarchy = None if spec is None else _hierarchy(variable, spec, level_names, delimiter)
        out.add(variable, role, _text(entry.get("description")), hierarchy)
    missing = [name for name in hierarchies if name not in names]
    if missing:
        _columns._invalid("unknown_column", f"hierarchies given for {', '.join(map(repr, missing))}, not in the "
                                            "data dictionary")
    return out


def _request(request: Any) -> "_core.VariableRequest":
    if isinstance(request, (str, os.PathLike)):
        return _core.read_variable_request(os.fspath(request))
    if isinstance(request, pd.DataFrame):
        for required in ("variable", "justification"):
            if required not in request.columns:
                _columns._invalid("invalid_argument", f"the request has no column '{required}'")
        items = [(_text(r.get("variable")), _text(r.get("level")), _text(r.get("justification")))
                 for r in request.to_dict("records")]
    elif isinstance(request, Mapping):
        items = []
        for variable, spec in request.items():
            if isinstance(spec, Mapping):
                items.append((str(variable), _text(spec.get("level")), _text(spec.get("justification"))))
            elif isinstance(spec, tuple):
                level, justification = spec
                items.append((str(variable), _text(level), _text(justification)))
            else:
                items.append((str(variable), "", _text(spec)))
    elif isinstance(request, Sequence):
        items = [(str(variable), "", "") for variable in request]
    else:
        _columns._invalid("type_mismatch", "request must be a file path, a DataFrame, a dict or a list of "
                                           f"variables, got {type(request).__name__}")
    out = _core.VariableRequest()
    for variable, level, justification in items:
        out.add(variable, level, justification)
    return out


# -- review -------------------------------------------------------------------------------------

def _number(x: float) -> Optional[float]:
    return float(x) if math.isfinite(x) else None


def _er_text(value: float) -> str:
    """Expected re-identifications as the CLI prints them: whole numbers from 100 on."""
    return f"{value:.0f}" if value >= 100 else f"{value:.3g}"


def _percent(part: float, whole: float) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole > 0 else "0%"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


class ReviewResult:
    """The review of a variable request.

    Attributes
    ----------
    verdict : str
        ``"pass"`` (the request meets the target as asked, no identifier), ``"review"`` (only
        after generalisation or suppression, or an identifier is requested) or ``"fail"`` (no
        generalisation of the requested keys meets the target).
    profile : dict
        Risk as requested: ``n_records``, ``n_combinations``, ``k_anonymity`` ({k: records,
        combinations below k}), ``sample_uniques``, ``unique_combinations``,
        ``expected_reidentifications``, ``global_risk``, ``max_individual_risk``,
        ``records_at_risk``, ``meets_target``.
    contributions : pandas.DataFrame
        Per requested key variable: the records at risk, sample uniques and expected
        re-identifications with all keys and without this one, its SUDA2 contribution, a
        sentence.
    generalisations : pandas.DataFrame
        The minimal generalisations meeting the target, best first: the level name of each key
        variable, ``levels`` (numbers), ``records_suppressed``, ``classes``, ``precision_loss``,
        ``discernibility``, ``expected_reidentifications``, ``max_individual_risk``,
        ``changes``, ``summary``.
    suppression : dict
        Local suppression plans ``as_requested`` and ``at_best`` (None when not computed).
    score : dict
        The proportionality score: ``score``, ``band``, the penalties, ``detail_removed``,
        ``reasons``, ``summary``.
    findings, warnings : list of str
    """

    def __init__(self, r: Dict[str, Any], dictionary: "_core.DataDictionary", request: "_core.VariableRequest",
                 n_records: int, weights: Optional[Hashable], missing: str):
        self._r = r
        self._n = n_records
        self._weights = None if weights is None else str(weights)
        self._missing = missing
        self.verdict: str = r["verdict"]
        keys = r["key_variables"]
        self.key_variables: List[str] = keys
        p = r["as_requested"]
        self.profile = {key: p[key] for key in ("n_records", "n_combinations")}
        self.profile["k_anonymity"] = {str(k): {"records": records, "combinations": combinations}
                                       for k, records, combinations in p["k_levels"]}
        self.profile.update({key: p[key] for key in ("sample_uniques", "unique_combinations",
                                                     "expected_reidentifications", "global_risk",
                                                     "max_individual_risk", "records_at_risk", "meets_target")})
        self.contributions = pd.DataFrame(r["contributions"], columns=[
            "variable", "level", "level_name", "records_at_risk_with", "records_at_risk_without",
            "sample_uniques_with", "sample_uniques_without", "expected_reidentifications_with",
            "expected_reidentifications_without", "suda2_contribution", "summary"])
        rows = []
        for g in r["generalisations"]:
            row: Dict[str, Any] = dict(zip(keys, g["level_names"]))
            row["levels"] = tuple(g["levels"])
            row.update({key: g[key] for key in ("records_suppressed", "classes", "precision_loss", "discernibility",
                                                "expected_reidentifications", "max_individual_risk")})
            row["changes"] = tuple(g["changes"])
            row["summary"] = g["summary"]
            rows.append(row)
        self.generalisations = pd.DataFrame(rows, columns=list(keys) + [
            "levels", "records_suppressed", "classes", "precision_loss", "discernibility",
            "expected_reidentifications", "max_individual_risk", "changes", "summary"])
        self.suppression = {"as_requested": self._plan(r["suppression_as_requested"]),
                            "at_best": self._plan(r["suppression_at_best"])}
        self.score: Dict[str, Any] = dict(r["proportionality"])
        self.findings: List[str] = list(r["findings"])
        self.warnings: List[str] = list(r["warnings"])
        entries = {variable: (role, description) for variable, role, description, _ in dictionary.entries()}
        self._requested = []
        for variable, level, justification in request.items():
            role, description = entries[variable]
            row = {"variable": variable, "role": role, "description": description, "level": level,
                   "justification": justification, "justified": variable not in r["unjustified"]}
            if variable in keys:
                v = keys.index(variable)
                row["level"] = r["requested_levels"][v]
                row["level_name"] = r["requested_level_names"][v]
                row["n_levels"] = r["n_levels"][v]
            self._requested.append(row)

    def _plan(self, plan: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
        if plan is None:
            return None
        keys = self.key_variables
        return {"k": plan["k"], "levels": dict(zip(keys, plan["levels"])), "records_below_k": plan["records_below_k"],
                "total_suppressions": plan["total_suppressions"], "records_affected": plan["records_affected"],
                "per_variable": dict(zip(keys, plan["per_variable"])), "summary": plan["summary"]}

    @property
    def requested(self) -> pd.DataFrame:
        """The request as reviewed: variable, role, description, level, justification,
        justified, and for keys the level number, its name and the hierarchy's levels."""
        return pd.DataFrame(self._requested)

    def to_dict(self) -> Dict[str, Any]:
        """The review with the structure of ``sdc review --json`` (``data`` is None: the data
        came as a DataFrame; ``where`` is empty: select the records before reviewing)."""
        r = self._r
        t = r["target"]
        keys = self.key_variables
        return {
            "data": None, "n_records": self._n, "where": [], "weights": self._weights, "missing": self._missing,
            "target": {"k": t["k"], "max_individual_risk": t["max_individual_risk"],
                       "max_expected_reidentifications": _number(t["max_expected_reidentifications"]),
                       "max_suppressed_share": t["max_suppressed_share"], "description": r["target_description"]},
            "requested": [dict(row) for row in self._requested],
            "key_variables": list(keys), "identifiers": list(r["identifiers"]), "sensitive": list(r["sensitive"]),
            "other": list(r["other"]), "unjustified": list(r["unjustified"]),
            "as_requested": json.loads(json.dumps(self.profile)),
            "contributions": [dict(c, suda2_contribution=_number(c["suda2_contribution"]))
                              for c in r["contributions"]],
            "lattice": {"nodes": r["lattice_nodes"], "evaluated": r["lattice_nodes_evaluated"],
                        "minimal": r["minimal_generalisations"]},
            "generalisations": [
                {"levels": dict(zip(keys, g["levels"])), "level_names": dict(zip(keys, g["level_names"])),
                 **{key: g[key] for key in ("records_suppressed", "classes", "precision_loss", "discernibility",
                                            "expected_reidentifications", "max_individual_risk", "changes",
                                            "summary")}}
                for g in r["generalisations"]],
            "local_suppression": json.loads(json.dumps(self.suppression)),
            "proportionality": dict(self.score),
            "verdict": self.verdict, "findings": list(self.findings), "warnings": list(self.warnings),
        }

    def to_json(self, indent: Optional[int] = 2) -> str:
        """The review as JSON text, structured as ``sdc review --json``."""
        return json.dumps(self.to_dict(), indent=indent)

    def text(self) -> str:
        """The readable review, laid out as ``sdc review`` prints it."""
        r = self._r
        n = float(self._n)
        count = len(r["requested"])
        out = [f"sdc review: {'1 variable' if count == 1 else f'{count} variables'} requested of the data "
               f"({self._n} records)",
               f"target: {r['target_description']}; missing values: {self._missing}; weights: "
               f"{self._weights or 'none'}", "", "Request",
               f"  {'variable':<22} {'role':<11} {'level':<24} justification"]
        for row in self._requested:
            level = str(row["level"])
            if "level_name" in row and row["level_name"] != f"level {level}":
                level += f" ({row['level_name']})"
            justification = row["justification"]
            if not row["justified"]:
                justification = "[missing or too short] " + justification
            out.append(f"  {_shorten(row['variable'], 22):<22} {row['role']:<11} {_shorten(level, 24):<24} "
                       f"{_shorten(justification, 60)}".rstrip())
        if self.key_variables:
            p = r["as_requested"]
            out += ["", "Risk as requested",
                    f"  {p['n_combinations']} key combinations; {p['sample_uniques']} sample uniques "
                    f"({_percent(p['sample_uniques'], n)})",
                    f"  {'k':>4}  {'records with fk < k':>22}  {'combinations':>14}"]
            for k, records, combinations in p["k_levels"]:
                out.append(f"  {k:>4}  {records:>13} ({_percent(records, n):>6})  {combinations:>14}")
            out.append(f"  expected re-identifications {_er_text(p['expected_reidentifications'])}, global risk "
                       f"{_percent(p['expected_reidentifications'], n)}, max individual risk "
                       f"{p['max_individual_risk']:.4g}")
            out.append(f"  {p['records_at_risk']} records at risk for the target: "
                       f"{'meets the target' if p['meets_target'] else 'does not meet the target'}")
            out += ["", "What each key variable adds (figures without it)",
                    f"  {'variable':<22} {'at risk':>16} {'sample uniques':>16} {'exp. re-ident.':>16} {'SUDA2':>8}"]
            for c in r["contributions"]:
                suda = c["suda2_contribution"]
                at_risk = f"{c['records_at_risk_with']} -> {c['records_at_risk_without']}"
                uniques = f"{c['sample_uniques_with']} -> {c['sample_uniques_without']}"
                er = (f"{_er_text(c['expected_reidentifications_with'])} -> "
                      f"{_er_text(c['expected_reidentifications_without'])}")
                out.append(f"  {_shorten(c['variable'], 22):<22} {at_risk:>16} {uniques:>16} {er:>16} "
                           f"{'-' if math.isnan(suda) else f'{100 * suda:.1f}%':>8}")
            out += ["", f"Minimal generalisations meeting the target ({r['minimal_generalisations']} found; "
                        f"{r['lattice_nodes']} nodes, {r['lattice_nodes_evaluated']} evaluated), best first"]
            if not r["generalisations"]:
                out.append("  none: the target cannot be met by generalising the requested keys")
            out += [f"  {i + 1:>2}. {g['summary']}" for i, g in enumerate(r["generalisations"])]
            plans = [plan for plan in (r["suppression_as_requested"], r["suppression_at_best"]) if plan is not None]
            if plans:
                out += ["", "Local suppression (missing values as wildcards)"]
                out += [f"  {plan['summary']}" for plan in plans]
        s = self.score
        out += ["", f"Proportionality: {s['score']:g}/100 ({s['band']})"]
        out += [f"  - {reason}" for reason in s["reasons"]]
        out += ["", "Findings"] + [f"  - {finding}" for finding in self.findings]
        out += [f"warning: {w}" for w in self.warnings]
        out += ["", f"Verdict: {self.verdict}"]
        return "\n".join(out)

    def __repr__(self) -> str:
        return self.text()


def review(df: pd.DataFrame, dictionary: Any, request: Any, target: Any = None,
           hierarchies: Optional[Mapping[str, Any]] = None, weights: Optional[Hashable] = None,
           missing: str = _REVIEW["missing"], alpha: float = _REVIEW["alpha"],
           report_k: Sequence[int] = tuple(_REVIEW["report_k"]), suda2: bool = _REVIEW["suda2"],
           max_generalisations: int = _REVIEW["max_generalisations"],
           min_justification_length: int = _REVIEW["min_justification_length"],
           max_nodes: int = _REVIEW["max_nodes"]) -> ReviewResult:
    """Review a researcher's variable request against a privacy target (``sdc review``).

    Parameters
    ----------
    df : pandas.DataFrame
        The microdata (select the records first, e.g. one month of a panel). Values of key
        variables are matched as text against the hierarchies (whole floats without ".0").
    dictionary : path, DataFrame or dict
        The data dictionary: a CSV file (docs/review.md: ``variable``, ``role``,
        ``description``, ``hierarchy`` (path relative to the file), ``levels``
        (``|``-separated names), ``hierarchy_delimiter``), a DataFrame with these columns
        (hierarchy paths relative to the working directory), or a dict ``{variable: role}`` or
        ``{variable: {"role": ..., "description": ..., "hierarchy": ..., "levels": [...]}}``.
        Roles: identifier, key, sensitive, other.
    request : path, DataFrame, dict or list
        The request: a CSV file or DataFrame with ``variable``, ``justification`` and optional
        ``level`` (number, level name or ``*``), a dict ``{variable: justification}`` or
        ``{variable: {"level": ..., "justification": ...}}``, or a list of variables.
    target : dict or int, optional
        The privacy target (module docstring). Default: 5-anonymity, no record suppressed.
    hierarchies : dict, optional
        ``{variable: hierarchy}``, replacing or adding to the dictionary's: a file path (ARX
        format, ``;``-separated), a DataFrame (one row per original value, first column the
        value, one column per coarser level; string column names are the level names) or a
        list of such rows. A key without a hierarchy can only be kept or dropped.
    weights : column name, optional
        Sampling weights (individual risk then follows Benedetti-Franconi).
    missing : {"category", "wildcard", "never"}
        How missing key values match.
    alpha, report_k, suda2, max_generalisations, min_justification_length, max_nodes
        As the core's review_options: wildcard weight, the k of the risk profile, SUDA2
        contributions, generalisations listed, shortest adequate justification, largest lattice.
    """
    _columns.check_frame(df)
    d = _dictionary(dictionary, hierarchies)
    q = _request(request)
    columns, labels = [], []
    for variable, _, _ in q.items():
        if variable in df.columns:  # a variable absent from the data is reported by the core
            column, text, _ = _labelled(df, variable, "requested")
            columns.append(column)
            labels.append(text)
    t = _target(target, _REVIEW["target"])
    weight = _columns.optional_numeric(df, weights, "weights")
    r = _core.review_request(d, q, columns, labels, weight, k=t["k"], max_individual_risk=t["max_individual_risk"],
                             max_expected_reidentifications=t["max_expected_reidentifications"],
                             max_suppressed_share=t["max_suppressed_share"], missing=missing, alpha=float(alpha),
                             report_k=[int(k) for k in report_k], suda2=bool(suda2),
                             max_generalisations=int(max_generalisations),
                             min_justification_length=int(min_justification_length), max_nodes=int(max_nodes))
    return ReviewResult(r, d, q, len(df), weights, missing)


# -- lattice search -----------------------------------------------------------------------------

class LatticeResult:
    """The minimal generalisations meeting a target.

    Attributes
    ----------
    minimal : pandas.DataFrame
        One row per minimal generalisation, best first (precision loss, then records
        suppressed, then discernibility): the level name of each key variable, ``levels``
        (numbers), ``classes``, ``records_at_risk``, ``records_suppressed``,
        ``max_individual_risk``, ``expected_reidentifications``, ``generalisation_loss``,
        ``precision_loss``, ``discernibility``.
    summary : dict
        ``variables``, ``n_levels``, ``level_names``, ``n_records``, ``n_nodes``,
        ``nodes_evaluated``, ``nodes_satisfying``, ``target``, ``target_description``.
    """

    def __init__(self, r: Dict[str, Any]):
        keys = r["variables"]
        rows = []
        for node in r["minimal"]:
            row: Dict[str, Any] = {key: r["level_names"][v][level] for v, (key, level) in
                                   enumerate(zip(keys, node["levels"]))}
            row["levels"] = tuple(node["levels"])
            row.update({key: node[key] for key in ("classes", "records_at_risk", "records_suppressed",
                                                   "max_individual_risk", "expected_reidentifications",
                                                   "generalisation_loss", "precision_loss", "discernibility")})
            rows.append(row)
        self.minimal = pd.DataFrame(rows, columns=list(keys) + [
            "levels", "classes", "records_at_risk", "records_suppressed", "max_individual_risk",
            "expected_reidentifications", "generalisation_loss", "precision_loss", "discernibility"])
        self.summary = {key: r[key] for key in ("variables", "n_levels", "level_names", "n_records", "n_nodes",
                                                "nodes_evaluated", "nodes_satisfying", "target",
                                                "target_description")}

    @property
    def attainable(self) -> bool:
        """Whether some generalisation meets the target."""
        return len(self.minimal) > 0

    def __repr__(self) -> str:
        s = self.summary
        return (f"lattice search ({s['target_description']}): {len(self.minimal)} minimal generalisations of "
                f"{s['n_nodes']} nodes ({s['nodes_evaluated']} evaluated)")


def lattice_search(df: pd.DataFrame, keys: Any, hierarchies: Optional[Mapping[str, Any]] = None, target: Any = None,
                   weights: Optional[Hashable] = None, missing: str = _LATTICE["missing"],
                   alpha: float = _LATTICE["alpha"], method: str = _LATTICE["method"],
                   min_levels: Optional[Sequence[int]] = None, max_levels: Optional[Sequence[int]] = None,
                   assume_monotone: bool = _LATTICE["assume_monotone"],
                   max_nodes: int = _LATTICE["max_nodes"]) -> LatticeResult:
    """The minimal generalisations of the key variables meeting a target, ranked by
    information loss (full-domain generalisation with record suppression, as ARX).

    Parameters
    ----------
    keys : column name or list of names
        Key variables.
    hierarchies : dict, optional
        ``{variable: hierarchy}`` (a path, a DataFrame or a list of rows, as in :func:`review`);
        a key without one has the levels "original" and "*" (dropped).
    target : dict or int
        The privacy target (module docstring); None leaves every constraint off.
    weights, missing, alpha, method
        Sampling weights, missing key values, wildcard weight, individual risk formula.
    min_levels, max_levels : list of int, optional
        Lowest and highest level searched per key variable.
    assume_monotone : bool
        Prune by monotonicity (exact for k-anonymity); False evaluates every node.
    max_nodes : int
        Largest lattice accepted.
    """
    _columns.check_frame(df)
    names = _columns.names_of(keys)
    if not names:
        _columns._invalid("invalid_argument", "at least one key variable is needed")
    hierarchies = dict(hierarchies or {})
    unknown = [name for name in hierarchies if name not in names]
    if unknown:
        _columns._invalid("unknown_column", f"hierarchies given for {', '.join(map(repr, unknown))}, not keys")
    columns, labels, specs = [], [], []
    for name in names:
        column, text, _ = _labelled(df, name, "key")
        columns.append(column)
        labels.append(text)
        spec = hierarchies.get(name)
        specs.append(None if spec is None else _hierarchy(str(name), spec))
    t = _target(target, _TARGET)
    r = _core.lattice_search(columns, labels, specs, _columns.optional_numeric(df, weights, "weights"),
                             k=t["k"], max_individual_risk=t["max_individual_risk"],
                             max_expected_reidentifications=t["max_expected_reidentifications"],
                             max_suppressed_share=t["max_suppressed_share"], missing=missing, alpha=float(alpha),
                             method=method, min_levels=[int(x) for x in (min_levels or [])],
                             max_levels=[int(x) for x in (max_levels or [])], assume_monotone=bool(assume_monotone),
                             max_nodes=int(max_nodes))
    return LatticeResult(r)


# -- local suppression --------------------------------------------------------------------------

class LocalSuppressionResult:
    """k-anonymity by local suppression.

    Attributes
    ----------
    data : pandas.DataFrame
        A copy of the data with the suppressed key values set to missing (NaN; a categorical
        column keeps its categories).
    cells : pandas.DataFrame
        One row per suppressed value: ``record`` (index label), ``variable``.
    summary : dict
        ``variables``, ``k`` (achieved: min(k, n)), ``suppressions`` (per variable),
        ``total_suppressions``, ``records_suppressed``, ``records_below_k_before``,
        ``records_below_k_after`` (0 on success), ``suppression_order``.
    """

    def __init__(self, r: Dict[str, Any], df: pd.DataFrame, names: List[Hashable]):
        records = r["cell_record"].astype(np.int64)
        variables = r["cell_variable"].astype(np.int64)
        self.cells = pd.DataFrame({"record": df.index[records],
                                   "variable": pd.Series([names[v] for v in variables.tolist()], dtype=object)})
        data = df.copy()
        for v, name in enumerate(names):
            rows = records[variables == v]
            if len(rows):
                column = data[name]
                if not isinstance(column.dtype, pd.CategoricalDtype) and column.dtype.kind in "biu":
                    data[name] = column.astype(np.float64)  # integers cannot hold NaN
                data.iloc[rows, data.columns.get_loc(name)] = np.nan
        self.data = data
        self.summary = {"variables": [str(n) for n in names], "k": r["k"],
                        "suppressions": dict(zip([str(n) for n in names], r["suppressions"])),
                        "total_suppressions": r["total_suppressions"], "records_suppressed": r["records_suppressed"],
                        "records_below_k_before": r["records_below_k_before"],
                        "records_below_k_after": r["records_below_k_after"],
                        "suppression_order": [str(names[v]) for v in r["suppression_order"]]}

    def __repr__(self) -> str:
        s = self.summary
        return (f"local suppression to {s['k']}-anonymity: {s['total_suppressions']} values suppressed in "
                f"{s['records_suppressed']} records ({s['records_below_k_before']} records below k before, "
                f"{s['records_below_k_after']} after)")


def local_suppression(df: pd.DataFrame, keys: Any, k: int = _LOCAL["k"], importance: Optional[Sequence[int]] = None,
                      max_exhaustive: int = _LOCAL["max_exhaustive"]) -> LocalSuppressionResult:
    """k-anonymity by setting key values to missing, a missing value matching any value (as
    sdcMicro's ``kAnon``/``localSuppression``). The data is not modified.

    Parameters
    ----------
    keys : column name or list of names
        Key variables (1 to 64).
    k : int
        Every record must share its key with at least k - 1 others.
    importance : list of int, optional
        Per key, 1 = most important (suppressed last) to m; default: variables with more
        categories are suppressed first.
    max_exhaustive : int
        Largest set of variables searched exhaustively per class (then greedily).
    """
    _columns.check_frame(df)
    names = _columns.names_of(keys)
    if not names:
        _columns._invalid("invalid_argument", "at least one key variable is needed")
    columns = [_columns.categorical(df, name, "key", sort=False)[0] for name in names]
    r = _core.local_suppression(columns, k=int(k), importance=[int(x) for x in (importance or [])],
                                max_exhaustive=int(max_exhaustive))
    return LocalSuppressionResult(r, df, names)
