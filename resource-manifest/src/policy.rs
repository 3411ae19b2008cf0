//! The IAM policy a function's links grant: each linked resource's permissions (the
//! catalogue's defaults, a custom type's, a Linkable's `include`), with their ARN
//! templates filled from the stage's values, merged and ordered deterministically.
//! Owns the policy document only; reading values is `values`' job.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::ast::Manifest;
use crate::values::Links;

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
/// when `None`). Statements with the same actions are merged; actions, resources and
/// statements are sorted.
pub fn policy(
    manifest: &Manifest,
    links: &Links,
    function: Option<&str>,
    deployment: &Deployment,
) -> Result<Value, String> {
    let f = function
        .map(|name| manifest.find_function(name))
        .transpose()?;
    let mut merged: BTreeMap<BTreeSet<String>, BTreeSet<String>> = BTreeMap::new();
    let mut errors = Vec::new();
    for r in manifest.linked_to(f) {
        let values = links.get(&r.name);
        for p in &r.permissions {
            let actions: BTreeSet<String> = p.actions.iter().cloned().collect();
            for template in &p.resources {
                match fill(template, values, deployment) {
                    Ok(arn) => {
                        merged.entry(actions.clone()).or_default().insert(arn);
                    }
                    Err(e) => errors.push(format!("{}: {e} (in `{template}`)", r.name)),
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    let statements: Vec<Value> = merged
        .into_iter()
        .map(|(actions, resources)| json!({"Effect": "Allow", "Action": actions, "Resource": resources}))
        .collect();
    Ok(json!({"Version": "2012-10-17", "Statement": statements}))
}

/// Fills `{prop}`, `{prop:last}`, `{arn:execution}`, `{partition}`, `{region}` and
/// `{account}` in an ARN template.
fn fill(template: &str, values: Option<&Value>, deployment: &Deployment) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').ok_or("an unclosed `{`")? + open;
        let placeholder = &rest[open + 1..close];
        let (name, transform) = placeholder.split_once(':').unwrap_or((placeholder, ""));
        let value = match name {
            "partition" => deployment.partition.clone(),
            "region" => deployment
                .region
                .clone()
                .ok_or("the region is needed: pass --region or set AWS_REGION")?,
            "account" => deployment
                .account
                .clone()
                .ok_or("the account id is needed: pass --account")?,
            property => values
                .and_then(|v| v.get(property))
                .and_then(Value::as_str)
                .ok_or_else(|| format!("no string value for property `{property}`"))?
                .to_owned(),
        };
        let value = match transform {
            "" => value,
            "last" => value
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned(),
            "execution" => value.replacen("stateMachine", "execution", 1),
            other => return Err(format!("unknown template transform `:{other}`")),
        };
        out.push_str(&value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_str;

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
        assert!(fill("{nope}", Some(&v), &d).unwrap_err().contains("`nope`"));
        let no_account = Deployment { account: None, ..d };
        assert!(
            fill("{account}", Some(&v), &no_account)
                .unwrap_err()
                .contains("--account")
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
}
