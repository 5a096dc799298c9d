"""``manage.py load_demo``: the bilingual demo world (idempotent; safe to run again).

Loads organizations, communities and personas, then the demo data of every app that registered
a loader with ``register_demo_loader`` (projects, curriculum, demand …), then prints the
demo accounts.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from talentbridge.accounts.models import User
from talentbridge.community import services
from talentbridge.community.demo_data import (
    COMMUNITIES,
    ORGANIZATIONS,
    PENDING_APPLICATIONS,
    PENDING_VERIFICATION,
    PEOPLE,
    SEATS,
    TRUSTED_SEATS,
)
from talentbridge.community.models import (
    ApplicationStatus,
    Community,
    CommunityMembership,
    CommunityStaff,
    MembershipApplication,
    Organization,
    OrganizationMembership,
    VerificationStatus,
)
from talentbridge.community.personas import demo_loaders
from talentbridge.core.validators import USCC_ALPHABET, uscc_check_char


def demo_password(key: str) -> str:
    return f"{key}-demo-2026"


def demo_credit_code(key: str) -> str:
    """A well-formed, fictional credit code: 91 (enterprise) + region + hash body + check."""
    digest = hashlib.sha256(key.encode()).digest()
    body = "".join(USCC_ALPHABET[b % 31] for b in digest[:9])
    first17 = "91" + "330100" + body
    return first17 + uscc_check_char(first17)


def demo_evidence_pdf(org: Organization) -> bytes:
    """A one-page PDF standing in for a scanned licence (fictional, marked as a demo)."""
    code = org.credit_code or org.school_code
    text = f"DEMO ONLY - licence / certificate of {org.name_en} - code {code}"
    text = text.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 12 Tf 40 780 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def demo_school_code(key: str) -> str:
    digest = int(hashlib.sha256(key.encode()).hexdigest(), 16)
    return "41" + f"{digest % 10**8:08d}"


class Command(BaseCommand):
    help = "Load the bilingual demo world (organizations, communities, personas). Idempotent."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--core-only",
            action="store_true",
            help="Only organizations, communities and people (skip the apps' demo data).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            orgs = self._organizations()
            communities = self._communities(orgs)
            users = self._people(orgs, communities)
        self._applications(orgs, communities, users)
        self._verification(orgs, communities, users)
        loaders = [] if options["core_only"] else demo_loaders()
        if loaders:
            # The apps' demo data refers to skills and majors: make sure the taxonomy is there
            # (a fast no-op when this data release is already loaded).
            call_command("load_taxonomy", stdout=self.stdout, stderr=self.stderr)
        for command in loaders:
            self.stdout.write(f"Loading demo data: {command}")
            call_command(command, stdout=self.stdout, stderr=self.stderr)
        self._print_accounts()

    def _organizations(self) -> dict[str, Organization]:
        orgs: dict[str, Organization] = {}
        for key, zh, en, kind, level, region, dzh, den in ORGANIZATIONS:
            defaults = {
                "name_en": en,
                "kind": kind,
                "college_level": level,
                "region_code": region,
                "description_zh": dzh,
                "description_en": den,
                "credit_code": demo_credit_code(key) if kind != "college" else "",
                "school_code": demo_school_code(key) if kind == "college" else "",
                "website": "",
            }
            orgs[key], _ = Organization.objects.update_or_create(name_zh=zh, defaults=defaults)
            if key not in PENDING_VERIFICATION and not orgs[key].is_verified:
                Organization.objects.filter(pk=orgs[key].pk).update(
                    verification_status=VerificationStatus.VERIFIED,
                    verified_at=timezone.now(),
                    verification_note="demo data",
                )
                orgs[key].refresh_from_db()
        return orgs

    def _communities(self, orgs: dict[str, Organization]) -> dict[str, Community]:
        communities: dict[str, Community] = {}
        for slug, zh, en, kind, sec, guide, region, founded, dzh, den in COMMUNITIES:
            communities[slug], _ = Community.objects.update_or_create(
                slug=slug,
                defaults={
                    "name_zh": zh,
                    "name_en": en,
                    "kind": kind,
                    "secretariat": orgs[sec],
                    "guiding_unit": orgs[guide],
                    "region_code": region,
                    "founded_on": datetime.date.fromisoformat(founded),
                    "description_zh": dzh,
                    "description_en": den,
                },
            )
            for index, (org_key, tier) in enumerate(SEATS[slug]):
                CommunityMembership.objects.update_or_create(
                    community=communities[slug],
                    organization=orgs[org_key],
                    status="active",
                    defaults={
                        "tier": tier,
                        "joined_on": datetime.date.fromisoformat(founded)
                        + datetime.timedelta(days=17 * index),
                    },
                )
        return communities

    def _people(
        self, orgs: dict[str, Organization], communities: dict[str, Community]
    ) -> dict[str, User]:
        users: dict[str, User] = {}
        for key, email, name, memberships, staff_of, superuser in PEOPLE:
            user, _ = User.objects.get_or_create(email=email)
            user.display_name = name
            user.is_superuser = user.is_staff = superuser
            user.set_password(demo_password(key))
            user.save()
            users[key] = user
            for org_key, role in memberships:
                OrganizationMembership.objects.update_or_create(
                    user=user, organization=orgs[org_key], defaults={"role": role}
                )
            for slug in staff_of:
                CommunityStaff.objects.get_or_create(community=communities[slug], user=user)
        return users

    def _applications(
        self,
        orgs: dict[str, Organization],
        communities: dict[str, Community],
        users: dict[str, User],
    ) -> None:
        for slug, org_key, tier, statement in PENDING_APPLICATIONS:
            community, org = communities[slug], orgs[org_key]
            if MembershipApplication.objects.filter(community=community, organization=org).exists():
                continue
            if CommunityMembership.objects.filter(
                community=community, organization=org, status="active"
            ).exists():
                continue
            admin = OrganizationMembership.objects.filter(organization=org, role="admin").first()
            actor = admin.user if admin else users["admin"]
            services.application_submit(
                actor=actor,
                community=community,
                organization=org,
                requested_tier=tier,
                statement=statement,
            )
        # One decided application, so that the audit log tells a story.
        xm = orgs["xmplatform"]
        alliance = communities["yiwu-design-alliance"]
        if not MembershipApplication.objects.filter(community=alliance, organization=xm).exists():
            CommunityMembership.objects.filter(community=alliance, organization=xm).delete()
            bob_like = users["admin"]
            application = services.application_submit(
                actor=bob_like, community=alliance, organization=xm, requested_tier="member",
                statement="小红书、抖音代运营团队，愿为学生提供真实账号运营项目。",
            )  # fmt: skip
            services.application_decide(
                actor=users["admin"], application=application, approve=True, tier="member"
            )
        assert MembershipApplication.objects.filter(status=ApplicationStatus.PENDING).exists()

    def _verification(
        self,
        orgs: dict[str, Organization],
        communities: dict[str, Community],
        users: dict[str, User],
    ) -> None:
        """Pending organizations upload their (fictional) evidence; the alliance trusts bob's
        enterprise. An operator's verification in the admin is kept on later runs."""
        for key, person in PENDING_VERIFICATION.items():
            org = orgs[key]
            if org.verification_status == VerificationStatus.UNVERIFIED:
                services.organization_submit_evidence(
                    actor=users[person],
                    organization=org,
                    upload=ContentFile(demo_evidence_pdf(org), name="licence.pdf"),
                )
        for slug, key in TRUSTED_SEATS:
            seat = CommunityMembership.objects.get(
                community=communities[slug], organization=orgs[key], status="active"
            )
            if seat.trusted_at is None:
                services.seat_set_trust(actor=users["admin"], seat=seat, trusted=True)

    def _print_accounts(self) -> None:
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo accounts (demo only!):"))
        for key, email, name, memberships, staff_of, superuser in PEOPLE:
            roles = ", ".join(f"{role}@{org}" for org, role in memberships)
            if staff_of:
                roles += (", " if roles else "") + "secretariat@" + ",".join(staff_of)
            if superuser:
                roles = "superuser"
            self.stdout.write(f"  {email:<34} {demo_password(key):<20} {name} — {roles}")
