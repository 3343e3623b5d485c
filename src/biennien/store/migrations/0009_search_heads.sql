-- What a search hit shows of each article's text, kept apart for speed: the first HEAD_CHARS
-- characters of the text after the title (biennien.store.sqlite), and whether that is all of
-- it. Derived data: filled as articles are stored, and for older articles the next time the
-- store is opened for writing; a hit without one is read from its sentences.
CREATE TABLE IF NOT EXISTS search_heads (
    seq   INTEGER PRIMARY KEY,
    head  TEXT NOT NULL,
    whole INTEGER NOT NULL
);
