using System.Buffers;
using System.Net.WebSockets;
using FsCheck;
using FsCheck.Fluent;
using Grpc.Core;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Grpc;
using Transports.Grpc.Calls;
using Transports.Grpc.Protos;
using Transports.Measure.Histograms;
using Transports.Measure.Sequencing;
using Transports.Measure.Timing;
using Transports.Quic;
using Transports.Scenarios.BigFile;
using Transports.Scenarios.Core;
using Transports.Scenarios.Messages;
using Transports.Scenarios.PingPong;
using Transports.Udp;
using Transports.WebSockets;
using Transports.Tests.Scenarios.Fakes;
using Xunit;
using Xunit.Abstractions;

namespace Transports.Tests.Fuzz;

/// <summary>
/// Every parser of ours a peer can reach, fed <see cref="FuzzInputs.Count"/> random and mutated inputs each (see
/// <see cref="FuzzInputs"/>): no exception but the documented one, no hang, and the state it keeps stays consistent.
/// </summary>
public sealed class PeerParserFuzzTests(ITestOutputHelper output)
{
    // ---- bigfile datagrams: header, placement, tracker --------------------------------------------------------------

    private const int PayloadBytes = 1448;
    private const long FileBytes = 200 * PayloadBytes + 777; // a short last datagram
    private const long FileDatagrams = (FileBytes + PayloadBytes - 1) / PayloadBytes;

    private static byte[] BigFileDatagram(long sequence, bool end)
    {
        long offset = sequence * PayloadBytes;
        int payload = end ? 0 : (int)Math.Min(PayloadBytes, FileBytes - offset);
        var d = new byte[DatagramHeader.Size + payload];
        DatagramHeader.Write(d, end ? DatagramHeader.EndMarker : (ulong)sequence, 123456789, end ? (ulong)FileDatagrams : (ulong)offset);
        for (int i = DatagramHeader.Size; i < d.Length; i++) d[i] = (byte)i;
        return d;
    }

    [Fact]
    public void Bigfile_datagrams_are_placed_inside_the_file_or_dropped()
    {
        var valid = from s in Gen.Choose(0, (int)FileDatagrams - 1)
                    from end in Gen.Choose(0, 20)
                    select BigFileDatagram(end == 0 ? 0 : s == 0 ? FileDatagrams - 1 : s, end == 0);
        var tracker = new DatagramTracker(FileDatagrams);
        var placed = new bool[FileDatagrams];
        FuzzInputs.Run(output, "bigfile datagram header", FuzzInputs.RandomOrMutated(valid, 2 * PayloadBytes), datagram =>
        {
            var d = DatagramHeader.Parse(datagram, FileBytes, PayloadBytes);
            switch (d.Kind)
            {
                case DatagramKind.Data:
                    // What the receive loop writes: within the file, in its own slot, nowhere else.
                    Assert.InRange(d.Sequence, 0, FileDatagrams - 1);
                    Assert.Equal(d.Sequence * PayloadBytes, d.Offset);
                    Assert.InRange(d.PayloadBytes, 1, PayloadBytes);
                    Assert.True(d.Offset + d.PayloadBytes <= FileBytes);
                    Assert.Equal(datagram.Length - DatagramHeader.Size, d.PayloadBytes);
                    if (tracker.OnData(d.Sequence, d.Timestamp, MonotonicClock.NowTicks(), d.PayloadBytes))
                    {
                        Assert.False(placed[d.Sequence]);
                        placed[d.Sequence] = true;
                    }
                    break;
                case DatagramKind.End:
                    Assert.InRange(d.Offset, 0, FileDatagrams);
                    tracker.OnEnd(d.Offset);
                    break;
            }
        }, documented: _ => false);
        var delivery = tracker.ToDelivery(FileDatagrams);
        Assert.Equal(FileDatagrams, delivery.Received + delivery.Lost);
        Assert.Equal(placed.Count(p => p), delivery.Received);
        Assert.True(delivery.Duplicates >= 0 && delivery.Reordered >= 0 && delivery.Reordered <= delivery.Received);
    }

    [Fact]
    public void Bigfile_datagram_parse_accepts_exactly_what_the_sender_writes()
    {
        for (long s = 0; s < FileDatagrams; s++)
        {
            var d = DatagramHeader.Parse(BigFileDatagram(s, end: false), FileBytes, PayloadBytes);
            Assert.Equal(new ParsedDatagram(DatagramKind.Data, s, 123456789, s * PayloadBytes, (int)Math.Min(PayloadBytes, FileBytes - s * PayloadBytes)), d);
        }
        Assert.Equal(DatagramKind.End, DatagramHeader.Parse(BigFileDatagram(0, end: true), FileBytes, PayloadBytes).Kind);
        // The crash the fuzzing found: an offset the receive loop wrote at unchecked (negative: ArgumentOutOfRangeException
        // from RandomAccess.Write; past the end: the received file grew; another slot's: good bytes overwritten).
        var bad = BigFileDatagram(3, end: false);
        DatagramHeader.Write(bad, 3, 0, ulong.MaxValue - 5);
        Assert.Equal(DatagramKind.Foreign, DatagramHeader.Parse(bad, FileBytes, PayloadBytes).Kind);
        DatagramHeader.Write(bad, 3, 0, 2 * PayloadBytes);
        Assert.Equal(DatagramKind.Foreign, DatagramHeader.Parse(bad, FileBytes, PayloadBytes).Kind);
        Assert.Equal(DatagramKind.Foreign, DatagramHeader.Parse(bad.AsSpan(0, DatagramHeader.Size - 1), FileBytes, PayloadBytes).Kind);
    }

    // ---- message scenarios: MessageReceiver + MessageLayout + the measured-message bookkeeping -------------------

    private const int MessageSize = 64;
    private static readonly byte[] Template = MessageLayout.NewMessage(MessageSize);

    private static byte[] Message(long sequence, long timestamp)
    {
        var m = (byte[])Template.Clone();
        MessageLayout.WriteHeader(m, sequence, timestamp);
        return m;
    }

    private static Gen<byte[]> ValidMessages(int maxCount) =>
        from count in Gen.Choose(1, maxCount)
        from first in Gen.Choose(-3, 1000)
        select Enumerable.Range(0, count).SelectMany(i => Message(first + i, 1000 + i)).ToArray();

    /// <summary>What the datagrams/pingpong receive loops do with each message (MessageRun.CountMeasured).</summary>
    private sealed class MeasuredMessages
    {
        public readonly SequenceTracker Tracker = new(256);
        public readonly LatencyHistogram Latency = new();
        public InterarrivalJitter Jitter;
        public long Valid;

        public void Take(ReadOnlySpan<byte> message)
        {
            MessageLayout.Verify(message, Template);
            Valid++;
            long sequence = MessageLayout.ReadSequence(message);
            long sent = MessageLayout.ReadTimestamp(message);
            long now = MonotonicClock.NowTicks();
            if (sequence < 0) return; // end marker or warm-up
            if (Tracker.Add(sequence) is not (Arrival.InOrder or Arrival.Reordered)) return;
            Latency.Record(MonotonicClock.TicksToNanoseconds(now - sent));
            Jitter.Add(sent, now);
        }

        public void CheckConsistent()
        {
            var t = Tracker;
            Assert.True(t.Received >= 0 && t.Duplicates >= 0 && t.Reordered >= 0 && t.OutOfWindow >= 0 && t.Invalid >= 0);
            Assert.True(t.Reordered <= t.Received);
            Assert.Equal(t.Received, Latency.Count);
        }
    }

    [Fact]
    public void Message_byte_streams_end_in_whole_messages_or_an_integrity_error()
    {
        var measured = new MeasuredMessages();
        var inputs = from bytes in FuzzInputs.RandomOrMutated(ValidMessages(4), 4 * MessageSize)
                     from chunking in Gen.Choose(0, int.MaxValue)
                     select (bytes, chunking);
        FuzzInputs.Run(output, "message stream (MessageReceiver + MessageLayout)", inputs, input =>
        {
            var receiver = new MessageReceiver(new ChunkedStreamConnection(input.bytes, 1 + input.chunking % 100, input.chunking), MessageSize);
            int messages = 0;
            while (true)
            {
                var next = receiver.ReceiveAsync(CancellationToken.None);
                Assert.True(next.IsCompleted, "the receiver waited on a connection that had answered"); // no hang
                if (!next.Result) break;
                Assert.Equal(MessageSize, receiver.Current.Length);
                Assert.True(++messages <= input.bytes.Length / MessageSize);
                measured.Take(receiver.Current.Span);
            }
            Assert.Equal(0, input.bytes.Length % MessageSize); // a clean end: only after whole messages
        }, documented: e => e is IntegrityException, show: i => Convert.ToHexString(i.bytes) + $" chunking {i.chunking}");
        measured.CheckConsistent();
    }

    [Fact]
    public void Message_datagrams_are_one_whole_message_or_an_integrity_error()
    {
        var measured = new MeasuredMessages();
        FuzzInputs.Run(output, "message datagram (MessageReceiver + MessageLayout)", FuzzInputs.RandomOrMutated(ValidMessages(1), 3 * MessageSize), datagram =>
        {
            var receiver = new MessageReceiver(new FakeDatagrams(datagram, maxMessageBytes: 2 * MessageSize), MessageSize);
            var next = receiver.ReceiveAsync(CancellationToken.None);
            Assert.True(next.IsCompleted);
            Assert.True(next.Result);
            Assert.Equal(MessageSize, receiver.Current.Length);
            measured.Take(receiver.Current.Span);
        }, documented: e => e is IntegrityException);
        measured.CheckConsistent();
    }

    // ---- SequenceTracker on arbitrary sequence numbers ----------------------------------------------------------

    [Fact]
    public void Sequence_tracker_counts_add_up_for_any_sequence_numbers()
    {
        // 100 000 streams of sequence numbers from a peer: in-order runs, gaps, late and repeated numbers, and extremes.
        var numbers = Gen.Frequency(
            (6, Gen.Choose(0, 300).Select(i => (long)i)),
            (1, Gen.Choose(0, int.MaxValue).Select(i => (long)i * 1_000_003)),
            (1, Gen.Elements(long.MaxValue, long.MaxValue - 1, long.MinValue, -1L, -2L, 63L, 64L, 65L, 255L, 256L, 257L, (long)int.MaxValue + 1)));
        var streams = from window in Gen.Elements(64, 128, 256)
                      from length in Gen.Choose(0, 40)
                      from arrivals in Gen.ArrayOf(numbers, length)
                      select (window, arrivals);
        FuzzInputs.Run(output, "SequenceTracker", streams, s =>
        {
            var t = new SequenceTracker(s.window);
            long adds = 0;
            foreach (var n in s.arrivals)
            {
                t.Add(n);
                adds++;
                Assert.Equal(adds, t.Received + t.Duplicates + t.OutOfWindow + t.Invalid);
                Assert.True(t.NextExpected >= 0 && t.Reordered <= t.Received && t.MaxReorderExtent >= 0 && t.MaxReorderExtent <= t.Received);
                Assert.True(t.TotalReorderExtent >= t.MaxReorderExtent);
            }
            // Every valid number is below NextExp: sent = NextExp is the smallest count that explains them.
            foreach (long sent in new[] { t.NextExpected, t.NextExpected <= long.MaxValue - 10 ? t.NextExpected + 10 : long.MaxValue, 0 })
            {
                var d = t.ToDelivery(sent);
                Assert.InRange(d.Lost, 0, Math.Max(0, sent));
                Assert.InRange(d.LossPercent, 0, 100);
                if (sent >= t.NextExpected) Assert.Equal(sent, d.Received + d.Lost);
            }
        }, documented: _ => false, show: s => $"window {s.window}: [{string.Join(", ", s.arrivals)}]");
    }

    [Fact]
    public void Sequence_tracker_ignores_long_MaxValue_instead_of_wrapping()
    {
        // The hang the fuzzing found: NextExp = long.MaxValue + 1 wrapped to long.MinValue, and the next Add cleared the
        // bitmap for every s from long.MinValue up (2^63 iterations, negative indexes on the way).
        var t = new SequenceTracker(64);
        Assert.Equal(Arrival.InOrder, t.Add(5));
        Assert.Equal(Arrival.Invalid, t.Add(long.MaxValue));
        Assert.Equal(Arrival.InOrder, t.Add(6));
        Assert.Equal(7, t.NextExpected);
        Assert.Equal(1, t.Invalid);
        Assert.Equal(Arrival.InOrder, t.Add(long.MaxValue - 1));
        Assert.Equal(long.MaxValue, t.NextExpected);
        Assert.Equal(Arrival.OutOfWindow, t.Add(7));
    }

    // ---- pingpong: the response hand-off, given the sequence number a response carries ---------------------------

    [Fact]
    public void Pingpong_response_signal_completes_only_for_the_armed_request()
    {
        using var signal = new ResponseSignal(timeoutMs: 0);
        long armed = 0;
        var responses = Gen.Frequency(
            (4, Gen.Choose(-3, 3).Select(i => (long)i)),
            (1, Gen.Elements(long.MinValue, long.MinValue + 1, long.MaxValue, -1L)),
            (1, Gen.Choose(int.MinValue, int.MaxValue).Select(i => (long)i)));
        var inputs = from arm in Gen.Choose(0, 3) from response in responses select (arm: arm == 0, response);
        FuzzInputs.Run(output, "pingpong response signal", inputs, i =>
        {
            if (i.arm)
            {
                signal.Arm(++armed); // the sender's next request (the previous wait is over: answered or abandoned)
                var wait = signal.WaitAsync();
                Assert.False(wait.IsCompleted);
                signal.OnResponse(armed);
                Assert.True(wait.IsCompleted && wait.Result);
            }
            signal.OnResponse(i.response); // a stray, late or forged response: never completes anything twice
        }, documented: _ => false);
    }

    // ---- ws: our message reassembly over the framework's frame parser, given a client's bytes --------------------

    private const int WsMaxMessage = 256;

    private static byte[] WsFrame(byte opcodeAndFin, byte[] payload, byte[] mask)
    {
        var header = new List<byte> { opcodeAndFin };
        if (payload.Length < 126) header.Add((byte)(0x80 | payload.Length));
        else { header.Add(0x80 | 126); header.Add((byte)(payload.Length >> 8)); header.Add((byte)payload.Length); }
        header.AddRange(mask);
        header.AddRange(payload.Select((b, i) => (byte)(b ^ mask[i % 4])));
        return header.ToArray();
    }

    private static Gen<byte[]> WsClientBytes() =>
        from length in Gen.Frequency((3, Gen.Choose(0, 125)), (1, Gen.Choose(126, WsMaxMessage + 10)))
        from split in Gen.Choose(0, 3)
        from close in Gen.Choose(0, 2)
        select WsClientMessage(length, split == 0, close == 0);

    private static byte[] WsClientMessage(int length, bool fragmented, bool close)
    {
        var payload = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        byte[] mask = [0x37, 0xFA, 0x21, 0x3D];
        var bytes = fragmented && length > 1
            ? WsFrame(0x02, payload[..(length / 2)], mask).Concat(WsFrame(0x80, payload[(length / 2)..], mask))
            : WsFrame(0x82, payload, mask);
        if (close) bytes = bytes.Concat(WsFrame(0x88, [0x03, 0xE8], mask));
        return bytes.ToArray();
    }

    [Fact]
    public void Ws_messages_from_any_client_bytes_are_whole_or_a_transport_error()
    {
        var capabilities = new TransportCapabilities(TransportFeatures.Reliable | TransportFeatures.Ordered | TransportFeatures.MessageBoundaries | TransportFeatures.OrderlyClose, WsMaxMessage);
        var buffer = new byte[WsMaxMessage];
        FuzzInputs.Run(output, "ws frames (WebSocketConnection on the framework's parser)", FuzzInputs.RandomOrMutated(WsClientBytes(), 300), bytes =>
        {
            var socket = WebSocket.CreateFromStream(new OneWayStream(bytes), new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
            var connection = new WebSocketConnection(socket, capabilities, onDisposed: null);
            for (int i = 0; i <= bytes.Length; i++) // every message takes at least one byte: bounded
            {
                var next = connection.ReceiveAsync(buffer).AsTask();
                Assert.True(next.Wait(TimeSpan.FromSeconds(5)), "a receive over bytes that had all arrived did not end");
                var r = next.GetAwaiter().GetResult();
                if (r.IsCompleted) return;
                Assert.InRange(r.Count, 0, WsMaxMessage);
            }
            Assert.Fail("more messages than bytes");
        }, documented: e => e is TransportException || e is AggregateException { InnerException: TransportException });
    }

    /// <summary>Reads the given bytes, then end of stream; writes go nowhere.</summary>
    private sealed class OneWayStream(byte[] input) : Stream
    {
        private int _offset;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(buffer.Length, input.Length - _offset);
            input.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));
        public override void Write(byte[] buffer, int offset, int count) { }
        public override void Write(ReadOnlySpan<byte> buffer) { }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    // ---- udp handshake ------------------------------------------------------------------------------------------

    [Fact]
    public void Udp_handshake_recognizes_exactly_run_hellos_and_hello_ack()
    {
        var run = RunMembership.Create();
        var valid = Gen.Elements(run.Hello.ToArray(), UdpHandshake.HelloAck.ToArray());
        int handshakes = 0;
        FuzzInputs.Run(output, "udp handshake", FuzzInputs.RandomOrMutated(valid, 64), datagram =>
        {
            bool isHandshake = UdpHandshake.IsHandshake(datagram);
            bool runHello = datagram.Length == RunHello.Length && datagram.AsSpan(0, 6).SequenceEqual("TRPRUN"u8) && datagram[6] == RunHello.Version && datagram[7] == 0;
            Assert.Equal(runHello || datagram.AsSpan().SequenceEqual(UdpHandshake.HelloAck), isHandshake);
            if (isHandshake) handshakes++;
        }, documented: _ => false);
        Assert.True(handshakes > 0, "the mutations should leave some handshakes intact");
    }

    // ---- run membership: the hello every client sends first --------------------------------------------------------

    [Fact]
    public void Run_hello_check_admits_exactly_this_runs_hello()
    {
        var run = RunMembership.Create();
        var other = RunMembership.Create();
        var valid = Gen.Elements(run.Hello.ToArray(), other.Hello.ToArray());
        var seen = new Dictionary<MembershipVerdict, int>();
        FuzzInputs.Run(output, "run hello", FuzzInputs.RandomOrMutated(valid, 64), input =>
        {
            var verdict = run.Check(input);
            seen[verdict] = seen.GetValueOrDefault(verdict) + 1;
            Assert.Equal(input.AsSpan().SequenceEqual(run.Hello.Span), verdict == MembershipVerdict.Member);
            bool parsed = RunHello.TryGetToken(input, out var token, out var parseVerdict);
            Assert.Equal(parsed, verdict is MembershipVerdict.Member or MembershipVerdict.WrongToken);
            if (parsed) Assert.Equal(RunMembership.TokenLength, token.Length);
            else Assert.Equal(parseVerdict, verdict);
            if (verdict == MembershipVerdict.WrongToken) Assert.False(token.SequenceEqual(run.Token));
        }, documented: _ => false);
        foreach (var v in new[] { MembershipVerdict.Member, MembershipVerdict.WrongToken, MembershipVerdict.NotAHello, MembershipVerdict.UnsupportedVersion })
            Assert.True(seen.GetValueOrDefault(v) > 0, $"the inputs should reach the verdict {v}");
    }

    [Fact]
    public void Run_token_hex_check_admits_exactly_this_runs_token()
    {
        var run = RunMembership.Create();
        var valid = Gen.Elements(System.Text.Encoding.ASCII.GetBytes(run.TokenHex), System.Text.Encoding.ASCII.GetBytes(run.TokenHex.ToUpperInvariant()),
            System.Text.Encoding.ASCII.GetBytes(RunMembership.Create().TokenHex));
        int members = 0;
        FuzzInputs.Run(output, "run token hex", FuzzInputs.RandomOrMutated(valid, 64), input =>
        {
            var text = System.Text.Encoding.Latin1.GetString(input); // any header value, byte for byte
            var verdict = run.CheckHex(text);
            Assert.Equal(string.Equals(text, run.TokenHex, StringComparison.OrdinalIgnoreCase), verdict == MembershipVerdict.Member);
            if (verdict == MembershipVerdict.Member) members++;
        }, documented: _ => false);
        Assert.True(members > 0, "the mutations should leave some tokens intact");
        Assert.Equal(MembershipVerdict.NotAHello, run.CheckHex(null));
    }

    // ---- quic stream preface ------------------------------------------------------------------------------------

    [Fact]
    public void Quic_stream_preface_is_accepted_or_a_protocol_error()
    {
        var inputs = from completed in Gen.Choose(0, 9)
                     from count in Gen.Choose(0, 2)
                     from first in Gen.Frequency((1, Gen.Constant((int)StreamPreface.Value)), (3, Gen.Choose(0, 255)))
                     select (completed: completed == 0, count, first: (byte)first);
        FuzzInputs.Run(output, "quic stream preface", inputs, i =>
        {
            StreamPreface.Check(i.completed ? ReceiveResult.Completed : new ReceiveResult(i.count, false), i.first);
            Assert.True(!i.completed && i.count == 1 && i.first == StreamPreface.Value);
        }, documented: e => e is TransportException { Error: TransportError.ProtocolError });
    }

    // ---- gRPC message parsers -----------------------------------------------------------------------------------

    private static Gen<byte[]> ChunkEncodings() =>
        from length in Gen.Frequency((3, Gen.Choose(0, 20)), (1, Gen.Choose(100, 400)))
        from shape in Gen.Choose(0, 4)
        select Encode(length, shape);

    private static byte[] Encode(int length, int shape)
    {
        var payload = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        var chunk = new Chunk { Data = Google.Protobuf.ByteString.CopyFrom(payload) };
        byte[] common = Google.Protobuf.MessageExtensions.ToByteArray(chunk);
        return shape switch
        {
            0 or 1 => common,
            2 => [0x10, 0x05, .. common],                  // an unknown varint field first
            3 => [.. common, .. common],                   // field 1 twice (the last wins)
            _ => [0x0A, (byte)(0x80 | (length & 0x7F)), (byte)(0x80 | (length >> 7)), 0x80, 0x00, .. payload], // non-minimal varint
        };
    }

    [Fact]
    public void Grpc_chunk_marshallers_agree_or_fail_with_INTERNAL()
    {
        var inputs = from bytes in FuzzInputs.RandomOrMutated(ChunkEncodings(), 64)
                     from split in Gen.Choose(0, 8)
                     select (bytes, split);
        FuzzInputs.Run(output, "grpc Chunk marshallers (pooled vs Google.Protobuf)", inputs, i =>
        {
            Chunk? pooled = null, reference = null;
            Exception? pooledError = null, referenceError = null;
            try { pooled = ChunkMarshallers.Pooled.ContextualDeserializer(new Received(i.bytes, i.split)); }
            catch (Exception e) { pooledError = e; }
            try { reference = ChunkMarshallers.Protobuf.ContextualDeserializer(new Received(i.bytes, i.split)); }
            catch (Exception e) { referenceError = e; }
            // Differential: the fast path must parse exactly what Google.Protobuf parses, and fail where it fails.
            Assert.Equal(referenceError is null, pooledError is null);
            if (pooled is not null)
            {
                Assert.Equal(reference!.Data.ToByteArray(), pooled.Data.ToByteArray());
                ChunkMarshallers.Release(pooled);
            }
            if (referenceError is not null) throw referenceError;
            if (pooledError is not null) throw pooledError;
        }, documented: e => e is RpcException { StatusCode: StatusCode.Internal }, show: i => Convert.ToHexString(i.bytes) + $" split {i.split}");
    }

    [Fact]
    public void Grpc_summary_and_request_parsers_fail_only_with_INTERNAL()
    {
        var valid = from a in Gen.Choose(0, int.MaxValue)
                    from b in Gen.Choose(0, 1 << 20)
                    select Google.Protobuf.MessageExtensions.ToByteArray(new UploadSummary()).Concat(Google.Protobuf.MessageExtensions.ToByteArray(new DownloadRequest())).Concat(new[] { (byte)0x08, (byte)(a & 0x7F), (byte)0x10, (byte)(b & 0x7F) }).ToArray();
        var methods = new BenchMethods(GrpcMarshaller.Pooled);
        FuzzInputs.Run(output, "grpc UploadSummary / DownloadRequest", FuzzInputs.RandomOrMutated(valid, 48), bytes =>
        {
            Exception? upload = null;
            try { methods.Upload.ResponseMarshaller.ContextualDeserializer(new Received(bytes, 0)); }
            catch (Exception e) { upload = e; }
            methods.Download.RequestMarshaller.ContextualDeserializer(new Received(bytes, 1));
            if (upload is not null) throw upload;
        }, documented: e => e is RpcException { StatusCode: StatusCode.Internal });
    }

    /// <summary>A received gRPC message, in one segment or split into several (as Kestrel's pipe hands them over).</summary>
    private sealed class Received(byte[] message, int split) : DeserializationContext
    {
        public override int PayloadLength => message.Length;
        public override byte[] PayloadAsNewBuffer() => (byte[])message.Clone();
        public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => Segments.Of(message, split);
    }

    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(ReadOnlyMemory<byte> memory, long runningIndex) { Memory = memory; RunningIndex = runningIndex; }

        /// <summary><paramref name="message"/> in segments of <paramref name="split"/> bytes (0: one segment).</summary>
        public static ReadOnlySequence<byte> Of(byte[] message, int split)
        {
            if (split <= 0 || message.Length <= split) return new ReadOnlySequence<byte>(message);
            var first = new Segments(message.AsMemory(0, split), 0);
            var last = first;
            for (int at = split; at < message.Length; at += split)
            {
                var next = new Segments(message.AsMemory(at, Math.Min(split, message.Length - at)), at);
                last.Next = next;
                last = next;
            }
            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }
    }

    // ---- fakes --------------------------------------------------------------------------------------------------

    /// <summary>A datagram transport that delivers one datagram (truncated to the buffer, as recvfrom does), then closes.</summary>
    private sealed class FakeDatagrams(byte[] datagram, int maxMessageBytes) : ITransportConnection
    {
        private bool _delivered;
        public TransportCapabilities Capabilities { get; } = new(TransportFeatures.MessageBoundaries | TransportFeatures.Datagrams, maxMessageBytes);
        public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) => throw new InvalidOperationException("receive-only");
        public ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_delivered) return ValueTask.FromResult(ReceiveResult.Completed);
            _delivered = true;
            int count = Math.Min(datagram.Length, buffer.Length);
            datagram.AsSpan(0, count).CopyTo(buffer.Span);
            return ValueTask.FromResult(new ReceiveResult(count, false));
        }
        public ValueTask CompleteSendAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
        public void Abort() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
