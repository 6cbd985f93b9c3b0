"""Event overlap, pure: half-open UTC windows, time zones and daylight-saving changes,
touching windows and touching radii (issue 7, 'Done when')."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armsflow.operations.deconflict import Shape, clash
from armsflow.operations.geo import (
    METRES_PER_DEGREE_LAT,
    Circle,
    cells_within,
    circles_overlap,
    distance_m,
    grid_cell,
)
from armsflow.operations.windows import Window, WindowError, local_window

CHI = "America/Chicago"
MEX = "America/Mexico_City"
HOUSTON = (29.7604, -95.3698)


def _shape(id_: int, agency: int, lat: float, lon: float, r: float, w: Window) -> Shape:
    return Shape(id=id_, agency_id=agency, place=Circle(lat, lon, r), window=w)


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# ------------------------------------------------------------------------------ time


def test_windows_that_touch_do_not_overlap() -> None:
    a = Window(_utc(2025, 5, 1, 10), _utc(2025, 5, 1, 12))
    b = Window(_utc(2025, 5, 1, 12), _utc(2025, 5, 1, 14))
    assert not a.overlaps(b) and not b.overlaps(a)
    c = Window(_utc(2025, 5, 1, 11, 59), _utc(2025, 5, 1, 14))
    assert a.overlaps(c) and c.overlaps(a)


def test_same_local_hours_in_two_zones_are_different_instants() -> None:
    """Since Mexico dropped daylight saving (October 2022), 10:00 in Mexico City is 11:00 in
    Chicago in summer: the same local window, one hour apart, touching but not overlapping."""
    tx = local_window(datetime(2023, 4, 15, 10), datetime(2023, 4, 15, 11), CHI)
    mx = local_window(datetime(2023, 4, 15, 10), datetime(2023, 4, 15, 11), MEX)
    assert tx.start == _utc(2023, 4, 15, 15) and mx.start == _utc(2023, 4, 15, 16)
    assert tx.end == mx.start
    assert not tx.overlaps(mx)


def test_before_2022_mexico_city_kept_summer_time_with_chicago() -> None:
    tx = local_window(datetime(2021, 4, 15, 10), datetime(2021, 4, 15, 11), CHI)
    mx = local_window(datetime(2021, 4, 15, 10), datetime(2021, 4, 15, 11), MEX)
    assert tx == mx and tx.overlaps(mx)


def test_in_winter_chicago_and_mexico_city_agree() -> None:
    tx = local_window(datetime(2024, 1, 10, 22), datetime(2024, 1, 11, 2), CHI)
    mx = local_window(datetime(2024, 1, 10, 23), datetime(2024, 1, 11, 1), MEX)
    assert tx.overlaps(mx)


def test_spring_forward_night_window_is_an_hour_shorter() -> None:
    """US spring-forward night, 9 March 2025: 01:00-04:00 in Chicago lasts two real hours."""
    w = local_window(datetime(2025, 3, 9, 1), datetime(2025, 3, 9, 4), CHI)
    assert w.end - w.start == timedelta(hours=2)
    assert w.start == _utc(2025, 3, 9, 7) and w.end == _utc(2025, 3, 9, 9)
    # A Mexico City window at 02:00-03:00 local (08:00-09:00Z, no DST) overlaps it.
    mx = local_window(datetime(2025, 3, 9, 2), datetime(2025, 3, 9, 3), MEX)
    assert mx.overlaps(w)
    # One 03:00-04:00 in Mexico City (09:00-10:00Z) starts when the Chicago one ends.
    later = local_window(datetime(2025, 3, 9, 3), datetime(2025, 3, 9, 4), MEX)
    assert later.start == w.end and not later.overlaps(w)


def test_a_time_in_the_spring_forward_gap_is_refused() -> None:
    with pytest.raises(WindowError, match="does not exist") as err:
        local_window(datetime(2025, 3, 9, 2, 30), datetime(2025, 3, 9, 5), CHI)
    assert err.value.field == "starts_at"


def test_an_ambiguous_fall_back_time_is_read_widely() -> None:
    """01:30 happens twice in Chicago on 2 November 2025: a start takes the first (CDT),
    an end the second (CST), so the window covers both."""
    w = local_window(datetime(2025, 11, 2, 1, 30), datetime(2025, 11, 2, 1, 45), CHI)
    assert w.start == _utc(2025, 11, 2, 6, 30)
    assert w.end == _utc(2025, 11, 2, 7, 45)


def test_bad_windows_are_refused_naming_the_field() -> None:
    with pytest.raises(WindowError) as err:
        local_window(datetime(2025, 5, 1, 12), datetime(2025, 5, 1, 12), CHI)
    assert err.value.field == "ends_at"
    with pytest.raises(WindowError) as err:
        local_window(datetime(2025, 5, 1, 12), datetime(2025, 5, 1, 13), "Mars/Olympus")
    assert err.value.field == "timezone"
    with pytest.raises(WindowError, match="at most"):
        local_window(datetime(2025, 5, 1), datetime(2025, 7, 1), CHI)


# ------------------------------------------------------------------------------ space


def test_radii_that_touch_count_as_overlapping() -> None:
    lat, lon = HOUSTON
    other_lat = lat + 1000.0 / METRES_PER_DEGREE_LAT  # 1,000 m due north
    d = distance_m(lat, lon, other_lat, lon)
    assert d == pytest.approx(1000.0, abs=0.001)
    assert circles_overlap(Circle(lat, lon, 400.0), Circle(other_lat, lon, d - 400.0))
    assert not circles_overlap(Circle(lat, lon, 400.0), Circle(other_lat, lon, d - 400.5))


def test_known_distance_houston_to_dallas() -> None:
    assert distance_m(29.7604, -95.3698, 32.7767, -96.7970) == pytest.approx(362_000, rel=0.01)


def test_conflict_needs_two_agencies_and_both_overlaps() -> None:
    lat, lon = HOUSTON
    w = Window(_utc(2025, 5, 1, 10), _utc(2025, 5, 1, 12))
    later = Window(_utc(2025, 5, 1, 12), _utc(2025, 5, 1, 13))
    a = _shape(1, 1, lat, lon, 300, w)
    assert clash(a, _shape(2, 2, lat, lon + 0.001, 300, w)) is not None
    assert clash(a, _shape(2, 1, lat, lon, 300, w)) is None            # same agency
    assert clash(a, _shape(2, 2, lat, lon, 300, later)) is None        # touching windows
    assert clash(a, _shape(2, 2, lat + 0.1, lon, 300, w)) is None      # 11 km apart
    found = clash(a, _shape(2, 2, lat, lon, 300, Window(w.start + timedelta(hours=1), w.end
                                                         + timedelta(hours=1))))
    assert found is not None
    assert (found.overlap_start, found.overlap_end) == (w.start + timedelta(hours=1), w.end)


# ------------------------------------------------------------------------------ properties

lats = st.floats(min_value=-80, max_value=80, allow_nan=False)
lons = st.floats(min_value=-180, max_value=180, allow_nan=False)


@given(lats, lons, lats, lons, st.floats(min_value=1, max_value=100_000))
def test_the_grid_prefilter_never_misses_a_point_within_reach(
    lat: float, lon: float, lat2: float, lon2: float, reach: float
) -> None:
    """Oracle: every point within ``reach`` lies in one of the cells searched."""
    if distance_m(lat, lon, lat2, lon2) <= reach:
        assert grid_cell(lat2, lon2) in cells_within(lat, lon, reach)


@given(lats, lons, st.floats(min_value=0, max_value=360),
       st.floats(min_value=0, max_value=99_000))
def test_points_near_the_centre_fall_in_searched_cells(
    lat: float, lon: float, bearing: float, dist: float
) -> None:
    import math

    dlat = dist * math.cos(math.radians(bearing)) / METRES_PER_DEGREE_LAT
    dlon = dist * math.sin(math.radians(bearing)) / (
        METRES_PER_DEGREE_LAT * max(math.cos(math.radians(lat + dlat)), 1e-6))
    lat2, lon2 = lat + dlat, ((lon + dlon + 180) % 360) - 180
    if abs(lat2) < 89 and distance_m(lat, lon, lat2, lon2) <= 100_000:
        assert grid_cell(lat2, lon2) in cells_within(lat, lon, 100_000)


@given(st.integers(0, 10_000), st.integers(1, 10_000), st.integers(0, 10_000),
       st.integers(1, 10_000))
def test_half_open_overlap_matches_a_minute_by_minute_oracle(
    s1: int, n1: int, s2: int, n2: int
) -> None:
    base = _utc(2025, 1, 1)
    a = Window(base + timedelta(minutes=s1), base + timedelta(minutes=s1 + n1))
    b = Window(base + timedelta(minutes=s2), base + timedelta(minutes=s2 + n2))
    shared = set(range(s1, s1 + n1)) & set(range(s2, s2 + n2))
    assert a.overlaps(b) == bool(shared) == b.overlaps(a)


@given(lats, lons, st.floats(min_value=0, max_value=360),
       st.floats(min_value=0, max_value=99_000), st.floats(min_value=1, max_value=50_000))
def test_the_row_box_never_excludes_a_point_within_reach(
    lat: float, lon: float, bearing: float, dist: float, radius: float
) -> None:
    """Oracle for the SQL box of repository._near: a point whose circle reaches the new one
    passes the latitude and longitude tests."""
    import math

    from armsflow.operations.geo import degrees_per_metre

    dlat = dist * math.cos(math.radians(bearing)) / METRES_PER_DEGREE_LAT
    dlon = dist * math.sin(math.radians(bearing)) / (
        METRES_PER_DEGREE_LAT * max(math.cos(math.radians(lat + dlat)), 1e-6))
    lat2, lon2 = lat + dlat, ((lon + dlon + 180) % 360) - 180
    new_radius = 100.0
    d = distance_m(lat, lon, lat2, lon2)
    if abs(lat2) >= 89 or d > radius + new_radius:
        return
    k = degrees_per_metre(lat, lon, new_radius + 50_000 + 1)
    reach = radius + new_radius + 1
    assert lat - reach * k["deg_lat_per_m"] <= lat2 <= lat + reach * k["deg_lat_per_m"]
    assert lon - reach * k["deg_lon_per_m"] <= lon2 <= lon + reach * k["deg_lon_per_m"]


def test_absurd_years_and_zone_names_are_refused() -> None:
    with pytest.raises(WindowError) as err:
        local_window(datetime(1, 1, 1), datetime(1, 1, 2), CHI)
    assert err.value.field == "starts_at"
    with pytest.raises(WindowError):
        local_window(datetime(9999, 12, 31, tzinfo=UTC), datetime(9999, 12, 31, 23,
                                                                   tzinfo=UTC), CHI)
    for name in ("America", "America/", "../etc/passwd", "x" * 300):
        with pytest.raises(WindowError) as err:
            local_window(datetime(2025, 1, 1), datetime(2025, 1, 2), name)
        assert err.value.field == "timezone"
