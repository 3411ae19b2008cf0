//! The service's binary: loads its links once, then serves on `0.0.0.0:$PORT`
//! (default 3000). Locally, with its links as SST would inject them:
//! `SST_SECRET_SessionSecret=... sst-resources run --manifest examples/server/links.toml
//! --function Web -- cargo run -p server-demo`.

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let links = match server_demo::Resource::load() {
        Ok(links) => links,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".to_owned());
    let listener = match tokio::net::TcpListener::bind(format!("0.0.0.0:{port}")).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cannot listen on 0.0.0.0:{port}: {e}");
            std::process::exit(1);
        }
    };
    eprintln!("listening on http://0.0.0.0:{port}");
    if let Err(e) = axum::serve(listener, server_demo::router(links)).await {
        eprintln!("server stopped: {e}");
        std::process::exit(1);
    }
}
