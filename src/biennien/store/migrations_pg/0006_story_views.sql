-- Story pages' data built ahead (see biennien.story.stored): one JSON document a story, with
-- the stamp of what it was built from (the story's events and articles, and the code); a view
-- whose stamp no longer matches is rebuilt. Only a cache: writing it is not a store change.
CREATE TABLE story_views (
    story_id TEXT COLLATE "C" PRIMARY KEY,
    stamp    TEXT COLLATE "C" NOT NULL,
    articles INTEGER NOT NULL,
    data     TEXT NOT NULL
);
