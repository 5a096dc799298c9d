"""GB/T 2260 administrative divisions of China (provinces, cities, districts); pure Python."""

from talentbridge.core.regions.table import (
    Level,
    Region,
    all_regions,
    ancestors,
    children,
    city_of,
    find_by_name,
    get,
    municipality_city,
    province_of,
    short_name,
)

__all__ = [
    "Level",
    "Region",
    "all_regions",
    "ancestors",
    "children",
    "city_of",
    "find_by_name",
    "get",
    "municipality_city",
    "province_of",
    "short_name",
]
