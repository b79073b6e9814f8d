"""One test run at a time in a test folder: a second one stops at once and says why."""

import os
import subprocess
import sys

from django.conf import settings

from tests.conftest import ROOT

LOAD = "import tests._environment; print('loaded')"


def _load_environment(var_dir: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FACTCHECK_VAR_DIR": var_dir}
    return subprocess.run(
        [sys.executable, "-c", LOAD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_a_second_run_in_the_folder_of_this_one_stops_with_the_reason():
    result = _load_environment(str(settings.VAR_DIR))
    assert result.returncode != 0
    assert "Another test run (pid " in result.stderr and "FACTCHECK_VAR_DIR=" in result.stderr
    assert "loaded" not in result.stdout


def test_a_run_in_a_folder_of_its_own_goes_ahead(tmp_path):
    result = _load_environment(str(tmp_path / "var"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "loaded"
    assert (tmp_path / "var" / "test-run.lock").read_text().startswith("pid ")
