# SPDX-License-Identifier: MIT
"""Python and the command-line tool give the same report on the same data (the JSON of
`sdc table`, `sdc check-table` and `sdc risk`). Needs SDC_CLI (set by ctest)."""
import json
import os
import subprocess

import pandas as pd
import pytest

import sdc

CLI = os.environ.get("SDC_CLI")
pytestmark = [pytest.mark.cli, pytest.mark.skipif(not CLI or not os.path.exists(CLI), reason="SDC_CLI not set")]


def run_cli(*args):
    out = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)
    assert out.returncode in (0, 1, 3, 4, 10, 11, 12), out.stderr  # pass/review/fail codes, not errors
    return out


def cli_json(tmp_path, command, *args):
    path = tmp_path / "report.json"
    run_cli(command, *args, "--json", path)
    with open(path) as f:
        return json.load(f)


def assert_same_report(python_report, cli_report):
    assert python_report["cells"] == cli_report["cells"]
    assert python_report == cli_report


def test_sum_table_with_suppression(tmp_path, microdata1):
    path = tmp_path / "microdata1.csv"
    microdata1.to_csv(path, index=False)
    ours = sdc.crosstab(microdata1, "region", "gender", values="val", aggfunc="sum", profile="sdctable",
                        suppress=True, min_count=3, p_percent=80).to_dict()
    theirs = cli_json(tmp_path, "table", "--data", path, "--rows", "region", "--cols", "gender", "--value", "val",
                      "--stat", "sum", "--profile", "sdctable", "--suppress", "--min-count", "3",
                      "--p-percent", "80")
    assert_same_report(ours, theirs)


@pytest.mark.parametrize("stat", ["count", "mean", "median", "max"])
def test_extract_tables(tmp_path, extract, stat):
    path = tmp_path / "extract.csv"
    extract.to_csv(path, index=False)
    kwargs = {} if stat == "count" else {"values": "wage"}
    ours = sdc.crosstab(extract, "i_age", "j_sector", aggfunc=stat, **kwargs).to_dict()
    args = ["--data", path, "--rows", "i_age", "--cols", "j_sector", "--stat", stat]
    if stat != "count":
        args += ["--value", "wage"]
    assert_same_report(ours, cli_json(tmp_path, "table", *args))


def test_weighted_table_with_holding(tmp_path, extract):
    path = tmp_path / "extract.csv"
    extract.to_csv(path, index=False)
    ours = sdc.crosstab(extract, ["i_gender", "i_residence_country"], "j_sector", values="wage", aggfunc="sum",
                        weights="weight", holding="employer_id", suppress=True).to_dict()
    theirs = cli_json(tmp_path, "table", "--data", path, "--rows", "i_gender,i_residence_country",
                      "--cols", "j_sector", "--stat", "sum", "--value", "wage", "--weights", "weight",
                      "--holding", "employer_id", "--suppress")
    assert_same_report(ours, theirs)


def test_check_table(tmp_path):
    table = pd.DataFrame({"region": ["A", "A", "B", "B", "Total"], "sex": ["f", "m", "f", "m", "Total"],
                          "n": [2, 18, 19, 14, 53], "s": [20.0, 178, 204, 140, 542],
                          "t1": [11.0, 20, 30, 15, 30], "t2": [9.0, 19, 20, 14, 20]})
    path = tmp_path / "aggregated.csv"
    table.to_csv(path, index=False)
    ours = sdc.check_table(table, "region", "sex", count="n", sum="s", top1="t1", top2="t2", suppress=True).to_dict()
    theirs = cli_json(tmp_path, "check-table", "--table", path, "--rows", "region", "--cols", "sex", "--count", "n",
                      "--sum", "s", "--top1", "t1", "--top2", "t2", "--suppress")
    assert_same_report(ours, theirs)


@pytest.mark.filterwarnings("ignore::sdc.SdcWarning")
def test_risk_summary(tmp_path, extract):
    path = tmp_path / "extract.csv"
    extract.to_csv(path, index=False)
    keys = ["i_gender", "i_age", "i_location_residence", "i_citizenship"]
    ours = sdc.risk(extract, keys, weights="weight", household="household_id", max_global_risk=0.05).summary
    theirs = cli_json(tmp_path, "risk", "--data", path, "--keys", ",".join(keys), "--weights", "weight",
                      "--household", "household_id", "--max-global-risk", "0.05")
    assert set(ours) == set(theirs)
    for name, value in theirs.items():
        assert ours[name] == value, name


def test_risk_per_record(tmp_path, ihsn):
    path = tmp_path / "ihsn.csv"
    ihsn.to_csv(path, index=False)
    per_record = tmp_path / "per_record.csv"
    run_cli("risk", "--data", path, "--keys", "Residence,Gender,Education,Labor", "--weights", "W", "--suda",
            "--per-record", per_record)
    theirs = pd.read_csv(per_record)
    ours = sdc.risk(ihsn, ["Residence", "Gender", "Education", "Labor"], weights="W", suda=True).per_record
    for column in theirs.columns:
        assert ours[column].tolist() == pytest.approx(theirs[column].tolist(), rel=1e-15), column


def test_risk_with_suda_and_l_diversity(tmp_path, ihsn):
    path = tmp_path / "ihsn.csv"
    ihsn.to_csv(path, index=False)
    keys = ["Residence", "Gender", "Education", "Labor"]
    if "--sensitive" not in run_cli("risk", "--help").stdout:
        pytest.skip("this sdc CLI has no --sensitive")
    theirs = cli_json(tmp_path, "risk", "--data", path, "--keys", ",".join(keys), "--weights", "W", "--suda",
                      "--sensitive", "Health", "--l", "2", "--missing", "wildcard")
    ours = sdc.risk(ihsn, keys, weights="W", suda=True, sensitive="Health", l=2, missing="wildcard").summary
    assert ours == theirs
