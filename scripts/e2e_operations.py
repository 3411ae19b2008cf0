"""moto as the judge of the whole operations table (resource_manifest::operations), for
scripts/e2e.sh: for every operation a typed handle performs, the policy
`sst-resources policy --binary` derives from a binary recording only that call
(resource-link's example call_fixtures writes one ELF per operation) is enough, and
each of its actions is needed.

  e2e_operations.py ENDPOINT ADMIN CLI MANIFEST FUNCTION CALLS WORK

ADMIN: the admin user's keys (e2e_aws.py setup). CLI: sst-resources. MANIFEST and
FUNCTION: a links.toml linking one resource of each handle's type to FUNCTION
(resource-cli/tests/fixtures/calls). CALLS: call_fixtures' directory, with `listing`
(its output: `<Operation> <component> <resource>` lines) beside one ELF per operation
and `all`, which records every operation. WORK: where the values file and the policies
go.

As admin (IAM is enforced by now), it makes one real resource for each of MANIFEST's
and writes their values (WORK/links.moto.toml); then for each operation:
  1. `CLI policy --binary CALLS/<Operation>`: the derived policy, on those resources;
  2. a user with exactly that policy performs the operation with boto3 on the linked
     resource (after admin set up what it needs: an object to get, an upload to put
     parts into, a message to delete, ...): it must succeed;
  3. for each action A of that policy, a user whose policy is the derived policy of
     `all` (every operation of the table, on the same resources) without A performs it
     again: it must be refused with AccessDenied. That user lacks A and holds every other
     action any handle needs, so no other action of the table stands in for A (it is
     refused also with the operation's own policy without A: IAM's allows only add up).
Some operations are performed more than one way (Query and Scan on the table and on its
index; Invoke unqualified and of a version): each way is judged.

Prints `PASS: ...`/`FAIL: ...` lines for e2e.sh to count, then the table of verdicts.
"""

import io
import json
import subprocess
import sys
import zipfile

from botocore.exceptions import ClientError

from e2e_aws import client, read_env

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account

results = []  # (operation, actions, allowed, {action: refused without it}, each ARN needed)


def check(ok, what, detail=""):
    print(f"{'PASS' if ok else 'FAIL'}: {what}{'' if ok else f' ({detail})'}")
    return ok


class Clients:
    """One boto3 client per service for a user, each keeping the body of its last
    response: moto answers a refused request of a JSON protocol (DynamoDB, EventBridge,
    Lambda) in XML, which botocore cannot parse (its code becomes the HTTP status)."""

    def __init__(self, endpoint, creds):
        self.last_body = ""
        self._clients = {}
        self._endpoint, self._creds = endpoint, creds

    def __getattr__(self, service):
        if service.startswith("_"):
            raise AttributeError(service)
        if service not in self._clients:
            # `awslambda`: `lambda` is Python's keyword.
            c = client({"awslambda": "lambda"}.get(service, service), self._endpoint, self._creds)
            c.meta.events.register("after-call", self._keep)
            self._clients[service] = c
        return self._clients[service]

    def _keep(self, http_response, **_):
        # Only an error's: a success's may be a stream (GetObject) this would consume.
        if http_response is not None and http_response.status_code >= 400:
            self.last_body = http_response.text


def refusal(error, body, head=False):
    """IAM's refusal, `AccessDenied: <its message>`, or None for any other error."""
    code = error.response["Error"]["Code"]
    message = error.response["Error"].get("Message", "")
    if code == "403" and "<Code>AccessDenied</Code>" in body:
        code = "AccessDenied"
        message = body.split("<Message>", 1)[-1].split("</Message>", 1)[0] if "<Message>" in body else ""
    if code in ("AccessDenied", "AccessDeniedException"):
        return f"{code}: {message}" if message else code
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    if head and status == 403 and not body:
        return "403 (a HEAD response has no body)"
    return None


def names_another_action(refused, action):
    """Whether IAM's refusal says it was for an action other than `action` (moto's
    AccessDeniedError: `... is not authorized to perform: <action>`; S3's says only
    `Access Denied`)."""
    said = refused.split("is not authorized to perform: ", 1)
    return len(said) == 2 and said[1].split()[0].rstrip(".").lower() != action.lower()


class Resources:
    """The real resources the manifest's links name, made by admin."""

    def __init__(self, admin):
        self.bucket = "my-app-dev-mediabucket-e2eops"
        self.table = "my-app-dev-OrdersTable-e2eops"
        self.index = "byKind"
        admin.s3.create_bucket(Bucket=self.bucket)
        admin.dynamodb.create_table(
            TableName=self.table,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "kind", "AttributeType": "S"},
            ],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": self.index,
                    "KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        self.queue = admin.sqs.create_queue(QueueName="my-app-dev-JobsQueue-e2eops")["QueueUrl"]
        self.topic = admin.sns.create_topic(Name="my-app-dev-AlertsTopic-e2eops")["TopicArn"]
        self.bus = "my-app-dev-EventsBus-e2eops"
        self.bus_arn = admin.events.create_event_bus(Name=self.bus)["EventBusArn"]
        role = admin.iam.create_role(
            RoleName="e2e-ops-lambda",
            AssumeRolePolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
                }
            ),
        )["Role"]["Arn"]
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as z:
            z.writestr("index.py", "def handler(event, context):\n    return event\n")
        self.function = "my-app-dev-ResizeFunction-e2eops"
        admin.awslambda.create_function(
            FunctionName=self.function,
            Runtime="python3.12",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": code.getvalue()},
        )
        self.version = admin.awslambda.publish_version(FunctionName=self.function)["Version"]

    def values(self):
        """links.<stage>.toml for the manifest's resources, naming these."""
        return "\n".join(
            [
                "# Written by scripts/e2e_operations.py: the resources it made on moto.",
                f'[Media]\nname = "{self.bucket}"',
                f'[Orders]\nname = "{self.table}"',
                f'[Jobs]\nurl = "{self.queue}"',
                f'[Alerts]\narn = "{self.topic}"',
                f'[Events]\nname = "{self.bus}"\narn = "{self.bus_arn}"',
                f'[Resize]\nname = "{self.function}"',
                "",
            ]
        )


# Each operation: the ways it is performed, as (what, prepare, perform). `prepare(admin,
# r)` (as admin, before each attempt) returns what `perform(user, r, prepared)` needs;
# `perform` makes the call and returns None when it did what it should, or what went
# wrong. A refusal is an exception (ClientError), but DeleteObjects's: AWS answers it
# with a per-key AccessDenied in a 200 response, and so does moto; `perform` raises
# Refused for it.


class Refused(Exception):
    pass


def nothing(admin, r):
    return None


def put(key):
    def prepare(admin, r):
        admin.s3.put_object(Bucket=r.bucket, Key=key, Body=b"e2e")
        return key

    return prepare


def upload(parts):
    """A multipart upload made by admin, with `parts` parts uploaded."""

    def prepare(admin, r):
        key = "multipart.bin"
        upload_id = admin.s3.create_multipart_upload(Bucket=r.bucket, Key=key)["UploadId"]
        etags = [
            admin.s3.upload_part(Bucket=r.bucket, Key=key, UploadId=upload_id, PartNumber=n, Body=b"part")["ETag"]
            for n in range(1, parts + 1)
        ]
        return key, upload_id, etags

    return prepare


def delete_objects(user, r, keys):
    out = user.s3.delete_objects(Bucket=r.bucket, Delete={"Objects": [{"Key": k} for k in keys]})
    errors = out.get("Errors", [])
    if errors and all(e["Code"] == "AccessDenied" for e in errors) and len(errors) == len(keys):
        raise Refused("every key AccessDenied")
    deleted = sorted(d["Key"] for d in out.get("Deleted", []))
    return None if not errors and deleted == sorted(keys) else f"deleted {deleted}, errors {errors}"


def item(pk):
    def prepare(admin, r):
        admin.dynamodb.put_item(TableName=r.table, Item={"pk": {"S": pk}, "kind": {"S": "e2e"}})
        return pk

    return prepare


def message(admin, r):
    """A received message's receipt handle."""
    admin.sqs.send_message(QueueUrl=r.queue, MessageBody="e2e")
    got = admin.sqs.receive_message(QueueUrl=r.queue, MaxNumberOfMessages=1, WaitTimeSeconds=0).get("Messages", [])
    return got[0]["ReceiptHandle"]


def no_failed(out, key="Failed"):
    return None if not out.get(key) else f"{key}: {out[key]}"


def invoked(out):
    payload = out["Payload"].read()
    ok = out["StatusCode"] == 200 and "FunctionError" not in out and json.loads(payload) == {"e2e": True}
    return None if ok else f"status {out['StatusCode']}, {out.get('FunctionError')}, payload {payload!r}"


SCENARIOS = {
    # Amazon S3
    "GetObject": [
        ("", put("get.txt"), lambda u, r, key: None if u.s3.get_object(Bucket=r.bucket, Key=key)["Body"].read() == b"e2e" else "wrong body"),
    ],
    "PutObject": [("", nothing, lambda u, r, _: u.s3.put_object(Bucket=r.bucket, Key="put.txt", Body=b"e2e") and None)],
    "DeleteObject": [("", put("delete.txt"), lambda u, r, key: u.s3.delete_object(Bucket=r.bucket, Key=key) and None)],
    "HeadObject": [("", put("head.txt"), lambda u, r, key: None if u.s3.head_object(Bucket=r.bucket, Key=key)["ContentLength"] == 3 else "wrong length")],
    "CopyObject": [
        (
            "",
            put("source.txt"),
            lambda u, r, key: u.s3.copy_object(Bucket=r.bucket, Key="copy.txt", CopySource={"Bucket": r.bucket, "Key": key}) and None,
        )
    ],
    "ListObjectsV2": [("", put("listed.txt"), lambda u, r, key: None if any(o["Key"] == key for o in u.s3.list_objects_v2(Bucket=r.bucket).get("Contents", [])) else "not listed")],
    "DeleteObjects": [
        ("", lambda a, r: [put("batch-1.txt")(a, r), put("batch-2.txt")(a, r)], delete_objects),
    ],
    "CreateMultipartUpload": [("", nothing, lambda u, r, _: None if u.s3.create_multipart_upload(Bucket=r.bucket, Key="created.bin")["UploadId"] else "no UploadId")],
    "UploadPart": [
        ("", upload(0), lambda u, r, p: u.s3.upload_part(Bucket=r.bucket, Key=p[0], UploadId=p[1], PartNumber=1, Body=b"part") and None),
    ],
    "CompleteMultipartUpload": [
        (
            "",
            upload(1),
            lambda u, r, p: u.s3.complete_multipart_upload(
                Bucket=r.bucket, Key=p[0], UploadId=p[1], MultipartUpload={"Parts": [{"ETag": p[2][0], "PartNumber": 1}]}
            )
            and None,
        )
    ],
    "AbortMultipartUpload": [("", upload(0), lambda u, r, p: u.s3.abort_multipart_upload(Bucket=r.bucket, Key=p[0], UploadId=p[1]) and None)],
    # Amazon DynamoDB
    "GetItem": [("", item("get"), lambda u, r, pk: None if "Item" in u.dynamodb.get_item(TableName=r.table, Key={"pk": {"S": pk}}) else "no item")],
    "PutItem": [("", nothing, lambda u, r, _: u.dynamodb.put_item(TableName=r.table, Item={"pk": {"S": "put"}, "kind": {"S": "e2e"}}) and None)],
    "UpdateItem": [
        (
            "",
            item("update"),
            lambda u, r, pk: u.dynamodb.update_item(
                TableName=r.table, Key={"pk": {"S": pk}}, UpdateExpression="SET body = :b", ExpressionAttributeValues={":b": {"S": "e2e"}}
            )
            and None,
        )
    ],
    "DeleteItem": [("", item("delete"), lambda u, r, pk: u.dynamodb.delete_item(TableName=r.table, Key={"pk": {"S": pk}}) and None)],
    "Query": [
        (
            "the table",
            item("query"),
            lambda u, r, pk: None
            if u.dynamodb.query(TableName=r.table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": pk}})["Count"] == 1
            else "not found",
        ),
        (
            "its index",
            item("query-index"),
            lambda u, r, _: None
            if u.dynamodb.query(
                TableName=r.table, IndexName=r.index, KeyConditionExpression="kind = :k", ExpressionAttributeValues={":k": {"S": "e2e"}}
            )["Count"]
            else "not found",
        ),
    ],
    "Scan": [
        ("the table", item("scan"), lambda u, r, _: None if u.dynamodb.scan(TableName=r.table)["Count"] else "nothing"),
        ("its index", item("scan-index"), lambda u, r, _: None if u.dynamodb.scan(TableName=r.table, IndexName=r.index)["Count"] else "nothing"),
    ],
    # Amazon SQS
    "SendMessage": [("", nothing, lambda u, r, _: u.sqs.send_message(QueueUrl=r.queue, MessageBody="e2e") and None)],
    "SendMessageBatch": [
        (
            "",
            nothing,
            lambda u, r, _: no_failed(
                u.sqs.send_message_batch(QueueUrl=r.queue, Entries=[{"Id": "1", "MessageBody": "e2e"}, {"Id": "2", "MessageBody": "e2e"}])
            ),
        )
    ],
    "ReceiveMessage": [
        (
            "",
            lambda a, r: a.sqs.send_message(QueueUrl=r.queue, MessageBody="e2e"),
            lambda u, r, _: None if u.sqs.receive_message(QueueUrl=r.queue, MaxNumberOfMessages=1, WaitTimeSeconds=0).get("Messages") else "no message",
        )
    ],
    "DeleteMessage": [("", message, lambda u, r, h: u.sqs.delete_message(QueueUrl=r.queue, ReceiptHandle=h) and None)],
    "DeleteMessageBatch": [
        ("", message, lambda u, r, h: no_failed(u.sqs.delete_message_batch(QueueUrl=r.queue, Entries=[{"Id": "1", "ReceiptHandle": h}])))
    ],
    "ChangeMessageVisibility": [
        ("", message, lambda u, r, h: u.sqs.change_message_visibility(QueueUrl=r.queue, ReceiptHandle=h, VisibilityTimeout=0) and None)
    ],
    "GetQueueAttributes": [
        ("", nothing, lambda u, r, _: None if u.sqs.get_queue_attributes(QueueUrl=r.queue, AttributeNames=["All"]).get("Attributes") else "no attributes")
    ],
    # Amazon SNS
    "Publish": [("", nothing, lambda u, r, _: None if u.sns.publish(TopicArn=r.topic, Message="e2e").get("MessageId") else "no MessageId")],
    "PublishBatch": [
        (
            "",
            nothing,
            lambda u, r, _: no_failed(
                u.sns.publish_batch(TopicArn=r.topic, PublishBatchRequestEntries=[{"Id": "1", "Message": "e2e"}, {"Id": "2", "Message": "e2e"}])
            ),
        )
    ],
    # Amazon EventBridge: the handle names the bus in each entry, by the link's name.
    "PutEvents": [
        (
            "",
            nothing,
            lambda u, r, _: None
            if u.events.put_events(Entries=[{"Source": "e2e", "DetailType": "e2e", "Detail": "{}", "EventBusName": r.bus}])["FailedEntryCount"] == 0
            else "an entry failed",
        )
    ],
    # AWS Lambda: the function, and a version of it (a qualifier, as a durable function's).
    "Invoke": [
        ("unqualified", nothing, lambda u, r, _: invoked(u.awslambda.invoke(FunctionName=r.function, Payload=b'{"e2e": true}'))),
        (
            "version 1",
            nothing,
            lambda u, r, _: invoked(u.awslambda.invoke(FunctionName=r.function, Qualifier=r.version, Payload=b'{"e2e": true}')),
        ),
    ],
}


def attempt(admin, user, r, operation, prepare, perform):
    """("ok", None), ("refused", how) or ("wrong", what happened)."""
    prepared = prepare(admin, r)
    user.last_body = ""
    try:
        wrong = perform(user, r, prepared)
    except Refused as e:
        return "refused", f"AccessDenied ({e})"
    except ClientError as e:
        how = refusal(e, user.last_body, head=operation == "HeadObject")
        if how:
            return "refused", how
        return "wrong", f"{e.response['Error'].get('Code')}: {e} {user.last_body[:300]}"
    return ("wrong", wrong) if wrong else ("ok", None)


def actions_of(policy):
    out = []
    for s in policy["Statement"]:
        for a in [s["Action"]] if isinstance(s["Action"], str) else s["Action"]:
            if a not in out:
                out.append(a)
    return out


def without(policy, action):
    statements = []
    for s in policy["Statement"]:
        kept = [a for a in actions_of({"Statement": [s]}) if a != action]
        if kept:
            statements.append({**s, "Action": kept})
    return {"Version": policy["Version"], "Statement": statements}


def without_resource(policy, arn):
    statements = []
    for s in policy["Statement"]:
        kept = [x for x in ([s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"]) if x != arn]
        if kept:
            statements.append({**s, "Resource": kept})
    return {"Version": policy["Version"], "Statement": statements}


def main(endpoint, admin_env, cli, manifest, function, calls, work):
    admin = Clients(endpoint, read_env(admin_env))
    r = Resources(admin)
    values = f"{work}/links.moto.toml"
    with open(values, "w") as f:
        f.write(r.values())
    print(f"made {r.bucket}, {r.table} (index {r.index}), {r.queue}, {r.topic}, {r.bus_arn}, {r.function} (version {r.version}); {values}")

    def derived(binary):
        out = subprocess.run(
            [cli, "policy", "--manifest", manifest, "--values", values, "--function", function, "--binary", binary]
            + ["--region", REGION, "--account", ACCOUNT],
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            raise RuntimeError(f"policy --binary {binary}: {out.stderr.strip()}")
        return json.loads(out.stdout)

    users = {}

    def user(name, policy):
        if name not in users:
            admin.iam.create_user(UserName=name)
            if policy["Statement"]:
                admin.iam.put_user_policy(UserName=name, PolicyName=f"{name}-links", PolicyDocument=json.dumps(policy))
            key = admin.iam.create_access_key(UserName=name)["AccessKey"]
            u = Clients(endpoint, {"AWS_ACCESS_KEY_ID": key["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"]})
            users[name] = u
        return users[name]

    everything = derived(f"{calls}/all")
    with open(f"{work}/all.json", "w") as f:
        json.dump(everything, f, indent=2)
    with open(f"{calls}/listing") as f:
        listing = [line.split() for line in f if line.strip()]
    check(len(listing) > 0, f"call_fixtures wrote {len(listing)} operations", "none")

    for operation, component, resource in listing:
        ways = SCENARIOS.get(operation)
        if not check(ways is not None, f"{operation} ({component}) has a scenario here", "add one to SCENARIOS"):
            results.append((operation, [], "FAIL (no scenario)", {}, "-"))
            continue
        try:
            policy = derived(f"{calls}/{operation}")
        except RuntimeError as e:
            check(False, f"{operation}: the derived policy", e)
            results.append((operation, [], "FAIL (no policy)", {}, "-"))
            continue
        with open(f"{work}/{operation}.json", "w") as f:
            json.dump(policy, f, indent=2)
        actions = actions_of(policy)
        resources = sorted({x for s in policy["Statement"] for x in ([s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"])})
        exact = user(f"op-{operation}", policy)
        allowed = "pass"
        for way, prepare, perform in ways:
            what = f"{operation} on {resource}{f' ({way})' if way else ''}"
            verdict, detail = attempt(admin, exact, r, operation, prepare, perform)
            if not check(verdict == "ok", f"{what} with exactly its derived policy ({', '.join(actions)} on {', '.join(resources)}) succeeds", f"{verdict}: {detail}"):
                allowed = "FAIL"
        denied = {}
        for action in actions:
            lacking = user(f"without-{action.replace(':', '-')}", without(everything, action))
            denied[action] = "pass"
            for way, prepare, perform in ways:
                what = f"{operation} on {resource}{f' ({way})' if way else ''}"
                verdict, detail = attempt(admin, lacking, r, operation, prepare, perform)
                ok = verdict == "refused" and not names_another_action(detail, action)
                why = "it was allowed" if verdict == "ok" else f"{verdict}: {detail}"
                said = f": {detail}" if verdict == "refused" else ""
                if not check(ok, f"{what} without {action} (every other action of the table) is refused{said}", why):
                    denied[action] = "FAIL"
        # An operation needing its action on more than one ARN (Query and Scan: the
        # table and its indexes; Invoke: the function and its versions): each ARN is
        # needed by one of its ways, and only by them.
        narrowed = "-"
        for i, arn in enumerate(resources if len(resources) > 1 else []):
            lacking = user(f"op-{operation}-without-arn{i}", without_resource(policy, arn))
            verdicts = {way: attempt(admin, lacking, r, operation, prepare, perform) for way, prepare, perform in ways}
            refused = [w for w, (v, _) in verdicts.items() if v == "refused"]
            others = {w: v for w, v in verdicts.items() if v[0] != "refused"}
            ok = bool(refused) and all(v == "ok" for v, _ in others.values())
            narrowed = "pass" if ok and narrowed != "FAIL" else "FAIL"
            check(
                ok,
                f"{operation} on {resource} without {arn} (its derived policy's other ARNs kept): refused for {' and '.join(refused) or 'none'}"
                + (f", still allowed for {' and '.join(others)}" if others else ""),
                f"{verdicts}",
            )
        results.append((operation, actions, allowed, denied, narrowed))

    print()
    print(f"{'operation':<24} {'actions (derived policy)':<28} {'allowed':<8} {'each ARN':<9} refused without each action")
    for operation, actions, allowed, denied, narrowed in results:
        print(f"{operation:<24} {', '.join(actions):<28} {allowed:<8} {narrowed:<9} {', '.join(f'{a}: {v}' for a, v in denied.items())}")


if __name__ == "__main__":
    try:
        main(*sys.argv[1:])
    except Exception as e:  # a check that cannot even ask is a failed check
        print(f"FAIL: e2e_operations.py: {type(e).__name__}: {e}")
        sys.exit(1)
