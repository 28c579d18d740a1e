//! The caller's identity: the bearer API key, its role and the role's permissions.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use platform_api::error::messages;
use platform_api::Timestamp;
use rusqlite::Connection;
use uuid::Uuid;

use crate::db::api_keys;
use crate::error::AppError;
use crate::secrets;
use crate::state::AppState;

/// Role of an API key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Every permission.
    Owner,
    /// Every permission on integrations and services.
    Admin,
    /// View permissions only.
    Member,
}

impl Role {
    /// The role's name in the database and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }

    /// Parses `owner`, `admin` or `member`.
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "owner" => Some(Role::Owner),
            "admin" => Some(Role::Admin),
            "member" => Some(Role::Member),
            _ => None,
        }
    }

    /// Whether this role grants `permission`.
    pub fn allows(self, permission: Permission) -> bool {
        match self {
            Role::Owner | Role::Admin => true,
            Role::Member => permission.is_view(),
        }
    }
}

/// A permission, named `Resource.action` as the Platform API names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// `ExternalIntegration.view`: read integrations and their credentials.
    IntegrationView,
    /// `ExternalIntegration.create`.
    IntegrationCreate,
    /// `ExternalIntegration.update`: rename, and create, rotate and revoke
    /// credentials.
    IntegrationUpdate,
    /// `ExternalIntegration.delete`.
    IntegrationDelete,
    /// `Service.view`.
    ServiceView,
}

impl Permission {
    /// The permission's name, such as `ExternalIntegration.view`.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::IntegrationView => "ExternalIntegration.view",
            Permission::IntegrationCreate => "ExternalIntegration.create",
            Permission::IntegrationUpdate => "ExternalIntegration.update",
            Permission::IntegrationDelete => "ExternalIntegration.delete",
            Permission::ServiceView => "Service.view",
        }
    }

    fn is_view(self) -> bool {
        self.as_str().ends_with(".view")
    }
}

/// The API key behind a request, checked against the database on every
/// request so a revoked key stops working at once, also in a running server.
#[derive(Clone, Debug)]
pub struct Caller {
    /// The key's id, recorded as `created_by_credential_id`.
    pub key_id: Uuid,
    /// The only workspace the key may touch.
    pub workspace_id: Uuid,
    /// The entity the key belongs to, recorded as `created_by_entity_id`.
    pub entity_id: Uuid,
    /// The key's role, which sets its permissions.
    pub role: Role,
    /// Name given at creation.
    pub name: Option<String>,
    /// Moment the key stops working.
    pub expires_at: Timestamp,
}

impl Caller {
    /// Checks that the key may use `permission` in `workspace_id`: another
    /// workspace gets 404 so its existence stays hidden, then a role
    /// without the permission gets 403.
    pub fn authorize(&self, workspace_id: Uuid, permission: Permission) -> Result<(), AppError> {
        if workspace_id != self.workspace_id {
            return Err(AppError::NotFound(messages::NOT_FOUND));
        }
        if !self.role.allows(permission) {
            return Err(AppError::Forbidden);
        }
        Ok(())
    }
}

/// The API key text of an `Authorization: Bearer <key>` header.
pub fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|token| !token.is_empty())
}

/// A bearer API key as the request presents it: the key id embedded in the
/// text and the SHA-256 of the whole key. It proves nothing until
/// [`PresentedKey::authenticate`] checks it against the database.
pub struct PresentedKey {
    key_id: Uuid,
    hash: [u8; 32],
}

impl PresentedKey {
    /// Reads the `Authorization: Bearer` header, or returns 401 when it is
    /// missing or the key is malformed.
    pub fn from_parts(parts: &Parts) -> Result<PresentedKey, AppError> {
        let token = bearer_token(parts).ok_or(AppError::Unauthorized)?;
        let key_id = secrets::api_key_id(token).ok_or(AppError::Unauthorized)?;
        Ok(PresentedKey {
            key_id,
            hash: secrets::sha256(token),
        })
    }

    /// Looks the key up and returns its caller, or 401 when the key is
    /// unknown, revoked, expired or its hash differs. Blocks on the database,
    /// so it runs inside [`crate::db::Db::read`].
    pub fn authenticate(&self, conn: &Connection) -> Result<Caller, AppError> {
        let key = api_keys::find(conn, self.key_id)?.ok_or(AppError::Unauthorized)?;

        let now = Timestamp::now();
        let usable = key.revoked_at.is_none() && key.caller.expires_at > now;
        if !(secrets::hashes_match(&key.secret_hash, &self.hash) && usable) {
            return Err(AppError::Unauthorized);
        }
        Ok(key.caller)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PresentedKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        PresentedKey::from_parts(parts)
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let presented = PresentedKey::from_parts(parts)?;
        state
            .db
            .read(move |conn| presented.authenticate(conn))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_only_view() {
        assert!(Role::Member.allows(Permission::IntegrationView));
        assert!(Role::Member.allows(Permission::ServiceView));
        assert!(!Role::Member.allows(Permission::IntegrationCreate));
        assert!(!Role::Member.allows(Permission::IntegrationUpdate));
        assert!(!Role::Member.allows(Permission::IntegrationDelete));
        assert!(Role::Admin.allows(Permission::IntegrationDelete));
    }
}
