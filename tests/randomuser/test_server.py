"""The offline server answers like the randomuser.me API (v1.4)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests

from extract.randomuser.api import DEGRADED_SEED
from extract.randomuser.offline.server import Fault, RandomUserServer

REFERENCE = Path(__file__).parent / "fixtures"
REAL_RESPONSE = REFERENCE / "randomuser_v1.4_seed-bba584b30383d320_results1_minified.json"


def get(server: RandomUserServer, **params: Any) -> requests.Response:
    return requests.get(f"{server.url}/api/1.4/", params=params, timeout=10)


def shape(value: Any) -> Any:
    """Keys and JSON types, recursively; postcode and id.value vary in type in the real API."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    return type(value).__name__


def test_a_user_has_the_shape_and_key_order_of_the_real_api(api: RandomUserServer) -> None:
    real = json.loads(REAL_RESPONSE.read_text())
    ours = get(api, results=1, seed="abc").json()

    assert list(ours) == list(real)
    assert list(ours["info"]) == list(real["info"])
    real_user, our_user = real["results"][0], ours["results"][0]
    assert list(our_user) == list(real_user)
    for user in (real_user, our_user):
        user["location"].pop("postcode")
        user["id"].pop("value")
    assert shape(our_user) == shape(real_user)


@pytest.mark.parametrize(
    ("asked", "served"),
    [("7", 7), ("5000", 5000), ("5001", 1), ("-3", 1), ("lots", 1), ("0", 0)],
)
def test_results_follow_the_api_rules(api: RandomUserServer, asked: str, served: int) -> None:
    body = get(api, results=asked, seed="rules").json()

    assert len(body["results"]) == served
    assert body["info"]["results"] == served


def test_pages_are_one_based_and_deterministic_per_seed_and_page(api: RandomUserServer) -> None:
    first = get(api, results=5, seed="s").json()
    page_one = get(api, results=5, seed="s", page=1).json()
    page_two = get(api, results=5, seed="s", page=2).json()
    other_seed = get(api, results=5, seed="t", page=1).json()

    uuids = [[u["login"]["uuid"] for u in body["results"]] for body in (first, page_one)]
    assert first == page_one
    assert uuids[0] != [u["login"]["uuid"] for u in page_two["results"]]
    assert uuids[0] != [u["login"]["uuid"] for u in other_seed["results"]]
    assert page_two["info"] == {"seed": "s", "results": 5, "page": 2, "version": "1.4"}


def test_no_seed_gives_a_fresh_seed_each_time(api: RandomUserServer) -> None:
    seeds = {get(api, results=1).json()["info"]["seed"] for _ in range(3)}

    assert len(seeds) == 3


def test_inc_exc_and_nat_are_honoured(api: RandomUserServer) -> None:
    included = get(api, results=3, seed="f", inc="login,nat").json()["results"]
    excluded = get(api, results=3, seed="f", exc="picture,login").json()["results"]
    swiss = get(api, results=20, seed="f", nat="ch").json()["results"]

    assert all(list(user) == ["login", "nat"] for user in included)
    assert all("picture" not in user and "login" not in user for user in excluded)
    assert {user["nat"] for user in swiss} == {"CH"}
    assert all(isinstance(user["location"]["postcode"], int) for user in swiss)


def test_gender_is_ignored_when_a_seed_is_given(api: RandomUserServer) -> None:
    seeded = get(api, results=30, seed="g", gender="female").json()["results"]
    unseeded = get(api, results=30, gender="female").json()["results"]

    assert {user["gender"] for user in seeded} == {"female", "male"}
    assert {user["gender"] for user in unseeded} == {"female"}


def test_postcodes_are_integers_or_strings_by_nationality(api: RandomUserServer) -> None:
    users = get(api, results=40, seed="p", nat="CA,US").json()["results"]
    types = {user["nat"]: type(user["location"]["postcode"]) for user in users}

    assert types == {"CA": str, "US": int}


def test_credentials_are_served_as_the_real_api_does(api: RandomUserServer) -> None:
    login = get(api, results=1, seed="c").json()["results"][0]["login"]

    assert set(login) == {"uuid", "username", "password", "salt", "md5", "sha1", "sha256"}


def test_faults_follow_the_script_then_stop(api: RandomUserServer) -> None:
    api.add_faults(Fault.parse("429"), Fault.parse("500@2x2"), Fault.parse("error@3"))
    api.add_faults(Fault.parse("degraded@4"))

    statuses = [get(api, results=1, seed="x", page=p).status_code for p in (1, 1, 2, 2, 2)]
    error_body = get(api, results=1, seed="x", page=3)
    degraded = get(api, results=1, seed="x", page=4).json()

    assert statuses == [429, 200, 500, 500, 200]
    assert error_body.status_code == 200 and "error" in error_body.json()
    assert degraded["results"] == [] and degraded["info"]["seed"] == DEGRADED_SEED
    assert get(api, results=1, seed="x", page=4).json()["results"] != []


@pytest.mark.parametrize(
    ("spec", "fault"),
    [
        ("429", Fault("status", status=429)),
        ("500@3x3", Fault("status", page=3, times=3, status=500)),
        ("error@2", Fault("error", page=2)),
        ("degraded", Fault("degraded")),
        ("delay2.5@1x2", Fault("delay", page=1, times=2, delay_s=2.5)),
    ],
)
def test_fault_specs_parse(spec: str, fault: Fault) -> None:
    assert Fault.parse(spec) == fault


def test_a_bad_fault_spec_says_what_is_expected() -> None:
    with pytest.raises(ValueError, match=r"expected KIND\[@PAGE\]\[xTIMES\]"):
        Fault.parse("teapot")
