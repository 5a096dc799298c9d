"""Credentials benchmark: issue and sign N credentials, verify them, and time the competency
profile page of a student with 200 evidence records — side by side with independent
implementations of the signature step (jwcrypto, PyNaCl) so the cost of our checks is visible.

Run from the repository root (a throw-away SQLite database under var/, migrated first):

    .venv/bin/python bench/credentials/run.py [--issue 10000] [--verify 2000] [--profile 60]
                                              [--write]

``--write`` appends the table to docs/benchmarks.md (section "Credentials").
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DB = ROOT / "var" / "bench-credentials.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("AXES_ENABLED", "0")


def setup() -> None:
    import django

    if DB.exists():
        DB.unlink()
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # no collectstatic needed for the benchmark: serve static names unhashed
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    call_command("migrate", verbosity=0)


def world() -> tuple[object, object, list[object], object]:
    from talentbridge.accounts.models import User
    from talentbridge.community.models import Organization, OrganizationMembership
    from talentbridge.credentials.services import issuing

    college = Organization.objects.create(
        name_zh="基准学院",
        name_en="Bench College",
        kind="college",
        college_level="higher_vocational",
        region_code="330782",
    )
    enterprise = Organization.objects.create(
        name_zh="基准企业",
        name_en="Bench Ltd",
        kind="enterprise",
        region_code="330782",
        credit_code="91350100M000100Y43",
    )
    admin = User.objects.create_user("admin@bench.local", "x", display_name="admin")
    OrganizationMembership.objects.create(user=admin, organization=college, role="admin")
    students = User.objects.bulk_create(
        [User(email=f"s{i}@bench.local", display_name=f"s{i}") for i in range(200)]
    )
    OrganizationMembership.objects.bulk_create(
        [OrganizationMembership(user=s, organization=college, role="student") for s in students]
    )
    template = issuing.template_create(
        actor=admin,
        organization=college,
        data={
            "name_zh": "主图设计能力",
            "rules": [{"kind": "skill", "skill": "dc.ecomvis.design.main_image", "min_level": 3}],
            "valid_days": 730,
        },
    )
    return template, enterprise, students, admin


def bench_issue(template: object, students: list[object], n: int) -> tuple[float, int]:
    from talentbridge.credentials.services import issuing

    holders = [students[i % len(students)] for i in range(n)]
    started = time.perf_counter()
    count = issuing.credentials_issue_many(template=template, holders=holders)  # type: ignore[arg-type]
    return time.perf_counter() - started, count


def bench_verify(n: int) -> dict[str, float]:
    import base64

    from jwcrypto import jwk, jws
    from nacl.signing import VerifyKey

    from talentbridge.credentials.models import IssuedCredential, IssuerKey
    from talentbridge.credentials.services.verification import SiteResolver
    from talentbridge.credentials.vc.verify import verify_token

    tokens = list(IssuedCredential.objects.values_list("token", flat=True)[:n])
    resolver = SiteResolver()
    started = time.perf_counter()
    valid = sum(verify_token(t, resolver).valid for t in tokens)
    ours = time.perf_counter() - started
    assert valid == len(tokens), valid
    key = IssuerKey.objects.first()
    assert key is not None
    public = bytes(key.public_key)
    jwk_key = jwk.JWK(
        kty="OKP", crv="Ed25519", x=base64.urlsafe_b64encode(public).rstrip(b"=").decode()
    )
    started = time.perf_counter()
    for token in tokens:
        checker = jws.JWS()
        checker.deserialize(token)
        checker.verify(jwk_key, alg="EdDSA")
    jwcrypto_s = time.perf_counter() - started
    nacl_key = VerifyKey(public)
    started = time.perf_counter()
    for token in tokens:
        head, sig = token.rsplit(".", 1)
        nacl_key.verify(head.encode(), base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)))
    nacl_s = time.perf_counter() - started
    return {"n": len(tokens), "ours": ours, "jwcrypto": jwcrypto_s, "pynacl": nacl_s}


def bench_profile(
    enterprise: object, students: list[object], admin: object, runs: int
) -> list[float]:
    from django.test import Client

    from talentbridge.credentials.services import ledger

    student = students[0]
    skills = [
        "dc.ecomvis.design.main_image",
        "dc.ecomvis.design.product_retouch",
        "dc.design.graphic.poster",
        "dc.svideo.content.script",
        "dc.svideo.content.shooting",
        "dc.video.edit.editing",
    ]
    roles = ["teacher", "mentor", "judge", "peer", "exam"]
    assessors = students[1:41]
    today = dt.date.today()
    records = [
        {
            "source": "projects",
            "source_ref": f"bench:{i}",
            "student_id": str(student.pk),  # type: ignore[attr-defined]
            "skill": skills[i % len(skills)],
            "level": 1 + i % 4,
            "assessor_id": str(assessors[i % len(assessors)].pk),  # type: ignore[attr-defined]
            "assessor_role": roles[i % len(roles)],
            "organization_id": str(enterprise.pk) if i % 3 == 0 else None,  # type: ignore[attr-defined]
            "context_title": f"作品 {i}",
            "occurred_on": (today - dt.timedelta(days=3 * i)).isoformat(),
        }
        for i in range(200)
    ]
    result = ledger.evidence_intake(records=records)
    assert result.added == 200, result.refused
    client = Client()
    client.force_login(student, backend="talentbridge.accounts.backends.EmailBackend")
    assert client.get("/credentials/profile/").status_code == 200  # warm caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get("/credentials/profile/")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--issue", type=int, default=10_000)
    parser.add_argument("--verify", type=int, default=2_000)
    parser.add_argument("--profile", type=int, default=60)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    load_before = os.getloadavg()
    setup()
    template, enterprise, students, admin = world()
    issue_s, issued = bench_issue(template, students, args.issue)
    verify = bench_verify(args.verify)
    times = bench_profile(enterprise, students, admin, args.profile)
    load_after = os.getloadavg()
    p95 = statistics.quantiles(times, n=20)[18]
    rows = [
        (
            "issue + sign (ours, SQLite, one process)",
            f"{issued:,} credentials",
            f"{issue_s:.1f} s",
            f"{issued / issue_s:,.0f} /s",
        ),
        (
            "verify, all 7 checks incl. status lists (ours)",
            f"{verify['n']:,}",
            f"{verify['ours']:.2f} s",
            f"{verify['n'] / verify['ours']:,.0f} /s",
        ),
        (
            "signature only — jwcrypto (peer)",
            f"{verify['n']:,}",
            f"{verify['jwcrypto']:.2f} s",
            f"{verify['n'] / verify['jwcrypto']:,.0f} /s",
        ),
        (
            "signature only — PyNaCl/libsodium (peer)",
            f"{verify['n']:,}",
            f"{verify['pynacl']:.2f} s",
            f"{verify['n'] / verify['pynacl']:,.0f} /s",
        ),
        (
            "profile page, 200 evidence records",
            f"{len(times)} requests",
            f"median {statistics.median(times):.0f} ms",
            f"p95 {p95:.0f} ms",
        ),
    ]
    header = "| step | size | time | rate |\n|---|---|---|---|"
    table = "\n".join([header, *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]])
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = (
        f"{platform.machine()}, {os.cpu_count()} CPUs visible, Python {platform.python_version()}"
    )
    loads = f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f} (1 min)"
    print(table)
    print(stamp, machine, loads)
    if args.write:
        command = "  .venv/bin/python bench/credentials/run.py " + " ".join(sys.argv[1:])
        with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as out:
            out.write(
                f"\n## Credentials (issue 17) — {stamp}\n\n{machine}; {loads}.\n\n"
                f"```\n{command}\n```\n\n{table}\n"
            )


if __name__ == "__main__":
    main()
