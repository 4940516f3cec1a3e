"""Reaching servers that users name (calendar feeds, mail servers) without letting them make
the installation reach into its own network (SSRF).

A host is refused when any address it resolves to is private, loopback, link-local,
multicast, reserved or unspecified (cloud metadata at 169.254.169.254 included), unless
`HALLWAY_SOURCES_ALLOW_PRIVATE` is on (a Nextcloud or mail server inside the same network,
and the tests' local servers). Redirects are followed by hand so every hop is checked.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings

TIMEOUT_SECONDS = 20  # per connection attempt and per read
TOTAL_SECONDS = 60  # for the whole download: a server trickling bytes must not hold a worker
MAX_REDIRECTS = 5


class SourceError(Exception):
    """A reading that failed, with a message fit to show the source's owner."""


def host_check(host: str, port: int) -> None:
    """Raise SourceError when `host` cannot be resolved or reaches a non-public address."""
    if not host:
        raise SourceError("no server given")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise SourceError(f"cannot find the server {host}") from exc
    if settings.HALLWAY_SOURCES_ALLOW_PRIVATE:
        return
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise SourceError(f"{host} is a private or local address, which is not allowed")


@dataclass(frozen=True)
class Fetched:
    status: int  # 200, or 304 when unchanged since the validators given
    body: bytes
    etag: str
    last_modified: str


def url_check(url: str) -> None:
    """Raise SourceError unless `url` is an http(s) address of a public host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceError("only http:// and https:// addresses can be read")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise SourceError("the address has an invalid port") from exc
    host_check(parts.hostname, port)


def http_fetch(url: str, *, etag: str = "", last_modified: str = "", max_bytes: int) -> Fetched:
    """GET `url` (conditionally, when validators are given), at most `max_bytes` of body."""
    headers = {"User-Agent": "Hallway calendar reader", "Accept": "text/calendar, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _hop in range(MAX_REDIRECTS + 1):
        url_check(url)
        try:
            response = requests.get(
                url, headers=headers, timeout=TIMEOUT_SECONDS, stream=True, allow_redirects=False
            )
        except requests.RequestException as exc:
            raise SourceError(f"the server did not answer ({type(exc).__name__})") from exc
        with response:
            if response.is_redirect:
                url = urljoin(url, response.headers.get("Location", ""))
                continue
            if response.status_code == 304:
                return Fetched(304, b"", etag, last_modified)
            if response.status_code != 200:
                raise SourceError(f"the server answered {response.status_code}")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise SourceError(f"the calendar is larger than {max_bytes // 1_000_000} MB")
            body = bytearray()
            deadline = time.monotonic() + TOTAL_SECONDS
            try:
                for chunk in response.iter_content(64 * 1024):
                    body.extend(chunk)
                    if time.monotonic() > deadline:
                        raise SourceError(f"the download took longer than {TOTAL_SECONDS} s")
                    if len(body) > max_bytes:
                        raise SourceError(
                            f"the calendar is larger than {max_bytes // 1_000_000} MB"
                        )
            except requests.RequestException as exc:
                raise SourceError(f"the download broke off ({type(exc).__name__})") from exc
            return Fetched(
                200,
                bytes(body),
                response.headers.get("ETag", ""),
                response.headers.get("Last-Modified", ""),
            )
    raise SourceError("too many redirects")
