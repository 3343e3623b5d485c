-- The SQLite store keeps what a search hit shows of each text in a table of its own (its
-- migration 0009); the PostgreSQL store reads it from the sentences, so its schema stays as
-- it was (the version is counted, for the two to keep in step).
SELECT 1
