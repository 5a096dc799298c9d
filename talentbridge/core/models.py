"""Base models and the audit log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """UUID primary key plus created/updated timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One state change: who did what to which object, before/after, when, from where.

    ``organization_id`` and ``community_id`` scope who may read the event (org admins, the
    community secretariat). They are plain UUIDs so that ``core`` depends on no other app.
    """

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    organization_id = models.UUIDField(_("organization"), null=True, blank=True, db_index=True)
    community_id = models.UUIDField(_("community"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class PeriodicTaskRun(models.Model):
    """When a periodic task (``settings.PERIODIC_TASKS``) was last put in the queue."""

    name = models.CharField(_("task"), max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField(_("last enqueued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("periodic task")
        verbose_name_plural = _("periodic tasks")

    def __str__(self) -> str:
        return self.name


class TaskLease(models.Model):
    """The worker that runs a task holds it until ``expires_at``; its heartbeat renews it.

    One row per RUNNING task of the database task backend (``task_id`` is the ``DBTaskResult``
    id, a plain UUID so that no row of the backend's own table is changed). ``attempt`` is the
    number of claims of the task when this lease was taken: with ``worker_id`` it fences every
    write of the holder, so a worker that lost its lease cannot write the task's result or
    commit another batch. See ADR 0012 and ``talentbridge.core.task_leases``.
    """

    task_id = models.UUIDField(_("task"), primary_key=True)
    worker_id = models.CharField(_("worker"), max_length=64)
    attempt = models.PositiveIntegerField(_("attempt"))
    acquired_at = models.DateTimeField(_("acquired at"))
    renewed_at = models.DateTimeField(_("renewed at"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("task lease")
        verbose_name_plural = _("task leases")

    def __str__(self) -> str:
        return f"{self.task_id} @ {self.worker_id} (#{self.attempt})"
