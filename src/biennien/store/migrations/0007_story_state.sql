-- What linking keeps of each story so that placing an article reads one row: the span of its
-- events' publication dates (as MIN/MAX over its events, absorbed ones included) and its
-- TF-IDF weights with the number of documents counted when they were weighed.
ALTER TABLE stories ADD COLUMN first_published TEXT;
ALTER TABLE stories ADD COLUMN last_published TEXT;
ALTER TABLE stories ADD COLUMN weighed TEXT;
ALTER TABLE stories ADD COLUMN weighed_n INTEGER NOT NULL DEFAULT 0;
UPDATE stories SET
    first_published = (SELECT MIN(e.first_published) FROM events e WHERE e.story_id = stories.id),
    last_published = (SELECT MAX(e.last_published) FROM events e WHERE e.story_id = stories.id);
-- Merging events moves an event's postings: found by event, not by term.
CREATE INDEX event_terms_event ON event_terms (event_id);
