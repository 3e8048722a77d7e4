"""Every command teaches: help text with an example, and it is in the README."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parent.parent


def commands() -> list[str]:
    return sorted(get_command(app).commands)


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_with_an_example(name):
    res = CliRunner().invoke(app, [name, "--help"])
    assert res.exit_code == 0, res.output
    assert "Example" in res.output, f"kg {name} --help has no example"


@pytest.mark.parametrize("name", commands())
def test_every_command_is_in_the_readme(name):
    assert f"kg {name}" in (ROOT / "README.md").read_text("utf-8")


def test_code_is_ruff_clean():
    if shutil.which("ruff") is None and subprocess.run([sys.executable, "-m", "ruff", "--version"],
                                                       check=False, capture_output=True).returncode != 0:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    res = subprocess.run([sys.executable, "-m", "ruff", "check", "kg", "tests", "benchmarks"],
                         cwd=ROOT, capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stdout[-3000:]
