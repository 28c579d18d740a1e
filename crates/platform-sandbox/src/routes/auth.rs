//! `GET /v1/auth/me`: the calling key's workspace, name and expiry.

use axum::routing::get;
use axum::{Json, Router};
use platform_api::{AuthInfoResponse, Timestamp};

use crate::auth::Caller;
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/auth/me", get(auth_me))
}

async fn auth_me(caller: Caller) -> Json<AuthInfoResponse> {
    let now = Timestamp::now();

    Json(AuthInfoResponse {
        workspace_id: caller.workspace_id,
        key_id: caller.key_id.to_string(),
        name: caller.name,
        expires_at: caller.expires_at,
        expires_in_seconds: now.seconds_until(caller.expires_at).max(0),
    })
}
