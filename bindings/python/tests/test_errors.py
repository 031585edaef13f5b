# SPDX-License-Identifier: MIT
"""The core's exception hierarchy as seen from Python: the specific class, SdcError, and the
built-in exception each derives from, with the stable code and message prefix."""
import numpy as np
import pandas as pd
import pytest

import sdc
from sdc import _core


@pytest.mark.parametrize("cls, builtin", [
    (sdc.InvalidInputError, ValueError),
    (sdc.IOFailureError, OSError),
    (sdc.UnsupportedError, NotImplementedError),
    (sdc.InternalError, RuntimeError),
])
def test_each_error_class_is_an_sdc_error_and_a_builtin(cls, builtin):
    assert issubclass(cls, sdc.SdcError)
    assert issubclass(cls, builtin)
    assert issubclass(sdc.SdcError, Exception)


def test_core_errors_are_caught_as_value_error_with_code_and_stable_id():
    df = pd.DataFrame({"a": ["x", "y"], "w": [1.0, np.nan]})
    with pytest.raises(ValueError) as caught:
        sdc.crosstab(df, "a", weights="w")
    assert isinstance(caught.value, sdc.InvalidInputError)
    assert isinstance(caught.value, sdc.SdcError)
    assert caught.value.code == "missing_value"
    assert str(caught.value).startswith("[sdc.invalid_input.missing_value] ")
    assert "'w'" in str(caught.value)


def test_unknown_profile_lists_the_known_profiles():
    df = pd.DataFrame({"a": ["x", "y"]})
    with pytest.raises(sdc.InvalidInputError) as caught:
        sdc.crosstab(df, "a", profile="nope")
    assert caught.value.code == "invalid_argument"
    for name in sdc.profile_names():
        assert name in str(caught.value)


def test_unknown_statistic_is_invalid_input():
    df = pd.DataFrame({"a": ["x", "y"], "v": [1.0, 2.0]})
    with pytest.raises(sdc.InvalidInputError, match="unknown statistic 'avg'"):
        sdc.crosstab(df, "a", values="v", aggfunc="avg")


def test_facade_raises_through_the_core():
    with pytest.raises(sdc.InvalidInputError) as caught:
        _core.raise_invalid_input("unknown_column", "no column 'x'")
    assert caught.value.code == "unknown_column"
    assert str(caught.value) == "[sdc.invalid_input.unknown_column] no column 'x'"
    with pytest.raises(sdc.InvalidInputError, match="unknown error code"):
        _core.raise_invalid_input("not_a_code", "message")


def test_wrong_array_type_is_a_type_error_not_a_copy():
    with pytest.raises(TypeError):
        _core.Categorical("a", np.arange(3, dtype=np.int64), 3)
    with pytest.raises(TypeError):
        _core.Categorical("a", np.arange(6, dtype=np.int32)[::2], 6)
    with pytest.raises(TypeError):
        _core.Numeric("v", np.arange(3, dtype=np.float32))
    with pytest.raises(TypeError):
        _core.Numeric("v", [1.0, 2.0])
    with pytest.raises(sdc.InvalidInputError, match="one-dimensional"):
        _core.Numeric("v", np.zeros((2, 2)))
