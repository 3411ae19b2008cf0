//! `policy`: the IAM policy a function's links grant (or every function's, by name),
//! as pretty JSON; the policy itself is `resource_link::policy`'s.

use crate::error::Error;
use crate::links::Secrets;
use crate::opt::PolicyArgs;

/// The policy document(s), as text.
pub fn run(args: PolicyArgs) -> Result<String, Error> {
    let PolicyArgs {
        link,
        all,
        partition,
        region,
        account,
    } = args;
    let (manifest, links) = link.links(Secrets::Blank)?;
    let deployment = resource_link::policy::Deployment {
        partition,
        region: region
            .or_else(|| std::env::var("AWS_REGION").ok())
            .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok()),
        account: account.or_else(|| std::env::var("AWS_ACCOUNT_ID").ok()),
    };
    let document = |function: Option<&str>| {
        resource_link::policy::policy(&manifest, &links, function, &deployment).map_err(Error::new)
    };
    let out = if all {
        let mut by_function = serde_json::Map::new();
        for f in &manifest.functions {
            by_function.insert(f.name.clone(), document(Some(&f.name))?);
        }
        serde_json::Value::Object(by_function)
    } else {
        document(link.function.as_deref())?
    };
    Ok(format!(
        "{}\n",
        serde_json::to_string_pretty(&out).expect("a JSON value serializes")
    ))
}
