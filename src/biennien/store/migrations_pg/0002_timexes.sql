-- Time expressions of each sentence, with their TIMEX3 values ("end" is quoted: a keyword here).
CREATE TABLE timexes (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    sentence   INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT COLLATE "C" NOT NULL,
    type       TEXT COLLATE "C" NOT NULL,
    value      TEXT COLLATE "C" NOT NULL,
    mod        TEXT COLLATE "C",
    PRIMARY KEY (article_id, sentence, start)
);
CREATE INDEX timexes_value ON timexes (value);
