-- A version per workspace that every change to its integrations increments,
-- so the server can cache search results and know when they are stale.
--
-- Each trigger is an upsert because SQLite does not fix the order in which
-- the triggers of one statement run: whichever of these and the
-- integration_counts triggers runs first creates the workspace's row.
ALTER TABLE integration_counts ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER integration_versions_insert AFTER INSERT ON integrations BEGIN
    INSERT INTO integration_counts (workspace_id, active, version) VALUES (new.workspace_id, 0, 1)
        ON CONFLICT (workspace_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER integration_versions_update AFTER UPDATE ON integrations BEGIN
    INSERT INTO integration_counts (workspace_id, active, version) VALUES (new.workspace_id, 0, 1)
        ON CONFLICT (workspace_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER integration_versions_delete AFTER DELETE ON integrations BEGIN
    UPDATE integration_counts SET version = version + 1 WHERE workspace_id = old.workspace_id;
END;
