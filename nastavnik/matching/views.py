"""Views of the matching app."""
