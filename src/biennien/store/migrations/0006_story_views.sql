-- Story views built ahead (see biennien.story.stored): what a story's page and API record show,
-- as JSON, and the page itself as HTML (NULL when not rendered), with the stamp of what they
-- were built from (the story's events and articles, and the code, data and templates); a view
-- whose stamp no longer matches is built again; checked: the store's version (articles and
-- commits, see SQLiteStore.version) when the stamp was last found current: while the store is
-- still at that version, it need not be checked again. Only a cache: not a store change.
CREATE TABLE story_views (
    story_id TEXT PRIMARY KEY,
    stamp    TEXT NOT NULL,
    articles INTEGER NOT NULL,
    data     TEXT NOT NULL,
    html     TEXT,
    checked  TEXT
);
