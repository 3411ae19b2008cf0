//! An app linked to a bucket, a table, a secret and a Linkable, reading them the way
//! an SST function does. Run it with its links: `bash examples/demo/run.sh`.

sst_resources::sst_resources!("links.toml");

/// The `Upload` function's view: only what `[functions.Upload]` links.
mod upload {
    sst_resources::sst_resources!("links.toml", function = "Upload");

    /// A handler body that reads its links; tests call it with a `MapSource`.
    pub fn describe(r: &Resource) -> String {
        format!(
            "upload to s3://{}/ via {} (timeout {}s, redis {}:{})",
            r.my_bucket.name,
            r.api_config.endpoint,
            r.api_config.timeout,
            r.api_config.redis.host,
            r.api_config.redis.port
        )
    }
}

fn main() {
    let r = match Resource::load() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    println!("app:        {} (stage {})", r.app.name, r.app.stage);
    println!("bucket:     {}", r.my_bucket.name);
    println!("table:      {}", r.my_table.name);
    println!(
        "stripe key: {:?} ({} characters)",
        r.stripe_key.value,
        r.stripe_key.value.expose().len()
    );
    println!(
        "api:        {} v{} timeout={}s regions={:?}",
        r.api_config.endpoint, r.api_config.version, r.api_config.timeout, r.api_config.regions
    );
    println!(
        "redis:      {}:{} tls={}",
        r.api_config.redis.host, r.api_config.redis.port, r.api_config.redis.tls
    );

    let upload = upload::Resource::get();
    println!("Upload:     {}", upload::describe(upload));
}

#[cfg(test)]
mod tests {
    use sst_resources::MapSource;

    #[test]
    fn a_handler_is_tested_with_fake_links() {
        let links = MapSource::new()
            .app("my-app", "test")
            .resource("MyBucket", r#"{"name":"test-bucket"}"#)
            .resource("ApiConfig", r#"{"endpoint":"http://localhost","version":"1","timeout":5,"regions":[],"redis":{"host":"localhost","port":6379,"tls":false}}"#);
        let r = super::upload::Resource::from_source(&links).unwrap();
        assert_eq!(
            super::upload::describe(&r),
            "upload to s3://test-bucket/ via http://localhost (timeout 5s, redis localhost:6379)"
        );
    }
}
