//! `Resource::get()` panics where it is called, not at the macro's line: the panic
//! names the handler's line a user must look at (`#[track_caller]` through the
//! generated `get` and the runtime's `panic_load`). Its own test binary: it sets the
//! process's panic hook.

use std::sync::{Arc, Mutex};

sst_resources::sst_resources!("tests/fixtures/links.toml");

#[test]
fn get_panics_at_the_line_that_called_it() {
    // SAFETY: this binary's only test; no other thread reads the environment.
    for (name, _) in std::env::vars() {
        if name.starts_with("SST_") {
            unsafe { std::env::remove_var(name) };
        }
    }
    let seen = Arc::new(Mutex::new(None));
    let hook_seen = Arc::clone(&seen);
    std::panic::set_hook(Box::new(move |info| {
        let location = info.location().map(|l| (l.file().to_owned(), l.line()));
        let message = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default();
        *hook_seen.lock().unwrap() = Some((location, message));
    }));
    let line = line!() + 1;
    let result = std::panic::catch_unwind(|| Resource::get().app.name.len());
    let _ = std::panic::take_hook();
    assert!(result.is_err());
    let (location, message) = seen.lock().unwrap().take().expect("a panic");
    assert_eq!(location, Some((file!().to_owned(), line)));
    assert!(
        message.starts_with("cannot load linked resources: SST links are not active"),
        "{message}"
    );
}
