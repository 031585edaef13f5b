# SPDX-License-Identifier: MIT
"""sdc.review, sdc.lattice_search and sdc.local_suppression: the same review as `sdc review`
(parity of the JSON and of the readable text), hand-worked small requests, pandas recomputations
of the lattice search's minimal nodes, sdcMicro's kAnon counts, and bad input."""
import json
import math
import os
import subprocess

import numpy as np
import pandas as pd
import pytest

import sdc
from conftest import EXAMPLES, SHARED_DATA, TEST_DATA

CLI = os.environ.get("SDC_CLI")
ADULT = SHARED_DATA / "adult" / "adult.csv"
ADULT_DIR = EXAMPLES / "review" / "adult"
PLATFORM_DIR = EXAMPLES / "review" / "platform"
needs_cli = pytest.mark.skipif(not CLI or not os.path.exists(CLI), reason="SDC_CLI not set")


def read_like_cli(path, sep=","):
    """The data as the CLI reads it: every value text, "" and "NA" missing."""
    return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, na_values=["", "NA"])


@pytest.fixture(scope="module")
def adult():
    if not ADULT.exists():
        pytest.skip(f"{ADULT} not found")
    return read_like_cli(ADULT, sep=";")


def cli_review(tmp_path, *args):
    out = tmp_path / "review.json"
    run = subprocess.run([CLI, "review", *map(str, args), "--json", str(out)], capture_output=True, text=True)
    assert run.returncode in (0, 1, 3), run.stderr
    return run, json.loads(out.read_text())


def same_review(ours, theirs):
    """Every field but the data's path (and the --where conditions, applied in pandas here)."""
    ours, theirs = dict(ours), dict(theirs)
    for key in ("data", "where"):
        ours.pop(key)
        theirs.pop(key)
    for key in theirs:
        assert ours[key] == theirs[key], key
    assert ours == theirs


@needs_cli
def test_adult_parity_with_cli(tmp_path, adult):
    run, theirs = cli_review(tmp_path, "--data", ADULT, "--delimiter", ";", "--dictionary",
                             ADULT_DIR / "dictionary.csv", "--request", ADULT_DIR / "request.csv", "--k", 5,
                             "--max-suppressed-share", 0.01)
    r = sdc.review(adult, ADULT_DIR / "dictionary.csv", ADULT_DIR / "request.csv",
                   target={"k": 5, "max_suppressed_share": 0.01})
    same_review(r.to_dict(), theirs)
    assert json.loads(r.to_json()) == r.to_dict()
    # The readable review: the CLI's, but for the first line (the file name) and the exit code.
    ours = r.text().splitlines()
    cli = run.stdout.rstrip("\n").splitlines()
    assert [line.rstrip() for line in ours[1:-1]] == [line.rstrip() for line in cli[1:-1]]
    assert cli[-1].startswith(ours[-1])
    # Values checked independently (tests/cli/test_cli_review.py, with pandas): 18109
    # combinations, 21977 records below 5, 14021 uniques; without age 7185 and 3760.
    assert r.verdict == "review"
    assert r.profile["n_combinations"] == 18109
    assert r.profile["k_anonymity"]["5"]["records"] == 21977
    assert r.profile["sample_uniques"] == 14021
    age = r.contributions.set_index("variable").loc["age"]
    assert (age["records_at_risk_without"], age["sample_uniques_without"]) == (7185, 3760)
    assert r.generalisations["precision_loss"].is_monotonic_increasing
    assert (r.generalisations["records_suppressed"] <= 301).all()
    assert r.suppression["as_requested"]["records_below_k"] == 21977
    assert r.score["justification_penalty"] == pytest.approx(5)
    assert r.requested.set_index("variable").loc["race", "justified"] == False  # noqa: E712


@needs_cli
def test_platform_parity_with_cli(tmp_path):
    extract = read_like_cli(EXAMPLES / "data" / "extract.csv")
    _, theirs = cli_review(tmp_path, "--data", EXAMPLES / "data" / "extract.csv", "--weights", "weight", "--k", 3,
                           "--where", "reference_period=201709", "--dictionary", PLATFORM_DIR / "dictionary.csv",
                           "--request", PLATFORM_DIR / "request.csv")
    month = extract[extract["reference_period"] == "201709"].copy()
    month["weight"] = month["weight"].astype(float)
    r = sdc.review(month, PLATFORM_DIR / "dictionary.csv", PLATFORM_DIR / "request.csv", target={"k": 3},
                   weights="weight")
    same_review(r.to_dict(), theirs)
    # tests/cli/test_cli_review.py (pandas): 5041 records, 3247 combinations, 3321 below 3.
    assert r.profile["n_records"] == 5041
    assert r.profile["n_combinations"] == 3247
    assert r.profile["k_anonymity"]["3"]["records"] == 3321
    assert r.to_dict()["identifiers"] == ["individual_id"]


def test_frames_and_dicts_give_the_review_of_the_files(adult):
    dictionary = pd.read_csv(ADULT_DIR / "dictionary.csv")
    dictionary["hierarchy"] = [str(ADULT_DIR / h) for h in dictionary["hierarchy"]]
    request = pd.read_csv(ADULT_DIR / "request.csv", keep_default_na=False)
    keys = ["age", "sex", "race"]
    sub_request = request[request["variable"].isin(keys)]
    from_files = sdc.review(adult, ADULT_DIR / "dictionary.csv", sub_request, target=5)
    from_frames = sdc.review(adult, dictionary, sub_request, target=5)
    assert from_frames.to_dict() == from_files.to_dict()
    # Hierarchies as DataFrames (level names from their column names) and a dict request.
    hierarchies = {name: pd.read_csv(ADULT_DIR / "hierarchies" / f"{name}.csv", sep=";", header=None, dtype=str)
                   for name in keys}
    hierarchies["age"].columns = ["years", "5-year bands", "10-year bands", "20-year bands", "*"]
    as_dicts = sdc.review(adult, {name: "key" for name in keys},
                          {row.variable: {"level": row.level, "justification": row.justification}
                           for row in sub_request.itertuples()},
                          target=5, hierarchies=hierarchies)
    a, b = as_dicts.to_dict(), from_files.to_dict()
    for part in ("as_requested", "contributions", "generalisations", "local_suppression", "verdict"):
        assert a[part] == b[part], part


@pytest.fixture
def tiny():
    # Keys a (1..4) and s; five records: classes (1,F) x2, (2,F), (3,M), (4,M).
    return pd.DataFrame({"id": [1, 2, 3, 4, 5], "a": [1, 1, 2, 3, 4], "s": ["F", "F", "F", "M", "M"],
                         "y": [10.0, 11.0, 12.0, 13.0, 14.0]})


TINY_HIERARCHY = [["1", "1-2", "*"], ["2", "1-2", "*"], ["3", "3-4", "*"], ["4", "3-4", "*"]]


def test_hand_worked_review(tiny):
    r = sdc.review(tiny, {"id": "identifier", "a": {"role": "key", "hierarchy": TINY_HIERARCHY}, "s": "key",
                          "y": "sensitive"},
                   {"id": "panel", "a": "we need the age structure of the outcome", "s": "", "y": "outcome"},
                   target={"k": 2})
    assert r.key_variables == ["a", "s"]
    d = r.to_dict()
    assert d["identifiers"] == ["id"] and d["sensitive"] == ["y"]
    assert d["unjustified"] == ["id", "s", "y"]  # shorter than 20 characters
    # As requested: 4 classes, 3 of them single records; k = 2 fails for 3 records.
    assert r.profile["n_combinations"] == 4
    assert r.profile["sample_uniques"] == 3
    assert r.profile["k_anonymity"]["2"] == {"records": 3, "combinations": 3}
    assert r.profile["meets_target"] is False
    # Without s the classes of a are 1 (x2), 2, 3, 4: still 3 records at risk; without a, F x3
    # and M x2: none.
    c = r.contributions.set_index("variable")
    assert c.loc["s", "records_at_risk_without"] == 3
    assert c.loc["a", "records_at_risk_without"] == 0
    # a at level 1 (1-2, 3-4) with s: (1-2,F) x3, (3-4,M) x2: 2-anonymous, the least loss.
    best = r.generalisations.iloc[0]
    assert best["levels"] == (1, 0) and best["records_suppressed"] == 0
    assert r.verdict == "review"  # an identifier, and generalisation needed
    assert r.score["identifier_penalty"] == 25


def test_lattice_search_by_hand(tiny):
    res = sdc.lattice_search(tiny, ["a", "s"], hierarchies={"a": TINY_HIERARCHY}, target={"k": 2})
    # Minimal 2-anonymous nodes: (1, 0) [classes (1-2,F) x3, (3-4,M) x2] and (0, 1)? With s
    # dropped, a's classes 1 x2, 2, 3, 4 fail; (2, 0): F x3, M x2 passes but is above (1, 0);
    # (0, 1) fails, (1, 1) is above (1, 0). So (1, 0) is the only minimal node.
    assert res.minimal["levels"].tolist() == [(1, 0)]
    assert res.minimal["a"].tolist() == ["level 1"] and res.minimal["s"].tolist() == ["original"]
    assert res.minimal["classes"].tolist() == [2]
    assert res.minimal["discernibility"].tolist() == [3 ** 2 + 2 ** 2]
    assert res.attainable
    # With up to 3 of the 5 records suppressible, the original values (3 at risk) are enough.
    allowed = sdc.lattice_search(tiny, ["a", "s"], hierarchies={"a": TINY_HIERARCHY},
                                 target={"k": 2, "max_suppressed_share": 0.6})
    assert (0, 0) in allowed.minimal["levels"].tolist()


def test_lattice_search_minimal_nodes_checked_with_pandas(adult):
    keys = ["age", "sex", "race"]
    hierarchies = {name: pd.read_csv(ADULT_DIR / "hierarchies" / f"{name}.csv", sep=";", header=None, dtype=str)
                   for name in keys}
    res = sdc.lattice_search(adult, keys, hierarchies=hierarchies, target={"k": 10, "max_suppressed_share": 0.002})
    budget = math.floor(0.002 * len(adult))

    def at_risk(levels):
        recoded = pd.DataFrame({name: adult[name].map(dict(zip(hierarchies[name][0], hierarchies[name][level])))
                                for name, level in zip(keys, levels)})
        sizes = recoded.groupby(keys)[keys[0]].transform("size")
        return int((sizes < 10).sum())

    assert len(res.minimal) > 0
    for levels in res.minimal["levels"]:
        assert at_risk(levels) <= budget, levels
        for v in range(len(keys)):  # one level lower in any variable fails
            if levels[v] > 0:
                lower = list(levels)
                lower[v] -= 1
                assert at_risk(lower) > budget, (levels, lower)


def test_local_suppression_against_sdcmicro():
    data_path = SHARED_DATA / "sdcmicro" / "testdata.csv"
    golden_path = TEST_DATA / "sdcmicro" / "testdata_summary.csv"
    if not data_path.exists() or not golden_path.exists():
        pytest.skip("testdata or its golden summary not found")
    keys = ["urbrur", "roof", "walls", "water", "electcon", "relat", "sex"]
    s = pd.read_csv(golden_path, comment="#")
    s = dict(zip(s["name"], s["value"]))
    data = pd.read_csv(data_path)
    r = sdc.local_suppression(data, keys, k=3)
    assert r.summary["records_below_k_before"] == int(s["records_fk_lt_3"])  # 281, as sdcMicro
    assert r.summary["records_below_k_after"] == 0
    assert r.summary["total_suppressions"] == len(r.cells) == sum(r.summary["suppressions"].values())
    # sdcMicro's kAnon needs 293 suppressions on these data.
    assert r.summary["total_suppressions"] <= int(s["kanon3_total_suppressions"])
    # The end state, recomputed by brute force: fk with missing values as wildcards >= 3.
    codes = r.data[keys].to_numpy(dtype=float)
    observed = ~np.isnan(codes)
    for i in range(len(codes)):
        match = ((codes == codes[i]) | ~observed | ~observed[i]).all(axis=1)
        assert match.sum() >= 3
    # The input is untouched, and exactly the listed values became missing.
    assert data[keys].notna().all().all()
    changed = np.argwhere((r.data[keys].isna() & data[keys].notna()).to_numpy())
    assert sorted(map(tuple, changed.tolist())) == sorted(
        (data.index.get_loc(rec), keys.index(var)) for rec, var in zip(r.cells["record"], r.cells["variable"]))


def test_bad_input(tiny, tmp_path):
    dictionary = {"a": "key", "s": "key"}
    with pytest.raises(sdc.InvalidInputError, match="'z' is not in the data dictionary") as e:
        sdc.review(tiny, dictionary, {"a": "x", "z": "y"})
    assert e.value.code == "unknown_column"
    with pytest.raises(sdc.InvalidInputError, match="not in the microdata") as e:
        sdc.review(tiny, {"a": "key", "w": "key"}, ["a", "w"])
    assert e.value.code == "unknown_column"
    with pytest.raises(sdc.InvalidInputError) as e:
        sdc.review(tiny.iloc[:0], dictionary, ["a"])
    assert e.value.code == "empty_input"
    with pytest.raises(sdc.InvalidInputError, match="unknown target field"):
        sdc.review(tiny, dictionary, ["a"], target={"l": 2})
    with pytest.raises(sdc.InvalidInputError, match="k must be at least 1"):
        sdc.review(tiny, dictionary, ["a"], target={"k": 0})
    with pytest.raises(sdc.InvalidInputError, match="unknown role 'quasi'"):
        sdc.review(tiny, {"a": "quasi"}, ["a"])
    with pytest.raises(sdc.InvalidInputError, match="requested twice"):
        sdc.review(tiny, dictionary, pd.DataFrame({"variable": ["a", "a"], "justification": ["", ""]}))
    with pytest.raises(sdc.InvalidInputError, match="'5' of variable 'a' is not in its generalisation hierarchy"):
        sdc.review(tiny.assign(a=[1, 1, 2, 3, 5]), {"a": {"role": "key", "hierarchy": TINY_HIERARCHY}}, ["a"])
    with pytest.raises(sdc.InvalidInputError, match="unknown level"):
        sdc.review(tiny, {"a": {"role": "key", "hierarchy": TINY_HIERARCHY}}, {"a": {"level": "decades"}})
    with pytest.raises(sdc.IOFailureError):
        sdc.review(tiny, tmp_path / "no_such_dictionary.csv", ["a"])
    bad = tmp_path / "dictionary.csv"
    bad.write_text("variable,role\na,key\na,key\n")
    with pytest.raises(sdc.InvalidInputError, match="listed twice"):
        sdc.review(tiny, bad, ["a"])
    with pytest.raises(sdc.InvalidInputError, match="listed twice"):
        sdc.review(tiny, pd.DataFrame({"variable": ["a", "a"], "role": ["key", "key"]}), ["a"])
    with pytest.raises(sdc.InvalidInputError) as e:
        sdc.lattice_search(tiny, ["a", "nope"])
    assert e.value.code == "unknown_column"
    with pytest.raises(sdc.InvalidInputError, match="k must be at least 1"):
        sdc.local_suppression(tiny, ["a", "s"], k=0)
    with pytest.raises(sdc.InvalidInputError) as e:
        sdc.local_suppression(tiny, ["a", "t"])
    assert e.value.code == "unknown_column"
