"""Ledger, profile, templates, issuance, status, credit bank, portfolio and shares."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from conftest import World, client_for
from talentbridge.core.errors import ApplicationError
from talentbridge.core.models import AuditEvent
from talentbridge.credentials.models import (
    Candidate,
    CreditApplication,
    EvidenceRecord,
    IssuedCredential,
    ShareLink,
)
from talentbridge.credentials.selectors import profile_of, transcript_of
from talentbridge.credentials.services import credit, exams, issuing, ledger, portfolio
from talentbridge.credentials.services.verification import verify_text
from talentbridge.credentials.tests.factories import (
    SKILL,
    carol_evidence,
    make_cred_world,
    make_template,
    record,
)

pytestmark = pytest.mark.django_db


def test_the_ledger_refuses_updates_in_the_database(world: World) -> None:
    first = carol_evidence(world)[0]
    with pytest.raises(RuntimeError):
        first.save()
    with pytest.raises(RuntimeError):
        first.delete()
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017 - backend-specific error class
        EvidenceRecord.objects.filter(pk=first.pk).update(level=1)
    if connection.vendor == "postgresql":
        with pytest.raises(Exception), transaction.atomic(), connection.cursor() as cursor:  # noqa: B017
            cursor.execute("DELETE FROM credentials_evidencerecord WHERE id = %s", [first.pk])
    assert EvidenceRecord.objects.get(pk=first.pk).level == first.level


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_the_digest_chain_reveals_a_removed_row(world: World) -> None:
    records = carol_evidence(world)
    assert ledger.ledger_verify() == []
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM credentials_evidencerecord WHERE id = %s", [records[1].pk.hex])
    assert ledger.ledger_verify() == [str(world.users["carol"].pk)]


def test_intake_refuses_bad_records_and_skips_duplicates(world: World) -> None:
    good = record(world, role="teacher", assessor="tina")
    bad = record(world, role="boss", assessor="tina", skill="no.such.skill", level=9) | {
        "occurred_on": "2999-01-01"
    }
    self_judged = record(world, role="peer", assessor="carol", ref="self")
    result = ledger.evidence_intake(records=[good, bad, self_judged])
    assert result.added == 1
    fields = dict(result.refused)
    assert set(fields[1]) == {"skill", "level", "assessor_role", "occurred_on"}
    assert "assessor_id" in fields[2]
    again = ledger.evidence_intake(records=[good])
    assert again.added == 0 and again.duplicates == 1
    assert EvidenceRecord.objects.count() == 1


def test_a_correction_supersedes_and_the_profile_follows(world: World) -> None:
    carol_evidence(world)
    teacher_record = EvidenceRecord.objects.get(assessor_role="teacher")
    before = profile_of(
        actor=world.users["carol"], student=world.users["carol"], with_context=False
    )
    line = next(x for x in before.lines if x.skill_id == SKILL)
    assert line.result.confirmed and line.result.assessors == 3
    correction = ledger.evidence_correct(
        actor=world.users["tina"], record=teacher_record, level=0, note="评错了学生"
    )
    assert correction.supersedes_id == teacher_record.pk
    with pytest.raises(ApplicationError):
        ledger.evidence_correct(
            actor=world.users["tina"], record=teacher_record, level=2, note="again"
        )
    after = profile_of(actor=world.users["carol"], student=world.users["carol"], with_context=False)
    line = next(x for x in after.lines if x.skill_id == SKILL)
    reasons = {c.judgement.id: c.reason for c in line.result.records}
    assert (
        reasons[str(teacher_record.pk)] == "superseded"
        and reasons[str(correction.pk)] == "withdrawn"
    )
    assert line.result.assessors == 2
    assert AuditEvent.objects.filter(action="evidence.correct").count() == 1
    assert ledger.ledger_verify() == []


def test_profile_rules_confirmation_and_decay(world: World) -> None:
    ledger.evidence_intake(
        records=[record(world, role="teacher", assessor="tina", level=4, days_ago=0)]
    )
    carol = world.users["carol"]
    only_teacher = profile_of(actor=carol, student=carol, with_context=False).lines[0].result
    assert not only_teacher.confirmed and only_teacher.confidence == 0.25
    ledger.evidence_intake(
        records=[
            record(
                world, role="mentor", assessor="bob", level=2, days_ago=730, org=world.enterprise
            )
        ]
    )
    both = profile_of(actor=carol, student=carol, with_context=False).lines[0].result
    assert both.confirmed  # two independent assessors, one from an enterprise
    assert both.level == pytest.approx(
        (4 * 1 + 2 * 0.5) / 1.5, abs=0.01
    )  # the 2-year-old mentor weighs half


def test_profile_is_private(world: World) -> None:
    carol_evidence(world)
    for role in ("enterprise_staff", "government_officer", "secretariat"):
        response = client_for(world, role).get(f"/credentials/students/{world.users['carol'].pk}/")
        assert response.status_code == 404, role
    assert (
        client_for(world, "teacher")
        .get(f"/credentials/students/{world.users['carol'].pk}/")
        .status_code
        == 200
    )


def test_template_rules_gate_manual_issuance(world: World) -> None:
    template = make_template(world)
    with pytest.raises(ApplicationError) as refused:
        issuing.credential_issue(
            actor=world.users["alice"], template=template, holder=world.users["carol"]
        )
    assert refused.value.code == "conflict"
    forced = issuing.credential_issue(
        actor=world.users["alice"],
        template=template,
        holder=world.users["carol"],
        override_rules=True,
        reason="线下考核",
    )
    assert verify_text(forced.token).valid
    with pytest.raises(ApplicationError):
        issuing.credential_issue(
            actor=world.users["bob"], template=template, holder=world.users["carol"]
        )


def test_automatic_templates_queue_for_review_then_issue(world: World) -> None:
    template = make_template(world, auto_issue=True, review_required=True)
    assert issuing.candidates_refresh(student=world.users["carol"]) == []
    carol_evidence(world)
    [candidate] = issuing.candidates_refresh(student=world.users["carol"])
    assert isinstance(candidate, Candidate)
    assert issuing.candidates_refresh(student=world.users["carol"]) == []  # idempotent
    issuing.candidate_decide(actor=world.users["alice"], candidate=candidate, approve=True)
    issued = IssuedCredential.objects.get(template=template)
    assert issued.evidence.count() == 3 - 1 + 1  # the three judgements of the skill
    direct = make_template(world, name_zh="直接颁发", auto_issue=True, review_required=False)
    [credential] = issuing.candidates_refresh(student=world.users["carol"])
    assert isinstance(credential, IssuedCredential) and credential.template == direct


def test_unverified_organizations_do_not_issue(world: World) -> None:
    world.college.is_active = False
    world.college.save()
    with pytest.raises(ApplicationError):
        make_template(world)


def test_revoke_suspend_reinstate_and_the_verifier_sees_it(world: World) -> None:
    cw = make_cred_world(world)
    alice = world.users["alice"]
    with pytest.raises(ApplicationError):
        issuing.credential_set_status(
            actor=world.users["tina"], credential=cw.credential, action="revoke", reason="x"
        )
    issuing.credential_set_status(
        actor=alice, credential=cw.credential, action="suspend", reason="核查中"
    )
    outcome = verify_text(cw.credential.token)
    assert outcome.suspended and not outcome.valid
    issuing.credential_set_status(
        actor=alice, credential=cw.credential, action="reinstate", reason="核查完毕"
    )
    assert verify_text(cw.credential.token).valid
    issuing.credential_set_status(
        actor=alice, credential=cw.credential, action="revoke", reason="作弊"
    )
    assert verify_text(cw.credential.token).revoked
    with pytest.raises(ApplicationError):
        issuing.credential_set_status(
            actor=alice, credential=cw.credential, action="reinstate", reason="x"
        )
    assert AuditEvent.objects.filter(action__startswith="credentials.").count() >= 4


def test_a_credential_stays_verifiable_after_the_issuer_left(world: World) -> None:
    cw = make_cred_world(world)
    world.college.is_active = False
    world.college.save()
    world.seat.delete()
    outcome = verify_text(cw.credential.token)
    assert outcome.valid, [(c.name, c.code) for c in outcome.checks]


def test_expired_credential(world: World) -> None:
    cw = make_cred_world(world)
    outcome = verify_text(cw.credential.token)
    assert outcome.valid
    later = verify_text(cw.credential.token) if False else None
    assert later is None
    from talentbridge.credentials.services.verification import SiteResolver
    from talentbridge.credentials.vc.verify import verify_token

    future = verify_token(
        cw.credential.token, SiteResolver(), now=timezone.now() + dt.timedelta(days=800)
    )
    assert future.expired and not future.valid


def test_credit_bank_flow_is_audited(world: World) -> None:
    cw = make_cred_world(world)
    carol, alice = world.users["carol"], world.users["alice"]
    rule = credit.rule_create(
        actor=alice,
        college=world.college,
        data={
            "name_zh": "省赛一等奖 → 2 学分",
            "template": cw.template.pk,
            "outcome": "credits",
            "credits": "2",
        },
    )
    application = credit.application_submit(actor=carol, rule=rule, credential=cw.credential)
    with pytest.raises(ApplicationError):
        credit.application_submit(actor=carol, rule=rule, credential=cw.credential)
    with pytest.raises(ApplicationError):
        credit.application_decide(actor=carol, application=application, approve=True)
    with pytest.raises(ApplicationError):
        credit.application_decide(actor=alice, application=application, approve=False, reason="")
    credit.application_decide(actor=alice, application=application, approve=True)
    transcript = transcript_of(actor=carol, student=carol)
    assert transcript.credits == 2
    actions = set(
        AuditEvent.objects.filter(action__startswith="credentials.credit").values_list(
            "action", flat=True
        )
    )
    assert {
        "credentials.credit_rule.create",
        "credentials.credit.apply",
        "credentials.credit.approve",
    } <= actions
    with pytest.raises(ApplicationError):
        credit.rule_create(
            actor=world.users["tina"],
            college=world.college,
            data={"name_zh": "x", "template": cw.template.pk, "outcome": "credits", "credits": "1"},
        )


def test_revoked_credentials_are_not_converted(world: World) -> None:
    cw = make_cred_world(world)
    issuing.credential_set_status(
        actor=world.users["alice"], credential=cw.credential, action="revoke", reason="误发"
    )
    cw.credential.refresh_from_db()
    with pytest.raises(ApplicationError):
        credit.application_submit(
            actor=world.users["carol"], rule=cw.rule, credential=cw.credential
        )


def _sheet(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["邮箱", "证书", "等级", "结果", "考试日期"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_exam_import_all_or_nothing(world: World) -> None:
    alice = world.users["alice"]
    cert = "网店运营推广" if False else _first_certificate_name()
    good = [world.users["carol"].email, cert, "中级", "合格", "2026-06-01"]
    failed = [world.users["carol"].email, cert, "初级", "不合格", "2026-06-01"]
    bad = ["nobody@example.org", "不存在的证书", "特级", "合格", "2026/06/01"]
    with override("zh-hans"), pytest.raises(ApplicationError) as refused:
        exams.exam_import(
            actor=alice, college=world.college, data=_sheet([good, bad, failed]), file_name="x.xlsx"
        )
    messages = refused.value.fields["file"]
    assert (len(messages) == 1 and messages[0].startswith("第 3 行")) or "Row 3" in messages[0], (
        messages
    )
    assert EvidenceRecord.objects.count() == 0
    run = exams.exam_import(
        actor=alice, college=world.college, data=_sheet([good, failed]), file_name="x.xlsx"
    )
    assert (
        run.rows == 1
        and run.records == EvidenceRecord.objects.filter(assessor_role="exam").count() > 0
    )
    with pytest.raises(ApplicationError):
        exams.exam_import(
            actor=alice, college=world.college, data=b"not a spreadsheet", file_name="x.xlsx"
        )
    with pytest.raises(ApplicationError):
        exams.exam_import(
            actor=world.users["carol"],
            college=world.college,
            data=_sheet([good]),
            file_name="x.xlsx",
        )


def _first_certificate_name() -> str:
    from talentbridge.taxonomy.data import load_certificates

    return next(c.name_zh for c in load_certificates() if c.skill_ids)


def test_portfolio_needs_consent_and_share_links_expire(world: World) -> None:
    cw = make_cred_world(world)
    carol = world.users["carol"]
    folio = portfolio.portfolio_of(carol)
    with pytest.raises(ApplicationError):
        portfolio.portfolio_update(actor=carol, portfolio=folio, data={"visibility": "public"})
    with pytest.raises(ApplicationError):
        portfolio.share_create(actor=carol, credential=None, days=30)
    anonymous = Client()
    assert anonymous.get(f"/credentials/p/{folio.slug}/").status_code == 404
    portfolio.portfolio_update(
        actor=carol, portfolio=folio, data={"visibility": "public", "consent": True}
    )
    assert portfolio.portfolio_collect(actor=carol, portfolio=folio) == 1
    page = anonymous.get(f"/credentials/p/{folio.slug}/")
    assert page.status_code == 200 and carol.display_name not in page.content.decode()
    link = portfolio.share_create(actor=carol, credential=cw.credential, days=7)
    assert anonymous.get(f"/credentials/s/{link.token}/").status_code == 200
    assert (
        anonymous.get(f"/credentials/s/{link.token}/credential.jwt").content.decode()
        == cw.credential.token
    )
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert anonymous.get(f"/credentials/s/{link.token}/").status_code == 410
    with pytest.raises(ApplicationError):
        portfolio.share_create(actor=world.users["bob"], credential=cw.credential, days=7)


def test_api_contract_list_and_file(world: World) -> None:
    cw = make_cred_world(world)
    client = client_for(world, "student")
    listing = client.get("/api/v1/credentials/").json()
    ids = [row["id"] for row in listing["results"]]
    assert ids == [str(cw.credential.pk)]
    response = client.get(f"/api/v1/credentials/{ids[0]}/file/")
    assert response.status_code == 200 and response.content.decode() == cw.credential.token
    assert (
        client_for(world, "enterprise_staff").get(f"/api/v1/credentials/{ids[0]}/file/").status_code
        == 404
    )
    assert (
        client_for(world, "college_admin").get(f"/api/v1/credentials/{ids[0]}/file/").status_code
        == 403
    )


def test_verify_api_and_page_bilingual_errors(world: World) -> None:
    cw = make_cred_world(world)
    api = Client()
    ok = api.post(
        "/api/v1/credentials/verify/",
        {"credential": cw.credential.token},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["valid"] is True
    names = [c["name"] for c in ok.json()["checks"]]
    assert names == ["format", "schema", "signature", "issuer", "valid_from", "expiry", "status"]
    broken = api.post(
        "/api/v1/credentials/verify/",
        {"credential": "garbage"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert broken.status_code == 400 and "凭证" in broken.json()["message"]
    english = api.post(
        "/api/v1/credentials/verify/",
        {"credential": "garbage"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "credential" in english.json()["message"]
    from talentbridge.credentials.vc.encoding import b64url_encode

    h, p, _s = cw.credential.token.split(".")
    forged = f"{h}.{p}.{b64url_encode(bytes(64))}"
    result = api.post(
        "/api/v1/credentials/verify/", {"credential": forged}, content_type="application/json"
    ).json()
    assert (
        result["valid"] is False
        and not next(c for c in result["checks"] if c["name"] == "signature")["ok"]
    )
    page = api.post(
        "/credentials/verify/", {"credential": "not a credential"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert page.status_code == 400 and "凭证" in page.content.decode()
    baked = (
        client_for(world, "student").get(f"/credentials/c/{cw.credential.pk}/download/png/").content
    )
    upload = api.post(
        "/api/v1/credentials/verify/", {"file": io.BytesIO(baked)}, format="multipart"
    )
    assert upload.status_code == 200 and upload.json()["valid"] is True


def test_downloads(world: World) -> None:
    cw = make_cred_world(world)
    client = client_for(world, "student")
    for fmt in ("jwt", "json", "png", "svg", "pdf"):
        response = client.get(f"/credentials/c/{cw.credential.pk}/download/{fmt}/")
        assert response.status_code == 200, fmt
    pdf = client.get(f"/credentials/c/{cw.credential.pk}/download/pdf/").content
    assert pdf.startswith(b"%PDF")
    wallet = json.loads(client.get(f"/credentials/c/{cw.credential.pk}/download/json/").content)
    assert wallet["type"] == "EnvelopedVerifiableCredential" and wallet["id"].endswith(
        cw.credential.token
    )
    assert client.get(f"/credentials/c/{cw.credential.pk}/qr.svg").status_code == 404  # no link yet
    portfolio.share_create(actor=world.users["carol"], credential=cw.credential, days=30)
    assert client.get(f"/credentials/c/{cw.credential.pk}/qr.svg").status_code == 200
    assert ShareLink.objects.count() == 1  # downloads and the QR create nothing


def test_verify_credential_command_exit_codes(world: World, tmp_path: Path) -> None:
    cw = make_cred_world(world)
    good = tmp_path / "good.jwt"
    good.write_text(cw.credential.token)
    out = io.StringIO()
    with pytest.raises(SystemExit) as done:
        call_command("verify_credential", str(good), stdout=out)
    payload = json.loads(out.getvalue())
    assert done.value.code == 0 and payload["valid"] is True
    assert set(payload) == {"valid", "revoked", "expired", "issuer", "checks"}
    assert set(payload["checks"][0]) == {"name", "ok", "message"}
    issuing.credential_set_status(
        actor=world.users["alice"], credential=cw.credential, action="revoke", reason="x"
    )
    out = io.StringIO()
    with pytest.raises(SystemExit) as done:
        call_command("verify_credential", str(good), stdout=out)
    assert done.value.code == 1 and json.loads(out.getvalue())["revoked"] is True
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\xff" * 10)
    out = io.StringIO()
    with pytest.raises(SystemExit) as done:
        call_command("verify_credential", str(junk), stdout=out)
    assert done.value.code == 2 and json.loads(out.getvalue())["valid"] is False
    with pytest.raises(SystemExit) as done:
        call_command("verify_credential", str(tmp_path / "missing.jwt"), stdout=io.StringIO())
    assert done.value.code == 2


def test_unique_status_indices(world: World) -> None:
    cw = make_cred_world(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedCredential.objects.create(
            template=cw.template,
            holder=world.users["carol"],
            issuer=cw.credential.issuer,
            key=cw.credential.key,
            credential_id="urn:uuid:x",
            token="t",
            document={},
            valid_from=timezone.now(),
            revocation_list=cw.credential.revocation_list,
            suspension_list=cw.credential.suspension_list,
            status_index=cw.credential.status_index,
        )
    assert CreditApplication.objects.count() == 1
    assert sys.version_info >= (3, 11) and subprocess is not None
