"""The tap: settings and its single stream."""

from __future__ import annotations

from singer_sdk import Stream, Tap
from singer_sdk import typing as th

from tap_randomuser.streams import UsersStream


class TapRandomUser(Tap):
    """Random users from the randomuser.me API, without credentials."""

    name = "tap-randomuser"

    config_jsonschema = th.PropertiesList(
        th.Property(
            "base_url",
            th.StringType,
            default="https://randomuser.me",
            description="API root; point it at a local server for tests.",
        ),
        th.Property(
            "seed", th.StringType, default="singer", description="API seed for every page."
        ),
        th.Property(
            "results_per_page",
            th.IntegerType,
            default=100,
            description="Users per page, 1..5000.",
        ),
        th.Property("pages", th.IntegerType, default=1, description="Pages per sync."),
        th.Property(
            "start_page",
            th.IntegerType,
            default=1,
            description="First page when the state has no bookmark.",
        ),
        th.Property(
            "nationalities",
            th.ArrayType(th.StringType),
            description="Nationality codes to ask for, e.g. CH, FR; default all.",
        ),
        th.Property("max_attempts", th.IntegerType, default=5, description="Tries per request."),
        th.Property(
            "backoff_factor",
            # A number, or its text: Meltano passes settings of kind "string" as text.
            th.CustomType({"type": ["number", "string"]}),
            default=1.0,
            description="Exponential back-off base in seconds.",
        ),
        th.Property(
            "request_timeout", th.IntegerType, default=60, description="Seconds per request."
        ),
    ).to_dict()

    def discover_streams(self) -> list[Stream]:
        return [UsersStream(self)]


if __name__ == "__main__":
    TapRandomUser.cli()
