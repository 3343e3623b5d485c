-- Mentions of people, places, organisations (and other names) in each sentence.
CREATE TABLE mentions (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    sentence   INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT COLLATE "C" NOT NULL,
    type       TEXT COLLATE "C" NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    entity     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (article_id, sentence, start)
);
CREATE INDEX mentions_entity ON mentions (entity);
