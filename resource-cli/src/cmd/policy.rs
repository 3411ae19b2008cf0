//! `policy`: the IAM policy a function's links grant (or every function's, by name),
//! or, with `--binary`, the one its compiled code's calls need; as pretty JSON. The
//! policies themselves are `resource_link::policy`'s and `resource_link::calls`'.

use crate::error::Error;
use crate::links::Secrets;
use crate::opt::PolicyArgs;

/// The policy document(s), as text.
pub fn run(args: PolicyArgs) -> Result<String, Error> {
    let PolicyArgs {
        link,
        all,
        binary,
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
    let out = if let Some(path) = binary {
        // clap requires --function with --binary.
        let function = link.function.as_deref().unwrap_or_default();
        let shown = path.display().to_string();
        let bytes = std::fs::read(&path).map_err(|e| {
            Error::new(format_args!(
                "cannot read {shown}, function `{function}`'s binary: {e}"
            ))
            .help("pass the path of the function's compiled binary (`cargo lambda build` writes target/lambda/<binary>/bootstrap)")
        })?;
        resource_link::calls::policy(&manifest, &links, function, &shown, &bytes, &deployment)
            .map_err(Error::new)?
    } else if all {
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
