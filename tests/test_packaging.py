"""The wheel carries the data folders and the lexicon; resources finds them either way."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from kg.resources import DATA_FOLDERS, data_dir, data_files

from conftest import REPO


@pytest.mark.parametrize("name", DATA_FOLDERS)
def test_data_folders_are_found(name: str) -> None:
    assert data_dir(name).is_dir()
    assert data_files(name, "*")


def test_unknown_data_folder() -> None:
    with pytest.raises(ValueError, match="unknown data folder"):
        data_dir("secrets")


def test_wheel_carries_data_and_lexicon(tmp_path: Path) -> None:
    builders = pytest.importorskip("hatchling.builders.wheel")
    if not (REPO / "pyproject.toml").is_file():
        pytest.skip("not a source checkout")
    wheel = Path(next(builders.WheelBuilder(str(REPO)).build(directory=str(tmp_path), versions=["standard"])))
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, pattern in [("ontology", "*.ttl"), ("shapes", "*.ttl"), ("queries", "*.rq")]:
        for f in (REPO / folder).glob(pattern):
            assert f"kg/_data/{folder}/{f.name}" in names
    for f in (REPO / "kg" / "lexicon").glob("*.toml"):
        assert f"kg/lexicon/{f.name}" in names
    assert "kg/cli.py" in names and not any(n.startswith(("tests/", "seeds/")) for n in names)


@pytest.mark.skipif(not os.environ.get("KG_CI_INSTALLED"), reason="only when CI installed kg from its wheel")
def test_tests_run_against_the_installed_wheel() -> None:
    import kg

    assert "site-packages" in kg.__file__
    assert data_dir("queries").parts[-2:] == ("_data", "queries")
