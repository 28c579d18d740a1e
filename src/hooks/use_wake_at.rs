use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use platform_api::Timestamp;
use send_wrapper::SendWrapper;

/// Maximum delay `setTimeout` accepts (2^31 - 1 ms, about 24.8 days). A
/// longer wait fires early, re-reads the clock and waits again.
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

/// The current time as a signal that updates when the instant `next`
/// returns has passed.
///
/// `next` gets the current time and returns the next instant worth waking
/// up for, or `None` for none; signals it reads are tracked, so a change in
/// them schedules again. One timer runs at a time, and it is cleared on
/// cleanup.
pub fn use_wake_at(
    next: impl Fn(Timestamp) -> Option<Timestamp> + 'static,
) -> ReadSignal<Timestamp> {
    let (now, set_now) = signal(current_time());
    let timer = StoredValue::new(None::<SendWrapper<Timeout>>);

    Effect::new(move |_| {
        // Reading `now` re-runs this effect after each wake-up, so the next
        // instant is worked out from the fresh clock.
        let Some(at) = next(now.get()) else {
            cancel(timer);
            return;
        };
        let wait_ms = (at.unix_millis_f64() - js_sys::Date::now()).clamp(0.0, MAX_TIMEOUT_MS);
        // One extra millisecond, so the clock reads at or after `at`
        // when the timer fires.
        let timeout = Timeout::new(wait_ms.ceil() as u32 + 1, move || {
            set_now.try_set(current_time());
        });
        cancel(timer);
        timer.set_value(Some(SendWrapper::new(timeout)));
    });

    on_cleanup(move || cancel(timer));

    now
}

fn cancel(timer: StoredValue<Option<SendWrapper<Timeout>>>) {
    if let Some(timeout) = timer.try_update_value(Option::take).flatten() {
        timeout.take().cancel();
    }
}

fn current_time() -> Timestamp {
    Timestamp::from_unix_millis_f64(js_sys::Date::now())
}
