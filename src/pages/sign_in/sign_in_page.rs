use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{ApiError, RequestScope};
use crate::app::{use_api, use_session};
use crate::components::form::FieldError;
use crate::session::SessionState;

/// The sign-in form, shown in place of any page while signed out, so that
/// after signing in the admin stays on the URL they were on, unless the new
/// key belongs to another workspace than the one a 401 ended.
#[component]
pub fn SignInPage() -> impl IntoView {
    let client = use_api();
    let session = use_session();
    let navigate = use_navigate();
    let scope = RequestScope::new();
    let api_key = RwSignal::new(String::new());
    let checking = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let notice = move || {
        session.state().with(|state| match state {
            SessionState::SignedOut { notice } => notice.clone(),
            _ => None,
        })
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if checking.get_untracked() {
            return;
        }
        let key = api_key.get_untracked().trim().to_owned();
        if key.is_empty() {
            error.set(Some("Paste an API key to sign in.".to_owned()));
            return;
        }
        checking.set(true);
        error.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let signal = scope.signal();
            let result = client.auth_me(&key, signal.as_ref()).await;
            checking.try_set(false);
            match result {
                Ok(me) => {
                    // The URL kept after a 401 names the old workspace's
                    // pages; with a key of another workspace, start at the list.
                    let other_workspace = session
                        .take_ended_workspace()
                        .is_some_and(|ended| ended != me.workspace_id);
                    session.sign_in(key, me);
                    if other_workspace {
                        navigate("/integrations", Default::default());
                    }
                }
                Err(ApiError::Aborted) => {}
                Err(ApiError::Unauthorized) => {
                    error.try_set(Some(
                        "That API key is invalid or expired. Check it and try again.".to_owned(),
                    ));
                }
                Err(other) => {
                    error.try_set(Some(other.to_string()));
                }
            }
        });
    };

    view! {
        <section class="page narrow">
            <h1>"Sign in"</h1>
            {move || notice().map(|text| view! {
                <div class="banner warning" role="alert" data-testid="session-notice">
                    <p><span aria-hidden="true">"⚠ "</span>{text}</p>
                </div>
            })}
            <p>"Paste an API key of your workspace. It stays in this tab only and is sent to the Platform API, nowhere else."</p>
            <form class="form" on:submit=submit>
                <div class="field">
                    <label for="api-key">"API key"</label>
                    <input
                        id="api-key"
                        type="password"
                        autocomplete="off"
                        spellcheck="false"
                        class="mono"
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        aria-describedby="api-key-error"
                        prop:value=move || api_key.get()
                        on:input=move |event| api_key.set(event_target_value(&event))
                    />
                    <FieldError id="api-key-error" error/>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button primary" disabled=move || checking.get()>
                        "Sign in"
                    </button>
                    <span class="status-line" role="status">
                        {move || checking.get().then_some("Checking the key…")}
                    </span>
                </div>
            </form>
        </section>
    }
}
