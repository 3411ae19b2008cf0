"""AWS-side steps of scripts/e2e.sh, against a moto server (boto3, which moto[server]
brings). Each command prints `PASS: ...` or `FAIL: ...` lines for e2e.sh to count.

  setup ENDPOINT POLICY VALUES OUT   buckets, table, users; writes OUT/{admin,api}.env
  object ENDPOINT ADMIN BUCKET KEY BODY               the object is there, with BODY
  item ENDPOINT ADMIN TABLE KEY BODY SECRET STAGE      the item is there, signed
  denied ENDPOINT API BUCKET TABLE      PutObject, PutItem there are AccessDenied
  policy ENDPOINT ADMIN POLICY          api's only policy is exactly POLICY
  bad-key ENDPOINT                                    unknown credentials are refused
  derived ENDPOINT ADMIN POLICY OUT    users `derived` (exactly POLICY) and `minus<i>` (POLICY
                                       without its i-th action); OUT/<user>.env, OUT/minus.txt
"""

import hashlib
import hmac
import json
import sys
import tomllib

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"


def client(service, endpoint, creds):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=creds["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=creds["AWS_SECRET_ACCESS_KEY"],
        # No retries: a refused request must show as refused, and the setup's
        # request count (INITIAL_NO_AUTH_ACTION_COUNT) must be exact.
        config=Config(retries={"total_max_attempts": 1}, s3={"addressing_style": "path"}),
    )


def read_env(path):
    out = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.strip().partition("=")
            out[key] = value
    return out


def user(iam, name, policy):
    """A user whose only policy is `policy`, and its keys."""
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName=f"{name}-links", PolicyDocument=policy)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return {"AWS_ACCESS_KEY_ID": key["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"]}


# The number of requests `setup` makes, all before IAM enforcement starts: e2e.sh starts
# moto with INITIAL_NO_AUTH_ACTION_COUNT set to it.
SETUP_REQUESTS = 10


def setup(endpoint, policy_file, values_file, out):
    anyone = {"AWS_ACCESS_KEY_ID": "setup", "AWS_SECRET_ACCESS_KEY": "setup"}
    with open(values_file, "rb") as f:
        values = tomllib.load(f)
    s3 = client("s3", endpoint, anyone)
    for name in ("MyBucket", "Archive"):
        s3.create_bucket(Bucket=values[name]["name"])  # 2
    dynamo = client("dynamodb", endpoint, anyone)
    for name in ("MyTable", "AuditLog"):
        dynamo.create_table(  # 4
            TableName=values[name]["name"],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
    iam = client("iam", endpoint, anyone)
    everything = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    admin = user(iam, "admin", json.dumps(everything))  # 7
    with open(policy_file) as f:
        api = user(iam, "api", f.read())  # 10
    for name, creds in (("admin", admin), ("api", api)):
        with open(f"{out}/{name}.env", "w") as f:
            f.writelines(f"{k}={v}\n" for k, v in creds.items())
    made = ", ".join(values[n]["name"] for n in ("MyBucket", "Archive", "MyTable", "AuditLog"))
    print(f"set up {made}; users admin (everything) and api (policy.json only)")


def check(ok, what, detail=""):
    print(f"{'PASS' if ok else 'FAIL'}: {what}{'' if ok else f' ({detail})'}")


def check_object(endpoint, admin, bucket, key, body):
    s3 = client("s3", endpoint, read_env(admin))
    found = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode()
    check(found == body, f"s3://{bucket}/{key} holds {body!r}", f"found {found!r}")


def check_item(endpoint, admin, table, key, body, secret, stage):
    dynamo = client("dynamodb", endpoint, read_env(admin))
    item = dynamo.get_item(TableName=table, Key={"pk": {"S": key}}, ConsistentRead=True).get("Item")
    expected = hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
    found = item and {k: list(v.values())[0] for k, v in item.items()}
    ok = bool(found) and found.get("signature") == expected and found.get("stage") == stage and found.get("size") == str(len(body.encode()))
    check(ok, f"{table} item {key!r} is there, signed with the linked secret (stage {stage})", f"found {found!r}")


def check_denied(endpoint, api, bucket, table):
    creds = read_env(api)
    s3 = client("s3", endpoint, creds)
    dynamo = client("dynamodb", endpoint, creds)
    # moto answers a refused DynamoDB (JSON protocol) request in XML, which botocore
    # cannot parse (its code becomes the HTTP status): keep the raw body to read.
    raw = {}
    dynamo.meta.events.register("after-call.dynamodb", lambda http_response, **_: raw.update(body=http_response.text))
    attempts = [
        (f"PutObject into s3://{bucket}", lambda: s3.put_object(Bucket=bucket, Key="file.txt", Body=b"must not land")),
        (f"PutItem into {table}", lambda: dynamo.put_item(TableName=table, Item={"pk": {"S": "must not land"}})),
    ]
    for what, attempt in attempts:
        raw.clear()
        try:
            attempt()
            check(False, f"api's {what} (not linked to Api) is denied", "it was allowed")
        except ClientError as e:
            code = e.response["Error"]["Code"]
            if code == "403" and "<Code>AccessDenied</Code>" in raw.get("body", ""):
                code = "AccessDenied"
            check(code == "AccessDenied", f"api's {what} (not linked to Api) is denied: {code}", code)


def check_policy(endpoint, admin, policy_file):
    iam = client("iam", endpoint, read_env(admin))
    names = iam.list_user_policies(UserName="api")["PolicyNames"]
    attached = iam.list_attached_user_policies(UserName="api")["AttachedPolicies"]
    document = iam.get_user_policy(UserName="api", PolicyName=names[0])["PolicyDocument"] if names else None
    if isinstance(document, str):
        document = json.loads(document)
    with open(policy_file) as f:
        expected = json.load(f)
    ok = len(names) == 1 and not attached and document == expected
    check(ok, "api's only policy is exactly `sst-resources policy --function Api`", f"inline {names}, attached {attached}, {document}")


def check_bad_key(endpoint):
    s3 = client("s3", endpoint, {"AWS_ACCESS_KEY_ID": "AKIANOBODY0000000000", "AWS_SECRET_ACCESS_KEY": "x"})
    try:
        s3.list_buckets()
        check(False, "IAM enforcement is on (unknown keys are refused)", "unknown keys were accepted")
    except ClientError as e:
        code = e.response["Error"]["Code"]
        check(code in ("InvalidAccessKeyId", "InvalidClientTokenId", "AccessDenied"), f"IAM enforcement is on: unknown keys get {code}", code)


def derived_users(endpoint, admin, policy_file, out):
    """The derived policy's users, made by admin once IAM is enforced: `derived` with
    exactly the policy, and for each action in it a user `minus<i>` whose policy is the
    same without that one action (a statement left with no action is dropped)."""
    iam = client("iam", endpoint, read_env(admin))
    with open(policy_file) as f:
        policy = json.load(f)

    def actions_of(statement):
        a = statement["Action"]
        return [a] if isinstance(a, str) else list(a)

    actions = sorted({a for s in policy["Statement"] for a in actions_of(s)})

    def made(name, document):
        iam.create_user(UserName=name)
        iam.put_user_policy(UserName=name, PolicyName=f"{name}-links", PolicyDocument=json.dumps(document))
        key = iam.create_access_key(UserName=name)["AccessKey"]
        with open(f"{out}/{name}.env", "w") as f:
            f.write(f"AWS_ACCESS_KEY_ID={key['AccessKeyId']}\nAWS_SECRET_ACCESS_KEY={key['SecretAccessKey']}\n")

    made("derived", policy)
    with open(f"{out}/minus.txt", "w") as listing:
        for i, action in enumerate(actions):
            statements = []
            for s in policy["Statement"]:
                kept = [a for a in actions_of(s) if a != action]
                if kept:
                    statements.append({**s, "Action": kept})
            made(f"minus{i}", {"Version": policy["Version"], "Statement": statements})
            listing.write(f"minus{i} {action}\n")
    check(bool(actions), f"users derived ({', '.join(actions)}) and one without each of its {len(actions)} actions", "the policy has no action")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    run = {
        "setup": setup,
        "object": check_object,
        "item": check_item,
        "denied": check_denied,
        "policy": check_policy,
        "bad-key": check_bad_key,
        "derived": derived_users,
    }[command]
    if command == "setup":
        run(*args)
    else:
        try:
            run(*args)
        except Exception as e:  # a check that cannot even ask is a failed check
            print(f"FAIL: {command} {' '.join(args[2:])}: {type(e).__name__}: {e}")
