"""An offline stand-in for the randomuser.me API, on 127.0.0.1.

It answers ``GET /api/1.4/`` (and ``/api/``) in the API's JSON shape and follows the
API's documented rules: ``results`` 1..5000 with anything invalid falling back to 1
and ``results=0`` giving an empty list, 1-based ``page``, pages deterministic per
(seed, page, version), ``seed``/``inc``/``exc``/``nat`` honoured, ``gender`` ignored
when a seed is given, ages computed on the day of the request.

A fault script makes it misbehave on purpose, like the real API does on bad days:
HTTP 429 or 5xx with an ``{"error": ...}`` body, an error body with status 200, the
degraded empty page (seed ``d3adb33f``), slow answers, an HTML page or cut-off JSON
instead of users, and pages with one odd user (see ``RECORD_FAULTS``). ``python -m
extract.randomuser.offline.server --port 8765 --fault 500@2x3`` serves one by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from extract.randomuser.api import (
    ALL_FIELDS,
    API_VERSION,
    DEGRADED_SEED,
    MAX_RESULTS_PER_PAGE,
)
from extract.randomuser.offline.people import (
    NATIONALITIES,
    NATIONALITIES_BY_CODE,
    PASSWORDS,
    TIMEZONES,
    USERNAME_WORDS,
    Nationality,
)
from warehouse.core.loopback import LoopbackServer, QuietHandler

OUTAGE_MESSAGE = (
    "Uh oh, something has gone wrong. Please tweet us @randomapi about the issue. Thank you."
)
RATE_LIMIT_MESSAGE = "Whoa, slow down there! You've requested too many users in a short time."
# Faults in one user of a page (the one at FAULTY_POSITION, 1-based): no login.uuid,
# fields the allow-list does not know (a top-level password, login.hash), a repeat of
# the previous user's uuid, a latitude that is not a number.
RECORD_FAULTS = ("nouuid", "extra", "dupe", "badcoord")
FAULT_KINDS = ("status", "error", "degraded", "delay", "html", "badjson", *RECORD_FAULTS)
FAULTY_POSITION = 2
HTML_PAGE = (
    "<!doctype html><html><head><title>502 Bad Gateway</title></head>"
    "<body><h1>Bad Gateway</h1><p>The upstream answered nothing.</p></body></html>"
)
SALT_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
PORTRAITS = "https://randomuser.me/api/portraits/"


@dataclass
class Fault:
    """One scripted misbehaviour, used for ``times`` matching requests.

    ``kind``: ``status`` (HTTP ``status`` with an error body), ``error`` (status 200
    with an error body), ``degraded`` (the empty page under seed d3adb33f),
    ``delay`` (answer normally after ``delay_s`` seconds), ``html`` (an HTML page,
    status 200), ``badjson`` (the page cut off mid-JSON) or one of ``RECORD_FAULTS``.
    ``page`` limits it to requests for that page.
    """

    kind: str
    page: int | None = None
    times: int = 1
    status: int = 500
    delay_s: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"fault kind {self.kind!r}: expected one of {', '.join(FAULT_KINDS)}")

    @classmethod
    def parse(cls, spec: str) -> Fault:
        """Parse ``KIND[@PAGE][xTIMES]``: ``429``, ``500@3x3``, ``error@2``, ``delay5@1``."""
        match = re.fullmatch(
            r"(?P<kind>\d{3}|error|degraded|html|badjson|nouuid|extra|dupe|badcoord"
            r"|delay(?P<delay>[\d.]+))"
            r"(?:@(?P<page>\d+))?(?:x(?P<times>\d+))?",
            spec.strip(),
        )
        if not match:
            raise ValueError(
                f"fault {spec!r}: expected KIND[@PAGE][xTIMES] with KIND one of "
                "an HTTP status (429, 500...), error, degraded, delay<seconds>, html, "
                f"badjson, {', '.join(RECORD_FAULTS)}"
            )
        kind = match["kind"]
        page = int(match["page"]) if match["page"] else None
        times = int(match["times"]) if match["times"] else 1
        if kind.isdigit():
            return cls("status", page=page, times=times, status=int(kind))
        if match["delay"]:
            return cls("delay", page=page, times=times, delay_s=float(match["delay"]))
        return cls(kind, page=page, times=times)


@dataclass(frozen=True)
class Request:
    """One request the server answered, for tests to inspect."""

    path: str
    params: dict[str, str]
    status: int
    fault: str | None


@dataclass
class ApiState:
    """What the handler threads share: the fault script and the request log."""

    faults: list[Fault] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_fault(self, page: int) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.times > 0 and fault.page in (None, page):
                    fault.times -= 1
                    return fault
        return None

    def log(self, request: Request) -> None:
        with self.lock:
            self.requests.append(request)


class RandomUserServer(LoopbackServer):
    """The offline API on 127.0.0.1, in a background thread; use as a context manager."""

    def __init__(self, port: int = 0, faults: list[Fault] | None = None) -> None:
        self.state = ApiState(faults=list(faults or []))
        handler = type("Handler", (_Handler,), {"state": self.state})
        super().__init__(handler, port=port, name="randomuser-offline-api")

    @property
    def requests(self) -> list[Request]:
        with self.state.lock:
            return list(self.state.requests)

    def add_faults(self, *faults: Fault) -> None:
        with self.state.lock:
            self.state.faults.extend(faults)


class _Handler(QuietHandler):
    state: ApiState
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        url = urlsplit(self.path)
        params = {key: values[-1] for key, values in parse_qs(url.query).items()}
        if url.path.rstrip("/") not in ("/api", f"/api/{API_VERSION}"):
            message = {"error": f"no such endpoint {url.path!r}; try /api/{API_VERSION}/"}
            self._send(404, json.dumps(message).encode())
            self.state.log(Request(url.path, params, 404, None))
            return
        page = _parse_page(params.get("page"))
        fault = self.state.take_fault(page)
        status, body = 200, None
        if fault is not None and fault.kind == "delay":
            time.sleep(fault.delay_s)
        elif fault is not None and fault.kind == "status":
            message = RATE_LIMIT_MESSAGE if fault.status == 429 else OUTAGE_MESSAGE
            status, body = fault.status, {"error": message}
        elif fault is not None and fault.kind == "error":
            body = {"error": OUTAGE_MESSAGE}
        elif fault is not None and fault.kind == "degraded":
            body = {
                "results": [],
                "info": {"seed": DEGRADED_SEED, "results": 0, "page": page, "version": "1.4"},
            }
        if body is None:
            body = build_page(params, today=datetime.now(UTC).date())
            if fault is not None and fault.kind in RECORD_FAULTS:
                spoil_user(body["results"], fault.kind)
        self.state.log(Request(url.path, params, status, fault.kind if fault else None))
        if fault is not None and fault.kind == "html":
            self._send(status, HTML_PAGE.encode(), "text/html; charset=utf-8")
            return
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        if fault is not None and fault.kind == "badjson":
            data = data[: len(data) // 2]  # a connection cut mid-page, users half sent
        self._send(status, data)

    def _send(
        self, status: int, data: bytes, content_type: str = "application/json; charset=utf-8"
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if status == 429:
            self.send_header("Retry-After", "1")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server API
        """Quiet: tests read ``RandomUserServer.requests`` instead."""


def _parse_page(raw: str | None) -> int:
    try:
        page = int(raw) if raw is not None else 1
    except ValueError:
        return 1
    return page if page >= 1 else 1


def _parse_results(raw: str | None) -> int:
    if raw is None:
        return 1
    try:
        results = int(raw)
    except ValueError:
        return 1
    if results == 0:
        return 0
    return results if 1 <= results <= MAX_RESULTS_PER_PAGE else 1


def _field_list(raw: str | None) -> set[str]:
    return {part.strip().lower() for part in (raw or "").split(",") if part.strip()}


def build_page(params: dict[str, str], today: date) -> dict[str, Any]:
    """The API's answer to one request's parameters."""
    results = _parse_results(params.get("results"))
    page = _parse_page(params.get("page"))
    seed = params.get("seed") or secrets.token_hex(8)
    wanted_nats = [
        NATIONALITIES_BY_CODE[code]
        for code in (part.upper() for part in _field_list(params.get("nat")))
        if code in NATIONALITIES_BY_CODE
    ] or list(NATIONALITIES)
    gender = params.get("gender") if "seed" not in params else None
    fields = [f for f in ALL_FIELDS if f in _field_list(params.get("inc"))] or list(ALL_FIELDS)
    excluded = _field_list(params.get("exc"))
    fields = [f for f in fields if f not in excluded]
    users = []
    for index in range(results):
        user = make_user(seed, page, index, wanted_nats, gender, today)
        users.append({key: user[key] for key in fields})
    body: dict[str, Any] = {"results": users}
    if "noinfo" not in params:
        body["info"] = {"seed": seed, "results": results, "page": page, "version": API_VERSION}
    return body


def spoil_user(users: list[dict[str, Any]], kind: str) -> None:
    """Give the user at ``FAULTY_POSITION`` (or the only one) the record fault ``kind``."""
    if not users:
        return
    index = min(FAULTY_POSITION, len(users)) - 1
    user = users[index]
    if kind == "nouuid" and isinstance(user.get("login"), dict):
        user["login"].pop("uuid", None)
    elif kind == "extra":
        login = user.get("login") or {}
        user["password"] = login.get("password", "hunter2")
        if isinstance(user.get("login"), dict):
            user["login"]["hash"] = login.get("sha256", "")
    elif kind == "dupe" and index > 0:
        users[index] = json.loads(json.dumps(users[index - 1]))
    elif kind == "badcoord" and isinstance(user.get("location"), dict):
        user["location"]["coordinates"]["latitude"] = "forty-seven north"


def make_user(
    seed: str,
    page: int,
    index: int,
    nationalities: list[Nationality],
    gender: str | None,
    today: date,
) -> dict[str, Any]:
    """User ``index`` of ``page`` for ``seed``: the same inputs give the same user."""
    digest = hashlib.sha256(f"{API_VERSION}|{seed}|{page}|{index}".encode()).digest()
    rng = random.Random(digest)
    nat = rng.choice(nationalities)
    sex = gender if gender in ("male", "female") else rng.choice(("male", "female"))
    first, first_ascii = rng.choice(nat.male_names if sex == "male" else nat.female_names)
    last, last_ascii = rng.choice(nat.last_names)
    title = rng.choice(nat.titles_male if sex == "male" else nat.titles_female)
    city, state = rng.choice(nat.cities)
    offset, tz_description = rng.choice(TIMEZONES)
    born = _random_instant(
        rng, datetime(1945, 1, 1, tzinfo=UTC), datetime(2003, 12, 31, tzinfo=UTC)
    )
    registered = _random_instant(
        rng, datetime(2002, 1, 1, tzinfo=UTC), datetime(2022, 12, 31, tzinfo=UTC)
    )
    password = rng.choice(PASSWORDS)
    salt = "".join(rng.choice(SALT_ALPHABET) for _ in range(8))
    salted = (password + salt).encode()
    portrait = rng.randint(0, 99)
    postcode_pattern = nat.postcode.removeprefix("int:")
    postcode: int | str = _fill(rng, postcode_pattern)
    if nat.postcode.startswith("int:"):
        postcode = int(postcode)
    return {
        "gender": sex,
        "name": {"title": title, "first": first, "last": last},
        "location": {
            "street": {"number": rng.randint(1, 9999), "name": rng.choice(nat.streets)},
            "city": city,
            "state": state,
            "country": nat.country,
            "postcode": postcode,
            "coordinates": {
                "latitude": f"{rng.uniform(-90, 90):.4f}",
                "longitude": f"{rng.uniform(-180, 180):.4f}",
            },
            "timezone": {"offset": offset, "description": tz_description},
        },
        "email": f"{first_ascii.lower()}.{last_ascii.lower()}@example.com",
        "login": {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "username": rng.choice(USERNAME_WORDS[0])
            + rng.choice(USERNAME_WORDS[1])
            + str(rng.randint(100, 999)),
            "password": password,
            "salt": salt,
            "md5": hashlib.md5(salted).hexdigest(),
            "sha1": hashlib.sha1(salted).hexdigest(),
            "sha256": hashlib.sha256(salted).hexdigest(),
        },
        "dob": {"date": _iso(born), "age": _years_between(born.date(), today)},
        "registered": {"date": _iso(registered), "age": _years_between(registered.date(), today)},
        "phone": _fill(rng, nat.phone),
        "cell": _fill(rng, nat.phone),
        "id": {
            "name": nat.id_name,
            "value": _fill(rng, nat.id_value) if nat.id_value is not None else None,
        },
        "picture": {
            size: f"{PORTRAITS}{folder}{'women' if sex == 'female' else 'men'}/{portrait}.jpg"
            for size, folder in (("large", ""), ("medium", "med/"), ("thumbnail", "thumb/"))
        },
        "nat": nat.code,
    }


def _random_instant(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span_ms = int((end - start).total_seconds() * 1000)
    return start + timedelta(milliseconds=rng.randrange(span_ms))


def _iso(instant: datetime) -> str:
    return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"


def _years_between(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _fill(rng: random.Random, pattern: str) -> str:
    return "".join(
        str(rng.randint(0, 9))
        if char == "9"
        else rng.choice("ABCDEFGHJKLMNPRSTVWXYZ")
        if char == "A"
        else char
        for char in pattern
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        help="KIND[@PAGE][xTIMES], repeatable: 429, 500@3x3, error@2, degraded, delay5@1",
    )
    args = parser.parse_args(argv)
    server = RandomUserServer(port=args.port, faults=[Fault.parse(spec) for spec in args.fault])
    print(f"randomuser offline API on {server.url}{'/api/'}{API_VERSION}/", flush=True)
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()


if __name__ == "__main__":
    main()
