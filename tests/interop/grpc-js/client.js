// grpc-js peer client for the interop tests: runs every check against a Bench server and prints one JSON object
// {"checks": {name: {...}}} on stdout. The C# test asserts each check; this script never decides pass/fail alone.
// Usage: node client.js 127.0.0.1:PORT [--tls CA_PEM_FILE] [--run-token HEX]
// --run-token: the run token every call carries in its transports-run-token metadata (our server refuses calls
// without it: PERMISSION_DENIED).
'use strict';
const fs = require('fs');
const { grpc, Bench, pattern, sha256 } = require('./bench-proto');

const target = process.argv[2];
const tlsIndex = process.argv.indexOf('--tls');
const credentials = tlsIndex > 0
  ? grpc.credentials.createSsl(fs.readFileSync(process.argv[tlsIndex + 1]))
  : grpc.credentials.createInsecure();
const tokenIndex = process.argv.indexOf('--run-token');
const runToken = tokenIndex > 0 ? process.argv[tokenIndex + 1] : null;
// Adds the run token to every call's metadata (grpc-js client interceptor).
const withRunToken = (options, nextCall) => new grpc.InterceptingCall(nextCall(options), {
  start: (metadata, listener, next) => {
    if (runToken) metadata.set('transports-run-token', runToken);
    next(metadata, listener);
  },
});
const options = { 'grpc.max_receive_message_length': 8 << 20, 'grpc.max_send_message_length': 8 << 20, interceptors: [withRunToken] };
const client = new Bench(target, credentials, options);
const gzipClient = new Bench(target, credentials, { ...options, 'grpc.default_compression_algorithm': 2 });
const deadline = (ms) => new Date(Date.now() + ms);

const unary = (c, data, metadata = new grpc.Metadata(), callOptions = { deadline: deadline(20000) }) =>
  new Promise((resolve) => c.echo({ data }, metadata, callOptions, (err, reply) =>
    resolve(err ? { code: err.code, details: err.details } : { code: 0, data: reply.data })));

async function echo(c, data) {
  const r = await unary(c, data);
  return { code: r.code, same: r.code === 0 && Buffer.compare(r.data, data) === 0, bytes: data.length };
}

function upload(totalBytes, chunkBytes) {
  return new Promise((resolve) => {
    const hash = sha256();
    let offset = 0, messages = 0;
    const call = client.upload({ deadline: deadline(60000) }, (err, s) => resolve(err
      ? { code: err.code, details: err.details }
      : { code: 0, sentBytes: offset, sentMessages: messages, sha256: hash.digest('hex'),
          bytesReceived: s.bytesReceived, messagesReceived: s.messagesReceived }));
    const pump = () => {
      while (offset < totalBytes) {
        const n = Math.min(chunkBytes, totalBytes - offset);
        const data = pattern(offset, n);
        hash.update(data);
        offset += n; messages++;
        if (!call.write({ data })) return call.once('drain', pump);
      }
      call.write({ data: Buffer.alloc(0) }); messages++; // an empty message is a message too
      call.end();
    };
    pump();
  });
}

function download(totalBytes, chunkBytes) {
  return new Promise((resolve) => {
    const hash = sha256();
    let bytes = 0, messages = 0;
    const call = client.download({ totalBytes, chunkBytes }, { deadline: deadline(60000) });
    call.on('data', (m) => { bytes += m.data.length; messages++; hash.update(m.data); });
    call.on('error', (err) => resolve({ code: err.code, details: err.details }));
    call.on('end', () => resolve({ code: 0, bytes, messages, sha256: hash.digest('hex') }));
  });
}

function exchange(count) {
  return new Promise((resolve) => {
    let received = 0, mismatched = 0;
    const call = client.exchange({ deadline: deadline(60000) });
    call.on('data', (m) => {
      const expected = pattern(received * 1000, received * 1000);
      if (Buffer.compare(m.data, expected) !== 0) mismatched++;
      received++;
    });
    call.on('error', (err) => resolve({ code: err.code, details: err.details }));
    call.on('end', () => resolve({ code: 0, sent: count, received, mismatched }));
    for (let i = 0; i < count; i++) call.write({ data: pattern(i * 1000, i * 1000) });
    call.end();
  });
}

function cancelDownload() {
  return new Promise((resolve) => {
    // Ask for 1 GiB and cancel at the first message (RST_STREAM CANCEL) while the server is still sending.
    const call = client.download({ totalBytes: 1 << 30, chunkBytes: 65536 }, { deadline: deadline(20000) });
    call.on('data', () => call.cancel());
    call.on('error', (err) => resolve({ code: err.code }));
    call.on('end', () => resolve({ code: 0 }));
  });
}

function unknownMethod() {
  return new Promise((resolve) => client.makeUnaryRequest('/transports.bench.v1.Bench/NoSuchMethod',
    (x) => x, (x) => x, Buffer.alloc(0), { deadline: deadline(20000) },
    (err) => resolve(err ? { code: err.code, details: err.details } : { code: 0 })));
}

async function main() {
  const checks = {};
  checks.echo = await echo(client, pattern(0, 1000));
  checks.echo_empty = await echo(client, Buffer.alloc(0));
  checks.echo_gzip = await echo(gzipClient, Buffer.alloc(100000, 'a'));
  checks.upload = await upload(8 << 20, 64 << 10);
  checks.download = await download((8 << 20) + 5, 100000);
  checks.exchange = await exchange(100);
  const failMetadata = new grpc.Metadata();
  failMetadata.set('bench-fail-status', '7');
  checks.fail_status = await unary(client, Buffer.from('x'), failMetadata);
  delete checks.fail_status.data;
  checks.unknown_method = await unknownMethod();
  checks.oversize = await unary(client, Buffer.alloc((4 << 20) + 1));
  const delayMetadata = new grpc.Metadata();
  delayMetadata.set('bench-delay-ms', '5000');
  checks.deadline = await unary(client, Buffer.from('x'), delayMetadata, { deadline: deadline(300) });
  checks.cancel = await cancelDownload();
  checks.echo_after_errors = await echo(client, pattern(5, 5000));
  process.stdout.write(JSON.stringify({ checks }) + '\n');
  client.close();
  gzipClient.close();
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
