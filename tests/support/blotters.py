"""Police blotters and a weather round-up written here: items of one sentence frame whose slots
draw on a few values each (docs/dedup.md, "Blotters: a veto on the skeleton")."""

INCIDENTS = [
    "a stolen bicycle",
    "a shop theft",
    "a broken window",
    "a noisy party",
    "a lost wallet",
    "a van fire",
]
PLACES = ["Harbour Road", "Elm Close", "Market Square", "Quarry Lane", "Bridge Street"]
TOWNS = ["Oakham", "Redford", "Linwood", "Marsh End"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def item(i: int) -> str:
    """Item ``i`` of the blotter: the frame with the ``i``-th mix of its slot values."""
    return (
        f"Officers attended {INCIDENTS[i % 6]} at {PLACES[(i * 7) % 5]} in "
        f"{TOWNS[(i * 3) % 4]} on {DAYS[(i * 5) % 6]} evening; anyone with information is "
        "asked to call the station on 101."
    )


def blotter(ids) -> str:
    """A blotter of the items ``ids``, in that order."""
    return " ".join(item(i) for i in ids)


# Two weeks' blotters sharing six items, the other six of each their own.
WEEK_ONE = blotter(range(12))
WEEK_TWO = blotter([*range(6), *range(12, 18)])
# A plain copy of week one: republished with a line before it.
WEEK_ONE_COPY = "From the station's weekly log. " + WEEK_ONE

COMPASS = ["North", "South", "East", "West", "Central"]
AREAS = ["Oakham", "Redford", "Linwood", "Marsh End", "Kelby", "Dunmore", "Ashby", "Fenwick",
         "Holt", "Carrow", "Brayton"]  # fmt: skip


def weather_item(i: int) -> str:
    """Item ``i`` of the regional weather round-up."""
    return (
        f"{COMPASS[i % 5]} {AREAS[(i * 3) % 11]}: a high of {10 + (i * 7) % 19} degrees at "
        f"{1 + i % 4} pm and a low of {(i * 5) % 9} degrees, with a chance of showers in the "
        "afternoon and light winds from the west."
    )


# A round-up of 30 areas and its teaser, the first 8 (a feed summary): a copy, though the
# values the teaser has once the page repeats.
WEATHER_PAGE = " ".join(weather_item(i) for i in range(30))
WEATHER_TEASER = " ".join(weather_item(i) for i in range(8))
