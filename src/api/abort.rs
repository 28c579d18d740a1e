//! Cancellation of requests that belong to a component.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use web_sys::{AbortController, AbortSignal};

/// An `AbortController` owned by the component that creates it. It aborts
/// when the component is cleaned up, so a page that goes away stops waiting
/// for its requests.
#[derive(Clone, Copy)]
pub struct RequestScope {
    controller: StoredValue<Option<SendWrapper<AbortController>>>,
}

impl RequestScope {
    /// Creates the scope and registers its abort with `on_cleanup`.
    pub fn new() -> Self {
        let scope = RequestScope {
            controller: StoredValue::new(new_controller()),
        };
        on_cleanup(move || scope.abort());
        scope
    }

    /// The signal of the current controller, for requests that may run side
    /// by side (a page load and a button action).
    pub fn signal(&self) -> Option<AbortSignal> {
        self.controller
            .try_with_value(|controller| controller.as_ref().map(|controller| controller.signal()))
            .flatten()
    }

    /// Aborts every request started with an earlier signal and returns a
    /// fresh one; used when a newer request makes the older ones pointless.
    pub fn restart(&self) -> Option<AbortSignal> {
        self.abort();
        let fresh = new_controller();
        let signal = fresh.as_ref().map(|controller| controller.signal());
        self.controller.try_set_value(fresh);
        signal
    }

    fn abort(&self) {
        self.controller.try_with_value(|controller| {
            if let Some(controller) = controller {
                controller.abort();
            }
        });
    }
}

impl Default for RequestScope {
    fn default() -> Self {
        RequestScope::new()
    }
}

fn new_controller() -> Option<SendWrapper<AbortController>> {
    AbortController::new().ok().map(SendWrapper::new)
}
