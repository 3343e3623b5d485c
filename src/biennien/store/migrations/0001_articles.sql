-- Articles, where they came from, their sentences, and what cleaning removed.
CREATE TABLE articles (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    title       TEXT,
    published   TEXT,
    outlet      TEXT,
    author      TEXT,
    category    TEXT,
    url         TEXT,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles (published);

CREATE TABLE sources (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    source     TEXT NOT NULL,
    added_at   TEXT NOT NULL,
    PRIMARY KEY (article_id, source)
);
CREATE INDEX sources_source ON sources (source);

CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('title', 'lead', 'body', 'caption')),
    paragraph  INTEGER NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE removed (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);
