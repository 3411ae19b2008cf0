//! `policy`: the IAM policy a function's links grant (or every function's, by name),
//! or, with `--binary`, the one its compiled code's calls need; as pretty JSON. The
//! policies themselves are `resource_link::policy`'s and `resource_link::calls`'.

use crate::error::Error;
use crate::links::Secrets;
use crate::opt::PolicyArgs;
use resource_link::policy::{PARTITIONS, is_region_shaped as is_region, partition_of};

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
    // The flags are checked with the values, and a problem of each is said in the
    // same run.
    let (manifest, links, deployment) = match (
        link.links(Secrets::Blank),
        deployment(partition, region, account),
    ) {
        (Ok((manifest, links)), Ok(deployment)) => (manifest, links, deployment),
        (Ok(_), Err(wrong)) => return Err(each_an_error(wrong.join("\n"))),
        (Err(e), Ok(_)) => return Err(e),
        (Err(e), Err(wrong)) => {
            return Err(e.more(wrong.iter().map(|w| format!("error: {w}")).collect()));
        }
    };
    let document = |function: Option<&str>| {
        resource_link::policy::policy(&manifest, &links, function, &deployment)
            .map_err(each_an_error)
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
            .map_err(each_an_error)?
    } else if all {
        serde_json::Value::Object(
            resource_link::policy::policies_by_function(&manifest, &links, &deployment)
                .map_err(each_an_error)?,
        )
    } else {
        document(link.function.as_deref())?
    };
    Ok(format!(
        "{}\n",
        serde_json::to_string_pretty(&out).expect("a JSON value serializes")
    ))
}

/// The deployment the flags (and the environment) give, or every problem of theirs,
/// one a line.
fn deployment(
    partition: Option<String>,
    region: Option<String>,
    account: Option<String>,
) -> Result<resource_link::policy::Deployment, Vec<String>> {
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
    let partition = partition_for(partition, region.as_ref().ok().and_then(Option::as_deref));
    match (partition, region, account) {
        (Ok(partition), Ok(region), Ok(account)) => Ok(resource_link::policy::Deployment {
            partition,
            region,
            account,
        }),
        (partition, region, account) => Err([partition.err(), region.err(), account.err()]
            .into_iter()
            .flatten()
            .collect()),
    }
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
        Some(value) if value.is_empty() => {
            return Err(format!("{flag} is empty: pass it with {expected}"));
        }
        Some(value) => {
            return Err(format!(
                "{flag} is `{value}`, which is not {expected}: pass {flag} with one"
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

/// `lines` (one problem a line, each after its own `help:` lines) with `error: `
/// before each problem, as every other multi-problem error of the command reads.
fn each_an_error(lines: String) -> Error {
    let text: Vec<String> = lines
        .lines()
        .map(|line| {
            if line.starts_with("help:") || line.starts_with(' ') {
                line.to_owned()
            } else {
                format!("error: {line}")
            }
        })
        .collect();
    Error::rendered(text.join("\n"))
}

/// `--partition`, else the region's (else `aws`): one AWS does not have, or that
/// does not hold the region, would be written into every ARN.
fn partition_for(given: Option<String>, region: Option<&str>) -> Result<String, String> {
    let implied = region.map(partition_of);
    let Some(given) = given else {
        return Ok(implied.unwrap_or("aws").to_owned());
    };
    let known = given == "aws" || PARTITIONS.iter().any(|(p, _)| *p == given);
    if !known {
        let all: Vec<&str> = std::iter::once("aws")
            .chain(PARTITIONS.iter().map(|(p, _)| *p))
            .collect();
        return Err(format!(
            "--partition is `{given}`, which is not an AWS partition: pass one of {}, or leave it out to take the region's",
            all.join(", ")
        ));
    }
    match (implied, region) {
        (Some(implied), Some(region)) if implied != given => Err(format!(
            "--partition is `{given}`, but region `{region}` is in `{implied}`: leave --partition out, or pass --partition {implied}"
        )),
        _ => Ok(given),
    }
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
        for (region, partition) in [
            ("us-east-1", "aws"),
            ("il-central-1", "aws"),
            ("cn-northwest-1", "aws-cn"),
            ("us-gov-west-1", "aws-us-gov"),
            ("us-iso-east-1", "aws-iso"),
            ("us-isob-east-1", "aws-iso-b"),
            ("eu-isoe-west-1", "aws-iso-e"),
            ("us-isof-south-1", "aws-iso-f"),
            ("eusc-de-east-1", "aws-eusc"),
        ] {
            assert_eq!(partition_of(region), partition, "{region}");
            assert!(is_region(region), "{region}");
        }
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
