//! A freshly issued client secret, held only while the secret dialog shows it.

use platform_api::CredentialSecretResponse;

/// The pair shown once after a create or rotate.
///
/// `Debug` hides the secret, and dropping the value overwrites the secret's
/// bytes. It is not `Clone`, so the dialog reads it in place.
///
/// NOTE: copies outside this value are not wiped: the response text in the
/// API client, the strings handed to the DOM input and the clipboard, and
/// the browser's own buffers are freed without being overwritten.
#[derive(PartialEq, Eq)]
pub struct IssuedSecret {
    /// The credential's name, or its client id when it has none.
    pub label: String,
    /// Public half of the pair.
    pub client_id: String,
    /// The secret, in plain text.
    pub client_secret: String,
    /// Whether this secret replaced an earlier one.
    pub rotated: bool,
}

impl IssuedSecret {
    /// Takes the pair out of a create or rotate response.
    pub fn from_response(response: CredentialSecretResponse, rotated: bool) -> IssuedSecret {
        let label = super::credential_label(&response.credential);
        let CredentialSecretResponse {
            credential,
            client_secret,
        } = response;
        IssuedSecret {
            label,
            client_id: credential.client_id,
            client_secret,
            rotated,
        }
    }
}

impl std::fmt::Debug for IssuedSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedSecret")
            .field("label", &self.label)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("rotated", &self.rotated)
            .finish()
    }
}

impl Drop for IssuedSecret {
    fn drop(&mut self) {
        let mut bytes = std::mem::take(&mut self.client_secret).into_bytes();
        bytes.fill(0);
        // Keeps the compiler from dropping the writes as dead stores.
        std::hint::black_box(&bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_secret() {
        let secret = IssuedSecret {
            label: "CRM".to_owned(),
            client_id: "ci_1".to_owned(),
            client_secret: "cs_top_secret".to_owned(),
            rotated: false,
        };
        let printed = format!("{secret:?}");
        assert!(printed.contains("ci_1"));
        assert!(!printed.contains("cs_top_secret"));
    }
}
