"""moto_server, with IAM evaluated as AWS evaluates it where moto's evaluation differs.

Usage is moto_server's: `python e2e_moto_server.py -H 127.0.0.1 -p PORT`. Only which
action and resource moto's own IAM evaluation (moto.iam.access_control) is asked about
changes; the evaluation, the users and their policies are moto's.

1. Resources. moto enforces IAM (INITIAL_NO_AUTH_ACTION_COUNT) per resource only for S3,
   SQS, IAM and STS (the services whose handler defines `_determine_resource`); every
   other request is checked against the resource "*", so no policy scoped to a resource
   (SST's `arn:aws:dynamodb:{region}:{account}:table/{name}`) can ever allow it. Here
   these requests name the ARN AWS evaluates them on:
   - DynamoDB: the table's, `table/<TableName>`; with an IndexName (Query, Scan on an
     index), the index's, `table/<TableName>/index/<IndexName>`.
   - SNS: the topic's, the request's TopicArn (or TargetArn).
   - EventBridge PutEvents: each entry's bus, its EventBusName (a name or an ARN;
     `default` when none) as `event-bus/<name>`; every bus the entries name is checked.
   - Lambda: the function's, from FunctionName (a name, `name:qualifier`, a partial or
     a full ARN) and Qualifier: `function:<name>`, or `function:<name>:<qualifier>`.
2. Actions. moto asks about `<service>:<the API operation>` (IAMRequestBase), and AWS
   authorizes some operations as another action: the Service Authorization Reference
   (resource-link/data/iam-actions.txt) defines no sqs:SendMessageBatch,
   sqs:DeleteMessageBatch, sqs:ChangeMessageVisibilityBatch, sns:PublishBatch or
   lambda:Invoke, and their operations are authorized as sqs:SendMessage,
   sqs:DeleteMessage, sqs:ChangeMessageVisibility, sns:Publish and
   lambda:InvokeFunction (IAM_ACTION below).
3. S3, where moto's check is not AWS's:
   - DeleteObjects: moto checks s3:DeleteObject on the bucket, `arn:aws:s3:::<bucket>`
     (S3Response._bucket_response_post); AWS checks it on each object,
     `<bucket>/<key>`. Here each key's is checked, and if any is denied every key is
     answered AccessDenied (moto's own answer to a denied DeleteObjects; AWS would
     delete the keys allowed).
   - CopyObject: moto checks only s3:PutObject on the destination (`_key_response_put`;
     `copy_object` reads the source unchecked); AWS also checks s3:GetObject (with a
     versionId, s3:GetObjectVersion) on the source object. Here both.
4. Lambda functions run without Docker: moto's simple backend (config `lambda.use_docker`
   false, moto.awslambda_simple), whose Invoke answers with the request's payload. The
   authorization before it is the same code as with Docker.

E2E_MOTO_AS_IS=actions,s3 leaves out the changes of 2 and 3 (each name alone too): moto's
own verdict on those operations, to compare.
"""

import os
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, unquote, urlparse

from moto.awslambda.responses import LambdaResponse
from moto.core.config import default_user_config
from moto.core.responses import BaseResponse
from moto.dynamodb.responses import DynamoHandler
from moto.events.responses import EventsHandler
from moto.iam import access_control
from moto.s3.responses import S3Response
from moto.server import main
from moto.sns.responses import SNSResponse
from moto.utilities.utils import get_partition

AS_IS = set(filter(None, os.environ.get("E2E_MOTO_AS_IS", "").split(",")))


def arn(self, service, resource):
    return f"arn:{get_partition(self.region)}:{service}:{self.region}:{self.current_account}:{resource}"


# 1. Resources.


def table_arn(self):
    # `self.body` holds the request's parsed parameters by now (DynamoHandler.call_action).
    body = self.body if isinstance(self.body, dict) else {}
    table = body.get("TableName")
    if not table:
        return "*"  # ListTables and the like: no table, as in AWS
    index = body.get("IndexName")
    return arn(self, "dynamodb", f"table/{table}" + (f"/index/{index}" if index else ""))


def topic_arn(self):
    return self._get_param("TopicArn") or self._get_param("TargetArn") or "*"


def bus_arns(self):
    """The ARN of each bus a PutEvents request's entries name, once each."""
    out = []
    for entry in self._get_param("Entries") or []:
        bus = entry.get("EventBusName") or "default"
        bus = bus if bus.startswith("arn:") else arn(self, "events", f"event-bus/{bus}")
        if bus not in out:
            out.append(bus)
    return out


def events_authorize(self, resource="*"):
    # PutEvents is authorized on each bus its entries name (once each: before IAM is
    # enforced, each call counts as one of the INITIAL_NO_AUTH_ACTION_COUNT requests).
    buses = bus_arns(self) if self._get_action() == "PutEvents" else []
    for bus in buses or [resource]:
        BaseResponse._authenticate_and_authorize_normal_action(self, bus)


def function_arn(self):
    self._get_action()  # routes the request: fills self.uri_match
    name = unquote(self.uri_match.get("FunctionName") or "")
    if not name:
        return "*"  # ListFunctions and the like
    qualifier = self.querystring.get("Qualifier", [None])[0]
    parts = name.split(":")
    if name.startswith("arn:"):  # arn:aws:lambda:region:account:function:name[:qualifier]
        parts = parts[6:]
    elif len(parts) >= 3 and parts[1] == "function":  # account:function:name[:qualifier]
        parts = parts[2:]
    function, qualifier = parts[0], (parts[1] if len(parts) > 1 else qualifier)
    return arn(self, "lambda", f"function:{function}" + (f":{qualifier}" if qualifier else ""))


DynamoHandler._determine_resource = table_arn
SNSResponse._determine_resource = topic_arn
EventsHandler._authenticate_and_authorize_normal_action = events_authorize
LambdaResponse._determine_resource = function_arn

# 2. Actions.

IAM_ACTION = {
    "sqs:SendMessageBatch": "sqs:SendMessage",
    "sqs:DeleteMessageBatch": "sqs:DeleteMessage",
    "sqs:ChangeMessageVisibilityBatch": "sqs:ChangeMessageVisibility",
    "sns:PublishBatch": "sns:Publish",
    "lambda:Invoke": "lambda:InvokeFunction",
}


class AwsActionIAMRequest(access_control.IAMRequest):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._action = IAM_ACTION.get(self._action, self._action)


if "actions" not in AS_IS:
    # BaseResponse._authenticate_and_authorize_normal_action imports it at each call.
    access_control.IAMRequest = AwsActionIAMRequest

# 3. S3.

s3_authorize = S3Response._authenticate_and_authorize_s3_action
s3_copy_object = S3Response.copy_object


def s3_authorize_each_key(self, bucket_name=None, key_name=None):
    if key_name is None and self.data.get("Action") == "DeleteObject" and self.is_delete_keys():
        keys = [e.text or "" for e in ET.fromstring(self.body).iter() if e.tag.rsplit("}", 1)[-1] == "Key"]
        for key in keys:
            s3_authorize(self, bucket_name=bucket_name, key_name=key)
        if keys:
            return
    s3_authorize(self, bucket_name=bucket_name, key_name=key_name)


def s3_copy_object_checking_source(self):
    source = self.headers.get("x-amz-copy-source")
    source = urlparse(source.decode() if isinstance(source, bytes) else source)
    bucket, key = unquote(source.path).lstrip("/").split("/", 1)
    action = self.data.get("Action")
    self.data["Action"] = "GetObjectVersion" if "versionId" in parse_qs(source.query) else "GetObject"
    try:
        s3_authorize(self, bucket_name=bucket, key_name=key)
    finally:
        self.data["Action"] = action
    return s3_copy_object(self)


if "s3" not in AS_IS:
    S3Response._authenticate_and_authorize_s3_action = s3_authorize_each_key
    S3Response.copy_object = s3_copy_object_checking_source

# 4. Lambda without Docker.

default_user_config["lambda"]["use_docker"] = False

if __name__ == "__main__":
    main()
