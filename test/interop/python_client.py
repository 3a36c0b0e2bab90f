"""A latchkey client written with Debian's python3-grpcio and the stubs in gen/python.

Run by test/interop.test.ts against a real server: LATCHKEY_URL (host:port),
LATCHKEY_KEY (an instance key). Prints one JSON object with what it saw.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "gen", "python"))

import grpc  # noqa: E402
from latchkey.machine.v1 import machine_service_pb2 as machines  # noqa: E402
from latchkey.machine.v1 import machine_service_pb2_grpc as machines_grpc  # noqa: E402
from latchkey.token.v1 import token_service_pb2 as tokens  # noqa: E402
from latchkey.token.v1 import token_service_pb2_grpc as tokens_grpc  # noqa: E402


def bearer(key):
    return [("authorization", f"Bearer {key}")]


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

    token_stub = tokens_grpc.TokenServiceStub(channel)
    token = token_stub.CreateToken(tokens.CreateTokenRequest(), metadata=bearer(caller.secret_key))
    verified = token_stub.VerifyToken(tokens.VerifyTokenRequest(token=token.secret), metadata=bearer(receiver.secret_key))
    seen["verified_subject_is_caller"] = verified.token.subject == caller.machine.id
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
