-- Sessions and login throttling (owner: web). A session row holds only the SHA-256 of the
-- token the cookie carries, so a copy of this table signs nobody in.
CREATE TABLE sessions (
    token_hash   bytea PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    user_agent   text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- Failed sign-ins per key ('account:<email>' or 'ip:<address>') in a fixed window. Kept in
-- the database so every instance behind a load balancer counts the same attempts.
CREATE TABLE login_throttle (
    key          text PRIMARY KEY,
    failures     integer NOT NULL DEFAULT 0,
    window_start timestamptz NOT NULL DEFAULT now()
);
