//! Shared by the store's crash tests, local (`secret.rs`) and on AWS (`aws.rs`).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Child;

/// Kills writers mid-`load` and checks the store stays whole. Each round writes a
/// dotenv file setting every one of `names` to one generation (`gen<round>-<pad>`),
/// starts `spawn_load(file)`, and kills it with SIGKILL somewhere between its start and
/// 1.5 times a whole run (timed on round 0, which runs to the end); `list(round)` (the
/// output of `secret list --values`) must then hold every name, all of one generation.
/// Rounds go on until `min_kills` kills have landed while a writer ran and 2 writers
/// have finished, whatever the machine's load does to the timing (at most `max_rounds`).
pub fn kill_writers_mid_load(
    dir: &Path,
    names: &[String],
    pad: usize,
    spawn_load: &dyn Fn(&Path) -> Child,
    list: &dyn Fn(u32) -> String,
    min_kills: u32,
    max_rounds: u32,
) {
    let pad = "x".repeat(pad);
    let load = |round: u32| {
        let file = dir.join(format!("gen{round}.env"));
        let body: String = names
            .iter()
            .map(|n| format!("{n}=gen{round}-{pad}\n"))
            .collect();
        std::fs::write(&file, body).unwrap();
        spawn_load(&file)
    };
    let started = std::time::Instant::now();
    assert!(load(0).wait().unwrap().success());
    let whole_run = started.elapsed();
    let (mut killed_mid_run, mut completed, mut generations) = (0, 0, BTreeSet::new());
    for round in 1..=max_rounds {
        if killed_mid_run >= min_kills && completed >= 2 {
            break;
        }
        let mut child = load(round);
        // Spread over 0..1.5 runs: most land mid-write, some after it.
        std::thread::sleep(whole_run * (round % 16) / 10);
        match child.try_wait().unwrap() {
            None => killed_mid_run += 1,
            Some(status) => {
                assert!(status.success(), "round {round}: {status}");
                completed += 1;
            }
        }
        let _ = child.kill();
        child.wait().unwrap();
        let listed = list(round);
        let gens: BTreeSet<&str> = listed
            .lines()
            .map(|l| l.split_once("=gen").unwrap().1.split('-').next().unwrap())
            .collect();
        assert_eq!(
            gens.len(),
            1,
            "round {round}: one generation, whole: {gens:?}"
        );
        assert_eq!(
            listed.lines().count(),
            names.len(),
            "round {round}: a whole generation"
        );
        generations.insert(gens.first().unwrap().to_string());
    }
    assert!(
        killed_mid_run >= min_kills,
        "kills must land while writers run: {killed_mid_run}"
    );
    assert!(
        completed >= 2 && generations.len() > 1,
        "later writes completed too: {generations:?}"
    );
}
