// Loads transports/Grpc/Protos/bench.proto with @grpc/proto-loader and exports the Bench service and helpers
// shared by the interop client, server and the benchmark.
'use strict';
const path = require('path');
const crypto = require('crypto');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const protoPath = process.env.BENCH_PROTO || path.join(__dirname, '..', '..', '..', 'transports', 'Grpc', 'Protos', 'bench.proto');
const definition = protoLoader.loadSync(protoPath, { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true });
const Bench = grpc.loadPackageDefinition(definition).transports.bench.v1.Bench;

// The deterministic payload both sides agree on: byte at stream offset i is (i*31 + (i >>> 10)) & 0xff
// (tests/Transports.Tests/Grpc/InteropPayload.cs computes the same bytes).
function pattern(offset, length) {
  const b = Buffer.allocUnsafe(length);
  for (let k = 0; k < length; k++) {
    const i = offset + k;
    b[k] = (i * 31 + Math.floor(i / 1024)) & 0xff;
  }
  return b;
}

function sha256() { return crypto.createHash('sha256'); }

module.exports = { grpc, Bench, pattern, sha256, protoPath };
