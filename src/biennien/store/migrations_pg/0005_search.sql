-- Full-text search: each article's folded title and text (see biennien.text.fold), cut into the
-- words SQLite's unicode61 tokenizer finds, as a tsvector: title words at weight A, text words
-- at weight D, one position a word, with a gap between title and text so that no phrase spans
-- both. ntok counts every word (positions stop at 16383), for the BM25 ranking.
-- (A PostgreSQL store starts at this version: there are no older rows to index.)
CREATE TABLE search (
    seq  BIGINT PRIMARY KEY REFERENCES articles (seq) ON DELETE CASCADE,
    tsv  TSVECTOR NOT NULL,
    ntok INTEGER NOT NULL
);
CREATE INDEX search_tsv ON search USING GIN (tsv);
