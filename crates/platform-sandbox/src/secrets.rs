//! API keys and client secrets: generation from the OS random generator,
//! SHA-256 hashing for storage, and constant-time comparison.
//!
//! Plain secrets exist only in the response that creates them; the database
//! contains only hashes. [`Secret`] keeps them out of `Debug` output and so out of logs.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use uuid::Uuid;

use crate::error::AppError;

/// Prefix of every API key: `sbx_<32 hex key id>_<43 base64url characters>`.
const API_KEY_PREFIX: &str = "sbx_";
/// Prefix of a client id.
const CLIENT_ID_PREFIX: &str = "ci_";
/// Prefix of a client secret.
const CLIENT_SECRET_PREFIX: &str = "cs_";

/// A secret in plain text, redacted in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The plain text, for the one response that returns it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Returns the SHA-256 hash stored in place of the secret.
    pub fn hash(&self) -> [u8; 32] {
        sha256(&self.0)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// SHA-256 of a secret's text.
pub fn sha256(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// Compares a stored hash with the hash of a presented secret in constant time.
pub fn hashes_match(stored: &[u8], presented: &[u8; 32]) -> bool {
    stored.ct_eq(presented.as_slice()).into()
}

fn random_bytes<const N: usize>() -> Result<[u8; N], AppError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|error| AppError::internal(format!("OS random generator failed: {error}")))?;
    Ok(bytes)
}

/// 256 random bits as 43 base64url characters.
fn random_token() -> Result<String, AppError> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes::<32>()?))
}

/// Generates a new API key for `key_id`. The stored hash covers the whole
/// key text.
pub fn new_api_key(key_id: Uuid) -> Result<Secret, AppError> {
    Ok(Secret(format!(
        "{API_KEY_PREFIX}{}_{}",
        key_id.simple(),
        random_token()?
    )))
}

/// Extracts the key id from an API key's text, or `None` when the text does
/// not have the API key form. A returned id does not mean the key is valid.
pub fn api_key_id(key: &str) -> Option<Uuid> {
    let rest = key.strip_prefix(API_KEY_PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    if id.len() != 32 || secret.is_empty() {
        return None;
    }
    Uuid::try_parse(id).ok()
}

/// Generates a client id: `ci_` and 32 random hex digits.
pub fn new_client_id() -> Result<String, AppError> {
    let bytes = random_bytes::<16>()?;
    Ok(format!(
        "{CLIENT_ID_PREFIX}{}",
        Uuid::from_bytes(bytes).simple()
    ))
}

/// Generates a client secret: `cs_` and 43 base64url characters.
pub fn new_client_secret() -> Result<Secret, AppError> {
    Ok(Secret(format!("{CLIENT_SECRET_PREFIX}{}", random_token()?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_key_carries_its_id() {
        let id = Uuid::new_v4();
        let key = new_api_key(id).expect("random");
        assert_eq!(api_key_id(key.expose()), Some(id));
        assert_eq!(key.expose().len(), 4 + 32 + 1 + 43);
    }

    #[test]
    fn malformed_keys_have_no_id() {
        for text in [
            "",
            "sbx_",
            "sbx_abc_def",
            "xyz_0123456789abcdef0123456789abcdef_x",
        ] {
            assert_eq!(api_key_id(text), None, "{text}");
        }
    }

    #[test]
    fn secrets_differ_and_debug_hides_them() {
        let first = new_client_secret().expect("random");
        let second = new_client_secret().expect("random");
        assert_ne!(first, second);
        assert_eq!(first.expose().len(), 3 + 43);
        assert!(!format!("{first:?}").contains(first.expose()));
    }

    #[test]
    fn hash_comparison() {
        let secret = new_client_secret().expect("random");
        assert!(hashes_match(&secret.hash(), &sha256(secret.expose())));
        assert!(!hashes_match(&secret.hash(), &sha256("other")));
        assert!(!hashes_match(&[1, 2, 3], &sha256("other")));
    }
}
