//! The status a credential shows, derived from its fields and the clock.
//!
//! The API keeps `is_active: true` on an expired credential (only revocation
//! clears it), so expiry is worked out here, against the browser's clock.

use platform_api::{CredentialResponse, Timestamp};

/// How long before `expires_at` a credential counts as expiring soon.
pub const EXPIRES_SOON_SECONDS: i64 = 7 * 86_400;

/// Status of a credential at one instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CredentialStatus {
    /// Works, and expires in more than seven days or never.
    Active,
    /// Works, but expires within seven days.
    ExpiresSoon,
    /// Its `expires_at` has passed; it no longer authenticates.
    Expired,
    /// Revoked by an admin or by the deletion of its integration.
    Revoked,
}

impl CredentialStatus {
    /// Returns the status as the table shows it.
    pub const fn label(self) -> &'static str {
        match self {
            CredentialStatus::Active => "Active",
            CredentialStatus::ExpiresSoon => "Expires soon",
            CredentialStatus::Expired => "Expired",
            CredentialStatus::Revoked => "Revoked",
        }
    }

    /// Returns a CSS class name for the status, used next to the text, never alone.
    pub const fn class(self) -> &'static str {
        match self {
            CredentialStatus::Active => "status-active",
            CredentialStatus::ExpiresSoon => "status-expires-soon",
            CredentialStatus::Expired => "status-expired",
            CredentialStatus::Revoked => "status-revoked",
        }
    }
}

/// Derives the status at `now`.
///
/// Boundaries: at exactly `expires_at` the credential is Expired, because
/// the API rejects a secret whose expiry is not after the current instant.
/// At exactly seven days before `expires_at` it is already Expires soon.
pub fn derive_status(
    is_active: bool,
    revoked_at: Option<Timestamp>,
    expires_at: Option<Timestamp>,
    now: Timestamp,
) -> CredentialStatus {
    if !is_active || revoked_at.is_some() {
        return CredentialStatus::Revoked;
    }
    let Some(expires_at) = expires_at else {
        return CredentialStatus::Active;
    };
    if now >= expires_at {
        CredentialStatus::Expired
    } else if now >= expires_at.plus_seconds(-EXPIRES_SOON_SECONDS) {
        CredentialStatus::ExpiresSoon
    } else {
        CredentialStatus::Active
    }
}

/// [`derive_status`] of a listed credential.
pub fn status_of(credential: &CredentialResponse, now: Timestamp) -> CredentialStatus {
    derive_status(
        credential.is_active,
        credential.revoked_at,
        credential.expires_at,
        now,
    )
}

/// Returns the next instant after `now` at which the status of a credential
/// with these fields changes, or `None` when it never changes on its own.
pub fn next_transition(
    is_active: bool,
    revoked_at: Option<Timestamp>,
    expires_at: Option<Timestamp>,
    now: Timestamp,
) -> Option<Timestamp> {
    match derive_status(is_active, revoked_at, expires_at, now) {
        CredentialStatus::Active => expires_at.map(|at| at.plus_seconds(-EXPIRES_SOON_SECONDS)),
        CredentialStatus::ExpiresSoon => expires_at,
        CredentialStatus::Expired | CredentialStatus::Revoked => None,
    }
}

/// Finds the earliest status change among `credentials`, for a single timer.
pub fn earliest_transition(
    credentials: &[CredentialResponse],
    now: Timestamp,
) -> Option<Timestamp> {
    credentials
        .iter()
        .filter_map(|credential| {
            next_transition(
                credential.is_active,
                credential.revoked_at,
                credential.expires_at,
                now,
            )
        })
        .min()
}

/// Orders credentials for the table: live ones (every status but Revoked)
/// first, revoked ones below, each group keeping the API's order.
pub fn live_first(credentials: &[CredentialResponse]) -> Vec<CredentialResponse> {
    let (live, revoked): (Vec<_>, Vec<_>) = credentials
        .iter()
        .cloned()
        .partition(|credential| credential.is_active && credential.revoked_at.is_none());
    live.into_iter().chain(revoked).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_unix_micros(seconds * 1_000_000)
    }

    const EXPIRY: i64 = 2_000_000_000;

    fn status(now: Timestamp) -> CredentialStatus {
        derive_status(true, None, Some(at(EXPIRY)), now)
    }

    #[test]
    fn no_expiry_is_active_forever() {
        assert_eq!(
            derive_status(true, None, None, at(EXPIRY)),
            CredentialStatus::Active
        );
        assert_eq!(next_transition(true, None, None, at(0)), None);
    }

    #[test]
    fn exactly_at_expiry_is_expired() {
        assert_eq!(status(at(EXPIRY)), CredentialStatus::Expired);
        assert_eq!(
            status(at(EXPIRY).plus_seconds(0)),
            CredentialStatus::Expired
        );
    }

    #[test]
    fn one_microsecond_before_expiry_expires_soon() {
        let just_before = Timestamp::from_unix_micros(at(EXPIRY).unix_micros() - 1);
        assert_eq!(status(just_before), CredentialStatus::ExpiresSoon);
    }

    #[test]
    fn exactly_seven_days_before_expires_soon() {
        let boundary = at(EXPIRY - EXPIRES_SOON_SECONDS);
        assert_eq!(status(boundary), CredentialStatus::ExpiresSoon);
        let earlier = Timestamp::from_unix_micros(boundary.unix_micros() - 1);
        assert_eq!(status(earlier), CredentialStatus::Active);
    }

    #[test]
    fn revocation_wins_over_expiry() {
        assert_eq!(
            derive_status(false, Some(at(10)), Some(at(EXPIRY)), at(EXPIRY + 5)),
            CredentialStatus::Revoked
        );
        assert_eq!(
            derive_status(false, None, None, at(0)),
            CredentialStatus::Revoked
        );
        assert_eq!(
            next_transition(false, Some(at(10)), Some(at(EXPIRY)), at(0)),
            None
        );
    }

    #[test]
    fn transitions_step_through_soon_then_expired() {
        let expires = Some(at(EXPIRY));
        let first = next_transition(true, None, expires, at(0));
        assert_eq!(first, Some(at(EXPIRY - EXPIRES_SOON_SECONDS)));

        let second = next_transition(true, None, expires, at(EXPIRY - EXPIRES_SOON_SECONDS));
        assert_eq!(second, Some(at(EXPIRY)));

        assert_eq!(next_transition(true, None, expires, at(EXPIRY)), None);
    }

    fn credential(
        name: &str,
        is_active: bool,
        expires_at: Option<Timestamp>,
    ) -> CredentialResponse {
        CredentialResponse {
            id: uuid::Uuid::nil(),
            workspace_id: uuid::Uuid::nil(),
            integration_id: uuid::Uuid::nil(),
            client_id: format!("ci_{name}"),
            service_ids: vec![],
            name: Some(name.to_owned()),
            is_active,
            expires_at,
            created_at: None,
            updated_at: None,
            rotated_at: None,
            revoked_at: (!is_active).then(|| at(5)),
        }
    }

    #[test]
    fn revoked_rows_sink_below_live_ones() {
        let list = [
            credential("a", false, None),
            credential("b", true, None),
            credential("c", false, None),
            credential("d", true, Some(at(1))),
        ];
        let names: Vec<_> = live_first(&list)
            .into_iter()
            .filter_map(|credential| credential.name)
            .collect();
        assert_eq!(names, ["b", "d", "a", "c"]);
    }

    #[test]
    fn earliest_transition_spans_every_row() {
        let list = [
            credential("late", true, Some(at(EXPIRY + 100))),
            credential("soon", true, Some(at(EXPIRY))),
            credential("gone", false, Some(at(10))),
        ];
        let now = at(EXPIRY - 10);
        assert_eq!(earliest_transition(&list, now), Some(at(EXPIRY)));
        assert_eq!(earliest_transition(&list[2..], now), None);
    }

    #[test]
    fn labels_are_text() {
        assert_eq!(CredentialStatus::ExpiresSoon.label(), "Expires soon");
        assert_eq!(CredentialStatus::Revoked.label(), "Revoked");
    }
}
