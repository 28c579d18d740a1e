//! Command line and environment configuration.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use uuid::Uuid;

/// A local server that behaves like the Platform API's External
/// Integrations endpoints, over a SQLite database file.
#[derive(Debug, Parser)]
#[command(name = "platform-sandbox", version)]
pub struct Cli {
    /// The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API (and optionally the console) until SIGINT or SIGTERM.
    Serve(ServeArgs),
    /// Create or revoke API keys.
    #[command(subcommand, name = "api-key")]
    ApiKey(ApiKeyCommand),
    /// Add generated services and integrations to a workspace.
    Seed(SeedArgs),
    /// Change services.
    #[command(subcommand)]
    Service(ServiceCommand),
}

/// The database file, shared by every subcommand.
#[derive(Debug, Args)]
pub struct DatabaseArg {
    /// SQLite database file; created with the schema when absent.
    #[arg(long, env = "PLATFORM_SANDBOX_DATABASE", default_value = "sandbox.db")]
    pub database: PathBuf,
}

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(
        long,
        env = "PLATFORM_SANDBOX_LISTEN",
        default_value = "127.0.0.1:8787"
    )]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub database: DatabaseArg,
    /// Directory of the built console, served at `/`.
    #[arg(long, env = "PLATFORM_SANDBOX_CONSOLE_DIR")]
    pub console_dir: Option<PathBuf>,
    /// Fill an empty database with a demo workspace, and print a fresh owner
    /// API key for it on every start.
    #[arg(long, env = "PLATFORM_SANDBOX_DEMO")]
    pub demo: bool,
    /// Origin allowed to call the API from a browser (repeatable; comma
    /// separated in the environment variable).
    #[arg(long, env = "PLATFORM_SANDBOX_CORS_ORIGIN", value_delimiter = ',')]
    pub cors_origin: Vec<String>,
    /// Extra origin the console may connect to, added to the
    /// Content-Security-Policy's connect-src (repeatable).
    #[arg(long, env = "PLATFORM_SANDBOX_CSP_CONNECT_SRC", value_delimiter = ',')]
    pub csp_connect_src: Vec<String>,
    /// Latency added to every /v1 request, in milliseconds: N, or N..M for a
    /// uniform draw between N and M.
    #[arg(long, env = "PLATFORM_SANDBOX_LATENCY_MS", value_parser = crate::fault::parse_latency)]
    pub latency_ms: Option<(u64, u64)>,
    /// Share of /v1 requests (0 to 1) that get a 500 or a 503, chosen at
    /// random, without running.
    #[arg(long, env = "PLATFORM_SANDBOX_FAIL_RATE", value_parser = crate::fault::parse_rate, default_value = "0")]
    pub fail_rate: f64,
    /// Seed for the random choices of the fault flags, for repeatable runs.
    #[arg(long, env = "PLATFORM_SANDBOX_FAULT_SEED")]
    pub fault_seed: Option<u64>,
    /// Requests per second allowed per API key on /v1. Requests past the limit
    /// get 429 with Retry-After.
    #[arg(long, env = "PLATFORM_SANDBOX_RATE_LIMIT", value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit: Option<u32>,
    /// Share of /v1 requests (0 to 1) whose connection is cut before the
    /// request runs.
    #[arg(long, env = "PLATFORM_SANDBOX_DROP_RATE", value_parser = crate::fault::parse_rate, default_value = "0")]
    pub drop_rate: f64,
}

/// `api-key` subcommands.
#[derive(Debug, Subcommand)]
pub enum ApiKeyCommand {
    /// Create an API key and print it as one JSON object.
    Create(ApiKeyCreateArgs),
    /// Revoke an API key. Requests with it get 401 from then on.
    Revoke(ApiKeyRevokeArgs),
}

/// Options of `api-key create`.
#[derive(Debug, Args)]
pub struct ApiKeyCreateArgs {
    #[command(flatten)]
    pub database: DatabaseArg,
    /// Workspace of the key; created when absent. A random id when omitted.
    #[arg(long, env = "PLATFORM_SANDBOX_WORKSPACE")]
    pub workspace: Option<Uuid>,
    /// Role of the key.
    #[arg(long, env = "PLATFORM_SANDBOX_ROLE", default_value = "owner", value_parser = ["owner", "admin", "member"])]
    pub role: String,
    /// Name of the key.
    #[arg(long, env = "PLATFORM_SANDBOX_KEY_NAME")]
    pub name: Option<String>,
    /// Days until the key expires.
    #[arg(long, env = "PLATFORM_SANDBOX_KEY_DAYS", default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..=36500))]
    pub days: u32,
}

/// Options of `api-key revoke`.
#[derive(Debug, Args)]
pub struct ApiKeyRevokeArgs {
    #[command(flatten)]
    pub database: DatabaseArg,
    /// Id of the key, as `api-key create` printed it.
    #[arg(long, env = "PLATFORM_SANDBOX_KEY_ID")]
    pub key_id: Uuid,
}

/// Options of `seed`.
#[derive(Debug, Args)]
pub struct SeedArgs {
    #[command(flatten)]
    pub database: DatabaseArg,
    /// Workspace to fill; created when absent.
    #[arg(long, env = "PLATFORM_SANDBOX_WORKSPACE")]
    pub workspace: Uuid,
    /// Integrations to add.
    #[arg(
        long,
        env = "PLATFORM_SANDBOX_SEED_INTEGRATIONS",
        default_value_t = 1000
    )]
    pub integrations: u32,
    /// Services to add.
    #[arg(long, env = "PLATFORM_SANDBOX_SEED_SERVICES", default_value_t = 10)]
    pub services: u32,
}

/// `service` subcommands.
#[derive(Debug, Subcommand)]
pub enum ServiceCommand {
    /// Mark a service inactive.
    Deactivate(ServiceDeactivateArgs),
}

/// Options of `service deactivate`.
#[derive(Debug, Args)]
pub struct ServiceDeactivateArgs {
    #[command(flatten)]
    pub database: DatabaseArg,
    /// Id of the service.
    #[arg(long, env = "PLATFORM_SANDBOX_SERVICE_ID")]
    pub service_id: Uuid,
}
