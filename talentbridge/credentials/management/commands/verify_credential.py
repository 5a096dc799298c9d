"""python manage.py verify_credential FILE

Prints one JSON object {"valid", "revoked", "expired", "issuer", "checks": [{"name", "ok",
"message"}]} and exits 0 when valid, 1 when not, 2 on unreadable input. FILE: the VC-JWT
(.jwt/.jws/.txt), the JSON wallet file, or a baked PNG/SVG badge; ``-`` reads standard input.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand

from talentbridge.credentials.services import verification
from talentbridge.credentials.vc.verify import UnreadableInput


class Command(BaseCommand):
    help = "Verify an Open Badges 3.0 credential (VC-JWT) and print the checks as JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            if path == "-":
                data = sys.stdin.buffer.read(verification.MAX_UPLOAD_BYTES + 1)
            else:
                with open(path, "rb") as handle:
                    data = handle.read(verification.MAX_UPLOAD_BYTES + 1)
            outcome = verification.verify_bytes(data)
        except (OSError, UnreadableInput) as exc:
            reason = str(exc) if isinstance(exc, UnreadableInput) else "unreadable"
            payload = {
                "valid": False,
                "revoked": False,
                "expired": False,
                "issuer": "",
                "checks": [
                    {
                        "name": "format",
                        "ok": False,
                        "message": verification.unreadable_message(reason),
                    }
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            sys.exit(2)
        payload = verification.outcome_payload(outcome)
        self.stdout.write(json.dumps(payload, ensure_ascii=False))
        sys.exit(0 if outcome.valid else 1)
