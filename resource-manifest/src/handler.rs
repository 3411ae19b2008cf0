//! Which crate and binary SST builds for a Rust function's `handler`, and the
//! check that a binary loads the links of the function SST deploys it as.
//!
//! SST's rule, `pkg/runtime/rust/rust.go` (`Build`): the handler is split on `.`;
//! all but the last part, joined again, is a path (relative to the app's root, where
//! `sst` runs), from which `cargo.toml`, then `Cargo.toml`, is searched upwards
//! (`internal/fs/fs.go` `FindUp`: Go's `filepath.Dir` until it stops changing, so a
//! relative search ends at the root itself); cargo builds in that file's directory;
//! the binary is the last part when there are two or more, else `[package] name`.
//! `./.api` is binary `api` of the root's package; `packages/api/.main` is binary
//! `main` of `packages/api`.

use std::path::{Path, PathBuf};

use crate::{Function, Manifest};

/// What SST builds for a Rust handler: the crate directory (holding the
/// `Cargo.toml` found) and the binary's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustTarget {
    /// The directory of the `Cargo.toml` found (absolute when `app_root` was).
    pub dir: PathBuf,
    /// The binary: the handler's last `.` part, or the package's name.
    pub bin: String,
}

/// Splits a handler as SST does: `(path, Some(bin))` with two or more `.` parts,
/// `("", None)`-like `(path, None)` otherwise (`"api"` is the path `""`: SST searches
/// from the app's root).
pub fn split(handler: &str) -> (String, Option<String>) {
    let parts: Vec<&str> = handler.split('.').collect();
    let path = parts[..parts.len() - 1].join(".");
    let bin = (parts.len() >= 2).then(|| parts[parts.len() - 1].to_owned());
    (path, bin)
}

/// Go's `filepath.Dir` (Unix): all but the last element, cleaned; `"."` for none.
fn go_dir(path: &str) -> String {
    let cut = path.rfind('/').map_or(0, |i| i + 1);
    go_clean(&path[..cut])
}

/// Go's `filepath.Clean` (Unix), lexically: `.` and empty elements dropped, `..`
/// against its parent where there is one, `"."` for nothing.
fn go_clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// SST's `FindUp(path, name)`, relative to `app_root`: the first `<dir>/<name>` that
/// exists, from `path` upwards until `filepath.Dir` stops changing.
fn find_up(app_root: &Path, path: &str, name: &str) -> Option<PathBuf> {
    let mut current = path.to_owned();
    loop {
        let candidate = app_root.join(&current).join(name);
        if candidate.is_file() {
            return Some(candidate);
        }
        let parent = go_dir(&current);
        if parent == current {
            return None;
        }
        current = parent;
    }
}

/// The crate and binary SST builds for `handler`, in an app whose root is
/// `app_root`; `None` when no `Cargo.toml` is found (SST's build fails there too)
/// or it names no package and the handler no binary.
pub fn rust_target(app_root: &Path, handler: &str) -> Option<RustTarget> {
    let (path, bin) = split(handler);
    let file = find_up(app_root, &path, "cargo.toml")
        .or_else(|| find_up(app_root, &path, "Cargo.toml"))?;
    let bin = match bin {
        Some(bin) => bin,
        None => package_name(&file)?,
    };
    let dir = file.parent()?.to_path_buf();
    Some(RustTarget {
        dir: normalize(&dir),
        bin,
    })
}

/// The binaries the crate of `cargo_toml` builds, as cargo finds them: each
/// `[[bin]] name`, and unless `autobins = false`, `src/main.rs` (the package's name),
/// `src/bin/<name>.rs` and `src/bin/<name>/main.rs`. Empty when it cannot be read.
pub fn binaries(cargo_toml: &Path) -> Vec<String> {
    use toml::de::{DeTable, DeValue};
    let Ok(text) = std::fs::read_to_string(cargo_toml) else {
        return Vec::new();
    };
    let Ok(table) = DeTable::parse(&text) else {
        return Vec::new();
    };
    let table = table.get_ref();
    let package = match table.get("package").map(|p| p.get_ref()) {
        Some(DeValue::Table(p)) => Some(p),
        _ => None,
    };
    let mut out = Vec::new();
    if let Some(DeValue::Array(bins)) = table.get("bin").map(|b| b.get_ref()) {
        for bin in bins {
            if let DeValue::Table(bin) = bin.get_ref()
                && let Some(DeValue::String(name)) = bin.get("name").map(|n| n.get_ref())
            {
                out.push(name.to_string());
            }
        }
    }
    let autobins = !matches!(
        package.and_then(|p| p.get("autobins")).map(|a| a.get_ref()),
        Some(DeValue::Boolean(false))
    );
    let dir = cargo_toml.parent().unwrap_or(Path::new("."));
    if autobins {
        if dir.join("src/main.rs").is_file()
            && let Some(name) = package_name(cargo_toml)
        {
            out.push(name);
        }
        if let Ok(entries) = std::fs::read_dir(dir.join("src/bin")) {
            for entry in entries.flatten() {
                let path = entry.path();
                let name = if path.is_dir() && path.join("main.rs").is_file() {
                    path.file_name()
                } else if path.extension().is_some_and(|e| e == "rs") {
                    path.file_stem()
                } else {
                    None
                };
                if let Some(name) = name.and_then(|n| n.to_str()) {
                    out.push(name.to_owned());
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// What is wrong with `handler` as a Rust function's, in an app whose root is
/// `app_root`: no `Cargo.toml` found from its path, or a binary its crate does not
/// build. A typo there would turn the macro's check off silently. `None` when SST's
/// build would find the binary.
pub fn handler_problem(app_root: &Path, handler: &str) -> Option<String> {
    let (path, _) = split(handler);
    let Some(target) = rust_target(app_root, handler) else {
        let from = if path.is_empty() { "." } else { path.as_str() };
        return Some(format!(
            "SST finds no Cargo.toml for handler `{handler}` (it searches from `{from}` up to \
             the app's root, the directory of links.toml)"
        ));
    };
    let file = find_up(app_root, &path, "cargo.toml")
        .or_else(|| find_up(app_root, &path, "Cargo.toml"))?;
    let bins = binaries(&file);
    if bins.contains(&target.bin) {
        return None;
    }
    let built = if bins.is_empty() {
        "no binary".to_owned()
    } else {
        bins.iter()
            .map(|b| format!("`{b}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(format!(
        "handler `{handler}` names binary `{}`, which {} does not build (it builds {built})",
        target.bin,
        shown(app_root, &target.dir)
    ))
}

fn package_name(cargo_toml: &Path) -> Option<String> {
    let text = std::fs::read_to_string(cargo_toml).ok()?;
    let table = toml::de::DeTable::parse(&text).ok()?;
    let package = match table.get_ref().get("package")?.get_ref() {
        toml::de::DeValue::Table(package) => package,
        _ => return None,
    };
    match package.get("name")?.get_ref() {
        toml::de::DeValue::String(name) => Some(name.to_string()),
        _ => None,
    }
}

/// `dir` without `.` and `..` (lexically), for comparing two spellings of one path.
fn normalize(dir: &Path) -> PathBuf {
    std::fs::canonicalize(dir).unwrap_or_else(|_| PathBuf::from(go_clean(&dir.to_string_lossy())))
}

/// `dir`'s `Cargo.toml`, relative to the app's root where it lies inside it.
fn shown(app_root: &Path, dir: &Path) -> String {
    let root = normalize(app_root);
    match dir.strip_prefix(&root) {
        Ok(rel) if rel.as_os_str().is_empty() => "./Cargo.toml".to_owned(),
        Ok(rel) => format!("{}/Cargo.toml", rel.display()),
        Err(_) => format!("{}/Cargo.toml", dir.display()),
    }
}

/// The binary being compiled: its crate's directory (`CARGO_MANIFEST_DIR`) and
/// name (`CARGO_BIN_NAME`).
#[derive(Debug, Clone)]
pub struct Compiling {
    /// `CARGO_MANIFEST_DIR`.
    pub dir: PathBuf,
    /// `CARGO_BIN_NAME`.
    pub bin: String,
}

/// Whether the binary being compiled may load `function`'s links. SST deploys a
/// binary as each function whose `handler` names it, with that function's links; it
/// may load `function`'s links only if every such deployment has them all (always
/// when it is `function`'s own handler and no other's). So `function = "Api"` copied
/// into the binary SST deploys as `Reports` is refused, and so is a binary two
/// functions share loading links one of them lacks. A binary no handler names (a
/// local tool, a seed script run under `sst-resources run`) may load any function's
/// links. Handlers are read relative to `app_root` (the directory of links.toml,
/// beside sst.config.ts).
///
/// # Errors
/// The message (file, line, the functions, the links missing, the fix), as `Some`;
/// `None` when the binary may load them.
pub fn check_binary(
    manifest: &Manifest,
    app_root: &Path,
    function: &Function,
    compiling: &Compiling,
) -> Option<String> {
    let file = &manifest.file;
    let this_dir = normalize(&compiling.dir);
    let is_this = |f: &Function| {
        f.handler
            .as_ref()
            .and_then(|h| rust_target(app_root, &h.text))
            .is_some_and(|t| t.dir == this_dir && t.bin == compiling.bin)
    };
    let owners: Vec<&Function> = manifest.functions.iter().filter(|f| is_this(f)).collect();
    let lacking: Vec<(&Function, Vec<&str>)> = owners
        .iter()
        .map(|g| {
            let missing = function
                .links
                .iter()
                .filter(|l| !g.links.contains(l))
                .map(String::as_str)
                .collect::<Vec<_>>();
            (*g, missing)
        })
        .filter(|(_, missing)| !missing.is_empty())
        .collect();
    let (owner, missing) = lacking.first()?;
    let h = owner.handler.as_ref()?;
    let names = |links: &[&str]| {
        links
            .iter()
            .map(|l| format!("`{l}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let deployed = match function
        .handler
        .as_ref()
        .map(|fh| (fh, rust_target(app_root, &fh.text)))
    {
        Some((fh, Some(t))) if !is_this(function) => format!(
            "; `{}` is binary `{}` of {} (`handler = \"{}\"`, {file}:{})",
            function.name,
            t.bin,
            shown(app_root, &t.dir),
            fh.text,
            fh.line
        ),
        _ => String::new(),
    };
    let help = if owners.len() == 1 {
        format!("write `function = \"{}\"`", owner.name)
    } else {
        let all: Vec<String> = owners.iter().map(|o| format!("`{}`", o.name)).collect();
        format!(
            "SST deploys this binary as {}: load a [functions] set of only the links \
             they all have",
            all.join(" and ")
        )
    };
    Some(format!(
        "binary `{}` loads the links of function `{}`, but it is the handler of function \
         `{}` (`handler = \"{}\"`, {file}:{}), which lacks {}: in its Lambda SST gives it \
         `{}`'s links{deployed}\nhelp: {help}",
        compiling.bin,
        function.name,
        owner.name,
        h.text,
        h.line,
        names(missing),
        owner.name
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_as_sst_does() {
        assert_eq!(split("./.push"), ("./".to_owned(), Some("push".to_owned())));
        assert_eq!(split("api"), (String::new(), None));
        assert_eq!(
            split("packages/api/.main"),
            ("packages/api/".to_owned(), Some("main".to_owned()))
        );
        assert_eq!(split("a.b.c"), ("a.b".to_owned(), Some("c".to_owned())));
    }

    #[test]
    fn dir_and_clean_follow_go() {
        for (path, dir) in [
            ("", "."),
            (".", "."),
            ("./", "."),
            ("api", "."),
            ("api/", "api"),
            ("a/b/c", "a/b"),
            ("/", "/"),
            ("/a", "/"),
            ("../x", ".."),
            ("a/../b/c", "b"),
        ] {
            assert_eq!(go_dir(path), dir, "Dir({path:?})");
        }
    }

    #[test]
    fn finds_the_crate_and_binary_sst_builds() {
        let root = std::env::temp_dir().join(format!("sst-handler-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("packages/api/src")).unwrap();
        std::fs::write(root.join("Cargo.toml"), "[package]\nname = \"app\"\n").unwrap();
        std::fs::write(
            root.join("packages/api/Cargo.toml"),
            "[package]\nname = \"api-pkg\"\n",
        )
        .unwrap();
        let at = |h: &str| rust_target(&root, h).map(|t| (t.dir, t.bin));
        let canon = |p: &Path| std::fs::canonicalize(p).unwrap();
        // `./.push`: binary `push` of the root's package.
        assert_eq!(at("./.push"), Some((canon(&root), "push".to_owned())));
        // No dot: the path is empty, so the root's package, by its name.
        assert_eq!(at("api"), Some((canon(&root), "app".to_owned())));
        // Upwards from a path inside the package (its src/).
        assert_eq!(
            at("packages/api/src/.api"),
            Some((canon(&root.join("packages/api")), "api".to_owned()))
        );
        assert_eq!(
            at("packages/api/.main"),
            Some((canon(&root.join("packages/api")), "main".to_owned()))
        );
        // Which binaries the crate builds, as cargo finds them.
        std::fs::create_dir_all(root.join("src/bin/tool")).unwrap();
        std::fs::write(root.join("src/main.rs"), "fn main() {}").unwrap();
        std::fs::write(root.join("src/bin/push.rs"), "fn main() {}").unwrap();
        std::fs::write(root.join("src/bin/tool/main.rs"), "fn main() {}").unwrap();
        assert_eq!(binaries(&root.join("Cargo.toml")), ["app", "push", "tool"]);
        assert_eq!(handler_problem(&root, "./.push"), None);
        assert_eq!(
            handler_problem(&root, "./.pushh").unwrap(),
            "handler `./.pushh` names binary `pushh`, which ./Cargo.toml does not build (it builds `app`, `push`, `tool`)"
        );
        // Found upwards from a path with no Cargo.toml: the root's, which has no `x`.
        assert!(handler_problem(&root, "nowhere/.x").unwrap().starts_with(
            "handler `nowhere/.x` names binary `x`, which ./Cargo.toml does not build"
        ));
        std::fs::remove_file(root.join("Cargo.toml")).unwrap();
        assert_eq!(
            handler_problem(&root, "./.push").unwrap(),
            "SST finds no Cargo.toml for handler `./.push` (it searches from `./` up to the app's root, the directory of links.toml)"
        );
        // The relative search stops at the root: nothing above it is read.
        assert_eq!(at("./.push"), None);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_binary_loading_another_functions_links_is_refused() {
        let root = std::env::temp_dir().join(format!("sst-binary-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("Cargo.toml"), "[package]\nname = \"shop\"\n").unwrap();
        let manifest = crate::parse_str(
            "links.toml",
            "[resources.Orders]\ntype = \"sst.aws.Dynamo\"\n\
             [resources.Bus]\ntype = \"sst.aws.Bus\"\n\
             [resources.Files]\ntype = \"sst.aws.Bucket\"\n\n\
             [functions.Api]\nlink = [\"Orders\", \"Bus\"]\nhandler = \"./.api\"\n\n\
             [functions.Reports]\nlink = [\"Orders\", \"Files\"]\nhandler = \"./.reports\"\n\n\
             [functions.Cron]\nlink = [\"Bus\"]\n\n\
             [functions.Keys]\nlink = [\"Orders\"]\n\n\
             [functions.Nightly]\nlink = [\"Orders\"]\nhandler = \"./.nightly\"\n\n\
             [functions.NightlyEu]\nlink = [\"Orders\", \"Bus\"]\nhandler = \"./.nightly\"\n",
        )
        .unwrap();
        let f = |name: &str| manifest.find_function(name).unwrap();
        let bin = |bin: &str| Compiling {
            dir: root.clone(),
            bin: bin.to_owned(),
        };
        // Each binary loading its own function's links.
        assert_eq!(check_binary(&manifest, &root, f("Api"), &bin("api")), None);
        assert_eq!(
            check_binary(&manifest, &root, f("Reports"), &bin("reports")),
            None
        );
        // A function without a handler, from a binary no handler names.
        assert_eq!(
            check_binary(&manifest, &root, f("Cron"), &bin("cron")),
            None
        );
        // The copy-paste slip: `reports` with `function = "Api"`.
        assert_eq!(
            check_binary(&manifest, &root, f("Api"), &bin("reports")).unwrap(),
            "binary `reports` loads the links of function `Api`, but it is the handler of \
             function `Reports` (`handler = \"./.reports\"`, links.toml:14), which lacks \
             `Bus`: in its Lambda SST gives it `Reports`'s links; `Api` is binary `api` of \
             ./Cargo.toml (`handler = \"./.api\"`, links.toml:10)\nhelp: write `function = \
             \"Reports\"`"
        );
        // A function without a handler, loaded by another function's handler that
        // lacks its links.
        assert_eq!(
            check_binary(&manifest, &root, f("Cron"), &bin("reports")).unwrap(),
            "binary `reports` loads the links of function `Cron`, but it is the handler of \
             function `Reports` (`handler = \"./.reports\"`, links.toml:14), which lacks \
             `Bus`: in its Lambda SST gives it `Reports`'s links\nhelp: write `function = \
             \"Reports\"`"
        );
        // Links every deployment of the binary has are safe to load (a subset).
        assert_eq!(
            check_binary(&manifest, &root, f("Keys"), &bin("reports")),
            None
        );
        // A binary two functions share may load only what both link.
        assert_eq!(
            check_binary(&manifest, &root, f("NightlyEu"), &bin("nightly")).unwrap(),
            "binary `nightly` loads the links of function `NightlyEu`, but it is the handler \
             of function `Nightly` (`handler = \"./.nightly\"`, links.toml:24), which lacks \
             `Bus`: in its Lambda SST gives it `Nightly`'s links\nhelp: SST deploys this \
             binary as `Nightly` and `NightlyEu`: load a [functions] set of only the links \
             they all have"
        );
        assert_eq!(
            check_binary(&manifest, &root, f("Nightly"), &bin("nightly")),
            None
        );
        // A binary no handler names (a local tool) may load any function's links.
        assert_eq!(check_binary(&manifest, &root, f("Api"), &bin("tool")), None);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
