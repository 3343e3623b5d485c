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
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    vector      TEXT NOT NULL DEFAULT '{}',  -- JSON: the sum of its articles' term vectors
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
    vector      TEXT NOT NULL DEFAULT '{}',  -- JSON: the sum of its articles' unit TF-IDF vectors
    vector_n    INTEGER NOT NULL DEFAULT 0,  -- documents counted when those were weighed
    merged_into TEXT
);
CREATE INDEX events_story ON events (story_id);

CREATE TABLE event_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    event_id   TEXT NOT NULL
);
CREATE INDEX event_articles_event ON event_articles (event_id);

-- Each article's strongest terms with their (sublinear) frequencies, weighed when compared.
CREATE TABLE article_vectors (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    vector     TEXT NOT NULL
) WITHOUT ROWID;

-- Postings: which events and stories hold a term among their articles' strongest terms
-- (used to find candidates; the scores come from the vectors).
CREATE TABLE event_terms (
    term     TEXT NOT NULL,
    event_id TEXT NOT NULL,
    PRIMARY KEY (term, event_id)
) WITHOUT ROWID;

CREATE TABLE story_terms (
    term     TEXT NOT NULL,
    story_id TEXT NOT NULL,
    PRIMARY KEY (term, story_id)
) WITHOUT ROWID;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
