"""The environment variables of cpmap.settings, read when asked: unset or blank means the default."""

from __future__ import annotations

from cpmap import config, settings


def test_settings_are_read_when_asked_so_a_changed_environment_counts(monkeypatch, tmp_path):
    for setting in settings.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    assert settings.layers_dir() == config.LAYERS_DIR
    assert settings.tiles() == (None, "Base map tiles")
    monkeypatch.setenv("CPMAP_LAYERS_DIR", str(tmp_path))
    monkeypatch.setenv("BOUNDARIES_DIR", str(tmp_path / "ons"))
    monkeypatch.setenv("CPMAP_TILES", " https://tiles.example.org/{z}/{x}/{y}.png ")
    monkeypatch.setenv("CPMAP_TILES_ATTRIBUTION", "   ")  # blank counts as unset
    assert settings.layers_dir() == tmp_path.resolve()
    assert settings.boundaries_dir() == (tmp_path / "ons").resolve()
    assert settings.tiles() == ("https://tiles.example.org/{z}/{x}/{y}.png", "Base map tiles")


def test_without_boundaries_dir_the_originals_are_looked_for_beside_the_project(monkeypatch):
    monkeypatch.delenv("BOUNDARIES_DIR", raising=False)
    beside = (config.PROJECT_ROOT / config.BOUNDARIES_BESIDE).resolve()
    assert settings.boundaries_dir() == (beside if beside.is_dir() else None)
    assert config.BOUNDARIES_BESIDE.as_posix() in settings.BOUNDARIES_DIR.default


def test_the_data_folder_is_the_bundled_one_unless_cpmap_data_dir_names_another(monkeypatch, tmp_path):
    from cpmap import config

    monkeypatch.delenv("CPMAP_DATA_DIR", raising=False)
    assert settings.data_dir() == config.DATA_DIR
    monkeypatch.setenv("CPMAP_DATA_DIR", str(tmp_path))
    assert settings.data_dir() == tmp_path.resolve()
    monkeypatch.setenv("CPMAP_DATA_DIR", "  ")
    assert settings.data_dir() == config.DATA_DIR
