using Transports.Scenarios.Core;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// bigfile's settings completed for serving on this host (a two-host agent, from the client's recorded settings).
/// Download: the server sends, so the input must be here with the client's digest: the generated test file is
/// deterministic (made here and checked), a user's <c>-file</c> must exist at the same path with the same length and
/// digest. Upload: the server receives into this host's sink folder; it needs the input only to compare datagram
/// payloads with the null sink, so there it is looked for, and its absence is an error only where it is needed.
/// </summary>
internal static class ServingHost
{
    /// <summary>Completes <paramref name="settings"/> (as the client prepared them) for serving here.</summary>
    /// <exception cref="ScenarioSetupException">Download: this host's input is missing or differs from the client's.</exception>
    public static async Task<BigFileSettings> PrepareAsync(BigFileSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Direction == TransferDirection.Download)
        {
            LeftoverFiles.Clean(TestFileCache.Directory);
            return settings with { File = (await InputAsync(settings, cancellationToken).ConfigureAwait(false)).Path, SinkDir = "" };
        }
        var sinkDir = settings.Sink == BigFileSink.Null ? "" : BigFileInputs.DefaultSinkDirectory(settings.SizeBytes);
        if (sinkDir.Length > 0) LeftoverFiles.Clean(sinkDir);
        string file = "";
        if (settings.Sink == BigFileSink.Null)
        {
            try
            {
                file = (await InputAsync(settings, cancellationToken).ConfigureAwait(false)).Path;
            }
            catch (ScenarioSetupException)
            {
                // only datagram transports need it (NoInputHere says so when one runs)
            }
        }
        return settings with { File = file, SinkDir = sinkDir };
    }

    /// <summary>True when the settings, prepared here, have no copy of the input (an upload's server with no need of one).</summary>
    public static bool HasNoInput(BigFileSettings settings) => settings.File.Length == 0;

    /// <summary>The error of a null-sink datagram upload served where the input is not (its payloads cannot be compared).</summary>
    public static ScenarioSetupException NoInputHere(BigFileSettings settings)
        => new($"bigfile upload with -sink null over datagrams compares each payload with the input on the receiving host, and this host has no copy of "
               + (settings.FileGenerated ? "the test file" : "-file") + " with the client's digest: use -sink file, or put the same file here");

    /// <summary>This host's copy of the client's input, checked against the client's length and digest.</summary>
    /// <exception cref="ScenarioSetupException">Missing or different.</exception>
    private static async Task<BigFileInput> InputAsync(BigFileSettings settings, CancellationToken cancellationToken)
    {
        var client = settings.Input;
        if (client.IsGenerated)
        {
            var here = await BigFileInputs.TestFileAsync(client.LengthBytes, client.Method, cancellationToken).ConfigureAwait(false);
            if (here.HashHex != client.HashHex)
                throw new ScenarioSetupException($"the {client.LengthBytes}-byte test file made on this host has {ContentHash.NameOf(client.Method)} {StreamTransfer.Short(here.HashHex)}…, the client's {StreamTransfer.Short(client.HashHex)}…: the two hosts do not generate the same file");
            return here;
        }
        BigFileInput copy;
        try
        {
            copy = await BigFileInputs.ReadUserFileAsync(client.Path, client.Method, cancellationToken).ConfigureAwait(false);
        }
        catch (ScenarioSetupException e)
        {
            throw new ScenarioSetupException($"{e.Message} on this host: the agent's copy is missing or unusable, and the server side needs the client's file at the same path", e);
        }
        if (copy.LengthBytes != client.LengthBytes || copy.HashHex != client.HashHex)
            throw new ScenarioSetupException($"-file {client.Path}: this host's copy differs from the client's ({copy.LengthBytes} bytes, {ContentHash.NameOf(client.Method)} {StreamTransfer.Short(copy.HashHex)}…; the client's: {client.LengthBytes} bytes, {StreamTransfer.Short(client.HashHex)}…)");
        return copy;
    }
}
