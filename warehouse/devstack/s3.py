"""An S3-protocol server on 127.0.0.1 for the lake on object storage: moto's server mode.

moto (a dev dependency, installed by ``make``) answers the S3 API from memory, so the
lake's ``s3://`` path runs end to end without a cloud account: dlt and fsspec write and
read through s3fs, Trino through its native S3 file system, all against this endpoint.
It runs as its own process (``python -m moto.server``), as a real server would, and
its data lives until ``stop()``.

``env()`` is what points every client at it, in the variables the AWS SDKs read
(``AWS_ENDPOINT_URL`` included, which botocore honours); the Trino lake catalog takes
the same values (``warehouse.devstack.trino.config``).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import IO, Self

from warehouse.core.loopback import HOST, free_port

REGION = "us-east-1"
# moto accepts any key pair; these name the fake for what it is.
ACCESS_KEY = "loopback-access-key"
SECRET_KEY = "loopback-secret-key"
START_TIMEOUT_S = 30.0


class S3Unavailable(RuntimeError):
    """moto is not installed, or its server did not come up."""


@dataclass
class LoopbackS3:
    port: int = field(default_factory=free_port)
    _process: subprocess.Popen | None = None
    # The server logs every request: to a file, since a pipe nobody reads would fill and
    # stall it.
    _log: IO[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://{HOST}:{self.port}"

    def env(self) -> dict[str, str]:
        return {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
        }

    def start(self) -> Self:
        try:
            import moto.server  # noqa: F401
        except ImportError as error:
            raise S3Unavailable(
                "moto is not installed: run `make` (it installs the dev dependencies, "
                "moto[server] among them)"
            ) from error
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
        self._process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", HOST, "-p", str(self.port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                self._log.seek(0)
                output = self._log.read().decode(errors="replace")
                self.stop()
                raise S3Unavailable(f"moto's server exited at start: {output[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.endpoint}/moto-api/", timeout=2):
                    return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        self.stop()
        raise S3Unavailable(
            f"moto's server did not answer on {self.endpoint} in {START_TIMEOUT_S} s"
        )

    def create_bucket(self, name: str) -> str:
        """Create bucket ``name``; returns ``s3://name``."""
        import boto3

        client = boto3.client("s3", **self._client_options())
        client.create_bucket(Bucket=name)
        return f"s3://{name}"

    def _client_options(self) -> dict[str, str]:
        return {
            "endpoint_url": self.endpoint,
            "aws_access_key_id": ACCESS_KEY,
            "aws_secret_access_key": SECRET_KEY,
            "region_name": REGION,
        }

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
