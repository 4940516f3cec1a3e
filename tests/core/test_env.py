import pytest

from hallway.config.env import env_bool, secret_key
from hallway.core.mail_url import email_settings


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("HALLWAY_SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) >= 50
    assert secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_configured_secret_key_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("HALLWAY_SECRET_KEY", "from-the-environment")
    assert secret_key(tmp_path) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_email_url_smtp_with_credentials_and_tls():
    config = email_settings("smtp://mailer:p%40ss@mail.example.org:2525?tls=1")
    assert config["EMAIL_HOST"] == "mail.example.org"
    assert config["EMAIL_PORT"] == 2525
    assert config["EMAIL_HOST_USER"] == "mailer"
    assert config["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert config["EMAIL_USE_TLS"] is True
    assert config["EMAIL_USE_SSL"] is False


def test_email_url_smtps_defaults_to_port_465():
    config = email_settings("smtps://mail.example.org")
    assert (config["EMAIL_PORT"], config["EMAIL_USE_SSL"], config["EMAIL_USE_TLS"]) == (
        465,
        True,
        False,
    )


def test_email_url_console():
    assert email_settings("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_unknown_email_scheme_is_a_clear_error():
    with pytest.raises(ValueError, match="EMAIL_URL scheme"):
        email_settings("pigeon://loft")


def test_env_bool_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("HALLWAY_DEBUG", "maybe")
    with pytest.raises(ValueError, match="HALLWAY_DEBUG"):
        env_bool("HALLWAY_DEBUG", False)
