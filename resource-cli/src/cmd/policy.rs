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
    let region = deployment_value(
        ("--region", region),
        &["AWS_REGION", "AWS_DEFAULT_REGION"],
        is_region,
        "a region such as `us-east-1`",
    );
    let account = deployment_value(
        ("--account", account),
        &["AWS_ACCOUNT_ID"],
        is_account,
        "an account id, 12 digits such as `123456789012`",
    );
    let (region, account) = match (region, account) {
        (Ok(region), Ok(account)) => (region, account),
        (region, account) => {
            let wrong: Vec<String> = [region.err(), account.err()]
                .into_iter()
                .flatten()
                .collect();
            return Err(Error::new(wrong.join("\n")));
        }
    };
    let deployment = resource_link::policy::Deployment {
        partition,
        region,
        account,
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
        serde_json::Value::Object(
            resource_link::policy::policies_by_function(&manifest, &links, &deployment)
                .map_err(Error::new)?,
        )
    } else {
        document(link.function.as_deref())?
    };
    Ok(format!(
        "{}\n",
        serde_json::to_string_pretty(&out).expect("a JSON value serializes")
    ))
}

/// The flag's value, else the first of `variables` set and not empty (CI often sets
/// `AWS_REGION=`), checked with `valid`: a region or account id that is not one
/// would be written into every ARN, and the policy would grant nothing that exists.
fn deployment_value(
    (flag, given): (&str, Option<String>),
    variables: &[&str],
    valid: fn(&str) -> bool,
    expected: &str,
) -> Result<Option<String>, String> {
    let value = match given {
        Some(value) if valid(&value) => return Ok(Some(value)),
        Some(value) => {
            return Err(format!(
                "`{flag}` is `{value}`, which is not {expected}: pass {flag} with one"
            ));
        }
        None => variables.iter().find_map(|&var| {
            std::env::var(var)
                .ok()
                .filter(|v| !v.is_empty())
                .map(|v| (v, var))
        }),
    };
    match value {
        None => Ok(None),
        Some((value, _)) if valid(&value) => Ok(Some(value)),
        Some((value, var)) => Err(format!(
            "{var} is `{value}`, which is not {expected}: set {var} to one, or pass {flag} (which outranks it)"
        )),
    }
}

/// An AWS region's shape: lower-case words and a number, joined by `-`
/// (`us-east-1`, `us-gov-west-1`, `cn-north-1`).
fn is_region(region: &str) -> bool {
    let mut parts = region.split('-');
    let first_is_word = parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()));
    let rest: Vec<&str> = parts.collect();
    first_is_word
        && rest.len() >= 2
        && rest.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && rest
            .last()
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// An AWS account id: exactly 12 digits.
fn is_account(account: &str) -> bool {
    account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_and_account_ids() {
        for ok in [
            "us-east-1",
            "us-gov-west-1",
            "cn-north-1",
            "ap-southeast-4",
            "eu-central-2",
            "us-isob-east-1",
        ] {
            assert!(is_region(ok), "{ok}");
        }
        for bad in [
            "",
            "us",
            "us-east",
            "US-EAST-1",
            "us-east-1 ",
            "us_east_1",
            "-east-1",
            "us--1",
            "123456789012",
        ] {
            assert!(!is_region(bad), "{bad:?}");
        }
        assert!(is_account("123456789012"));
        for bad in [
            "",
            "12345",
            "abc",
            "1234567890123",
            "12345678901a",
            " 23456789012",
        ] {
            assert!(!is_account(bad), "{bad:?}");
        }
    }
}
