# SPDX-License-Identifier: MIT
"""Microdata risk against published values (SDC Practice Guide, methods.md 4.1) and pandas
group-bys."""
import numpy as np
import pandas as pd
import pytest

import sdc

KEYS = ["Residence", "Gender", "Education", "Labor"]


def test_practice_guide_fk_Fk_and_individual_risk(ihsn):
    r = sdc.risk(ihsn, KEYS, weights="W")
    assert r.per_record["fk"].tolist() == [2, 2, 1, 2, 1, 2, 1, 1, 2, 2]
    assert r.per_record["Fk"].tolist() == [360, 360, 215, 152, 186, 152, 180, 215, 262, 262]
    expected = [0.0054245, 0.0054245, 0.0250964, 0.0125634, 0.0282473, 0.0125634, 0.0290109, 0.0250964,
                0.0074038, 0.0074038]
    assert r.per_record["risk"].tolist() == pytest.approx(expected, abs=5e-8)
    assert r.summary["expected_reidentifications"] == pytest.approx(0.1582346, abs=5e-7)
    assert r.summary["k_anonymity"]["2"]["records"] == 4
    assert r.summary["k_anonymity"]["3"]["records"] == 10
    assert r.per_record.index.equals(ihsn.index)


def test_summary_names_are_the_cli_json_names(ihsn):
    s = sdc.risk(ihsn, KEYS, weights="W", max_global_risk=0.01).summary
    for name in ["n", "keys", "weights", "missing", "alpha", "risk_method", "sdcmicro_compatible",
                 "n_combinations", "k_anonymity", "sample_uniques", "unique_combinations", "class_sizes",
                 "expected_reidentifications", "global_risk", "max_individual_risk", "attacker_models",
                 "global_threshold", "warnings"]:
        assert name in s
    assert s["keys"] == KEYS and s["weights"] == "W" and s["n"] == 10
    assert set(s["attacker_models"]) == {"risk_threshold", "prosecutor", "journalist", "marketer"}


def test_practice_guide_wildcard_example():
    df = pd.DataFrame({"g": ["Male"] * 3, "e": ["SecComplete", "SecIncomplete", None],
                       "l": ["Employed"] * 3})
    f = sdc.key_frequencies(df, ["g", "e", "l"], missing="wildcard", allow_constant_keys=True)
    assert f["fk"].tolist() == [2, 2, 3]
    assert sdc.key_frequencies(df, ["g", "e", "l"], allow_constant_keys=True)["fk"].tolist() == [1, 1, 1]
    with pytest.raises(sdc.InvalidInputError, match="constant"):
        sdc.key_frequencies(df, ["g", "e", "l"])


def test_practice_guide_l_diversity_and_suda(ihsn):
    ld = sdc.l_diversity(ihsn, KEYS, "Health")
    assert ld.per_record["Health_distinct"].tolist() == [1, 1, 1, 2, 1, 2, 1, 1, 2, 2]
    assert ld.summary["variables"]["Health"]["distinct"]["minimum"] == 1
    s = sdc.suda2(ihsn, KEYS)
    assert s.per_record["score"].tolist() == [0, 0, 6, 0, 12, 0, 6, 10, 0, 0]
    s_ihsn = sdc.suda2(ihsn, KEYS, weighting="ihsn")
    assert s_ihsn.per_record["score"].tolist() == pytest.approx([0, 0, 1.75, 0, 3.25, 0, 1.75, 2.75, 0, 0])
    r = sdc.risk(ihsn, KEYS, sensitive="Health", suda=True)
    assert r.per_record["suda_score"].tolist() == [0, 0, 6, 0, 12, 0, 6, 10, 0, 0]
    assert r.per_record["l_distinct"].tolist() == [1, 1, 1, 2, 1, 2, 1, 1, 2, 2]
    assert r.summary["suda"]["n_msus"] == s.summary["n_msus"]


def test_l_diversity_per_class_and_lazy_per_record_against_pandas():
    # Independent oracle: pandas groupby (missing keys a group of their own, missing sensitive
    # values ignored, as sdc's defaults).
    rng = np.random.default_rng(20261202)
    n = 500
    df = pd.DataFrame({"a": rng.choice(["x", "y", "z"], n), "b": rng.choice(["1", "2", None], n),
                       "s": rng.choice(["p", "q", "r", None], n)})
    ld = sdc.l_diversity(df, ["a", "b"], "s")
    grouped = df.groupby(["a", "b"], dropna=False)["s"]

    def entropy_l(values):
        counts = values.dropna().value_counts()
        p = counts / counts.sum()
        return float(np.exp(-(p * np.log(p)).sum())) if len(counts) else 0.0

    assert len(ld.per_class) == grouped.ngroups == ld.summary["n_classes"]
    assert ld.per_class["size"].sum() == n
    assert ld.class_of_record.shape == (n,)
    per = ld.per_record
    assert per is ld.per_record  # made once, then kept
    assert list(per.columns) == ["s_distinct", "s_entropy", "s_recursive"]
    assert per["s_distinct"].tolist() == grouped.transform("nunique").tolist()
    assert per["s_entropy"].to_numpy() == pytest.approx(grouped.transform(entropy_l).to_numpy(), rel=1e-12)
    # Each record has its class's row of per_class.
    for column in per.columns:
        assert np.array_equal(per[column].to_numpy(), ld.per_class[column].to_numpy()[ld.class_of_record])
    assert ld.per_class["size"].to_numpy()[ld.class_of_record].tolist() == grouped.transform("size").tolist()


def test_household_risk_example():
    # methods.md 4.1: members with risks 0.02, 0.03, 0.03 give 1 - 0.98 * 0.97 * 0.97.
    from sdc import _core
    household = _core.Categorical("h", np.array([0, 0, 0, 1], dtype=np.int32), 2)
    out = _core.household_risk(np.array([0.02, 0.03, 0.03, 0.5]), household)
    assert out["risk"].tolist() == pytest.approx([0.077918] * 3 + [0.5], abs=5e-7)
    assert out["n_households"] == 2


@pytest.mark.filterwarnings("ignore::sdc.SdcWarning")  # the extract has weights just below 1
def test_fk_Fk_equal_pandas_groupby(extract):
    keys = ["i_gender", "i_age", "i_residence_country", "i_citizenship"]
    ours = sdc.key_frequencies(extract, keys, weights="weight")
    grouped = extract.groupby(keys, dropna=False)
    assert ours["fk"].tolist() == grouped["weight"].transform("size").astype(float).tolist()
    assert ours["Fk"].to_numpy() == pytest.approx(grouped["weight"].transform("sum").to_numpy(), rel=1e-12)


@pytest.mark.filterwarnings("ignore::sdc.SdcWarning")  # the extract has weights just below 1
def test_household_risk_equals_product_formula(extract):
    keys = ["i_gender", "i_age", "i_location_residence"]
    r = sdc.risk(extract, keys, weights="weight", household="household_id")
    per = r.per_record.assign(h=extract["household_id"])
    expected = 1 - per.groupby("h")["risk"].transform(lambda x: np.prod(1 - x))
    assert per["household_risk"].to_numpy() == pytest.approx(expected.to_numpy(), rel=1e-9, abs=1e-15)
    assert r.summary["n_households"] == extract["household_id"].nunique()


def test_unweighted_risk_is_one_over_fk_and_er_is_the_number_of_keys(extract):
    keys = ["i_gender", "i_age", "j_sector"]
    r = sdc.risk(extract, keys)
    assert r.per_record["risk"].to_numpy() == pytest.approx(1 / r.per_record["fk"].to_numpy())
    n_keys = len(extract.groupby(keys).size())
    assert r.summary["n_combinations"] == n_keys
    assert r.summary["expected_reidentifications"] == pytest.approx(n_keys)


def test_k_anonymity_counts_records_and_combinations(ihsn):
    report = sdc.k_anonymity(ihsn, KEYS, k=[2, 3])
    levels = {level["k"]: level for level in report["levels"]}
    assert levels[2]["records"] == 4 and levels[2]["combinations"] == 4
    assert levels[3]["records"] == 10 and levels[3]["combinations"] == 7


def test_weights_below_one_warn(ihsn):
    df = ihsn.assign(W=0.5)
    with pytest.warns(sdc.SdcWarning, match="below 1"):
        r = sdc.risk(df, KEYS, weights="W")
    assert r.summary["warnings"]


def test_risk_defaults_come_from_the_core():
    import inspect

    from sdc import _core
    signature = inspect.signature(sdc.risk)
    assert signature.parameters["missing"].default == _core.frequency_defaults()["missing"]
    assert signature.parameters["alpha"].default == _core.frequency_defaults()["alpha"]
    assert list(signature.parameters["k"].default) == _core.k_anonymity_defaults()["k"]
    assert signature.parameters["method"].default == _core.individual_risk_defaults()["method"]


def emd(p, q, ordered):
    """Earth Mover's Distance of two distributions over m ordered values (Li, Li &
    Venkatasubramanian 2007), written from the definition."""
    p, q = np.asarray(p, float), np.asarray(q, float)
    if not ordered:
        return 0.5 * np.abs(p - q).sum()
    return np.abs(np.cumsum(p - q)).sum() / (len(p) - 1) if len(p) > 1 else 0.0


@pytest.mark.parametrize("distance", ["ordered", "equal"])
def test_t_closeness_equals_the_definition(distance):
    df = pd.DataFrame({"k": ["A"] * 3 + ["B"] * 3 + ["C"] * 2, "s": [1, 1, 2, 3, 3, 3, 2, 2]})
    result = sdc.t_closeness(df, "k", "s", distance=distance)
    values = [1, 2, 3]
    overall = df["s"].value_counts(normalize=True).reindex(values, fill_value=0)
    expected = {}
    for key, group in df.groupby("k"):
        share = group["s"].value_counts(normalize=True).reindex(values, fill_value=0)
        expected[key] = emd(share, overall, distance == "ordered")
    assert result.per_record["distance"].tolist() == pytest.approx([expected[k] for k in df["k"]])
    assert result.summary["t"] == pytest.approx(max(expected.values()))
    assert result.summary["n_values"] == 3 and result.summary["n_classes"] == 3
    # the same values as text categories in that order give the same distances
    as_text = df.assign(s=pd.Categorical(df["s"].map({1: "low", 2: "mid", 3: "high"}),
                                         categories=["low", "mid", "high"], ordered=True))
    assert sdc.t_closeness(as_text, "k", "s", distance=distance).per_record["distance"].tolist() == pytest.approx(
        result.per_record["distance"].tolist())


def test_t_closeness_of_wages_on_the_extract(extract):
    september = extract[extract["reference_period"] == 201709]
    result = sdc.t_closeness(september, ["i_gender", "i_residence_country"], "wage")
    assert 0 < result.summary["t"] < 1
    assert result.per_record.index.equals(september.index)
    with pytest.raises(sdc.InvalidInputError, match="wildcard"):
        sdc.t_closeness(september, ["i_gender"], "wage", missing="wildcard")


@pytest.mark.filterwarnings("ignore::sdc.SdcWarning")
def test_population_uniqueness(extract):
    september = extract[extract["reference_period"] == 201709]
    keys = ["i_gender", "i_age", "i_residence_country", "i_citizenship"]
    sample_uniques = int((september.groupby(keys).size() == 1).sum())
    census = sdc.population_uniqueness(september, keys, sampling_fraction=1.0)
    assert census["sample_uniques"] == sample_uniques
    assert census["sample_size"] == len(september)
    assert census["sample_classes"] == len(september.groupby(keys))
    assert census["population_size"] == len(september)
    weighted = sdc.population_uniqueness(september, keys, weights="weight")
    assert weighted["population_size"] == pytest.approx(september["weight"].sum())
    assert weighted["model"] == "dankar" and weighted["model_used"] in ("zayatz", "pitman", "snb")
    assert {"zayatz", "pitman", "snb", "pitman_fit", "snb_fit", "notes"} <= set(weighted)
    ten_percent = sdc.population_uniqueness(september, keys, sampling_fraction=0.1, model="zayatz")
    assert ten_percent["model_used"] == "zayatz"
    assert ten_percent["uniques"] == ten_percent["zayatz"]["uniques"]
    with pytest.raises(sdc.InvalidInputError, match="population_size or sampling_fraction"):
        sdc.population_uniqueness(september, keys)
