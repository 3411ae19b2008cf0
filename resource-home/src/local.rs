//! SST's local home: `<config>/state/<key>/<app>/<stage>.json`, the passphrase at
//! `<config>/state/passphrase/<app>/<stage>.json` (`pkg/project/provider/local.go`), and
//! `<config>` is Go's `os.UserConfigDir()` + `sst` (`pkg/global/global.go`). SST writes
//! these in place with no lock; here every write goes to a temporary file that is
//! synced and renamed over the old one (a crash leaves the old file or the new, never
//! half of one), under an exclusive lock on `<stage>.json.lock` beside it (no lost
//! update between two of our writers). Files we create are 0600.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::{Change, Document, Home, HomeError};

/// SST's local home, rooted at its config directory.
#[derive(Debug, Clone)]
pub struct LocalHome {
    root: PathBuf,
}

impl LocalHome {
    /// The home at `root` (SST's config directory, which holds `state/`).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        LocalHome { root: root.into() }
    }

    /// SST's own: `$SST_HOME` (ours, for tests and CI) if set, else Go's
    /// `os.UserConfigDir()` + `sst`: `$XDG_CONFIG_HOME/sst`, else `~/.config/sst`
    /// (`~/Library/Application Support/sst` on macOS).
    pub fn from_env() -> Option<Self> {
        if let Some(dir) = std::env::var_os("SST_HOME").filter(|d| !d.is_empty()) {
            return Some(Self::new(dir));
        }
        let home = || {
            std::env::var_os("HOME")
                .filter(|d| !d.is_empty())
                .map(PathBuf::from)
        };
        let config = if cfg!(target_os = "macos") {
            home()?.join("Library").join("Application Support")
        } else {
            std::env::var_os("XDG_CONFIG_HOME")
                .filter(|d| !d.is_empty())
                .map(PathBuf::from)
                .or_else(|| home().map(|h| h.join(".config")))?
        };
        Some(Self::new(config.join("sst")))
    }

    /// The config directory this home is rooted at.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `<root>/state/<key>/<app>/<stage>.json`, as SST's `pathForData`.
    pub fn path(&self, doc: Document<'_>) -> PathBuf {
        self.root
            .join("state")
            .join(doc.key)
            .join(doc.app)
            .join(format!("{}.json", doc.stage))
    }

    fn passphrase_path(&self, app: &str, stage: &str) -> PathBuf {
        self.path(Document {
            key: "passphrase",
            app,
            stage,
        })
    }
}

/// The file's bytes, `None` when it does not exist.
fn read_file(path: &Path) -> Result<Option<Vec<u8>>, HomeError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(HomeError::io("read", path, e)),
    }
}

/// An exclusive lock on `<path>.lock`, released when dropped (the file stays: removing
/// a lock file lets a third writer lock a new one while the second holds the old).
fn lock(path: &Path) -> Result<File, HomeError> {
    let dir = path.parent().expect("home paths have a parent");
    std::fs::create_dir_all(dir).map_err(|e| HomeError::io("create", dir, e))?;
    let lock_path = with_suffix(path, ".lock");
    let file = open_private(
        &lock_path,
        OpenOptions::new().create(true).truncate(false).write(true),
    )
    .map_err(|e| HomeError::io("open the lock", &lock_path, e))?;
    file.lock()
        .map_err(|e| HomeError::io("lock", &lock_path, e))?;
    Ok(file)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Opens with mode 0600 when the file is created (unix).
fn open_private(path: &Path, options: &mut OpenOptions) -> std::io::Result<File> {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, 0o600);
    options.open(path)
}

/// Writes `bytes` to `path` whole or not at all: a temporary file in the same
/// directory, synced, renamed over `path`, then the directory synced. The caller holds
/// the lock, so any temporary file left beside `path` is a dead writer's and goes.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), HomeError> {
    let dir = path.parent().expect("home paths have a parent");
    std::fs::create_dir_all(dir).map_err(|e| HomeError::io("create", dir, e))?;
    remove_stale_temporaries(path);
    let temp = with_suffix(path, &format!(".tmp.{}", std::process::id()));
    let result = (|| {
        let mut file = open_private(
            &temp,
            OpenOptions::new().create(true).truncate(true).write(true),
        )
        .map_err(|e| HomeError::io("create", &temp, e))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| HomeError::io("write", &temp, e))?;
        std::fs::rename(&temp, path).map_err(|e| HomeError::io("replace", path, e))?;
        // The rename is durable once the directory is; not every system can sync one.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

fn remove_stale_temporaries(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let mut prefix = name.to_owned();
    prefix.push(".tmp.");
    let prefix = prefix.to_string_lossy().into_owned();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// `path` for a message: under the user's home directory as `~/...` (SST's home is
/// `~/.config/sst`, and a message quoted in an issue should not carry a user name).
fn shown(path: &Path) -> String {
    shown_under(path, std::env::var_os("HOME").as_deref())
}

/// [`shown`] with the home directory given.
fn shown_under(path: &Path, home: Option<&std::ffi::OsStr>) -> String {
    let home = home.filter(|h| !h.is_empty() && Path::new(h) != Path::new("/"));
    match home.and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}

impl Home for LocalHome {
    fn location(&self, doc: Document<'_>) -> String {
        shown(&self.path(doc))
    }

    fn passphrase_location(&self, app: &str, stage: &str) -> String {
        shown(&self.passphrase_path(app, stage))
    }

    fn read(&self, doc: Document<'_>) -> Result<Option<Vec<u8>>, HomeError> {
        read_file(&self.path(doc))
    }

    fn update(&self, doc: Document<'_>, change: &mut Change<'_>) -> Result<(), HomeError> {
        let path = self.path(doc);
        let _lock = lock(&path)?;
        let current = read_file(&path)?;
        match change(current.as_deref())? {
            Some(bytes) => write_atomic(&path, &bytes),
            None => Ok(()),
        }
    }

    fn list(&self, key: &str, app: Option<&str>) -> Result<Vec<String>, HomeError> {
        let mut dir = self.root.join("state").join(key);
        if let Some(app) = app {
            dir.push(app);
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(HomeError::io("list", &dir, e)),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| HomeError::io("list", &dir, e))?;
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            match app {
                None if is_dir => names.push(name),
                // `<stage>.json`; not our `.lock` files or temporaries.
                Some(_) if !is_dir => {
                    if let Some(stage) = name.strip_suffix(".json").filter(|s| !s.is_empty()) {
                        names.push(stage.to_owned());
                    }
                }
                _ => {}
            }
        }
        names.sort();
        Ok(names)
    }

    fn list_location(&self, key: &str, app: Option<&str>) -> String {
        let mut dir = self.root.join("state").join(key);
        if let Some(app) = app {
            dir.push(app);
        }
        shown(&dir)
    }

    fn passphrase(&self, app: &str, stage: &str) -> Result<Option<Zeroizing<String>>, HomeError> {
        let path = self.passphrase_path(app, stage);
        let mut text = Zeroizing::new(String::new());
        match File::open(&path) {
            Ok(mut f) => f
                .read_to_string(&mut text)
                .map_err(|e| HomeError::io("read", &path, e))?,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(HomeError::io("read", &path, e)),
        };
        Ok((!text.is_empty()).then_some(text))
    }

    fn create_passphrase(
        &self,
        app: &str,
        stage: &str,
        candidate: Zeroizing<String>,
    ) -> Result<Zeroizing<String>, HomeError> {
        let path = self.passphrase_path(app, stage);
        let _lock = lock(&path)?;
        if let Some(existing) = self.passphrase(app, stage)? {
            return Ok(existing);
        }
        // Published with a hard link, which fails rather than replace: SST writes its
        // passphrase in place with no lock, and a rename could put ours over one it has
        // just created (or is writing), leaving its data sealed under a lost key.
        let temp = with_suffix(&path, &format!(".tmp.{}", std::process::id()));
        let linked = write_atomic(&temp, candidate.as_bytes()).and_then(|()| {
            match std::fs::hard_link(&temp, &path) {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(false),
                Err(e) => Err(HomeError::io("create", &path, e)),
            }
        });
        let _ = std::fs::remove_file(&temp);
        if linked? {
            return Ok(candidate);
        }
        // Another writer's (SST's) won: wait for it to be whole.
        for _ in 0..50 {
            if let Some(existing) = self.passphrase(app, stage)? {
                return Ok(existing);
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Err(HomeError::State {
            location: path.display().to_string(),
            problem: "another program created this passphrase file but left it empty".into(),
        })
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn paths_under_the_home_directory_are_shown_from_tilde() {
        let home = Some(std::ffi::OsStr::new("/home/ana"));
        assert_eq!(
            super::shown_under(
                Path::new("/home/ana/.config/sst/state/app/shop/dev.json"),
                home
            ),
            "~/.config/sst/state/app/shop/dev.json"
        );
        // Not a prefix by characters: by components.
        assert_eq!(
            super::shown_under(Path::new("/home/anabel/x.json"), home),
            "/home/anabel/x.json"
        );
        assert_eq!(
            super::shown_under(Path::new("/tmp/h/x.json"), home),
            "/tmp/h/x.json"
        );
        assert_eq!(
            super::shown_under(Path::new("/tmp/x.json"), None),
            "/tmp/x.json"
        );
        let root = Some(std::ffi::OsStr::new("/"));
        assert_eq!(
            super::shown_under(Path::new("/tmp/x.json"), root),
            "/tmp/x.json"
        );
    }
    use super::*;

    fn temp_home(name: &str) -> LocalHome {
        let dir = std::env::temp_dir().join(format!("resource-home-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        LocalHome::new(dir)
    }

    const DOC: Document<'static> = Document {
        key: "secret",
        app: "shop",
        stage: "dev",
    };

    #[test]
    fn writes_at_sst_paths_with_private_permissions() {
        let home = temp_home("paths");
        home.update(DOC, &mut |old| {
            assert!(old.is_none());
            Ok(Some(b"one".to_vec()))
        })
        .unwrap();
        let path = home.root().join("state/secret/shop/dev.json");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        home.update(DOC, &mut |old| {
            assert_eq!(old, Some(&b"one"[..]));
            Ok(None)
        })
        .unwrap();
        assert_eq!(home.read(DOC).unwrap().unwrap(), b"one");
        // A dead writer's temporary file is cleared by the next write.
        std::fs::write(
            home.root().join("state/secret/shop/dev.json.tmp.999999"),
            b"x",
        )
        .unwrap();
        home.update(DOC, &mut |_| Ok(Some(b"two".to_vec())))
            .unwrap();
        let names: Vec<String> = std::fs::read_dir(home.root().join("state/secret/shop"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(!names.iter().any(|n| n.contains(".tmp.")), "{names:?}");
        std::fs::remove_dir_all(home.root()).unwrap();
    }

    #[test]
    fn a_failed_change_writes_nothing() {
        let home = temp_home("failed");
        home.update(DOC, &mut |_| Ok(Some(b"kept".to_vec())))
            .unwrap();
        let err = home.update(DOC, &mut |_| {
            Err(HomeError::State {
                location: "x".into(),
                problem: "refused".into(),
            })
        });
        assert!(err.is_err());
        assert_eq!(home.read(DOC).unwrap().unwrap(), b"kept");
        std::fs::remove_dir_all(home.root()).unwrap();
    }

    #[test]
    fn the_first_passphrase_wins() {
        let home = temp_home("pass");
        assert!(home.passphrase("shop", "dev").unwrap().is_none());
        let first = home
            .create_passphrase("shop", "dev", Zeroizing::new("first".into()))
            .unwrap();
        let second = home
            .create_passphrase("shop", "dev", Zeroizing::new("second".into()))
            .unwrap();
        assert_eq!((first.as_str(), second.as_str()), ("first", "first"));
        assert_eq!(
            std::fs::read_to_string(home.root().join("state/passphrase/shop/dev.json")).unwrap(),
            "first"
        );
        std::fs::remove_dir_all(home.root()).unwrap();
    }

    #[test]
    fn threads_updating_one_document_lose_nothing() {
        let home = temp_home("threads");
        std::thread::scope(|s| {
            for i in 0..16 {
                let home = &home;
                s.spawn(move || {
                    home.update(DOC, &mut |old| {
                        let mut text = old
                            .map(|b| String::from_utf8(b.to_vec()).unwrap())
                            .unwrap_or_default();
                        text.push_str(&format!("{i},"));
                        Ok(Some(text.into_bytes()))
                    })
                    .unwrap();
                });
            }
        });
        let text = String::from_utf8(home.read(DOC).unwrap().unwrap()).unwrap();
        let mut seen: Vec<u32> = text
            .trim_end_matches(',')
            .split(',')
            .map(|n| n.parse().unwrap())
            .collect();
        seen.sort();
        assert_eq!(seen, (0..16).collect::<Vec<_>>());
        std::fs::remove_dir_all(home.root()).unwrap();
    }
}
