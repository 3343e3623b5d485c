"""Showing what the store holds: the command line and the exports."""
