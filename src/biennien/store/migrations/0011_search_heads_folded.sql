-- A search head keeps its text folded too (lower case, no diacritics, one character for one:
-- biennien.text.fold), so that a search finds the words of its hits' snippets without folding
-- their heads again each time. Filled here for the heads there are; articles stored later get
-- theirs as they are stored (a head left without one is folded when it is shown).
ALTER TABLE search_heads ADD COLUMN folded TEXT;
UPDATE search_heads SET folded = bn_fold(head)
