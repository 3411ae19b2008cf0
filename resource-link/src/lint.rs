//! Lints: manifests that are valid but probably not what a team wants, each a
//! warning with its place and a fix. SST's "link only what a function uses" best
//! practice, made checks. Never an error: `sst-resources check` still exits 0.

use resource_manifest::Manifest;
use resource_manifest::{Diagnostic, SourceFile};

/// How many functions may link one secret before `check` warns, by default.
pub const DEFAULT_MAX_SECRET_LINKS: usize = 3;

/// A warning for each `[functions.F] handler` under which SST would build no binary
/// (`resource_manifest::handler::handler_problem`): a typo there turns off the
/// macro's check that a binary loads its own function's links. `app_root` is the
/// manifest's directory, where sst.config.ts sits beside it.
pub fn handler_lints(
    manifest: &Manifest,
    file: &SourceFile,
    app_root: &std::path::Path,
) -> Vec<Diagnostic> {
    manifest
        .functions
        .iter()
        .filter_map(|f| {
            let h = f.handler.as_ref()?;
            let problem = resource_manifest::handler::handler_problem(app_root, &h.text)?;
            Some(
                file.diagnostic(h.span.clone(), format!("`{}`: {problem}", f.name))
                    .about(&f.name)
                    .help(format!(
                        "write the `handler` of `{}` in sst.config.ts; until then no build checks \
                     which binary loads its links (if `{}` is not a Rust function, ignore this)",
                        f.name, f.name
                    ))
                    .warning(),
            )
        })
        .collect()
}

/// Every lint warning for `manifest` (read from `file`).
pub fn lints(manifest: &Manifest, file: &SourceFile, max_secret_links: usize) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if manifest.resources.len() > 1 {
        for f in &manifest.functions {
            if f.links.len() == manifest.resources.len() {
                out.push(
                    file.diagnostic(
                        f.span.clone(),
                        format!(
                            "function `{}` links every resource of the app ({})",
                            f.name,
                            f.links.len()
                        ),
                    )
                    .about(&f.name)
                    .help(
                        "link only what it uses (in sst.config.ts too, where SST deploys it): its IAM policy and its `Resource` shrink to match",
                    )
                    .warning(),
                );
            }
        }
    }
    for r in &manifest.resources {
        let wildcard = r
            .permissions
            .iter()
            // A `Deny` on `*` narrows what a function may do; only an `Allow` widens it.
            .filter(|p| p.effect == resource_manifest::Effect::Allow)
            .any(|p| p.actions.iter().any(|a| a == "*") || p.resources.iter().any(|x| x == "*"));
        if r.component == "sst.Linkable" && wildcard {
            out.push(
                file.diagnostic(r.span.clone(), format!("`{}` includes a permission with `*` actions or resources", r.name))
                    .about(&r.name)
                    .help("name the actions and ARNs it needs, e.g. actions = [\"s3:GetObject\"], resources = [\"arn:aws:s3:::assets/*\"]")
                    .warning(),
            );
        }
        if r.properties.iter().any(|p| p.secret) {
            let users: Vec<&str> = manifest
                .functions
                .iter()
                .filter(|f| f.links.contains(&r.name))
                .map(|f| f.name.as_str())
                .collect();
            if users.len() > max_secret_links {
                out.push(
                    file.diagnostic(
                        r.span.clone(),
                        format!("secret `{}` is linked to {} functions ({}), more than {max_secret_links}", r.name, users.len(), users.join(", ")),
                    )
                    .about(&r.name)
                    .help("each function that links a secret can leak it; link it only where it is used")
                    .warning(),
                );
            }
        }
    }
    out.sort_by_key(|d| d.span.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use resource_manifest::{Severity, parse_source};

    fn lint(text: &str, max: usize) -> Vec<Diagnostic> {
        let file = SourceFile::new("links.toml", text);
        let parsed = parse_source(&file);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        lints(&parsed.manifest, &file, max)
    }

    #[test]
    fn a_function_linking_everything() {
        let w = lint(
            "[resources.A]\ntype = \"sst.aws.Bucket\"\n[resources.B]\ntype = \"sst.aws.Dynamo\"\n[functions.F]\nlink = [\"A\", \"B\"]\n[functions.G]\nlink = [\"A\"]\n",
            3,
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(
            w[0].message,
            "function `F` links every resource of the app (2)"
        );
        assert_eq!((w[0].line, w[0].severity), (5, Severity::Warning));
        assert!(
            w[0].render().starts_with("warning: function `F`"),
            "{}",
            w[0].render()
        );
    }

    #[test]
    fn wildcard_includes() {
        let w = lint(
            "[resources.C]\ntype = \"sst.Linkable\"\nproperties = {}\ninclude = [{ actions = [\"*\"], resources = [\"arn:aws:s3:::b\"] }]\n[resources.D]\ntype = \"sst.Linkable\"\nproperties = {}\ninclude = [{ actions = [\"s3:GetObject\"], resources = [\"arn:aws:s3:::b/*\"] }]\n",
            3,
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(
            w[0].message,
            "`C` includes a permission with `*` actions or resources"
        );
    }

    #[test]
    fn a_secret_linked_too_widely() {
        let mut text = String::from(
            "[resources.Key]\ntype = \"sst.Secret\"\n[resources.B]\ntype = \"sst.aws.Bucket\"\n",
        );
        for f in ["A", "B2", "C"] {
            text.push_str(&format!("[functions.{f}]\nlink = [\"Key\"]\n"));
        }
        assert!(lint(&text, 3).is_empty());
        let w = lint(&text, 2);
        assert_eq!(
            w[0].message,
            "secret `Key` is linked to 3 functions (A, B2, C), more than 2"
        );
    }
}
