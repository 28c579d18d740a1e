//! The demo workspace that `serve --demo` writes into an empty database.

use platform_api::{CredentialResponse, IntegrationResponse, Timestamp};
use rusqlite::Connection;
use uuid::Uuid;

use super::seed::{PURPOSES, VENDORS};
use super::services::NewService;
use super::{credentials, integrations, services, workspaces, Db};
use crate::auth::Role;
use crate::error::AppError;
use crate::secrets::{self, Secret};

/// Id of the demo workspace, fixed so scripts can find it.
pub const DEMO_WORKSPACE_ID: Uuid = Uuid::from_u128(0x0d3e_0000_0000_4000_8000_0000_0000_0001);

const DAY: i64 = 86_400;
const INTEGRATION_COUNT: usize = 300;

/// Services: name, description, channel, whether active.
const SERVICES: &[(&str, &str, &str, bool)] = &[
    (
        "Front Desk Voice Line",
        "Answers the main number during opening hours.",
        "voice",
        true,
    ),
    (
        "After-Hours Triage",
        "Takes urgent calls at night and pages the doctor on call.",
        "voice",
        true,
    ),
    (
        "Appointment Scheduling",
        "Books, moves and cancels visits.",
        "voice",
        true,
    ),
    (
        "Billing Questions",
        "Explains statements and takes payments.",
        "voice",
        true,
    ),
    (
        "Prescription Refills",
        "Collects refill requests for the pharmacy team.",
        "voice",
        true,
    ),
    (
        "Lab Results Line",
        "Tells patients when results are ready.",
        "voice",
        true,
    ),
    (
        "Patient Intake (SMS)",
        "Collects intake forms by text message.",
        "text",
        true,
    ),
    (
        "Clinical Scribe",
        "Drafts visit notes from exam-room audio.",
        "scribe",
        true,
    ),
    (
        "Insurance Verification",
        "Checks coverage before visits.",
        "voice",
        true,
    ),
    (
        "Línea en Español",
        "Atención telefónica en español.",
        "voice",
        true,
    ),
    (
        "Legacy IVR",
        "The old phone tree, kept until the migration ends.",
        "voice",
        false,
    ),
    (
        "Post-Discharge Follow-up Pilot",
        "Pilot that called patients after discharge.",
        "voice",
        false,
    ),
];

/// Extra descriptions, some with non-ASCII text, mixed into the generated ones.
const NOTES: &[&str] = &[
    "Owned by the platform team.",
    "Managed by the Montréal office — contact the équipe intégrations.",
    "Übergangslösung bis zur Migration.",
    "Requested by finance; review quarterly.",
    "Uses the vendor's sandbox tenant.",
];

/// A small deterministic generator, so every demo database looks the same.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }
}

/// Writes the demo data when the database has no workspace, then creates a
/// fresh owner key for the demo workspace (or, in a database without it,
/// the oldest workspace). Returns the key.
pub fn prepare(db: &Db) -> Result<Secret, AppError> {
    let now = Timestamp::now();
    let workspace_id = db.write_blocking(|tx| {
        if let Some(existing) = workspaces::oldest(tx)? {
            if workspaces::exists(tx, DEMO_WORKSPACE_ID)? {
                return Ok(DEMO_WORKSPACE_ID);
            }
            return Ok(existing);
        }
        fill(tx, now)?;
        Ok(DEMO_WORKSPACE_ID)
    })?;

    let expires_at = now.plus_seconds(90 * DAY);
    let name = Some("Demo owner".to_owned());
    let (_, key) =
        crate::commands::create_api_key(db, workspace_id, Role::Owner, name, expires_at)?;
    Ok(key)
}

fn fill(conn: &Connection, now: Timestamp) -> Result<(), AppError> {
    workspaces::ensure(conn, DEMO_WORKSPACE_ID, "Demo workspace", now)?;
    let mut sequence = Sequence(7);

    let mut service_ids = Vec::new();
    for (index, (name, description, channel, active)) in SERVICES.iter().enumerate() {
        let id = Uuid::new_v4();
        services::insert(
            conn,
            &NewService {
                id,
                workspace_id: DEMO_WORKSPACE_ID,
                name: (*name).to_owned(),
                description: (*description).to_owned(),
                is_active: *active,
                channel_type: channel,
                environment: if index % 4 == 3 {
                    "sandbox"
                } else {
                    "production"
                },
                agent_name: format!("{name} agent"),
                context_graph_name: format!("{name} flow"),
                keyterms: vec!["appointment".to_owned(), "refill".to_owned()],
                created_at: now.plus_seconds(-((300 - index as i64 * 9) * DAY)),
            },
        )?;
        service_ids.push(id);
    }

    let entity = Uuid::new_v4();
    for index in 0..INTEGRATION_COUNT {
        let (vendor, vendor_name) = VENDORS[index % VENDORS.len()];
        let (purpose, purpose_name, purpose_text) =
            PURPOSES[(index / VENDORS.len() + index) % PURPOSES.len()];
        let region = ["", "-eu", "-us", "-apac"][sequence.next(4) as usize];
        let created = now.plus_seconds(-(sequence.next(270 * DAY as u64) as i64) - DAY);
        let edited = sequence.next(3) == 0;
        let description = match sequence.next(6) {
            0 => None,
            1 => Some(format!("{purpose_text} {}", NOTES[index % NOTES.len()])),
            _ => Some(purpose_text.to_owned()),
        };
        let deleted = index % 50 == 49;
        let integration = IntegrationResponse {
            id: Uuid::new_v4(),
            workspace_id: DEMO_WORKSPACE_ID,
            // Unique: two indexes with one vendor differ by 30k, which changes the
            // purpose unless k is a multiple of 12, past the 300 rows.
            name: format!("{vendor}-{purpose}{region}"),
            display_name: format!("{vendor_name} {purpose_name}{}", region_label(region)),
            description,
            is_active: !deleted,
            created_by_entity_id: entity,
            created_by_credential_id: None,
            created_at: Some(created),
            updated_at: Some(if edited || deleted {
                created.plus_seconds(
                    sequence.next((now.seconds_until(created).unsigned_abs()).max(1)) as i64,
                )
            } else {
                created
            }),
        };
        integrations::insert_row(conn, &integration)?;
        if index < 60 || deleted {
            add_credentials(conn, &integration, &service_ids, now, &mut sequence)?;
        }
    }
    Ok(())
}

/// Picks an instant from `start` up to `end`, or `start` when `end` is not
/// later.
fn between(start: Timestamp, end: Timestamp, sequence: &mut Sequence) -> Timestamp {
    let span = start.seconds_until(end).max(0) as u64;
    start.plus_seconds(sequence.next(span + 1) as i64)
}

fn region_label(region: &str) -> &'static str {
    match region {
        "-eu" => " (EU)",
        "-us" => " (US)",
        "-apac" => " (APAC)",
        _ => "",
    }
}

/// Adds one to three credentials in a spread of states: active, expiring
/// within 7 days, expired, rotated and revoked (all revoked when the
/// integration is deleted).
fn add_credentials(
    conn: &Connection,
    integration: &IntegrationResponse,
    service_ids: &[Uuid],
    now: Timestamp,
    sequence: &mut Sequence,
) -> Result<(), AppError> {
    // Every time lies between the integration's creation and now, or its
    // deletion for a deleted integration, so no credential is issued,
    // rotated, revoked or expired before it exists.
    let created = integration.created_at.unwrap_or(now);
    let end = if integration.is_active {
        now
    } else {
        integration.updated_at.unwrap_or(now)
    };
    let count = 1 + sequence.next(3);
    for number in 0..count {
        let state = sequence.next(5);
        let scoped = 1 + sequence.next(3) as usize;
        let first = sequence.next(service_ids.len() as u64) as usize;
        let ids: Vec<Uuid> = (0..scoped)
            .map(|offset| service_ids[(first + offset) % service_ids.len()])
            .collect();
        let issued = if number == 0 {
            created
        } else {
            between(created, end, sequence)
        };
        let mut credential = CredentialResponse {
            id: Uuid::new_v4(),
            workspace_id: integration.workspace_id,
            integration_id: integration.id,
            client_id: secrets::new_client_id()?,
            service_ids: ids,
            name: Some(["Production", "Staging", "CI pipeline"][number as usize % 3].to_owned()),
            is_active: true,
            expires_at: None,
            created_at: Some(issued),
            updated_at: Some(issued),
            rotated_at: None,
            revoked_at: None,
        };
        match state {
            1 => {
                credential.expires_at =
                    Some(now.plus_seconds(DAY + sequence.next(5 * DAY as u64) as i64))
            }
            2 => credential.expires_at = Some(between(issued, end, sequence)),
            3 => {
                let rotated = between(issued, end, sequence);
                credential.rotated_at = Some(rotated);
                credential.updated_at = Some(rotated);
            }
            4 => {
                let revoked = between(issued, end, sequence);
                credential.is_active = false;
                credential.revoked_at = Some(revoked);
                credential.updated_at = Some(revoked);
            }
            _ => credential.expires_at = Some(now.plus_seconds(180 * DAY)),
        }
        if !integration.is_active && credential.is_active {
            credential.is_active = false;
            credential.revoked_at = Some(end);
            credential.updated_at = Some(end);
        }
        let secret = secrets::new_client_secret()?;
        credentials::insert(conn, &credential, &secret.hash())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Creation time of a credential's integration, then the credential's
    /// creation, rotation, revocation and expiry, in microseconds.
    type CredentialTimes = (i64, i64, Option<i64>, Option<i64>, Option<i64>);

    /// Pins that no demo credential is issued before its integration, or
    /// rotated, revoked or expired before it was issued or after now.
    #[test]
    fn credential_times_follow_their_integration() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = Db::open(&dir.path().join("sandbox.db")).expect("database opens");
        let now = Timestamp::now();
        db.write_blocking(|tx| fill(tx, now))
            .expect("demo data is written");

        let rows: Vec<CredentialTimes> = db
            .read_blocking(|conn| {
                let mut statement = conn.prepare(
                    "SELECT i.created_at, c.created_at, c.rotated_at,
                            c.revoked_at, c.expires_at
                     FROM credentials c JOIN integrations i ON i.id = c.integration_id",
                )?;
                let rows = statement.query_map([], |row| {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                    ))
                })?;
                Ok(rows.collect::<Result<Vec<_>, _>>()?)
            })
            .expect("credentials are read");

        assert!(rows.len() > 60, "demo has credentials: {}", rows.len());
        let now = now.unix_micros();
        for (integration_created, issued, rotated, revoked, expires) in rows {
            assert!(
                issued >= integration_created,
                "issued before its integration"
            );
            assert!(issued <= now, "issued after now");
            for later in [rotated, revoked].into_iter().flatten() {
                assert!(later >= issued, "rotated or revoked before it was issued");
                assert!(later <= now, "rotated or revoked after now");
            }
            if let Some(expires) = expires {
                assert!(expires >= issued, "expires before it was issued");
            }
        }
    }
}
