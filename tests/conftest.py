from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).parent / "data"


@pytest.fixture
def good_raw() -> dict:
    """A fresh copy of the valid test scenario, for tests to break one field at a time."""
    return yaml.safe_load((DATA / "good.yaml").read_text())


@pytest.fixture
def write_yaml(tmp_path):
    def write(data, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        return path

    return write
