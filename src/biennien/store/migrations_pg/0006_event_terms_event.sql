-- Events' postings by event: merging two events moves the absorbed one's postings, which
-- without this index meant reading every posting of the store.
CREATE INDEX event_terms_event ON event_terms (event_id);
