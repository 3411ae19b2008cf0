//! `run`'s child process: spawned with the links added to this process's
//! environment, SIGINT, SIGTERM and SIGHUP forwarded to it while it runs, and its
//! way of ending turned into this process's exit code.

use std::ffi::OsString;

use crate::error::Error;

/// Runs `command` with `vars` added to this process's environment; returns the exit
/// code to end with: the child's, 128 + the signal that ended it, or 1 for a code
/// out of an exit code's range.
pub fn run(command: &[OsString], vars: Vec<(String, String)>) -> Result<u8, Error> {
    let code = wait(command, vars)?;
    Ok(u8::try_from(code).unwrap_or(1))
}

fn wait(command: &[OsString], vars: Vec<(String, String)>) -> Result<i32, Error> {
    let (program, args) = command
        .split_first()
        .ok_or_else(|| Error::new("no command to run"))?;
    // Caught before the child exists, so a signal that arrives while it starts is
    // forwarded, not the default action that would end this process and orphan it.
    #[cfg(unix)]
    let signals = watch_signals()?;
    let mut child = std::process::Command::new(program)
        .args(args)
        .envs(vars)
        .spawn()
        .map_err(|e| {
            Error::new(format_args!(
                "cannot run {}: {e}",
                program.to_string_lossy()
            ))
        })?;
    #[cfg(unix)]
    let forwarding = forward_signals(signals, child.id())?;
    let status = child
        .wait()
        .map_err(|e| Error::new(format_args!("waiting for the command: {e}")))?;
    #[cfg(unix)]
    forwarding.close();
    if let Some(code) = status.code() {
        return Ok(code);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return Ok(128 + signal);
        }
    }
    Ok(1)
}

/// Catches SIGINT, SIGTERM and SIGHUP, queued until [`forward_signals`] sends them on.
#[cfg(unix)]
fn watch_signals() -> Result<signal_hook::iterator::Signals, Error> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
        .map_err(|e| Error::new(format_args!("cannot watch signals: {e}")))
}

/// Forwards the signals `signals` catches (those already queued first) to the child,
/// until the returned handle is closed.
#[cfg(unix)]
fn forward_signals(
    mut signals: signal_hook::iterator::Signals,
    pid: u32,
) -> Result<signal_hook::iterator::Handle, Error> {
    let handle = signals.handle();
    let pid = libc::pid_t::try_from(pid).map_err(|_| Error::new("child pid out of range"))?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            // SAFETY: kill(2) has no memory effects; `pid` is our own child, reaped only
            // after this forwarding stops (the handle is closed after `wait`).
            unsafe {
                libc::kill(pid, signal);
            }
        }
    });
    Ok(handle)
}
