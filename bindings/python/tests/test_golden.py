# SPDX-License-Identifier: MIT
"""sdc against the frozen outputs of sdcMicro 5.8.2 and sdcTable 0.34.0 (tests/data, generated
by tests/data/generate_golden.R; the README there documents every file and column)."""
import numpy as np
import pandas as pd
import pytest

import sdc
from conftest import SHARED_DATA, TEST_DATA

MICRO = TEST_DATA / "sdcmicro"
TABLE = TEST_DATA / "sdctable"
TESTDATA_KEYS = ["urbrur", "roof", "walls", "water", "electcon", "relat", "sex"]
FRANCDAT_KEYS = ["Key1", "Key2", "Key3", "Key4"]


def golden(path):
    if not path.exists():
        pytest.skip(f"{path} not found (tests/data/generate_golden.R)")
    return pd.read_csv(path, comment="#")


def shared(name):
    path = SHARED_DATA / "sdcmicro" / name
    if not path.exists():
        pytest.skip(f"{path} not found")
    return pd.read_csv(path)


def summary(path):
    frame = golden(path)
    return dict(zip(frame["name"], frame["value"]))


# -- sdcMicro: key frequencies, individual, household and global risk ----------------------------

def test_testdata_risk():
    data = shared("testdata.csv")
    expected = golden(MICRO / "testdata_risk.csv")
    r = sdc.risk(data, TESTDATA_KEYS, weights="sampling_weight", household="ori_hid", missing="wildcard")
    per = r.per_record
    assert per["fk"].tolist() == expected["fk"].tolist()
    assert per["Fk"].tolist() == expected["Fk"].tolist()
    assert per["risk"].to_numpy() == pytest.approx(expected["rk_approx"].to_numpy(), rel=1e-12)
    assert per["household_risk"].to_numpy() == pytest.approx(expected["hier_risk"].to_numpy(), rel=1e-12)
    unweighted = sdc.risk(data, TESTDATA_KEYS, missing="wildcard").per_record
    assert unweighted["risk"].to_numpy() == pytest.approx(expected["risk_unweighted"].to_numpy(), rel=1e-15)
    # sdcMicro's exact series overflows to NaN for large fk; compare where it is finite.
    exact = sdc.risk(data, TESTDATA_KEYS, weights="sampling_weight", method="exact").per_record["risk"]
    finite = expected["rk_exact"].notna()
    assert exact[finite].to_numpy() == pytest.approx(expected.loc[finite, "rk_exact"].to_numpy(), rel=1e-9)


def test_testdata_summary():
    data = shared("testdata.csv")
    s = summary(MICRO / "testdata_summary.csv")
    r = sdc.risk(data, TESTDATA_KEYS, weights="sampling_weight", household="ori_hid", missing="wildcard",
                 k=[2, 3, 5]).summary
    assert r["n"] == s["n"]
    assert r["expected_reidentifications"] == pytest.approx(s["global_risk_ER"], rel=1e-12)
    assert r["global_risk"] == pytest.approx(s["global_risk"], rel=1e-12)
    assert r["household_expected_reidentifications"] == pytest.approx(s["hier_risk_ER"], rel=1e-12)
    assert r["household_global_risk"] == pytest.approx(s["hier_risk"], rel=1e-12)
    assert r["n_combinations"] == s["distinct_keys"]
    for k in (2, 3, 5):
        assert r["k_anonymity"][str(k)]["records"] == s[f"records_fk_lt_{k}"]
        assert r["k_anonymity"][str(k)]["combinations"] == s[f"keys_fk_lt_{k}"]
    assert sdc.risk(data, TESTDATA_KEYS, missing="wildcard").summary["expected_reidentifications"] == \
        pytest.approx(s["global_risk_ER_unweighted"])


@pytest.mark.parametrize("g", ["0.01", "0.005", "0.002", "0.001", "0.0001"])
def test_testdata_global_threshold(g):
    data = shared("testdata.csv")
    expected = summary(MICRO / "testdata_summary.csv")[f"global_threshold_max_global_risk_{g}"]
    t = sdc.risk(data, TESTDATA_KEYS, weights="sampling_weight", missing="wildcard",
                 max_global_risk=float(g)).summary["global_threshold"]
    if np.isnan(expected):  # sdcMicro: NA when the global risk is already below g
        assert t["attainable"] and t["records_above"] == 0
    elif expected == 0:     # sdcMicro: 0 when no level satisfies the condition
        assert not t["attainable"]
    else:
        assert t["attainable"] and t["threshold"] == pytest.approx(expected, rel=1e-12)


def test_free1_k_anonymity_records_versus_combinations():
    data = shared("free1.csv")
    s = summary(MICRO / "free1_summary.csv")
    expected = golden(MICRO / "free1_risk.csv")
    r = sdc.risk(data, ["REGION", "SEX", "AGE"], weights="WEIGHT", missing="wildcard", k=[2, 3, 5])
    assert r.summary["k_anonymity"]["3"] == {"records": 3452, "combinations": 3058}
    for k in (2, 3, 5):
        assert r.summary["k_anonymity"][str(k)] == {"records": s[f"records_fk_lt_{k}"],
                                                    "combinations": s[f"keys_fk_lt_{k}"]}
    assert r.per_record["fk"].tolist() == expected["fk"].tolist()
    assert r.per_record["Fk"].to_numpy() == pytest.approx(expected["Fk"].to_numpy(), rel=1e-12)
    assert r.per_record["risk"].to_numpy() == pytest.approx(expected["rk_approx"].to_numpy(), rel=1e-12)


def with_injected_nas(expected):
    data = shared("testdata.csv")
    return data.assign(walls=expected["walls"].to_numpy(), water=expected["water"].to_numpy())


@pytest.mark.parametrize("alpha, tag", [(1.0, "1"), (0.5, "05"), (0.0, "0")])
def test_testdata_wildcard_alpha(alpha, tag):
    expected = golden(MICRO / "testdata_na_records.csv")
    data = with_injected_nas(expected)
    kwargs = dict(weights="sampling_weight", missing="wildcard", alpha=alpha)
    compatible = sdc.risk(data, TESTDATA_KEYS, sdcmicro_compatible=True, **kwargs).per_record
    assert compatible["fk"].to_numpy() == pytest.approx(expected[f"fk_alpha{tag}"].to_numpy(), rel=1e-12)
    assert compatible["Fk"].to_numpy() == pytest.approx(expected[f"Fk_alpha{tag}"].to_numpy(), rel=1e-12)
    assert compatible["risk"].to_numpy() == pytest.approx(expected[f"rk_alpha{tag}"].to_numpy(), rel=1e-9)
    # The default mode differs from sdcMicro only where sdcMicro's trap gives risk 0 (1 < fk < 2).
    default = sdc.risk(data, TESTDATA_KEYS, **kwargs).per_record
    trap = (expected[f"fk_alpha{tag}"] > 1) & (expected[f"fk_alpha{tag}"] < 2)
    assert (expected.loc[trap, f"rk_alpha{tag}"] == 0).all()
    assert (default.loc[trap.to_numpy(), "risk"] > 0).all()
    assert default.loc[~trap.to_numpy(), "risk"].to_numpy() == pytest.approx(
        expected.loc[~trap, f"rk_alpha{tag}"].to_numpy(), rel=1e-9)


def test_testdata_with_nas_suda2_and_l_diversity():
    expected = golden(MICRO / "testdata_na_records.csv")
    data = with_injected_nas(expected)
    s = sdc.suda2(data, TESTDATA_KEYS).per_record
    assert s["score"].to_numpy() == pytest.approx(expected["suda_score"].to_numpy(), rel=1e-12)
    assert s["dis_score"].to_numpy() == pytest.approx(expected["dis_score"].to_numpy(), rel=1e-6, abs=1e-12)
    ld = sdc.l_diversity(data, TESTDATA_KEYS, "hhcivil").per_record
    assert ld["hhcivil_distinct"].tolist() == expected["ldiv_distinct_l"].tolist()


@pytest.mark.parametrize("alpha, tag", [(1.0, "1"), (0.5, "05"), (0.1, "01"), (0.0, "0")])
def test_francdat_wildcard_example(alpha, tag):
    expected = golden(MICRO / "francdat_na_records.csv")
    data = expected[["Key1", "Key2", "Key3", "Key4", "w"]]
    r = sdc.risk(data, FRANCDAT_KEYS, weights="w", missing="wildcard", alpha=alpha, sdcmicro_compatible=True)
    per = r.per_record
    assert per["fk"].to_numpy() == pytest.approx(expected[f"fk_alpha{tag}"].to_numpy(), rel=1e-12)
    assert per["Fk"].to_numpy() == pytest.approx(expected[f"Fk_alpha{tag}"].to_numpy(), rel=1e-12)
    assert per["risk"].to_numpy() == pytest.approx(expected[f"rk_alpha{tag}"].to_numpy(), rel=1e-9)


# -- sdcMicro: SUDA2 and l-diversity ---------------------------------------------------------

@pytest.mark.parametrize("name, keys", [("testdata", TESTDATA_KEYS), ("francdat", FRANCDAT_KEYS)])
def test_suda2_scores_and_contributions(name, keys):
    data = shared(f"{name}.csv")
    expected = golden(MICRO / (f"{name}_suda2.csv" if name == "testdata" else f"{name}_records.csv"))
    result = sdc.suda2(data, keys)
    per = result.per_record
    assert per["score"].to_numpy() == pytest.approx(expected["score"].to_numpy(), rel=1e-12)
    assert per["dis_score"].to_numpy() == pytest.approx(expected["dis_score"].to_numpy(), rel=1e-6, abs=1e-12)
    ihsn = sdc.suda2(data, keys, weighting="ihsn").per_record
    assert ihsn["score"].to_numpy() == pytest.approx(expected["score_ihsn"].to_numpy(), rel=1e-12)
    assert ihsn["dis_score"].to_numpy() == pytest.approx(expected["dis_score_ihsn"].to_numpy(), rel=1e-6,
                                                         abs=1e-12)
    # sdcMicro's per-record "contribution_pct" is the fraction of the score from MSUs with the key.
    score = per["score"].to_numpy()
    for key in keys:
        share = np.divide(result.contributions[key].to_numpy(), score, out=np.zeros_like(score), where=score > 0)
        assert share == pytest.approx(expected[f"contribution_pct_{key}"].to_numpy(), rel=1e-9, abs=1e-12)
    attributes = golden(MICRO / f"{name}_suda2_attributes.csv").set_index("variable")
    for key in keys:
        assert 100 * result.summary["attribute_contribution"][key] == pytest.approx(
            attributes.loc[key, "contribution"], rel=1e-9)


def test_testdata_l_diversity():
    data = shared("testdata.csv")
    expected = golden(MICRO / "testdata_ldiversity.csv")
    per = sdc.l_diversity(data, TESTDATA_KEYS, "hhcivil", recursive_c=2).per_record
    assert per["hhcivil_distinct"].tolist() == expected["distinct_l"].tolist()
    assert per["hhcivil_entropy"].to_numpy() == pytest.approx(expected["entropy_l"].to_numpy(), rel=1e-12)
    compatible = sdc.l_diversity(data, TESTDATA_KEYS, "hhcivil", recursive_c=2, sdcmicro_compatible=True)
    assert compatible.per_record["hhcivil_recursive"].tolist() == expected["recursive_l"].tolist()


# -- sdcTable: primary suppression ----------------------------------------------------------

def statuses(result, dims):
    """{(label, ...): status} of sdc's cells, labels as text ("Total" for margins)."""
    cells = result.cells
    keys = zip(*(cells[d].astype(str) for d in dims))
    return dict(zip(keys, cells["status"]))


def expected_statuses(frame, dims):
    return dict(zip(zip(*(frame[d].astype(str) for d in dims)), frame["sdcStatus"]))


OFF = {"min_count": 1, "nk": None, "p_percent": None, "pq": None, "zeros": "ignore"}
MICRODATA1_RULES = {
    "freq_maxN2": {"min_count": 3},
    "freq_maxN3": {"min_count": 4},
    "nk_n2_k75": {"nk": (2, 75)},
    "nk_n2_k85": {"nk": (2, 85)},
    "p_p70": {"p_percent": 70},
    "p_p80": {"p_percent": 80},
    "pq_p25_q50": {"pq": (25, 50)},
    "pq_p60_q80": {"pq": (60, 80)},
}


@pytest.mark.parametrize("case", sorted(MICRODATA1_RULES))
def test_microdata1_primary_suppression(microdata1, case):
    expected = golden(TABLE / f"microdata1_{case}.csv")
    dims = ["region", "gender"]
    result = sdc.crosstab(microdata1, "region", "gender", values="val", aggfunc="sum", profile="sdctable",
                          **dict(OFF, **MICRODATA1_RULES[case]))
    ours = statuses(result, dims)
    theirs = expected_statuses(expected, dims)
    assert set(ours) == set(theirs)
    assert {cell for cell, status in ours.items() if status == "fail"} == \
        {cell for cell, status in theirs.items() if status == "u"}
    cells = result.cells.assign(**{d: result.cells[d].astype(str) for d in dims}).set_index(dims)
    frame = expected.assign(**{d: expected[d].astype(str) for d in dims}).set_index(dims)
    assert cells.loc[frame.index, "records"].tolist() == frame["freq"].tolist()
    assert cells.loc[frame.index, "value"].tolist() == frame["val"].tolist()
    report = {tuple(c["coords"][d] or "Total" for d in dims): c for c in result.to_dict()["cells"]}
    for key, row in frame.iterrows():
        top = report[key]["evidence"]["top_contributions"]
        assert top[0] == row["top1"]
        assert (top[1] if len(top) > 1 else np.nan) == pytest.approx(row["top2"], nan_ok=True)


@pytest.mark.parametrize("table", ["urbrur_roof_sex", "roof_water_sex"])
@pytest.mark.parametrize("rule, settings", [("freq_maxN3", {"min_count": 4}), ("nk_n2_k85", {"nk": (2, 85)}),
                                            ("p_p80", {"p_percent": 80})])
def test_testdata_three_dimensional_tables(table, rule, settings):
    data = shared("testdata.csv")
    expected = golden(TABLE / f"testdata_{table}_{rule}.csv")
    dims = table.split("_")
    result = sdc.crosstab(data, dims[:2], dims[2], values="income", aggfunc="sum", profile="sdctable",
                          **dict(OFF, **settings))
    ours = statuses(result, dims)
    theirs = expected_statuses(expected, dims)
    assert set(ours) == set(theirs)
    assert {cell for cell, status in ours.items() if status == "fail"} == \
        {cell for cell, status in theirs.items() if status == "u"}
    # sdcTable's "z" (forced publishable) is its status of every empty cell.
    empty = {cell for cell, status in theirs.items() if status == "z"}
    cells = result.cells
    assert empty == {key for key, n in zip(zip(*(cells[d].astype(str) for d in dims)), cells["records"]) if n == 0}


def zeros_microdata():
    """The 10-record table typed into generate_golden.R: (A, female) is empty."""
    rows = [("A", "male", v) for v in (5, 7, 9, 11)] + [("B", "male", v) for v in (2, 4, 6, 8, 10)] + \
        [("B", "female", 12)]
    return pd.DataFrame(rows, columns=["region", "gender", "val"])


@pytest.mark.parametrize("case, settings", [
    ("freq_maxN3_allowZeros_false", {"min_count": 4, "zeros": "ignore"}),
    ("freq_maxN3_allowZeros_true", {"min_count": 4, "zeros": "fail"}),
    ("nk_n2_k85", {"nk": (2, 85)}),
])
def test_zero_cells(case, settings):
    expected = golden(TABLE / f"zeros_{case}.csv")
    dims = ["region", "gender"]
    result = sdc.crosstab(zeros_microdata(), "region", "gender", values="val", aggfunc="sum", profile="sdctable",
                          **dict(OFF, **settings))
    ours = statuses(result, dims)
    theirs = expected_statuses(expected, dims)
    assert {cell for cell, status in ours.items() if status == "fail"} == \
        {cell for cell, status in theirs.items() if status == "u"}


def test_weighted_tables_count_unweighted_contributors():
    # sdcTable compares weighted counts with maxN, so with weights 100 it flags no populated
    # cell; sdc's threshold counts respondents (methods.md 1.4), so it flags the cells that
    # sdcTable flags without weights.
    data = shared("testdata.csv")
    dims = ["urbrur", "roof", "sex"]
    weighted = expected_statuses(golden(TABLE / "testdata_urbrur_roof_sex_weighted_freq_maxN3.csv"), dims)
    unweighted = expected_statuses(golden(TABLE / "testdata_urbrur_roof_sex_freq_maxN3.csv"), dims)
    assert "u" not in weighted.values()
    result = sdc.crosstab(data, dims[:2], dims[2], values="income", aggfunc="sum", weights="sampling_weight",
                          profile="sdctable", **dict(OFF, min_count=4))
    assert {cell for cell, status in statuses(result, dims).items() if status == "fail"} == \
        {cell for cell, status in unweighted.items() if status == "u"}
