//! The subcommands' implementations. `main` only parses the command line
//! and reports the error these functions return.

use std::io::Write;
use std::time::Instant;

use platform_api::Timestamp;
use serde_json::json;
use tokio::net::TcpListener;
use uuid::Uuid;

use crate::auth::{Caller, Role};
use crate::config::{
    ApiKeyCommand, ApiKeyCreateArgs, ApiKeyRevokeArgs, Cli, Command, SeedArgs, ServeArgs,
    ServiceCommand, ServiceDeactivateArgs,
};
use crate::console::Console;
use crate::db::{api_keys, demo, seed, services, workspaces, Db};
use crate::error::AppError;
use crate::fault::{FaultConfig, FaultInjector};
use crate::secrets::{self, Secret};
use crate::{app, AppState};

const SECONDS_PER_DAY: i64 = 86_400;

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Serve(args) => serve(args).await,
        Command::ApiKey(ApiKeyCommand::Create(args)) => api_key_create(args),
        Command::ApiKey(ApiKeyCommand::Revoke(args)) => api_key_revoke(args),
        Command::Seed(args) => seed_workspace(args),
        Command::Service(ServiceCommand::Deactivate(args)) => service_deactivate(args),
    }
}

fn open(path: &std::path::Path) -> Result<Db, String> {
    Db::open(path).map_err(|error| format!("cannot open database {}: {error}", path.display()))
}

fn print_json(value: serde_json::Value) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{value}")
        .and_then(|()| stdout.flush())
        .map_err(|error| format!("cannot write to stdout: {error}"))
}

/// Creates an API key for `workspace_id` (creating the workspace when
/// absent) that expires at `expires_at`. Returns the key's identity and text.
pub fn create_api_key(
    db: &Db,
    workspace_id: Uuid,
    role: Role,
    name: Option<String>,
    expires_at: Timestamp,
) -> Result<(Caller, Secret), AppError> {
    let now = Timestamp::now();
    let caller = Caller {
        key_id: Uuid::new_v4(),
        workspace_id,
        entity_id: Uuid::new_v4(),
        role,
        name,
        expires_at,
    };
    let key = secrets::new_api_key(caller.key_id)?;

    db.write_blocking(|tx| {
        workspaces::ensure(tx, workspace_id, "Sandbox workspace", now)?;
        api_keys::insert(tx, &caller, &key.hash(), now)
    })?;
    Ok((caller, key))
}

fn api_key_create(args: ApiKeyCreateArgs) -> Result<(), String> {
    let db = open(&args.database.database)?;
    let role = Role::parse(&args.role).ok_or_else(|| format!("invalid role {:?}", args.role))?;
    let workspace_id = args.workspace.unwrap_or_else(Uuid::new_v4);
    let expires_at = Timestamp::now().plus_seconds(i64::from(args.days) * SECONDS_PER_DAY);

    let (caller, key) = create_api_key(&db, workspace_id, role, args.name, expires_at)
        .map_err(|error| format!("cannot create the API key: {error}"))?;

    print_json(json!({
        "workspace_id": caller.workspace_id,
        "key_id": caller.key_id,
        "api_key": key.expose(),
        "role": caller.role.as_str(),
        "expires_at": caller.expires_at,
    }))
}

fn api_key_revoke(args: ApiKeyRevokeArgs) -> Result<(), String> {
    let db = open(&args.database.database)?;
    let now = Timestamp::now();

    let revoked = db
        .write_blocking(|tx| api_keys::revoke(tx, args.key_id, now))
        .map_err(|error| format!("cannot revoke the API key: {error}"))?;
    if !revoked {
        return Err(format!(
            "no unrevoked API key has id {}; check the id that `api-key create` printed",
            args.key_id
        ));
    }

    print_json(json!({ "key_id": args.key_id, "revoked_at": now }))
}

fn seed_workspace(args: SeedArgs) -> Result<(), String> {
    let db = open(&args.database.database)?;
    let started = Instant::now();

    let summary = db
        .write_blocking(|tx| seed::fill(tx, args.workspace, args.services, args.integrations))
        .map_err(|error| format!("cannot seed the workspace: {error}"))?;

    print_json(json!({
        "workspace_id": args.workspace,
        "services": summary.services,
        "integrations": summary.integrations,
        "elapsed_ms": started.elapsed().as_millis() as u64,
    }))
}

fn service_deactivate(args: ServiceDeactivateArgs) -> Result<(), String> {
    let db = open(&args.database.database)?;
    let now = Timestamp::now();

    let changed = db
        .write_blocking(|tx| services::deactivate(tx, args.service_id, now))
        .map_err(|error| format!("cannot deactivate the service: {error}"))?;
    if !changed {
        return Err(format!("no service has id {}", args.service_id));
    }

    print_json(json!({ "service_id": args.service_id, "is_active": false }))
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    let db = open(&args.database.database)?;
    let console = match &args.console_dir {
        Some(dir) => Some(std::sync::Arc::new(Console::load(
            dir,
            &args.csp_connect_src,
        )?)),
        None => None,
    };
    let demo_key = if args.demo {
        Some(demo::prepare(&db).map_err(|error| format!("cannot prepare the demo data: {error}"))?)
    } else {
        None
    };
    let state = AppState {
        db,
        console,
        cors_origins: args.cors_origin.clone(),
        faults: None,
    };
    let faults = FaultConfig {
        latency_ms: args.latency_ms,
        fail_rate: args.fail_rate,
        drop_rate: args.drop_rate,
        rate_limit: args.rate_limit,
        seed: args.fault_seed,
    };
    let state = AppState {
        faults: faults.is_enabled().then(|| FaultInjector::new(faults)),
        ..state
    };

    let listener = TcpListener::bind(args.listen)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", args.listen))?;
    let address = listener
        .local_addr()
        .map_err(|error| format!("cannot read the listening address: {error}"))?;
    let mut lines = format!("platform-sandbox listening on http://{address}\n");
    if let Some(key) = &demo_key {
        lines.push_str(&format!(
            "Console: http://{address}/\nOwner API key: {}\n",
            key.expose()
        ));
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(lines.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|error| format!("cannot write to stdout: {error}"))?;
    drop(stdout);
    tracing::info!(%address, database = %args.database.database.display(), "serving");

    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|error| format!("server failed: {error}"))?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = interrupt => tracing::info!("SIGINT received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}
