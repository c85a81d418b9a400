"""Views of the questionnaires app."""
