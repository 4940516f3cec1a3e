"""Readiness: can this instance do its work now? `/readyz` asks every registered check.

Liveness (`/healthz`) only says the process answers; a load balancer restarts what is not
live and sends no traffic to what is not ready. Capabilities register their own checks in
their AppConfig.ready (messaging: is the outbox being delivered?); the database is core's.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, connection


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    details: dict[str, Any] = field(default_factory=dict)


ReadinessCheck = Callable[[], CheckResult]
_CHECKS: dict[str, ReadinessCheck] = {}


def readiness_register(name: str, check: ReadinessCheck) -> None:
    _CHECKS[name] = check


def database_check() -> CheckResult:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return CheckResult(False, {"error": type(error).__name__})
    return CheckResult(True)


def readiness() -> tuple[bool, dict[str, dict[str, Any]]]:
    """Whether every check passes, and each check's result. A check that fails to run fails;
    the checks after the database are skipped while it is down (they would only repeat it)."""
    results: dict[str, dict[str, Any]] = {}
    database = database_check()
    results["database"] = {"ok": database.ok, **database.details}
    for name, check in _CHECKS.items():
        if not database.ok:
            results[name] = {"ok": False, "skipped": "database"}
            continue
        try:
            result = check()
        except DatabaseError as error:
            result = CheckResult(False, {"error": type(error).__name__})
        results[name] = {"ok": result.ok, **result.details}
    return all(result["ok"] for result in results.values()), results
