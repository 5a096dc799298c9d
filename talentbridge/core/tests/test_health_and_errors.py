from __future__ import annotations

import json

import pytest
from django.test import Client


@pytest.mark.django_db
def test_healthz_reports_database_and_tasks() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["tasks"] == "ok"
    assert body["checks"]["stale_tasks"] == "0"
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_malformed_json_is_a_400_with_a_message_in_the_request_language(world) -> None:
    client = Client()
    client.force_login(world.users["college_admin"])
    for lang, needle in (("en", "could not be parsed"), ("zh-hans", "无法解析")):
        response = client.post(
            "/api/v1/organizations/",
            data="{not json",
            content_type="application/json",
            headers={"accept-language": lang},
        )
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "invalid"
        assert needle in body["message"]


@pytest.mark.django_db
def test_unknown_api_path_is_a_json_404() -> None:
    response = Client().get("/api/v1/organizations/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_request_id_is_echoed() -> None:
    response = Client().get("/healthz", headers={"x-request-id": "abc123"})
    assert response["X-Request-ID"] == "abc123"


def test_json_log_format_emits_json(capsys) -> None:
    import logging
    import logging.config

    from django.conf import settings

    config = json.loads(json.dumps(settings.LOGGING))
    config["handlers"]["console"]["formatter"] = "json"
    logging.config.dictConfig(config)
    try:
        logging.getLogger("talentbridge.test").warning("hello %s", "world")
        line = capsys.readouterr().err.strip().splitlines()[-1]
        record = json.loads(line)
        assert record["message"] == "hello world"
        assert record["level"] == "WARNING"
        assert "request_id" in record
    finally:
        logging.config.dictConfig(settings.LOGGING)


@pytest.mark.django_db
def test_chinese_is_the_default_language(settings) -> None:
    settings.LANGUAGE_CODE = "zh-hans"  # the product setting (tests default to English)
    from config import settings as product_settings

    assert product_settings.LANGUAGE_CODE == "zh-hans"
    html = Client().get("/").content.decode()
    assert 'lang="zh-CN"' in html and "产教融合" in html
