use leptos::prelude::*;
use platform_api::{CredentialResponse, Timestamp};

use super::copy_button::CopyButton;
use super::zoned_time::ZonedTime;
use crate::credentials::{credential_label, status_of, CredentialStatus, ServiceDirectory};

/// One credential in the table. The status follows `now`, so an expiry
/// turns the row over without a reload.
#[component]
pub fn CredentialRow(
    /// The credential.
    credential: CredentialResponse,
    /// Names of the services loaded so far.
    #[prop(into)]
    directory: Signal<ServiceDirectory>,
    /// The clock the status is derived from.
    #[prop(into)]
    now: Signal<Timestamp>,
    /// Whether rotate and revoke are offered (false for a deleted integration).
    writable: bool,
    /// Called by "Rotate secret for …".
    on_rotate: Callback<CredentialResponse>,
    /// Called by "Revoke …".
    on_revoke: Callback<CredentialResponse>,
) -> impl IntoView {
    let label = credential_label(&credential);
    let status = {
        let credential = credential.clone();
        Memo::new(move |_| status_of(&credential, now.get()))
    };
    let revoked = move || status.get() == CredentialStatus::Revoked;
    let client_id_cell = format!("client-id-{}", credential.id);
    let service_ids = credential.service_ids.clone();
    let services = move || {
        directory.with(|directory| {
            service_ids
                .iter()
                .map(|id| {
                    let service = directory.label(*id);
                    let class = if service.is_broken() {
                        "service broken"
                    } else {
                        "service"
                    };
                    view! { <li class=class>{service.text()}</li> }
                })
                .collect_view()
        })
    };
    let rotate = {
        let credential = credential.clone();
        move |_| on_rotate.run(credential.clone())
    };
    let revoke = {
        let credential = credential.clone();
        move |_| on_revoke.run(credential.clone())
    };

    view! {
        <tr class="credential-row" class:revoked=revoked data-testid="credential-row"
            data-client-id=credential.client_id.clone()>
            <th scope="row" class="cell-label">
                {match credential.name.as_deref().map(str::trim) {
                    Some(name) if !name.is_empty() => view! { <span>{name.to_owned()}</span> }.into_any(),
                    _ => view! { <span class="muted">"Unnamed"</span> }.into_any(),
                }}
            </th>
            <td class="cell-client-id">
                <code class="mono" id=client_id_cell.clone()>{credential.client_id.clone()}</code>
                <CopyButton
                    label=format!("Copy client ID for {label}")
                    text=Signal::stored(credential.client_id.clone())
                    fallback_id=client_id_cell
                />
            </td>
            <td><ul class="service-list">{services}</ul></td>
            <td data-testid="credential-status">
                <span class=move || format!("credential-status {}", status.get().class())>
                    {move || status.get().label()}
                </span>
            </td>
            <td data-testid="credential-expires"><ZonedTime at=credential.expires_at missing="Never"/></td>
            <td data-testid="credential-created"><ZonedTime at=credential.created_at missing="—"/></td>
            <td data-testid="credential-rotated"><ZonedTime at=credential.rotated_at missing="—"/></td>
            <td data-testid="credential-revoked"><ZonedTime at=credential.revoked_at missing="—"/></td>
            <td class="cell-actions">
                {writable.then(|| view! {
                    <button type="button" class="button secondary small" disabled=revoked
                        aria-label=format!("Rotate secret for {label}") on:click=rotate>
                        "Rotate"
                    </button>
                    <button type="button" class="button danger small" disabled=revoked
                        aria-label=format!("Revoke {label}") on:click=revoke>
                        "Revoke"
                    </button>
                })}
            </td>
        </tr>
    }
}
