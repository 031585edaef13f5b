# SPDX-License-Identifier: MIT
"""From pandas columns to the core's column objects: lookups, factorisation, numeric values.

This is the one place where data changes representation on its way into the core, so every
conversion is visible here:

* categorical columns (pandas ``category`` dtype) pass their codes; pandas stores them as
  int8/int16 when there are few categories, which are widened to the int32 the core reads
  (one small array, no factorisation);
* text, object, boolean and numeric columns used as categories are factorised with
  :func:`pandas.factorize` (``sort=True``, so tables come out in sorted order, and codes equal
  the CLI's); large object columns whose equal values share one Python object (as
  ``pandas.read_csv`` makes them) are factorised by object pointer first, which gives the same
  codes several times faster;
* numeric values become float64 (NaN = missing), copied only when the column is not already a
  contiguous float64 array.

The compiled module refuses any array that is not exactly int32/float64 and contiguous
(``TypeError``), so an accidental copy cannot happen below this file.
"""
from __future__ import annotations

import ctypes
import difflib
from typing import Hashable, List, NamedTuple, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core

ColumnNames = Union[Hashable, Sequence[Hashable], None]


def _invalid(code: str, message: str) -> None:
    """Raise the core's InvalidInputError (stable code, message prefixed with the stable id)."""
    _core.raise_invalid_input(code, message)


def check_frame(df: object, what: str = "data") -> pd.DataFrame:
    """Check that ``df`` is a non-empty DataFrame with flat column names."""
    if not isinstance(df, pd.DataFrame):
        _invalid("type_mismatch", f"{what} must be a pandas DataFrame, got {type(df).__name__}")
    if isinstance(df.columns, pd.MultiIndex):
        _invalid("invalid_argument",
                 f"{what} has MultiIndex columns; flatten them first, e.g. "
                 "df.columns = ['_'.join(map(str, c)) for c in df.columns]")
    if len(df) == 0:
        _invalid("empty_input", f"{what} has no records")
    return df


def names_of(names: ColumnNames) -> List[Hashable]:
    """A column name or a list of names, as a list ([] for None)."""
    if names is None:
        return []
    if isinstance(names, (str, bytes)) or not isinstance(names, Sequence):
        return [names]
    return list(names)


def column(df: pd.DataFrame, name: Hashable, role: str) -> pd.Series:
    """The column ``name`` of ``df``, with a clear error if it is absent or duplicated."""
    if name not in df.columns:
        close = difflib.get_close_matches(str(name), [str(c) for c in df.columns], n=3)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        _invalid("unknown_column", f"{role} column '{name}' is not in the data{hint}")
    series = df[name]
    if isinstance(series, pd.DataFrame):
        _invalid("invalid_argument", f"{role} column '{name}' appears {series.shape[1]} times in the data")
    return series


class Factorized(NamedTuple):
    """Integer codes of a column and the values they stand for."""

    codes: np.ndarray       #: int32, 0..K-1, -1 for missing
    uniques: pd.Index       #: the K values, in code order

    @property
    def labels(self) -> List[str]:
        """The values as text (what the core shows in messages and JSON)."""
        return [str(value) for value in self.uniques]


def _factorize(series: pd.Series, sort: bool = True) -> Factorized:
    """Turn a column into int32 codes (missing = -1) and the values they stand for.

    * ``category`` dtype: the categorical's own codes and categories, in the categorical's order
      (all categories, observed or not); no factorisation.
    * text/object columns: :func:`pandas.factorize` (``sort=True`` gives sorted labels); a column
      mixing types (e.g. numbers and text) is refused with ``InvalidInputError``
      (code ``type_mismatch``) naming the column, since its order would be arbitrary.
    * numbers, booleans, dates: :func:`pandas.factorize`, sorted numerically.
    """
    name = series.name
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        # pandas keeps codes as int8/int16 for few categories; the core reads int32.
        return Factorized(np.ascontiguousarray(codes, dtype=np.int32), series.cat.categories)
    fast = _factorize_shared_objects(series, sort) if series.dtype == object else None
    codes, uniques = fast if fast is not None else pd.factorize(series, sort=sort)
    if series.dtype == object:
        # Checked on the distinct values only (pandas sorts a mix of numbers and text silently).
        kind = pd.api.types.infer_dtype(uniques, skipna=True)
        if kind.startswith("mixed"):
            _invalid("type_mismatch",
                     f"column '{name}' mixes types ({kind}); convert it first, e.g. "
                     f"df['{name}'].astype(str)")
    return Factorized(codes.astype(np.int32, copy=False), pd.Index(uniques))


# The pointer fast path works on chunks and gives up as soon as a chunk holds more distinct
# objects than this (then values are not shared, or there are too many of them for the pointer
# pass to pay off; pandas' integer hash table also slows down badly on millions of pointers).
_SHARED_CHUNK = 1 << 20
_SHARED_LIMIT = 4096


def _factorize_shared_objects(series: pd.Series, sort: bool):
    """pandas.factorize for an object column whose equal values are the same Python objects, as
    pandas.read_csv makes them (one string object per distinct value): the object pointers are
    factorised first with an integer hash table, chunk by chunk (several times faster than
    hashing and comparing strings), then the few distinct objects by value with
    pandas.factorize. The codes are those pandas.factorize gives. Returns None when the column
    is small or its objects are not shared; the caller then factorises the values directly."""
    n = len(series)
    if n < 100_000:
        return None
    values = np.ascontiguousarray(series.to_numpy())
    # An object array holds PyObject pointers: read them as integers (`values` stays alive).
    pointers = np.ctypeslib.as_array((ctypes.c_ssize_t * n).from_address(values.__array_interface__["data"][0]))
    # A small first chunk, so that a column of unshared objects is recognised cheaply.
    starts = [0] + list(range(_SHARED_LIMIT * 16, n, _SHARED_CHUNK))
    chunks = []
    for start, stop in zip(starts, starts[1:] + [n]):
        codes, distinct = pd.factorize(pointers[start:stop])
        if len(distinct) > _SHARED_LIMIT:
            return None
        where = np.empty(len(distinct), dtype=np.intp)
        where[codes] = np.arange(start, start + len(codes))  # a record holding each object
        chunks.append((codes, distinct, where))
    # The chunks' distinct objects, made distinct across chunks.
    chunk_object, distinct = pd.factorize(np.concatenate([d for _, d, _ in chunks]))
    representative = np.empty(len(distinct), dtype=np.intp)
    representative[chunk_object] = np.concatenate([w for _, _, w in chunks])
    value_of_object, uniques = pd.factorize(values[representative], sort=sort)
    value_of_object = value_of_object.astype(np.int32)
    out = np.empty(n, dtype=np.int32)
    offset = 0
    for (codes, d, _), start in zip(chunks, starts):
        out[start:start + len(codes)] = value_of_object[chunk_object[offset:offset + len(d)]][codes]
        offset += len(d)
    return out, uniques


def categorical(df: pd.DataFrame, name: Hashable, role: str, sort: bool = True):
    """The core's categorical column of ``df[name]`` and its factorisation."""
    factorized = _factorize(column(df, name, role), sort=sort)
    return _core.Categorical(str(name), factorized.codes, len(factorized.uniques)), factorized


def numeric_values(series: pd.Series, role: str) -> np.ndarray:
    """A column as contiguous float64 (NaN for missing), copying only when needed."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
        _invalid("type_mismatch", f"{role} column '{series.name}' must be numeric, got dtype {dtype}")
    if isinstance(dtype, np.dtype):
        values = series.to_numpy()
    else:  # nullable extension dtypes (Int64, Float64): NA becomes NaN
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    return np.ascontiguousarray(values, dtype=np.float64)


def numeric(df: pd.DataFrame, name: Hashable, role: str) -> "_core.Numeric":
    """The core's numeric column of ``df[name]``."""
    return _core.Numeric(str(name), numeric_values(column(df, name, role), role))


def optional_numeric(df: pd.DataFrame, name: Optional[Hashable], role: str):
    return None if name is None else numeric(df, name, role)


def optional_categorical(df: pd.DataFrame, name: Optional[Hashable], role: str):
    """An id column (unit, holding, household). Sorted like every spanning variable: the codes
    then equal the CLI's, and so does the order in which the core adds a holding's
    contributions (the last bits of a floating-point total depend on it)."""
    return None if name is None else categorical(df, name, role)[0]
