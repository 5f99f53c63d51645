// grpc-js baseline: one client-streaming Upload of BYTES in MESSAGE-sized Chunks to a grpc-js server
// (tests/interop/grpc-js/server.js with BENCH_NO_HASH=1), respecting backpressure ('drain').
// Goodput = payload bytes / (first write -> UploadSummary received); the summary's byte count is checked.
// Usage: node grpcjs-upload-client.js 127.0.0.1:PORT BYTES MESSAGE_BYTES
'use strict';
const path = require('path');
const { Bench, grpc } = require(path.join(__dirname, '..', '..', 'tests', 'interop', 'grpc-js', 'bench-proto'));

const [target, bytesArg, messageArg] = process.argv.slice(2);
const total = Number(bytesArg), messageBytes = Number(messageArg);
const client = new Bench(target, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': -1 });
const payload = require('crypto').randomBytes(messageBytes);
const cpu = process.cpuUsage();
const started = process.hrtime.bigint();
let sent = 0;
const call = client.upload({ deadline: new Date(Date.now() + 600000) }, (err, summary) => {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (err) { console.error(`upload failed: ${err.code} ${err.details}`); process.exit(1); }
  if (Number(summary.bytesReceived) !== total) { console.error(`server got ${summary.bytesReceived} of ${total} B`); process.exit(1); }
  const mibps = total / seconds / (1 << 20);
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ bytes: total, messageBytes, seconds, mibps, clientCpuSeconds: (used.user + used.system) / 1e6 }));
  client.close();
});
const pump = () => {
  while (sent < total) {
    const n = Math.min(messageBytes, total - sent);
    sent += n;
    if (!call.write({ data: n === messageBytes ? payload : payload.subarray(0, n) })) return call.once('drain', pump);
  }
  call.end();
};
pump();
