"""Stories as a reader sees them: the timeline of dated happenings and the summary, derived
from the linked articles in the store (rebuilt at any time)."""
