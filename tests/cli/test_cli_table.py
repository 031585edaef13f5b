# SPDX-License-Identifier: MIT
"""`sdc table` and `sdc check-table`: values checked against pandas and methods.md 4.2."""
import os

import pandas as pd
import pytest


def microdata1(shared_data):
    return os.path.join(shared_data, "sdctable", "microdata1.csv")


def failing_cells(report):
    return sorted(
        (c["coords"]["region"] or "Total", c["coords"]["gender"] or "Total")
        for c in report["cells"]
        if c["status"] == "fail"
    )


@pytest.mark.parametrize(
    "settings, expected",
    [
        (["--min-count", "3", "--nk", "none", "--p-percent", "none"], [("A", "female")]),
        (["--min-count", "1", "--nk", "2:75", "--p-percent", "none"], [("A", "female"), ("D", "male")]),
        (["--min-count", "1", "--nk", "none", "--p-percent", "70"], [("A", "female"), ("D", "male")]),
        (["--min-count", "1", "--nk", "none", "--p-percent", "none", "--pq", "60:80"], [("A", "female"), ("D", "male")]),
        (["--min-count", "1", "--nk", "none", "--p-percent", "80"], [("A", "female"), ("D", "Total"), ("D", "male")]),
    ],
)
def test_microdata1_primary_suppressions_of_methods_4_2(sdc, shared_data, settings, expected):
    run = sdc("table", "--data", microdata1(shared_data), "--rows", "region", "--cols", "gender",
              "--value", "val", "--stat", "sum", "--zeros", "ignore", *settings)
    assert run.returncode == 1, run.stderr
    assert run.json["status"] == "fail"
    assert failing_cells(run.json) == sorted(expected)


def test_counts_and_sums_match_pandas(sdc, shared_data):
    run = sdc("table", "--data", microdata1(shared_data), "--rows", "region", "--cols", "gender",
              "--value", "val", "--stat", "sum")
    data = pd.read_csv(microdata1(shared_data))
    counts = pd.crosstab(data.region, data.gender, margins=True, margins_name="Total")
    sums = pd.crosstab(data.region, data.gender, values=data.val, aggfunc="sum", margins=True, margins_name="Total")
    assert len(run.json["cells"]) == counts.size
    for cell in run.json["cells"]:
        region = cell["coords"]["region"] or "Total"
        gender = cell["coords"]["gender"] or "Total"
        assert cell["evidence"]["records"] == counts.loc[region, gender]
        assert cell["value"] == pytest.approx(sums.loc[region, gender])
    margins = [c for c in run.json["cells"] if c["margin"]]
    assert len(margins) == 4 + 2 + 1


def test_suppression_hides_values_and_flags_revealing_margins(sdc, shared_data):
    run = sdc("table", "--data", microdata1(shared_data), "--rows", "region", "--cols", "gender",
              "--min-count", "3", "--suppress")
    # Only (A, female) fails; (A, Total) and (Total, female) give it back by subtraction.
    assert run.json["status"] == "fail"
    assert run.json["published_status"] == "review"
    assert run.returncode == 3
    suppressed = [c for c in run.json["cells"] if c["suppressed"]]
    assert [(c["coords"]["region"], c["coords"]["gender"]) for c in suppressed] == [("A", "female")]
    assert suppressed[0]["value"] is None and suppressed[0]["n"] is None
    revealing = sorted(
        (c["coords"]["region"] or "Total", c["coords"]["gender"] or "Total")
        for c in run.json["cells"]
        if any(r["code"] == "reveals_suppressed" for r in c["reasons"])
    )
    assert revealing == [("A", "Total"), ("Total", "female")]
    assert "x [x]" in run.stdout


def test_passing_table_exits_zero(sdc, shared_data):
    run = sdc("table", "--data", microdata1(shared_data), "--rows", "region", "--min-count", "5")
    assert run.returncode == 0, run.stdout
    assert run.json["status"] == "pass"
    assert run.json["rules"]["min_count"] == "5"
    assert run.json["rules"]["profile"] == "acro (modified)"


def test_rules_file_and_profiles(sdc, shared_data, tmp_path):
    rules = tmp_path / "house.rules"
    rules.write_text("profile = sdctable\nmin_count = 3\n")
    run = sdc("table", "--data", microdata1(shared_data), "--rows", "region", "--cols", "gender", "--rules", str(rules))
    assert run.json["rules"]["nk"] == "2:85"
    assert failing_cells(run.json) == [("A", "female")]


def test_check_table_on_an_aggregated_table(sdc, tmp_path):
    table = tmp_path / "agg.csv"
    # (A, F): 80 + 10 of 100 = 90% > 85%; (B, M): 4 contributors < 10.
    table.write_text("region,sex,n,total,top1,top2\n"
                     "A,F,12,100,80,10\nA,M,11,200,20,20\nB,F,15,300,30,30\nB,M,4,400,40,40\n")
    run = sdc("check-table", "--table", table, "--rows", "region", "--cols", "sex", "--count", "n",
              "--sum", "total", "--top1", "top1", "--top2", "top2", "--nk", "2:85", "--p-percent", "none")
    fails = {(c["coords"]["region"], c["coords"]["sex"]): [r["code"] for r in c["reasons"]]
             for c in run.json["cells"] if c["status"] == "fail"}
    assert fails == {("A", "F"): ["dominance"], ("B", "M"): ["threshold"]}
    total = next(c for c in run.json["cells"] if c["coords"] == {"region": None, "sex": None})
    assert total["value"] == 1000
    assert total["evidence"]["top_contributions"] == [80, 40]


def test_check_table_without_evidence_is_review(sdc, tmp_path):
    table = tmp_path / "agg.csv"
    table.write_text("region,n,total\nA,50,1000\nB,60,2000\n")
    run = sdc("check-table", "--table", table, "--rows", "region", "--count", "n", "--sum", "total")
    assert run.returncode == 3
    assert run.json["status"] == "review"


@pytest.mark.parametrize(
    "content, args, message",
    [
        ("a,b\n1,2\n", ["--rows", "nope"], "unknown_column"),
        ("a,b\nx,y\nz,w\n", ["--rows", "a", "--value", "b", "--stat", "sum"], "type_mismatch"),
        ("a,w\nx,1\nz,NA\n", ["--rows", "a", "--weights", "w"], "missing (NaN) weight"),
        ("a,w\nx,1\nz,-3\n", ["--rows", "a", "--weights", "w"], "non-negative"),
        ("", ["--rows", "a"], "empty_input"),
        ("a,b\n1,2\n3\n", ["--rows", "a"], "parse_error"),
        (b"a,b\n\xff\xfe,2\n", ["--rows", "a"], "UTF-8"),
        ("a,b\n1,2\n", ["--rows", "a", "--stat", "sum"], "needs --value"),
        ("a,b\n1,2\n", ["--rows", "a", "--stat", "bogus", "--value", "b"], "unknown statistic"),
        ("a,b\n1,2\n", ["--rows", "a", "--nk", "2:150"], "(0, 100]"),
    ],
)
def test_bad_input_gives_a_clear_error_and_exit_code_2(sdc, tmp_path, content, args, message):
    data = tmp_path / "data.csv"
    if isinstance(content, bytes):
        data.write_bytes(content)
    else:
        data.write_text(content)
    run = sdc("table", "--data", data, *args)
    assert run.returncode == 2
    assert message in run.stderr
    assert run.json is None


def test_negative_counts_are_an_error(sdc, tmp_path):
    table = tmp_path / "agg.csv"
    table.write_text("region,n\nA,5\nB,-1\n")
    run = sdc("check-table", "--table", table, "--rows", "region", "--count", "n")
    assert run.returncode == 2
    assert "negative count" in run.stderr
