"""The warehouse's command line, engine plumbing and serving layer."""
