# SPDX-License-Identifier: MIT
"""Properties that must hold for any data (hypothesis)."""
import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

import sdc

TOTAL = sdc.TOTAL_LABEL


@st.composite
def microdata(draw, max_records=60):
    n = draw(st.integers(min_value=1, max_value=max_records))
    letters = st.sampled_from(["a", "b", "c", "d"])
    return pd.DataFrame({
        "x": draw(st.lists(letters, min_size=n, max_size=n)),
        "y": draw(st.lists(st.sampled_from(["u", "v", "w"]), min_size=n, max_size=n)),
        "z": draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)),
        "v": draw(st.lists(st.floats(-50, 1000, allow_nan=False), min_size=n, max_size=n)),
        "w": draw(st.lists(st.floats(1, 20), min_size=n, max_size=n)),
    })


@given(microdata(), st.integers(1, 6), st.sampled_from(["count", "sum", "mean"]), st.booleans())
def test_suppressed_cells_never_appear_in_the_suppressed_table(df, min_count, stat, suppress):
    kwargs = {} if stat == "count" else {"values": "v"}
    t = sdc.crosstab(df, "x", "y", aggfunc=stat, min_count=min_count, suppress=suppress, **kwargs)
    published = t.suppressed_table
    cells = t.cells
    hidden = cells[(cells.suppressed) | (cells.status == "fail")]
    for _, cell in hidden.iterrows():
        assert np.isnan(published.loc[cell["x"], cell["y"]])
    shown = cells[~cells.suppressed & (cells.status != "fail")]
    for _, cell in shown.iterrows():
        value = published.loc[cell["x"], cell["y"]]
        assert value == cell["value"] or (np.isnan(value) and np.isnan(cell["value"]))
    report = t.to_dict()
    for cell in report["cells"]:
        if cell["suppressed"]:
            assert cell["value"] is None and cell["n"] is None and "evidence" not in cell


@given(microdata(), st.booleans())
def test_count_margins_are_sums_of_their_cells(df, weighted):
    kwargs = {"weights": "w"} if weighted else {}
    table = sdc.crosstab(df, ["x", "z"], "y", **kwargs).table
    grid = table.to_numpy(dtype=float)
    inner_rows = ~table.index.get_level_values(1).isin([TOTAL])
    # the last column is the row margin, the sum of the other columns
    assert np.allclose(grid[:, -1], grid[:, :-1].sum(axis=1))
    # each (x, Total) row is the sum of the (x, z) rows; the grand total row the sum of all x
    for x in table.index.get_level_values(0).unique():
        rows = table.loc[x]
        inner = rows.drop(index=TOTAL).to_numpy(dtype=float).sum(axis=0)
        assert np.allclose(rows.loc[TOTAL].to_numpy(dtype=float), inner)
    total = grid[(table.index.get_level_values(0) != TOTAL) & inner_rows].sum(axis=0)
    assert np.allclose(table.loc[(TOTAL, TOTAL)].to_numpy(dtype=float), total)
    assert np.isclose(table.loc[(TOTAL, TOTAL), TOTAL], df["w"].sum() if weighted else len(df))


@given(microdata())
def test_counts_equal_pandas_crosstab(df):
    ours = sdc.crosstab(df, "x", "y", margins=False).table
    theirs = pd.crosstab(df["x"], df["y"])
    pd.testing.assert_frame_equal(ours, theirs, check_names=True, check_index_type=False,
                                  check_column_type=False)


@given(microdata(), st.sampled_from(["category", "never"]))
def test_adding_a_key_never_lowers_the_risk(df, missing):
    df = df.assign(y=df["y"].where(df["z"] != 0))  # some missing key values
    base = sdc.risk(df, ["x"], missing=missing, allow_constant_keys=True).per_record
    more = sdc.risk(df, ["x", "y"], missing=missing, allow_constant_keys=True).per_record
    most = sdc.risk(df, ["x", "y", "z"], missing=missing, allow_constant_keys=True).per_record
    assert (more["fk"] <= base["fk"]).all() and (most["fk"] <= more["fk"]).all()
    assert (more["risk"] >= base["risk"] - 1e-15).all()
    assert (most["risk"] >= more["risk"] - 1e-15).all()


@given(microdata())
def test_fk_equals_pandas_group_sizes(df):
    ours = sdc.key_frequencies(df, ["x", "y", "z"], weights="w", allow_constant_keys=True)
    grouped = df.groupby(["x", "y", "z"])["w"]
    assert ours["fk"].tolist() == grouped.transform("size").astype(float).tolist()
    assert np.allclose(ours["Fk"], grouped.transform("sum"))
