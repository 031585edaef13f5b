# SPDX-License-Identifier: MIT
"""The type stub _core.pyi describes exactly the compiled module's public names."""
import ast
import pathlib

import sdc
from sdc import _core


def test_stub_lists_every_public_name_of_the_module():
    stub = pathlib.Path(sdc.__file__).with_name("_core.pyi")
    tree = ast.parse(stub.read_text())
    declared = {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    public = {name for name in dir(_core) if not name.startswith("_")}
    assert declared == public
