# SPDX-License-Identifier: MIT
"""docs/python-tutorial.md runs top to bottom: every ```python block is executed in order in one
namespace, from a scratch directory holding examples/data/extract.csv; a python block followed
by a ```text block must print exactly that text (trailing spaces aside)."""
import contextlib
import io
import re
import shutil

import pytest

from conftest import DOCS, EXAMPLES

TUTORIAL = DOCS / "python-tutorial.md"
BLOCK = re.compile(r"```python\n(.*?)```\n(?:\n```text\n(.*?)```\n)?", re.S)


def blocks(text):
    """(code, expected output or None) of every python block, in order."""
    return [(match.group(1), match.group(2)) for match in BLOCK.finditer(text)]


def normalise(text):
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def run_tutorial(workdir):
    """Run every block in `workdir`; yields (number, code, expected, printed)."""
    (workdir / "examples" / "data").mkdir(parents=True)
    shutil.copy(EXAMPLES / "data" / "extract.csv", workdir / "examples" / "data" / "extract.csv")
    namespace = {"__name__": "__tutorial__"}
    for number, (code, expected) in enumerate(blocks(TUTORIAL.read_text()), start=1):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"{TUTORIAL.name}, block {number}", "exec"), namespace)  # noqa: S102
        yield number, code, expected, printed.getvalue()


def test_the_tutorial_has_blocks_with_outputs():
    found = blocks(TUTORIAL.read_text())
    assert len(found) >= 15
    assert sum(expected is not None for _, expected in found) >= 10


# The extract has a few weights just below 1, which sdc reports with an SdcWarning (the
# tutorial shows it through the summary's "warnings").
@pytest.mark.filterwarnings("ignore::sdc.SdcWarning")
def test_the_tutorial_runs_and_prints_what_it_shows(tmp_path, monkeypatch):
    if not (EXAMPLES / "data" / "extract.csv").exists():
        pytest.skip("examples/data/extract.csv not found")
    monkeypatch.chdir(tmp_path)
    for number, _code, expected, printed in run_tutorial(tmp_path):
        if expected is not None:
            assert normalise(printed) == normalise(expected), f"block {number} printed:\n{printed}"
