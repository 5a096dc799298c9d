"""Dashboard, forecast and report data shared by the HTML pages and the API.

Query arguments are parsed here (bad input raises ``ApplicationError`` → 400 with a field
message in the request language), and the payloads are computed from selectors and cached per
filter (``dashboard_cache``). ``views.py`` renders them; ``api.py`` serializes them.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from talentbridge.core.errors import invalid
from talentbridge.demand import dashboard_cache, forecasting, selectors
from talentbridge.demand.selectors import DemandFilters


def filters_from(params: Any) -> DemandFilters:
    return DemandFilters(
        region=params.get("region", "")[:6],
        occupation=params.get("occupation", "")[:20],
        month_from=params.get("month_from", "")[:7],
        month_to=params.get("month_to", "")[:7],
        source=params.get("source", "")[:80],
    )


def dashboard_data(actor: Any, filters: DemandFilters) -> dict[str, Any]:
    """Everything the dashboard charts show (also served by the API), from the per-filter
    cache while no new aggregates were added (``dashboard_cache``)."""
    return dashboard_cache.cached(
        "dashboard",
        actor=actor,
        parts={**asdict(filters), "language": get_language()},
        compute=lambda: _dashboard_payload(
            selectors.dashboard_figures(actor=actor, filters=filters)
        ),
    )


def _dashboard_payload(figures: selectors.DashboardFigures) -> dict[str, Any]:
    def figure(f: selectors.SkillFigure) -> dict[str, Any]:
        return {
            "skill": f.skill_id,
            "label": f.label,
            "postings": f.postings,
            "share": round(f.share, 4),
            "previous": f.previous,
            "previous_share": round(f.previous_share, 4),
            "z": round(f.z, 2),
            "p": round(f.p_value, 4),
        }

    def salary(f: selectors.SalaryFigure) -> dict[str, Any]:
        return {
            "key": f.key,
            "label": f.label,
            "postings": f.postings,
            "p25": round(f.p25),
            "p50": round(f.p50),
            "p75": round(f.p75),
        }

    concentration = figures.concentration
    return {
        "total": figures.total,
        "monthly": figures.monthly,
        "top_skills": [figure(f) for f in figures.top_skills],
        "rising": [figure(f) for f in figures.trends.rising],
        "declining": [figure(f) for f in figures.trends.declining],
        "periods": {
            "previous": figures.trends.previous_months,
            "recent": figures.trends.recent_months,
        },
        "salary_by_skill": [salary(f) for f in figures.salary_by_skill],
        "salary_by_city": [salary(f) for f in figures.salary_by_city],
        "employers": {
            "employers": concentration.employers,
            "postings": concentration.postings,
            "top10_share": round(concentration.top10_share, 4),
            "hhi": round(concentration.hhi, 1),
            "top": [{"company": c, "postings": n} for c, n in concentration.top],
        },
        "aigc": figures.aigc,
    }


MODEL_NAMES = {
    "naive": _("last month repeated (naive)"),
    "seasonal_naive": _("same month last year (seasonal naive)"),
    "ses": _("simple exponential smoothing"),
    "holt_damped": _("damped-trend exponential smoothing (Holt)"),
    "croston_sba": _("Croston–SBA for intermittent demand"),
}


def forecast_args(params: Any) -> tuple[str, int]:
    """``skill`` (a concept id, blank = all postings) and ``horizon`` (1–12 months, default
    12); anything else is invalid (400)."""
    skill = params.get("skill", "").strip()
    if len(skill) > 200:
        raise invalid("skill", _("Unknown skill."))
    text = params.get("horizon", "").strip()
    if not text:
        return skill, forecasting.MAX_HORIZON
    if not re.fullmatch(r"\d{1,2}", text, re.ASCII) or not 1 <= int(text) <= 12:
        raise invalid("horizon", _("The horizon must be a whole number of months from 1 to 12."))
    return skill, int(text)


def forecast_data(actor: Any, filters: DemandFilters, skill: str, horizon: int) -> dict[str, Any]:
    """The forecast of one series with its back-test (numbers cached per filter like the
    dashboard) plus the texts in the request language."""
    data = dashboard_cache.cached(
        "forecast",
        actor=actor,
        parts={**asdict(filters), "skill": skill, "horizon": horizon, "language": get_language()},
        compute=lambda: _forecast_payload(
            selectors.demand_forecast(actor=actor, filters=filters, skill=skill, horizon=horizon)
        ),
    )
    if data["enough_history"]:
        data["model_name"] = str(MODEL_NAMES[data["backtest"]["model"]])
        for candidate in data["backtest"]["models"]:
            candidate["name"] = str(MODEL_NAMES.get(candidate["model"], candidate["model"]))
        data["message"] = ""
    else:
        data["model_name"] = ""
        data["message"] = _(
            "Not enough history for a forecast: %(months)s months of data, at least "
            "%(needed)s needed."
        ) % {"months": len(data["history"]), "needed": data["needed"]}
    return data


def _forecast_payload(found: selectors.DemandForecast) -> dict[str, Any]:
    result = found.result
    payload: dict[str, Any] = {
        "skill": found.skill,
        "label": found.label,
        "horizon": len(found.months),
        "enough_history": result is not None,
        "needed": found.needed,
        "history": [
            {"month": m, "postings": n}
            for m, n in zip(found.history_months, found.history, strict=True)
        ],
        "forecast": [],
        "backtest": None,
    }
    if result is None:
        return payload
    payload["forecast"] = [
        {
            "month": month,
            "point": round(result.point[i], 2),
            "lower80": round(result.lower[80][i], 2),
            "upper80": round(result.upper[80][i], 2),
            "lower95": round(result.lower[95][i], 2),
            "upper95": round(result.upper[95][i], 2),
        }
        for i, month in enumerate(found.months)
    ]
    payload["backtest"] = {
        "model": result.model,
        "mase": round(result.mase, 3),
        "smape": round(result.smape, 1),
        "origins": result.origins,
        "selected_by": result.selected_by,
        "models": [
            {
                "model": score.model,
                "mase": round(score.mase, 3),
                "rmsse": round(score.rmsse, 3),
                "smape": round(score.smape, 1),
            }
            for score in result.scores
        ],
    }
    return payload


def report_region(text: str) -> str:
    """A GB/T 2260 code (six ASCII digits) or "" for all regions; anything else is invalid
    (it also ends up in the XLSX file name, so no line breaks or quotes may pass)."""
    text = text.strip()
    if text and not re.fullmatch(r"\d{6}", text, re.ASCII):
        raise invalid("region", _("The region must be a six-digit GB/T 2260 code."))
    return text


def report_year(text: str, default: int | None = None) -> int:
    """A year 2000–2100 written with four ASCII digits; blank gives ``default`` if any."""
    text = text.strip()
    if not text and default is not None:
        return default
    if not re.fullmatch(r"\d{4}", text, re.ASCII) or not 2000 <= int(text) <= 2100:
        raise invalid("year", _("The year must be a number from 2000 to 2100."))
    return int(text)
