-- Full-text search moves out of SQLite into a tantivy index beside the store file
-- (biennien.store.textindex), built from the stored sentences the next time the store is
-- opened for writing.
DROP TABLE IF EXISTS search;
