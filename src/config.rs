//! Start-up configuration: the base path the console is served under and
//! `config.json`, read once before the app mounts.

use serde::Deserialize;

/// Contents of `config.json` beside `index.html`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct AppConfig {
    /// Origin (and optional path prefix) of the Platform API, such as
    /// `https://api.example.com`. Empty means the console's own origin.
    #[serde(default)]
    pub api_base_url: String,
}

impl AppConfig {
    /// Parses `config.json`. An empty file counts as the default.
    pub fn parse(text: &str) -> Result<AppConfig, String> {
        if text.trim().is_empty() {
            return Ok(AppConfig::default());
        }
        let mut config: AppConfig = serde_json::from_str(text)
            .map_err(|error| format!("config.json is not valid: {error}"))?;
        let trimmed = config.api_base_url.trim().trim_end_matches('/');
        if !trimmed.is_empty()
            && !trimmed.starts_with("https://")
            && !trimmed.starts_with("http://")
            && !trimmed.starts_with('/')
        {
            return Err(format!(
                "config.json is not valid: api_base_url {trimmed:?} must start with http://, https:// or /"
            ));
        }
        config.api_base_url = trimmed.to_owned();
        Ok(config)
    }
}

/// The router base of a document whose `baseURI` is `base_uri`:
/// "http://host/admin/" gives "/admin", "http://host/" gives "".
pub fn router_base(base_uri: &str) -> String {
    let after_scheme = base_uri
        .split_once("://")
        .map_or(base_uri, |(_, rest)| rest);
    let path = after_scheme
        .find('/')
        .map_or("", |index| &after_scheme[index..]);
    let path = path.split(['?', '#']).next().unwrap_or_default();
    // Keep the directory part only, as the browser resolves relative URLs.
    let directory = match path.rfind('/') {
        Some(index) => &path[..index],
        None => "",
    };
    directory.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_defaults_and_trims() {
        assert_eq!(AppConfig::parse(""), Ok(AppConfig::default()));
        assert_eq!(AppConfig::parse("{}"), Ok(AppConfig::default()));
        let config = AppConfig::parse(r#"{"api_base_url": "https://api.example.com/"}"#);
        assert_eq!(
            config.map(|config| config.api_base_url),
            Ok("https://api.example.com".to_owned())
        );
    }

    #[test]
    fn config_rejects_bad_input() {
        assert!(AppConfig::parse("not json").is_err());
        assert!(AppConfig::parse(r#"{"api_base_url": 5}"#).is_err());
        assert!(AppConfig::parse(r#"{"api_base_url": "ftp://x"}"#).is_err());
    }

    #[test]
    fn router_base_from_base_uri() {
        assert_eq!(router_base("http://127.0.0.1:8080/"), "");
        assert_eq!(router_base("http://127.0.0.1:8080/admin/"), "/admin");
        assert_eq!(router_base("https://h/a/b/"), "/a/b");
        assert_eq!(router_base("https://h/admin/index.html?x=1"), "/admin");
        assert_eq!(router_base("https://h"), "");
    }
}
