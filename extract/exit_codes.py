"""The exit codes of every ``warehouse extract`` and ``warehouse postings`` command.

One table for all sources (README, "Exit codes"); a source never invents its own number.
When several things go wrong in one run, the first one's code is the run's.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    # The run did not load everything it should have: a file refused, a dlt step failed,
    # an API fault that retries did not cure, a landing zone with nothing in it.
    FAILED = 1
    # Click's own code for a wrong option or argument; nothing was loaded.
    USAGE = 2
    # The site blocked the scraper (captcha, "Just a moment...", 403/429); what was
    # fetched before is kept and loaded, and the next run resumes.
    BLOCKED = 3
    # A page matched no known layout; the message names the file.
    UNPARSEABLE = 4
