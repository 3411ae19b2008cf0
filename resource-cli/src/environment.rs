//! How a function's links reach a process, and how `env` prints them: which links
//! also travel in `SST_RESOURCES_JSON` (names a shell drops; every link on Windows, as
//! SST 4.17's `EnvFor` does), the three output formats, and the size AWS Lambda
//! measures. Owns the variables' transport only; what they hold comes from `links`.

use resource_link::environment::{Environment, LINK_PREFIX};
use serde_json::{Map, Value};

/// The variable every SST SDK reads all links from (and prefers to per-link ones).
pub const RESOURCES_JSON: &str = "SST_RESOURCES_JSON";

/// AWS Lambda's limit on a function's environment, in bytes of
/// [`lambda_size`]: "4 KB" in Lambda's quotas, 4,096 as it enforces it.
pub const LAMBDA_ENV_LIMIT: usize = 4096;

/// Where the process runs: Windows upper-cases variable names on some paths, so
/// SST (`pkg/project/env.go`, `cmd/sst/shell.go`, since PR #6830) gives a process
/// there one `SST_RESOURCES_JSON` and no `SST_RESOURCE_<Name>` at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Linux, macOS and the other Unixes.
    Unix,
    /// Windows.
    Windows,
}

impl Platform {
    /// The platform this binary was built for.
    pub fn current() -> Self {
        if cfg!(windows) {
            Platform::Windows
        } else {
            Platform::Unix
        }
    }
}

/// Whether a POSIX shell keeps a variable of this name: `[A-Za-z_][A-Za-z0-9_]*`.
/// dash (`sh` on Debian and Ubuntu, so `sh -c` and npm scripts) silently drops the
/// others from the environment it passes on (SST #4977), and bash refuses to
/// `export` them.
pub fn is_shell_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The variables to give a process, and a note for stderr when links also travel in
/// `SST_RESOURCES_JSON` because of their names.
#[derive(Debug)]
pub struct Prepared {
    /// In order: what [`prepare`] was given (less the per-link variables on Windows),
    /// then `SST_RESOURCES_JSON` when it is needed.
    pub vars: Vec<(String, String)>,
    /// Names the resources a shell would lose, when there are any (Unix).
    pub note: Option<String>,
}

/// The variables to give a process linking `env`, and a note for stderr when links
/// also travel in `SST_RESOURCES_JSON` because of their names. Adds
/// `SST_RESOURCES_JSON` (`{"<Name>": {...link}, "App": {...}}`) when a link's
/// variable would not survive the trip: on Windows always, replacing every
/// `SST_RESOURCE_<Name>` as SST does; elsewhere when a linked name is not a shell
/// name, keeping the per-link variables too (SST sets them; every SST SDK, and ours,
/// reads `SST_RESOURCES_JSON` first). Plain variables (`environment` includes,
/// `[functions.F.env]` exports, `SST_KEY`) are kept as they are.
pub fn prepare(env: &Environment, platform: Platform) -> Prepared {
    let lost: Vec<&str> = env
        .links
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| !is_shell_name(&format!("{LINK_PREFIX}{name}")))
        .collect();
    let windows = platform == Platform::Windows;
    let has_links = env.app.is_some() || !env.links.is_empty();
    if !has_links || (!windows && lost.is_empty()) {
        return Prepared {
            vars: env.vars(),
            note: None,
        };
    }
    let note = (!windows).then(|| {
        let names: Vec<String> = lost.iter().map(|n| format!("`{n}`")).collect();
        let (what, var) = match lost.as_slice() {
            [one] => ("is not a shell identifier", format!("SST_RESOURCE_{one}")),
            _ => ("are not shell identifiers", "those SST_RESOURCE_<Name>".to_owned()),
        };
        format!(
            "note: {} {what}: a shell (`sh -c`, npm scripts) drops {var} from the environment, so every link also travels in {RESOURCES_JSON}, which SST's SDKs and sst-resources read first",
            names.join(", "),
        )
    });
    let mut all = Map::new();
    if let Some(app) = &env.app {
        all.insert("App".to_owned(), app.clone());
    }
    for (name, json) in &env.links {
        all.insert(name.clone(), json.clone());
    }
    let mut kept = if windows {
        env.plain.clone()
    } else {
        env.vars()
    };
    kept.retain(|(name, _)| name != RESOURCES_JSON);
    kept.push((RESOURCES_JSON.to_owned(), Value::Object(all).to_string()));
    Prepared { vars: kept, note }
}

/// How `env` prints variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// KEY='value' lines (a .env file).
    Dotenv,
    /// One JSON object of variables.
    Json,
    /// export KEY='value' lines, for `eval`.
    Shell,
}

/// `vars` in `format`, and the names left out. `shell` never prints an `export` a
/// shell refuses, and `dotenv` leaves out the same names, which dotenv readers
/// refuse too (dotenvy, python-dotenv and compose accept only
/// `[A-Za-z_][A-Za-z0-9_]*`, and a file is often `source`d). The links among them
/// reach the process through `SST_RESOURCES_JSON`, which [`prepare`] added; `json`
/// keeps every variable.
pub fn render(vars: &[(String, String)], format: Format) -> (String, Vec<String>) {
    let (kept, skipped): (Vec<_>, Vec<_>) = match format {
        Format::Json => (vars.iter().collect(), Vec::new()),
        Format::Dotenv | Format::Shell => vars.iter().partition(|(name, _)| is_shell_name(name)),
    };
    let skipped = skipped.into_iter().map(|(k, _)| k.clone()).collect();
    let text = match format {
        Format::Dotenv => kept
            .iter()
            .map(|(k, v)| format!("{k}={}\n", shell_quote(v)))
            .collect(),
        Format::Shell => kept
            .iter()
            .map(|(k, v)| format!("export {k}={}\n", shell_quote(v)))
            .collect(),
        Format::Json => {
            let object: Map<String, Value> = kept
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            format!("{}\n", Value::Object(object))
        }
    };
    (text, skipped)
}

/// `value` as a single-quoted shell word.
pub fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "'\\''"))
}

/// The size AWS Lambda gives an environment: the bytes of the compact JSON object of
/// the variable map, every character outside ASCII escaped as `\uXXXX` (a UTF-16
/// unit each), which is what its error quotes as "String measured" and what
/// LocalStack's emulation measures. A function whose size exceeds
/// [`LAMBDA_ENV_LIMIT`] is refused at deploy.
pub fn lambda_size(vars: &[(String, String)]) -> usize {
    let object: Map<String, Value> = vars
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    let text = Value::Object(object).to_string();
    text.chars()
        .map(|c| if c.is_ascii() { 1 } else { 6 * c.len_utf16() })
        .sum()
}

/// Where a function's links travel: what to advise when its environment is too big.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shipping {
    /// One `SST_RESOURCE_<Name>` variable each.
    InVariables,
    /// In SST's encrypted bundle (`env --bundle`).
    InBundle,
}

/// A warning when `vars` would not fit in a Lambda function's environment; `whose`
/// names them in it ("this environment", "the environment of function `Api`").
pub fn lambda_warning(vars: &[(String, String)], links: Shipping, whose: &str) -> Option<String> {
    let size = lambda_size(vars);
    if size <= LAMBDA_ENV_LIMIT {
        return None;
    }
    let help = match links {
        Shipping::InBundle => {
            "help: the links are already in the bundle; what remains is `environment` includes and [functions.F.env] exports: shorten or drop some"
        }
        Shipping::InVariables => {
            "help: ship the links in SST's encrypted bundle instead (`sst-resources env --bundle DIR`), as SST does for its own functions; it leaves SST_RESOURCE_App, SST_KEY, SST_KEY_FILE and the plain variables (`environment` includes, [functions.F.env] exports) in the environment"
        }
    };
    Some(format!(
        "warning: {whose} comes to {size} bytes as AWS Lambda measures an environment (the JSON of its variable map), over its 4 KB limit ({LAMBDA_ENV_LIMIT} bytes): a Lambda function given them fails to deploy\n{help}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// The environment whose variables are `pairs` (`SST_RESOURCE_App`, then links,
    /// then plain variables).
    fn env(pairs: &[(String, String)]) -> Environment {
        let mut env = Environment::default();
        for (name, value) in pairs {
            match name.strip_prefix(LINK_PREFIX) {
                Some("App") => env.app = Some(serde_json::from_str(value).unwrap()),
                Some(link) => env.link(link, serde_json::from_str(value).unwrap()),
                None => env.push(name, value.clone()),
            }
        }
        env
    }

    #[test]
    fn shell_names_are_posix_identifiers() {
        for ok in ["SST_RESOURCE_MyApi", "_x", "A1"] {
            assert!(is_shell_name(ok), "{ok}");
        }
        for bad in [
            "SST_RESOURCE_my-api",
            "SST_RESOURCE_media.store",
            "1A",
            "",
            "SST_RESOURCE_Café",
        ] {
            assert!(!is_shell_name(bad), "{bad}");
        }
    }

    #[test]
    fn shell_names_only_need_no_json() {
        let given = vars(&[
            ("SST_RESOURCE_App", r#"{"name":"a","stage":"dev"}"#),
            ("SST_RESOURCE_MyBucket", r#"{"name":"b"}"#),
        ]);
        let p = prepare(&env(&given), Platform::Unix);
        assert_eq!(p.vars, given);
        assert!(p.note.is_none());
    }

    #[test]
    fn a_name_a_shell_drops_adds_resources_json_with_every_link_and_a_note() {
        let p = prepare(
            &env(&vars(&[
                ("SST_RESOURCE_App", r#"{"name":"a","stage":"dev"}"#),
                ("SST_RESOURCE_my-api", r#"{"url":"u"}"#),
                ("SST_RESOURCE_MyBucket", r#"{"name":"b"}"#),
                ("BUCKET", "b"),
            ])),
            Platform::Unix,
        );
        let names: Vec<&str> = p.vars.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "SST_RESOURCE_App",
                "SST_RESOURCE_my-api",
                "SST_RESOURCE_MyBucket",
                "BUCKET",
                "SST_RESOURCES_JSON"
            ]
        );
        let json: Value = serde_json::from_str(&p.vars[4].1).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"App": {"name": "a", "stage": "dev"}, "my-api": {"url": "u"}, "MyBucket": {"name": "b"}})
        );
        let note = p.note.unwrap();
        assert!(
            note.contains("`my-api` is not a shell identifier"),
            "{note}"
        );
        assert!(!note.contains("MyBucket"), "{note}");
    }

    #[test]
    fn on_windows_every_link_travels_in_resources_json_only_as_sst_does() {
        let p = prepare(
            &env(&vars(&[
                ("SST_RESOURCE_App", r#"{"name":"a","stage":"dev"}"#),
                ("SST_RESOURCE_MyBucket", r#"{"name":"b"}"#),
                ("BUCKET", "b"),
            ])),
            Platform::Windows,
        );
        assert_eq!(
            p.vars,
            vars(&[
                ("BUCKET", "b"),
                (
                    "SST_RESOURCES_JSON",
                    r#"{"App":{"name":"a","stage":"dev"},"MyBucket":{"name":"b"}}"#
                ),
            ])
        );
        assert!(p.note.is_none());
    }

    #[test]
    fn shell_and_dotenv_never_print_a_name_a_shell_refuses_and_json_keeps_it() {
        let given = vars(&[("SST_RESOURCE_my-api", "{}"), ("OK", "it's")]);
        let (text, skipped) = render(&given, Format::Shell);
        assert_eq!(text, "export OK='it'\\''s'\n");
        assert_eq!(skipped, ["SST_RESOURCE_my-api"]);
        let (text, skipped) = render(&given, Format::Dotenv);
        assert_eq!(text, "OK='it'\\''s'\n");
        assert_eq!(skipped, ["SST_RESOURCE_my-api"]);
        let (text, skipped) = render(&given, Format::Json);
        assert_eq!(text, "{\"OK\":\"it's\",\"SST_RESOURCE_my-api\":\"{}\"}\n");
        assert!(skipped.is_empty());
    }

    #[test]
    fn lambda_size_is_the_json_of_the_map_with_non_ascii_escaped() {
        // {"A":"b"} is 9 bytes; a quote inside costs its backslash.
        assert_eq!(lambda_size(&vars(&[("A", "b")])), 9);
        assert_eq!(lambda_size(&vars(&[("A", "\"")])), 10);
        // é is \u00e9 (6), an astral character two \uXXXX escapes (12).
        assert_eq!(lambda_size(&vars(&[("A", "é")])), 8 + 6);
        assert_eq!(lambda_size(&vars(&[("A", "😀")])), 8 + 12);
        assert_eq!(lambda_size(&vars(&[("A", "b"), ("C", "d")])), 17);
    }

    #[test]
    fn the_lambda_limit_is_inclusive_at_4096_bytes() {
        // {"A":"<n x>"} is n + 8 bytes.
        let at = vars(&[("A", &"x".repeat(LAMBDA_ENV_LIMIT - 8))]);
        assert_eq!(lambda_size(&at), LAMBDA_ENV_LIMIT);
        assert!(lambda_warning(&at, Shipping::InVariables, "this environment").is_none());
        let over = vars(&[("A", &"x".repeat(LAMBDA_ENV_LIMIT - 7))]);
        let warning = lambda_warning(&over, Shipping::InVariables, "this environment").unwrap();
        assert!(warning.contains("4097 bytes"), "{warning}");
        assert!(warning.contains("--bundle"), "{warning}");
    }
}
