"""Finding 4 of issue 13: malformed JSON of any shape is a 400 in the API error format on every
API endpoint that takes a body — never a 500, never an HTML page — whether or not the view reads
its body, for the first role the matrix allows (anonymous for the token endpoint)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import World, client_for
from talentbridge.core.jsonbounds import MAX_JSON_DEPTH, JSONInputError, loads_bounded
from talentbridge.core.jsoninput import message_for
from tests.test_authorization_matrix import MATRIX

MALFORMED = {
    "deeply nested arrays": b"[" * 100_000 + b"]" * 100_000,
    "deeply nested objects": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "nested just past the limit": b'{"a":' * (MAX_JSON_DEPTH + 1)
    + b"1"
    + b"}" * (MAX_JSON_DEPTH + 1),
    "invalid UTF-8": b'{"name": "\xff\xfe\xc3"}',
    "top-level array": b"[1, 2]",
    "top-level string": b'"x"',
    "top-level number": b"1",
    "top-level null": b"null",
    "truncated": b'{"a": ',
    "NaN": b'{"a": NaN}',
    "infinite float": b'{"a": 1e999999}',
    "huge integer": b'{"a": ' + b"9" * 5000 + b"}",
}

BODY_CASES = [
    pytest.param(name, method, id=f"{name}-{method}")
    for name, (_, methods) in MATRIX.items()
    if name.startswith("api-")
    for method in methods
    if method in ("post", "put", "patch", "delete")
]


def _allowed_role(roles: frozenset[str]) -> str:
    for role in ("anonymous", "student", "college_admin", "superuser"):
        if role in roles:
            return role
    return sorted(roles)[0]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method"), BODY_CASES)
def test_every_api_endpoint_answers_malformed_json_with_a_400(
    world: World, name: str, method: str
) -> None:
    kwargs_for, methods = MATRIX[name]
    client = client_for(world, _allowed_role(methods[method]))
    url = reverse(name, kwargs=kwargs_for(world))
    for label, body in MALFORMED.items():
        response = getattr(client, method)(url, data=body, content_type="application/json")
        assert response.status_code == 400, (label, response.status_code, response.content[:300])
        payload = response.json()
        assert payload["code"] == "invalid", (label, payload)
        assert payload["message"] and isinstance(payload["fields"], dict), (label, payload)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "method", "role"),
    [
        ("/api/v1/auth/token/", "post", "anonymous"),
        ("/api/v1/taxonomy/extract/", "post", "student"),
        ("/api/v1/me/", "patch", "student"),
    ],
)
def test_the_reported_endpoints_explain_in_both_languages(
    world: World, path: str, method: str, role: str
) -> None:
    client = client_for(world, role)
    body = MALFORMED["deeply nested arrays"]
    for lang, needle in (("en", "nested too deeply"), ("zh-hans", "嵌套")):
        response = getattr(client, method)(
            path, data=body, content_type="application/json", headers={"accept-language": lang}
        )
        assert response.status_code == 400
        assert response["Content-Type"].startswith("application/json")
        assert needle in response.json()["message"], response.json()


@pytest.mark.django_db
def test_well_formed_json_still_reaches_the_view(world: World) -> None:
    client = client_for(world, "student")
    response = client.patch(
        "/api/v1/me/", data={"display_name": "Carol C"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["display_name"] == "Carol C"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (MALFORMED["deeply nested arrays"], "too_deep"),
        (MALFORMED["nested just past the limit"], "too_deep"),
        (MALFORMED["invalid UTF-8"], "invalid_utf8"),
        (MALFORMED["NaN"], "malformed"),
        (MALFORMED["infinite float"], "malformed"),
        (MALFORMED["huge integer"], "malformed"),
        (MALFORMED["truncated"], "malformed"),
    ],
)
def test_loads_bounded_refuses_with_a_code(body: bytes, code: str) -> None:
    with pytest.raises(JSONInputError) as caught:
        loads_bounded(body)
    assert caught.value.code == code
    assert message_for(caught.value)


def test_loads_bounded_accepts_nesting_up_to_the_limit() -> None:
    depth = MAX_JSON_DEPTH
    value = loads_bounded('{"a":' * (depth - 1) + "[1]" + "}" * (depth - 1))
    assert isinstance(value, dict)
    with pytest.raises(JSONInputError):
        loads_bounded("[" * (depth + 1) + "]" * (depth + 1))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | st.text(alphabet='[]{}":,1an ', max_size=300).map(str.encode))
def test_loads_bounded_never_raises_anything_else(body: bytes) -> None:
    try:
        loads_bounded(body, require_object=True)
    except JSONInputError as exc:
        assert message_for(exc)
