"""The pure forecasting module on small series whose right answer is known by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from talentbridge.demand import forecasting
from talentbridge.demand.forecasting import NotEnoughHistory, forecast


def test_constant_series_is_forecast_exactly_with_zero_width_intervals() -> None:
    result = forecast([40] * 18, horizon=6)
    # SES and Holt both fit perfectly; AICc's parameter penalty picks the simpler SES
    assert result.model == "ses" and result.selected_by == "aicc"
    assert result.point == pytest.approx((40.0,) * 6)
    assert result.lower[80] == pytest.approx(result.upper[95], abs=0.01)
    assert result.upper[95] == pytest.approx((40.0,) * 6, abs=0.01)
    assert result.mase == pytest.approx(0, abs=1e-6) and result.smape == pytest.approx(0, abs=1e-6)
    assert {s.model for s in result.scores} == {"naive", "seasonal_naive", "ses", "holt_damped"}


def test_linear_trend_is_continued_by_the_damped_trend_model() -> None:
    series = [10 + 2 * t for t in range(24)]  # last value 56, next ones 58, 60, ...
    result = forecast(series, horizon=6)
    assert result.model == "holt_damped" and result.selected_by == "aicc"
    assert not result.seasonal
    assert result.point[0] == pytest.approx(58, abs=0.5)
    assert all(b > a for a, b in zip(result.point, result.point[1:], strict=False))
    # damping (phi <= 0.98) flattens the trend: never above the straight line
    assert result.point[-1] <= 68 + 1e-9 and result.point[-1] > 64
    scores = {s.model: s for s in result.scores}
    # the naive forecast is off by 2 per step ahead: mean over steps 1..6 of 2*step / 2
    assert scores["naive"].mase > scores["holt_damped"].mase * 5
    assert result.mase < 0.5


def test_seasonal_series_repeats_last_year() -> None:
    season = [100, 120, 150, 90, 80, 70, 60, 75, 110, 130, 160, 200]
    result = forecast(season * 3, horizon=12)
    # three years of a pure season: adjusted, the series is flat; SES adds the season back
    assert result.seasonal and result.model == "ses"
    assert result.point == pytest.approx(season, abs=0.01)
    assert result.mase == pytest.approx(0, abs=1e-6)
    assert result.upper[95] == pytest.approx(result.point, abs=0.01)  # a perfect fit: no width
    assert {s.model: s for s in result.scores}["seasonal_naive"].mase == 0


def test_trend_with_a_spring_festival_dip_is_continued_seasonally() -> None:
    # realistic shape of job postings: growth of 3 a month, a dip in January/February
    # (Spring Festival), a spring and an autumn hiring peak; the season sums to zero
    season = [-40, -60, 30, 20, 10, 0, -10, -10, 20, 10, 0, 30]
    noise = np.random.default_rng(7).normal(0, 2, 36).round()
    series = [200 + 3 * t + season[t % 12] + noise[t] for t in range(36)]
    result = forecast(series, horizon=12)
    assert result.seasonal and result.model == "holt_damped"
    assert not forecasting._season_of(np.array(series))[0].multiplicative  # AICc: additive
    # by hand: the line continues from 200 + 3·36 = 308 (damping shaves ≤ 2 % a month off
    # the slope), plus the season: January 308 − 40, February 311 − 60, March 314 + 30
    assert result.point[0] == pytest.approx(268, abs=5)
    assert result.point[1] == pytest.approx(251, abs=5)
    assert result.point[2] == pytest.approx(344, abs=6)
    assert result.point[2] - result.point[1] == pytest.approx(93, abs=3)
    for step, truth in enumerate((268, 251, 344)):
        assert result.lower[95][step] <= truth <= result.upper[95][step]
        assert result.upper[95][step] - result.lower[95][step] < 30  # noise sd 2
    scores = {s.model: s for s in result.scores}
    # seasonal naive repeats last year and lags the trend by 12 × 3 = 36: MASE ≈ 36 / 27
    assert scores["seasonal_naive"].mase > 1
    assert scores["holt_damped"].mase < scores["seasonal_naive"].mase / 3
    # without the seasonal adjustment the same model is far worse
    plain = forecasting.holt_damped(np.array(series), 3)
    assert abs(plain[1] - 251) > 30


def test_a_season_that_grows_with_the_level_is_taken_as_multiplicative() -> None:
    # the same calendar shape, now as factors of a level that grows 5 a month: the dips and
    # peaks widen with the level, which an additive season cannot follow
    factors = 1 + np.array([-40, -60, 30, 20, 10, 0, -10, -10, 20, 10, 0, 30]) / 200
    series = np.array([(100 + 5 * t) * factors[t % 12] for t in range(48)])
    season, _ = forecasting._season_of(series)
    assert season.multiplicative
    assert season.indices == pytest.approx(factors, abs=0.01)
    result = forecast(series.tolist(), horizon=12)
    assert result.seasonal and result.model == "holt_damped"
    # by hand: January at level 100 + 5·48 = 340 (damping trims a little): 340 · 0.8 = 272,
    # July at 370 · 0.95 = 351.5; the additive fit of the previous test's shape does not apply
    assert result.point[0] == pytest.approx(272, abs=5)
    assert result.point[6] == pytest.approx(351.5, abs=8)
    additive, _ = forecasting._season_of(
        np.array([200 + 3 * t + 50 * (t % 12 == 0) for t in range(48)], float)
    )
    assert not additive.multiplicative
    with_zero = series.copy()
    with_zero[5] = 0  # a month without postings: only an additive season is possible
    assert not forecasting._season_of(with_zero)[0].multiplicative


def test_a_trend_alone_is_not_a_season() -> None:
    assert not forecasting.is_seasonal(np.arange(48, dtype=float))
    rng = np.random.default_rng(3)
    assert not forecasting.is_seasonal(100 + 2 * np.arange(48) + rng.normal(0, 3, 48))
    assert not forecasting.is_seasonal(np.array([1.0, 5.0] * 17))  # 34 months: too short
    season = [9.0, 7.0, 12.0, 11.0, 10.0, 10.0, 9.0, 9.0, 12.0, 11.0, 10.0, 13.0]
    assert forecasting.is_seasonal(np.array(season * 3))
    assert not forecasting.is_seasonal(np.array(season * 2 + season[:11]))  # 35 months


def test_initial_states_are_fitted_not_copied_from_the_first_month() -> None:
    # a flat level 100 with an odd first month: the least-squares initial level ignores it
    # (the old y[0] start dragged every early forecast towards 160)
    y = np.array([160.0] + [100.0, 102.0, 98.0] * 6)
    fit = forecasting.ses_fit(y)
    assert fit.alpha <= 0.05 and fit.level == pytest.approx(100, abs=4)
    assert fit.parameters == 2 and fit.months == 19
    # the AICc of a perfect fit is floored, so the penalty alone decides: SES < Holt
    flat = np.full(20, 7.0)
    assert forecasting.ses_fit(flat).aicc < forecasting.holt_damped_fit(flat).aicc


def test_one_pass_fits_every_origin_exactly_like_separate_fits() -> None:
    # the back-test refits at every origin; the one-pass version must equal separate fits
    y = np.random.default_rng(2).poisson(50, 40).astype(float) + np.arange(40)
    for trend, fit_of in ((False, forecasting.ses_fit), (True, forecasting.holt_damped_fit)):
        together = forecasting._ets_fits(y, trend, [14, 27, 40])
        for fit, length in zip(together, (14, 27, 40), strict=True):
            alone = fit_of(y[:length])
            assert (fit.alpha, fit.beta, fit.phi) == (alone.alpha, alone.beta, alone.phi)
            assert fit.level == pytest.approx(alone.level, rel=1e-9)
            assert fit.trend == pytest.approx(alone.trend, rel=1e-9, abs=1e-9)
            assert fit.sse == pytest.approx(alone.sse, rel=1e-6)
    # and they match a plain recursion from the fitted initial states: ETS(A,N,N) by hand
    fit = forecasting.ses_fit(y[:14])
    level = float(np.mean(y[:14]))  # any start: find the least-squares one numerically
    starts = np.linspace(level - 30, level + 30, 6001)
    sse = np.zeros_like(starts)
    current = starts.copy()
    for value in y[:14]:
        sse += (value - current) ** 2
        current = current + fit.alpha * (value - current)
    best = int(np.argmin(sse))
    assert fit.sse == pytest.approx(sse[best], rel=1e-4)
    assert fit.level == pytest.approx(current[best], abs=0.05)


@pytest.mark.slow
def test_model_based_intervals_are_calibrated_on_simulated_series() -> None:
    # 300 series of noise around a level or a gentle trend: the hidden 6 months must fall in
    # the 80 % / 95 % intervals about 80 % / 95 % of the time
    rng = np.random.default_rng(11)
    covered = {80: 0, 95: 0}
    points = 0
    for index in range(300):
        slope = 0.0 if index % 2 else 0.5
        y = np.maximum(100 + slope * np.arange(30) + rng.normal(0, 5, 30), 0)
        result = forecast(y[:24].tolist(), horizon=6)
        for level in (80, 95):
            inside = (y[24:] >= result.lower[level]) & (y[24:] <= result.upper[level])
            covered[level] += int(inside.sum())
        points += 6
    assert 0.74 < covered[80] / points < 0.88
    assert 0.91 < covered[95] / points < 0.985


def test_intermittent_counts_are_selected_by_rmsse_not_mase() -> None:
    series = [0, 0, 3, 0, 0, 0, 2, 0, 0, 4, 0, 0, 0, 1, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0]
    result = forecast(series, horizon=6)
    assert result.selected_by == "rmsse"
    scores = {s.model: s for s in result.scores}
    assert "croston_sba" in scores
    assert result.model == min(result.scores, key=lambda s: s.rmsse).model != "naive"
    assert scores["croston_sba"].rmsse < scores["naive"].rmsse
    # a rate, not a zero: about 15 units over 22 months after the first demand
    assert 0.3 < result.point[0] < 1
    assert all(low == 0 for low in result.lower[80])  # counts never go negative
    assert all(high > result.point[0] for high in result.upper[95])


def test_level_without_trend_is_smoothed_not_chased() -> None:
    # a level shift from 10 to 30 with no trend after it: SES settles on the new level
    series = [10.0] * 8 + [30.0] * 10
    result = forecast(series, horizon=3)
    assert result.model in {"naive", "ses"}
    assert result.point == pytest.approx((30.0,) * 3, abs=0.5)
    assert forecasting.ses(np.array([10.0, 20.0, 10.0, 20.0]), 1)[0] == pytest.approx(15, abs=3)


def test_croston_sba_by_hand() -> None:
    # first demand 3 at month 3 (z=3, p=3); next demand 2 after 4 months:
    # z = 3 + 0.1*(2-3) = 2.9, p = 3 + 0.1*(4-3) = 3.1, rate = 0.95 * 2.9 / 3.1
    rate = forecasting.croston_sba(np.array([0, 0, 3, 0, 0, 0, 2], float), 2)
    assert rate.tolist() == pytest.approx([0.95 * 2.9 / 3.1] * 2)
    assert forecasting.croston_sba(np.zeros(5), 3).tolist() == [0, 0, 0]


def test_too_short_series_gets_no_forecast() -> None:
    with pytest.raises(NotEnoughHistory) as raised:
        forecast([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], horizon=6)
    assert raised.value.months == 11 and raised.value.needed == 12
    with pytest.raises(NotEnoughHistory):
        forecast([], horizon=6)


def test_invalid_input_is_refused() -> None:
    with pytest.raises(ValueError, match="horizon"):
        forecast([1] * 20, horizon=13)
    with pytest.raises(ValueError, match="non-negative"):
        forecast([1] * 19 + [-1], horizon=3)


def test_intervals_nest_widen_with_the_horizon_and_match_the_noise() -> None:
    rng = np.random.default_rng(5)
    series = (200 + rng.normal(0, 10, 36)).round().tolist()
    result = forecast(series, horizon=12)
    for step in range(12):
        assert result.lower[95][step] <= result.lower[80][step] <= result.point[step]
        assert result.point[step] <= result.upper[80][step] <= result.upper[95][step]
    widths = [u - lo for u, lo in zip(result.upper[95], result.lower[95], strict=True)]
    assert widths == sorted(widths) and widths[0] > 5
    # noise sd 10: a 95 % interval must be roughly ±20, neither a sliver nor a barn door
    assert 14 < widths[0] / 2 < 28


def test_half_widths_conformal_rank_normal_fallback_and_extrapolation() -> None:
    errors = [[1.0, -2.0, 3.0, -4.0, 5.0], [6.0, 6.0, -6.0], [70.0]]
    widths = forecasting.half_widths(errors, 0.8)
    # step 1: 5 errors, rank ceil(6 * 0.8) = 5 -> the largest absolute error
    assert widths[0] == 5
    # step 2: 3 errors, rank ceil(4 * 0.8) = 4 > 3 -> t(0.9, 2 dof) * RMSE = 1.8856 * 6
    assert widths[1] == pytest.approx(1.88562 * 6, abs=1e-3)
    # step 3: one error only (ignored) -> step 2 grown by sqrt(3 / 2)
    assert widths[2] == pytest.approx(widths[1] * math.sqrt(3 / 2))
    # widths never shrink: a small step-2 estimate is lifted to step 1's
    assert forecasting.half_widths([[9.0] * 5, [1.0, 1.0, 1.0]], 0.8).tolist() == [9, 9]


def test_backtest_errors_are_actual_minus_forecast_per_step() -> None:
    y = np.array([1, 2, 3, 4, 5, 6, 7, 8], float)
    errors = forecasting.backtest(y, forecasting.naive, 3, [6, 7])
    # origin 6 (last seen 6): actual 7, 8 -> errors 1, 2; origin 7 (last seen 7): actual 8 -> 1
    assert errors == [[1.0, 1.0], [2.0], []]
