# SPDX-License-Identifier: MIT
"""Tables from microdata against independent computations: pandas (counts, sums, means, ...),
hand counts, and the published sdcTable microdata1 suppressions (methods.md 4.2)."""
import json

import numpy as np
import pandas as pd
import pytest

import sdc

TOTAL = sdc.TOTAL_LABEL


def pandas_crosstab(df, index, columns, **kwargs):
    return pd.crosstab(df[index], df[columns], margins=True, margins_name=TOTAL, **kwargs)


def test_counts_equal_pandas_crosstab(microdata1):
    ours = sdc.crosstab(microdata1, "region", "gender").table
    theirs = pandas_crosstab(microdata1, "region", "gender")
    pd.testing.assert_frame_equal(ours, theirs, check_names=True, check_index_type=False,
                                  check_column_type=False)


def test_sums_equal_pandas_crosstab(microdata1):
    ours = sdc.crosstab(microdata1, "region", "gender", values="val", aggfunc="sum").table
    theirs = pandas_crosstab(microdata1, "region", "gender", values=microdata1["val"], aggfunc="sum")
    pd.testing.assert_frame_equal(ours, theirs.astype(float), check_index_type=False, check_column_type=False)


@pytest.mark.parametrize("aggfunc", ["mean", "median", "std", "var", "min", "max"])
def test_magnitude_statistics_equal_pandas_pivot_table(extract, aggfunc):
    ours = sdc.pivot_table(extract, "wage", "i_gender", "j_sector", aggfunc=aggfunc).table
    theirs = extract.pivot_table(values="wage", index="i_gender", columns="j_sector", aggfunc=aggfunc,
                                 margins=True, margins_name=TOTAL)
    pd.testing.assert_frame_equal(ours, theirs.astype(float), check_names=False, check_index_type=False,
                                  check_column_type=False, rtol=1e-9)


def test_percentile_equals_numpy_linear_interpolation(microdata1):
    ours = sdc.crosstab(microdata1, "region", values="val", aggfunc="percentile", percentile=25).table
    theirs = microdata1.groupby("region")["val"].quantile(0.25)
    assert ours["val"].drop(TOTAL).tolist() == pytest.approx(theirs.tolist())
    assert ours.loc[TOTAL, "val"] == pytest.approx(np.percentile(microdata1["val"], 25))


def test_counts_on_the_extract_equal_pandas(extract):
    ours = sdc.crosstab(extract, "i_age", "j_sector").table
    theirs = pandas_crosstab(extract, "i_age", "j_sector")
    pd.testing.assert_frame_equal(ours, theirs, check_names=True, check_index_type=False,
                                  check_column_type=False)


def test_weighted_counts_equal_sum_of_weights(extract):
    ours = sdc.crosstab(extract, "i_gender", "i_residence_country", weights="weight").table
    theirs = pandas_crosstab(extract, "i_gender", "i_residence_country", values=extract["weight"], aggfunc="sum")
    pd.testing.assert_frame_equal(ours, theirs, check_names=True, check_index_type=False,
                                  check_column_type=False, rtol=1e-9)


def test_three_dimensions_interior_equals_groupby(extract):
    result = sdc.crosstab(extract, ["i_gender", "i_age"], "j_sector", margins=False)
    theirs = extract.groupby(["i_gender", "i_age", "j_sector"]).size().unstack(fill_value=0)
    pd.testing.assert_frame_equal(result.table, theirs, check_names=False, check_index_type=False,
                                  check_column_type=False, check_dtype=False)


def test_layout_rows_columns_and_totals(microdata1):
    t = sdc.crosstab(microdata1, "region")
    assert list(t.table.index) == ["A", "B", "C", "D", TOTAL]
    assert list(t.table.columns) == ["count"]
    both = sdc.crosstab(microdata1, ["region", "gender"]).table
    assert both.index.names == ["region", "gender"]
    assert len(both) == 5 * 3 and both.loc[(TOTAL, TOTAL), "count"] == 100
    t2 = sdc.crosstab(microdata1, "gender", ["region"], margins=False)
    assert t2.table.shape == (2, 4)
    assert TOTAL not in t2.table.index and TOTAL not in t2.table.columns
    # the verdicts still cover the margins
    assert len(t2.cells) == 3 * 5


def test_missing_spanning_values_form_their_own_category():
    df = pd.DataFrame({"a": ["x", None, "y", "x", None], "b": ["u", "v", "u", "v", "u"]})
    table = sdc.crosstab(df, "a", "b", min_count=1).table
    assert list(table.index) == ["x", "y", sdc.MISSING_LABEL, TOTAL]
    assert table.loc[sdc.MISSING_LABEL, TOTAL] == 2
    assert table.loc[TOTAL, TOTAL] == 5


def test_microdata1_cell_facts(microdata1):
    t = sdc.crosstab(microdata1, "region", "gender", values="val", aggfunc="sum", profile="sdctable")
    cells = t.cells.set_index(["region", "gender"])
    assert cells.loc[("A", "female"), "n"] == 2
    assert cells.loc[("A", "female"), "value"] == 20
    assert cells.loc[("D", "male"), "n"] == 11
    assert cells.loc[("D", "male"), "value"] == 366
    assert cells.loc[("D", TOTAL), "value"] == 518


def failing_cells(result):
    cells = result.cells
    return {(r, g) for r, g in cells.loc[cells.status == "fail", ["region", "gender"]].itertuples(index=False)}


ONLY = {"nk": None, "p_percent": None, "pq": None, "min_count": 1}


@pytest.mark.parametrize("rule, expected", [
    ({"min_count": 3}, {("A", "female")}),
    ({"nk": (2, 75)}, {("A", "female"), ("D", "male")}),
    ({"p_percent": 70}, {("A", "female"), ("D", "male")}),
    ({"pq": (60, 80)}, {("A", "female"), ("D", "male")}),
    ({"p_percent": 80}, {("A", "female"), ("D", "male"), ("D", TOTAL)}),
])
def test_published_sdctable_primary_suppressions(microdata1, rule, expected):
    settings = dict(ONLY, **rule)
    result = sdc.crosstab(microdata1, "region", "gender", values="val", aggfunc="sum", profile="sdctable",
                          **settings)
    assert failing_cells(result) == expected
    assert result.status == "fail"


def test_suppression_masks_failing_cells_and_flags_revealing_margins(microdata1):
    t = sdc.crosstab(microdata1, "region", "gender", values="val", aggfunc="sum", profile="sdctable",
                     suppress=True, **dict(ONLY, min_count=3))
    assert np.isnan(t.suppressed_table.loc["A", "female"])
    assert t.suppressed_table.loc["A", "male"] == 178
    assert t.suppression["suppressed_cells"] == 1
    assert t.suppression["revealing_margins"] == 2
    assert t.published_status == "review"
    cells = t.cells.set_index(["region", "gender"])
    assert "reveals_suppressed" in cells.loc[("A", TOTAL), "reasons"]


def test_acro_default_threshold_on_counts(microdata1):
    t = sdc.crosstab(microdata1, "region", "gender")
    assert t.status == "fail"
    assert failing_cells(t) == {("A", "female")}
    assert t.cells.set_index(["region", "gender"]).loc[("A", "female"), "messages"] == (
        "cell (region=A, gender=female): 2 contributors, fewer than 10",)
    assert t.published_status is None


def test_rule_values_in_python_syntax(microdata1):
    t = sdc.crosstab(microdata1, "region", "gender", values="val", aggfunc="sum",
                     nk=[(2, 75), (3, 90)], pq=(60, 80), p_percent=None, dominance_boundary_fails=True,
                     zeros="review", class_disclosure_share=0.95)
    rules = t.rules
    assert rules["nk"] == "2:75, 3:90"
    assert rules["pq"] == "60:80"
    assert rules["p_percent"] == "none"
    assert rules["dominance_boundary_fails"] == "true"
    assert rules["zeros"] == "review"
    assert rules["profile"] == "acro (modified)"


def test_holding_counts_distinct_holdings():
    firms = [f"f{i % 3}" for i in range(12)] + [f"g{i}" for i in range(12)]
    df = pd.DataFrame({"a": ["x"] * 12 + ["y"] * 12, "firm": firms, "v": np.arange(24, dtype=float)})
    t = sdc.crosstab(df, "a", values="v", aggfunc="sum", holding="firm", nk=None, p_percent=None)
    cells = t.cells.set_index("a")
    assert cells.loc["x", "n"] == 3 and cells.loc["x", "records"] == 12
    assert cells.loc["y", "n"] == 12
    assert cells.loc["x", "status"] == "fail" and cells.loc["y", "status"] == "ok"


def test_unit_counts_distinct_units():
    df = pd.DataFrame({"a": ["x"] * 10, "person": ["p1"] * 5 + ["p2"] * 5})
    t = sdc.crosstab(df, "a", unit="person")
    assert t.cells["n"].tolist() == [2, 2]
    assert t.status == "fail"


def test_to_json_round_trips_and_hides_suppressed_numbers(microdata1):
    t = sdc.crosstab(microdata1, "region", "gender", values="val", aggfunc="sum", profile="sdctable",
                     suppress=True, **dict(ONLY, min_count=3))
    report = json.loads(t.to_json())
    assert report == t.to_dict()
    assert report["status"] == "fail" and report["published_status"] == "review"
    suppressed = [c for c in report["cells"] if c["suppressed"]]
    assert len(suppressed) == 1
    assert suppressed[0]["coords"] == {"region": "A", "gender": "female"}
    assert suppressed[0]["n"] is None and suppressed[0]["value"] is None and "evidence" not in suppressed[0]
    total = [c for c in report["cells"] if c["coords"] == {"region": None, "gender": None}][0]
    assert total["value"] == 1284 and total["margin"] is True
    assert "20" not in json.dumps(suppressed)


def test_summary_is_readable(microdata1):
    text = sdc.crosstab(microdata1, "region", "gender").summary()
    assert "status: fail" in text
    assert "2 [F]" in text
    assert "threshold" in text and "fewer than 10" in text
