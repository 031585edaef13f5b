# SPDX-License-Identifier: MIT
"""sdc.protect with hierarchies and linked tables (cell systems): every primary cell, and every
failing cell an intruder could reach by subtracting one output from another, is checked to be
outside the span of the published cells with numpy's matrix rank over inner cells built here
from the data (independently of the core's model matrix); subtotal values against pandas."""
import numpy as np
import pandas as pd
import pytest

import sdc

COUNT_RULES = dict(min_count=3, nk=None, p_percent=None, zeros="ignore")
PAIRS = pd.DataFrame({"region": ["A", "B", "C", "D"], "pair": ["AB", "AB", "CD", "CD"]})


def derivable(published, target):
    """Whether `target` is a linear combination of the rows of `published`."""
    if len(published) == 0:
        return not target.any()
    a = np.array(published, dtype=float)
    return np.linalg.matrix_rank(np.vstack([a, target])) == np.linalg.matrix_rank(a)


def test_hierarchical_table(microdata1):
    p = sdc.protect(microdata1, index="region", columns="gender", hierarchies={"region": PAIRS}, **COUNT_RULES)
    assert isinstance(p, sdc.SystemProtectionResult)
    cells = p.cells
    # 4 regions + 2 pairs + Total, times 2 genders + Total.
    assert len(cells) == 7 * 3
    assert set(cells["region"]) == {"A", "B", "C", "D", "AB", "CD", "Total"}
    assert p.status == "pass" and not p.unprotected
    assert p.counts["primary"] == 1 and p.counts["hidden_primary"] == 0
    # Inner cells region x gender; every output cell is the sum of those its labels select.
    regions, genders = ["A", "B", "C", "D"], ["female", "male"]
    group = dict(zip(PAIRS.region, PAIRS.pair))

    def vector(region, gender):
        return np.array([(region in ("Total", r, group[r])) and (gender in ("Total", g))
                         for r in regions for g in genders], dtype=float)

    published = [vector(r, g) for r, g, s in zip(cells.region, cells.gender, cells.status) if s == "published"]
    for row in cells[cells.status == "primary"].itertuples():
        assert not derivable(published, vector(row.region, row.gender)), (row.region, row.gender)
    # Published values are the counts pandas gives.
    for row in cells[cells.status == "published"].itertuples():
        selected = microdata1[[row.region in ("Total", r, group[r]) for r in microdata1.region]]
        if row.gender != "Total":
            selected = selected[selected.gender == row.gender]
        assert row.value == len(selected), (row.region, row.gender)
    assert cells.set_index(["region", "gender"]).loc[("AB", "Total"), "levels"] == ("pair", "Total")
    audit = sdc.audit(p, protection="none")
    assert audit.counts["primary_exact"] == 0
    assert audit.counts["suppressed"] == p.counts["primary"] + p.counts["secondary"]


def test_linked_tables_share_cells(microdata1):
    p = sdc.protect(microdata1, tables=[["region", "gender"], ["region"]], **COUNT_RULES)
    cells = p.cells
    first = cells[cells.output == "table 1"].set_index(["region", "gender"])["cell"]
    second = cells[cells.output == "table 2"].set_index("region")["cell"]
    for region in ["A", "B", "C", "D", "Total"]:
        assert first[(region, "Total")] == second[region]  # one cell of the system, one status
    assert len(set(cells["cell"])) == len(first)
    assert p.counts["cells"] == len(first)


def test_differencing_by_a_filter_is_protected():
    # Sector counts of every firm, and of every firm but X: their difference is X's count per
    # sector (2 and 1 records: failing hidden cells).
    rng = np.random.default_rng(3)
    firms = ["X"] * 3 + list(rng.choice(["Y", "Z", "W"], size=60))
    sectors = ["S1", "S1", "S2"] + list(rng.choice(["S1", "S2", "S3"], size=60))
    df = pd.DataFrame({"firm": firms, "sector": sectors})
    tables = [{"name": "all", "variables": ["sector"]},
              {"name": "without X", "variables": ["sector"], "filter": {"variable": "firm", "not_equal": "X"}}]
    p = sdc.protect(df, tables=tables, **COUNT_RULES)
    assert set(p.hidden["description"].str.contains("X")) == {True}
    assert len(p.hidden) >= 2
    # Inner cells: sector x (firm == X).
    sector_names = sorted(set(sectors))

    def vector(output, sector):
        return np.array([(sector in ("Total", s)) and (output == "all" or not x)
                         for s in sector_names for x in (False, True)], dtype=float)

    cells = p.cells
    published = [vector(o, s) for o, s, st in zip(cells.output, cells.sector, cells.status) if st == "published"]
    x_counts = df[df.firm == "X"].sector.value_counts()
    for s in sector_names:
        x_part = np.array([(t == s) and x for t in sector_names for x in (False, True)], dtype=float)
        if 0 < x_counts.get(s, 0) < 3:
            assert not derivable(published, x_part), s
    audit = sdc.audit(p, protection="none")
    assert audit.counts["primary_exact"] == 0
    assert (audit.cells["kind"] == "hidden").sum() == len(p.hidden)


def test_bad_input(microdata1):
    with pytest.raises(sdc.InvalidInputError, match="'E' of variable 'region'|not in"):
        sdc.protect(microdata1, index="region", columns="gender",
                    hierarchies={"region": PAIRS[PAIRS.region != "D"].replace("D", "E")}, **COUNT_RULES)
    with pytest.raises(sdc.InvalidInputError) as e:
        sdc.protect(microdata1, index="region", columns="gender", hierarchies={"sex": PAIRS})
    assert e.value.code == "unknown_column"
    with pytest.raises(sdc.InvalidInputError, match="need the microdata"):
        sdc.protect(sdc.crosstab(microdata1, "region", "gender"), hierarchies={"region": PAIRS})
    with pytest.raises(sdc.InvalidInputError, match="count or sum"):
        sdc.protect(microdata1, index="region", values="val", aggfunc="mean", hierarchies={"region": PAIRS})
    with pytest.raises(sdc.InvalidInputError, match="filter value|does not occur"):
        sdc.protect(microdata1, tables=[{"variables": ["region"], "filter": {"variable": "gender", "equal": "x"}}])
    with pytest.raises(sdc.InvalidInputError, match="exactly one of"):
        sdc.protect(microdata1, tables=[{"variables": ["region"], "filter": {"variable": "gender", "value": "x"}}])



def test_forced_cells_of_a_hierarchy_by_hand():
    # Regions A 2, B 10, C 20, D 30 records; provinces P1 = A + B = 12, P2 = C + D = 50; A fails.
    df = pd.DataFrame({"region": ["A"] * 2 + ["B"] * 10 + ["C"] * 20 + ["D"] * 30})
    provinces = pd.DataFrame({"region": ["A", "B", "C", "D"], "province": ["P1", "P1", "P2", "P2"]})
    kwargs = dict(index="region", hierarchies={"region": provinces}, **COUNT_RULES)
    base = sdc.protect(df, **kwargs)
    cell = dict(zip(base.cells["region"], base.cells["cell"]))
    assert base.cells.set_index("region")["status"]["D"] == "published"
    # D forced suppressed. By decreasing count: Total 62, P2 50 and C 20 are published (C gives
    # D = P2 - C, a secondary cell), P1 = Total - P2 is known anyway, B would give A = P1 - B:
    # secondary.
    p = sdc.protect(df, must_suppress=[cell["D"]], **kwargs)
    status = p.cells.set_index("region")["status"]
    assert status[["A", "B", "D"]].tolist() == ["primary", "secondary", "secondary"]
    assert (status[["C", "P1", "P2", "Total"]] == "published").all()
    assert p.counts["secondary"] == 2
    mask = np.zeros(base.system.n_cells, dtype=bool)
    mask[cell["D"]] = True
    assert sdc.protect(df, must_suppress=mask, **kwargs).cells["status"].tolist() == p.cells["status"].tolist()
    # D = P2 - C = 30 exactly (secondary); A + B = 12, both in [0, 12].
    a = sdc.audit(p, protection="none")
    assert sorted(a.cells["lower"]) == [0, 0, 30]
    assert sorted(a.cells["upper"]) == [12, 12, 30]
    assert a.status == "pass"
    # Infeasible forcing names the cells.
    with pytest.raises(sdc.InvalidInputError, match="region=A"):
        sdc.protect(df, must_publish=[cell["A"]], **kwargs)
    with pytest.raises(sdc.InvalidInputError, match="both published and suppressed.*region=C"):
        sdc.protect(df, must_publish=[cell["C"]], must_suppress=[cell["C"]], **kwargs)
    with pytest.raises(sdc.InvalidInputError, match="not a cell of the system"):
        sdc.protect(df, must_suppress=[base.system.n_cells], **kwargs)
