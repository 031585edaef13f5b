# SPDX-License-Identifier: MIT
"""sdc.protect with hierarchies and linked tables gives the report of `sdc protect --hierarchy`
and `sdc protect --project` (needs SDC_CLI)."""
import json
import os
import subprocess

import pandas as pd
import pytest

import sdc

COUNT_RULES = dict(min_count=3, nk=None, p_percent=None, zeros="ignore")
CLI = os.environ.get("SDC_CLI")
COUNT_FLAGS = ["--min-count", "3", "--nk", "none", "--p-percent", "none", "--zeros", "ignore"]


def cli_json(tmp_path, *args):
    out = tmp_path / "report.json"
    run = subprocess.run([CLI, *map(str, args), "--json", str(out)], capture_output=True, text=True)
    assert run.returncode in (0, 1, 3), run.stderr
    return json.loads(out.read_text())


@pytest.mark.skipif(not CLI or not os.path.exists(CLI), reason="SDC_CLI not set")
def test_parity_with_cli(tmp_path, microdata1):
    data = tmp_path / "microdata1.csv"
    microdata1.to_csv(data, index=False)
    hierarchy = tmp_path / "region.csv"
    hierarchy.write_text("A;AB\nB;AB\nC;CD\nD;CD\n")
    ours = sdc.protect(microdata1, index="region", columns="gender", hierarchies={"region": hierarchy}, **COUNT_RULES)
    theirs = cli_json(tmp_path, "protect", "--data", data, "--rows", "region", "--cols", "gender", "--hierarchy",
                      f"region={hierarchy}", *COUNT_FLAGS)
    assert ours.to_dict() == theirs
    # Linked tables and a filtered output, from a project file.
    outputs = [{"name": "by region", "variables": ["region"]},
               {"name": "without A", "variables": ["gender"], "filter": {"variable": "region", "not_equal": "A"}}]
    project = tmp_path / "project.json"
    project.write_text(json.dumps({"outputs": outputs}))
    ours = sdc.protect(microdata1, tables=outputs, **COUNT_RULES)
    theirs = cli_json(tmp_path, "protect", "--data", data, "--project", project, *COUNT_FLAGS)
    assert ours.to_dict() == theirs
    assert theirs["counts"]["hidden_primary"] > 0  # (A, female): 2 records, by subtraction


@pytest.mark.skipif(not CLI or not os.path.exists(CLI), reason="SDC_CLI not set")
def test_audit_and_pattern_parity_with_cli(tmp_path, microdata1):
    data = tmp_path / "microdata1.csv"
    microdata1.to_csv(data, index=False)
    hierarchy = tmp_path / "region.csv"
    hierarchy.write_text("A;AB\nB;AB\nC;CD\nD;CD\n")
    args = ["--data", data, "--rows", "region", "--cols", "gender", "--hierarchy", f"region={hierarchy}",
            *COUNT_FLAGS]
    p = sdc.protect(microdata1, index="region", columns="gender", hierarchies={"region": hierarchy}, **COUNT_RULES)
    # The audit of a system: the report of `sdc audit --hierarchy --json`.
    assert sdc.audit(p).to_dict() == cli_json(tmp_path, "audit", *args)
    # Start from a pattern: every cell the protection published in region D forced suppressed.
    csv = tmp_path / "pattern.csv"
    run = subprocess.run([CLI, "protect", *map(str, args), "--csv", str(csv)], capture_output=True, text=True)
    assert run.returncode in (0, 1, 3), run.stderr
    pattern = pd.read_csv(csv, keep_default_na=False)
    forced = (pattern["region"] == "D") & (pattern["status"] == "published")
    assert forced.any()
    pattern.loc[forced, "status"] = "suppressed"
    pattern.to_csv(csv, index=False)
    cells = p.cells
    must = cells.loc[(cells["region"] == "D") & (cells["status"] == "published"), "cell"].tolist()
    ours = sdc.protect(microdata1, index="region", columns="gender", hierarchies={"region": hierarchy},
                       must_suppress=must, **COUNT_RULES)
    theirs = cli_json(tmp_path, "protect", *args, "--pattern", csv)
    assert ours.to_dict() == theirs
    forced_cells = set(must)
    assert all(c["status"] != "published" for o in theirs["outputs"] for c in o["cells"] if c["cell"] in forced_cells)
    # Auditing the pattern itself (`sdc audit --pattern`): D's cells are suppressed in it.
    audited = cli_json(tmp_path, "audit", *args, "--pattern", csv)
    assert audited["pattern"] == str(csv)
    assert forced_cells <= {c["cell"] for c in audited["cells"]}
