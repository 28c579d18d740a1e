//! Entry point of the browser build; everything lives in the library.

fn main() {
    integrations_console::start();
}
