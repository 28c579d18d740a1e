//! In-app link targets under the router base.
//!
//! leptos_router 0.8's `<A>` leaves an absolute `href` as it is, without the
//! `<Router base>` prefix, so a console served under `/admin/` would link to
//! `/integrations` outside itself. Links take their `href` from [`app_href`];
//! `use_navigate` adds the base on its own and takes plain paths.

use leptos::prelude::*;

/// The router base path ("" or "/admin"), provided by the app.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RouterBase(pub String);

/// In-app path of the integrations list as the admin last saw it, search
/// and sort included, so "back to the list" links restore it.
#[derive(Clone, Copy)]
pub struct LastListPath(pub RwSignal<String>);

impl LastListPath {
    /// Returns the remembered path, or `/integrations` without context.
    pub fn get() -> String {
        use_context::<LastListPath>()
            .and_then(|last| last.0.try_get_untracked())
            .unwrap_or_else(|| "/integrations".to_owned())
    }
}

/// Returns the `href` of the in-app `path` (starting with `/`) under the
/// router base.
pub fn app_href(path: &str) -> String {
    let base = use_context::<RouterBase>().unwrap_or_default();
    join_base(&base.0, path)
}

/// Joins a router base and an in-app path with exactly one `/` between.
pub fn join_base(base: &str, path: &str) -> String {
    let base = base.trim_end_matches('/');
    let path = path.trim_start_matches('/');
    format!("{base}/{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_base_adds_one_slash() {
        assert_eq!(join_base("", "/integrations"), "/integrations");
        assert_eq!(
            join_base("/admin", "/integrations/new"),
            "/admin/integrations/new"
        );
        assert_eq!(join_base("/admin/", "integrations"), "/admin/integrations");
        assert_eq!(join_base("", "/"), "/");
    }
}
