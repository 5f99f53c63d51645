using System.Net;
using Transports.Abstractions;
using Transports.Harness.Catalog;
using Transports.Results;
using Transports.Scenarios.BigFile;
using Transports.Scenarios.Core;
using Transports.Tcp;
using Transports.Tests.Scenarios.Fakes;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.BigFile;

/// <summary>
/// The input file changing under a run (truncated, rewritten in place) is a clear error for that transport, never a
/// crash (SIGBUS from a mapped page past the new end of file killed the process with exit 134/135) and never a silent
/// "ok"; with the null sink, datagram payloads are still verified, each against the input at its offset.
/// </summary>
public sealed class ChangingInputTests
{
    [Fact]
    public async Task A_file_truncated_mid_transfer_fails_that_transport_clearly_and_the_next_one_runs()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "input.bin");
        var original = Payloads.Random(4 << 20, 11);
        await File.WriteAllBytesAsync(path, original);
        // After 1 MiB has been sent the source shrinks to 256 KiB; the fake copies each payload in user space (as ws's
        // framing does), which on a memory-mapped source touches a page past the end of file: SIGBUS. It puts the file
        // back when it is disposed, so the next transport streams the same, unchanged bytes.
        var truncating = new SourceChangingTransportFactory("truncates", path, afterBytes: 1 << 20,
            change: p => { using var f = new FileStream(p, FileMode.Open, FileAccess.Write, FileShare.ReadWrite); f.SetLength(256 << 10); },
            restore: p => File.WriteAllBytes(p, original));
        var outcome = await RunnerHarness.RunAsync("bigfile", [truncating, TransportCatalog.Find("tcp")!], Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["file"] = path, ["chunk-size"] = "4K", ["sink"] = "null" }, timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(1, outcome.ExitCode);
        var failed = outcome.Document.Transports[0];
        Assert.Equal(TransportStatus.Failed, failed.Status);
        Assert.StartsWith($"-file {path} changed during the run: it ended at byte ", failed.Error);
        Assert.Contains("(truncated to 262144 bytes)", failed.Error);
        Assert.Equal(TransportStatus.Ok, outcome.Document.Transports[1].Status);
        var onDisk = ResultsJson.Load(outcome.RunDirectory);
        Assert.Equal(2, onDisk.Transports.Count);
        Assert.False(onDisk.Run.Complete);
        Assert.Equal(failed.Error, onDisk.Transports[0].Error);
    }

    [Fact]
    public async Task A_file_rewritten_in_place_during_the_transfer_is_an_integrity_failure_even_when_the_sent_bytes_hash_right()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "input.bin");
        await File.WriteAllBytesAsync(path, Payloads.Random(4 << 20, 12));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1)); // file timestamps are coarse (a jiffy): the rewrite must not share one
        // Bytes already sent change: the receiver's digest still matches the one taken before the run, so only the
        // file's last-write time tells that the file is no longer what was measured.
        var rewriting = new SourceChangingTransportFactory("rewrites", path, afterBytes: 2 << 20,
            change: p => { using var f = new FileStream(p, FileMode.Open, FileAccess.Write, FileShare.ReadWrite); f.Write(new byte[4096]); },
            restore: _ => { });
        var outcome = await RunnerHarness.RunAsync("bigfile", [rewriting], Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["file"] = path, ["chunk-size"] = "64K", ["sink"] = "null" }, timeout: TimeSpan.FromSeconds(60));

        var r = Assert.Single(outcome.Document.Transports);
        Assert.Equal(TransportStatus.Failed, r.Status);
        Assert.StartsWith($"-file {path} changed during the run: modified at ", r.Error);
        Assert.Equal(1, outcome.ExitCode);
    }

    [Fact]
    public async Task Null_sink_datagrams_are_compared_with_the_input_so_a_corrupted_one_fails_and_a_clean_run_is_verified()
    {
        Environment.SetEnvironmentVariable("TRANSPORTS_CACHE", TempDirectory.Cache);
        var scenario = new BigFileScenario();
        var plan = await scenario.PrepareAsync(new OptionValues(new Dictionary<string, string>
            { ["size"] = "200K", ["sink"] = "null", ["rate"] = "0" }), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        ScenarioContext Context(ITransport transport) => new() { Transport = transport, ListenEndPoint = new(IPAddress.Loopback, 0), Plan = plan, Variant = plan.Variants[0] };

        // 200 KiB in 1448-byte payloads is 142 datagrams; every 7th has its last byte flipped: 20 corrupted.
        await using (var corrupting = new ImpairedDatagramTransport(new Impairment(CorruptEvery: 7)))
        {
            var e = await Assert.ThrowsAsync<IntegrityException>(() => scenario.RunAsync(Context(corrupting), timeout.Token));
            Assert.Equal("integrity check failed (payload-compare): 20 of 142 datagrams that arrived differ from the input at their offsets (first: #6)", e.Message);
        }

        // The same transfer without corruption is verified, by comparison (the null sink keeps nothing to hash).
        await using (var clean = new ImpairedDatagramTransport(new Impairment()))
        {
            var m = await scenario.RunAsync(Context(clean), timeout.Token);
            Assert.Equal(("payload-compare", true), (m.Integrity!.Method, m.Integrity.Verified));
            Assert.Equal("every datagram arrived; each of the 142 payloads matches the input at its offset (null sink: compared, not hashed)", m.Integrity.Detail);
        }

        // Loss is a result, not corruption: not delivered, and what did arrive is said to match.
        await using (var lossy = new ImpairedDatagramTransport(new Impairment(DropEvery: 10)))
        {
            var m = await scenario.RunAsync(Context(lossy), timeout.Token);
            Assert.False(m.Integrity!.Verified);
            Assert.Equal("payload-compare", m.Integrity.Method);
            Assert.StartsWith("file NOT delivered: 14 of 142 datagrams lost", m.Integrity.Detail);
            Assert.EndsWith("; the 128 that arrived match the input at their offsets", m.Integrity.Detail);
        }
    }

    /// <summary>
    /// tcp whose client side (the sender: bigfile uploads by default) changes the source file once
    /// <paramref name="afterBytes"/> have been sent, and copies every payload in user space before sending it. The
    /// transport's dispose calls <paramref name="restore"/>.
    /// </summary>
    private sealed class SourceChangingTransportFactory(string name, string path, long afterBytes, Action<string> change, Action<string> restore) : ITransportFactory
    {
        public string Name => name;
        public string Description => "test-only: changes the source file mid-transfer";
        private long AfterBytes => afterBytes;
        private void Change() => change(path);
        private void Restore() => restore(path);
        public IReadOnlyList<OptionSpec> Options => [];
        public ITransport Create(OptionValues settings, RunIdentity identity) => new Changing(this, new TcpTransport(new TcpTransportOptions(), identity.Membership));

        private sealed class Changing(SourceChangingTransportFactory f, ITransport inner) : ITransport
        {
            public string Name => f.Name;
            public TransportCapabilities Capabilities => inner.Capabilities;
            public IReadOnlyDictionary<string, string> Settings => inner.Settings;
            public ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken ct = default) => inner.ListenAsync(localEndPoint, ct);
            public async ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remote, ConnectOptions options, CancellationToken ct = default)
                => new Sender(f, await inner.ConnectAsync(remote, options, ct));
            public async ValueTask DisposeAsync()
            {
                await inner.DisposeAsync();
                f.Restore();
            }
        }

        private sealed class Sender(SourceChangingTransportFactory f, ITransportConnection inner) : ITransportConnection
        {
            private long _sent;
            private bool _changed;
            public TransportCapabilities Capabilities => inner.Capabilities;
            public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct = default)
            {
                var copy = payload.ToArray(); // user-space read of the sender's buffer
                _sent += copy.Length;
                if (!_changed && _sent >= f.AfterBytes)
                {
                    _changed = true;
                    f.Change();
                }
                return inner.SendAsync(copy, ct);
            }
            public ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken ct = default) => inner.ReceiveAsync(buffer, ct);
            public ValueTask CompleteSendAsync(CancellationToken ct = default) => inner.CompleteSendAsync(ct);
            public void Abort() => inner.Abort();
            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
