# SPDX-License-Identifier: MIT
import os
import subprocess

SDC = os.environ.get("SDC_CLI", "sdc")


def test_version_prints_the_version_of_config_hpp():
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    with open(os.path.join(root, "include", "sdc", "core", "config.hpp")) as f:
        text = f.read()
    parts = [line.split()[-1] for line in text.splitlines() if line.startswith("#define SDC_VERSION_")]
    out = subprocess.run([SDC, "--version"], capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stdout.strip() == ".".join(parts)


def test_unknown_subcommand_is_a_usage_error():
    out = subprocess.run([SDC, "no-such-command"], capture_output=True, text=True)
    assert out.returncode == 2
