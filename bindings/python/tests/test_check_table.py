# SPDX-License-Identifier: MIT
"""Aggregated tables (end-of-process checking) and degrees of freedom of models."""
import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

import sdc

TOTAL = sdc.TOTAL_LABEL


def aggregates(df):
    """One row per interior cell: count, sum and the two largest values, computed by pandas."""
    grouped = df.groupby(["region", "gender"])["val"]
    out = grouped.agg(count="size", total="sum").reset_index()
    top = grouped.apply(lambda s: sorted(s, reverse=True)[:2] + [np.nan] * (2 - min(len(s), 2)))
    out["top1"] = [t[0] for t in top]
    out["top2"] = [t[1] for t in top]
    return out


def failing(result):
    cells = result.cells
    return {(r, g) for r, g in cells.loc[cells.status == "fail", ["region", "gender"]].itertuples(index=False)}


def test_aggregated_table_gives_the_microdata_verdicts(microdata1):
    agg = aggregates(microdata1)
    settings = dict(min_count=1, nk=None, pq=None, p_percent=80)
    from_aggregates = sdc.check_table(agg, "region", "gender", count="count", sum="total", top1="top1",
                                      top2="top2", profile="sdctable", **settings)
    from_microdata = sdc.crosstab(microdata1, "region", "gender", values="val", aggfunc="sum",
                                  profile="sdctable", **settings)
    assert failing(from_aggregates) == failing(from_microdata) == {("A", "female"), ("D", "male"), ("D", TOTAL)}
    pd.testing.assert_frame_equal(from_aggregates.table, from_microdata.table, check_index_type=False,
                                  check_column_type=False)


def test_counts_only_table_with_given_margins():
    df = pd.DataFrame({"sex": ["m", "f", TOTAL], "n": [12, 3, 15]})
    t = sdc.check_table(df, "sex", count="n")
    assert t.statistic == "count"
    cells = t.cells.set_index("sex")
    assert cells.loc["f", "status"] == "fail"
    assert cells.loc[TOTAL, "value"] == 15
    assert list(t.table.index) == ["f", "m", TOTAL]


def test_sums_without_top_contributions_are_review_never_pass():
    df = pd.DataFrame({"a": ["x", "y"], "n": [20, 30], "s": [100.0, 200.0]})
    t = sdc.check_table(df, "a", count="n", sum="s")
    assert t.status == "review"
    assert set(t.cells.status) == {"review"}
    assert all("not_evaluable" in r for r in t.cells.reasons)


def test_bad_counts_are_invalid_input():
    df = pd.DataFrame({"a": ["x", "y"], "n": [2.5, 3]})
    with pytest.raises(sdc.InvalidInputError, match="not a whole number"):
        sdc.check_table(df, "a", count="n")
    df = pd.DataFrame({"a": ["x", "x"], "n": [2, 3]})
    with pytest.raises(ValueError, match="describe the same cell"):
        sdc.check_table(df, "a", count="n")


def test_check_dof_of_a_statsmodels_fit(microdata1):
    model = smf.ols("val ~ C(region) + C(gender)", data=microdata1).fit()
    result = sdc.check_dof(model)
    assert result.dof == model.df_resid == 95
    assert result.status == "pass"
    small = smf.ols("val ~ C(region) + C(gender)", data=microdata1.iloc[:12]).fit()
    verdict = sdc.check_dof(small)
    assert verdict.dof == 12 - 5
    assert verdict.status == "fail"
    assert verdict.reasons[0][0] == "threshold"
    assert "7 residual degrees of freedom, fewer than 10" in verdict.reasons[0][2]


def test_check_dof_of_a_number_with_settings():
    assert sdc.check_dof(9).status == "fail"
    assert sdc.check_dof(10.0).status == "pass"
    assert sdc.check_dof(6, min_dof=5).status == "pass"
    with pytest.raises(sdc.InvalidInputError):
        sdc.check_dof(float("nan"))
    with pytest.raises(sdc.InvalidInputError, match="df_resid"):
        sdc.check_dof("ten")
