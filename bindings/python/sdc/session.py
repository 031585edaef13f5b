# SPDX-License-Identifier: MIT
"""A research session that records every checked output and writes a results package for the
output checkers.

The package follows ACRO's ``results.json`` layout (methods.md 1.6), so SACRO-Viewer can open
it::

    folder/
      results.json        {"version": ..., "results": {uid: record, ...}}
      output_0_0.csv      one CSV per output (the table as requested for release)
      config.json         the rules (session defaults and every output's own)
      checksums/          <file>.txt: SHA-256 of each file above

Each record holds ``uid``, ``status``, ``type`` ("table" or "regression"), ``properties``
(method, variables, rules, ...), ``files`` (each with its ``sdc`` block: counts and
[row, column] positions of flagged cells per check, ACRO's names for its checks: threshold,
p-ratio, nk-rule, negative, missing; the core's reason codes for the others), ``outcome``
(per-cell "ok" or "code; code; "), ``command``, ``summary``, ``timestamp``, ``comments`` and
``exception`` (the researcher's request for an exception, with its justification).
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os
from typing import Any, Dict, List, Optional, Union

import numpy as np
import pandas as pd

from . import _core, tables

# ACRO's names for the checks it shares with sdc (SACRO-Viewer shows these); other reason codes
# keep the core's stable names.
_ACRO_CHECK_NAMES = {"threshold": "threshold", "p_percent": "p-ratio", "dominance": "nk-rule",
                     "negative_values": "negative", "missing_values": "missing"}

Result = Union[tables.TableResult, tables.DofResult]


def _flat_labels(index: pd.Index) -> List[str]:
    if isinstance(index, pd.MultiIndex):
        return [" / ".join(str(part) for part in label) for label in index]
    return [str(label) for label in index]


def _frame_json(frame: pd.DataFrame) -> Dict[str, Dict[str, Any]]:
    """A DataFrame as ACRO's outcome JSON: {column: {row: value}}."""
    rows = _flat_labels(frame.index)
    return {column: dict(zip(rows, frame.iloc[:, j].tolist()))
            for j, column in enumerate(_flat_labels(frame.columns))}


class _Record:
    def __init__(self, uid: str, result: Result, comments: List[str]):
        self.uid = uid
        self.result = result
        self.comments = comments
        self.exception = ""
        self.timestamp = datetime.datetime.now().isoformat()


class Session:
    """Records checked outputs, with comments and exception requests, and writes the results
    package (:meth:`finalise`).

    Parameters
    ----------
    profile : str
        Default rule profile of the outputs made through the session.
    suppress : bool
        Default of ``suppress`` for the tables made through the session.
    **rule_settings
        Default rule overrides (see :func:`sdc.rule_setting_names`).

    Examples
    --------
    >>> session = sdc.Session(suppress=True)                      # doctest: +SKIP
    >>> t = session.crosstab(df, "region", "gender", comment="Table 1")  # doctest: +SKIP
    >>> session.add_exception(t.uid, "structural zero")          # doctest: +SKIP
    >>> session.finalise("outputs")                              # doctest: +SKIP
    """

    def __init__(self, profile: str = "acro", suppress: bool = False, **rule_settings: Any):
        tables.make_rules(profile, **rule_settings)  # fail now on a bad setting, not at the first table
        self.profile = profile
        self.suppress = suppress
        self.rule_settings = dict(rule_settings)
        self._records: Dict[str, _Record] = {}
        self._next = 0

    # -- making and recording outputs ------------------------------------------------------
    def _options(self, kwargs: Dict[str, Any], table: bool = True) -> Dict[str, Any]:
        options = dict(self.rule_settings)
        options["profile"] = self.profile
        if table:
            options["suppress"] = self.suppress
        options.update(kwargs)
        return options

    def crosstab(self, df: pd.DataFrame, index: Any, columns: Any = None, comment: Optional[str] = None,
                 **kwargs: Any) -> tables.TableResult:
        """:func:`sdc.crosstab` with the session's defaults; the result is recorded (its
        ``uid`` attribute names it)."""
        result = tables.crosstab(df, index, columns, **self._options(kwargs))
        self.add(result, comment)
        return result

    def pivot_table(self, df: pd.DataFrame, values: Any, index: Any, columns: Any = None,
                    comment: Optional[str] = None, **kwargs: Any) -> tables.TableResult:
        """:func:`sdc.pivot_table` with the session's defaults, recorded."""
        result = tables.pivot_table(df, values, index, columns, **self._options(kwargs))
        self.add(result, comment)
        return result

    def check_table(self, df: pd.DataFrame, index: Any, columns: Any = None, comment: Optional[str] = None,
                    **kwargs: Any) -> tables.TableResult:
        """:func:`sdc.check_table` with the session's defaults, recorded."""
        result = tables.check_table(df, index, columns, **self._options(kwargs))
        self.add(result, comment)
        return result

    def check_dof(self, model_or_dof: Any, comment: Optional[str] = None, **kwargs: Any) -> tables.DofResult:
        """:func:`sdc.check_dof` with the session's defaults, recorded as a regression."""
        result = tables.check_dof(model_or_dof, **self._options(kwargs, table=False))
        self.add(result, comment)
        return result

    def add(self, result: Result, comment: Optional[str] = None) -> str:
        """Record an output made outside the session; returns its uid (also set as
        ``result.uid``)."""
        if not isinstance(result, (tables.TableResult, tables.DofResult)):
            _core.raise_invalid_input("type_mismatch", "a session records TableResult and DofResult objects, got "
                                      + type(result).__name__)
        uid = f"output_{self._next}"
        self._next += 1
        self._records[uid] = _Record(uid, result, [] if comment is None else [comment])
        result.uid = uid  # type: ignore[union-attr]
        return uid

    def _record(self, uid: str) -> _Record:
        if uid not in self._records:
            _core.raise_invalid_input("invalid_argument", f"no output '{uid}' in this session; outputs: "
                                      + ", ".join(self._records))
        return self._records[uid]

    def add_comment(self, uid: str, comment: str) -> None:
        """Attach a comment for the output checker to an output."""
        self._record(uid).comments.append(comment)

    def add_exception(self, uid: str, reason: str) -> None:
        """Ask for an exception: release a failing or review output, with the justification."""
        self._record(uid).exception = reason

    def remove(self, uid: str) -> None:
        """Forget an output (it will not be in the results package)."""
        self._record(uid)
        del self._records[uid]

    @property
    def outputs(self) -> Dict[str, Result]:
        """The recorded outputs by uid."""
        return {uid: record.result for uid, record in self._records.items()}

    def summary(self) -> pd.DataFrame:
        """One row per output: uid, type, method, status, exception requested, comments."""
        rows = []
        for uid, record in self._records.items():
            entry = self._entry(record, [])
            rows.append({"uid": uid, "type": entry["type"], "method": entry["properties"]["method"],
                         "status": entry["status"], "exception": bool(record.exception),
                         "comments": len(record.comments)})
        return pd.DataFrame(rows, columns=["uid", "type", "method", "status", "exception", "comments"])

    # -- the results package ----------------------------------------------------------------
    def _entry(self, record: _Record, files: List[str]) -> Dict[str, Any]:
        result = record.result
        if isinstance(result, tables.TableResult):
            return self._table_entry(record, result, files)
        return self._dof_entry(record, result, files)

    @staticmethod
    def _table_entry(record: _Record, result: tables.TableResult, files: List[str]) -> Dict[str, Any]:
        reasons = result._column("reason_list")
        positions = result.positions()
        suppressed = result.suppression is not None
        counts: Dict[str, int] = {"suppressed": suppressed, "negative": 0, "missing": 0, "threshold": 0,
                                  "p-ratio": 0, "nk-rule": 0}
        cells: Dict[str, List[List[int]]] = {name: [] for name in ("negative", "missing", "threshold", "p-ratio",
                                                                   "nk-rule")}
        for i, cell in enumerate(reasons):
            for code in dict.fromkeys(r[0] for r in cell):  # each code once per cell
                name = _ACRO_CHECK_NAMES.get(code, code)
                counts[name] = counts.get(name, 0) + 1
                if positions[i, 0] >= 0:
                    cells.setdefault(name, []).append([int(positions[i, 0]), int(positions[i, 1])])
        status = result.published_status if suppressed else result.status
        flagged = "; ".join(f"{name}: {n} cells" for name, n in counts.items() if name != "suppressed" and n)
        call = {k: v for k, v in result.call.items() if v is not None and v != {}}
        command = f"sdc.{result.kind}(" + ", ".join(f"{k}={v!r}" for k, v in call.items()) + ")"
        properties = {"method": result.kind, "statistic": result.statistic, "dimensions": result.dimensions,
                      "rules": result.rules, "sdc_status": result.status, "published_status": result.published_status}
        properties.update({k: result.call[k] for k in ("values", "weights", "unit", "holding") if result.call.get(k)})
        return {
            "uid": record.uid,
            "status": status,
            "type": "table",
            "properties": properties,
            "files": [{"name": name, "sdc": {"summary": counts, "cells": cells}} for name in files],
            "outcome": _frame_json(result.outcome()),
            "command": command,
            "summary": f"{status}; {flagged}" if flagged else status,
            "timestamp": record.timestamp,
            "comments": list(record.comments),
            "exception": record.exception,
        }

    @staticmethod
    def _dof_entry(record: _Record, result: tables.DofResult, files: List[str]) -> Dict[str, Any]:
        method = type(result.model.model).__name__.lower() if result.model is not None and hasattr(
            result.model, "model") else "dof"
        flagged = [code for code, _, _ in result.reasons]
        sdc = {"summary": {"suppressed": False, "threshold": int("threshold" in flagged)}, "cells": {"threshold": []}}
        return {
            "uid": record.uid,
            "status": result.status,
            "type": "regression",
            "properties": {"method": method, "dof": result.dof, "rules": result.rules,
                           "reasons": [{"code": c, "severity": s, "message": m} for c, s, m in result.reasons]},
            "files": [{"name": name, "sdc": sdc} for name in files],
            "outcome": {"residual_dof": {"0": "".join(f"{c}; " for c in flagged) or "ok"}},
            "command": f"sdc.check_dof({method})",
            "summary": f"{result.status}; " + "; ".join(m for _, _, m in result.reasons) if result.reasons
            else result.status,
            "timestamp": record.timestamp,
            "comments": list(record.comments),
            "exception": record.exception,
        }

    @staticmethod
    def _output_frame(result: Result) -> pd.DataFrame:
        if isinstance(result, tables.TableResult):
            # What the researcher asks to release: the suppressed table when suppression was
            # applied, else the table as built (a failing table then cannot pass unless a checker
            # grants the exception requested).
            return result.suppressed_table if result.suppression is not None else result.table
        model = result.model
        if model is not None and hasattr(model, "params"):
            frame = pd.DataFrame({"coef": model.params})
            for name, attribute in (("std_err", "bse"), ("t", "tvalues"), ("p_value", "pvalues")):
                if hasattr(model, attribute):
                    frame[name] = getattr(model, attribute)
            return frame
        return pd.DataFrame({"residual_dof": [result.dof]})

    def finalise(self, folder: Union[str, os.PathLike]) -> str:
        """Write the results package into ``folder`` (created; it must not hold files already).

        Returns the folder's path. See the module docstring for the layout.
        """
        folder = os.fspath(folder)
        if os.path.isdir(folder) and os.listdir(folder):
            raise FileExistsError(f"'{folder}' is not empty; choose a new folder for the results package")
        os.makedirs(folder, exist_ok=True)
        results: Dict[str, Any] = {}
        for uid, record in self._records.items():
            name = f"{uid}_0.csv"
            with open(os.path.join(folder, name), "w", newline="", encoding="utf-8") as handle:
                handle.write(self._output_frame(record.result).to_csv())
            results[uid] = self._entry(record, [name])
        with open(os.path.join(folder, "results.json"), "w", newline="", encoding="utf-8") as handle:
            json.dump({"version": _core.__version__, "results": results}, handle, indent=4, default=_json_default)
        config = {"sdc_version": _core.__version__, "profile": self.profile, "suppress": self.suppress,
                  "rules": tables.rules_dict(tables.make_rules(self.profile, **self.rule_settings)),
                  "outputs": {uid: record.result.rules for uid, record in self._records.items()}}
        with open(os.path.join(folder, "config.json"), "w", newline="", encoding="utf-8") as handle:
            json.dump(config, handle, indent=4, default=_json_default)
        checksums = os.path.join(folder, "checksums")
        os.makedirs(checksums, exist_ok=True)
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                with open(path, "rb") as handle:
                    digest = hashlib.sha256(handle.read()).hexdigest()
                with open(os.path.join(checksums, name + ".txt"), "w", encoding="utf-8") as handle:
                    handle.write(digest)
        return folder


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return str(value)
