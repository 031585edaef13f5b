# SPDX-License-Identifier: MIT
"""From pandas columns to the core: factorisation, zero copy, and clear errors for columns the
core cannot take."""
import numpy as np
import pandas as pd
import pytest

import sdc
from sdc import _core
from sdc._columns import numeric_values


def test_factorize_strings_sorted_with_missing_as_minus_one():
    codes, uniques = sdc._factorize(pd.Series(["b", "a", None, "c", "a"], name="s"))
    assert codes.dtype == np.int32
    assert codes.tolist() == [1, 0, -1, 2, 0]
    assert list(uniques) == ["a", "b", "c"]


def test_factorize_numbers_sorted_numerically():
    codes, uniques = sdc._factorize(pd.Series([10, 9, 100, 9], name="n"))
    assert list(uniques) == [9, 10, 100]
    assert codes.tolist() == [1, 0, 2, 0]


def test_factorize_categorical_keeps_codes_order_and_unobserved_categories():
    s = pd.Series(pd.Categorical(["lo", "hi", None, "lo"], categories=["lo", "mid", "hi"], ordered=True), name="c")
    codes, uniques = sdc._factorize(s)
    assert codes.dtype == np.int32
    assert codes.tolist() == [0, 2, -1, 0]
    assert list(uniques) == ["lo", "mid", "hi"]


def test_int32_categorical_codes_are_not_copied():
    # pandas stores codes as int32 from 32768 categories on: then the core reads them in place.
    categories = [f"c{i}" for i in range(40000)]
    s = pd.Series(pd.Categorical.from_codes(np.arange(40000) % 40000, categories=categories), name="big")
    assert s.cat.codes.dtype == np.int32
    codes, _ = sdc._factorize(s)
    assert np.shares_memory(codes, s.cat.codes.to_numpy())


def test_core_columns_hold_the_callers_arrays():
    codes = np.array([0, 1, 1], dtype=np.int32)
    values = np.array([1.0, 2.0, 3.0])
    assert _core.Categorical("a", codes, 2).codes is codes
    assert _core.Numeric("v", values).values is values


def test_float64_columns_are_passed_without_copy():
    df = pd.DataFrame({"v": np.arange(5, dtype=np.float64)})
    assert np.shares_memory(numeric_values(df["v"], "value"), df["v"].to_numpy())


def test_integer_and_nullable_values_become_float64_with_nan():
    out = numeric_values(pd.Series([1, 2, None], dtype="Int64", name="x"), "value")
    assert out.dtype == np.float64
    assert out[:2].tolist() == [1.0, 2.0] and np.isnan(out[2])


def test_mixed_type_object_column_is_refused_naming_the_column():
    df = pd.DataFrame({"mixed": ["a", 1, "b", 2.5], "v": [1.0, 2.0, 3.0, 4.0]})
    with pytest.raises(sdc.InvalidInputError) as caught:
        sdc.crosstab(df, "mixed")
    assert caught.value.code == "type_mismatch"
    assert "'mixed'" in str(caught.value)


def test_text_value_column_is_a_type_mismatch():
    df = pd.DataFrame({"a": ["x", "y"], "v": ["1", "2"]})
    with pytest.raises(sdc.InvalidInputError) as caught:
        sdc.crosstab(df, "a", values="v", aggfunc="sum")
    assert caught.value.code == "type_mismatch"


def test_missing_column_is_unknown_column_with_a_suggestion():
    df = pd.DataFrame({"region": ["x", "y"]})
    with pytest.raises(sdc.InvalidInputError, match="did you mean 'region'") as caught:
        sdc.crosstab(df, "regoin")
    assert caught.value.code == "unknown_column"


def test_multiindex_columns_are_refused():
    df = pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("a", "x"), ("a", "y")]))
    with pytest.raises(sdc.InvalidInputError, match="MultiIndex"):
        sdc.crosstab(df, ("a", "x"))


def test_empty_frame_is_empty_input():
    with pytest.raises(sdc.InvalidInputError) as caught:
        sdc.crosstab(pd.DataFrame({"a": pd.Series([], dtype=object)}), "a")
    assert caught.value.code == "empty_input"
    with pytest.raises(sdc.InvalidInputError):
        sdc.risk(pd.DataFrame({"a": pd.Series([], dtype=object)}), ["a"])


def test_not_a_dataframe_is_refused():
    with pytest.raises(sdc.InvalidInputError, match="DataFrame"):
        sdc.crosstab({"a": [1, 2]}, "a")


def test_duplicated_column_names_are_refused():
    df = pd.DataFrame([[1, 2]], columns=["a", "a"])
    with pytest.raises(sdc.InvalidInputError, match="appears 2 times"):
        sdc.crosstab(df, "a")


def test_nan_and_negative_weights_are_refused_naming_the_column():
    df = pd.DataFrame({"a": ["x", "y", "x"], "w": [1.0, np.nan, 2.0]})
    with pytest.raises(sdc.InvalidInputError, match="weights column 'w': record 2"):
        sdc.crosstab(df, "a", weights="w")
    with pytest.raises(sdc.InvalidInputError, match="weights column 'w'"):
        sdc.risk(df, "a", weights="w")
    df["w"] = [1.0, -1.0, 2.0]
    with pytest.raises(sdc.InvalidInputError) as caught:
        sdc.crosstab(df, "a", weights="w")
    assert caught.value.code == "negative_value"


def test_unknown_rule_setting_suggests_the_core_name():
    df = pd.DataFrame({"a": ["x", "y"]})
    with pytest.raises(sdc.InvalidInputError, match="did you mean 'min_count'"):
        sdc.crosstab(df, "a", min_cont=3)


def test_rule_setting_names_come_from_the_core():
    assert sdc.rule_setting_names() == [n for n in _core.rule_setting_names() if n != "profile"]
    assert "min_count" in sdc.rule_setting_names() and "nk" in sdc.rule_setting_names()
    assert sdc.statistic_names() == _core.statistic_names()


def test_shared_object_fast_path_gives_pandas_codes():
    # Large object columns take the pointer fast path when equal values are the same objects
    # (as read_csv makes them), and the direct path otherwise: both must equal pd.factorize.
    rng = np.random.default_rng(0)
    n = 200_000
    labels = np.array(["b", "a", None, "c", "d", float("nan"), "é"], dtype=object)
    shared = pd.Series(labels[rng.integers(0, len(labels), n)], name="shared")
    unshared = pd.Series([f"v{i % 50}" for i in range(n)], name="unshared")
    distinct = pd.Series([f"id{i}" for i in range(n)], name="distinct")
    half = pd.Series(np.concatenate([shared.to_numpy()[: n // 2], unshared.to_numpy()[n // 2:]]), name="half")
    for series in (shared, unshared, distinct, half):
        codes, uniques = sdc._factorize(series)
        expected_codes, expected_uniques = pd.factorize(series, sort=True)
        assert codes.dtype == np.int32
        np.testing.assert_array_equal(codes, expected_codes)
        assert list(uniques) == list(expected_uniques)
    mixed = pd.Series(np.array(["a", 1] * (n // 2), dtype=object), name="mixed")
    with pytest.raises(sdc.InvalidInputError, match="'mixed' mixes types"):
        sdc._factorize(mixed)
