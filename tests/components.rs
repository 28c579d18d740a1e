//! Component tests in headless Chromium. Each test mounts into a fresh
//! element, fires DOM events, and waits a tick for Leptos to apply updates.

#![cfg(target_arch = "wasm32")]

use integrations_console::api::ApiError;
use integrations_console::components::feedback::ErrorBanner;
use integrations_console::components::form::TextAreaField;
use integrations_console::components::integrations::{FormMode, IntegrationForm, SortHeader};
use integrations_console::forms::{FormErrors, IntegrationDraft};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use platform_api::{SortField, SortKey};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|window| window.document())
        .expect("a browser document")
}

/// A fresh element attached to the body.
fn container() -> HtmlElement {
    let element = document()
        .create_element("div")
        .expect("div created")
        .dyn_into::<HtmlElement>()
        .expect("div is an HtmlElement");
    document()
        .body()
        .expect("body")
        .append_child(&element)
        .expect("div attached");
    element
}

fn find<T: JsCast>(root: &HtmlElement, selector: &str) -> T {
    root.query_selector(selector)
        .expect("valid selector")
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .dyn_into::<T>()
        .unwrap_or_else(|_| panic!("{selector} has another element type"))
}

/// Sets an input's value and fires a bubbling `input` event, as typing does.
fn type_into(element: &web_sys::HtmlElement, text: &str) {
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.set_value(text);
    } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(text);
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).expect("event created");
    element.dispatch_event(&event).expect("event dispatched");
}

#[wasm_bindgen_test]
async fn sort_header_toggles_direction_and_aria_sort() {
    let root = container();
    let (sort, set_sort) = signal(SortKey::DEFAULT);
    let _handle = mount_to(root.clone(), move || {
        view! {
            <table><thead><tr>
                <SortHeader label="Created" field=SortField::CreatedAt current=sort
                    on_sort=Callback::new(move |key| set_sort.set(key))/>
                <SortHeader label="Display name" field=SortField::DisplayName current=sort
                    on_sort=Callback::new(move |key| set_sort.set(key))/>
            </tr></thead></table>
        }
    });
    tick().await;

    let created: HtmlElement = find(&root, "th:nth-child(1)");
    let display: HtmlElement = find(&root, "th:nth-child(2)");
    assert_eq!(
        created.get_attribute("aria-sort").as_deref(),
        Some("descending")
    );
    assert_eq!(display.get_attribute("aria-sort"), None);

    find::<HtmlElement>(&display, "button").click();
    tick().await;
    assert_eq!(sort.get_untracked().to_string(), "display_name");
    assert_eq!(
        display.get_attribute("aria-sort").as_deref(),
        Some("ascending")
    );
    assert_eq!(created.get_attribute("aria-sort"), None);

    find::<HtmlElement>(&display, "button").click();
    tick().await;
    assert_eq!(sort.get_untracked().to_string(), "-display_name");
    assert_eq!(
        display.get_attribute("aria-sort").as_deref(),
        Some("descending")
    );
}

#[wasm_bindgen_test]
async fn counter_counts_characters_not_utf16_units() {
    let root = container();
    let value = RwSignal::new(String::new());
    let _handle = mount_to(root.clone(), move || {
        view! {
            <TextAreaField id="description" label="Description" value
                error=Signal::derive(|| None::<String>) max_chars=4096/>
        }
    });
    tick().await;

    let area: HtmlElement = find(&root, "textarea");
    type_into(&area, "🙂é");
    tick().await;
    let counter: HtmlElement = find(&root, "[data-testid=description-counter]");
    assert_eq!(
        counter.text_content().as_deref(),
        Some("2 / 4096 characters")
    );
    assert_eq!(value.get_untracked(), "🙂é");
}

#[wasm_bindgen_test]
async fn form_suggests_slug_until_name_is_edited() {
    let root = container();
    let submitted = RwSignal::new(None::<IntegrationDraft>);
    let _handle = mount_to(root.clone(), move || {
        view! {
            <IntegrationForm
                mode=FormMode::Create
                initial=IntegrationDraft::default()
                server_errors=Signal::derive(FormErrors::default)
                submitting=Signal::derive(|| false)
                submit_label="Create integration"
                on_submit=Callback::new(move |draft| submitted.set(Some(draft)))
            />
        }
    });
    tick().await;

    let display: HtmlElement = find(&root, "#display_name");
    let name: HtmlInputElement = find(&root, "#name");
    type_into(&display, "Café CRM");
    tick().await;
    assert_eq!(name.value(), "cafe-crm");

    type_into(name.unchecked_ref(), "my-crm");
    tick().await;
    type_into(&display, "Something else");
    tick().await;
    assert_eq!(name.value(), "my-crm");

    find::<HtmlElement>(&root, "button[type=submit]").click();
    tick().await;
    let draft = submitted.get_untracked().expect("form submitted");
    assert_eq!(draft.name, "my-crm");
    assert_eq!(draft.display_name, "Something else");
}

#[wasm_bindgen_test]
async fn form_shows_rule_errors_and_blocks_submit() {
    let root = container();
    let submitted = RwSignal::new(false);
    let _handle = mount_to(root.clone(), move || {
        view! {
            <IntegrationForm
                mode=FormMode::Create
                initial=IntegrationDraft::default()
                server_errors=Signal::derive(FormErrors::default)
                submitting=Signal::derive(|| false)
                submit_label="Create integration"
                on_submit=Callback::new(move |_| submitted.set(true))
            />
        }
    });
    tick().await;

    let name: HtmlElement = find(&root, "#name");
    type_into(&name, "Bad Name");
    tick().await;
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("true"));
    let error: HtmlElement = find(&root, "#name-error");
    assert!(error
        .text_content()
        .unwrap_or_default()
        .contains("Use lowercase letters"));

    find::<HtmlElement>(&root, "button[type=submit]").click();
    tick().await;
    assert!(!submitted.get_untracked());
}

#[wasm_bindgen_test]
async fn form_places_server_errors_and_disables_submit_in_flight() {
    let root = container();
    let errors = FormErrors::from_api_error(&ApiError::Conflict {
        detail: "Integration name already taken in this workspace.".to_owned(),
        request_id: None,
    });
    let submitting = RwSignal::new(true);
    let _handle = mount_to(root.clone(), move || {
        view! {
            <IntegrationForm
                mode=FormMode::Create
                initial=IntegrationDraft::default()
                server_errors=Signal::derive(move || errors.clone())
                submitting
                submit_label="Create integration"
                on_submit=Callback::new(|_| {})
            />
        }
    });
    tick().await;

    let error: HtmlElement = find(&root, "#name-error");
    assert!(error
        .text_content()
        .unwrap_or_default()
        .contains("already used"));
    let button: web_sys::HtmlButtonElement = find(&root, "button[type=submit]");
    assert!(button.disabled());
    submitting.set(false);
    tick().await;
    assert!(!button.disabled());
}

#[wasm_bindgen_test]
async fn error_banner_shows_request_id_as_text() {
    let root = container();
    let _handle = mount_to(root.clone(), || {
        view! {
            <ErrorBanner error=ApiError::NotFound {
                detail: "<b>gone</b>".to_owned(),
                request_id: Some("req-42".to_owned()),
            }/>
        }
    });
    tick().await;

    let banner: HtmlElement = find(&root, "[role=alert]");
    let text = banner.text_content().unwrap_or_default();
    assert!(text.contains("<b>gone</b>"), "{text}");
    assert!(text.contains("req-42"), "{text}");
    assert!(banner.query_selector("b").expect("selector").is_none());
}

fn integration(index: u128) -> platform_api::IntegrationResponse {
    platform_api::IntegrationResponse {
        id: uuid::Uuid::from_u128(index + 1),
        workspace_id: uuid::Uuid::nil(),
        name: format!("integration-{index}"),
        display_name: format!("Integration {index}"),
        description: Some("🙂 ".repeat(50)),
        is_active: true,
        created_by_entity_id: uuid::Uuid::nil(),
        created_by_credential_id: None,
        created_at: None,
        updated_at: None,
    }
}

/// Waits, a frame at a time, until `condition` holds; fails after 5 s.
async fn wait_until(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..300 {
        if condition() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(16).await;
        tick().await;
    }
    panic!("timed out waiting until {what}");
}

#[wasm_bindgen_test]
async fn table_renders_a_window_of_ten_thousand_rows() {
    use integrations_console::components::integrations::IntegrationTable;
    use integrations_console::list::ListState;
    use leptos_router::components::Router;
    use platform_api::Page;

    let root = container();
    let state = RwSignal::new(ListState::default());
    state.update(|state| {
        let request = state.restart();
        state.accept(
            request,
            Page {
                items: (0..10_000).map(integration).collect(),
                has_more: false,
                continuation_token: None,
                total: Some(10_000),
            },
        );
    });
    let _handle = mount_to(root.clone(), move || {
        view! {
            <Router>
                <IntegrationTable
                    state
                    sort=Signal::derive(|| SortKey::DEFAULT)
                    on_sort=Callback::new(|_| {})
                    on_near_end=Callback::new(|_| {})
                />
            </Router>
        }
    });
    tick().await;

    let table: HtmlElement = find(&root, "table");
    assert_eq!(
        table.get_attribute("aria-rowcount").as_deref(),
        Some("10001")
    );
    let rendered = || {
        root.query_selector_all("tr.data-row")
            .map(|rows| rows.length())
            .unwrap_or(0)
    };
    wait_until("rows render", || rendered() > 0).await;
    assert!(rendered() <= 150, "{} rows in the DOM", rendered());

    let window = web_sys::window().expect("window");
    window.scroll_to_with_x_and_y(0.0, 1.0e9);
    let last_index = || {
        let rows = root.query_selector_all("tr.data-row").ok()?;
        let last = rows.get(rows.length().checked_sub(1)?)?;
        last.dyn_into::<web_sys::Element>()
            .ok()?
            .get_attribute("aria-rowindex")
    };
    wait_until("the last row renders", || {
        last_index().as_deref() == Some("10001")
    })
    .await;
    assert!(rendered() <= 150, "{} rows in the DOM", rendered());

    window.scroll_to_with_x_and_y(0.0, 0.0);
    root.remove();
}
