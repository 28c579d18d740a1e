use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::app::use_session;
use crate::components::feedback::LocalTime;
use crate::format::expiry_warning;
use crate::routes::app_href;

/// The header: product name, and once signed in the workspace, key name,
/// key expiry (with a warning within 7 days) and "Sign out".
#[component]
pub fn AppHeader() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let me = Memo::new(move |_| session.me());

    let sign_out = move |_| {
        session.sign_out();
        navigate("/", Default::default());
    };

    view! {
        <header class="app-header">
            <A href=app_href("/integrations") attr:class="brand">"Integrations console"</A>
            <Show when=move || me.with(Option::is_some)>
                <div class="key-info" data-testid="key-info">
                    {move || me.get().map(|me| {
                        let warning = expiry_warning(me.expires_in_seconds);
                        let key_name = me.name.clone().unwrap_or_else(|| me.key_id.clone());
                        view! {
                            <dl class="key-facts">
                                <div>
                                    <dt>"Workspace"</dt>
                                    <dd class="mono" data-testid="workspace-id">{me.workspace_id.to_string()}</dd>
                                </div>
                                <div>
                                    <dt>"Key"</dt>
                                    <dd data-testid="key-name">{key_name}</dd>
                                </div>
                                <div>
                                    <dt>"Expires"</dt>
                                    <dd><LocalTime at=me.expires_at/></dd>
                                </div>
                            </dl>
                            {warning.map(|text| view! {
                                <p class="key-warning" role="status" data-testid="key-expiry-warning">
                                    <span aria-hidden="true">"⚠ "</span>{text}
                                </p>
                            })}
                        }
                    })}
                    <button type="button" class="button secondary" on:click=sign_out.clone()>
                        "Sign out"
                    </button>
                </div>
            </Show>
        </header>
    }
}
