-- Retrieval (owner: retrieval). A source is one knowledge-base article or one offer; its chunks
-- carry copies of the source's filter fields so both halves of the hybrid query filter on the
-- chunk row itself (an HNSW iterative scan can then keep going until k rows pass the filter).
CREATE TABLE retrieval_sources (
    key          text PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('kb', 'offer')),
    slug         text NOT NULL DEFAULT '',
    offer_id     bigint NOT NULL DEFAULT 0,
    title        text NOT NULL,
    body         text NOT NULL,
    product_type text NOT NULL DEFAULT '',
    regions      text[] NOT NULL DEFAULT '{}',
    partner_id   bigint NOT NULL DEFAULT 0,
    active       boolean NOT NULL DEFAULT true,
    -- sha256 of title and body: an unchanged text keeps its chunks and vectors.
    content_hash text NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX retrieval_sources_slug_key ON retrieval_sources (slug) WHERE kind = 'kb';

CREATE TABLE retrieval_chunks (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_key   text NOT NULL REFERENCES retrieval_sources (key) ON DELETE CASCADE,
    ord          integer NOT NULL,
    kind         text NOT NULL,
    slug         text NOT NULL DEFAULT '',
    offer_id     bigint NOT NULL DEFAULT 0,
    product_type text NOT NULL DEFAULT '',
    regions      text[] NOT NULL DEFAULT '{}',
    partner_id   bigint NOT NULL DEFAULT 0,
    active       boolean NOT NULL DEFAULT true,
    title        text NOT NULL,
    heading      text NOT NULL DEFAULT '',
    body         text NOT NULL,
    -- The model that made embedding, and the index generation it was made in; reindex bumps
    -- the generation and re-embeds every chunk of an older one, so an interrupted run resumes.
    model        text NOT NULL,
    generation   bigint NOT NULL DEFAULT 0,
    -- The dimension is the default EMBEDDINGS_DIM; reindex alters it when the configured
    -- embedder has another.
    embedding    vector(384),
    tsv          tsvector GENERATED ALWAYS AS (
                     setweight(to_tsvector('english', title || ' ' || heading), 'A') ||
                     setweight(to_tsvector('english', body), 'B')) STORED,
    UNIQUE (source_key, ord)
);
CREATE INDEX retrieval_chunks_embedding_idx ON retrieval_chunks USING hnsw (embedding vector_cosine_ops);
CREATE INDEX retrieval_chunks_tsv_idx ON retrieval_chunks USING gin (tsv);

-- One row: the model and dimension every stored vector was made with, and the generation.
CREATE TABLE retrieval_state (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    model       text NOT NULL,
    dim         integer NOT NULL,
    generation  bigint NOT NULL DEFAULT 1,
    -- true while a reindex to (model, dim, generation) has not finished.
    reindexing  boolean NOT NULL DEFAULT false,
    -- how many chunks the local embedder's vocabulary was learned from (0: no vocabulary).
    vocab_docs  integer NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The local embedder's vocabulary: document frequencies learned from the corpus at index
-- time, so a query embeds exactly as the chunks did, also after a restart.
CREATE TABLE retrieval_vocabulary (
    term text PRIMARY KEY,
    df   integer NOT NULL CHECK (df > 0)
);
