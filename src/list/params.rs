//! Search and sort of the integrations list, as kept in the page URL
//! (`/integrations?search=crm&sort=-name`) and as sent to the API.

use platform_api::{rules, IntegrationListQuery, SortField, SortKey};

/// Page size of the integrations list.
pub const PAGE_SIZE: u32 = 50;

/// Search text and order of the list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListParams {
    /// Search text as typed; empty means no search.
    pub search: String,
    /// Order of the rows.
    pub sort: SortKey,
}

impl ListParams {
    /// Reads the `search` and `sort` URL parameters (already percent-decoded).
    /// An unknown sort falls back to the default instead of failing the page.
    pub fn from_url_params(search: Option<&str>, sort: Option<&str>) -> Self {
        ListParams {
            search: search.map(clamp_search).unwrap_or_default(),
            sort: sort
                .and_then(|text| SortKey::parse(text, &SortField::INTEGRATIONS))
                .unwrap_or_default(),
        }
    }

    /// Parses a raw URL query string, without the `?`.
    pub fn from_query_string(query: &str) -> Self {
        let mut search = None;
        let mut sort = None;
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match key.as_ref() {
                "search" => search = Some(value.into_owned()),
                "sort" => sort = Some(value.into_owned()),
                _ => {}
            }
        }
        ListParams::from_url_params(search.as_deref(), sort.as_deref())
    }

    /// The URL query string, without the `?`; defaults are left out, so the
    /// plain list is `/integrations`.
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if !self.search.is_empty() {
            out.append_pair("search", &self.search);
        }
        if self.sort != SortKey::DEFAULT {
            out.append_pair("sort", &self.sort.to_string());
        }
        out.finish()
    }

    /// The in-app path of the list with these parameters.
    pub fn to_path(&self) -> String {
        let query = self.to_query_string();
        if query.is_empty() {
            "/integrations".to_owned()
        } else {
            format!("/integrations?{query}")
        }
    }

    /// The API query of the page starting at `offset`. Blank search text is
    /// not sent, because it would match nothing useful.
    pub fn api_query(&self, offset: u64) -> IntegrationListQuery {
        let search = (!self.search.trim().is_empty()).then(|| self.search.clone());
        IntegrationListQuery {
            search,
            sort: self.sort,
            limit: PAGE_SIZE,
            continuation_token: offset,
        }
    }
}

/// Cuts search text to the API's maximum length, on a character boundary.
pub fn clamp_search(text: &str) -> String {
    text.chars().take(rules::SEARCH_MAX_LENGTH).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_give_bare_path() {
        let params = ListParams::default();
        assert_eq!(params.to_query_string(), "");
        assert_eq!(params.to_path(), "/integrations");
        assert_eq!(params.sort, SortKey::DEFAULT);
    }

    #[test]
    fn url_round_trips_awkward_search_text() {
        for search in [
            "a & b",
            "#1",
            "100% sure",
            "two  spaces ",
            "+plus+",
            "ünïcödé 日本語 🙂",
            "a=b&c=d",
            "?x",
        ] {
            let params = ListParams {
                search: search.to_owned(),
                sort: SortKey {
                    field: SortField::DisplayName,
                    descending: true,
                },
            };
            let query = params.to_query_string();
            assert!(!query.contains('#'), "{query}");
            assert!(!query.contains(' '), "{query}");
            assert_eq!(ListParams::from_query_string(&query), params, "{search:?}");
        }
    }

    #[test]
    fn unknown_sort_falls_back_to_default() {
        let params = ListParams::from_query_string("sort=description&search=x");
        assert_eq!(params.sort, SortKey::DEFAULT);
        assert_eq!(params.search, "x");
    }

    #[test]
    fn sort_is_read_from_url() {
        let params = ListParams::from_query_string("sort=name");
        assert_eq!(params.sort.to_string(), "name");
        assert_eq!(params.to_path(), "/integrations?sort=name");
    }

    #[test]
    fn api_query_uses_page_size_and_offset() {
        let params = ListParams::from_query_string("search=crm&sort=-updated_at");
        let query = params.api_query(100);
        assert_eq!(query.limit, PAGE_SIZE);
        assert_eq!(query.continuation_token, 100);
        assert_eq!(query.search.as_deref(), Some("crm"));
        assert_eq!(query.sort.to_string(), "-updated_at");
    }

    #[test]
    fn blank_search_is_not_sent() {
        let params = ListParams::from_query_string("search=%20%20");
        assert_eq!(params.api_query(0).search, None);
    }

    #[test]
    fn overlong_search_is_clamped_on_char_boundary() {
        let text = "é".repeat(250);
        let params = ListParams::from_url_params(Some(&text), None);
        assert_eq!(params.search.chars().count(), 200);
        assert!(rules::check_search(&params.search).is_ok());
    }
}
