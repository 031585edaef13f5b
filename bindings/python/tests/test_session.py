# SPDX-License-Identifier: MIT
"""The results package follows ACRO's layout (methods.md 1.6) so SACRO-Viewer can open it."""
import hashlib
import json

import pandas as pd
import pytest
import statsmodels.formula.api as smf

import sdc


@pytest.fixture
def session(microdata1):
    s = sdc.Session(suppress=True, min_count=3)
    s.crosstab(microdata1, "region", "gender", comment="Table 1: persons by region and sex")
    t2 = s.pivot_table(microdata1, "val", "region", "gender", aggfunc="sum", profile="sdctable", p_percent=80)
    s.add_comment(t2.uid, "Table 2")
    s.add_exception(t2.uid, "D/male is a published regional total")
    s.check_dof(smf.ols("val ~ C(region)", data=microdata1).fit(), comment="Model 1")
    s.add(sdc.crosstab(microdata1, "gender"))
    return s


def test_results_json_layout(session, tmp_path):
    folder = session.finalise(tmp_path / "out")
    with open(f"{folder}/results.json") as f:
        results = json.load(f)
    assert results["version"] == sdc.__version__
    records = results["results"]
    assert list(records) == ["output_0", "output_1", "output_2", "output_3"]
    for uid, record in records.items():
        assert set(record) == {"uid", "status", "type", "properties", "files", "outcome", "command", "summary",
                               "timestamp", "comments", "exception"}
        assert record["uid"] == uid
        assert record["status"] in ("pass", "review", "fail")
        for file in record["files"]:
            assert (tmp_path / "out" / file["name"]).exists()
            assert {"summary", "cells"} <= set(file["sdc"])
    table1 = records["output_0"]
    assert table1["type"] == "table" and table1["properties"]["method"] == "crosstab"
    assert table1["comments"] == ["Table 1: persons by region and sex"]
    assert table1["status"] == "review"  # (A, female) suppressed, the margins give it back
    sdc_block = table1["files"][0]["sdc"]
    assert sdc_block["summary"]["suppressed"] is True
    assert sdc_block["summary"]["threshold"] == 1
    assert sdc_block["cells"]["threshold"] == [[0, 0]]  # row A, column female
    assert table1["outcome"]["female"]["A"] == "threshold; "
    assert table1["outcome"]["male"]["B"] == "ok"
    table2 = records["output_1"]
    assert table2["exception"] == "D/male is a published regional total"
    assert table2["comments"] == ["Table 2"]
    assert sorted(table2["files"][0]["sdc"]["cells"]["p-ratio"]) == [[0, 0], [3, 1], [3, 2]]
    model = records["output_2"]
    assert model["type"] == "regression" and model["properties"]["dof"] == 96
    assert model["status"] == "pass" and model["properties"]["method"] == "ols"


def test_tables_written_are_the_published_ones(session, tmp_path):
    folder = session.finalise(tmp_path / "out")
    table = pd.read_csv(f"{folder}/output_0_0.csv", index_col=0)
    assert pd.isna(table.loc["A", "female"])
    assert table.loc["A", "male"] == 18
    coefficients = pd.read_csv(f"{folder}/output_2_0.csv", index_col=0)
    assert "coef" in coefficients.columns and "Intercept" in coefficients.index


def test_config_and_checksums(session, tmp_path):
    folder = tmp_path / "out"
    session.finalise(folder)
    config = json.loads((folder / "config.json").read_text())
    assert config["rules"]["min_count"] == "3"
    assert config["outputs"]["output_1"]["p_percent"] == "80"
    files = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert {"results.json", "config.json", "output_0_0.csv"} <= set(files)
    for name in files:
        digest = (folder / "checksums" / f"{name}.txt").read_text()
        assert digest == hashlib.sha256((folder / name).read_bytes()).hexdigest()


def test_finalise_refuses_a_folder_with_files(session, tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(FileExistsError):
        session.finalise(tmp_path)


def test_unknown_output_and_bad_settings(microdata1):
    s = sdc.Session()
    with pytest.raises(sdc.InvalidInputError, match="no output 'output_9'"):
        s.add_comment("output_9", "x")
    with pytest.raises(sdc.InvalidInputError, match="did you mean 'min_count'"):
        sdc.Session(min_cont=3)
    s.crosstab(microdata1, "region")
    s.remove("output_0")
    assert s.outputs == {}


def test_session_summary(session):
    summary = session.summary()
    assert summary["uid"].tolist() == ["output_0", "output_1", "output_2", "output_3"]
    assert summary.loc[1, "exception"]
    assert summary["type"].tolist() == ["table", "table", "regression", "table"]
