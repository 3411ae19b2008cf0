//! The IAM policy a function's links grant: each linked resource's permissions (the
//! catalogue's defaults, a custom type's, a Linkable's `include`), with their ARN
//! templates filled from the stage's values, merged and ordered deterministically.
//! Owns the policy document only; reading values is `values`' job.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::values::Links;
use resource_manifest::{Condition, Effect, Manifest, Permission};

/// Where the function is deployed: what ARN templates name besides properties.
#[derive(Debug, Clone)]
pub struct Deployment {
    /// `aws`, `aws-cn`, `aws-us-gov`.
    pub partition: String,
    /// e.g. `us-east-1`; needed only if a template uses `{region}`.
    pub region: Option<String>,
    /// The 12-digit account id; needed only if a template uses `{account}`.
    pub account: Option<String>,
}

/// The policy document (`Version` 2012-10-17) for `function`'s links (all resources
/// when `None`). Statements with the same effect, actions and conditions are merged;
/// actions, resources and statements are sorted. A statement a built-in type grants
/// only in some deployments (`Permission::when`) is left out when the link says so.
///
/// # Errors
/// One line per problem: the region, the account id, or both, missing (once,
/// naming every resource whose ARN needs them); then, once per resource (naming it,
/// its manifest line and the first template it broke), a value missing, empty or
/// holding IAM's wildcards, and a filled resource that is neither `*` nor an ARN
/// (`arn:<partition>:<service>:...`; AWS rejects the policy with
/// MalformedPolicyDocument otherwise, SST #4265).
pub fn policy(
    manifest: &Manifest,
    links: &Links,
    function: Option<&str>,
    deployment: &Deployment,
) -> Result<Value, String> {
    let f = function
        .map(|name| manifest.find_function(name))
        .transpose()?;
    let mut unfilled = Unfilled::new(&manifest.file);
    let merged = statements(manifest, links, f, deployment, &mut unfilled);
    unfilled.into_result("")?;
    Ok(document(merged))
}

/// [`policy`] of every function of the manifest, by name, in the manifest's order.
///
/// # Errors
/// As [`policy`]'s, gathered over every function: a missing region or account id
/// is one line naming every resource of every function that needs it.
pub fn policies_by_function(
    manifest: &Manifest,
    links: &Links,
    deployment: &Deployment,
) -> Result<serde_json::Map<String, Value>, String> {
    let mut unfilled = Unfilled::new(&manifest.file);
    let by_function = manifest
        .functions
        .iter()
        .map(|f| {
            let merged = statements(manifest, links, Some(f), deployment, &mut unfilled);
            (f.name.clone(), document(merged))
        })
        .collect();
    unfilled.into_result("")?;
    Ok(by_function)
}

/// The statements `f`'s links grant (every resource's when `None`); what cannot be
/// filled goes to `unfilled`.
fn statements(
    manifest: &Manifest,
    links: &Links,
    f: Option<&resource_manifest::Function>,
    deployment: &Deployment,
    unfilled: &mut Unfilled,
) -> Statements {
    let mut merged = Statements::new();
    for r in manifest.linked_to(f) {
        let values = links.get(&r.name);
        for p in r.permissions.iter().filter(|p| applies(p, values)) {
            let actions: BTreeSet<String> = p.actions.iter().cloned().collect();
            let mut conditions = p.conditions.clone();
            conditions.sort();
            let key = (p.effect, actions, conditions);
            for template in &p.resources {
                match fill_resource(template, values, deployment) {
                    Ok(arn) => {
                        merged.entry(key.clone()).or_default().insert(arn);
                    }
                    Err(e) => unfilled.push(r, template, None, e),
                }
            }
        }
    }
    merged
}

/// Whether `p` is granted to a link whose values are `values`: always, unless its
/// `when` names a property the link lacks (or, with `!`, has).
pub(crate) fn applies(p: &Permission, values: Option<&Value>) -> bool {
    let Some(when) = &p.when else {
        return true;
    };
    let (negated, property) = match when.strip_prefix('!') {
        Some(property) => (true, property),
        None => (false, when.as_str()),
    };
    let present = values
        .and_then(|v| v.get(property))
        .is_some_and(|v| !v.is_null());
    present != negated
}

/// A policy's statements before they are written: each (effect, actions,
/// conditions) with the resources it is on. A `BTreeMap`, so statements with the
/// same key are merged and come out sorted.
pub(crate) type Statements = BTreeMap<(Effect, BTreeSet<String>, Vec<Condition>), BTreeSet<String>>;

/// The policy document (`Version` 2012-10-17) of `merged`, in its order.
pub(crate) fn document(merged: Statements) -> Value {
    let statements: Vec<Value> = merged
        .into_iter()
        .map(|((effect, actions, conditions), resources)| {
            let mut statement =
                json!({"Effect": effect.iam(), "Action": actions, "Resource": resources});
            if !conditions.is_empty() {
                let mut block: BTreeMap<&str, BTreeMap<&str, &[String]>> = BTreeMap::new();
                for c in &conditions {
                    block
                        .entry(c.test.as_str())
                        .or_default()
                        .insert(c.variable.as_str(), c.values.as_slice());
                }
                statement["Condition"] = json!(block);
            }
            statement
        })
        .collect();
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// A value of the deployment, not of any link, that an ARN template uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum DeploymentValue {
    /// `{region}`.
    Region,
    /// `{account}`.
    Account,
}

impl DeploymentValue {
    /// What it is, and how to give it (the flag, then the variables `policy` reads).
    fn said(self) -> (&'static str, &'static str) {
        match self {
            DeploymentValue::Region => (
                "the region",
                "--region (or set AWS_REGION or AWS_DEFAULT_REGION)",
            ),
            DeploymentValue::Account => ("the account id", "--account (or set AWS_ACCOUNT_ID)"),
        }
    }
}

/// Why a template could not be filled: every deployment value it needs and lacks,
/// and the first problem of the link's own values or of the template.
#[derive(Debug, Default)]
pub(crate) struct FillError {
    /// Said once for every resource whose ARN needs them.
    deployment: Vec<DeploymentValue>,
    /// Something of this link's values or of the template itself.
    link: Option<String>,
}

impl FillError {
    fn link(e: String) -> Self {
        FillError {
            deployment: Vec::new(),
            link: Some(e),
        }
    }

    /// `d`'s value in `deployment`, else empty, with `d` recorded as needed.
    fn or_needed(&mut self, deployment: &Deployment, d: DeploymentValue) -> String {
        let given = match d {
            DeploymentValue::Region => &deployment.region,
            DeploymentValue::Account => &deployment.account,
        };
        given.clone().unwrap_or_else(|| {
            if !self.deployment.contains(&d) {
                self.deployment.push(d);
            }
            String::new()
        })
    }
}

impl std::fmt::Display for FillError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut all: Vec<String> = self
            .deployment
            .iter()
            .map(|d| {
                let (what, how) = d.said();
                format!("{what} is needed: pass {how}")
            })
            .collect();
        all.extend(self.link.clone());
        f.write_str(&all.join("; "))
    }
}

/// The templates a policy could not fill, gathered so each is said once: a line per
/// resource and template for a problem of the link's, and one line for the missing
/// deployment values, naming every resource that needs them (an app of twenty tables
/// and no region is told once, not twenty times, and of the account id with it).
pub(crate) struct Unfilled<'m> {
    /// The manifest the resources are declared in.
    file: &'m str,
    lines: Vec<String>,
    /// Each resource needing a deployment value: its line, its name and the values
    /// it needs, in the order first met.
    needing: Vec<(usize, String, BTreeSet<DeploymentValue>)>,
}

impl<'m> Unfilled<'m> {
    /// Nothing yet, for resources declared in `file`.
    pub(crate) fn new(file: &'m str) -> Self {
        Unfilled {
            file,
            lines: Vec::new(),
            needing: Vec::new(),
        }
    }

    /// Records that `template` of resource `r` could not be filled; `call`: the
    /// operation that needs it, for a policy derived from calls.
    pub(crate) fn push(
        &mut self,
        r: &resource_manifest::LinkedResource,
        template: &str,
        call: Option<&str>,
        e: FillError,
    ) {
        if !e.deployment.is_empty() {
            match self.needing.iter_mut().find(|(_, name, _)| *name == r.name) {
                Some((_, _, values)) => values.extend(e.deployment),
                None => {
                    self.needing
                        .push((r.line, r.name.clone(), e.deployment.into_iter().collect()))
                }
            }
        }
        if let Some(e) = e.link {
            // Said once per resource, with the first template it broke (a bucket's
            // name breaks both of its ARNs).
            let at = format!("{}:{}: `{}`: {e} (", self.file, r.line, r.name);
            if !self.lines.iter().any(|line| line.starts_with(&at)) {
                let call = call.map(|c| format!(", for `{c}`")).unwrap_or_default();
                self.lines.push(format!("{at}in `{template}`{call})"));
            }
        }
    }

    /// `Ok` if nothing was recorded, else every line, each after `prefix`: the
    /// missing deployment values first (one line for the resources that need the
    /// same ones), then the links' problems.
    pub(crate) fn into_result(self, prefix: &str) -> Result<(), String> {
        // Each missing value once, naming every resource that needs it; the region
        // and the account in one sentence when the same resources need both.
        type At<'a> = Vec<(usize, &'a str)>;
        let needing = |value: DeploymentValue| -> At<'_> {
            self.needing
                .iter()
                .filter(|(_, _, values)| values.contains(&value))
                .map(|(line, name, _)| (*line, name.as_str()))
                .collect()
        };
        let region = needing(DeploymentValue::Region);
        let account = needing(DeploymentValue::Account);
        let groups: Vec<(Vec<DeploymentValue>, At<'_>)> = if region == account {
            vec![(
                vec![DeploymentValue::Region, DeploymentValue::Account],
                region,
            )]
        } else {
            vec![
                (vec![DeploymentValue::Region], region),
                (vec![DeploymentValue::Account], account),
            ]
        };
        let lines: Vec<String> = groups
            .into_iter()
            .filter(|(_, at)| !at.is_empty())
            .map(|(values, at)| {
                let said: Vec<_> = values.iter().map(|v| v.said()).collect();
                let whats: Vec<_> = said.iter().map(|(what, _)| *what).collect();
                let hows: Vec<_> = said.iter().map(|(_, how)| *how).collect();
                let is = if said.len() == 1 { "is" } else { "are" };
                let arns = if at.len() == 1 { "ARN" } else { "ARNs" };
                let names: Vec<String> = at.iter().map(|(_, name)| format!("`{name}`")).collect();
                let lines: Vec<String> = at.iter().map(|(line, _)| line.to_string()).collect();
                format!(
                    "{prefix}{} {is} needed for the {arns} of {} ({}:{}): pass {}",
                    whats.join(" and "),
                    names.join(", "),
                    self.file,
                    lines.join(", "),
                    hows.join(" and ")
                )
            })
            .chain(self.lines.iter().map(|line| format!("{prefix}{line}")))
            .collect();
        if lines.is_empty() {
            Ok(())
        } else {
            Err(lines.join("\n"))
        }
    }
}

/// `template` filled (`fill`) as a policy's `Resource`: an error unless the result is
/// `*` or an ARN.
pub(crate) fn fill_resource(
    template: &str,
    values: Option<&Value>,
    deployment: &Deployment,
) -> Result<String, FillError> {
    let arn = fill(template, values, deployment)?;
    if is_policy_resource(&arn) {
        Ok(arn)
    } else {
        Err(FillError::link(format!(
            "`{arn}` is neither `*` nor an ARN (`arn:<partition>:<service>:<region>:<account>:<resource>`), and AWS rejects the policy"
        )))
    }
}

/// Whether `resource` may stand in a policy's `Resource`: `*`, or an ARN with a
/// partition, a service and a resource part (`arn:aws:s3:::bucket`).
pub fn is_policy_resource(resource: &str) -> bool {
    if resource == "*" {
        return true;
    }
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && !parts[1].is_empty()
        && !parts[2].is_empty()
        && !parts[5].is_empty()
        && !resource.chars().any(char::is_whitespace)
}

/// Fills `{prop}` (`{peer.region}`: a nested one), `{prop:last}` (the last `/`
/// segment), `{prop:first}` (the first DNS label of a host or URL: a Dsql cluster id,
/// an API id), `{prop:task}` (an ECS cluster ARN's `:cluster/` as `:task/`),
/// `{arn:execution}`, a queue URL's `{url:queue-region}` and `{url:queue-account}`
/// (the deployment's region and account when the URL holds none), `{partition}`,
/// `{region}` and `{account}` in an ARN template.
fn fill(
    template: &str,
    values: Option<&Value>,
    deployment: &Deployment,
) -> Result<String, FillError> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut missing = FillError::default();
    // A queue whose URL names its region is in that region's partition (a queue in
    // `cn-north-1` is `arn:aws-cn:...`, whatever the deployment's partition).
    let queue_partition = template
        .contains("{url:queue-region}")
        .then(|| {
            values
                .and_then(|v| crate::property_at(v, "url"))
                .and_then(Value::as_str)
        })
        .flatten()
        .and_then(queue_url_region)
        .map(|region| partition_of(&region).to_owned());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| FillError::link("an unclosed `{`".to_owned()))?
            + open;
        let placeholder = &rest[open + 1..close];
        let (name, transform) = placeholder.split_once(':').unwrap_or((placeholder, ""));
        let value = match name {
            "partition" => queue_partition
                .clone()
                .unwrap_or_else(|| deployment.partition.clone()),
            "region" => missing.or_needed(deployment, DeploymentValue::Region),
            "account" => missing.or_needed(deployment, DeploymentValue::Account),
            property => {
                match values
                    .and_then(|values| crate::property_at(values, property))
                    .and_then(Value::as_str)
                {
                    Some(value) => value.to_owned(),
                    None => {
                        missing.link = Some(format!("no string value for property `{property}`"));
                        return Err(missing);
                    }
                }
            }
        };
        // A queue's region and account are in its URL: from there they are the
        // queue's own (the region of the shell running this may not be the app's).
        let queue_part = match transform {
            "queue-region" => Some((queue_url_region(&value), DeploymentValue::Region)),
            "queue-account" => Some((queue_url_account(&value), DeploymentValue::Account)),
            _ => None,
        };
        if let Some((part, of_deployment)) = queue_part {
            let part = part.unwrap_or_else(|| missing.or_needed(deployment, of_deployment));
            out.push_str(&part);
            rest = &rest[close + 1..];
            continue;
        }
        let raw = value;
        let value = match transform {
            "" => raw.clone(),
            // A URL ending in `/` has no last segment (a queue URL with no queue's
            // name): empty, and refused below, not the account id before it.
            "last" => raw.rsplit('/').next().unwrap_or_default().to_owned(),
            "execution" => raw.replacen("stateMachine", "execution", 1),
            "first" => {
                let host = raw.split_once("://").map_or(raw.as_str(), |(_, h)| h);
                host.split(['.', '/', ':'])
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            }
            "task" => raw.replacen(":cluster/", ":task/", 1),
            other => {
                missing.link = Some(format!("unknown template transform `:{other}`"));
                return Err(missing);
            }
        };
        if !matches!(name, "partition" | "region" | "account") {
            // A link's value goes into the ARN as it is: IAM reads `*` and `?` there as
            // wildcards (a bucket named `*` would be every bucket), and an empty one
            // names nothing. SST's names never hold either.
            let what = if transform.is_empty() {
                format!("its `{name}`")
            } else {
                format!("the `:{transform}` part of its `{name}` (`{raw}`)")
            };
            if value.is_empty() {
                missing.link = Some(format!("{what} is empty, so the ARN names no resource"));
                return Err(missing);
            }
            if value.contains(['*', '?']) {
                missing.link = Some(format!(
                    "{what} is `{value}`: IAM reads `*` and `?` in an ARN as wildcards, so the policy would grant on every resource they match"
                ));
                return Err(missing);
            }
        }
        out.push_str(&value);
        rest = &rest[close + 1..];
    }
    if !missing.deployment.is_empty() {
        return Err(missing);
    }
    out.push_str(rest);
    Ok(out)
}

/// The region of an SQS queue URL: the first label of its host shaped as a region
/// (`sqs.eu-west-1.amazonaws.com`, `sqs-fips.us-east-1.amazonaws.com`,
/// `sqs.us-east-1.api.aws`, `vpce-....sqs.us-east-1.vpce.amazonaws.com`, the legacy
/// `ap-south-1.queue.amazonaws.com`, in any case), and us-east-1 for the legacy
/// `queue.amazonaws.com`. `None` for a host that names no region (a local
/// emulator's `localhost`).
fn queue_url_region(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next()?;
    let host = authority.rsplit('@').next()?.to_ascii_lowercase();
    let host = host.split(':').next()?;
    if host == "queue.amazonaws.com" {
        return Some("us-east-1".to_owned());
    }
    host.split('.')
        .find(|label| is_region_shaped(label))
        .map(str::to_owned)
}

/// A label shaped as an AWS region: lower-case words then a number, joined by `-`,
/// at least three parts (`us-east-1`, `us-gov-west-1`, `eusc-de-east-1`).
pub fn is_region_shaped(label: &str) -> bool {
    let parts: Vec<&str> = label.split('-').collect();
    parts.len() >= 3
        && parts[0].bytes().all(|b| b.is_ascii_lowercase())
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
}

/// AWS's partitions other than `aws`, each with the prefix of its regions' names, as
/// the AWS SDK for Rust's endpoint rules give them (`regionRegex` of each partition
/// in the service crates' `endpoint_lib.rs`: `^cn\-\w+\-\d+$` is `aws-cn`, ...).
pub const PARTITIONS: &[(&str, &str)] = &[
    ("aws-cn", "cn-"),
    ("aws-eusc", "eusc-"),
    ("aws-iso", "us-iso-"),
    ("aws-iso-b", "us-isob-"),
    ("aws-iso-e", "eu-isoe-"),
    ("aws-iso-f", "us-isof-"),
    ("aws-us-gov", "us-gov-"),
];

/// The partition of a region, by its name's prefix ([`PARTITIONS`]); `aws` for every
/// other.
pub fn partition_of(region: &str) -> &'static str {
    PARTITIONS
        .iter()
        .find(|(_, prefix)| region.starts_with(prefix))
        .map_or("aws", |(partition, _)| partition)
}

/// The account id of an SQS queue URL: its path's first segment, 12 digits.
fn queue_url_account(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let account = rest.split('/').nth(1)?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then(|| account.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use resource_manifest::parse_str;

    fn deployment() -> Deployment {
        Deployment {
            partition: "aws".into(),
            region: Some("us-east-1".into()),
            account: Some("123456789012".into()),
        }
    }

    #[test]
    fn templates() {
        let v = json!({"name": "b", "url": "https://sqs.us-east-1.amazonaws.com/123456789012/q1", "arn": "arn:aws:states:us-east-1:1:stateMachine:sm"});
        let d = deployment();
        assert_eq!(
            fill("arn:{partition}:s3:::{name}/*", Some(&v), &d).unwrap(),
            "arn:aws:s3:::b/*"
        );
        assert_eq!(
            fill(
                "arn:{partition}:sqs:{region}:{account}:{url:last}",
                Some(&v),
                &d
            )
            .unwrap(),
            "arn:aws:sqs:us-east-1:123456789012:q1"
        );
        assert_eq!(
            fill("{arn:execution}:*", Some(&v), &d).unwrap(),
            "arn:aws:states:us-east-1:1:execution:sm:*"
        );
        assert!(
            fill("{nope}", Some(&v), &d)
                .unwrap_err()
                .to_string()
                .contains("`nope`")
        );
        let no_account = Deployment { account: None, ..d };
        assert!(
            fill("{account}", Some(&v), &no_account)
                .unwrap_err()
                .to_string()
                .contains("--account")
        );
    }

    /// Each missing value is asked for once, with every resource that needs it, even
    /// when resources need different ones (a local emulator's queue URL holds its
    /// account but no region).
    #[test]
    fn each_missing_value_is_asked_for_once() {
        let m = parse_str(
            "links.toml",
            "[resources.Orders]\ntype = \"sst.aws.Dynamo\"\n\n[resources.Jobs]\ntype = \"sst.aws.Queue\"\n",
        )
        .unwrap();
        let links: Links = [
            ("Orders".to_owned(), json!({"name": "orders"})),
            (
                "Jobs".to_owned(),
                json!({"url": "http://localhost:4566/000000000000/jobs"}),
            ),
        ]
        .into();
        let d = Deployment {
            region: None,
            account: None,
            ..deployment()
        };
        assert_eq!(
            policy(&m, &links, None, &d).unwrap_err(),
            "the region is needed for the ARNs of `Orders`, `Jobs` (links.toml:1, 4): pass --region (or set AWS_REGION or AWS_DEFAULT_REGION)\n\
             the account id is needed for the ARN of `Orders` (links.toml:1): pass --account (or set AWS_ACCOUNT_ID)"
        );
    }

    /// An app of several tables and no region is asked for the region once, with
    /// every resource that needs it; the buckets (whose ARNs have none) are not named.
    #[test]
    fn a_missing_region_is_asked_for_once() {
        let m = parse_str(
            "links.toml",
            "[resources.Orders]\ntype = \"sst.aws.Dynamo\"\n\n[resources.Users]\ntype = \"sst.aws.Dynamo\"\n\n[resources.Files]\ntype = \"sst.aws.Bucket\"\n",
        )
        .unwrap();
        let links: Links = ["Orders", "Users", "Files"]
            .map(|n| (n.to_owned(), json!({"name": n.to_lowercase()})))
            .into();
        let d = Deployment {
            region: None,
            ..deployment()
        };
        assert_eq!(
            policy(&m, &links, None, &d).unwrap_err(),
            "the region is needed for the ARNs of `Orders`, `Users` (links.toml:1, 4): pass --region (or set AWS_REGION or AWS_DEFAULT_REGION)"
        );
    }

    /// A queue's ARN takes the region and account of its URL, the queue's own, over
    /// the deployment's; an URL that holds neither (a local emulator's) takes them
    /// from the deployment.
    #[test]
    fn a_queue_arn_takes_its_region_and_account_from_its_url() {
        let d = deployment();
        let template = "arn:{partition}:sqs:{url:queue-region}:{url:queue-account}:{url:last}";
        for (url, arn) in [
            (
                "https://sqs.eu-west-1.amazonaws.com/111122223333/shop-dev-Jobs",
                "arn:aws:sqs:eu-west-1:111122223333:shop-dev-Jobs",
            ),
            (
                "https://sqs.cn-north-1.amazonaws.com.cn/111122223333/q",
                "arn:aws-cn:sqs:cn-north-1:111122223333:q",
            ),
            (
                "https://ap-south-1.queue.amazonaws.com/111122223333/q",
                "arn:aws:sqs:ap-south-1:111122223333:q",
            ),
            (
                "https://queue.amazonaws.com/111122223333/q",
                "arn:aws:sqs:us-east-1:111122223333:q",
            ),
            (
                "http://127.0.0.1:4566/000000000000/q",
                "arn:aws:sqs:us-east-1:000000000000:q",
            ),
            (
                "http://localhost:4566/queue/q",
                "arn:aws:sqs:us-east-1:123456789012:q",
            ),
        ] {
            assert_eq!(
                fill(template, Some(&json!({"url": url})), &d).unwrap(),
                arn,
                "{url}"
            );
        }
        // With the region and account in the URL, the deployment's are not needed.
        let bare = Deployment {
            region: None,
            account: None,
            ..d.clone()
        };
        let v = json!({"url": "https://sqs.eu-west-1.amazonaws.com/111122223333/q"});
        assert_eq!(
            fill(template, Some(&v), &bare).unwrap(),
            "arn:aws:sqs:eu-west-1:111122223333:q"
        );
        // Every AWS host form names its region; the partition follows it.
        for (url, arn) in [
            (
                "https://sqs-fips.us-east-2.amazonaws.com/111122223333/q",
                "arn:aws:sqs:us-east-2:111122223333:q",
            ),
            (
                "https://sqs.eu-west-1.api.aws/111122223333/q",
                "arn:aws:sqs:eu-west-1:111122223333:q",
            ),
            (
                "HTTPS://SQS.EU-WEST-1.AMAZONAWS.COM/111122223333/q",
                "arn:aws:sqs:eu-west-1:111122223333:q",
            ),
            (
                "https://vpce-0a1b-c2d3.sqs.eu-west-1.vpce.amazonaws.com/111122223333/q",
                "arn:aws:sqs:eu-west-1:111122223333:q",
            ),
            (
                "https://sqs.us-gov-west-1.amazonaws.com/111122223333/q",
                "arn:aws-us-gov:sqs:us-gov-west-1:111122223333:q",
            ),
        ] {
            assert_eq!(
                fill(template, Some(&json!({"url": url})), &d).unwrap(),
                arn,
                "{url}"
            );
        }
        // A URL with no queue's name names no queue (it named the account id).
        for url in [
            "https://sqs.us-east-1.amazonaws.com/123456789012/",
            "https://sqs.us-east-1.amazonaws.com/",
        ] {
            let e = fill(template, Some(&json!({"url": url})), &d)
                .unwrap_err()
                .to_string();
            assert_eq!(
                e,
                format!(
                    "the `:last` part of its `url` (`{url}`) is empty, so the ARN names no resource"
                )
            );
        }
        let v = json!({"url": "http://localhost:4566/queue/q"});
        assert_eq!(
            fill(template, Some(&v), &bare).unwrap_err().to_string(),
            "the region is needed: pass --region (or set AWS_REGION or AWS_DEFAULT_REGION); the account id is needed: pass --account (or set AWS_ACCOUNT_ID)"
        );
    }

    /// A value with IAM's wildcards, or an empty one, is refused: the policy would
    /// grant on every bucket, or name none.
    #[test]
    fn a_wildcard_or_empty_value_is_refused() {
        let d = deployment();
        for (value, says) in [
            ("*", "is `*`: IAM reads `*` and `?` in an ARN as wildcards"),
            ("shop-*", "is `shop-*`: IAM reads"),
            ("shop-?", "is `shop-?`: IAM reads"),
            ("", "is empty, so the ARN names no resource"),
        ] {
            let v = json!({"name": value});
            let e = fill("arn:{partition}:s3:::{name}", Some(&v), &d)
                .unwrap_err()
                .to_string();
            assert!(e.contains(says), "{value:?}: {e}");
            assert!(e.starts_with("its `name` "), "{e}");
        }
        // The template's own wildcard is not a value's.
        let v = json!({"name": "shop-uploads"});
        assert_eq!(
            fill("arn:{partition}:s3:::{name}/*", Some(&v), &d).unwrap(),
            "arn:aws:s3:::shop-uploads/*"
        );
    }

    #[test]
    fn least_privilege_merged_and_deterministic() {
        let m = parse_str(
            "links.toml",
            "[resources.B]\ntype = \"sst.aws.Bucket\"\n[resources.T]\ntype = \"sst.aws.Dynamo\"\n[resources.C]\ntype = \"sst.Linkable\"\nproperties = {}\ninclude = [{ actions = [\"s3:GetObject\"], resources = [\"arn:aws:s3:::assets/*\"] }]\n[resources.Other]\ntype = \"sst.aws.Bucket\"\n[functions.F]\nlink = [\"T\", \"B\", \"C\"]\n",
        )
        .unwrap();
        let links: Links = [
            ("B".to_owned(), json!({"name": "bkt"})),
            ("T".to_owned(), json!({"name": "tbl"})),
            ("C".to_owned(), json!({})),
            ("Other".to_owned(), json!({"name": "other"})),
        ]
        .into();
        let p = policy(&m, &links, Some("F"), &deployment()).unwrap();
        assert_eq!(
            p,
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["dynamodb:*"], "Resource": [
                    "arn:aws:dynamodb:us-east-1:123456789012:table/tbl",
                    "arn:aws:dynamodb:us-east-1:123456789012:table/tbl/*"]},
                {"Effect": "Allow", "Action": ["s3:*"], "Resource": ["arn:aws:s3:::bkt", "arn:aws:s3:::bkt/*"]},
                {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::assets/*"]},
            ]})
        );
        assert!(!p.to_string().contains("other"), "Other is not linked to F");
    }

    /// SST grants a durable Function (one that links `qualifier`) its versions and the
    /// durable-execution actions instead of the plain invoke (`aws/function.ts`).
    #[test]
    fn a_durable_function_is_granted_by_version() {
        let m = parse_str(
            "links.toml",
            "[resources.Plain]\ntype = \"sst.aws.Function\"\n[resources.Durable]\ntype = \"sst.aws.Function\"\n",
        )
        .unwrap();
        let links: Links = [
            ("Plain".to_owned(), json!({"name": "plain", "url": null})),
            (
                "Durable".to_owned(),
                json!({"name": "durable", "qualifier": "$LATEST"}),
            ),
        ]
        .into();
        let p = policy(&m, &links, None, &deployment()).unwrap();
        let statements = p["Statement"].as_array().unwrap();
        assert_eq!(statements.len(), 2, "{p:#}");
        assert_eq!(
            statements[1],
            json!({"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": ["arn:aws:lambda:us-east-1:123456789012:function:plain"]})
        );
        assert_eq!(
            statements[0]["Resource"],
            json!(["arn:aws:lambda:us-east-1:123456789012:function:durable:*"])
        );
        assert!(
            statements[0]["Action"]
                .as_array()
                .unwrap()
                .contains(&json!("lambda:GetDurableExecution"))
        );
    }

    #[test]
    fn nested_properties_and_transforms() {
        let v = json!({"endpoint": "abc.dsql.eu-west-1.on.aws", "peer": {"region": "eu-west-2", "endpoint": "xyz.dsql.eu-west-2.on.aws"}, "cluster": "arn:aws:ecs:r:1:cluster/c", "managementEndpoint": "https://a1.execute-api.r.amazonaws.com/$default"});
        let d = deployment();
        assert_eq!(
            fill("{peer.region}/{peer.endpoint:first}", Some(&v), &d).unwrap(),
            "eu-west-2/xyz"
        );
        assert_eq!(fill("{endpoint:first}", Some(&v), &d).unwrap(), "abc");
        assert_eq!(
            fill("{managementEndpoint:first}", Some(&v), &d).unwrap(),
            "a1"
        );
        assert_eq!(
            fill("{cluster:task}/*", Some(&v), &d).unwrap(),
            "arn:aws:ecs:r:1:task/c/*"
        );
        assert!(is_policy_resource("arn:aws:s3:::b"));
        assert!(is_policy_resource("*"));
        for bad in [
            "",
            "b",
            "arn:aws:s3",
            "arn::s3:::b",
            "arn:aws:s3:::",
            "arn:aws:s3:::a b",
        ] {
            assert!(!is_policy_resource(bad), "{bad:?}");
        }
    }
}
