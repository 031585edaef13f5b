# SPDX-License-Identifier: MIT
import json
import os
import subprocess

import pytest

SDC = os.environ.get("SDC_CLI", "sdc")
SHARED = os.environ.get("SDC_SHARED_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data"))


class Run:
    def __init__(self, completed, json_report):
        self.returncode = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.json = json_report


@pytest.fixture
def sdc(tmp_path):
    """Runs the CLI with the given arguments; returns exit code, output and the JSON report."""

    def run(*args, with_json=True):
        json_path = tmp_path / "report.json"
        command = [SDC, *map(str, args)]
        if with_json:
            command += ["--json", str(json_path)]
        completed = subprocess.run(command, capture_output=True, text=True)
        report = json.loads(json_path.read_text()) if with_json and json_path.exists() else None
        return Run(completed, report)

    return run


@pytest.fixture
def shared_data():
    return SHARED
