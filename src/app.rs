//! The root component: context, router, header and routes.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::api::{ApiClient, ApiError, RequestScope};
use crate::components::layout::{AppHeader, OfflineBanner, RetryStatus};
use crate::hooks::{use_online, Online};
use crate::pages::integrations::{IntegrationDetailPage, IntegrationListPage, NewIntegrationPage};
use crate::pages::not_found::NotFoundPage;
use crate::pages::sign_in::SignInPage;
use crate::routes::{LastListPath, RouterBase};
use crate::session::{Session, SessionPhase, EXPIRED_NOTICE};

/// Renders the console with `client`, whose session was restored from the
/// tab. `base` is the router base path ("" or "/admin").
#[component]
pub fn App(client: ApiClient, base: String) -> impl IntoView {
    let session = client.session();
    provide_context(session);
    provide_context(client);
    provide_context(RouterBase(base.clone()));
    provide_context(LastListPath(RwSignal::new("/integrations".to_owned())));
    provide_context(Online(use_online()));

    let secret_on_screen = SecretOnScreen(RwSignal::new(false));
    provide_context(secret_on_screen);

    check_stored_key(client);
    let phase = Memo::new(move |_| match session.phase() {
        // The sign-in form waits until the admin has stored a secret on
        // screen, because it cannot be shown again.
        SessionPhase::SignedOut if secret_on_screen.0.get() => SessionPhase::SignedIn,
        phase => phase,
    });

    view! {
        <Router base=base>
            <AppHeader/>
            <OfflineBanner/>
            <RetryStatus/>
            <main id="main" class="main">
                {move || match phase.get() {
                    SessionPhase::Checking => view! {
                        <p class="status-line" role="status">"Checking your API key…"</p>
                    }
                    .into_any(),
                    SessionPhase::SignedOut => view! { <SignInPage/> }.into_any(),
                    SessionPhase::SignedIn => view! { <AppRoutes/> }.into_any(),
                }}
            </main>
        </Router>
    }
}

/// Whether a client secret is on screen. While it is, a session that ends
/// (a 401) keeps the page, and the sign-in form follows once the admin has
/// confirmed storing the secret.
#[derive(Clone, Copy)]
pub struct SecretOnScreen(pub RwSignal<bool>);

#[component]
fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=NotFoundPage>
            <Route path=path!("/") view=|| view! { <Redirect path="/integrations"/> }/>
            <Route path=path!("/integrations") view=IntegrationListPage/>
            <Route path=path!("/integrations/new") view=NewIntegrationPage/>
            <Route path=path!("/integrations/:id") view=IntegrationDetailPage/>
        </Routes>
    }
}

/// After a reload, checks the key stored in this tab. Pages already show
/// when the tab also kept the key's `auth/me` response.
fn check_stored_key(client: ApiClient) {
    let session = client.session();
    let Some(api_key) = session.stored_key() else {
        return;
    };
    let scope = RequestScope::new();
    leptos::task::spawn_local(async move {
        let signal = scope.signal();
        let result = client.auth_me(&api_key, signal.as_ref()).await;
        // The admin may have signed out, or in with another key, while the
        // check ran; its result then concerns a key no longer in use.
        if session.stored_key().as_deref() != Some(api_key.as_str()) {
            return;
        }
        match result {
            Ok(me) => session.sign_in(api_key, me),
            Err(ApiError::Aborted) => {}
            Err(ApiError::Unauthorized) => session.end_with_notice(EXPIRED_NOTICE.to_owned()),
            // A session restored from this tab stays: the pages show their
            // own errors, and a 401 on any request still ends it.
            Err(_) if session.phase_untracked() == SessionPhase::SignedIn => {}
            Err(error) => session.end_with_notice(format!(
                "Your API key could not be checked: {error} Sign in again."
            )),
        }
    });
}

/// Returns the API client provided by [`App`].
pub fn use_api() -> ApiClient {
    expect_context::<ApiClient>()
}

/// Returns the session provided by [`App`].
pub fn use_session() -> Session {
    expect_context::<Session>()
}
