-- Full-text search over folded titles and texts (see biennien.text.fold); rowid = articles.seq.
CREATE VIRTUAL TABLE search USING fts5 (title, body, content = '', tokenize = 'unicode61');
INSERT INTO search (rowid, title, body)
    SELECT a.seq, bn_fold(COALESCE(a.title, '')),
           bn_fold(COALESCE((SELECT group_concat(s.text, ' ') FROM sentences s
                             WHERE s.article_id = a.id AND s.kind != 'title'), ''))
    FROM articles a;
