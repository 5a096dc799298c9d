"""What a credential looks like outside the site: the badge image (SVG, and a PNG drawn
here without image libraries), baked images, the wallet JSON, QR codes and the PDF
certificate (``core.pdf``, Chinese text)."""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from html import escape
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from talentbridge.core.pdf import PdfReport
from talentbridge.credentials import skills
from talentbridge.credentials.models import CredentialTemplate, IssuedCredential
from talentbridge.credentials.vc import baking, ob3

PALETTE = ("#1f6feb", "#8250df", "#bf3989", "#1a7f37", "#bc4c00", "#0a3069")


def _colour(template: CredentialTemplate) -> str:
    return PALETTE[int(hashlib.sha256(str(template.pk).encode()).hexdigest(), 16) % len(PALETTE)]


def badge_svg(template: CredentialTemplate) -> str:
    colour = _colour(template)
    name = escape(template.name_zh[:14])
    kind = escape(template.get_achievement_type_display())
    org = escape(template.issuer_organization.name_zh[:16])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256" '
        f'role="img" aria-label="{name}">'
        f'<circle cx="128" cy="128" r="120" fill="{colour}"/>'
        '<circle cx="128" cy="128" r="104" fill="none" stroke="#ffffff" stroke-width="4"/>'
        f'<text x="128" y="118" font-size="22" text-anchor="middle" fill="#ffffff" '
        f'font-family="sans-serif">{name}</text>'
        f'<text x="128" y="148" font-size="13" text-anchor="middle" fill="#ffffff" '
        f'font-family="sans-serif">{kind}</text>'
        f'<text x="128" y="176" font-size="11" text-anchor="middle" fill="#ffffff" '
        f'font-family="sans-serif">{org}</text></svg>\n'
    )


def badge_png(template: CredentialTemplate, size: int = 128) -> bytes:
    """A round badge in the template's colour (RGBA, drawn pixel by pixel)."""
    colour = _colour(template)
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    centre, outer, ring = (size - 1) / 2, size / 2 - 2, size / 2 - 10
    rows = bytearray()
    for y in range(size):
        rows.append(0)
        for x in range(size):
            d = ((x - centre) ** 2 + (y - centre) ** 2) ** 0.5
            if d > outer:
                rows += b"\0\0\0\0"
            elif abs(d - ring) < 1.5:
                rows += b"\xff\xff\xff\xff"
            else:
                rows += bytes((r, g, b, 255))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        baking.PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def baked_png(credential: IssuedCredential) -> bytes:
    return baking.bake_png(badge_png(credential.template), credential.token)


def baked_svg(credential: IssuedCredential) -> str:
    return baking.bake_svg(badge_svg(credential.template), credential.token)


def wallet_json(credential: IssuedCredential) -> str:
    """VC data model 2.0 enveloped credential: any VC 2.0 wallet reads the VC-JWT from it."""
    return json.dumps(ob3.envelope(credential.token), ensure_ascii=False, indent=2)


def qr_svg(value: str) -> str:
    from reportlab.graphics import renderSVG
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(value)
    x0, y0, x1, y1 = widget.getBounds()
    side = 200
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.add(widget)
    return str(renderSVG.drawToString(drawing))


def certificate_pdf(credential: IssuedCredential, *, verify_url: str, holder_name: str) -> bytes:
    template = credential.template
    document: dict[str, Any] = credential.document
    pdf = PdfReport(
        title=template.name_zh + (f" · {template.name_en}" if template.name_en else ""),
        subtitle=_("Open Badges 3.0 credential issued by %(issuer)s")
        % {"issuer": credential.issuer.name},
        meta=[
            (_("Holder"), holder_name),
            (_("Issued on"), timezone.localtime(credential.valid_from).date().isoformat()),
            (
                _("Valid until"),
                timezone.localtime(credential.valid_until).date().isoformat()
                if credential.valid_until
                else _("does not expire"),
            ),
        ],
        footer=_("Verify at %(url)s — credential %(id)s")
        % {"url": verify_url, "id": credential.credential_id},
    )
    if template.description_zh or template.description_en:
        pdf.paragraph(template.description_zh or template.description_en)
    if template.criteria_zh:
        pdf.heading(_("Criteria"))
        pdf.paragraph(template.criteria_zh)
    alignments = document.get("credentialSubject", {}).get("achievement", {}).get("alignment", [])
    if alignments:
        pdf.heading(_("Skills and certificates"))
        pdf.table(
            [_("Name"), _("Framework"), _("Code")],
            [
                [a.get("targetName", ""), a.get("targetFramework", ""), a.get("targetCode", "")]
                for a in alignments
            ],
        )
    evidence = list(credential.evidence.all()[:20])
    if evidence:
        pdf.heading(_("Evidence"))
        pdf.table(
            [_("Skill"), _("Level"), _("Assessor role"), _("Organization"), _("Date")],
            [
                [
                    skills.label(e.skill_id),
                    str(e.level),
                    e.get_assessor_role_display(),
                    e.organization_name,
                    e.occurred_on.isoformat(),
                ]
                for e in evidence
            ],
        )
    pdf.heading(_("Verify"))
    pdf.qr_code(
        verify_url,
        caption=_("Scan to check this credential's signature, issuer, expiry and status."),
    )
    pdf.note(_("The signed credential (VC-JWT) — paste it into any Open Badges 3.0 verifier:"))
    pdf.note(credential.token)
    return pdf.render()
