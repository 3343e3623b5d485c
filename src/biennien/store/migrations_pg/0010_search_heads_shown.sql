-- The SQLite store's search heads carry more (its migration 0010); the PostgreSQL store keeps
-- none, so its schema stays as it was (the version is counted, for the two to keep in step).
SELECT 1
