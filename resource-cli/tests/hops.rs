//! Links survive every hop to the process (issue #14): names SST allows but a shell
//! drops (`my-api`, `media.store`) reach the app through `sh -c` (dash drops them from
//! the environment: SST #4977), through `bash -c 'eval "$(sst-resources env --format
//! shell)"'` (bash refuses to export them), and through the dotenv and JSON formats,
//! each time read back by the real generated loader.

use std::collections::BTreeMap;
use std::process::{Command, Output};

sst_resources::sst_resources!("tests/fixtures/hops/links.toml", function = "Api");

const MANIFEST: &str = "resource-cli/tests/fixtures/hops/links.toml";

/// What the loader read, as one comparable text.
fn dump(r: &Resource) -> String {
    serde_json::json!({
        "app": [r.app.name, r.app.stage],
        "my-api": [r.my_api.url, r.my_api.port, r.my_api.note],
        "media.store": r.media_store.name,
        "Plain": r.plain.url,
    })
    .to_string()
}

/// What links.dev.toml holds, as the loader must give it back.
fn expected() -> String {
    serde_json::json!({
        "app": ["hops", "dev"],
        "my-api": ["https://api.example.com/x?a=1&b='2'", 8443, "it's \"quoted\", $HOME `not run`\nsecond line, café"],
        "media.store": "hops-dev-media",
        "Plain": "https://sqs.us-east-1.amazonaws.com/123456789012/hops-dev-plain",
    })
    .to_string()
}

/// The child half: loads from the process environment and prints what it read.
#[test]
fn child_loads_from_its_environment() {
    if std::env::var_os("HOPS_CHILD").is_none() {
        return;
    }
    match Resource::load() {
        Ok(r) => println!("LOADED {}", dump(&r)),
        Err(e) => println!("FAILED {e}"),
    }
}

/// This test binary, re-run as the child above.
fn child_command() -> String {
    std::env::current_exe().unwrap().display().to_string()
}

fn sst_resources(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sst-resources"));
    command
        .args(args)
        .env(
            "SST_HOME",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/no-sst-home"),
        )
        .env_remove("SST_RESOURCES_JSON")
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The child's report from `out`'s stdout.
fn loaded(out: &Output) -> String {
    let stdout = text(&out.stdout);
    stdout
        .lines()
        .find_map(|l| {
            l.strip_prefix("LOADED ")
                .or(l.strip_prefix("FAILED ").map(|_| l))
        })
        .unwrap_or_else(|| panic!("the child printed nothing: {stdout}\n{}", text(&out.stderr)))
        .to_owned()
}

fn env_output(format: &str) -> Output {
    let out = sst_resources(&[
        "env",
        "--manifest",
        MANIFEST,
        "--function",
        "Api",
        "--format",
        format,
    ])
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    out
}

#[test]
fn run_through_sh_c_keeps_the_links_a_shell_drops() {
    let out = sst_resources(&[
        "run",
        "--manifest",
        MANIFEST,
        "--function",
        "Api",
        "--",
        "sh",
        "-c",
    ])
    .arg("exec \"$0\" --exact child_loads_from_its_environment --nocapture")
    .arg(child_command())
    .env("HOPS_CHILD", "1")
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(loaded(&out), expected());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("note: `my-api`, `media.store` are not shell identifiers"),
        "{stderr}"
    );
}

#[test]
fn sh_really_drops_such_a_name_so_the_json_is_what_carries_it() {
    // What the fix is for: under dash (`sh` on Debian and Ubuntu) the per-link variable
    // is gone, and SST_RESOURCES_JSON is still there.
    let out = sst_resources(&[
        "run",
        "--manifest",
        MANIFEST,
        "--function",
        "Api",
        "--",
        "sh",
        "-c",
    ])
    .arg("env | cut -d= -f1")
    .output()
    .unwrap();
    let names = text(&out.stdout);
    assert!(names.lines().any(|l| l == "SST_RESOURCES_JSON"), "{names}");
    assert!(names.lines().any(|l| l == "SST_RESOURCE_Plain"), "{names}");
    let sh = std::fs::read_link("/bin/sh").map(|p| p.display().to_string());
    if sh.as_deref().is_ok_and(|p| p.ends_with("dash")) {
        assert!(
            !names.contains("SST_RESOURCE_my-api"),
            "dash kept it: {names}"
        );
    }
}

#[test]
fn env_shell_evaluated_by_bash_keeps_every_link() {
    let env = env_output("shell");
    let script = text(&env.stdout);
    assert!(!script.contains("export SST_RESOURCE_my-api"), "{script}");
    let out = Command::new("bash")
        .arg("-c")
        .arg("eval \"$ENV_SCRIPT\" && exec \"$0\" --exact child_loads_from_its_environment --nocapture")
        .arg(child_command())
        .env("ENV_SCRIPT", &script)
        .env("HOPS_CHILD", "1")
        .env_remove("SST_RESOURCES_JSON")
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("not a valid identifier"), "{stderr}");
    assert!(out.status.success(), "{stderr}");
    assert_eq!(loaded(&out), expected());
    assert!(
        text(&env.stderr).contains("`my-api`"),
        "{}",
        text(&env.stderr)
    );
}

#[test]
fn env_dotenv_read_by_a_dotenv_reader_keeps_every_link() {
    let env = env_output("dotenv");
    let vars: BTreeMap<String, String> = dotenvy::from_read_iter(env.stdout.as_slice())
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("dotenvy refused the output: {e}\n{}", text(&env.stdout)));
    assert!(vars.contains_key("SST_RESOURCES_JSON"), "{vars:?}");
    assert_eq!(dump(&Resource::from_source(&vars).unwrap()), expected());
}

#[test]
fn env_json_keeps_every_variable_and_every_link() {
    let env = env_output("json");
    let vars: BTreeMap<String, String> = serde_json::from_slice(&env.stdout).unwrap();
    assert!(vars.contains_key("SST_RESOURCE_my-api"), "{vars:?}");
    assert!(vars.contains_key("SST_RESOURCES_JSON"), "{vars:?}");
    assert_eq!(dump(&Resource::from_source(&vars).unwrap()), expected());
}

/// A manifest whose one function's environment is `pad` bytes of one value plus
/// SST's JSON around it, in a fresh directory.
fn big_app(pad: usize) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("lambda-{pad}"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("links.toml"),
        "[app]\nname = \"big\"\n[resources.Big]\ntype = \"sst.Linkable\"\nproperties = { v = \"string\" }\n[functions.Api]\nlink = [\"Big\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("links.dev.toml"),
        format!("[Big]\nv = \"{}\"\n", "x".repeat(pad)),
    )
    .unwrap();
    dir.join("links.toml")
}

/// `env --format json` for [`big_app`]: its output's size as AWS measures it (all
/// ASCII here, so the compact JSON's length), and what `env` said on stderr.
fn big_env(pad: usize) -> (usize, String) {
    let manifest = big_app(pad);
    let out = sst_resources(&["env", "--function", "Api", "--format", "json", "--manifest"])
        .arg(&manifest)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let vars: BTreeMap<String, String> = serde_json::from_slice(&out.stdout).unwrap();
    (
        serde_json::to_string(&vars).unwrap().len(),
        text(&out.stderr),
    )
}

#[test]
fn env_and_check_warn_past_lambdas_4096_bytes_and_not_at_them() {
    let (size, _) = big_env(1000);
    let at = 1000 + 4096 - size;
    let (size, stderr) = big_env(at);
    assert_eq!(size, 4096);
    assert!(!stderr.contains("warning"), "{stderr}");
    let (size, stderr) = big_env(at + 1);
    assert_eq!(size, 4097);
    assert!(
        stderr.contains("warning: this environment comes to 4097 bytes as AWS Lambda measures"),
        "{stderr}"
    );
    assert!(stderr.contains("--bundle"), "{stderr}");

    let check = |pad: usize| {
        sst_resources(&["check", "--stage", "dev", "--manifest"])
            .arg(big_app(pad))
            .output()
            .unwrap()
    };
    let out = check(at + 1);
    assert!(
        out.status.success(),
        "a warning does not fail check: {}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("the environment of function `Api` comes to 4097 bytes"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).ends_with(": ok, 1 warning\n"),
        "{}",
        text(&out.stdout)
    );
    let out = check(at);
    assert!(!text(&out.stderr).contains("4 KB"), "{}", text(&out.stderr));
    // With the links in the bundle, the same function fits.
    let out = sst_resources(&["env", "--function", "Api", "--bundle"])
        .arg(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("lambda-bundle"))
        .arg("--manifest")
        .arg(big_app(at + 1))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        !text(&out.stderr).contains("warning"),
        "{}",
        text(&out.stderr)
    );
}
