# SPDX-License-Identifier: MIT
"""sdc.scan_combinations and sdc.trajectory_unicity: hand-worked examples, sdcMicro's
k-anonymity counts (tests/data/sdcmicro) and a pandas cross-tabulation of every combination."""
import itertools

import numpy as np
import pandas as pd
import pytest

import sdc
from conftest import SHARED_DATA, TEST_DATA

TESTDATA_KEYS = ["urbrur", "roof", "walls", "water", "electcon", "relat", "sex"]


@pytest.fixture
def small():
    # a: 1,1,1,2,2,3   b: x,x,y,y,y,y   (index labels r0..r5)
    return pd.DataFrame({"a": [1, 1, 1, 2, 2, 3], "b": list("xxyyyy")}, index=[f"r{i}" for i in range(6)])


def test_hand_worked_example(small):
    # Threshold 2. Dimension 1: a=3 has 1 record (unsafe); b: x 2, y 4 (safe).
    # Dimension 2: (1,x) 2, (1,y) 1, (2,y) 2, (3,y) 1: two unsafe cells.
    r = sdc.scan_combinations(small, ["a", "b"], max_dimension=2, thresholds=2)
    assert r.summary["combinations_scanned"] == [2, 1]
    assert r.summary["unsafe_combinations"] == [1, 1]
    assert r.summary["unsafe_cells"] == [1, 2]
    assert r.summary["records_affected"] == 2
    assert r.combinations["combination"].tolist() == ["a", "a x b"]
    assert r.combinations["variables"].tolist() == [("a",), ("a", "b")]
    assert r.combinations["unsafe_cells"].tolist() == [1, 2]
    assert r.combinations["records_in_unsafe_cells"].tolist() == [1, 2]
    assert r.combinations["cells"].tolist() == [3, 4]
    cells = r.cells
    assert cells["combination"].tolist() == [0, 1, 1]
    assert cells["a"].tolist() == [3, 1, 3]
    assert cells["b"].tolist() == [None, "y", "y"]
    assert cells["count"].tolist() == [1, 1, 1]
    assert cells["first_record"].tolist() == ["r5", "r2", "r5"]  # labels of df.index
    # Record r2 is in the unsafe cell (1, y); r5 in a=3 and in (3, y).
    assert r.per_record.index.equals(small.index)
    assert r.per_record["unsafe_combinations"].tolist() == [0, 0, 1, 0, 0, 2]
    assert r.per_record["unsafe"].tolist() == [False, False, True, False, False, True]
    assert r.variables.loc["a"].tolist() == [1, 1, 1, 2]
    assert r.variables.loc["b"].tolist() == [0, 0, 1, 2]
    assert "a x b: 2 unsafe cells" in repr(r)


def test_thresholds_per_dimension_and_safe_combinations(small):
    # Threshold 1 in dimension 1 (nothing below it), 3 in dimension 2: all four cells but none
    # of dimension 1 are unsafe.
    r = sdc.scan_combinations(small, ["a", "b"], max_dimension=2, thresholds=[1, 3], include_safe_combinations=True)
    assert r.summary["thresholds"] == [1, 3]
    assert r.combinations["combination"].tolist() == ["a", "b", "a x b"]
    assert r.combinations["unsafe_cells"].tolist() == [0, 0, 4]
    assert r.summary["records_affected"] == 6


def test_missing_values(small):
    df = small.assign(b=["x", "x", None, "y", "y", "y"])
    # As a category: b=NaN is one record (unsafe at threshold 2), and (1, NaN) too.
    r = sdc.scan_combinations(df, ["a", "b"], max_dimension=2, thresholds=2)
    assert r.summary["unsafe_cells"] == [2, 2]
    nan_cells = r.cells[r.cells["b"].map(lambda v: isinstance(v, float) and np.isnan(v))]
    assert len(nan_cells) == 2
    # Ignored: cells with a missing value are never unsafe.
    r = sdc.scan_combinations(df, ["a", "b"], max_dimension=2, thresholds=2, missing="ignore")
    assert r.summary["unsafe_cells"] == [1, 1]
    assert r.per_record["unsafe"].tolist() == [False, False, False, False, False, True]


def test_against_pandas_crosstabs(extract):
    keys = ["i_gender", "i_age", "i_residence_country", "j_sector"]
    df = extract.head(3000)
    r = sdc.scan_combinations(df, keys, max_dimension=3, thresholds=[2, 3, 5], max_listed_cells=10**6,
                              include_safe_combinations=True)
    per_record = np.zeros(len(df), dtype=int)
    expected = []
    for d in (1, 2, 3):
        threshold = [2, 3, 5][d - 1]
        for combo in itertools.combinations(keys, d):
            counts = df.groupby(list(combo), dropna=False)[list(combo)[0]].transform("size").to_numpy()
            sizes = df.groupby(list(combo), dropna=False).size()
            unsafe = int((sizes < threshold).sum())
            expected.append((combo, len(sizes), unsafe, int(sizes[sizes < threshold].sum())))
            if unsafe:
                per_record += counts < threshold
    got = list(zip(r.combinations["variables"], r.combinations["cells"], r.combinations["unsafe_cells"],
                   r.combinations["records_in_unsafe_cells"]))
    assert got == expected
    assert r.per_record["unsafe_combinations"].tolist() == per_record.tolist()
    assert r.summary["records_affected"] == int((per_record > 0).sum())


@pytest.mark.parametrize("k", [2, 3, 5])
def test_sdcmicro_k_anonymity_counts(k):
    """With every key combined and one threshold k, the unsafe cells of the full combination
    are sdcMicro's keys with fk < k, and the records affected its records with fk < k (a record
    in an unsafe cell of fewer variables is in an unsafe full cell too)."""
    data_path = SHARED_DATA / "sdcmicro" / "testdata.csv"
    golden_path = TEST_DATA / "sdcmicro" / "testdata_summary.csv"
    if not data_path.exists() or not golden_path.exists():
        pytest.skip("testdata or its golden summary not found")
    s = pd.read_csv(golden_path, comment="#")
    s = dict(zip(s["name"], s["value"]))
    r = sdc.scan_combinations(pd.read_csv(data_path), TESTDATA_KEYS, max_dimension=7, thresholds=k)
    assert r.summary["records_affected"] == int(s[f"records_fk_lt_{k}"])
    assert r.summary["unsafe_cells"][6] == int(s[f"keys_fk_lt_{k}"])
    assert r.summary["combinations_scanned"] == [7, 21, 35, 35, 21, 7, 1]


def test_bad_input(small):
    with pytest.raises(sdc.InvalidInputError, match="'c' is not in the data") as e:
        sdc.scan_combinations(small, ["a", "c"])
    assert e.value.code == "unknown_column"
    with pytest.raises(sdc.InvalidInputError) as e:
        sdc.scan_combinations(small.iloc[:0], ["a"])
    assert e.value.code == "empty_input"
    with pytest.raises(sdc.InvalidInputError, match="one threshold, or one per dimension"):
        sdc.scan_combinations(small, ["a", "b"], max_dimension=2, thresholds=[1, 2, 3])
    with pytest.raises(sdc.InvalidInputError, match="at least 1"):
        sdc.scan_combinations(small, ["a", "b"], thresholds=0)
    with pytest.raises(sdc.InvalidInputError, match="category or ignore"):
        sdc.scan_combinations(small, ["a"], missing="wildcard")
    with pytest.raises(sdc.InvalidInputError, match="max_combinations"):
        sdc.scan_combinations(small, ["a", "b"], max_combinations=2)


# -- trajectory unicity ---------------------------------------------------------------------------

@pytest.fixture
def panel():
    # A: (1, x), (2, y); B: (1, x), (2, z); C: (1, w).
    return pd.DataFrame({"person": ["A", "A", "B", "B", "C"], "month": [1, 2, 1, 2, 1],
                         "place": ["x", "y", "x", "z", "w"]})


def test_unicity_exact_by_hand(panel):
    # p = 1: A's points {(1,x)} (shared with B) and {(2,y)} (unique): 1/2; B likewise 1/2; C: 1.
    r = sdc.trajectory_unicity(panel, "person", "month", "place", points=1, mode="exact")
    assert r["unicity"] == pytest.approx((0.5 + 0.5 + 1) / 3)
    assert (r["persons"], r["persons_eligible"], r["draws"], r["unique_draws"]) == (3, 3, 5, 3)
    assert r["distinct_points"] == 4
    # p = 2: A's and B's two points are unique; C has one point and is excluded.
    r = sdc.trajectory_unicity(panel, "person", "month", "place", points=2, mode="exact")
    assert (r["unicity"], r["persons_excluded"], r["persons_assessed"]) == (1.0, 1, 2)
    r = sdc.trajectory_unicity(panel, "person", "month", "place", points=2, mode="exact",
                               short_trajectories="all_points")
    assert (r["unicity"], r["persons_excluded"]) == (1.0, 0)
    # Without variables a point is a month of presence: A and B share both months.
    r = sdc.trajectory_unicity(panel, "person", "month", points=2, mode="exact")
    assert r["unicity"] == 0.0


def test_unicity_sample_is_seeded(panel):
    a = sdc.trajectory_unicity(panel, "person", "month", "place", points=1, seed=7, persons=0, draws_per_person=50)
    b = sdc.trajectory_unicity(panel, "person", "month", "place", points=1, seed=7, persons=0, draws_per_person=50)
    assert a == b
    assert a["draws"] == 150 and a["seed"] == 7 and a["mode"] == "sample"
    # C's draws are all unique, A's and B's half in expectation.
    assert 50 < a["unique_draws"] < 150


def test_unicity_bad_input(panel):
    with pytest.raises(sdc.InvalidInputError, match="points must be at least 1"):
        sdc.trajectory_unicity(panel, "person", "month", points=0)
    with pytest.raises(sdc.InvalidInputError, match="sample or exact"):
        sdc.trajectory_unicity(panel, "person", "month", mode="all")
    with pytest.raises(sdc.InvalidInputError) as e:
        sdc.trajectory_unicity(panel, "person", "week")
    assert e.value.code == "unknown_column"
