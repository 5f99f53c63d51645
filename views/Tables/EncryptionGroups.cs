using Transports.Results;

namespace Transports.Views.Tables;

/// <summary>
/// Groups transports by whether their bytes are encrypted, read from what results.json records (the feature
/// <c>encrypted</c> of <see cref="TransportResult.Features"/>), so that tables and charts compare like with like:
/// plaintext transports first, then encrypted ones, each in run order. A run whose transports are all of one kind is
/// left in run order and carries no group label.
/// </summary>
public static class EncryptionGroups
{
    /// <summary>The label of transports whose bytes travel in clear.</summary>
    public const string Plaintext = "plaintext";

    /// <summary>The label of transports whose bytes are encrypted (TLS, QUIC).</summary>
    public const string Encrypted = "encrypted";

    /// <summary>"encrypted" or "plaintext".</summary>
    /// <param name="result">A transport result.</param>
    public static string Of(TransportResult result) => result.Features.Contains("encrypted") ? Encrypted : Plaintext;

    /// <summary>True when <paramref name="results"/> hold both kinds, so a group label tells them apart.</summary>
    /// <param name="results">Transport results.</param>
    public static bool AreMixed(IEnumerable<TransportResult> results) => results.Select(Of).Distinct().Skip(1).Any();

    /// <summary>Plaintext first, then encrypted, each in the given order (stable); the given order when not mixed.</summary>
    /// <typeparam name="T">What is ordered (a result, a table row).</typeparam>
    /// <param name="results">Items in run order.</param>
    /// <param name="resultOf">The transport result of an item.</param>
    public static IReadOnlyList<T> Order<T>(IReadOnlyList<T> results, Func<T, TransportResult> resultOf)
    {
        if (!AreMixed(results.Select(resultOf))) return results;
        return [.. results.Where(r => Of(resultOf(r)) == Plaintext), .. results.Where(r => Of(resultOf(r)) == Encrypted)];
    }

    /// <summary>A chart subtitle line naming the groups, e.g. "plaintext: tcp, ws · encrypted: tcp-tls, wss, quic"; null when not mixed.</summary>
    /// <param name="results">The charted results, grouped.</param>
    public static string? Caption(IReadOnlyList<TransportResult> results)
    {
        if (!AreMixed(results)) return null;
        string Names(string group) => string.Join(", ", results.Where(r => Of(r) == group).Select(r => r.Label).Distinct(StringComparer.Ordinal));
        return $"{Plaintext}: {Names(Plaintext)} · {Encrypted}: {Names(Encrypted)}";
    }
}
