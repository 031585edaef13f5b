# SPDX-License-Identifier: MIT
"""Cell systems in the CLI: `sdc protect` / `sdc audit` with --hierarchy and --project, and
`sdc differencing`. Expected values are computed here from the CSVs with pandas."""
import csv
import json
import os

import pandas as pd
import pytest

HERE = os.path.dirname(__file__)
DATA = os.environ.get("SDC_TEST_DATA_DIR", os.path.join(HERE, "..", "data"))
PROTECT = os.path.join(DATA, "protect")
EXTRACT = os.environ.get("SDC_EXAMPLES_DIR", os.path.join(HERE, "..", "..", "examples"))
EXTRACT = os.path.join(EXTRACT, "data", "extract.csv")

COUNT_RULES = ["--min-count", "3", "--nk", "none", "--p-percent", "none", "--zeros", "ignore",
               "--class-disclosure", "ignore"]


def path(name):
    return os.path.join(PROTECT, name)


def firm_project(*extra):
    return ["--data", path("employees.csv"), "--project", path("firm_project.json"), *COUNT_RULES, *extra]


def output(report, name):
    return next(o for o in report["outputs"] if o["name"] == name)


def label(coord):
    return coord if coord is not None else "Total"


def test_differencing_finds_the_cell_of_one(sdc):
    # All employees by sector, and the same without firm X: A - A(without X) = 1 employee.
    run = sdc("differencing", *firm_project())
    assert run.returncode == 1, run.stderr
    report = run.json
    assert report["status"] == "fail"
    data = pd.read_csv(path("employees.csv"))
    x = data[data.firm == "X"]
    expected = {("A",): len(x[x.sector == "A"]), ("B",): len(x[x.sector == "B"]), ("Total",): len(x)}
    assert expected == {("A",): 1, ("B",): 4, ("Total",): 5}
    recovered = {c["description"]: c for c in report["recovered"]}
    assert len(recovered) == 3
    by_sector = {}
    for description, cell in recovered.items():
        assert "firm == X" in description
        sector = description.split("sector=")[1].split(")")[0]
        by_sector[(sector,)] = cell
    assert {k: c["value"] for k, c in by_sector.items()} == expected
    assert [k for k, c in by_sector.items() if c["primary"]] == [("A",)]
    assert by_sector[("A",)]["reasons"] == ["threshold"]
    assert report["counts"] == {"hidden": 3, "recovered": 3, "disclosed": 1}
    assert report["refinement"] == {"variables": ["sector"], "filters": ["firm == X"], "inner_cells": 4}
    assert "DISCLOSED" in run.stdout


def test_protect_project_protects_the_difference_jointly(sdc, tmp_path):
    table = tmp_path / "protected.csv"
    run = sdc("protect", *firm_project("--csv", table))
    assert run.returncode == 0, run.stdout + run.stderr
    report = run.json
    assert report["status"] == "pass"
    assert report["unprotected"] == []
    data = pd.read_csv(path("employees.csv"))
    counts = {"all": data.groupby("sector").size(), "without X": data[data.firm != "X"].groupby("sector").size()}
    published = {}
    for name in ("all", "without X"):
        out = output(report, name)
        assert out["variables"] == ["sector"]
        assert [label(c["coords"]["sector"]) for c in out["cells"]] == ["A", "B", "Total"]
        for c in out["cells"]:
            sector = label(c["coords"]["sector"])
            want = counts[name].sum() if sector == "Total" else counts[name][sector]
            assert c["status"] in ("published", "secondary")  # no output cell fails on its own
            if c["status"] == "published":
                assert c["value"] == want
                published[(name, sector)] = want
            else:
                assert c["value"] is None and c["n"] is None
    assert output(report, "without X")["filter"] == {"variable": "firm", "not_equal": "X"}
    # The difference A - A(without X) must not be computable: not both published, and no total
    # gives the missing one back within an output.
    assert not (("all", "A") in published and ("without X", "A") in published)
    for name in ("all", "without X"):
        assert sum((name, s) in published for s in ("A", "B", "Total")) != 2
    hidden = report["hidden"]
    assert len(hidden) == 1 and hidden[0]["status"] == "primary"
    assert hidden[0]["description"].endswith("(sector=A)") and "firm == X" in hidden[0]["description"]
    assert report["counts"]["hidden_primary"] == 1
    rows = list(csv.DictReader(open(table)))
    assert [r["output"] for r in rows] == ["all"] * 3 + ["without X"] * 3
    for r in rows:
        cell = next(c for c in output(report, r["output"])["cells"] if label(c["coords"]["sector"]) == r["sector"])
        assert r["status"] == cell["status"]
        assert (r["count"] == "") == (r["status"] != "published")


def test_audit_project_no_longer_recovers_the_cell(sdc):
    run = sdc("audit", *firm_project())
    assert run.returncode == 0, run.stdout + run.stderr
    report = run.json
    assert report["status"] == "pass"
    cells = report["cells"]
    for c in cells:
        assert set(["lower", "upper", "exact", "protected"]) <= set(c)
    hidden = [c for c in cells if c["status"] == "hidden"]
    assert len(hidden) == 1 and hidden[0]["primary"]
    assert not hidden[0]["exact"] and hidden[0]["protected"]
    assert hidden[0]["lower"] <= 1 <= hidden[0]["upper"]
    assert report["counts"]["primary_exact"] == 0
    # The suppressed output cells are in the audit with their output and coordinates.
    assert all(c["output"] in ("all", "without X") for c in cells if c["status"] != "hidden")


def test_protect_hierarchy_subtotals_match_pandas(sdc, tmp_path):
    table = tmp_path / "protected.csv"
    run = sdc("protect", "--data", path("linked.csv"), "--rows", "sector", "--cols", "region",
              "--hierarchy", "sector=" + path("sector_hierarchy.csv"), *COUNT_RULES, "--csv", table)
    assert run.returncode == 0, run.stdout + run.stderr
    report = run.json
    out = output(report, "table")
    assert out["levels"]["sector"] == [{"level": 0, "name": "level 0"}, {"level": 1, "name": "level 1"}]
    data = pd.read_csv(path("linked.csv"))
    data["group"] = data.sector.map({"A": "AB", "B": "AB", "C": "C"})
    expected = {}
    for level, column in ((0, "sector"), (1, "group")):
        grid = pd.crosstab(data[column], data.region, margins=True, margins_name="Total")
        for s in grid.index:
            for r in grid.columns:
                lev = None if s == "Total" else level
                expected[(lev, s, r)] = int(grid.loc[s, r])
    seen = set()
    for c in out["cells"]:
        s, r = label(c["coords"]["sector"]), label(c["coords"]["region"])
        key = (c["levels"]["sector"], s, r)
        seen.add(key)
        primary = 0 < expected[key] < 3
        assert (c["verdict"] == "fail") == primary, key
        if c["status"] == "published":
            assert c["value"] == expected[key], key
        else:
            assert c["status"] in ("primary", "secondary")
            assert (c["status"] == "primary") == primary
    assert seen == set(expected)  # every level, with the subtotals AB and C
    # C at level 1 is C at level 0: one cell of the system, one status.
    cells = {(c["levels"]["sector"], label(c["coords"]["sector"]), label(c["coords"]["region"])): c
             for c in out["cells"]}
    for r in ("N", "S", "Total"):
        assert cells[(0, "C", r)]["cell"] == cells[(1, "C", r)]["cell"]
        assert cells[(0, "C", r)]["status"] == cells[(1, "C", r)]["status"]
    assert report["status"] == "pass"
    rows = list(csv.DictReader(open(table)))
    assert len(rows) == len(out["cells"]) == 18


def test_linked_project_shares_cells(sdc):
    run = sdc("protect", "--project", path("linked_project.json"), *COUNT_RULES)
    assert run.returncode == 0, run.stdout + run.stderr
    report = run.json
    by_region, by_size = output(report, "by region"), output(report, "by size")
    margins = {}
    for c in by_region["cells"]:
        if c["coords"]["region"] is None:
            margins[(c["levels"]["sector"], label(c["coords"]["sector"]))] = c
    for c in by_size["cells"]:
        if c["coords"]["size"] is None:
            shared = margins[(c["levels"]["sector"], label(c["coords"]["sector"]))]
            assert shared["cell"] == c["cell"] and shared["status"] == c["status"]
    # A published cell of one table never lets the other give a suppressed one back: check the
    # sector margins (shared) against each table's rows by hand.
    data = pd.read_csv(path("linked.csv"))
    for c in by_size["cells"]:
        if c["status"] == "published" and c["levels"]["sector"] == 0 and c["coords"]["size"] is not None:
            s, z = c["coords"]["sector"], c["coords"]["size"]
            assert c["value"] == len(data[(data.sector == s) & (data["size"] == z)])
    # The inner cell C-S-large (2 records) is hidden and fails the threshold.
    assert [h["description"] for h in report["hidden"]] == ["inner cell (sector=C, region=S, size=large)"]
    assert report["refinement"]["variables"] == ["sector", "region", "size"]


def test_extract_without_the_largest_employer(sdc):
    # Person-months by sector and gender, all employers and without E48492 (2887 records, all
    # in sector G). With employers as holdings, E48492's cells have one holding each: the
    # difference discloses them; joint protection stops that.
    project = path("extract_project.json")
    rules = ["--holding", "employer_id", "--min-count", "3", "--nk", "none", "--p-percent", "none", "--zeros",
             "ignore", "--class-disclosure", "ignore"]
    run = sdc("differencing", "--project", project, *rules)
    assert run.returncode == 1, run.stdout + run.stderr
    data = pd.read_csv(EXTRACT)
    big = data[data.employer_id == "E48492"]
    assert set(big.j_sector) == {"G"}
    recovered = {c["description"]: c for c in run.json["recovered"]}
    disclosed = [c for c in recovered.values() if c["primary"]]
    # E48492's cells by gender (inner cells) and its total (the complement of the filtered
    # output; as E48492 is all in G, its G row equals its total row): one holding each.
    assert len(disclosed) == 3
    values = sorted(c["value"] for c in disclosed)
    by_gender = big.groupby("i_gender").size()
    assert values == sorted([by_gender[1], by_gender[2], len(big)])
    assert all(c["n"] == 1 for c in disclosed)

    run = sdc("audit", "--project", project, *rules)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.json["counts"]["primary_exact"] == 0
    hidden = [c for c in run.json["cells"] if c["status"] == "hidden"]
    assert len(hidden) == 3 and not any(c["exact"] for c in hidden)


def test_system_errors_name_the_problem(sdc, tmp_path):
    run = sdc("protect", "--data", path("linked.csv"), "--rows", "sector", "--hierarchy",
              "sector=" + path("sector_hierarchy_incomplete.csv"), *COUNT_RULES)
    assert run.returncode == 2
    assert "'C' of 'sector' is not in the hierarchy" in run.stderr
    run = sdc("protect", "--data", path("employees.csv"), "--project", path("mixed_project.json"), *COUNT_RULES)
    assert run.returncode == 2
    assert "share the statistic" in run.stderr
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"outputs": [{"name": "a", "variables": ["sector"],
                                            "filter": {"variable": "firm", "not_equal": "Z"}}]}))
    run = sdc("protect", "--data", path("employees.csv"), "--project", bad, *COUNT_RULES)
    assert run.returncode == 2
    assert "the filter value 'Z' does not occur in 'firm'" in run.stderr
    bad.write_text(json.dumps({"outputs": [{"name": "a", "variables": ["sector"], "colour": 1}]}))
    run = sdc("protect", "--data", path("employees.csv"), "--project", bad, *COUNT_RULES)
    assert run.returncode == 2 and 'unknown key "colour"' in run.stderr
    run = sdc("protect", "--data", path("employees.csv"), "--rows", "sector", "--project", path("firm_project.json"))
    assert run.returncode == 2 and "exclude each other" in run.stderr
    run = sdc("protect", "--data", path("employees.csv"), "--rows", "sector", "--hierarchy", "sector")
    assert run.returncode == 2 and "VARIABLE=FILE" in run.stderr


def test_method_optimal_costs_no_more_than_gauss(sdc, shared_data, tmp_path):
    # microdata1 (region x gender counts): the optimal pattern's cost, recomputed here from the
    # data with pandas, is the solver's objective and at most the cost of Gauss's pattern.
    microdata1 = os.path.join(shared_data, "sdctable", "microdata1.csv")
    args = ["--data", microdata1, "--rows", "region", "--cols", "gender", *COUNT_RULES]
    data = pd.read_csv(microdata1)
    grid = pd.crosstab(data.region, data.gender, margins=True, margins_name="Total")

    def cost(report):
        return sum(int(grid.loc[label(c["coords"]["region"]), label(c["coords"]["gender"])])
                   for c in report["cells"] if c["status"] == "secondary")

    gauss = sdc("protect", *args)
    pattern = tmp_path / "optimal.csv"
    optimal = sdc("protect", *args, "--method", "optimal", "--csv", pattern)
    assert optimal.returncode == 0, optimal.stdout + optimal.stderr
    report = optimal.json
    assert report["method"] == "optimal"
    assert report["options"]["proven_optimal"] and report["options"]["cost"] == "frequency"
    assert report["options"]["objective"] == cost(report)
    assert cost(report) <= cost(gauss.json)
    assert report["counts"]["unprotected"] == 0
    # The audit of the optimal pattern finds no primary cell disclosed.
    audit = sdc("audit", *args, "--pattern", pattern)
    assert audit.returncode == 0 and audit.json["counts"]["primary_exact"] == 0


def test_method_optimal_on_projects(sdc):
    run = sdc("audit", *firm_project("--method", "optimal"))
    assert run.returncode == 0, run.stdout + run.stderr
    hidden = [c for c in run.json["cells"] if c["status"] == "hidden"]
    assert len(hidden) == 1 and not hidden[0]["exact"]
    linked = ["--project", path("linked_project.json"), *COUNT_RULES]
    gauss = sdc("protect", *linked)
    optimal = sdc("protect", *linked, "--method", "optimal")
    assert optimal.returncode == 0, optimal.stdout + optimal.stderr
    assert optimal.json["method"] == "optimal" and optimal.json["options"]["proven_optimal"]
    # Frequency cost = the cells' counts; each system cell counted once.
    data = pd.read_csv(path("linked.csv"))

    def cost(report):
        seen = {}
        for out in report["outputs"]:
            other = [v for v in out["variables"] if v != "sector"][0]
            for c in out["cells"]:
                if c["status"] != "secondary":
                    continue
                rows = data
                s, lev, o = c["coords"]["sector"], c["levels"]["sector"], c["coords"][other]
                if s is not None:
                    column = data.sector.map({"A": "AB", "B": "AB", "C": "C"}) if lev == 1 else data.sector
                    rows = rows[column == s]
                if o is not None:
                    rows = rows[rows[other] == o]
                seen[c["cell"]] = len(rows)
        return sum(seen.values())

    # The objective also counts the forced suppression of the hidden cell that passes the rules,
    # the inner cell A-N-small (no output publishes it).
    forced = len(data[(data.sector == "A") & (data.region == "N") & (data["size"] == "small")])
    assert forced == 3
    assert optimal.json["options"]["objective"] == cost(optimal.json) + forced
    assert cost(optimal.json) <= cost(gauss.json)
    audit = sdc("audit", *linked, "--method", "optimal")
    assert audit.returncode == 0 and audit.json["counts"]["primary_exact"] == 0
    bad = sdc("protect", *linked, "--method", "fastest")
    assert bad.returncode == 2 and "--method must be gauss or optimal" in bad.stderr


def test_protect_project_from_a_pattern(sdc, tmp_path):
    # Inner cells (sector, firm X or not): A/X 1 (fails), A/other 5, B/X 4, B/other 5. Without a
    # pattern Gauss publishes all of 'all' and suppresses A and B of 'without X'.
    table = tmp_path / "protected.csv"
    run = sdc("protect", *firm_project("--csv", table))
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(open(table)))
    assert [(r["output"], r["sector"], r["status"]) for r in rows] == [
        ("all", "A", "published"), ("all", "B", "published"), ("all", "Total", "published"),
        ("without X", "A", "secondary"), ("without X", "B", "secondary"), ("without X", "Total", "published")]
    # Start from a pattern with all/A suppressed. By decreasing count: all/Total 15, without
    # X/Total 10 and all/B 9 are published (a1 = all/Total - all/B - a0 needs a0); without X/A
    # (= a0) would then give a1, and so would without X/B (b0 gives a0 = 10 - b0): both secondary.
    rows[0]["status"] = "suppressed"
    pattern = tmp_path / "pattern.csv"
    with open(pattern, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    run = sdc("protect", *firm_project("--pattern", pattern))
    assert run.returncode == 0, run.stdout + run.stderr
    report = run.json
    status = {(o["name"], label(c["coords"]["sector"])): c["status"] for o in report["outputs"] for c in o["cells"]}
    assert status == {("all", "A"): "secondary", ("all", "B"): "published", ("all", "Total"): "published",
                      ("without X", "A"): "secondary", ("without X", "B"): "secondary",
                      ("without X", "Total"): "published"}
    assert report["counts"]["secondary"] == 3 and report["status"] == "pass"
    # Auditing the pattern written by `sdc protect --csv` gives the intervals of `sdc audit`
    # (which protects first); the report names the pattern.
    audited = sdc("audit", *firm_project("--pattern", table))
    assert audited.returncode == 0, audited.stderr
    plain = sdc("audit", *firm_project())
    assert audited.json["pattern"] == str(table)
    assert audited.json["cells"] == plain.json["cells"]
    # A pattern missing a cell, naming an unknown output or an unknown status is refused.
    with open(pattern, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows[:-1])
    run = sdc("protect", *firm_project("--pattern", pattern))
    assert run.returncode == 2 and "has no row for" in run.stderr and "sector=Total" in run.stderr
    bad = [dict(r) for r in rows]
    bad[1]["output"] = "nope"
    with open(pattern, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(bad)
    run = sdc("protect", *firm_project("--pattern", pattern))
    assert run.returncode == 2 and "no output named 'nope'" in run.stderr
    bad = [dict(r) for r in rows]
    bad[1]["status"] = "maybe"
    with open(pattern, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(bad)
    run = sdc("protect", *firm_project("--pattern", pattern))
    assert run.returncode == 2 and "unknown status 'maybe'" in run.stderr


def write_firms(tmp_path):
    """Turnover of firms by sector (hierarchy AB = A + B, CD = C + D) and region. With the rule
    (1, 80) only (A, N) = 18 + 1 + 1 fails (90%); its level is 100/80 * 18 - 20 = 2.5."""
    rows = [("A", "N", v) for v in (18, 1, 1)] + [("A", "S", v) for v in (5, 5)] + \
        [("B", "N", v) for v in (5, 5)] + [("B", "S", v) for v in (0.5, 0.5)] + \
        [(s, r, 10) for s in "CD" for r in "NS" for _ in range(2)]
    data = tmp_path / "firms.csv"
    data.write_text("sector,region,turnover\n" + "".join(f"{s},{r},{v}\n" for s, r, v in rows))
    hierarchy = tmp_path / "sector.csv"
    hierarchy.write_text("A;AB;*\nB;AB;*\nC;CD;*\nD;CD;*\n")
    return ["--data", str(data), "--hierarchy", f"sector={hierarchy}", "--rows", "sector", "--cols", "region",
            "--stat", "sum", "--value", "turnover", "--min-count", "1", "--nk", "1:80", "--p-percent", "none",
            "--zeros", "ignore", "--class-disclosure", "ignore"]


def test_protect_repairs_protection_intervals_of_a_hierarchy(sdc, tmp_path):
    # Gauss suppresses the rectangle (A, B) x (N, S): (A, N) = 20 can fall only by (B, S) = 1
    # (interval [19, 30]) where 2.5 are required. The cheapest repair (worked out in
    # tests/cpp/test_protect_step.cpp) suppresses (A, Total) = 30 and (B, Total) = 11: (A, N)
    # then lies in [0, 30] ((A, N) + (B, N) = (AB, N) = 30 is published).
    args = write_firms(tmp_path)
    report = sdc("protect", *args, "--intervals", "report")
    assert report.returncode == 0, report.stderr
    cells = {tuple(label(c) for c in cell["coords"].values()): cell for cell in output(report.json, "table")["cells"]}
    suppressed = {k for k, c in cells.items() if c["status"] != "published"}
    assert suppressed == {("A", "N"), ("A", "S"), ("B", "N"), ("B", "S")}
    intervals = report.json["intervals"]
    assert intervals["mode"] == "report"
    assert intervals["too_narrow_before"] == 1 and intervals["added_secondary"] == 0
    assert [c["description"] for c in intervals["too_narrow"]] == ["'table' (sector=A, region=N)"]
    assert intervals["too_narrow"][0]["cell"] == cells[("A", "N")]["cell"]

    run = sdc("protect", *args, "--csv", str(tmp_path / "repaired.csv"))
    assert run.returncode == 0, run.stderr
    intervals = run.json["intervals"]
    assert intervals == {"mode": "repair", "levels": "rules", "too_narrow_before": 1, "added_secondary": 2,
                         "rounds": 1, "too_narrow_after": 0, "too_narrow": []}
    cells = {tuple(label(c) for c in cell["coords"].values()): cell for cell in output(run.json, "table")["cells"]}
    suppressed = {k for k, c in cells.items() if c["status"] != "published"}
    assert suppressed == {("A", "N"), ("A", "S"), ("B", "N"), ("B", "S"), ("A", "Total"), ("B", "Total")}
    assert "intervals repair: 1 primary cells too narrow, 2 secondary added" in run.stdout
    # `sdc audit` of the written pattern (its own LPs) agrees.
    audit = sdc("audit", *args, "--pattern", str(tmp_path / "repaired.csv"))
    assert audit.returncode == 0, audit.stderr
    an = next(c for c in audit.json["cells"] if c["description"] == "'table' (sector=A, region=N)")
    assert an["lower"] == pytest.approx(0) and an["upper"] == pytest.approx(30) and an["protected"]
    # off: Gauss alone, no "intervals" in the report; counts never get one.
    off = sdc("protect", *args, "--intervals", "off")
    assert "intervals" not in off.json
    assert off.json["counts"]["secondary"] == 3
