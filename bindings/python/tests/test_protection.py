# SPDX-License-Identifier: MIT
"""sdc.protect and sdc.audit: the 2x2 rectangle worked by hand, sdcTable's attack() intervals on
its own patterns (tests/data/sdctable_protect), parity with `sdc protect --json` and
`sdc audit --json`, a hypothesis property (no primary cell is ever disclosed exactly), and bad
input."""
import json
import os
import subprocess

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sdc
from conftest import SHARED_DATA, TEST_DATA

CLI = os.environ.get("SDC_CLI")
needs_cli = pytest.mark.skipif(not CLI or not os.path.exists(CLI), reason="SDC_CLI not set")
COUNT_RULES = dict(min_count=3, nk=None, p_percent=None, zeros="ignore")
COUNT_FLAGS = ["--min-count", "3", "--nk", "none", "--p-percent", "none", "--zeros", "ignore"]
SUM_RULES = dict(min_count=1, nk=(2, 75), p_percent=None, zeros="ignore")
SUM_FLAGS = ["--min-count", "1", "--nk", "2:75", "--p-percent", "none", "--zeros", "ignore"]


def test_rectangle_by_hand(microdata1):
    # Only (A, female) has fewer than 3 contributors (2). With published margins, a 2x2
    # rectangle of inner cells protects it; the intervals of a rectangle a (the primary), b (its
    # row), c (its column), d (opposite) follow from moving t along it:
    # each cell v lies in [v - min(v, opposite), v + min(row partner, column partner)].
    t = sdc.crosstab(microdata1, "region", "gender", **COUNT_RULES)
    p = sdc.protect(t)
    assert p.status == "pass"
    assert p.options == {"cost": "frequency", "singletons": "coalition", "zeros_known": True}
    assert p.counts == {"cells": 15, "published": 11, "primary": 1, "secondary": 3, "unprotected": 0}
    cells = p.cells
    suppressed = cells[cells.status != "published"]
    assert not suppressed["margin"].any()
    assert suppressed["n"].isna().all() and suppressed["value"].isna().all()
    rows, cols = sorted(set(suppressed.region)), sorted(set(suppressed.gender))
    assert len(rows) == 2 and len(cols) == 2 and "A" in rows
    assert p.status_table.loc["A", "female"] == "primary"
    assert np.isnan(p.table.loc["A", "female"])
    counts = pd.crosstab(microdata1.region, microdata1.gender)
    other = [r for r in rows if r != "A"][0]
    a = counts.loc["A", "female"]
    b = counts.loc["A", "male"]
    c = counts.loc[other, "female"]
    d = counts.loc[other, "male"]
    expected = {("A", "female"): (a - min(a, d), a + min(b, c)), ("A", "male"): (b - min(b, c), b + min(a, d)),
                (other, "female"): (c - min(c, b), c + min(a, d)), (other, "male"): (d - min(d, a), d + min(b, c))}
    audit = sdc.audit(p, protection="none")
    assert audit.status == "pass"
    got = {(row.region, row.gender): (row.lower, row.upper) for row in audit.cells.itertuples()}
    assert got == expected
    assert audit.cells.set_index(["region", "gender"]).loc[("A", "female"), "status"] == "primary"
    assert not audit.cells["exact"].any()
    # Published cells equal pandas' counts.
    published = cells[(cells.status == "published") & ~cells.margin]
    for row in published.itertuples():
        assert row.value == counts.loc[row.region, row.gender]


GOLDEN = [("microdata1_freq_maxN3_GAUSS.csv", "microdata1", ["region", "gender"]),
          ("microdata1_freq_maxN3_SIMPLEHEURISTIC.csv", "microdata1", ["region", "gender"]),
          ("testdata_roof_water_sex_freq_maxN3_GAUSS.csv", "testdata", ["roof", "water", "sex"]),
          ("testdata_roof_water_sex_freq_maxN3_SIMPLEHEURISTIC.csv", "testdata", ["roof", "water", "sex"])]


@pytest.mark.parametrize("name,data,dims", GOLDEN)
def test_audit_reproduces_sdctable_attack(name, data, dims):
    golden_path = TEST_DATA / "sdctable_protect" / name
    data_path = SHARED_DATA / ("sdctable/microdata1.csv" if data == "microdata1" else "sdcmicro/testdata.csv")
    if not golden_path.exists() or not data_path.exists():
        pytest.skip("golden file or data not found")
    g = pd.read_csv(golden_path, comment="#", dtype={d: str for d in dims})
    pattern = g[dims].copy()
    pattern["status"] = g["sdcStatus"].map({"u": "primary", "x": "secondary", "s": "published", "z": "published"})
    table = sdc.crosstab(pd.read_csv(data_path), dims[0], dims[1:], **COUNT_RULES)
    audit = sdc.audit(table, pattern=pattern, protection="none")
    expected = g[g["sdcStatus"].isin(["u", "x"])].set_index(dims)
    got = audit.cells.astype({d: str for d in dims}).set_index(dims)  # labels of testdata are ints
    assert len(got) == len(expected)
    for key, row in expected.iterrows():
        assert got.loc[key, "lower"] == pytest.approx(row["low"], abs=1e-9), key
        assert got.loc[key, "upper"] == pytest.approx(row["up"], abs=1e-9), key
    assert audit.counts["primary_exact"] == 0


def cli_json(tmp_path, *args):
    out = tmp_path / "report.json"
    run = subprocess.run([CLI, *map(str, args), "--json", str(out)], capture_output=True, text=True)
    assert run.returncode in (0, 1, 3), run.stderr
    return json.loads(out.read_text())


@needs_cli
@pytest.mark.parametrize("kind", ["count", "sum"])
def test_parity_with_cli(tmp_path, microdata1, kind):
    path = tmp_path / "microdata1.csv"
    microdata1.to_csv(path, index=False)
    if kind == "count":
        table = sdc.crosstab(microdata1, "region", "gender", **COUNT_RULES)
        flags = ["--rows", "region", "--cols", "gender", *COUNT_FLAGS]
    else:
        table = sdc.crosstab(microdata1, "region", "gender", values="val", aggfunc="sum", **SUM_RULES)
        flags = ["--rows", "region", "--cols", "gender", "--value", "val", "--stat", "sum", *SUM_FLAGS]
    # The default of both is the interval repair (a no-op for counts).
    protected = sdc.protect(table)
    assert protected.to_dict() == cli_json(tmp_path, "protect", "--data", path, *flags)
    assert (protected.intervals is None) == (kind == "count")
    for options, cli_options in [({}, []), ({"sliding_percent": 10.0}, ["--sliding", "10"]),
                                 ({"protection": "none", "nonnegative": False}, ["--protection", "none",
                                                                                 "--unbounded"])]:
        ours = sdc.audit(protected, **options).to_dict()
        assert ours == cli_json(tmp_path, "audit", "--data", path, *flags, *cli_options)
    # Other options reach the core under the CLI's names.
    ours = sdc.protect(table, cost="unity", singletons="none", zeros_known=False, intervals="report").to_dict()
    theirs = cli_json(tmp_path, "protect", "--data", path, *flags, "--cost", "unity", "--singletons", "none",
                      "--zeros-unknown", "--intervals", "report")
    assert ours == theirs
    assert sdc.protect(table, intervals="off").to_dict() == cli_json(tmp_path, "protect", "--data", path, *flags,
                                                                     "--intervals", "off")
    # A pattern written by `sdc protect --csv` audits to the same report as the protected table.
    csv = tmp_path / "pattern.csv"
    subprocess.run([CLI, "protect", "--data", str(path), *flags, "--csv", str(csv)],
                   capture_output=True)
    pattern = pd.read_csv(csv, dtype=str, keep_default_na=False)
    from_pattern = sdc.audit(table, pattern=pattern).to_dict()
    theirs = cli_json(tmp_path, "audit", "--data", path, *flags, "--pattern", csv)
    theirs["pattern"] = "pattern"
    assert from_pattern == theirs


def test_sum_table_interval_repaired(microdata1):
    # Worked by hand (as tests/cli/test_cli_protect.py): (D, male) = 366 fails (2, 75) and needs
    # 100/75 * 291 - 366 = 22 below its value. Gauss suppresses the rectangle A/D x female/male:
    # (A, female) = 20 can rise by at most its own 20, so (D, male) reaches 346 only (too
    # narrow). The repair LP moves (D, male) down by 22 at least cost per unit: 20 through the
    # rectangle (suppressed, free), the last 2 through another row's two cells; row C (female
    # 106 + male 118 = 224 per unit) is cheaper than row B (204 + 140) or any margin. So C female
    # and C male are added, and (D, male) then lies in [366 - 20 - 106, 518] = [240, 518].
    table = sdc.crosstab(microdata1, "region", "gender", values="val", aggfunc="sum", **SUM_RULES)
    sums = microdata1.groupby(["region", "gender"])["val"].sum()
    assert sums["D", "male"] == 366 and sums["A", "female"] == 20
    assert sums["C", "female"] == 106 and sums["C", "male"] == 118
    report = sdc.protect(table, intervals="report")
    assert report.intervals["too_narrow"] == [{"region": "D", "gender": "male"}]
    assert report.intervals["added_secondary"] == 0 and report.counts["secondary"] == 2
    assert report.status == "pass"  # report lists the cell, it does not fail it
    narrow = sdc.audit(report).cells.set_index(["region", "gender"]).loc[("D", "male")]
    assert narrow.lower == pytest.approx(366 - 20)
    assert not narrow.protected

    repaired = sdc.protect(table)
    assert repaired.intervals == {"mode": "repair", "levels": "rules", "too_narrow_before": 1,
                                  "added_secondary": 2, "rounds": 1, "too_narrow_after": 0, "too_narrow": []}
    assert repaired.status_table.loc["C", "female"] == repaired.status_table.loc["C", "male"] == "secondary"
    assert repaired.counts["secondary"] == 4 and repaired.unprotected == []
    assert repaired.to_dict()["intervals"] == repaired.intervals
    audit = sdc.audit(repaired)
    assert audit.counts["primary_unprotected"] == 0
    cell = audit.cells.set_index(["region", "gender"]).loc[("D", "male")]
    assert (cell.lower, cell.upper) == (pytest.approx(240), pytest.approx(518))
    assert "intervals repair: 1 primary cells too narrow, 2 secondary added" in repaired.summary()
    assert sdc.protect(table, intervals="off").intervals is None
    assert sdc.protect(table, method="optimal").intervals is None
    with pytest.raises(ValueError, match="intervals must be repair, report or off"):
        sdc.protect(table, intervals="fix")


def test_primary_suppression_verdicts_do_not_carry_over(extract):
    # suppress=True marks a margin that gives a suppressed cell back as "review"; the secondary
    # suppression starts again from the rules' verdicts (as `sdc protect` does).
    september = extract[extract["reference_period"] == 201709]
    plain = sdc.protect(sdc.crosstab(september, "j_sector", "i_residence_country"))
    primary_only = sdc.crosstab(september, "j_sector", "i_residence_country", suppress=True)
    assert primary_only.published_status == "review"
    assert sdc.protect(primary_only).to_dict() == plain.to_dict()
    assert plain.status == "pass"


def test_forced_cells(microdata1):
    t = sdc.crosstab(microdata1, "region", "gender", **COUNT_RULES)
    base = sdc.protect(t)
    partner = [tuple(row) for row in base.cells[base.cells.status == "secondary"][["region", "gender"]].values
               if row[0] != "A"]
    # Publishing a chosen secondary cell forces another rectangle; suppressing a margin is kept.
    forced = sdc.protect(t, must_publish=[partner[0]], must_suppress=[{"region": "D"}])
    status = forced.cells.set_index(["region", "gender"])["status"]
    assert status[partner[0]] == "published"
    assert status[("D", "Total")] == "secondary"
    assert status[("A", "female")] == "primary"
    assert forced.status == "pass"
    # A forced suppression needs no protection (the margin may well be computable); primaries do.
    cells = sdc.audit(forced, protection="none").cells
    assert not cells[cells.status == "primary"]["exact"].any()
    mask = np.zeros(len(t.cells), dtype=bool)
    mask[t.cells.index[(t.cells.region == "D") & (t.cells.gender == "Total")][0]] = True
    by_mask = sdc.protect(t, must_publish=[partner[0]], must_suppress=mask)
    assert by_mask.to_dict() == forced.to_dict()
    assert sdc.protect(t, must_publish=[partner[0]], must_suppress=mask.tolist()).to_dict() == forced.to_dict()


@st.composite
def count_tables(draw):
    n = draw(st.integers(min_value=2, max_value=80))
    rows = draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=n, max_size=n))
    cols = draw(st.lists(st.sampled_from(["u", "v", "w"]), min_size=n, max_size=n))
    return pd.DataFrame({"x": rows, "y": cols}), draw(st.integers(2, 6))


@given(count_tables())
def test_no_primary_cell_is_disclosed_exactly(case):
    df, min_count = case
    t = sdc.crosstab(df, "x", "y", min_count=min_count, nk=None, p_percent=None, zeros="ignore")
    p = sdc.protect(t)
    a = sdc.audit(p, protection="none")
    if not p.unprotected:
        assert a.counts["primary_exact"] == 0
        assert not a.cells[a.cells.status == "primary"]["exact"].any()
    assert a.counts["suppressed"] == p.counts["primary"] + p.counts["secondary"]


def test_bad_input(microdata1):
    mean = sdc.crosstab(microdata1, "region", "gender", values="val", aggfunc="mean")
    with pytest.raises(sdc.InvalidInputError, match="count or sum"):
        sdc.protect(mean)
    t = sdc.crosstab(microdata1, "region", "gender", **COUNT_RULES)
    with pytest.raises(sdc.InvalidInputError, match="no cell"):
        sdc.protect(t, must_publish=[("E", "female")])
    with pytest.raises(sdc.InvalidInputError, match="not a dimension"):
        sdc.protect(t, must_suppress=[{"sex": "female"}])
    with pytest.raises(sdc.InvalidInputError, match="one entry per cell"):
        sdc.protect(t, must_suppress=np.zeros(3, dtype=bool))
    with pytest.raises(sdc.InvalidInputError, match="value, frequency or unity|unknown"):
        sdc.protect(t, cost="cheapest")
    with pytest.raises(sdc.InvalidInputError, match="none or coalition"):
        sdc.protect(t, singletons="all")
    with pytest.raises(sdc.InvalidInputError, match="rules or none"):
        sdc.audit(t, protection="sliding")
    with pytest.raises(sdc.InvalidInputError, match="unknown status"):
        sdc.audit(t, pattern=sdc.protect(t).cells.assign(status="hidden"))
    with pytest.raises(sdc.InvalidInputError, match="no row for cell"):
        sdc.audit(t, pattern=sdc.protect(t).cells.iloc[1:])
    with pytest.raises(sdc.InvalidInputError, match="type_mismatch|takes a table"):
        sdc.protect([1, 2, 3])
    with pytest.raises(sdc.InvalidInputError) as e:
        sdc.protect(microdata1, index="region", columns="sex")
    assert e.value.code == "unknown_column"
    with pytest.raises(sdc.InvalidInputError) as e:
        sdc.protect(microdata1.iloc[:0], index="region", columns="gender")
    assert e.value.code == "empty_input"


def test_pivot_and_aggregated_tables_protect_like_crosstab(microdata1):
    """The same table as a pivot table, and as an aggregated table computed by pandas (one row
    per cell, with the two largest contributions for the dominance rule), gets the same pattern."""
    sums = sdc.crosstab(microdata1, "region", "gender", values="val", aggfunc="sum", **SUM_RULES)
    pivot = sdc.pivot_table(microdata1, "val", "region", "gender", aggfunc="sum", **SUM_RULES)
    grouped = microdata1.groupby(["region", "gender"])["val"]
    cells = pd.DataFrame({"count": grouped.size(), "sum": grouped.sum(),
                          "top1": grouped.apply(lambda v: v.nlargest(1).sum()),
                          "top2": grouped.apply(lambda v: v.nlargest(2).iloc[-1] if len(v) > 1 else 0.0)})
    aggregated = sdc.check_table(cells.reset_index(), "region", "gender", count="count", sum="sum", top1="top1",
                                 top2="top2", **SUM_RULES)
    expected = sdc.protect(sums).cells[["region", "gender", "status"]]
    for table in (pivot, aggregated):
        got = sdc.protect(table).cells[["region", "gender", "status"]]
        assert got.astype(str).values.tolist() == expected.astype(str).values.tolist()
    assert (expected["status"] == "primary").sum() > 0


def test_optimal_rectangle_by_hand(microdata1):
    # (A, female) has 2 contributors; with published margins the cheapest protection is a
    # rectangle through (A, male) (18) and the region r with the smallest total f_r + m_r:
    # B 19 + 14 = 33, C 10 + 12 = 22, D 14 + 11 = 25, so C at a cost of 18 + 22 = 40.
    t = sdc.crosstab(microdata1, "region", "gender", **COUNT_RULES)
    p = sdc.protect(t, method="optimal")
    assert p.method == "optimal"
    assert p.options["cost"] == "frequency"
    assert p.options["objective"] == pytest.approx(40)
    assert p.options["proven_optimal"] and p.options["solution_found"]
    suppressed = p.cells[p.cells.status != "published"]
    assert sorted(zip(suppressed.region, suppressed.gender)) == [("A", "female"), ("A", "male"), ("C", "female"),
                                                                 ("C", "male")]
    audit = sdc.audit(p, protection="none")
    assert audit.counts["primary_exact"] == 0
    assert audit.to_dict()["pattern"] == "optimal (cost frequency)"
    assert p.to_dict()["method"] == "optimal"


def test_optimal_meets_the_rules_protection_levels(microdata1):
    # For sums the optimal pattern must give each primary cell the interval the dominance rules
    # ask for (the audit with protection="rules" checks it); its objective is the value of its
    # secondary suppressions (cost "value").
    t = sdc.crosstab(microdata1, "region", "gender", values="val", aggfunc="sum", **SUM_RULES)
    optimal = sdc.protect(t, method="optimal")
    assert optimal.options["cost"] == "value" and optimal.options["solution_found"]
    values = t.cells["value"].abs()
    assert values[optimal.cells.status == "secondary"].sum() == pytest.approx(optimal.options["objective"])
    audit = sdc.audit(optimal, protection="rules")
    assert audit.status == "pass"
    assert audit.counts["primary_exact"] == 0 and audit.counts["primary_unprotected"] == 0
    with pytest.raises(sdc.InvalidInputError, match="gauss or optimal"):
        sdc.protect(t, method="exact")
    with pytest.raises(sdc.InvalidInputError, match="flat tables"):
        sdc.protect(microdata1, index="region", columns="gender", hierarchies={"region": [["A", "AB"]]},
                    method="optimal")


@needs_cli
def test_optimal_parity_with_cli(tmp_path, microdata1):
    path = tmp_path / "microdata1.csv"
    microdata1.to_csv(path, index=False)
    ours = sdc.protect(sdc.crosstab(microdata1, "region", "gender", **COUNT_RULES), method="optimal").to_dict()
    theirs = cli_json(tmp_path, "protect", "--data", path, "--rows", "region", "--cols", "gender", *COUNT_FLAGS,
                      "--method", "optimal")
    assert ours == theirs


def test_a_signal_handler_raising_during_protect_stops_it():
    """The Gauss method checks Python's signals on the calling thread (bindings.hpp,
    ``interruptible``): an exception a signal handler raises while the core runs leaves
    ``sdc.protect`` with its own type, and the interpreter stays usable. (Measured by hand on a
    46^3 table: a SIGINT after 3 s stops it at 3.15 s, where the protection takes 8.4 s.)"""
    import signal

    class Stop(Exception):
        pass

    rng = np.random.default_rng(5)
    k = 30  # 27,000 inner cells in 3-D: seconds of Gauss elimination
    grid = pd.MultiIndex.from_product([[f"a{i:02d}" for i in range(k)], [f"b{i:02d}" for i in range(k)],
                                       [f"c{i:02d}" for i in range(k)]], names=["v1", "v2", "v3"]).to_frame(index=False)
    grid["n"] = rng.poisson(6, len(grid))
    table = sdc.check_table(grid, ["v1", "v2", "v3"], count="n", **COUNT_RULES)

    def handler(signum, frame):
        raise Stop()

    previous = signal.signal(signal.SIGALRM, handler)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(Stop):
            sdc.protect(table)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    # Nothing is left behind: the same table protects afterwards.
    assert sdc.protect(table).counts["unprotected"] == 0
