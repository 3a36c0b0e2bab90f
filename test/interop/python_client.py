"""A latchkey client written with Debian's python3-grpcio and the stubs in gen/python.

Run by test/interop.test.ts against a real server: LATCHKEY_URL (host:port),
LATCHKEY_KEY (an instance key). Prints one JSON object with what it saw.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "gen", "python"))

import grpc  # noqa: E402
from google.protobuf import any_pb2, descriptor_pb2, descriptor_pool, message_factory  # noqa: E402
from latchkey.scope.v1 import scope_pb2  # noqa: E402
from latchkey.scope.v1 import scope_service_pb2 as scopes  # noqa: E402
from latchkey.scope.v1 import scope_service_pb2_grpc as scopes_grpc  # noqa: E402
from latchkey.machine.v1 import machine_service_pb2 as machines  # noqa: E402
from latchkey.machine.v1 import machine_service_pb2_grpc as machines_grpc  # noqa: E402
from latchkey.token.v1 import token_service_pb2 as tokens  # noqa: E402
from latchkey.token.v1 import token_service_pb2_grpc as tokens_grpc  # noqa: E402


def bearer(key):
    return [("authorization", f"Bearer {key}")]


def rpc_status_classes():
    """google.rpc.Status and ErrorInfo, built at run time from their field numbers.

    Debian has no googleapis-common-protos package, and gen/python must not
    shadow the system `google` package, so the two messages of
    google/rpc/status.proto and error_details.proto that a client needs are
    described here in a private descriptor pool.
    """
    pool = descriptor_pool.DescriptorPool()
    pool.AddSerializedFile(any_pb2.DESCRIPTOR.serialized_pb)
    f = descriptor_pb2.FileDescriptorProto(
        name="latchkey_interop/google_rpc.proto",
        package="google.rpc",
        syntax="proto3",
        dependency=["google/protobuf/any.proto"],
    )
    T = descriptor_pb2.FieldDescriptorProto
    status = f.message_type.add(name="Status")
    status.field.add(name="code", number=1, type=T.TYPE_INT32, label=T.LABEL_OPTIONAL)
    status.field.add(name="message", number=2, type=T.TYPE_STRING, label=T.LABEL_OPTIONAL)
    status.field.add(
        name="details", number=3, type=T.TYPE_MESSAGE, label=T.LABEL_REPEATED, type_name=".google.protobuf.Any"
    )
    info = f.message_type.add(name="ErrorInfo")
    info.field.add(name="reason", number=1, type=T.TYPE_STRING, label=T.LABEL_OPTIONAL)
    info.field.add(name="domain", number=2, type=T.TYPE_STRING, label=T.LABEL_OPTIONAL)
    entry = info.nested_type.add(name="MetadataEntry")
    entry.options.map_entry = True
    entry.field.add(name="key", number=1, type=T.TYPE_STRING, label=T.LABEL_OPTIONAL)
    entry.field.add(name="value", number=2, type=T.TYPE_STRING, label=T.LABEL_OPTIONAL)
    info.field.add(
        name="metadata",
        number=3,
        type=T.TYPE_MESSAGE,
        label=T.LABEL_REPEATED,
        type_name=".google.rpc.ErrorInfo.MetadataEntry",
    )
    pool.Add(f)
    factory = message_factory.MessageFactory(pool)
    return (
        factory.GetPrototype(pool.FindMessageTypeByName("google.rpc.Status")),
        factory.GetPrototype(pool.FindMessageTypeByName("google.rpc.ErrorInfo")),
    )


def error_info(error):
    """The google.rpc.ErrorInfo in the grpc-status-details-bin trailer, as a dict."""
    Status, ErrorInfo = rpc_status_classes()
    for key, value in error.trailing_metadata() or ():
        if key != "grpc-status-details-bin":
            continue
        for detail in Status.FromString(value).details:
            if detail.type_url == "type.googleapis.com/google.rpc.ErrorInfo":
                info = ErrorInfo.FromString(detail.value)
                return {"reason": info.reason, "domain": info.domain, "metadata": dict(info.metadata)}
    return None


def main():
    channel = grpc.insecure_channel(os.environ["LATCHKEY_URL"])
    key = os.environ["LATCHKEY_KEY"]
    stub = machines_grpc.MachineServiceStub(channel)
    seen = {}

    receiver = stub.CreateMachine(machines.CreateMachineRequest(name="python receiver"), metadata=bearer(key))
    caller = stub.CreateMachine(
        machines.CreateMachineRequest(name="python caller", scoped_machine_ids=[receiver.machine.id]),
        metadata=bearer(key),
    )
    seen["created"] = caller.machine.name
    seen["got"] = stub.GetMachine(machines.GetMachineRequest(id=caller.machine.id), metadata=bearer(key)).machine.name
    seen["streamed"] = [
        m.name
        for batch in stub.ListMachines(machines.ListMachinesRequest(query="python"), metadata=bearer(key))
        for m in batch.machines
    ]

    try:
        stub.GetMachine(machines.GetMachineRequest(id=caller.machine.id))
    except grpc.RpcError as error:
        seen["without_key"] = error.code().name
    try:
        stub.GetMachine(machines.GetMachineRequest(id="mch_" + "0" * 27), metadata=bearer(key))
    except grpc.RpcError as error:
        seen["missing"] = error.code().name
        seen["missing_error_info"] = error_info(error)

    token_stub = tokens_grpc.TokenServiceStub(channel)
    token = token_stub.CreateToken(tokens.CreateTokenRequest(), metadata=bearer(caller.secret_key))
    verified = token_stub.VerifyToken(tokens.VerifyTokenRequest(token=token.secret), metadata=bearer(receiver.secret_key))
    seen["verified_subject_is_caller"] = verified.token.subject == caller.machine.id

    # The receiver asks, with its own machine key, whether the caller may deploy.
    scope_stub = scopes_grpc.ScopeServiceStub(channel)
    scope_stub.CreateScopeType(scopes.CreateScopeTypeRequest(id="type_team", name="Team"), metadata=bearer(key))
    scope_stub.CreateRole(
        scopes.CreateRoleRequest(id="role_deployer", name="Deployer", permissions=["deploy:*"]), metadata=bearer(key)
    )
    scope_stub.CreateScope(
        scopes.CreateScopeRequest(
            id="scope_interop",
            name="Interop",
            type_id="type_team",
            memberships=[scope_pb2.MembershipSpec(subject_id=caller.machine.id, role_ids=["role_deployer"])],
        ),
        metadata=bearer(key),
    )
    check = scope_stub.CheckPermission(
        scopes.CheckPermissionRequest(subject_id=caller.machine.id, scope_id="scope_interop", permission="deploy:prod"),
        metadata=bearer(receiver.secret_key),
    )
    seen["caller_may_deploy"] = check.allowed
    seen["granted_by_role"] = check.grants[0].role_id
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
