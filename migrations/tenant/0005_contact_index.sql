-- The contact index: one FTS5 document of tokens per live contact, built by
-- src/domain/audience/contact-index.ts (facts for segments and filters, words for search).
-- Contentless (the contacts table holds the data) with row deletes allowed.
CREATE VIRTUAL TABLE `contact_index` USING fts5(doc, content='', contentless_delete=1, detail=none, tokenize='ascii', prefix='3');
