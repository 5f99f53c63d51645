// grpc-js peer server for the interop tests and the baseline benchmark.
// Usage: node server.js            -> prints "LISTENING <port>" (127.0.0.1, h2c), serves until stdin closes or SIGTERM.
// Env: BENCH_NO_HASH=1 skips SHA-256 of uploads (benchmark).
'use strict';
const { grpc, Bench, pattern, sha256 } = require('./bench-proto');

const noHash = process.env.BENCH_NO_HASH === '1';
const failMessage = 'deliberate failure requested by bench-fail-status';

function echo(call, callback) {
  const fail = parseInt(call.metadata.get('bench-fail-status')[0] || '0', 10);
  if (fail >= 1 && fail <= 16) return callback({ code: fail, details: failMessage });
  callback(null, { data: call.request.data });
}

function upload(call, callback) {
  const cpu = process.cpuUsage();
  const hash = noHash ? null : sha256();
  let bytes = 0, messages = 0;
  call.on('data', (chunk) => { bytes += chunk.data.length; messages++; if (hash) hash.update(chunk.data); });
  call.on('end', () => {
    const used = process.cpuUsage(cpu);
    if (noHash) console.log(`UPLOAD_CPU_US ${used.user + used.system}`); // benchmark: server CPU of this upload
    callback(null, { bytesReceived: bytes, messagesReceived: messages, sha256: hash ? hash.digest() : Buffer.alloc(0) });
  });
  call.on('error', () => {});
}

function download(call) {
  const total = Number(call.request.totalBytes) || 0;
  const chunk = Number(call.request.chunkBytes) || 65536;
  let offset = 0;
  const pump = () => {
    while (offset < total) {
      const n = Math.min(chunk, total - offset);
      const ok = call.write({ data: pattern(offset, n) });
      offset += n;
      if (!ok) return call.once('drain', pump);
    }
    call.end();
  };
  call.on('error', () => {});
  call.on('cancelled', () => { offset = total; });
  pump();
}

function exchange(call) {
  call.on('data', (chunk) => call.write({ data: chunk.data }));
  call.on('end', () => call.end());
  call.on('error', () => {});
}

const server = new grpc.Server({ 'grpc.max_receive_message_length': 4 << 20, 'grpc.max_send_message_length': 4 << 20 });
server.addService(Bench.service, { echo, upload, download, exchange });
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) { console.error(`bind failed: ${err.message}`); process.exit(2); }
  console.log(`LISTENING ${port}`);
});
const stop = () => server.tryShutdown(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
