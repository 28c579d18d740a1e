-- Identifiers are lowercase hyphenated UUID text; times are microseconds
-- since the Unix epoch (UTC).

CREATE TABLE workspaces (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    entity_id    TEXT NOT NULL,
    name         TEXT,
    role         TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    -- SHA-256 of the whole key text.
    secret_hash  BLOB NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked_at   INTEGER
);

CREATE TABLE services (
    id                 TEXT PRIMARY KEY,
    workspace_id       TEXT NOT NULL REFERENCES workspaces (id),
    name               TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    is_active          INTEGER NOT NULL DEFAULT 1,
    channel_type       TEXT NOT NULL DEFAULT 'voice',
    environment        TEXT NOT NULL DEFAULT 'production',
    agent_id           TEXT NOT NULL,
    agent_name         TEXT,
    context_graph_id   TEXT NOT NULL,
    context_graph_name TEXT,
    -- JSON arrays.
    keyterms           TEXT NOT NULL DEFAULT '[]',
    tags               TEXT NOT NULL DEFAULT '[]',
    tool_capacity      INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    -- Lowercased name and description, for case-insensitive search.
    search_text        TEXT NOT NULL
);

CREATE INDEX services_by_name ON services (workspace_id, name, id);
CREATE INDEX services_by_created_at ON services (workspace_id, created_at, id);
CREATE INDEX services_by_updated_at ON services (workspace_id, updated_at, id);

CREATE TABLE integrations (
    id                       TEXT PRIMARY KEY,
    workspace_id             TEXT NOT NULL REFERENCES workspaces (id),
    name                     TEXT NOT NULL,
    display_name             TEXT NOT NULL,
    description              TEXT,
    is_active                INTEGER NOT NULL DEFAULT 1,
    created_by_entity_id     TEXT NOT NULL,
    created_by_credential_id TEXT,
    created_at               INTEGER NOT NULL,
    updated_at               INTEGER NOT NULL,
    -- Lowercased name, display name and description joined by U+001F, so
    -- a search is one substring test on one column.
    search_text              TEXT NOT NULL
);

-- A name is unique among the active integrations of a workspace only, so a
-- deleted integration's name can be used again.
CREATE UNIQUE INDEX integrations_active_name
    ON integrations (workspace_id, name) WHERE is_active = 1;
CREATE INDEX integrations_by_name
    ON integrations (workspace_id, name, id) WHERE is_active = 1;
CREATE INDEX integrations_by_display_name
    ON integrations (workspace_id, display_name, id) WHERE is_active = 1;
CREATE INDEX integrations_by_created_at
    ON integrations (workspace_id, created_at, id) WHERE is_active = 1;
CREATE INDEX integrations_by_updated_at
    ON integrations (workspace_id, updated_at, id) WHERE is_active = 1;

CREATE TABLE credentials (
    id             TEXT PRIMARY KEY,
    workspace_id   TEXT NOT NULL REFERENCES workspaces (id),
    integration_id TEXT NOT NULL REFERENCES integrations (id),
    client_id      TEXT NOT NULL UNIQUE,
    -- SHA-256 of the current client secret.
    secret_hash    BLOB NOT NULL,
    -- JSON array of service ids, in the order given at creation.
    service_ids    TEXT NOT NULL,
    name           TEXT,
    is_active      INTEGER NOT NULL DEFAULT 1,
    expires_at     INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    rotated_at     INTEGER,
    revoked_at     INTEGER
);

CREATE INDEX credentials_by_integration ON credentials (integration_id, created_at, id);
