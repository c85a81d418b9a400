"""Views of the roadmaps app."""
