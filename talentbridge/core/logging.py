"""Logging helpers: a filter that adds the current request id to every record."""

from __future__ import annotations

import logging

from talentbridge.core import context


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.current().request_id
        return True
