# SPDX-License-Identifier: MIT
"""Re-identification risk of microdata: :func:`risk` (key frequencies, k-anonymity, individual,
global and household risk, attacker models, optionally SUDA2 and l-diversity), and the single
measures :func:`key_frequencies`, :func:`k_anonymity`, :func:`suda2`, :func:`l_diversity`,
:func:`t_closeness`.

Definitions are the core's (docs/risk.md): ``fk`` is the number of records sharing a record's
key (its combination of key-variable values), ``Fk`` the sum of their weights (the estimated
population frequency). A missing key value is, by ``missing``:

* ``"category"``: one more category (a plain group-by);
* ``"wildcard"``: matching any value, as sdcMicro (``alpha`` weighs such matches);
* ``"never"``: matching nothing (a record with a missing key value is unique).

Every default below is read from the core at import time.
"""
from __future__ import annotations

import warnings
from typing import Any, Dict, Hashable, List, Optional, Sequence

import numpy as np
import pandas as pd

from . import _columns, _core

_FREQUENCY = _core.frequency_defaults()
_INDIVIDUAL = _core.individual_risk_defaults()
_K_ANONYMITY = _core.k_anonymity_defaults()
_ATTACKER = _core.attacker_model_defaults()
_SUDA2 = _core.suda2_defaults()
_L_DIVERSITY = _core.l_diversity_defaults()
_T_CLOSENESS = _core.t_closeness_defaults()
_POPULATION = _core.population_defaults()


class SdcWarning(UserWarning):
    """A warning from the core (e.g. weights below 1)."""


def _keys(df: pd.DataFrame, keys: Any, role: str = "key") -> List["_core.Categorical"]:
    names = _columns.names_of(keys)
    if not names:
        _columns._invalid("invalid_argument", f"at least one {role} variable is needed")
    # Code order does not matter for any risk measure, so no sorting.
    return [_columns.categorical(df, name, role, sort=False)[0] for name in names]


def _frequencies(df: pd.DataFrame, keys: Any, weights: Optional[Hashable], missing: str, alpha: float,
                 allow_constant_keys: bool) -> "_core.KeyFrequencies":
    _columns.check_frame(df)
    weight = _columns.optional_numeric(df, weights, "weights")
    frequencies = _core.key_frequencies(_keys(df, keys), weight, missing=missing, alpha=alpha,
                                        allow_constant_keys=allow_constant_keys)
    for message in frequencies.warnings:
        warnings.warn(message, SdcWarning, stacklevel=3)
    return frequencies


def key_frequencies(df: pd.DataFrame, keys: Any, weights: Optional[Hashable] = None,
                    missing: str = _FREQUENCY["missing"], alpha: float = _FREQUENCY["alpha"],
                    allow_constant_keys: bool = _FREQUENCY["allow_constant_keys"]) -> pd.DataFrame:
    """``fk`` and ``Fk`` of every record, aligned to ``df.index``.

    Parameters
    ----------
    df : pandas.DataFrame
        The microdata.
    keys : column name or list of names
        The key (quasi-identifying) variables.
    weights : column name, optional
        Sampling weights (``Fk`` is their sum over the key's records; ``Fk = fk`` without).
    missing : {"category", "wildcard", "never"}
        How a missing key value matches others (see the module docstring).
    alpha : float
        Wildcard only: weight in [0, 1] of matches that come from missing values.
    allow_constant_keys : bool
        Accept a key variable with a single value (otherwise an error: it usually signals a
        mistake).
    """
    f = _frequencies(df, keys, weights, missing, alpha, allow_constant_keys)
    return pd.DataFrame({"fk": np.array(f.fk), "Fk": np.array(f.Fk)}, index=df.index)


def k_anonymity(df: pd.DataFrame, keys: Any, k: Sequence[int] = tuple(_K_ANONYMITY["k"]),
                missing: str = _FREQUENCY["missing"], alpha: float = _FREQUENCY["alpha"]) -> Dict[str, Any]:
    """Records and key combinations violating k-anonymity, for each ``k``.

    Returns a dict with ``n_records``, ``n_combinations``, ``levels`` (per k: ``records`` with
    fk < k, as sdcMicro counts, and ``combinations`` with fk < k, as mu-ARGUS counts),
    ``sample_uniques``, ``unique_combinations`` and ``class_sizes``.
    """
    f = _frequencies(df, keys, None, missing, alpha, False)
    return _k_anonymity_report(_core.k_anonymity(f, [int(x) for x in k]))


def _k_anonymity_report(c: Dict[str, Any]) -> Dict[str, Any]:
    """The core's k-anonymity columns as the report dict (levels and class sizes as records)."""
    return {
        "n_records": c["n_records"], "n_combinations": c["n_combinations"],
        "levels": [{"k": int(k), "records": int(r), "combinations": int(m)}
                   for k, r, m in zip(c["k"], c["records_below_k"], c["combinations_below_k"])],
        "sample_uniques": c["sample_uniques"], "unique_combinations": c["unique_combinations"],
        "class_sizes": [{"size": int(size), "classes": int(classes), "records": int(records)}
                        for size, classes, records in zip(c["class_size"], c["classes"], c["class_records"])],
    }


class RiskResult:
    """Risk of a set of key variables.

    Attributes
    ----------
    per_record : pandas.DataFrame
        Aligned to the data's index: ``fk``, ``Fk``, ``risk`` (individual risk), and
        ``household_risk``, ``suda_score``, ``dis_score``, ``l_distinct``/``l_entropy``/
        ``l_recursive`` (minimum over the sensitive variables) when asked for.
    summary : dict
        The figures, with the names of the CLI's ``sdc risk --json`` output.
    """

    def __init__(self, per_record: pd.DataFrame, summary: Dict[str, Any]):
        self.per_record = per_record
        self.summary = summary

    def report(self) -> str:
        """A readable summary."""
        s = self.summary
        n = max(s["n"], 1)
        lines = [f"sdc risk: {s['n']} records, keys {', '.join(s['keys'])} (missing values: {s['missing']}"
                 + (f", alpha {s['alpha']:g}" if s["missing"] == "wildcard" else "") + ")",
                 f"weights: {s['weights'] or 'none (Fk = fk)'}",
                 f"key combinations: {s['n_combinations']}",
                 "k-anonymity:  k   records with fk < k   combinations with fk < k"]
        for k, level in s["k_anonymity"].items():
            lines.append(f"  {k:>12}   {level['records']:>8} ({100 * level['records'] / n:6.2f}%)   "
                         f"{level['combinations']:>8}")
        lines.append(f"sample uniques: {s['sample_uniques']} records in {s['unique_combinations']} combinations")
        lines.append(f"individual risk ({s['risk_method']}): expected re-identifications "
                     f"{s['expected_reidentifications']:.6g}, global risk {100 * s['global_risk']:.2f}%, "
                     f"max individual risk {s['max_individual_risk']:.6g}")
        if "household" in s:
            lines.append(f"household risk ({s['household']}, {s['n_households']} households): expected "
                         f"re-identifications {s['household_expected_reidentifications']:.6g}")
        if "suda" in s:
            lines.append(f"SUDA2: {s['suda']['n_msus']} minimal sample uniques, total score "
                         f"{s['suda']['total_score']:.6g}")
        if "l_diversity" in s:
            for name, measures in s["l_diversity"]["variables"].items():
                lines.append(f"l-diversity of {name}: distinct {measures['distinct']['minimum']:g}, "
                             f"entropy {measures['entropy']['minimum']:.4g}, recursive "
                             f"{measures['recursive']['minimum']:g} (minimum over classes)")
        lines += [f"warning: {w}" for w in s["warnings"]]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.report()


def risk(df: pd.DataFrame, keys: Any, weights: Optional[Hashable] = None, household: Optional[Hashable] = None,
         sensitive: Any = None, missing: str = _FREQUENCY["missing"], alpha: float = _FREQUENCY["alpha"],
         method: str = _INDIVIDUAL["method"], sdcmicro_compatible: bool = _INDIVIDUAL["sdcmicro_compatible"],
         allow_constant_keys: bool = _FREQUENCY["allow_constant_keys"],
         k: Sequence[int] = tuple(_K_ANONYMITY["k"]), max_global_risk: Optional[float] = None,
         risk_threshold: float = _ATTACKER["risk_threshold"], suda: bool = False,
         l: float = _L_DIVERSITY["l"]) -> RiskResult:  # noqa: E741
    """Re-identification risk of the key variables ``keys``.

    Parameters
    ----------
    df : pandas.DataFrame
        The microdata.
    keys : column name or list of names
        Key (quasi-identifying) variables.
    weights : column name, optional
        Sampling weights (population frequencies Fk; the individual risk then follows
        Benedetti-Franconi).
    household : column name, optional
        Household id: adds ``household_risk`` (a household is re-identified when any member is).
    sensitive : column name or list, optional
        Sensitive variables: adds l-diversity (distinct, entropy, recursive) of each.
    missing, alpha, allow_constant_keys
        As in :func:`key_frequencies`.
    method : {"approximation", "exact"}
        Individual risk formula.
    sdcmicro_compatible : bool
        Reproduce sdcMicro's individual risk, its traps included (docs/risk.md).
    k : list of int
        The k of the k-anonymity counts.
    max_global_risk : float, optional
        Also report the mu-ARGUS global threshold for this maximum global risk.
    risk_threshold : float
        Attacker models: a record is at risk above this probability.
    suda : bool
        Also compute SUDA2 scores (``suda_score``, ``dis_score``) of the key variables.
    l : float
        With ``sensitive``: the l below which classes and records are counted.
    """
    f = _frequencies(df, keys, weights, missing, alpha, allow_constant_keys)
    individual = _core.individual_risk(f, method=method, sdcmicro_compatible=sdcmicro_compatible)
    glob = _core.global_risk(individual)
    kanon = _k_anonymity_report(_core.k_anonymity(f, [int(x) for x in k]))
    attackers = _core.attacker_models(f, risk_threshold=risk_threshold)
    key_names = [str(name) for name in _columns.names_of(keys)]
    per_record = pd.DataFrame({"fk": np.array(f.fk), "Fk": np.array(f.Fk), "risk": individual}, index=df.index)
    summary: Dict[str, Any] = {
        "n": len(f), "keys": key_names, "weights": None if weights is None else str(weights),
        "missing": f.missing, "alpha": alpha, "risk_method": method,
        "sdcmicro_compatible": sdcmicro_compatible, "n_combinations": kanon["n_combinations"],
        "k_anonymity": {str(level["k"]): {"records": level["records"], "combinations": level["combinations"]}
                        for level in kanon["levels"]},
        "sample_uniques": kanon["sample_uniques"], "unique_combinations": kanon["unique_combinations"],
        "class_sizes": kanon["class_sizes"],
        "expected_reidentifications": glob["expected_reidentifications"], "global_risk": glob["global_risk"],
        "max_individual_risk": glob["max_individual_risk"], "attacker_models": attackers,
    }
    if household is not None:
        h = _core.household_risk(individual, _columns.optional_categorical(df, household, "household"))
        per_record["household_risk"] = h["risk"]
        summary["household"] = str(household)
        summary["n_households"] = h["n_households"]
        summary["household_expected_reidentifications"] = h["expected_reidentifications"]
        summary["household_global_risk"] = h["global_risk"]
    if max_global_risk is not None:
        t = _core.global_risk_threshold(individual, float(max_global_risk))
        summary["global_threshold"] = {key: t[key] for key in
                                       ("max_global_risk", "threshold", "records_above", "attainable")}
    summary["warnings"] = list(f.warnings)
    if suda:
        s = _core.suda2(_keys(df, keys))
        per_record["suda_score"] = s["score"]
        per_record["dis_score"] = s["dis_score"]
        summary["suda"] = {"total_score": s["total_score"], "n_msus": s["n_msus"],
                           "max_dis_score": float(s["dis_score"].max()) if len(s["dis_score"]) else 0.0,
                           "attribute_contribution": dict(zip(s["variables"], s["attribute_contribution"]))}
    if sensitive is not None:
        # l-diversity needs a partition of the records: under the wildcard semantics (which does
        # not partition them) the classes are those with missing as a category, as in the CLI.
        key_missing = "category" if f.missing == "wildcard" else f.missing
        ld = _core.l_diversity(_keys(df, keys), _keys(df, sensitive, "sensitive"), l=l, key_missing=key_missing)
        # The core gives values per class and each record's class; the per-record columns are
        # the per-class minima over the sensitive variables, looked up by class.
        of_record = ld["class_of_record"]
        per_record["l_distinct"] = ld["class_min_distinct"][of_record]
        per_record["l_entropy"] = ld["class_min_entropy"][of_record]
        per_record["l_recursive"] = ld["class_min_recursive"][of_record]
        summary["l_diversity"] = {"l": l, "recursive_c": _L_DIVERSITY["recursive_c"], "key_missing": key_missing,
                                  "variables": _l_summaries(ld)}
    return RiskResult(per_record, summary)


def _l_summaries(ld: Dict[str, Any]) -> Dict[str, Dict[str, Dict[str, Any]]]:
    """The core's l-diversity summaries as {variable: {measure: summary}} (the minimum over the
    variables, ``summary_all`` of the core's result, is left out)."""
    return {name: {measure: dict(ld["summaries"][name][measure]) for measure in ("distinct", "entropy", "recursive")}
            for name in ld["variables"]}


class Suda2Result:
    """SUDA2 scores.

    Attributes
    ----------
    per_record : pandas.DataFrame
        Aligned to the data's index: ``score`` (SUDA score), ``dis_score`` (DIS-SUDA), and
        ``msu_<k>`` (number of minimal sample uniques of size k).
    contributions : pandas.DataFrame
        Per record and key variable: sum of the weights of the record's MSUs containing it.
    summary : dict
        ``variables``, ``max_msu_size``, ``total_score``, ``n_msus``, ``records_in_pairs``,
        ``attribute_contribution`` (share in [0, 1] of the total score per variable; sdcMicro
        reports 100 times this).
    """

    def __init__(self, result: Dict[str, Any], index: pd.Index):
        counts = result["msu_count"]
        data = {"score": result["score"], "dis_score": result["dis_score"]}
        data.update({f"msu_{k + 1}": counts[:, k] for k in range(counts.shape[1])})
        self.per_record = pd.DataFrame(data, index=index)
        self.contributions = pd.DataFrame(result["record_contribution"], index=index, columns=result["variables"])
        self.summary = {"variables": result["variables"], "max_msu_size": result["max_msu_size"],
                        "total_score": result["total_score"], "n_msus": result["n_msus"],
                        "records_in_pairs": result["records_in_pairs"],
                        "attribute_contribution": dict(zip(result["variables"], result["attribute_contribution"]))}

    def __repr__(self) -> str:
        s = self.summary
        return (f"SUDA2 on {', '.join(s['variables'])}: {s['n_msus']} minimal sample uniques, total score "
                f"{s['total_score']:.6g}")


def suda2(df: pd.DataFrame, keys: Any, max_msu_size: Optional[int] = _SUDA2["max_msu_size"],
          weighting: str = _SUDA2["weighting"], dis_fraction: float = _SUDA2["dis_fraction"],
          sdcmicro_compatible: bool = _SUDA2["sdcmicro_compatible"]) -> Suda2Result:
    """Minimal sample uniques, SUDA and DIS-SUDA scores of every record.

    Parameters
    ----------
    keys : column name or list of names
        Key variables (1 to 64). A missing value never forms part of an MSU.
    max_msu_size : int, optional
        Largest MSU size searched (None: all sizes, as sdcMicro).
    weighting : {"elliot", "ihsn"}
        Weight of an MSU of size k among M keys: ``(M-k)!`` or the older IHSN weights.
    dis_fraction : float
        DIS-SUDA sampling fraction in (0, 1].
    sdcmicro_compatible : bool
        Reproduce sdcMicro's deviations from the definition.
    """
    _columns.check_frame(df)
    return Suda2Result(_core.suda2(_keys(df, keys), max_msu_size=max_msu_size, weighting=weighting,
                                   dis_fraction=dis_fraction, sdcmicro_compatible=sdcmicro_compatible), df.index)


class LDiversityResult:
    """l-diversity of sensitive variables.

    The values are computed once per equivalence class of the keys; the per-record table is
    made from them, by looking up each record's class, when it is first asked for.

    Attributes
    ----------
    per_class : pandas.DataFrame
        One row per class (classes numbered in order of first appearance): ``size`` (records),
        and ``<variable>_distinct``, ``<variable>_entropy``, ``<variable>_recursive`` for each
        sensitive variable.
    class_of_record : numpy.ndarray
        Aligned to the data's rows: the row of ``per_class`` of each record's class (int32).
    per_record : pandas.DataFrame
        Aligned to the data's index: ``<variable>_distinct``, ``<variable>_entropy``,
        ``<variable>_recursive`` of the record's class for each sensitive variable
        (``per_class`` rows taken by ``class_of_record``; made on first access, then kept).
    summary : dict
        ``n_classes``, and per variable the ``distinct``, ``entropy`` and ``recursive``
        summaries (``minimum`` over classes, ``classes_below`` and ``records_below`` l).
    """

    _MEASURES = ("distinct", "entropy", "recursive")

    def __init__(self, result: Dict[str, Any], index: pd.Index):
        data: Dict[str, Any] = {"size": np.asarray(result["class_size"])}
        for v, name in enumerate(result["variables"]):
            for measure in self._MEASURES:
                data[f"{name}_{measure}"] = np.asarray(result[f"class_{measure}"][v])
        self.per_class = pd.DataFrame(data)
        self.class_of_record = np.asarray(result["class_of_record"])
        self._index = index
        self._per_record: Optional[pd.DataFrame] = None
        self.summary = {"n_classes": result["n_classes"], "variables": _l_summaries(result)}

    @property
    def per_record(self) -> pd.DataFrame:
        if self._per_record is None:
            values = {column: self.per_class[column].to_numpy()[self.class_of_record]
                      for column in self.per_class.columns if column != "size"}
            self._per_record = pd.DataFrame(values, index=self._index)
        return self._per_record

    def __repr__(self) -> str:
        parts = [f"{name}: distinct {m['distinct']['minimum']:g}, entropy {m['entropy']['minimum']:.4g}, "
                 f"recursive {m['recursive']['minimum']:g}" for name, m in self.summary["variables"].items()]
        return "l-diversity (minimum over classes) " + "; ".join(parts)


def l_diversity(df: pd.DataFrame, keys: Any, sensitive: Any, recursive_c: float = _L_DIVERSITY["recursive_c"],
                l: float = _L_DIVERSITY["l"], missing: str = _L_DIVERSITY["key_missing"],  # noqa: E741
                sdcmicro_compatible: bool = _L_DIVERSITY["sdcmicro_compatible"]) -> LDiversityResult:
    """Distinct, entropy and recursive (c,l) l-diversity of sensitive variables within the
    classes of the key variables.

    Parameters
    ----------
    keys : column name or list of names
        Key variables defining the equivalence classes.
    sensitive : column name or list of names
        Sensitive variables (none of them a key). A missing sensitive value is ignored.
    recursive_c : float
        c of recursive (c,l)-diversity.
    l : float
        Threshold of the summaries (classes and records below l are counted).
    missing : {"category", "never"}
        Missing key values: one more category, or a class of their own.
    sdcmicro_compatible : bool
        Count each missing sensitive value as one more distinct value, as sdcMicro.
    """
    _columns.check_frame(df)
    return LDiversityResult(_core.l_diversity(_keys(df, keys), _keys(df, sensitive, "sensitive"),
                                              recursive_c=recursive_c, l=l, key_missing=missing,
                                              sdcmicro_compatible=sdcmicro_compatible), df.index)


class TClosenessResult:
    """t-closeness of a sensitive variable.

    Attributes
    ----------
    per_record : pandas.DataFrame
        Aligned to the data's index: ``distance``, the Earth Mover's Distance between the
        distribution of the sensitive variable in the record's class and overall (NaN for a
        class whose sensitive values are all missing).
    summary : dict
        ``variable``, ``t`` (the largest class distance: the data is t-close for this t),
        ``n_values`` (distinct sensitive values), ``n_classes``, ``distance`` (the ground
        distance used), ``key_missing``.
    """

    def __init__(self, result: Dict[str, Any], index: pd.Index, distance: str, key_missing: str):
        self.per_record = pd.DataFrame({"distance": result["distance"]}, index=index)
        self.summary = {"variable": result["name"], "t": result["max_distance"], "n_values": result["n_values"],
                        "n_classes": result["n_classes"], "distance": distance, "key_missing": key_missing}

    def __repr__(self) -> str:
        s = self.summary
        return (f"t-closeness of {s['variable']} ({s['distance']} distance, {s['n_values']} values, "
                f"{s['n_classes']} classes): t = {s['t']:.4g}")


def t_closeness(df: pd.DataFrame, keys: Any, sensitive: Hashable, distance: str = _T_CLOSENESS["distance"],
                missing: str = _T_CLOSENESS["key_missing"]) -> TClosenessResult:
    """t-closeness of a sensitive variable within the classes of the key variables: the Earth
    Mover's Distance between each class's distribution of the variable and the overall one.

    Parameters
    ----------
    keys : column name or list of names
        Key variables defining the equivalence classes.
    sensitive : column name
        The sensitive variable. A numeric column is ordered numerically; a pandas categorical by
        its categories' order (use an ordered categorical for an ordinal variable); any other
        column by its sorted values. Missing values are left out.
    distance : {"ordered", "equal"}
        Ground distance: ``"ordered"`` for ordinal and numeric variables, ``"equal"`` for nominal
        ones (half the L1 distance).
    missing : {"category", "never"}
        Missing key values: one more category, or a class of their own.
    """
    _columns.check_frame(df)
    series = _columns.column(df, sensitive, "sensitive")
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        column = _core.Numeric(str(sensitive), _columns.numeric_values(series, "sensitive"))
    else:
        column = _columns.categorical(df, sensitive, "sensitive")[0]
    result = _core.t_closeness(_keys(df, keys), column, distance=distance, key_missing=missing)
    return TClosenessResult(result, df.index, distance, missing)


def population_uniqueness(df: pd.DataFrame, keys: Any, population_size: Optional[float] = None,
                          sampling_fraction: Optional[float] = None, weights: Optional[Hashable] = None,
                          model: str = _POPULATION["model"], missing: str = _FREQUENCY["missing"]) -> Dict[str, Any]:
    """Estimated number of population uniques for the key variables, from the sample's
    class-size spectrum (Zayatz, Pitman, SNB; Dankar's rule chooses among them, as ARX).

    Parameters
    ----------
    keys : column name or list of names
        Key variables.
    population_size, sampling_fraction : float, optional
        Give one: the population size N, or the sampling fraction n / N. With neither, and
        ``weights`` given, N is the sum of the weights.
    model : {"dankar", "zayatz", "pitman", "snb"}
        The model whose estimate is reported as ``uniques`` (all three are in the result).
    missing : {"category", "never"}
        Missing key values (the classes of :func:`key_frequencies`).

    Returns
    -------
    dict
        ``sample_size``, ``sample_classes``, ``sample_uniques``, ``population_size``,
        ``sampling_fraction``, ``model``, ``model_used``, ``converged``, ``uniques``, ``share``
        (uniques / N), the estimate of each model (``zayatz``, ``pitman``, ``snb``: ``valid``,
        ``uniques``, ``share``, ``message``), the fits (``pitman_fit``, ``snb_fit``) and
        ``notes``.
    """
    f = _frequencies(df, keys, weights, missing, _FREQUENCY["alpha"], False)
    # With neither N nor pi, the core takes N = the sum of the weights.
    return _core.population_uniqueness(f, population_size=float(population_size or 0.0),
                                       sampling_fraction=float(sampling_fraction or 0.0), model=model,
                                       weights=_columns.optional_numeric(df, weights, "weights"))
