-- Mentions of people, places, organisations (and other names) in each sentence.
CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    sentence   INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    type       TEXT NOT NULL,
    name       TEXT NOT NULL,
    entity     TEXT NOT NULL,
    PRIMARY KEY (article_id, sentence, start)
);
CREATE INDEX mentions_entity ON mentions (entity);
