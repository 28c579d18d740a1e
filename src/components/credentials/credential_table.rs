use leptos::prelude::*;
use platform_api::{CredentialResponse, Timestamp};

use super::credential_row::CredentialRow;
use crate::credentials::status::live_first;
use crate::credentials::ServiceDirectory;

/// The credentials of an integration: live ones first, revoked ones greyed
/// below them.
#[component]
pub fn CredentialTable(
    /// The credentials in the API's order.
    #[prop(into)]
    credentials: Signal<Vec<CredentialResponse>>,
    /// Names of the services loaded so far.
    #[prop(into)]
    directory: Signal<ServiceDirectory>,
    /// The clock statuses are derived from.
    #[prop(into)]
    now: Signal<Timestamp>,
    /// Whether rotate and revoke are offered.
    writable: bool,
    /// Called by a row's rotate button.
    on_rotate: Callback<CredentialResponse>,
    /// Called by a row's revoke button.
    on_revoke: Callback<CredentialResponse>,
) -> impl IntoView {
    let ordered = Memo::new(move |_| credentials.with(|list| live_first(list)));

    view! {
        <div class="table-scroll">
            <table class="credentials-table">
                <caption class="visually-hidden">"Client credentials of this integration"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Client ID"</th>
                        <th scope="col">"Services"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Expires"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Rotated"</th>
                        <th scope="col">"Revoked"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || ordered.get()
                        key=|credential| {
                            (credential.id, credential.rotated_at, credential.revoked_at, credential.is_active)
                        }
                        let:credential
                    >
                        <CredentialRow credential directory now writable on_rotate on_revoke/>
                    </For>
                </tbody>
            </table>
        </div>
    }
}
