//! `import --deployed` without `--app` or `--stage` (issue #24): the app from
//! `links.toml`'s `[app] name`, else the one app SST's home holds (for the stage);
//! the stage from `SST_STAGE`, else `.sst/stage` (SST's personal stage), else the
//! app's one stage, as SST's `ListStages` lists them (a stage `sst remove` emptied is
//! not one). What nothing decides, and a name the home does not hold, is an error
//! that lists what the home holds, with did-you-mean. The home is laid out as SST
//! lays it out: `state/app/<app>/<stage>.json`, a Pulumi checkpoint each.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// An SST app directory (`.sst` inside) beside a local home.
struct Project {
    dir: PathBuf,
}

impl Project {
    fn new(name: &str) -> Project {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("import-choose-{name}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("app/.sst")).unwrap();
        std::fs::create_dir_all(dir.join("home")).unwrap();
        Project { dir }
    }

    /// SST's deployed state of `app` on `stage`, as `sst deploy` leaves it: one
    /// bucket linked. With no resources, what `sst remove` leaves.
    fn deploy(&self, app: &str, stage: &str) -> &Self {
        let resources = format!(
            r#"[{{"urn": "urn:pulumi:{stage}::{app}::pulumi:pulumi:Stack::{app}-{stage}", "type": "pulumi:pulumi:Stack", "outputs": {{}}}},
                {{"urn": "urn:pulumi:{stage}::{app}::sst:sst:LinkRef::MediaLinkRef", "type": "sst:sst:LinkRef", "outputs": {{"target": "Media", "include": [], "properties": {{"name": "{app}-{stage}-media", "type": "sst.aws.Bucket"}}}}}}]"#
        );
        self.write_state(app, stage, &resources)
    }

    fn removed(&self, app: &str, stage: &str) -> &Self {
        self.write_state(app, stage, "[]")
    }

    fn write_state(&self, app: &str, stage: &str, resources: &str) -> &Self {
        let path = self.dir.join(format!("home/state/app/{app}/{stage}.json"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            path,
            format!(r#"{{"version": 3, "checkpoint": {{"stack": "organization/{app}/{stage}", "latest": {{"resources": {resources}}}}}}}"#),
        )
        .unwrap();
        self
    }

    fn file(&self, path: &str, text: &str) -> &Self {
        std::fs::write(self.dir.join("app").join(path), text).unwrap();
        self
    }

    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_sst-resources"))
            .args(args)
            .current_dir(self.dir.join("app"))
            .env("SST_HOME", self.dir.join("home"))
            .env_remove("SST_RESOURCES_HOME")
            .env_remove("SST_PASSPHRASE")
            .env_remove("SST_STAGE")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    /// Stderr with the project's directory as `<dir>`.
    fn stderr(&self, out: &Output) -> String {
        String::from_utf8_lossy(&out.stderr).replace(&self.dir.display().to_string(), "<dir>")
    }

    /// The imported links.toml's first line: which app and stage it is of.
    fn imported(&self, args: &[&str], env: &[(&str, &str)]) -> (String, String) {
        let out = self.run(args, env);
        assert!(out.status.success(), "{}", self.stderr(&out));
        let stdout = String::from_utf8(out.stdout.clone()).unwrap();
        (stdout.lines().next().unwrap().to_owned(), self.stderr(&out))
    }

    /// The command's exit code and stderr, when it fails.
    fn fails(&self, args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
        let out = self.run(args, env);
        assert!(
            !out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(out.stdout.is_empty());
        (out.status.code().unwrap(), self.stderr(&out))
    }
}

fn header(app: &str, stage: &str) -> String {
    format!(
        "# Imported by `sst-resources import --deployed --app {app} --stage {stage}` from SST's record of"
    )
}

const NO_RECORD_NOTE: &str = "note: SST has no per-function record for stage";

#[test]
fn the_app_comes_from_links_toml_beside_it() {
    let p = Project::new("manifest");
    p.deploy("shop", "dev").deploy("blog", "dev");
    p.file(
        "links.toml",
        "[app]\nname = \"shop\"\n\n[resources.Media]\ntype = \"sst.aws.Bucket\"\n",
    );
    let (first, err) = p.imported(&["import", "--deployed", "--stage", "dev"], &[]);
    assert_eq!(first, header("shop", "dev"));
    assert!(
        err.starts_with(
            "note: importing stage `dev` of app `shop` (app from `[app] name` in links.toml)\n"
        ),
        "{err}"
    );
    // --app still wins over the manifest; a manifest with problems still names its app.
    let (first, _) = p.imported(
        &["import", "--deployed", "--app", "blog", "--stage", "dev"],
        &[],
    );
    assert_eq!(first, header("blog", "dev"));
    p.file(
        "links.toml",
        "[app]\nname = \"shop\"\n\n[functions.Api]\nlink = [\"Nothing\"]\n",
    );
    let (first, _) = p.imported(&["import", "--deployed", "--stage", "dev"], &[]);
    assert_eq!(first, header("shop", "dev"));
    // With --app, links.toml is not read: not even a name SST would refuse fails it.
    p.file("links.toml", "[app]\nname = \"my shop\"\n");
    let (first, _) = p.imported(
        &["import", "--deployed", "--app", "blog", "--stage", "dev"],
        &[],
    );
    assert_eq!(first, header("blog", "dev"));
    let (code, err) = p.fails(&["import", "--deployed", "--stage", "dev"], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: `my shop` is not a valid app name: letters, digits, `-` and `_` only\nhelp: it is `[app] name` in links.toml\n"
    );
}

#[test]
fn the_app_is_the_one_the_home_holds_for_the_stage() {
    let p = Project::new("only-app");
    p.deploy("shop", "dev")
        .deploy("shop", "prod")
        .deploy("blog", "prod");
    let (first, err) = p.imported(&["import", "--deployed", "--stage", "dev"], &[]);
    assert_eq!(first, header("shop", "dev"));
    assert!(
        err.starts_with("note: importing stage `dev` of app `shop` (app from SST's home, its only app with stage `dev`)\n"),
        "{err}"
    );
    // Two apps have `prod`, but `blog`'s was removed (SST's ListStages skips it).
    p.removed("blog", "prod");
    let (first, err) = p.imported(&["import", "--deployed", "--stage", "prod"], &[]);
    assert_eq!(first, header("shop", "prod"));
    assert!(
        err.contains(
            "(app from SST's home, its only app with stage `prod` whose state has resources)"
        ),
        "{err}"
    );
}

#[test]
fn the_stage_is_picked_as_sst_picks_it_then_the_apps_only_one() {
    let p = Project::new("stage");
    p.deploy("shop", "dev")
        .deploy("shop", "alice")
        .deploy("shop", "prod");
    p.file("links.toml", "[app]\nname = \"shop\"\n");
    p.file(".sst/stage", "alice\n");
    let (first, err) = p.imported(&["import", "--deployed"], &[]);
    assert_eq!(first, header("shop", "alice"));
    assert!(
        err.starts_with(&format!(
            "note: importing stage `alice` of app `shop` (app from `[app] name` in links.toml, stage from <dir>/app/.sst/stage)\n{NO_RECORD_NOTE}"
        )),
        "{err}"
    );
    let (first, _) = p.imported(&["import", "--deployed"], &[("SST_STAGE", "prod")]);
    assert_eq!(first, header("shop", "prod"), "SST_STAGE before .sst/stage");
    let (first, _) = p.imported(
        &["import", "--deployed", "--stage", "dev"],
        &[("SST_STAGE", "prod")],
    );
    assert_eq!(first, header("shop", "dev"), "--stage before SST_STAGE");
    // No personal stage: the app's only stage with resources.
    std::fs::remove_file(p.dir.join("app/.sst/stage")).unwrap();
    p.removed("shop", "alice").removed("shop", "prod");
    let (first, err) = p.imported(&["import", "--deployed"], &[]);
    assert_eq!(first, header("shop", "dev"));
    assert!(
        err.contains("stage from SST's home, the app's only stage whose state has resources)"),
        "{err}"
    );
}

#[test]
fn an_app_nothing_names_lists_the_apps() {
    let p = Project::new("which-app");
    p.deploy("shop", "dev")
        .deploy("blog", "dev")
        .deploy("docs", "prod");
    let (code, err) = p.fails(&["import", "--deployed", "--stage", "dev"], &[]);
    assert_eq!(
        code, 2,
        "the command line must say more, as clap's usage errors"
    );
    assert_eq!(
        err,
        "error: which app to import? neither --app nor `[app] name` in links.toml names one, and SST's home has state for stage `dev` of 2 apps (<dir>/home/state/app)
help: the apps with state for stage `dev` in this home: blog, shop
help: pass one with --app <name> (`app().name` in sst.config.ts)
"
    );
    let (code, err) = p.fails(&["import", "--deployed"], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("SST's home has state for 3 apps (<dir>/home/state/app)\nhelp: the apps with state in this home: blog, docs, shop\n"), "{err}");
    // `sst-resources import --deployed > links.toml`: the shell empties it first.
    p.file("links.toml", "");
    let (_, err) = p.fails(&["import", "--deployed", "--stage", "dev"], &[]);
    assert!(
        err.ends_with("help: links.toml here is empty: a shell's `> links.toml` empties it before the command starts; write to another file and rename it\n"),
        "{err}"
    );
}

#[test]
fn a_stage_nothing_names_lists_the_stages() {
    let p = Project::new("which-stage");
    p.deploy("shop", "dev").deploy("shop", "prod");
    let (code, err) = p.fails(&["import", "--deployed", "--app", "shop"], &[]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: which stage of `shop` to import? neither --stage, SST_STAGE nor .sst/stage names one, and SST's home has state for 2 of its stages (<dir>/home/state/app/shop)
help: the stages of `shop`: dev, prod
help: pass one with --stage <stage>
"
    );
}

#[test]
fn a_wrong_stage_lists_the_apps_stages_with_did_you_mean() {
    let p = Project::new("wrong-stage");
    p.deploy("shop", "dev").deploy("shop", "prod");
    let (code, err) = p.fails(
        &["import", "--deployed", "--app", "shop", "--stage", "prdo"],
        &[],
    );
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: SST's home has no deployed state for stage `prdo` of app `shop` (<dir>/home/state/app/shop/prdo.json)
help: did you mean `prod`?
help: `shop` has state for stages: dev, prod
help: pass one of them with --stage <stage>; or deploy `prdo` first: `sst deploy --stage prdo` or `sst dev --stage prdo`
"
    );
    // The same from check --deployed, whose app is the manifest's.
    p.file(
        "links.toml",
        "[app]\nname = \"shop\"\n\n[resources.Media]\ntype = \"sst.aws.Bucket\"\n",
    );
    let (code, check) = p.fails(&["check", "--deployed", "--stage", "prdo"], &[]);
    assert_eq!((code, check), (1, err));
    // A stage from .sst/stage is fixed there.
    p.file(".sst/stage", "prdo");
    let (code, err) = p.fails(&["import", "--deployed"], &[]);
    assert_eq!(code, 1);
    assert!(
        err.ends_with("help: did you mean `prod`?\nhelp: `shop` has state for stages: dev, prod\nhelp: `prdo` is from <dir>/app/.sst/stage: put one of them there, or pass it with --stage <stage>; or deploy `prdo` first: `sst deploy --stage prdo` or `sst dev --stage prdo`\n"),
        "{err}"
    );
    // No app has it: each app's stages.
    std::fs::remove_file(p.dir.join("app/links.toml")).unwrap();
    p.deploy("blog", "dev");
    let (code, err) = p.fails(&["import", "--deployed", "--stage", "prdo"], &[]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: SST's home has no deployed state for stage `prdo` of any app (<dir>/home/state/app)
help: did you mean `prod`?
help: the apps with state in this home, and their stages: blog (dev), shop (dev, prod)
"),
        "{err}"
    );
}

#[test]
fn a_wrong_app_lists_the_apps_with_did_you_mean() {
    let p = Project::new("wrong-app");
    p.deploy("shop", "dev").deploy("blog", "dev");
    let (code, err) = p.fails(
        &["import", "--deployed", "--app", "shpo", "--stage", "dev"],
        &[],
    );
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: SST's home has no deployed state for app `shpo` (<dir>/home/state/app/shpo/dev.json)
help: did you mean `shop`?
help: the apps with state in this home: blog, shop
help: the app is `app().name` in sst.config.ts: pass it with --app <name>; or deploy `shpo` first: `sst deploy --stage dev` or `sst dev --stage dev`
"
    );
    // From links.toml, with or without --stage.
    p.file(
        "links.toml",
        "[app]\nname = \"shpo\"\n\n[resources.Media]\ntype = \"sst.aws.Bucket\"\n",
    );
    let (_, err) = p.fails(&["import", "--deployed"], &[]);
    assert!(
        err.starts_with("error: SST's home has no deployed state for app `shpo` (<dir>/home/state/app/shpo)\nhelp: did you mean `shop`?\n")
            && err.contains("the app is `app().name` in sst.config.ts: make `[app] name` in links.toml the same, or pass --app <name>;"),
        "{err}"
    );
    let (_, err) = p.fails(&["check", "--deployed", "--stage", "dev"], &[]);
    assert!(
        err.contains("help: did you mean `shop`?\nhelp: the apps with state in this home: blog, shop\nhelp: the app is `app().name` in sst.config.ts: make the manifest's `[app] name` the same;"),
        "{err}"
    );
}

#[test]
fn a_home_with_no_state_says_where_else_it_may_be() {
    let p = Project::new("empty-home");
    let (code, err) = p.fails(&["import", "--deployed", "--stage", "dev"], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: SST's home has no deployed state for any app (<dir>/home/state/app)
help: deploy it first (`sst deploy --stage dev` or `sst dev --stage dev`), or read the home the app uses: add --home aws if sst.config.ts sets `home: \"aws\"`, or set SST_HOME if its local home is elsewhere
"
    );
    let (code, err) = p.fails(
        &["import", "--deployed", "--app", "shop", "--stage", "dev"],
        &[],
    );
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: SST's home has no deployed state for app `shop`, nor for any other (<dir>/home/state/app/shop/dev.json)\nhelp: deploy it first"),
        "{err}"
    );
}

#[test]
fn names_that_are_not_path_safe_are_refused_before_the_home_is_read() {
    let p = Project::new("unsafe");
    p.deploy("shop", "dev");
    let (code, err) = p.fails(
        &["import", "--deployed", "--app", "../shop", "--stage", "dev"],
        &[],
    );
    assert_eq!(code, 2);
    assert!(err.contains("`../shop` is not a valid app name"), "{err}");
    p.file(".sst/stage", "../dev");
    let (code, err) = p.fails(&["import", "--deployed", "--app", "shop"], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: `../dev` is not a valid stage name: letters, digits, `-` and `_` only\nhelp: it comes from <dir>/app/.sst/stage: fix it there, or pass --stage <stage>\n"
    );
}
