"""moto_server, with DynamoDB authorized per table as AWS does.

moto enforces IAM (INITIAL_NO_AUTH_ACTION_COUNT) per resource only for S3, SQS, IAM and
STS (the services whose handler defines `_determine_resource`); every other request,
DynamoDB included, is checked against the resource "*", so no table-scoped policy (SST's
`arn:aws:dynamodb:{region}:{account}:table/{name}`) can ever allow it. Here DynamoDB's
requests name their table's ARN, as AWS evaluates them; nothing else changes. Usage is
moto_server's: `python e2e_moto_server.py -H 127.0.0.1 -p PORT`.
"""

from moto.dynamodb.responses import DynamoHandler
from moto.server import main
from moto.utilities.utils import get_partition


def table_arn(self):
    # `self.body` holds the request's parsed parameters by now (DynamoHandler.call_action).
    table = self.body.get("TableName") if isinstance(self.body, dict) else None
    if not table:
        return "*"  # ListTables and the like: no table, as in AWS
    return f"arn:{get_partition(self.region)}:dynamodb:{self.region}:{self.current_account}:table/{table}"


DynamoHandler._determine_resource = table_arn

if __name__ == "__main__":
    main()
