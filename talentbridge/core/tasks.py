"""Core tasks: a trivial task used by the health check and the task-recovery tests."""

from __future__ import annotations

import time

from django_tasks import task


@task()
def ping(payload: str = "pong") -> str:
    return payload


@task()
def sleep_then_return(seconds: float, payload: str) -> str:
    """Used by the crash-recovery test: long enough to kill the worker in the middle."""
    time.sleep(seconds)
    return payload
