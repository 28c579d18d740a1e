use std::collections::BTreeSet;

use leptos::prelude::*;
use platform_api::rules::DESCRIPTION_MAX_LENGTH;

use crate::components::form::{TextAreaField, TextField};
use crate::forms::integration::{check_field, NAME_PATTERN_HELP};
use crate::forms::{suggest_slug, Field, FormErrors, IntegrationDraft};

/// Whether the form creates an integration or edits one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormMode {
    /// The name follows the display name until the admin edits it.
    Create,
    /// Save stays disabled until something differs from the initial draft.
    Edit,
}

/// The display name, name and description form. Each field shows the
/// Platform API rule it breaks once it was edited or left; `server_errors`
/// show under their field until that field changes.
#[component]
pub fn IntegrationForm(
    /// Create or edit.
    mode: FormMode,
    /// Values the form starts with.
    initial: IntegrationDraft,
    /// Errors of the last submit.
    #[prop(into)]
    server_errors: Signal<FormErrors>,
    /// Whether a request is in flight; the submit button is disabled meanwhile.
    #[prop(into)]
    submitting: Signal<bool>,
    /// Text of the submit button.
    submit_label: &'static str,
    /// Called with the draft when it passes every check.
    on_submit: Callback<IntegrationDraft>,
    /// Shows a "Cancel" button calling this.
    #[prop(optional, into)]
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let display_name = RwSignal::new(initial.display_name.clone());
    let name = RwSignal::new(initial.name.clone());
    let description = RwSignal::new(initial.description.clone());
    let name_edited = RwSignal::new(mode == FormMode::Edit);
    let touched = RwSignal::new(BTreeSet::<Field>::new());
    // Fields changed since the last submit; their server errors are stale.
    let changed_since_submit = RwSignal::new(BTreeSet::<Field>::new());

    let draft = Memo::new(move |_| IntegrationDraft {
        display_name: display_name.get(),
        name: name.get(),
        description: description.get(),
    });
    let unchanged = {
        let initial = initial.clone();
        move || mode == FormMode::Edit && draft.with(|draft| *draft == initial)
    };

    let mark = move |field: Field| {
        touched.update(|set| {
            set.insert(field);
        });
        changed_since_submit.update(|set| {
            set.insert(field);
        });
    };
    let error_for = move |field: Field| {
        Signal::derive(move || {
            let server = server_errors.with(|errors| errors.fields.get(&field).cloned());
            if let Some(message) = server {
                if !changed_since_submit.with(|set| set.contains(&field)) {
                    return Some(message);
                }
            }
            if touched.with(|set| set.contains(&field)) {
                draft.with(|draft| check_field(field, draft.value(field)))
            } else {
                None
            }
        })
    };

    let on_display_name_input = move |text: String| {
        mark(Field::DisplayName);
        if !name_edited.get_untracked() {
            name.set(suggest_slug(&text));
        }
    };
    let on_name_input = move |_text: String| {
        name_edited.set(true);
        mark(Field::Name);
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if submitting.get_untracked() {
            return;
        }
        touched.set([Field::DisplayName, Field::Name, Field::Description].into());
        let current = draft.get_untracked();
        if !current.check().is_empty() {
            return;
        }
        changed_since_submit.set(BTreeSet::new());
        on_submit.run(current);
    };

    view! {
        <form class="form" novalidate on:submit=submit>
            {move || {
                let banner = server_errors.with(|errors| errors.banner.clone());
                (!banner.is_empty()).then(|| view! {
                    <div class="banner error" role="alert" data-testid="form-banner">
                        {banner.into_iter().map(|line| view! {
                            <p><span aria-hidden="true">"✖ "</span>{line}</p>
                        }).collect_view()}
                    </div>
                })
            }}
            <TextField
                id="display_name"
                label="Display name"
                value=display_name
                error=error_for(Field::DisplayName)
                on_input=on_display_name_input
                on_blur=move |_| touched.update(|set| { set.insert(Field::DisplayName); })
            />
            <TextField
                id="name"
                label="Name"
                hint=NAME_PATTERN_HELP
                value=name
                error=error_for(Field::Name)
                input_class="mono"
                on_input=on_name_input
                on_blur=move |_| touched.update(|set| { set.insert(Field::Name); })
            />
            <TextAreaField
                id="description"
                label="Description"
                value=description
                error=error_for(Field::Description)
                max_chars=DESCRIPTION_MAX_LENGTH
                on_input=move |_| mark(Field::Description)
                on_blur=move |_| touched.update(|set| { set.insert(Field::Description); })
            />
            <div class="form-actions">
                <button
                    type="submit"
                    class="button primary"
                    disabled=move || submitting.get() || unchanged()
                    aria-busy=move || submitting.get().then_some("true")
                >
                    {submit_label}
                </button>
                <span class="status-line" role="status">
                    {move || submitting.get().then_some("Saving…")}
                </span>
                {on_cancel.map(|cancel| view! {
                    <button type="button" class="button secondary" on:click=move |_| cancel.run(())>
                        "Cancel"
                    </button>
                })}
            </div>
        </form>
    }
}
