# SPDX-License-Identifier: MIT
"""`sdc protect` and `sdc audit` on sdcTable's microdata1 (methods.md 4.2), checked by hand and
against pandas."""
import csv
import os
import subprocess

import pandas as pd
import pytest

from conftest import SDC


def microdata1(shared_data):
    return os.path.join(shared_data, "sdctable", "microdata1.csv")


COUNT_RULES = ["--rows", "region", "--cols", "gender", "--min-count", "3", "--nk", "none", "--p-percent", "none",
               "--zeros", "ignore"]
SUM_RULES = ["--rows", "region", "--cols", "gender", "--value", "val", "--stat", "sum", "--min-count", "1",
             "--nk", "2:75", "--p-percent", "none", "--zeros", "ignore"]


def key(cell):
    return (cell["coords"]["region"] or "Total", cell["coords"]["gender"] or "Total")


def statuses(report):
    return {key(c): c["status"] for c in report["cells"]}


def test_protect_counts_suppresses_a_rectangle(sdc, shared_data, tmp_path):
    table = tmp_path / "protected.csv"
    run = sdc("protect", "--data", microdata1(shared_data), *COUNT_RULES, "--csv", table)
    assert run.returncode == 0, run.stderr
    report = run.json
    assert report["status"] == "pass"
    assert report["method"] == "gauss"
    assert report["options"] == {"cost": "frequency", "singletons": "coalition", "zeros_known": True}
    assert report["counts"]["primary"] == 1
    # Only (A, female) fails (2 contributors): a 2x2 rectangle of inner cells protects it.
    assert report["counts"]["secondary"] == 3
    status = statuses(report)
    assert status[("A", "female")] == "primary"
    assert status[("A", "male")] == "secondary"
    suppressed = [k for k, s in status.items() if s != "published"]
    assert all("Total" not in k for k in suppressed)
    assert len({k[0] for k in suppressed}) == 2 and len({k[1] for k in suppressed}) == 2
    for cell in report["cells"]:
        if cell["status"] != "published":
            assert cell["value"] is None and cell["n"] is None
    rows = list(csv.DictReader(open(table)))
    assert len(rows) == 15
    for row in rows:
        assert row["status"] == status[(row["region"], row["gender"])]
        assert (row["count"] == "") == (row["status"] != "published")
    data = pd.read_csv(microdata1(shared_data))
    counts = pd.crosstab(data.region, data.gender, margins=True, margins_name="Total")
    for row in rows:
        if row["status"] == "published":
            assert float(row["count"]) == counts.loc[row["region"], row["gender"]]
    # The threads of the eliminations change nothing in the report.
    for threads in ("1", "3"):
        again = sdc("protect", "--data", microdata1(shared_data), *COUNT_RULES, "--threads", threads)
        assert again.returncode == 0, again.stderr
        assert statuses(again.json) == status


def test_protect_progress_reports_every_cell_decided(sdc, shared_data):
    # 15 cells (5 regions with the total x 3 genders with the total), 1 primary: the structural
    # pass decides the 14 others; stderr is not a terminal here, so one line per report.
    run = sdc("protect", "--data", microdata1(shared_data), *COUNT_RULES, "--progress")
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.startswith("gauss:")]
    assert lines, run.stderr
    assert lines[-1].startswith("gauss: 100.0% of cells decided (14 of 14)")
    assert all("of 14)" in line for line in lines)
    quiet = sdc("protect", "--data", microdata1(shared_data), *COUNT_RULES)
    assert "gauss:" not in quiet.stderr
    assert statuses(run.json) == statuses(quiet.json)


def test_audit_of_the_protected_pattern_by_hand(sdc, shared_data, tmp_path):
    table = tmp_path / "protected.csv"
    assert sdc("protect", "--data", microdata1(shared_data), *COUNT_RULES, "--csv", table).returncode == 0
    run = sdc("audit", "--data", microdata1(shared_data), *COUNT_RULES, "--pattern", table)
    assert run.returncode == 0, run.stderr
    report = run.json
    assert report["status"] == "pass"
    assert report["counts"]["suppressed"] == 4
    assert report["counts"]["exact"] == 0
    # The four suppressed cells form a rectangle: each moves by t with the others, and t is
    # limited by the smaller cells on the diagonals reaching 0.
    data = pd.read_csv(microdata1(shared_data))
    counts = pd.crosstab(data.region, data.gender)
    cells = {key(c): c for c in report["cells"]}
    (r1, c1) = ("A", "female")
    other_row = [k[0] for k in cells if k[0] != r1][0]
    other_col = [k[1] for k in cells if k[1] != c1][0]
    plus = [(r1, c1), (other_row, other_col)]
    minus = [(r1, other_col), (other_row, c1)]
    up = min(counts.loc[r, c] for r, c in minus)
    down = min(counts.loc[r, c] for r, c in plus)
    for r, c in plus:
        assert cells[(r, c)]["lower"] == pytest.approx(counts.loc[r, c] - down)
        assert cells[(r, c)]["upper"] == pytest.approx(counts.loc[r, c] + up)
    for r, c in minus:
        assert cells[(r, c)]["lower"] == pytest.approx(counts.loc[r, c] - up)
        assert cells[(r, c)]["upper"] == pytest.approx(counts.loc[r, c] + down)
    assert cells[("A", "female")]["status"] == "primary"
    assert cells[("A", "female")]["protected"] is True
    assert "value" not in cells[("A", "female")]


def test_audit_finds_primary_suppression_alone_unsafe(sdc, shared_data, tmp_path):
    table = tmp_path / "primary_only.csv"
    first = sdc("table", "--data", microdata1(shared_data), *COUNT_RULES, "--suppress", "--csv", table)
    assert first.returncode == 3  # margins give the suppressed cell back
    run = sdc("audit", "--data", microdata1(shared_data), *COUNT_RULES, "--pattern", table)
    assert run.returncode == 1
    assert run.json["counts"]["primary_exact"] == 1
    [cell] = run.json["cells"]
    assert key(cell) == ("A", "female")
    assert cell["exact"] is True and cell["protected"] is False
    assert cell["lower"] == cell["upper"] == 2


def test_audit_of_sums_against_dominance_protection_levels(sdc, shared_data):
    # (A, female) and (D, male) fail (2, 75); Gauss suppression makes neither derivable, but
    # (D, male) = 366 (contributions 280, 11, ...) needs 100/75 * 291 - 366 = 22 below its
    # value and the rectangle only allows 20: reported, exit code 1. (`sdc audit` protects as
    # `sdc protect` does, so --intervals report keeps Gauss's pattern; see below for repair.)
    run = sdc("audit", "--data", microdata1(shared_data), *SUM_RULES, "--intervals", "report")
    assert run.returncode == 1, run.stderr
    report = run.json
    assert report["counts"]["primary_exact"] == 0
    assert report["counts"]["primary_unprotected"] == 1
    cells = {key(c): c for c in report["cells"]}
    assert cells[("D", "male")]["protected"] is False
    assert cells[("D", "male")]["exact"] is False
    assert cells[("D", "male")]["lower"] == pytest.approx(346)
    assert cells[("A", "female")]["protected"] is True
    # The default (repair, as `sdc protect`): C female and C male added, (D, male) in [240, 518]
    # (worked out in test_protect_repairs_protection_intervals_of_sums).
    run = sdc("audit", "--data", microdata1(shared_data), *SUM_RULES)
    assert run.returncode == 0, run.stderr
    cells = {key(c): c for c in run.json["cells"]}
    assert cells[("D", "male")]["lower"] == pytest.approx(240)
    assert run.json["counts"]["primary_unprotected"] == 0
    # Without protection levels only exact disclosure counts.
    run = sdc("audit", "--data", microdata1(shared_data), *SUM_RULES, "--intervals", "report", "--protection", "none")
    assert run.returncode == 0
    assert run.json["status"] == "pass"


def test_protect_an_aggregated_table_like_the_microdata(sdc, shared_data, tmp_path):
    data = pd.read_csv(microdata1(shared_data))
    counts = pd.crosstab(data.region, data.gender, margins=True, margins_name="Total")
    aggregated = counts.stack().rename("n").reset_index()
    path = tmp_path / "aggregated.csv"
    aggregated.to_csv(path, index=False)
    from_table = sdc("protect", "--table", path, "--count", "n", *COUNT_RULES)
    from_data = sdc("protect", "--data", microdata1(shared_data), *COUNT_RULES)
    assert from_table.returncode == from_data.returncode == 0
    assert statuses(from_table.json) == statuses(from_data.json)


def test_protect_and_audit_usage_errors(sdc, shared_data, tmp_path):
    run = sdc("protect", "--data", microdata1(shared_data), "--rows", "region", "--cols", "gender",
              "--stat", "mean", "--value", "val")
    assert run.returncode == 2
    assert "count or sum" in run.stderr
    run = sdc("protect", "--rows", "region")
    assert run.returncode == 2
    run = sdc("protect", "--data", microdata1(shared_data), *COUNT_RULES, "--cost", "cheap")
    assert run.returncode == 2
    assert "unknown suppression cost" in run.stderr
    run = sdc("protect", "--data", microdata1(shared_data), *COUNT_RULES, "--threads", "-1")
    assert run.returncode == 2
    assert "--threads" in run.stderr
    # The bases of the 8 inner cells start with more than 3 entries: a named error, not a crash.
    run = sdc("protect", "--data", microdata1(shared_data), *COUNT_RULES, "--max-basis-entries", "3")
    assert run.returncode == 2
    assert "too_many_categories" in run.stderr and "max_basis_entries 3" in run.stderr
    assert "15 cells" in run.stderr
    run = sdc("protect", "--data", microdata1(shared_data), *COUNT_RULES, "--max-basis-entries", "-1")
    assert run.returncode == 2
    assert "--max-basis-entries" in run.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("region,gender,count,status\nA,female,,hidden\n")
    run = sdc("audit", "--data", microdata1(shared_data), *COUNT_RULES, "--pattern", bad)
    assert run.returncode == 2
    assert "unknown status" in run.stderr
    listed = subprocess.run([SDC, "--help"], capture_output=True, text=True).stdout
    assert "protect" in listed and "audit" in listed


def test_protect_repairs_protection_intervals_of_sums(sdc, shared_data, tmp_path):
    # (D, male) = 366 fails (2, 75) and needs 100/75 * 291 - 366 = 22 below its value. Gauss
    # suppresses the rectangle A/D x female/male: (A, female) = 20 can rise by at most its own
    # 20, so (D, male) reaches 346 only (too narrow). The repair LP moves (D, male) down by 22
    # at least cost per unit: 20 through the rectangle (suppressed cells, free), the last 2
    # through another row's two cells; row C (female 106 + male 118 = 224 per unit) is cheaper
    # than row B (204 + 140) or any margin (482, 518, 802, ...). So C female and C male are
    # added, and (D, male) then lies in [366 - 20 - 106, 518] = [240, 518].
    csv_path = tmp_path / "repaired.csv"
    run = sdc("protect", "--data", microdata1(shared_data), *SUM_RULES, "--csv", str(csv_path))
    assert run.returncode == 0, run.stderr
    intervals = run.json["intervals"]
    assert intervals["mode"] == "repair"
    assert intervals["too_narrow_before"] == 1
    assert intervals["added_secondary"] == 2
    assert intervals["too_narrow_after"] == 0
    got = statuses(run.json)
    assert got[("C", "female")] == got[("C", "male")] == "secondary"
    assert run.json["counts"]["secondary"] == 4
    # The audit (a separate command, its own LPs) of the written pattern agrees.
    audit = sdc("audit", "--data", microdata1(shared_data), *SUM_RULES, "--pattern", str(csv_path))
    assert audit.returncode == 0, audit.stderr
    assert audit.json["counts"]["primary_unprotected"] == 0
    cells = {key(c): c for c in audit.json["cells"]}
    assert cells[("D", "male")]["lower"] == pytest.approx(240)
    assert cells[("D", "male")]["upper"] == pytest.approx(518)
    # --intervals report keeps Gauss's pattern and lists the cell.
    run = sdc("protect", "--data", microdata1(shared_data), *SUM_RULES, "--intervals", "report")
    assert run.returncode == 0, run.stderr
    assert run.json["intervals"]["added_secondary"] == 0
    assert run.json["intervals"]["too_narrow"] == [{"region": "D", "gender": "male"}]
    assert run.json["counts"]["secondary"] == 2
    bad = sdc("protect", "--data", microdata1(shared_data), *SUM_RULES, "--intervals", "fix")
    assert bad.returncode != 0
    assert "intervals must be repair, report or off" in bad.stderr


def test_protect_out_of_memory_is_a_clear_error(tmp_path):
    # A 64 x 64 x 64 table of Poisson(6) counts (6% primary cells) needs about 1.4 GB for the
    # null-space bases of Gauss suppression; under an 800 MB address-space limit the command
    # must stop with an error naming the table, not a bare std::bad_alloc.
    import resource

    import numpy as np

    k = 64
    grid = np.indices((k, k, k)).reshape(3, -1)
    counts = np.random.default_rng(5).poisson(6, size=grid.shape[1])
    frame = pd.DataFrame({"a": [f"a{i:02d}" for i in grid[0]], "b": [f"b{i:02d}" for i in grid[1]],
                          "c": [f"c{i:02d}" for i in grid[2]], "n": counts})
    table = tmp_path / "t64.csv"
    frame.to_csv(table, index=False)

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (800 * 2**20, 800 * 2**20))

    run = subprocess.run([SDC, "protect", "--table", str(table), "--count", "n", "--rows", "a", "--cols", "b,c",
                          "--min-count", "3", "--zeros", "ignore", "--nk", "none", "--p-percent", "none",
                          "--class-disclosure", "ignore"],
                         capture_output=True, text=True, preexec_fn=limit_memory)
    assert run.returncode == 2
    assert "Gauss suppression ran out of memory for a table of 274625 cells (262144 inner cells" in run.stderr
    assert "bad_alloc" not in run.stderr
