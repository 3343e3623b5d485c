-- Linking: document frequencies, sentence fingerprints for reuse, events and stories.
CREATE TABLE doc_freq (
    term TEXT PRIMARY KEY,
    n    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE sentence_hashes (
    hash       TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    sentence   INTEGER NOT NULL,
    PRIMARY KEY (hash, article_id, sentence)
) WITHOUT ROWID;
CREATE INDEX sentence_hashes_article ON sentence_hashes (article_id);

CREATE TABLE stories (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    merged_into TEXT
);

CREATE TABLE events (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    story_id    TEXT NOT NULL,
    focus_date  TEXT,
    first_published TEXT,
    last_published  TEXT,
    size        INTEGER NOT NULL DEFAULT 0,
    merged_into TEXT
);
CREATE INDEX events_story ON events (story_id);

CREATE TABLE event_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    event_id   TEXT NOT NULL
);
CREATE INDEX event_articles_event ON event_articles (event_id);

-- The sum of the member articles' term vectors, truncated to the strongest terms.
CREATE TABLE event_terms (
    event_id TEXT NOT NULL,
    term     TEXT NOT NULL,
    weight   REAL NOT NULL,
    PRIMARY KEY (event_id, term)
) WITHOUT ROWID;
CREATE INDEX event_terms_term ON event_terms (term);

CREATE TABLE story_terms (
    story_id TEXT NOT NULL,
    term     TEXT NOT NULL,
    weight   REAL NOT NULL,
    PRIMARY KEY (story_id, term)
) WITHOUT ROWID;
CREATE INDEX story_terms_term ON story_terms (term);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
