//! `Secret<T>`: a value that never prints, is zeroized on drop, and is read only
//! through an explicit `.expose()`. Owns redaction; knows nothing of where secrets
//! come from.

use std::fmt;

use zeroize::Zeroize;

/// A secret value, such as a linked `sst.Secret`'s `value` or a Linkable property
/// declared `"secret"`.
///
/// `Debug` and `Display` print `[redacted]`; the value is zeroized when dropped;
/// reading it takes [`Secret::expose`], so every use is visible in review.
///
/// ```
/// use resource_runtime::Secret;
/// let key = Secret::new(String::from("sk_live_123"));
/// assert_eq!(format!("{key:?} {key}"), "[redacted] [redacted]");
/// assert_eq!(key.expose(), "sk_live_123");
/// ```
pub struct Secret<T: Zeroize>(T);

impl<T: Zeroize> Secret<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// The secret value. Keep what you do with it out of logs.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T: Zeroize> Drop for Secret<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize + Clone> Clone for Secret<T> {
    fn clone(&self) -> Self {
        Secret(self.0.clone())
    }
}

impl<T: Zeroize> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl<T: Zeroize> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl<T: Zeroize + Default> Default for Secret<T> {
    fn default() -> Self {
        Secret(T::default())
    }
}

impl<T: Zeroize> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// Code written against the `secrecy` crate's `ExposeSecret` takes our secrets as they
/// are (feature `secrecy`).
#[cfg(feature = "secrecy")]
impl<T: Zeroize> secrecy::ExposeSecret<T> for Secret<T> {
    fn expose_secret(&self) -> &T {
        &self.0
    }
}

/// Hands a linked secret to an API that takes `secrecy::SecretString` (feature
/// `secrecy`). The string is moved, not copied; what is left here is zeroized.
#[cfg(feature = "secrecy")]
impl From<Secret<String>> for secrecy::SecretString {
    fn from(mut secret: Secret<String>) -> Self {
        secrecy::SecretString::from(std::mem::take(&mut secret.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_the_value() {
        let s = Secret::from("hunter2");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{s:#?}"), "[redacted]");
        assert_eq!(s.to_string(), "[redacted]");
        assert_eq!(s.expose(), "hunter2");
        let wrapped = Some(vec![s.clone()]);
        assert!(!format!("{wrapped:?}").contains("hunter2"));
    }

    #[cfg(feature = "secrecy")]
    #[test]
    fn works_with_secrecy() {
        use secrecy::ExposeSecret;
        let s = Secret::from("hunter2");
        assert_eq!(ExposeSecret::expose_secret(&s), "hunter2");
        let theirs: secrecy::SecretString = s.into();
        assert_eq!(theirs.expose_secret(), "hunter2");
        assert!(!format!("{theirs:?}").contains("hunter2"));
    }
}
