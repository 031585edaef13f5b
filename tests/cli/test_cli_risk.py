# SPDX-License-Identifier: MIT
"""`sdc risk` against the SDC Practice Guide example (methods.md 4.1) and sdcMicro golden files."""
import csv
import json
import math
import os
import subprocess

import pytest

SDC = os.environ.get("SDC_CLI", "sdc")
TEST_DATA = os.environ.get(
    "SDC_TEST_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "data"))
SHARED_DATA = os.environ.get(
    "SDC_SHARED_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data"))

EXAMPLE = """Residence,Gender,Education,Labor,Health,W,hid
Urban,Female,Secondary incomplete,Employed,yes,180,1
Urban,Female,Secondary incomplete,Employed,yes,180,1
Urban,Female,Primary incomplete,Non-LF,yes,215,2
Urban,Male,Secondary complete,Employed,yes,76,2
Rural,Female,Secondary complete,Unemployed,yes,186,3
Urban,Male,Secondary complete,Employed,no,76,4
Urban,Female,Primary complete,Non-LF,no,180,4
Urban,Male,Post-secondary,Unemployed,yes,215,4
Urban,Female,Secondary incomplete,Non-LF,no,186,5
Urban,Female,Secondary incomplete,Non-LF,yes,76,6
"""
KEYS = "Residence,Gender,Education,Labor"


def run_risk(tmp_path, data, *args, expect=0):
    out_json = tmp_path / "risk.json"
    out_csv = tmp_path / "per_record.csv"
    cmd = [SDC, "risk", "--data", str(data), "--json", str(out_json), "--per-record", str(out_csv),
           *args]
    result = subprocess.run(cmd, capture_output=True, text=True)
    assert result.returncode == expect, result.stderr + result.stdout
    if expect != 0:
        return result, None, None
    with open(out_json) as f:
        figures = json.load(f)
    with open(out_csv, newline="") as f:
        rows = list(csv.DictReader(f))
    return result, figures, rows


@pytest.fixture
def example(tmp_path):
    path = tmp_path / "example.csv"
    path.write_text(EXAMPLE)
    return path


def test_practice_guide_example_with_weights_and_households(tmp_path, example):
    result, figures, rows = run_risk(tmp_path, example, "--keys", KEYS, "--weights", "W",
                                     "--household", "hid")
    assert "expected re-identifications" in result.stdout
    assert figures["n"] == 10
    assert figures["keys"] == KEYS.split(",")
    assert figures["k_anonymity"]["2"] == {"records": 4, "combinations": 4}
    assert figures["k_anonymity"]["3"] == {"records": 10, "combinations": 7}
    assert set(figures["k_anonymity"]) == {"2", "3", "5", "10"}
    assert figures["sample_uniques"] == 4
    assert abs(figures["expected_reidentifications"] - 0.1582346) < 1e-7
    assert figures["global_risk"] == pytest.approx(figures["expected_reidentifications"] / 10)
    assert abs(figures["max_individual_risk"] - 0.0290109) < 1e-7
    assert "household_expected_reidentifications" in figures

    assert [float(r["fk"]) for r in rows] == [2, 2, 1, 2, 1, 2, 1, 1, 2, 2]
    assert [float(r["Fk"]) for r in rows] == [360, 360, 215, 152, 186, 152, 180, 215, 262, 262]
    expected = [0.0054245, 0.0054245, 0.0250964, 0.0125634, 0.0282473, 0.0125634, 0.0290109,
                0.0250964, 0.0074038, 0.0074038]
    for row, r in zip(rows, expected):
        assert abs(float(row["risk"]) - r) < 1e-7
    # Household risk: 1 - prod(1 - r_j) over the members of each household, every member.
    households = {}
    for row, hid in zip(rows, [1, 1, 2, 2, 3, 4, 4, 4, 5, 6]):
        households.setdefault(hid, []).append(float(row["risk"]))
    total = 0.0
    for row, hid in zip(rows, [1, 1, 2, 2, 3, 4, 4, 4, 5, 6]):
        h = 1 - math.prod(1 - r for r in households[hid])
        assert float(row["household_risk"]) == pytest.approx(h, rel=1e-12)
        total += h
    assert figures["household_expected_reidentifications"] == pytest.approx(total, rel=1e-12)


def test_without_weights_er_is_the_number_of_keys(tmp_path, example):
    _, figures, rows = run_risk(tmp_path, example, "--keys", KEYS)
    assert figures["expected_reidentifications"] == pytest.approx(7.0)
    assert [float(r["Fk"]) for r in rows] == [float(r["fk"]) for r in rows]
    assert "household_expected_reidentifications" not in figures
    assert list(rows[0]) == ["fk", "Fk", "risk"]


def test_wildcard_practice_guide_table_4_2(tmp_path):
    path = tmp_path / "na.csv"
    path.write_text("Gender;Education;Labor\nMale;SecComplete;Employed\n"
                    "Male;SecIncomplete;Employed\nMale;NA;Employed\n")
    _, figures, rows = run_risk(tmp_path, path, "--keys", "Gender,Education,Labor",
                                "--missing", "wildcard", "--delimiter", ";",
                                "--allow-constant-keys")
    assert [float(r["fk"]) for r in rows] == [2, 2, 3]
    assert figures["missing"] == "wildcard"
    _, _, rows = run_risk(tmp_path, path, "--keys", "Gender,Education,Labor",
                          "--missing", "wildcard", "--alpha", "0.5", "--delimiter", ";",
                          "--allow-constant-keys")
    assert [float(r["fk"]) for r in rows] == [1.5, 1.5, 3]


def test_bad_input_is_a_usage_error(tmp_path, example):
    result, _, _ = run_risk(tmp_path, example, "--keys", "Residence,Nope", expect=2)
    assert "unknown_column" in result.stderr
    constant = tmp_path / "constant.csv"
    constant.write_text("A,B\n1,x\n2,x\n")
    result, _, _ = run_risk(tmp_path, constant, "--keys", "A,B", expect=2)
    assert "'B'" in result.stderr
    result, _, _ = run_risk(tmp_path, example, "--keys", KEYS, "--weights", "Health", expect=2)
    assert "type_mismatch" in result.stderr
    result, _, _ = run_risk(tmp_path, example, "--keys", KEYS, "--missing", "maybe", expect=2)


def cli_has(option):
    help_text = subprocess.run([SDC, "risk", "--help"], capture_output=True, text=True).stdout
    return option in help_text


def test_sensitive_and_suda_hooks(tmp_path, example):
    if not (cli_has("--sensitive") and cli_has("--suda")):
        pytest.skip("l-diversity or SUDA2 not in this build")
    _, figures, rows = run_risk(tmp_path, example, "--keys", KEYS, "--sensitive", "Health", "--suda")
    # methods.md 4.1: distinct l-diversity of Health and SUDA scores ((M-k)! weights)
    assert [int(r["l_distinct_Health"]) for r in rows] == [1, 1, 1, 2, 1, 2, 1, 1, 2, 2]
    assert [float(r["suda_score"]) for r in rows] == [0, 0, 6, 0, 12, 0, 6, 10, 0, 0]
    assert figures["l_diversity"]["variables"]["Health"]["distinct"]["minimum"] == 1
    assert figures["suda"]["total_score"] == 34


# --- sdcMicro golden files (tests/data/sdcmicro, generated by tests/data/generate_golden.R) ---

GOLDEN = os.path.join(TEST_DATA, "sdcmicro")


def golden_rows(name):
    path = os.path.join(GOLDEN, name)
    if not os.path.exists(path):
        pytest.skip(f"golden file {name} not present")
    with open(path, newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines))


def value(text):
    return math.nan if text in ("NA", "", "NaN") else float(text)


def shared_file(name):
    path = os.path.join(SHARED_DATA, "sdcmicro", name)
    if not os.path.exists(path):
        pytest.skip(f"shared data {name} not present")
    return path


TD_KEYS = "urbrur,roof,walls,water,electcon,relat,sex"


def assert_close(actual, expected, what, rel=1e-9):
    assert len(actual) == len(expected)
    bad = [(i, a, e) for i, (a, e) in enumerate(zip(actual, expected))
           if not abs(a - e) <= rel * abs(e) + 1e-14]
    assert not bad, f"{what}: {len(bad)} records differ, first {bad[:3]}"


def summary(name):
    return {row["name"]: value(row["value"]) for row in golden_rows(name)}


def test_golden_testdata_weights_and_households(tmp_path):
    data = shared_file("testdata.csv")
    golden = golden_rows("testdata_risk.csv")
    expected = summary("testdata_summary.csv")
    _, figures, rows = run_risk(tmp_path, data, "--keys", TD_KEYS, "--weights", "sampling_weight",
                                "--household", "ori_hid")
    for column in ("fk", "Fk", "risk"):
        assert_close([float(r[column]) for r in rows], [value(g[column]) for g in golden], column)
    assert_close([float(r["household_risk"]) for r in rows], [value(g["hier_risk"]) for g in golden],
                 "household risk")
    assert figures["expected_reidentifications"] == pytest.approx(expected["global_risk_ER"], rel=1e-9)
    assert figures["global_risk"] == pytest.approx(expected["global_risk"], rel=1e-9)
    assert figures["household_expected_reidentifications"] == pytest.approx(
        expected["hier_risk_ER"], rel=1e-9)
    assert figures["sample_uniques"] == expected["n1"]
    for k in (2, 3, 5):
        assert figures["k_anonymity"][str(k)]["records"] == expected[f"records_fk_lt_{k}"]
        assert figures["k_anonymity"][str(k)]["combinations"] == expected[f"keys_fk_lt_{k}"]


def test_golden_testdata_with_nas_wildcard(tmp_path):
    data = shared_file("testdata.csv")
    golden = golden_rows("testdata_na_records.csv")
    # testdata with the generator's NAs in walls and water.
    with open(data, newline="") as f:
        records = list(csv.DictReader(f))
    for record, g in zip(records, golden):
        record["walls"], record["water"] = g["walls"], g["water"]
    path = tmp_path / "testdata_na.csv"
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    for alpha, tag in ((1, "alpha1"), (0.5, "alpha05"), (0, "alpha0")):
        _, figures, rows = run_risk(tmp_path, path, "--keys", TD_KEYS, "--weights", "sampling_weight",
                                    "--missing", "wildcard", "--alpha", str(alpha),
                                    "--sdcmicro-compatible")
        assert_close([float(r["fk"]) for r in rows], [value(g["fk_" + tag]) for g in golden], "fk " + tag)
        assert_close([float(r["Fk"]) for r in rows], [value(g["Fk_" + tag]) for g in golden], "Fk " + tag)
        assert_close([float(r["risk"]) for r in rows], [value(g["rk_" + tag]) for g in golden],
                     "risk " + tag)
    # The default does not give risk 0 to the fractional fk in (1, 2).
    _, _, rows = run_risk(tmp_path, path, "--keys", TD_KEYS, "--weights", "sampling_weight",
                          "--missing", "wildcard", "--alpha", "0.5")
    trapped = [r for r in rows if 1 < float(r["fk"]) < 2]
    assert len(trapped) == 17
    assert all(float(r["risk"]) > 0 for r in trapped)


def test_golden_free1_k_anonymity_records_versus_combinations(tmp_path):
    data = shared_file("free1.csv")
    expected = summary("free1_summary.csv")
    _, figures, _ = run_risk(tmp_path, data, "--keys", "REGION,SEX,AGE", "--weights", "WEIGHT")
    assert figures["k_anonymity"]["3"] == {"records": 3452, "combinations": 3058}
    for k in (2, 3, 5):
        assert figures["k_anonymity"][str(k)]["records"] == expected[f"records_fk_lt_{k}"]
        assert figures["k_anonymity"][str(k)]["combinations"] == expected[f"keys_fk_lt_{k}"]
    assert figures["expected_reidentifications"] == pytest.approx(expected["global_risk_ER"], rel=1e-9)
