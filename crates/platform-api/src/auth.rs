//! `GET /v1/auth/me`.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Timestamp;

/// The API key that made the request: its workspace, name and expiry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuthInfoResponse {
    /// Workspace the key belongs to; every other endpoint takes it in the path.
    pub workspace_id: Uuid,
    /// Identifier of the key (not the secret).
    pub key_id: String,
    /// Name given to the key when it was created.
    pub name: Option<String>,
    /// Moment the key stops working.
    pub expires_at: Timestamp,
    /// Seconds from the response until `expires_at`, never negative.
    pub expires_in_seconds: i64,
}
