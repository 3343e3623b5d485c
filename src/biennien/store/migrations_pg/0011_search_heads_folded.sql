-- The SQLite store's search heads keep their text folded too (its migration 0011); the
-- PostgreSQL store keeps no heads, so its schema stays as it was (the version is counted, for
-- the two to keep in step).
SELECT 1
