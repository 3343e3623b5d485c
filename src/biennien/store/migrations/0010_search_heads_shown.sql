-- A search head now carries what its hit shows of the article (id, title, date, outlet) beside
-- the first characters of its text: one lookup by seq a hit, in a table small enough to stay
-- in memory (a hit had needed three: the article's id, its row, its head). Copied from the
-- heads and articles there are; articles are never changed once stored.
CREATE TABLE search_heads_shown (
    seq       INTEGER PRIMARY KEY,
    id        TEXT NOT NULL,
    title     TEXT,
    published TEXT,
    outlet    TEXT,
    head      TEXT NOT NULL,
    whole     INTEGER NOT NULL
);
INSERT INTO search_heads_shown (seq, id, title, published, outlet, head, whole)
    SELECT h.seq, a.id, a.title, a.published, a.outlet, h.head, h.whole
    FROM search_heads h JOIN articles a ON a.seq = h.seq;
DROP TABLE search_heads;
ALTER TABLE search_heads_shown RENAME TO search_heads
