"""Singer tap for the randomuser.me API."""
