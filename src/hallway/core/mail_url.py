"""Mail server addresses: EMAIL_URL, and an organisation's own mail server (an email channel)."""

from urllib.parse import parse_qs, unquote, urlsplit

TRUE_WORDS = {"1", "true", "yes", "on"}


def email_settings(url: str) -> dict[str, object]:
    """Django mail settings from an EMAIL_URL such as smtp://user:pass@host:587?tls=1.

    Hand-written because the few maintained parsers pull in a whole settings framework;
    the grammar is five URL parts.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "memory":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme not in {"smtp", "smtps", "submission"}:
        raise ValueError(f"EMAIL_URL scheme must be smtp, smtps, submission or console: {url!r}")
    query = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
    use_ssl = scheme == "smtps" or query.get("ssl") in TRUE_WORDS
    use_tls = scheme == "submission" or query.get("tls") in TRUE_WORDS
    default_port = 465 if use_ssl else 587 if use_tls else 25
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or default_port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_USE_TLS": use_tls and not use_ssl,
        "EMAIL_TIMEOUT": 20,
    }
