-- Story views built ahead (see biennien.story.stored): what a story's page and API record show,
-- as JSON, and the page itself as HTML (NULL when not rendered), with the stamp of what they
-- were built from (the story's events and articles, and the code, data and templates); a view
-- whose stamp no longer matches is built again. Only a cache: writing it is not a store change.
CREATE TABLE story_views (
    story_id TEXT PRIMARY KEY,
    stamp    TEXT NOT NULL,
    articles INTEGER NOT NULL,
    data     TEXT NOT NULL,
    html     TEXT
);
