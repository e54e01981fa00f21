"""pilot2prod: take a team from an AI pilot to a production plan."""

__version__ = "0.1.0"
