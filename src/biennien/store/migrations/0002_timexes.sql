-- Time expressions of each sentence, with their TIMEX3 values.
CREATE TABLE timexes (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    sentence   INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    type       TEXT NOT NULL,
    value      TEXT NOT NULL,
    mod        TEXT,
    PRIMARY KEY (article_id, sentence, start)
);
CREATE INDEX timexes_value ON timexes (value);
