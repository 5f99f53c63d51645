using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Transports.Abstractions.Tls;
using Xunit;

namespace Transports.Tests.Quic;

/// <summary>
/// The quic-go 0.29 interop peer (tests/interop/quic-go, built by scripts/bootstrap.d/31-quic-interop.sh): an
/// independent QUIC stack that echoes streams and datagrams (server mode) or drives and verifies an echo (client modes).
/// </summary>
public sealed class QuicGoPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;

    private QuicGoPeer(Process process, Task<string> output)
    {
        _process = process;
        _output = output;
    }

    /// <summary>The peer's executable; skips the test (with the step to run) when it has not been built.</summary>
    public static string RequireExecutable()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "interop", "quic-go"))) dir = dir.Parent;
        var path = dir is null ? null : Path.Combine(dir.FullName, "tests", "interop", "quic-go", "bin", "quicgo-peer");
        Skip.If(path is null || !File.Exists(path),
            "quic-go interop peer not built: run ./scripts/bootstrap.sh test (apt golang-github-lucas-clemente-quic-go-dev, then tests/interop/quic-go/build.sh)");
        return path!;
    }

    /// <summary>Starts the echo server on 127.0.0.1, presenting <paramref name="certificate"/>, and returns once it listens.</summary>
    public static async Task<(QuicGoPeer Peer, IPEndPoint EndPoint)> StartServerAsync(RunCertificate certificate, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("quicgo-cert-");
        var certFile = Path.Combine(dir.FullName, "cert.pem");
        var keyFile = Path.Combine(dir.FullName, "key.pem");
        await File.WriteAllTextAsync(certFile, certificate.Certificate.ExportCertificatePem(), ct);
        await File.WriteAllTextAsync(keyFile, PemEncoding.WriteString("PRIVATE KEY", certificate.PrivateKeyPkcs8), ct);
        try
        {
            var process = Start(new() { ["QUICGO_CERT_PEM"] = certFile, ["QUICGO_KEY_PEM"] = keyFile }, "server", "127.0.0.1:0");
            return await WaitListeningAsync(process, ct);
        }
        finally
        {
            dir.Delete(recursive: true); // the peer read both files before it printed "listening" (or failed)
        }
    }

    private static async Task<(QuicGoPeer Peer, IPEndPoint EndPoint)> WaitListeningAsync(Process process, CancellationToken ct)
    {
        var line = await process.StandardOutput.ReadLineAsync(ct) ?? "";
        if (!line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"quic-go server did not start: '{line}' {await process.StandardError.ReadToEndAsync(ct)}");
        }
        return (new QuicGoPeer(process, process.StandardOutput.ReadToEndAsync(ct)), IPEndPoint.Parse(line["listening ".Length..]));
    }

    /// <summary>
    /// Runs a client mode ("client-stream ADDR BYTES" or "client-dgram ADDR COUNT SIZE") in the background, accepting only
    /// the server certificate pinned by <paramref name="serverPin"/> and proving membership with <paramref name="runToken"/>.
    /// </summary>
    /// <param name="serverPin">The server certificate's pin (QUICGO_PIN_SHA256).</param>
    /// <param name="runToken">The run token (hex) the client proves membership with (TRANSPORTS_RUN_TOKEN).</param>
    /// <param name="arguments">Mode and its arguments.</param>
    public static QuicGoPeer StartClient(CertificatePin serverPin, string runToken, params string[] arguments)
    {
        var process = Start(new() { ["QUICGO_PIN_SHA256"] = serverPin.Hex, ["TRANSPORTS_RUN_TOKEN"] = runToken }, arguments);
        return new QuicGoPeer(process, ReadAllAsync(process));
    }

    /// <summary>Waits for the peer to exit; returns (exit code, stdout + stderr).</summary>
    public async Task<(int ExitCode, string Output)> WaitAsync(CancellationToken ct)
    {
        await _process.WaitForExitAsync(ct);
        return (_process.ExitCode, await _output);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close(); // server mode exits when stdin closes
                if (!_process.WaitForExit(3000)) _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        await Task.CompletedTask;
        _process.Dispose();
    }

    private static Process Start(Dictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(RequireExecutable())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        return Process.Start(info) ?? throw new InvalidOperationException("could not start quicgo-peer");
    }

    private static async Task<string> ReadAllAsync(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        return await stdout + await stderr;
    }
}
