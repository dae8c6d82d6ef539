"""Job postings: a Selenium scraper for Indeed-style boards and a Greenhouse API source.

Pages are stored untouched in a landing zone before they are parsed, so parsing can be
re-run (``warehouse postings reparse``) without fetching anything again; parsed postings
are merged by dlt into ``raw_postings.job_postings``.
"""

# Names the pipeline (postings_<destination>), the dataset (raw_postings) and the recorded runs.
SOURCE = "postings"
