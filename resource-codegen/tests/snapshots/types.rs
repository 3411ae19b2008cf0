/// One type per resource declared in `links.toml`, and their nested property types: the types every function's `Resource` in this workspace is made of (`sst_resources!(.., function = "<Name>", types = <this crate>)`).
#[allow(dead_code, unused_imports)]
pub mod resource {
    use ::sst_resources::__private as __p;
    /// `MyBucket`: a linked `sst.aws.Bucket`, read from `SST_RESOURCE_MyBucket`.
    ///
    /// Declared at `links.toml:5`.
    #[derive(__p::Debug, __p::Clone, __p::Default)]
    pub struct MyBucket {
        /// `name` of `MyBucket` (string): JSON key `name`.
        pub name: __p::String,
    }
    impl __p::Record for MyBucket {
        const KEYS: __p::Keys = &["name"];
        fn field(&mut self, index: usize) -> __p::Option<&mut dyn __p::Field> {
            __p::Some(
                match index {
                    0 => &mut self.name,
                    _ => return __p::Option::None,
                },
            )
        }
        fn slot(&mut self, index: usize) -> __p::Slot<'_> {
            match index {
                0 => __p::Field::as_slot(&mut self.name),
                _ => __p::Slot::Other,
            }
        }
        fn index(key: &str) -> __p::Option<usize> {
            match key {
                "name" => __p::Some(0),
                _ => __p::Option::None,
            }
        }
    }
    impl __p::Linked<MyBucket> for MyBucket {
        #[inline]
        fn link(&self) -> &MyBucket {
            self
        }
    }
    impl MyBucket {
        /// `MyBucket` as `links` provides it: a function's `Resource` that links it, or a test's fake. Shared code reads it with `MyBucket::of(links)` (a field access).
        #[inline]
        pub fn of(links: &impl __p::Linked<MyBucket>) -> &MyBucket {
            links.link()
        }
        /// Loads `MyBucket` alone from `source` (`SST_RESOURCE_MyBucket`, ...): a link for a test of shared code, without declaring a function for it.
        ///
        /// # Errors
        /// Every problem of `MyBucket`, at once.
        pub fn from_source(
            source: &dyn __p::Source,
        ) -> __p::Result<MyBucket, __p::LoadError> {
            __p::LoadContext::load_one(
                source,
                &["MyBucket"],
                ("SST_RESOURCE_MyBucket", "sst.aws.Bucket", "links.toml:5"),
            )
        }
    }
    /// `StripeKey`: a linked `sst.Secret`, read from `SST_RESOURCE_StripeKey`.
    ///
    /// Declared at `links.toml:8`.
    #[derive(__p::Debug, __p::Clone, __p::Default)]
    pub struct StripeKey {
        /// `value` of `StripeKey` (secret string, redacted in `Debug`; read it with `.expose()`): JSON key `value`.
        pub value: __p::Secret<__p::String>,
    }
    impl __p::Record for StripeKey {
        const KEYS: __p::Keys = &["value"];
        fn field(&mut self, index: usize) -> __p::Option<&mut dyn __p::Field> {
            __p::Some(
                match index {
                    0 => &mut self.value,
                    _ => return __p::Option::None,
                },
            )
        }
        fn slot(&mut self, index: usize) -> __p::Slot<'_> {
            match index {
                0 => __p::Field::as_slot(&mut self.value),
                _ => __p::Slot::Other,
            }
        }
        fn index(key: &str) -> __p::Option<usize> {
            match key {
                "value" => __p::Some(0),
                _ => __p::Option::None,
            }
        }
    }
    impl __p::Linked<StripeKey> for StripeKey {
        #[inline]
        fn link(&self) -> &StripeKey {
            self
        }
    }
    impl StripeKey {
        /// `StripeKey` as `links` provides it: a function's `Resource` that links it, or a test's fake. Shared code reads it with `StripeKey::of(links)` (a field access).
        #[inline]
        pub fn of(links: &impl __p::Linked<StripeKey>) -> &StripeKey {
            links.link()
        }
        /// Loads `StripeKey` alone from `source` (`SST_RESOURCE_StripeKey`, ...): a link for a test of shared code, without declaring a function for it.
        ///
        /// # Errors
        /// Every problem of `StripeKey`, at once.
        pub fn from_source(
            source: &dyn __p::Source,
        ) -> __p::Result<StripeKey, __p::LoadError> {
            __p::LoadContext::load_one(
                source,
                &["StripeKey"],
                ("SST_RESOURCE_StripeKey", "sst.sst.Secret", "links.toml:8"),
            )
        }
    }
    /// `ApiConfig`: a linked `sst.Linkable`, read from `SST_RESOURCE_ApiConfig`.
    ///
    /// Declared at `links.toml:11`.
    #[derive(__p::Debug, __p::Clone, __p::Default)]
    pub struct ApiConfig {
        /// `endpoint` of `ApiConfig` (string): JSON key `endpoint`.
        pub endpoint: __p::String,
        /// `timeout` of `ApiConfig` (integer; `None` when SST does not link it): JSON key `timeout`.
        pub timeout: __p::Option<i64>,
        /// `type_hint` of `ApiConfig` (string): JSON key `type_hint`.
        pub type_hint: __p::String,
        /// `loop` of `ApiConfig` (boolean): JSON key `loop`.
        pub r#loop: bool,
        /// `servers` of `ApiConfig` (string[]): JSON key `servers`.
        pub servers: __p::Vec<__p::String>,
        /// `redis` of `ApiConfig` (table): JSON key `redis`.
        pub redis: api_config::Redis,
    }
    impl __p::Record for ApiConfig {
        const KEYS: __p::Keys = &[
            "endpoint",
            "timeout",
            "type_hint",
            "loop",
            "servers",
            "redis",
        ];
        fn field(&mut self, index: usize) -> __p::Option<&mut dyn __p::Field> {
            __p::Some(
                match index {
                    0 => &mut self.endpoint,
                    1 => &mut self.timeout,
                    2 => &mut self.type_hint,
                    3 => &mut self.r#loop,
                    4 => &mut self.servers,
                    5 => &mut self.redis,
                    _ => return __p::Option::None,
                },
            )
        }
        fn slot(&mut self, index: usize) -> __p::Slot<'_> {
            match index {
                0 => __p::Field::as_slot(&mut self.endpoint),
                1 => __p::Field::as_slot(&mut self.timeout),
                2 => __p::Field::as_slot(&mut self.type_hint),
                3 => __p::Field::as_slot(&mut self.r#loop),
                4 => __p::Field::as_slot(&mut self.servers),
                5 => __p::Field::as_slot(&mut self.redis),
                _ => __p::Slot::Other,
            }
        }
        fn index(key: &str) -> __p::Option<usize> {
            match key {
                "endpoint" => __p::Some(0),
                "timeout" => __p::Some(1),
                "type_hint" => __p::Some(2),
                "loop" => __p::Some(3),
                "servers" => __p::Some(4),
                "redis" => __p::Some(5),
                _ => __p::Option::None,
            }
        }
    }
    impl __p::Linked<ApiConfig> for ApiConfig {
        #[inline]
        fn link(&self) -> &ApiConfig {
            self
        }
    }
    impl ApiConfig {
        /// `ApiConfig` as `links` provides it: a function's `Resource` that links it, or a test's fake. Shared code reads it with `ApiConfig::of(links)` (a field access).
        #[inline]
        pub fn of(links: &impl __p::Linked<ApiConfig>) -> &ApiConfig {
            links.link()
        }
        /// Loads `ApiConfig` alone from `source` (`SST_RESOURCE_ApiConfig`, ...): a link for a test of shared code, without declaring a function for it.
        ///
        /// # Errors
        /// Every problem of `ApiConfig`, at once.
        pub fn from_source(
            source: &dyn __p::Source,
        ) -> __p::Result<ApiConfig, __p::LoadError> {
            __p::LoadContext::load_one(
                source,
                &["ApiConfig"],
                ("SST_RESOURCE_ApiConfig", "sst.sst.Linkable", "links.toml:11"),
            )
        }
    }
    /// Nested property types of `ApiConfig`.
    pub mod api_config {
        use super::__p;
        /// The `redis` property of `ApiConfig`.
        #[derive(__p::Debug, __p::Clone, __p::Default)]
        pub struct Redis {
            /// `host` of `ApiConfig.redis` (string): JSON key `host`.
            pub host: __p::String,
            /// `tls` of `ApiConfig.redis` (table): JSON key `tls`.
            pub tls: redis::Tls,
        }
        impl __p::Record for Redis {
            const KEYS: __p::Keys = &["host", "tls"];
            fn field(&mut self, index: usize) -> __p::Option<&mut dyn __p::Field> {
                __p::Some(
                    match index {
                        0 => &mut self.host,
                        1 => &mut self.tls,
                        _ => return __p::Option::None,
                    },
                )
            }
            fn slot(&mut self, index: usize) -> __p::Slot<'_> {
                match index {
                    0 => __p::Field::as_slot(&mut self.host),
                    1 => __p::Field::as_slot(&mut self.tls),
                    _ => __p::Slot::Other,
                }
            }
            fn index(key: &str) -> __p::Option<usize> {
                match key {
                    "host" => __p::Some(0),
                    "tls" => __p::Some(1),
                    _ => __p::Option::None,
                }
            }
        }
        /// Nested property types of `ApiConfig.redis`.
        pub mod redis {
            use super::__p;
            /// The `tls` property of `ApiConfig.redis`.
            #[derive(__p::Debug, __p::Clone, __p::Default)]
            pub struct Tls {
                /// `enabled` of `ApiConfig.redis.tls` (boolean): JSON key `enabled`.
                pub enabled: bool,
            }
            impl __p::Record for Tls {
                const KEYS: __p::Keys = &["enabled"];
                fn field(&mut self, index: usize) -> __p::Option<&mut dyn __p::Field> {
                    __p::Some(
                        match index {
                            0 => &mut self.enabled,
                            _ => return __p::Option::None,
                        },
                    )
                }
                fn slot(&mut self, index: usize) -> __p::Slot<'_> {
                    match index {
                        0 => __p::Field::as_slot(&mut self.enabled),
                        _ => __p::Slot::Other,
                    }
                }
                fn index(key: &str) -> __p::Option<usize> {
                    match key {
                        "enabled" => __p::Some(0),
                        _ => __p::Option::None,
                    }
                }
            }
        }
    }
    ::sst_resources::__aws_s3! {
        MyBucket, name, 18086857502596756665u64, GrantOfMyBucket,
        "`MyBucket` through the AWS SDK's `s3` client: its requests with the name set, each compiled only if `MyBucket`'s grant allows it, and recorded for `sst-resources policy --binary` (feature `aws-s3`).",
        "function `Upload` may not call `{Self}` on `MyBucket`: its grant does not allow it",
        "`{Self}` needs an IAM action `MyBucket` is not granted",
        "`MyBucket` is granted `s3:*`, by SST's default for `sst.aws.Bucket`; it allows every call of the handle. Add what this call needs to that grant (in sst.config.ts, the `sst.Linkable.wrap(sst.aws.Bucket, ...)` include that narrows it), or make this call on a resource whose grant allows it",
        [GetObject PutObject DeleteObject HeadObject CopyObject ListObjectsV2
        DeleteObjects CreateMultipartUpload UploadPart CompleteMultipartUpload
        AbortMultipartUpload]
    }
    /// What these types were generated from (`types_fingerprint`), held
    /// against each function's `types = <crate>` call.
    #[doc(hidden)]
    pub const __SST_LINKS_TOML: u64 = 15835187792719125084u64;
}
::sst_resources::__if_cloudflare! {}
