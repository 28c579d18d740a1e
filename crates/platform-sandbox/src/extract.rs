//! Request parts read in the order the API checks them: path ids, then (in
//! the handler, after authorization) the query string and the JSON body.

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::HeaderValue;
use platform_api::rules::{self, RuleError};
use platform_api::{body, LocItem};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::error::{AppError, BODY_LIMIT_BYTES};

/// Parses the named path parameters as UUIDs, reporting every malformed one
/// as a 422 at `["path", name]`.
async fn path_ids<const N: usize, S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
    names: [&'static str; N],
) -> Result<[Uuid; N], AppError> {
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|rejection| {
            let rule = RuleError::new("string_unicode", "Input should be a valid string");
            AppError::Validation(vec![
                rule.at(vec!["path".into()], json!(rejection.body_text()))
            ])
        })?;

    let mut ids = [Uuid::nil(); N];
    let mut errors = Vec::new();
    for (slot, name) in ids.iter_mut().zip(names) {
        let value = params
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
            .ok_or_else(|| AppError::internal(format!("route has no path parameter {name}")))?;
        match rules::parse_uuid(value) {
            Ok(id) => *slot = id,
            Err(rule) => {
                let loc: Vec<LocItem> = vec!["path".into(), name.into()];
                errors.push(rule.at(loc, json!(value)));
            }
        }
    }
    if errors.is_empty() {
        Ok(ids)
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Defines a path extractor holding the named UUID parameters.
macro_rules! path_struct {
    ($(#[$doc:meta])* $name:ident { $($field:ident),+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name {
            $(
                #[allow(missing_docs)]
                pub $field: Uuid,
            )+
        }

        impl<S: Send + Sync> FromRequestParts<S> for $name {
            type Rejection = AppError;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
                let [$($field),+] = path_ids(parts, state, [$(stringify!($field)),+]).await?;
                Ok($name { $($field),+ })
            }
        }
    };
}

path_struct!(
    /// `/v1/{workspace_id}/...`
    WorkspacePath { workspace_id }
);
path_struct!(
    /// `/v1/{workspace_id}/services/{service_id}`
    ServicePath { workspace_id, service_id }
);
path_struct!(
    /// `/v1/{workspace_id}/external-integrations/{integration_id}`
    IntegrationPath { workspace_id, integration_id }
);
path_struct!(
    /// `.../{integration_id}/credentials/{credential_id}`
    CredentialPath { workspace_id, integration_id, credential_id }
);

/// A request body, read only when the handler calls [`JsonBody::into_value`],
/// so authorization comes first and a forbidden request never gets a 413 or 415.
pub struct JsonBody {
    content_type: Option<HeaderValue>,
    body: Body,
}

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = std::convert::Infallible;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let content_type = request.headers().get(CONTENT_TYPE).cloned();
        Ok(JsonBody {
            content_type,
            body: request.into_body(),
        })
    }
}

impl JsonBody {
    /// Reads the body (413 past [`BODY_LIMIT_BYTES`]), checks that a
    /// non-empty body is declared as JSON (415), and parses it (422).
    pub async fn into_value(self) -> Result<Value, AppError> {
        let bytes = axum::body::to_bytes(self.body, BODY_LIMIT_BYTES)
            .await
            .map_err(|_| AppError::PayloadTooLarge)?;
        let is_empty = bytes.iter().all(u8::is_ascii_whitespace);
        if !is_empty && !self.content_type.as_ref().is_some_and(is_json) {
            return Err(AppError::UnsupportedMediaType);
        }
        body::parse_json(&bytes).map_err(AppError::Validation)
    }
}

/// Checks that a Content-Type names JSON: `application/json` or
/// `application/<anything>+json`, with any parameters.
fn is_json(value: &HeaderValue) -> bool {
    let Ok(text) = value.to_str() else {
        return false;
    };
    let essence = text
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types() {
        for accepted in [
            "application/json",
            "Application/JSON; charset=utf-8",
            "application/merge-patch+json",
        ] {
            assert!(is_json(&HeaderValue::from_static(accepted)), "{accepted}");
        }
        for rejected in ["text/plain", "application/x-www-form-urlencoded", "json"] {
            assert!(!is_json(&HeaderValue::from_static(rejected)), "{rejected}");
        }
    }
}
