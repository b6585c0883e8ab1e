"""Reading a hotel folder's YAML files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agente_hotel.errors import ConfigurationError
from agente_hotel.hotel import demo_hotel_dir, load_profile
from agente_hotel.pms.inventory import load_inventory


@pytest.fixture
def hotel_folder(tmp_path: Path) -> Path:
    for name in ("hotel.yaml", "inventory.yaml"):
        shutil.copy(demo_hotel_dir() / name, tmp_path / name)
    return tmp_path


def test_a_copy_of_the_demo_hotel_loads(hotel_folder: Path) -> None:
    assert load_profile(hotel_folder) == load_profile()
    assert load_inventory(hotel_folder).hotel_id == load_profile().id


def test_a_profile_without_a_field_is_a_configuration_error(hotel_folder: Path) -> None:
    path = hotel_folder / "hotel.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("timezone:", "tz:"), "utf-8")

    with pytest.raises(ConfigurationError, match="timezone"):
        load_profile(hotel_folder)


def test_a_profile_with_an_unknown_language_is_a_configuration_error(hotel_folder: Path) -> None:
    path = hotel_folder / "hotel.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("default_language: ", "default_language: x"), "utf-8")

    with pytest.raises(ConfigurationError, match="unsupported language"):
        load_profile(hotel_folder)


@pytest.mark.parametrize("name", ["hotel.yaml", "inventory.yaml"])
def test_a_file_that_is_not_yaml_is_a_configuration_error(hotel_folder: Path, name: str) -> None:
    (hotel_folder / name).write_text("id: [unclosed\n", "utf-8")

    with pytest.raises(ConfigurationError, match=f"{name} is not valid YAML"):
        load_profile(hotel_folder) if name == "hotel.yaml" else load_inventory(hotel_folder)
