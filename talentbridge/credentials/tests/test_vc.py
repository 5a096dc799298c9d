"""The pure cryptographic core: encodings, DIDs, sealing, status lists, baking, verification
outcomes for tampered, forged, revoked, suspended, expired and rotated-key credentials."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentbridge.credentials.vc import baking, did, encoding, keys, ob3, statuslist, verify
from talentbridge.credentials.vc.jose import JoseError, parse_compact, sign_compact

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
SITE = "https://tb.example.org"
LIST = SITE + "/credentials/status/1"


@given(st.binary(max_size=64))
def test_base58_round_trip(data: bytes) -> None:
    assert encoding.b58_decode(encoding.b58_encode(data)) == data


@given(st.binary(max_size=200))
def test_base64url_round_trip(data: bytes) -> None:
    assert encoding.b64url_decode(encoding.b64url_encode(data)) == data


def test_multikey_known_vector() -> None:
    # did:key test vector of the did:key method spec (Ed25519, all-zero... key from its example)
    value = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    public = encoding.ed25519_from_multikey(value)
    assert len(public) == 32
    assert encoding.ed25519_multikey(public) == value
    assert did.did_key_public("did:key:" + value + "#" + value) == public


def test_did_web_round_trip_with_port_and_path() -> None:
    d = did.did_web("http://127.0.0.1:8000/tb", "credentials", "issuers", "abc")
    assert d == "did:web:127.0.0.1%3A8000:tb:credentials:issuers:abc"
    assert (
        did.did_web_url(d, scheme="http")
        == "http://127.0.0.1:8000/tb/credentials/issuers/abc/did.json"
    )
    assert did.did_web_url("did:web:example.com") == "https://example.com/.well-known/did.json"
    with pytest.raises(did.DidError):
        did.did_web_url("did:web:example.com::x")


def test_sealed_key_opens_only_with_its_secret_and_id() -> None:
    private, public = keys.generate()
    blob = keys.seal(private, key_id="did:x#k1", master_secret="s1")
    opened = keys.unseal(blob, key_id="did:x#k1", master_secret="s1")
    assert keys.public_bytes(opened.public_key()) == public
    with pytest.raises(keys.SealError):
        keys.unseal(blob, key_id="did:x#k1", master_secret="s2")
    with pytest.raises(keys.SealError):
        keys.unseal(blob, key_id="did:x#k2", master_secret="s1")
    assert public not in blob and keys.public_bytes(private.public_key()) not in blob


def test_bitstring_layout_follows_the_spec() -> None:
    bits = statuslist.Bitstring()
    bits.set(0, True)
    bits.set(9, True)
    raw = gzip.decompress(base64.urlsafe_b64decode(bits.encode()[1:] + "=="))
    assert raw[0] == 0b1000_0000 and raw[1] == 0b0100_0000  # index 0 = left-most bit
    decoded = statuslist.Bitstring.decode(bits.encode())
    assert decoded.get(0) and decoded.get(9) and not decoded.get(1)


def test_short_or_hostile_lists_are_refused() -> None:
    short = "u" + encoding.b64url_encode(gzip.compress(bytes(100)))
    with pytest.raises(statuslist.StatusListError):
        statuslist.Bitstring.decode(short)
    bomb = "u" + encoding.b64url_encode(gzip.compress(bytes(64 * 1024 * 1024)))
    with pytest.raises(statuslist.StatusListError):
        statuslist.Bitstring.decode(bomb)
    with pytest.raises(statuslist.StatusListError):
        statuslist.Bitstring.decode("unot-gzip")


@pytest.mark.parametrize("text", ["", "a.b", "a.b.c.d", "###.###.###", "e30.e30.", "W10.e30.AA"])
def test_malformed_tokens(text: str) -> None:
    with pytest.raises(JoseError):
        parse_compact(text)


class Issuer:
    """A throw-away issuer with a revocation and a suspension list."""

    def __init__(self) -> None:
        self.did = did.did_web(SITE, "credentials", "issuers", "t")
        self.keys: dict[str, tuple[object, bytes, bool]] = {}
        self.active = self.rotate()
        self.lists = {"revocation": statuslist.Bitstring(), "suspension": statuslist.Bitstring()}

    def rotate(self) -> str:
        for kid, (p, pub, _retired) in list(self.keys.items()):
            self.keys[kid] = (p, pub, True)
        private, public = keys.generate()
        kid = f"{self.did}#key-{len(self.keys) + 1}"
        self.keys[kid] = (private, public, False)
        self.active = kid
        return kid

    def sign(self, message: bytes) -> bytes:
        return self.keys[self.active][0].sign(message)  # type: ignore[attr-defined]

    def credential(self, *, valid_until: dt.datetime | None = None, index: int = 5) -> str:
        doc = ob3.build_credential(
            ob3.CredentialInput(
                credential_id="urn:uuid:0b5f5d9e-0000-4000-8000-000000000001",
                issuer_did=self.did,
                issuer_name="测试学院",
                issuer_url="",
                achievement_id=SITE + "/a/1",
                achievement_name="主图设计",
                achievement_description="d",
                criteria_narrative="n",
                achievement_type="Badge",
                subject_id="urn:uuid:0b5f5d9e-0000-4000-8000-000000000002",
                valid_from=NOW - dt.timedelta(days=1),
                valid_until=valid_until,
                status_entries=[
                    statuslist.status_entry(list_url=LIST + "r", index=index, purpose="revocation"),
                    statuslist.status_entry(list_url=LIST + "s", index=index, purpose="suspension"),
                ],
            )
        )
        return ob3.sign_vc_jwt(doc, kid=self.active, sign=self.sign)

    # Resolver
    def resolve_key(self, kid: str) -> verify.ResolvedKey | None:
        found = self.keys.get(kid)
        if not found:
            return None
        return verify.ResolvedKey(found[1], self.did, "测试学院", True, found[2])

    def status_list(self, url: str) -> str | None:
        purpose = {LIST + "r": "revocation", LIST + "s": "suspension"}.get(url)
        if purpose is None:
            return None
        doc = statuslist.status_list_credential(
            list_url=url,
            issuer=self.did,
            purpose=purpose,
            bits=self.lists[purpose],
            valid_from=ob3.iso(NOW),
            ttl_ms=1000,
        )
        return sign_compact(
            {"alg": "EdDSA", "kid": self.active, "typ": "JWT"}, ob3.jwt_claims(doc), self.sign
        )


def codes(outcome: verify.Outcome) -> dict[str, str]:
    return {c.name: c.code for c in outcome.checks}


def test_a_fresh_credential_passes_every_check() -> None:
    issuer = Issuer()
    outcome = verify.verify_token(issuer.credential(), issuer, now=NOW)
    assert outcome.valid, codes(outcome)
    assert [c.name for c in outcome.checks] == list(verify.CHECK_NAMES)


def test_tampered_payload_fails_the_signature() -> None:
    issuer = Issuer()
    header, payload, sig = issuer.credential().split(".")
    claims = json.loads(encoding.b64url_decode(payload))
    claims["credentialSubject"]["achievement"]["name"] = "高级工程师"
    forged = ".".join([header, encoding.b64url_encode(json.dumps(claims).encode()), sig])
    outcome = verify.verify_token(forged, issuer, now=NOW)
    assert not outcome.valid and codes(outcome)["signature"] == "signature_bad"


def test_forged_signature_with_another_key_under_the_issuers_kid() -> None:
    issuer = Issuer()
    other, _pub = keys.generate()
    token = issuer.credential()
    signing_input = token.rsplit(".", 1)[0]
    forged = signing_input + "." + encoding.b64url_encode(other.sign(signing_input.encode()))
    outcome = verify.verify_token(forged, issuer, now=NOW)
    assert codes(outcome)["signature"] == "signature_bad" and not outcome.valid


def test_revoked_and_suspended_and_expired() -> None:
    issuer = Issuer()
    token = issuer.credential(valid_until=NOW + dt.timedelta(days=10))
    issuer.lists["suspension"].set(5, True)
    outcome = verify.verify_token(token, issuer, now=NOW)
    assert outcome.suspended and not outcome.revoked and codes(outcome)["status"] == "suspended"
    issuer.lists["revocation"].set(5, True)
    outcome = verify.verify_token(token, issuer, now=NOW)
    assert outcome.revoked and not outcome.valid
    expired = verify.verify_token(
        issuer.credential(valid_until=NOW - dt.timedelta(hours=1)), issuer, now=NOW
    )
    assert expired.expired and codes(expired)["expiry"] == "expired"


def test_a_status_list_signed_by_someone_else_counts_as_unavailable() -> None:
    issuer, stranger = Issuer(), Issuer()
    token = issuer.credential()

    class Mixed(Issuer):
        pass

    outcome = verify.verify_token(
        token,
        type(
            "R",
            (),
            {
                "resolve_key": lambda self, kid: (
                    issuer.resolve_key(kid) or stranger.resolve_key(kid)
                ),
                "status_list": lambda self, url: stranger.status_list(url),
            },
        )(),
        now=NOW,
    )
    assert codes(outcome)["status"] == "status_unavailable" and not outcome.valid


def test_rotated_key_keeps_old_credentials_valid() -> None:
    issuer = Issuer()
    old = issuer.credential()
    issuer.rotate()
    new = issuer.credential()
    for token in (old, new):
        assert verify.verify_token(token, issuer, now=NOW).valid
    assert (
        codes(verify.verify_token(old, issuer, now=NOW))["signature"] == "signature_retired_key_ok"
    )


def test_embedded_jwk_and_other_algorithms_are_refused() -> None:
    issuer = Issuer()
    token = issuer.credential()
    _h, payload, _s = token.split(".")
    claims = json.loads(encoding.b64url_decode(payload))
    private, public = keys.generate()
    self_signed = sign_compact(
        {"alg": "EdDSA", "jwk": keys.public_jwk(public)}, claims, private.sign
    )
    assert (
        codes(verify.verify_token(self_signed, issuer, now=NOW))["signature"]
        == "signature_embedded_key"
    )
    none_alg = encoding.b64url_encode(b'{"alg":"none","kid":"x"}') + "." + payload + ".AA"
    assert codes(verify.verify_token(none_alg, issuer, now=NOW))["signature"] == "signature_alg"


def test_did_key_issuer_verifies_by_itself() -> None:
    private, public = keys.generate()
    issuer_did = did.did_key(public)
    doc = ob3.build_credential(
        ob3.CredentialInput(
            credential_id="urn:uuid:1",
            issuer_did=issuer_did,
            issuer_name="x",
            issuer_url="",
            achievement_id="https://x/a",
            achievement_name="n",
            achievement_description="d",
            criteria_narrative="c",
            achievement_type="Badge",
            subject_id="urn:uuid:2",
            valid_from=NOW,
        )
    )
    token = ob3.sign_vc_jwt(doc, kid=did.did_key_method_id(issuer_did), sign=private.sign)

    class Nobody:
        def resolve_key(self, kid: str) -> None:
            return None

        def status_list(self, url: str) -> None:
            return None

    outcome = verify.verify_token(token, Nobody(), now=NOW + dt.timedelta(minutes=1))
    assert outcome.valid and codes(outcome)["issuer"] == "issuer_self_certified"


def test_png_and_svg_baking_round_trip() -> None:
    from talentbridge.credentials.documents import PALETTE

    assert PALETTE
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    baked = baking.bake_png(png, "a.b.c")
    assert baking.extract_png(baked) == "a.b.c"
    assert baking.extract_png(baking.bake_png(baked, "d.e.f")) == "d.e.f"  # replaced, not doubled
    svg = baking.bake_svg('<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>', "a.b&c")
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in svg
    assert baking.extract_svg(svg) == "a.b&c"
    with pytest.raises(baking.BakingError):
        baking.extract_png(png)


def test_pasted_json_forms() -> None:
    token = Issuer().credential()
    assert verify.token_from_text(json.dumps(ob3.envelope(token))) == token
    assert verify.token_from_text("  " + token + "\n") == token
    with pytest.raises(verify.UnreadableInput):
        verify.token_from_text('{"credentialSubject": {}, "proof": {}}')
    with pytest.raises(verify.UnreadableInput):
        verify.token_from_text("hello world")
