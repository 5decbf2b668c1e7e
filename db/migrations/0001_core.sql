-- Core. The runner also creates the extension before the first file, because the pool can only
-- register pgvector's types once it exists; this records that the schema depends on it.
CREATE EXTENSION IF NOT EXISTS vector;
