use crate::routes::app_href;
use leptos::prelude::*;
use leptos_router::components::A;

/// Shown for paths the console does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p>"This address does not exist in the console. "
                <A href=app_href("/integrations")>"Go to the integrations list"</A>"."</p>
        </section>
    }
}
