#!/usr/bin/python3
"""Third gRPC peer for the interop tests: Debian's python3-grpcio (C-core) calling our Bench server.

Uses grpcio's generic calls with hand-written protobuf (de)serializers (Chunk = field 1 bytes), so no generated code
or protoc is needed. Prints one JSON object {"checks": {...}}; the C# test asserts each check.
Usage: /usr/bin/python3 client.py 127.0.0.1:PORT
"""
import hashlib
import json
import sys

import grpc

SERVICE = "/transports.bench.v1.Bench/"


def pattern(offset, length):
    """Byte at stream offset i is (i*31 + i//1024) & 0xff, as tests/Transports.Tests/Grpc/InteropPayload.cs."""
    return bytes(((i * 31 + i // 1024) & 0xFF) for i in range(offset, offset + length))


def varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def fields(message):
    """Decodes varint (wire type 0) and length-delimited (wire type 2) fields into {number: value}."""
    result, i = {}, 0
    while i < len(message):
        key, i = read_varint(message, i)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            result[number], i = read_varint(message, i)
        elif wire_type == 2:
            length, i = read_varint(message, i)
            result[number], i = message[i:i + length], i + length
        else:
            raise ValueError(f"unexpected wire type {wire_type}")
    return result


def read_varint(data, i):
    value, shift = 0, 0
    while True:
        b = data[i]
        i += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, i
        shift += 7


def chunk(data):
    return b"\x0a" + varint(len(data)) + data if data else b""


def chunk_data(message):
    return bytes(fields(message).get(1, b""))


def status_of(call):
    try:
        return {"code": 0, "result": call()}
    except grpc.RpcError as e:
        return {"code": e.code().value[0], "details": e.details()}


def main():
    # argv: 127.0.0.1:PORT [RUN_TOKEN_HEX]; every call carries the run token (our server refuses calls without it)
    token = ((("transports-run-token", sys.argv[2]),) if len(sys.argv) > 2 else ())
    channel = grpc.insecure_channel(sys.argv[1], options=[("grpc.max_receive_message_length", 8 << 20)])
    echo = channel.unary_unary(SERVICE + "Echo", request_serializer=chunk, response_deserializer=chunk_data)
    upload = channel.stream_unary(SERVICE + "Upload", request_serializer=chunk, response_deserializer=fields)
    download = channel.unary_stream(SERVICE + "Download", request_serializer=lambda m: m, response_deserializer=chunk_data)
    exchange = channel.stream_stream(SERVICE + "Exchange", request_serializer=chunk, response_deserializer=chunk_data)
    nope = channel.unary_unary(SERVICE + "NoSuchMethod", request_serializer=chunk, response_deserializer=chunk_data)
    checks = {}

    data = pattern(0, 1000)
    r = status_of(lambda: echo(data, metadata=token, timeout=20))
    checks["echo"] = {"code": r["code"], "same": r.get("result") == data}

    upload_bytes = 2 << 20
    chunks = [pattern(o, min(65536, upload_bytes - o)) for o in range(0, upload_bytes, 65536)] + [b""]
    r = status_of(lambda: upload(iter(chunks), metadata=token, timeout=60))
    summary = r.get("result", {})
    checks["upload"] = {"code": r["code"], "bytesReceived": summary.get(1, 0), "messagesReceived": summary.get(2, 0),
                        "sha256": hashlib.sha256(b"".join(chunks)).hexdigest()}

    download_bytes = (2 << 20) + 5
    request = b"\x08" + varint(download_bytes) + b"\x10" + varint(100000)
    def run_download():
        h, n, m = hashlib.sha256(), 0, 0
        for part in download(request, metadata=token, timeout=60):
            h.update(part)
            n += len(part)
            m += 1
        return {"bytes": n, "messages": m, "sha256": h.hexdigest()}
    r = status_of(run_download)
    checks["download"] = {"code": r["code"], **r.get("result", {})}

    messages = [pattern(i * 1000, i * 1000) for i in range(50)]
    r = status_of(lambda: list(exchange(iter(messages), metadata=token, timeout=60)))
    checks["exchange"] = {"code": r["code"], "same": r.get("result") == messages}

    r = status_of(lambda: echo(b"x", metadata=token + (("bench-fail-status", "5"),), timeout=20))
    checks["fail_status"] = {"code": r["code"], "details": r.get("details")}
    checks["unknown_method"] = {"code": status_of(lambda: nope(b"x", metadata=token, timeout=20))["code"]}
    checks["deadline"] = {"code": status_of(lambda: echo(b"x", metadata=token + (("bench-delay-ms", "5000"),), timeout=0.3))["code"]}
    print(json.dumps({"grpcio": grpc.__version__, "checks": checks}))
    channel.close()


if __name__ == "__main__":
    main()
