use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;

/// Runs the latest scheduled action after a quiet period; scheduling again
/// before then replaces the pending action.
#[derive(Clone, Copy)]
pub struct Debouncer {
    generation: StoredValue<u64>,
    pending: StoredValue<bool>,
    delay_ms: u32,
}

impl Debouncer {
    /// A debouncer waiting `delay_ms` milliseconds.
    pub fn new(delay_ms: u32) -> Self {
        Debouncer {
            generation: StoredValue::new(0),
            pending: StoredValue::new(false),
            delay_ms,
        }
    }

    /// Runs `action` after the delay unless another call comes first.
    pub fn schedule(&self, action: impl FnOnce() + 'static) {
        let Some(generation) = self.bump() else {
            return;
        };
        self.pending.try_set_value(true);
        let this = *self;
        leptos::task::spawn_local(async move {
            TimeoutFuture::new(this.delay_ms).await;
            if this.generation.try_get_value() == Some(generation) {
                this.pending.try_set_value(false);
                action();
            }
        });
    }

    /// Drops the pending action, if any.
    pub fn cancel(&self) {
        self.bump();
        self.pending.try_set_value(false);
    }

    /// Whether an action waits to run.
    pub fn is_pending(&self) -> bool {
        self.pending.try_get_value().unwrap_or(false)
    }

    fn bump(&self) -> Option<u64> {
        self.generation.try_update_value(|generation| {
            *generation += 1;
            *generation
        })
    }
}
