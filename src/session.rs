//! The signed-in API key and what `GET /v1/auth/me` returned for it.
//!
//! The key lives in `sessionStorage`, so it is gone when the tab closes, and
//! leaves the browser only in the `Authorization` header. Beside it the tab
//! keeps the last `auth/me` response: workspace, key name and expiry, nothing
//! secret. A reload then shows pages at once and checks the key meanwhile.

use leptos::prelude::*;
use platform_api::AuthInfoResponse;
use uuid::Uuid;

const STORAGE_KEY: &str = "integrations-console.api-key";
const STORAGE_KEY_INFO: &str = "integrations-console.key-info";

/// Sentence shown on the sign-in form after a 401.
pub const EXPIRED_NOTICE: &str =
    "Your API key is invalid or expired. Sign in again with a valid key.";

/// A key that `GET /v1/auth/me` accepted in this tab. After a reload it is
/// in use again at once, while the check runs again.
#[derive(Clone, PartialEq)]
pub struct SignedIn {
    api_key: String,
    /// The key's workspace, name and expiry.
    pub me: AuthInfoResponse,
}

/// Keeps the key out of `{:?}` output.
impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn")
            .field("api_key", &"<redacted>")
            .field("me", &self.me)
            .finish()
    }
}

/// State of the session.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionState {
    /// A stored key without a stored `auth/me` response is being checked
    /// after a reload.
    Checking,
    /// No key; the sign-in form shows, with `notice` above it when set.
    SignedOut {
        /// Reason shown on the sign-in form, unless the admin signed out.
        notice: Option<String>,
    },
    /// A key is in use: accepted by `auth/me`, or restored from the tab
    /// and being checked again.
    SignedIn(SignedIn),
}

/// Coarse session state, for views that only switch on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionPhase {
    /// See [`SessionState::Checking`].
    Checking,
    /// See [`SessionState::SignedOut`].
    SignedOut,
    /// See [`SessionState::SignedIn`].
    SignedIn,
}

impl SessionPhase {
    fn of(state: &SessionState) -> SessionPhase {
        match state {
            SessionState::Checking => SessionPhase::Checking,
            SessionState::SignedOut { .. } => SessionPhase::SignedOut,
            SessionState::SignedIn(_) => SessionPhase::SignedIn,
        }
    }
}

/// Handle to the session, shared through context.
#[derive(Clone, Copy)]
pub struct Session {
    state: RwSignal<SessionState>,
    /// Workspace of the session a 401 or a failed check ended, kept until
    /// the next sign-in so the sign-in form can tell a change of workspace.
    ended_workspace: StoredValue<Option<Uuid>>,
}

impl Session {
    /// Restores the session from the key stored in this tab, if any. With the
    /// key's stored `auth/me` response the session is signed in at once. In
    /// both cases the key still needs a check with [`Session::stored_key`]
    /// and [`Session::sign_in`].
    pub fn restore() -> Self {
        let state = match (stored_key(), stored_key_info()) {
            (Some(api_key), Some(me)) => SessionState::SignedIn(SignedIn { api_key, me }),
            (Some(_), None) => SessionState::Checking,
            (None, _) => {
                // Drops a key-info entry left beside a blank key.
                store_key(None);
                SessionState::SignedOut { notice: None }
            }
        };
        Session {
            state: RwSignal::new(state),
            ended_workspace: StoredValue::new(None),
        }
    }

    /// Returns the current state.
    pub fn state(&self) -> ReadSignal<SessionState> {
        self.state.read_only()
    }

    /// Returns the coarse state, tracked.
    pub fn phase(&self) -> SessionPhase {
        self.state.with(SessionPhase::of)
    }

    /// Returns the coarse state, untracked.
    pub fn phase_untracked(&self) -> SessionPhase {
        self.state
            .try_with_untracked(SessionPhase::of)
            .unwrap_or(SessionPhase::SignedOut)
    }

    /// Returns the key stored in this tab, to check after a reload.
    pub fn stored_key(&self) -> Option<String> {
        stored_key()
    }

    /// Makes `api_key` the session's key.
    pub fn sign_in(&self, api_key: String, me: AuthInfoResponse) {
        store_key(Some((&api_key, &me)));
        self.state
            .set(SessionState::SignedIn(SignedIn { api_key, me }));
    }

    /// Forgets the key because the admin asked to.
    pub fn sign_out(&self) {
        store_key(None);
        self.ended_workspace.set_value(None);
        self.state.set(SessionState::SignedOut { notice: None });
    }

    /// Forgets the key after a 401 or a failed check, showing `notice`.
    pub fn end_with_notice(&self, notice: String) {
        if let Some(workspace_id) = self.workspace_id() {
            self.ended_workspace.set_value(Some(workspace_id));
        }
        store_key(None);
        self.state.set(SessionState::SignedOut {
            notice: Some(notice),
        });
    }

    /// Ends the session after a 401 to a request signed with `api_key`.
    /// Later 401s of requests that were already in flight change nothing, so
    /// the admin is sent to sign-in once, and a 401 for a key the admin has
    /// since replaced leaves the new session alone.
    pub fn expire(&self, api_key: &str) {
        let signed_in = self
            .state
            .try_with_untracked(|state| {
                matches!(state, SessionState::SignedIn(signed_in) if signed_in.api_key == api_key)
            })
            .unwrap_or(false);
        if signed_in {
            self.end_with_notice(EXPIRED_NOTICE.to_owned());
        }
    }

    /// Returns the key of the signed-in session.
    pub fn api_key(&self) -> Option<String> {
        self.state
            .try_with_untracked(|state| match state {
                SessionState::SignedIn(signed_in) => Some(signed_in.api_key.clone()),
                _ => None,
            })
            .flatten()
    }

    /// Returns the workspace of the session a 401 ended, and clears it.
    pub fn take_ended_workspace(&self) -> Option<Uuid> {
        self.ended_workspace
            .try_update_value(Option::take)
            .flatten()
    }

    /// Returns the workspace of the signed-in key.
    pub fn workspace_id(&self) -> Option<Uuid> {
        self.state
            .try_with_untracked(|state| match state {
                SessionState::SignedIn(signed_in) => Some(signed_in.me.workspace_id),
                _ => None,
            })
            .flatten()
    }

    /// Returns the `GET /v1/auth/me` response for the key, tracked.
    pub fn me(&self) -> Option<AuthInfoResponse> {
        self.state.with(|state| match state {
            SessionState::SignedIn(signed_in) => Some(signed_in.me.clone()),
            _ => None,
        })
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn stored_key() -> Option<String> {
    let key = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    (!key.trim().is_empty()).then_some(key)
}

fn stored_key_info() -> Option<AuthInfoResponse> {
    let text = storage()?.get_item(STORAGE_KEY_INFO).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

fn store_key(signed_in: Option<(&str, &AuthInfoResponse)>) {
    let Some(storage) = storage() else {
        return;
    };
    // A failing storage (private mode quota) only costs the reload survival.
    match signed_in {
        Some((key, me)) => {
            let _ = storage.set_item(STORAGE_KEY, key);
            if let Ok(text) = serde_json::to_string(me) {
                let _ = storage.set_item(STORAGE_KEY_INFO, &text);
            }
        }
        None => {
            let _ = storage.remove_item(STORAGE_KEY);
            let _ = storage.remove_item(STORAGE_KEY_INFO);
        }
    }
}
