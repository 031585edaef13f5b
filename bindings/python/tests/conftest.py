# SPDX-License-Identifier: MIT
"""Shared fixtures: data locations (set by ctest, with fallbacks for a run from the source tree)
and hypothesis settings."""
import os
import pathlib

import hypothesis
import pandas as pd
import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SHARED_DATA = pathlib.Path(os.environ.get("SDC_SHARED_DATA_DIR", ROOT.parent / "shared" / "data"))
TEST_DATA = pathlib.Path(os.environ.get("SDC_TEST_DATA_DIR", ROOT / "tests" / "data"))
EXAMPLES = pathlib.Path(os.environ.get("SDC_EXAMPLES_DIR", ROOT / "examples"))
DOCS = pathlib.Path(os.environ.get("SDC_DOCS_DIR", ROOT / "docs"))

# The machine is shared: no deadline (timing is not what these tests check), reproducible runs.
hypothesis.settings.register_profile("sdc", deadline=None, derandomize=True, max_examples=60,
                                     suppress_health_check=[hypothesis.HealthCheck.too_slow])
hypothesis.settings.load_profile("sdc")


@pytest.fixture(scope="session")
def microdata1() -> pd.DataFrame:
    """sdcTable's microdata1: 100 records, region A-D x gender, value val (methods.md 4.2)."""
    path = SHARED_DATA / "sdctable" / "microdata1.csv"
    if not path.exists():
        pytest.skip(f"{path} not found")
    return pd.read_csv(path)


@pytest.fixture(scope="session")
def extract() -> pd.DataFrame:
    """The bundled example extract (examples/data/extract.csv)."""
    path = EXAMPLES / "data" / "extract.csv"
    if not path.exists():
        pytest.skip(f"{path} not found")
    return pd.read_csv(path)


@pytest.fixture(scope="session")
def ihsn() -> pd.DataFrame:
    """The ten records of the SDC Practice Guide's measure_risk example (methods.md 4.1)."""
    rows = [
        ("Urban", "Female", "Secondary incomplete", "Employed", "yes", 180),
        ("Urban", "Female", "Secondary incomplete", "Employed", "yes", 180),
        ("Urban", "Female", "Primary incomplete", "Non-LF", "yes", 215),
        ("Urban", "Male", "Secondary complete", "Employed", "yes", 76),
        ("Rural", "Female", "Secondary complete", "Unemployed", "yes", 186),
        ("Urban", "Male", "Secondary complete", "Employed", "no", 76),
        ("Urban", "Female", "Primary complete", "Non-LF", "no", 180),
        ("Urban", "Male", "Post-secondary", "Unemployed", "yes", 215),
        ("Urban", "Female", "Secondary incomplete", "Non-LF", "no", 186),
        ("Urban", "Female", "Secondary incomplete", "Non-LF", "yes", 76),
    ]
    return pd.DataFrame(rows, columns=["Residence", "Gender", "Education", "Labor", "Health", "W"])
