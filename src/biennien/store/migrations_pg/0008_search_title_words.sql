-- Search ranks as the SQLite store's tantivy index does, title and text apart: each article's
-- number of title words (the positions at weight A) beside ntok, the words of both.
ALTER TABLE search ADD COLUMN ntitle INTEGER NOT NULL DEFAULT 0;
UPDATE search SET ntitle = (SELECT COUNT(*) FROM unnest(tsv) u, unnest(u.weights) w WHERE w = 'A');
