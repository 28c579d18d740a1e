//! State shared by every handler.

use std::sync::Arc;

use crate::console::Console;
use crate::db::Db;
use crate::fault::FaultInjector;

/// The router's shared state, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The built console served at `/`, when configured.
    pub console: Option<Arc<Console>>,
    /// Origins allowed to call the API from a browser.
    pub cors_origins: Vec<String>,
    /// Faults injected into `/v1`, if any. Shared so that rate limit counts
    /// survive across clones of the state.
    pub faults: Option<Arc<FaultInjector>>,
}

impl AppState {
    /// State with a database and nothing else configured.
    pub fn new(db: Db) -> Self {
        AppState {
            db,
            console: None,
            cors_origins: Vec::new(),
            faults: None,
        }
    }
}
