//! Services of a workspace: what a credential can be scoped to.
//!
//! The Platform API's service record is large; the console reads only a few
//! fields, so every field it does not need has a default and decoding
//! tolerates records that omit them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::Timestamp;

/// A key and optional value attached to a service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceTag {
    /// Tag name.
    pub key: String,
    /// Tag value, if any.
    #[serde(default)]
    pub value: Option<String>,
}

/// A service as `GET /v1/{workspace_id}/services` returns it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceResponse {
    /// Identifier.
    pub id: Uuid,
    /// Workspace that owns it.
    pub workspace_id: Uuid,
    /// Name shown to people.
    pub name: String,
    /// Free text.
    #[serde(default)]
    pub description: String,
    /// Whether the service is in use; credentials may still name inactive ones.
    pub is_active: bool,
    /// Agent that answers on the service.
    #[serde(default)]
    pub agent_id: Uuid,
    /// Name of that agent.
    #[serde(default)]
    pub agent_name: Option<String>,
    /// `voice`, `text` or `scribe`.
    #[serde(default = "default_channel_type")]
    pub channel_type: String,
    /// Context graph the agent follows.
    #[serde(default)]
    pub context_graph_id: Uuid,
    /// Name of that context graph.
    #[serde(default)]
    pub context_graph_name: Option<String>,
    /// `sandbox` or `production`.
    #[serde(default = "default_environment")]
    pub environment: String,
    /// Escalation routing, kept opaque.
    #[serde(default)]
    pub escalation_policy: Option<Value>,
    /// Whether the platform itself manages the service.
    #[serde(default)]
    pub is_system: bool,
    /// Words the speech recognizer should favour.
    #[serde(default)]
    pub keyterms: Vec<String>,
    /// Persona the agent speaks as.
    #[serde(default)]
    pub persona_id: Option<Uuid>,
    /// Name of that persona.
    #[serde(default)]
    pub persona_name: Option<String>,
    /// Whether safety filters run.
    #[serde(default = "default_true")]
    pub safety_filters_enabled: bool,
    /// Labels.
    #[serde(default)]
    pub tags: Vec<ServiceTag>,
    /// How many tools the agent may hold.
    #[serde(default)]
    pub tool_capacity: i64,
    /// Version pins by name, kept opaque.
    #[serde(default)]
    pub version_sets: BTreeMap<String, Value>,
    /// Voice tuning, kept opaque.
    #[serde(default)]
    pub voice_config: Option<Value>,
    /// Creation time.
    pub created_at: Timestamp,
    /// Time of the last change.
    pub updated_at: Timestamp,
}

fn default_channel_type() -> String {
    "voice".to_owned()
}

fn default_environment() -> String {
    "production".to_owned()
}

fn default_true() -> bool {
    true
}
