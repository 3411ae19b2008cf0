//! The handler's binary. On Lambda (`AWS_LAMBDA_RUNTIME_API` set) it serves events
//! under `lambda_runtime`; anywhere else it handles one event, the JSON in its first
//! argument (default `{"body":"Hello from sst-resources"}`), prints what it wrote as
//! JSON and exits: `sst-resources run --function Api -- handler-demo '{"body":"hi"}'`.

use handler_demo::{Clients, Resource, Upload, upload};
use lambda_runtime::{LambdaEvent, service_fn};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    // Links are read once, at cold start: a missing or malformed one stops here,
    // listing every problem, before any event is taken.
    let links = match Resource::load() {
        Ok(links) => links,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let aws = Clients::from_env().await;
    if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() {
        let (links, aws) = (&links, &aws);
        return lambda_runtime::run(service_fn(move |event: LambdaEvent<Upload>| async move {
            // Reported to Lambda as the invocation's error, the SDK's chain included.
            upload(links, aws, event.payload)
                .await
                .map_err(lambda_runtime::Error::from)
        }))
        .await;
    }
    let event = std::env::args()
        .nth(1)
        .unwrap_or_else(|| r#"{"body":"Hello from sst-resources"}"#.to_owned());
    let event: Upload = match serde_json::from_str(&event) {
        Ok(event) => event,
        Err(e) => {
            eprintln!("the event (first argument) is not an Upload: {e}");
            std::process::exit(2);
        }
    };
    match upload(&links, &aws, event).await {
        Ok(done) => {
            println!(
                "{}",
                serde_json::to_string(&done).expect("Uploaded serializes")
            );
            Ok(())
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
