"""Cleaning: Unicode and tone-mark normalisation, boilerplate, captions, leads, sentences."""
