"""Our credentials checked by independent implementations — jwcrypto (JOSE) and PyNaCl
(libsodium Ed25519) — resolving the issuer's key from the did:web document the site serves,
and reading the status list the site serves with nothing but the Python standard library.
And the other way round: a token signed by jwcrypto with the issuer's key verifies here."""

from __future__ import annotations

import base64
import gzip
import json
from typing import Any

import pytest
from django.test import Client
from jwcrypto import jwk, jws
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from conftest import World
from talentbridge.credentials.services import issuing
from talentbridge.credentials.services.verification import verify_text
from talentbridge.credentials.tests.factories import make_cred_world

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58decode(text: str) -> bytes:  # independent of our encoding module
    n = 0
    for ch in text:
        n = n * 58 + ALPHABET.index(ch)
    return n.to_bytes(34, "big")


def b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def did_document_over_http(client: Client, did: str) -> dict[str, Any]:
    # did:web:<host>:credentials:issuers:<slug> -> /credentials/issuers/<slug>/did.json
    path = "/" + "/".join(did.split(":")[3:]) + "/did.json"
    response = client.get(path)
    assert response.status_code == 200
    return json.loads(response.content)


def key_for(document: dict[str, Any], kid: str) -> bytes:
    assert kid in document["assertionMethod"]
    method = next(m for m in document["verificationMethod"] if m["id"] == kid)
    raw = b58decode(method["publicKeyMultibase"][1:])
    assert raw[:2] == b"\xed\x01"
    return raw[2:]


def independent_verify(client: Client, token: str) -> dict[str, Any]:
    header = json.loads(b64url(token.split(".")[0]))
    payload = json.loads(b64url(token.split(".")[1]))
    document = did_document_over_http(client, payload["iss"])
    public = key_for(document, header["kid"])
    key = jwk.JWK(
        kty="OKP", crv="Ed25519", x=base64.urlsafe_b64encode(public).rstrip(b"=").decode()
    )
    checker = jws.JWS()
    checker.deserialize(token)
    checker.verify(key, alg="EdDSA")  # raises on a bad signature
    VerifyKey(public).verify(token.rsplit(".", 1)[0].encode(), b64url(token.rsplit(".", 1)[1]))
    return payload


def status_bit(client: Client, entry: dict[str, str]) -> bool:
    url = entry["statusListCredential"]
    response = client.get(url.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    assert response.status_code == 200
    token = response.content.decode()
    listed = independent_verify(client, token)
    assert listed["credentialSubject"]["statusPurpose"] == entry["statusPurpose"]
    raw = gzip.decompress(b64url(listed["credentialSubject"]["encodedList"][1:]))
    assert len(raw) * 8 >= 131072
    index = int(entry["statusListIndex"])
    return bool(raw[index // 8] >> (7 - index % 8) & 1)


@pytest.mark.django_db
def test_issued_credential_verifies_with_jwcrypto_and_pynacl(world: World, client: Client) -> None:
    cw = make_cred_world(world)
    payload = independent_verify(client, cw.credential.token)
    assert payload["iss"] == payload["issuer"]["id"] == cw.credential.issuer.did
    assert payload["jti"] == payload["id"] and payload["sub"] == payload["credentialSubject"]["id"]
    assert payload["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert "AchievementCredential" in payload["type"]
    assert payload["nbf"] <= payload["exp"]
    header = json.loads(b64url(cw.credential.token.split(".")[0]))
    assert header == {"alg": "EdDSA", "kid": header["kid"], "typ": "JWT"}
    entries = payload["credentialStatus"]
    assert {e["statusPurpose"] for e in entries} == {"revocation", "suspension"}
    assert not any(status_bit(client, e) for e in entries)


@pytest.mark.django_db
def test_revocation_is_visible_to_an_independent_reader(world: World, client: Client) -> None:
    cw = make_cred_world(world)
    issuing.credential_set_status(
        actor=world.users["alice"], credential=cw.credential, action="revoke", reason="误发"
    )
    entries = {e["statusPurpose"]: e for e in cw.credential.document["credentialStatus"]}
    assert status_bit(client, entries["revocation"]) is True
    assert status_bit(client, entries["suspension"]) is False


@pytest.mark.django_db
def test_tampering_fails_independently_too(world: World, client: Client) -> None:
    cw = make_cred_world(world)
    header, payload, sig = cw.credential.token.split(".")
    claims = json.loads(b64url(payload))
    claims["credentialSubject"]["achievement"]["name"] = "假证书"
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    forged = f"{header}.{body}.{sig}"
    with pytest.raises(jws.InvalidJWSSignature):
        independent_verify(client, forged)
    with pytest.raises(BadSignatureError):
        VerifyKey(
            key_for(
                did_document_over_http(client, claims["iss"]), json.loads(b64url(header))["kid"]
            )
        ).verify(forged.rsplit(".", 1)[0].encode(), b64url(sig))
    assert not verify_text(forged).valid


@pytest.mark.django_db
def test_a_token_signed_by_jwcrypto_verifies_here(world: World) -> None:
    cw = make_cred_world(world)
    key = issuing.active_key(cw.credential.issuer)
    private = issuing.signing_key(key).private
    from cryptography.hazmat.primitives import serialization

    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    signer = jwk.JWK.from_pem(pem)
    payload = json.loads(b64url(cw.credential.token.split(".")[1]))
    token = jws.JWS(json.dumps(payload).encode())
    token.add_signature(
        signer,
        alg="EdDSA",
        protected=json.dumps({"alg": "EdDSA", "kid": key.method_id, "typ": "JWT"}),
    )
    compact = token.serialize(compact=True)
    assert compact != cw.credential.token
    outcome = verify_text(compact)
    assert outcome.valid, [(c.name, c.code) for c in outcome.checks]


@pytest.mark.django_db
def test_rotation_keeps_old_keys_in_the_did_document(world: World, client: Client) -> None:
    cw = make_cred_world(world)
    old_kid = json.loads(b64url(cw.credential.token.split(".")[0]))["kid"]
    issuing.key_rotate(actor=world.users["alice"], issuer=cw.credential.issuer)
    newer = issuing.credential_issue(
        actor=world.users["alice"], template=cw.template, holder=world.users["carol"]
    )
    new_kid = json.loads(b64url(newer.token.split(".")[0]))["kid"]
    assert new_kid != old_kid
    document = did_document_over_http(client, cw.credential.issuer.did)
    assert {old_kid, new_kid} <= set(document["assertionMethod"])
    for token in (cw.credential.token, newer.token):
        independent_verify(client, token)
        assert verify_text(token).valid
