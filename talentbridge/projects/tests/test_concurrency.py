"""Two real concurrent transactions applying for the last place never over-fill a brief."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from conftest import make_world
from talentbridge.community.models import OrganizationMembership
from talentbridge.core.errors import ApplicationError
from talentbridge.projects import services
from talentbridge.projects.models import ProjectBrief
from talentbridge.projects.tests.factories import make_brief


@pytest.mark.django_db(transaction=True)
def test_last_place_is_given_once() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("needs row locks of a server database (PostgreSQL)")
    world = make_world()
    frank = world.users["frank"]
    OrganizationMembership.objects.filter(user=frank).update(
        organization=world.college, role="student"
    )
    brief = make_brief(world, places=1)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def apply(user: object) -> None:
        try:
            barrier.wait()
            services.application_submit(actor=user, brief=brief, statement="last place")
            outcomes.append("ok")
        except ApplicationError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=apply, args=(u,)) for u in (world.users["carol"], frank)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "ok"]
    assert ProjectBrief.objects.get(pk=brief.pk).applications.count() == 1
