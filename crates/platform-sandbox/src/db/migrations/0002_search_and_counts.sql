-- Fast list queries over large workspaces.
--
-- integrations_fts is a trigram index of integrations.search_text, keyed by
-- the integrations rowid, so a substring search of three or more characters
-- reads only the matching rows. NOTE: the key is the implicit rowid, which
-- VACUUM may renumber; the sandbox never runs VACUUM.
CREATE VIRTUAL TABLE integrations_fts USING fts5(search_text, tokenize = 'trigram');

INSERT INTO integrations_fts (rowid, search_text)
    SELECT rowid, search_text FROM integrations;

CREATE TRIGGER integrations_fts_insert AFTER INSERT ON integrations BEGIN
    INSERT INTO integrations_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;

CREATE TRIGGER integrations_fts_update AFTER UPDATE OF search_text ON integrations BEGIN
    UPDATE integrations_fts SET search_text = new.search_text WHERE rowid = new.rowid;
END;

-- Active integrations per workspace, so an unfiltered list gets its total
-- without counting rows.
CREATE TABLE integration_counts (
    workspace_id TEXT PRIMARY KEY,
    active       INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO integration_counts (workspace_id, active)
    SELECT workspace_id, COUNT(*) FROM integrations WHERE is_active = 1 GROUP BY workspace_id;

CREATE TRIGGER integration_counts_insert AFTER INSERT ON integrations WHEN new.is_active = 1 BEGIN
    INSERT INTO integration_counts (workspace_id, active) VALUES (new.workspace_id, 1)
        ON CONFLICT (workspace_id) DO UPDATE SET active = active + 1;
END;

CREATE TRIGGER integration_counts_deactivate AFTER UPDATE OF is_active ON integrations
    WHEN old.is_active = 1 AND new.is_active = 0 BEGIN
    UPDATE integration_counts SET active = active - 1 WHERE workspace_id = new.workspace_id;
END;
