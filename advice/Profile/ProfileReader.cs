using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Transports.Advice.Profile;

/// <summary>
/// Reads a profile: a YAML file (YamlDotNet's representation model), a JSON file (System.Text.Json), and flags on top
/// (a flag overrides the file's key). The file is one mapping of <see cref="ProfileKeys"/> to scalars or lists of
/// scalars. After every key is applied the profile is checked as a whole (<see cref="Validate"/>).
/// </summary>
public static class ProfileReader
{
    /// <summary>Reads <paramref name="path"/> (YAML, or JSON when it ends in .json), applies <paramref name="flags"/> and validates.</summary>
    /// <param name="path">The profile file; null for flags only.</param>
    /// <param name="flags">Key and value pairs from the command line, applied after the file in order.</param>
    /// <exception cref="ProfileException">An unreadable file, an unknown key, a bad value or an impossible combination; the message names the key.</exception>
    public static ApiProfile Read(string? path, IEnumerable<KeyValuePair<string, string>> flags)
    {
        var profile = new ApiProfile();
        if (path is not null)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ProfileException("profile", $"cannot read {path}: {e.Message}");
            }
            var pairs = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? JsonPairs(text) : YamlPairs(text);
            profile = Apply(profile, pairs);
        }
        return Validate(Apply(profile, flags));
    }

    /// <summary>Parses profile text (YAML, or JSON when <paramref name="json"/>), validated; for tests and callers holding text.</summary>
    /// <param name="text">The profile.</param>
    /// <param name="json">True for JSON.</param>
    /// <exception cref="ProfileException">As <see cref="Read"/>.</exception>
    public static ApiProfile Parse(string text, bool json = false) => Validate(Apply(new ApiProfile(), json ? JsonPairs(text) : YamlPairs(text)));

    private static ApiProfile Apply(ApiProfile profile, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        foreach (var (name, value) in pairs)
        {
            var key = ProfileKeys.Find(name) ?? throw new ProfileException(name, $"unknown key; known keys: {ProfileKeys.Names}");
            profile = key.Apply(profile, name, value);
        }
        return profile;
    }

    /// <summary>Checks the combinations no single key can: objectives and reliabilities that contradict the pattern or the rate.</summary>
    /// <param name="p">The profile.</param>
    /// <exception cref="ProfileException">An impossible combination, naming the key at fault.</exception>
    public static ApiProfile Validate(ApiProfile p)
    {
        if (p.Objective is { Kind: ObjectiveKind.Goodput } && p.Pattern != TrafficPattern.BulkFile)
            throw new ProfileException("objective", $"a goodput objective fits pattern bulk-file, not {ProfileText.Kebab(p.Pattern.ToString())}; give a latency objective like 'p99 <= 50ms'");
        if (p.Objective is { Kind: ObjectiveKind.Latency } && p.Pattern == TrafficPattern.BulkFile)
            throw new ProfileException("objective", "a bulk file is judged by its goodput; write 'goodput >= 100mbit'");
        if (p.Objective?.AtRatePerSecond is double at && p.RatePerSecond is double rate && Math.Abs(at - rate) > 1e-9)
            throw new ProfileException("objective", FormattableString.Invariant($"'at {at}/s' contradicts rate {rate}/s; give the rate once"));
        if (p.Pattern == TrafficPattern.BulkFile && p.Reliability == Reliability.LatestValueWins)
            throw new ProfileException("reliability", "latest-value-wins cannot hold a bulk file: every byte of a file must arrive");
        if (p.Link is not null && p.Server is not null)
            throw new ProfileException("server", "give link (an emulated path) or server (a real one), not both");
        return p;
    }

    /// <summary>
    /// Checks a latency objective against the path's own delay: a request/response takes at least the round trip, a one-way
    /// message at least the one-way delay, so a bound below it cannot be met by any transport (and nothing is run).
    /// </summary>
    /// <param name="p">The profile.</param>
    /// <param name="path">The path's name for the message, e.g. "link wan".</param>
    /// <param name="roundTripMs">The path's configured round-trip time, milliseconds.</param>
    /// <param name="oneWayMs">The path's configured one-way delay towards the receiver, milliseconds.</param>
    /// <exception cref="ProfileException">The objective is below the path's delay.</exception>
    public static void CheckAgainstPath(ApiProfile p, string path, double roundTripMs, double oneWayMs)
    {
        if (p.Objective is not { Kind: ObjectiveKind.Latency } o) return;
        bool roundTrip = p.Pattern == TrafficPattern.RequestResponse;
        double floor = roundTrip ? roundTripMs : oneWayMs;
        // per-request connections are held to the same floor: 0-RTT resumption (RFC 8446 §2.3, RFC 9001 §4.6) can send the request with the handshake
        if (o.Limit < floor)
            throw new ProfileException("objective", FormattableString.Invariant(
                $"'{o.Text}' cannot be met over {path}: its {(roundTrip ? "round trip" : "one-way delay")} alone is {floor:0.###} ms"));
    }

    private static IEnumerable<KeyValuePair<string, string>> YamlPairs(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ProfileException("profile", $"not YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
        if (stream.Documents.Count == 0) return [];
        if (stream.Documents[0].RootNode is not YamlMappingNode map)
            throw new ProfileException("profile", "expected a mapping of keys to values (key: value lines)");
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (k, v) in map.Children)
        {
            string key = (k as YamlScalarNode)?.Value ?? throw new ProfileException("profile", "a key must be a plain name");
            pairs.Add(new(key, v switch
            {
                YamlScalarNode s => s.Value ?? "",
                YamlSequenceNode seq => string.Join(",", seq.Children.Select(c => (c as YamlScalarNode)?.Value ?? throw new ProfileException(key, "expected a list of values"))),
                _ => throw new ProfileException(key, "expected a value or a list of values, not a mapping"),
            }));
        }
        return pairs;
    }

    private static IEnumerable<KeyValuePair<string, string>> JsonPairs(string text)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ProfileException("profile", $"not JSON at line {(e.LineNumber ?? 0) + 1}: {e.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new ProfileException("profile", "expected an object of keys to values");
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var property in doc.RootElement.EnumerateObject())
                pairs.Add(new(property.Name, property.Value.ValueKind switch
                {
                    JsonValueKind.Array => string.Join(",", property.Value.EnumerateArray().Select(e => Scalar(property.Name, e))),
                    _ => Scalar(property.Name, property.Value),
                }));
            return pairs;
        }
    }

    private static string Scalar(string key, JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new ProfileException(key, $"expected a value or a list of values, not {e.ValueKind.ToString().ToLowerInvariant()}"),
    };
}
