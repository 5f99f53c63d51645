namespace Transports.Advice.Profile;

/// <summary>A profile (file or flags) that cannot be advised on: an unknown key, a bad value, or an objective no
/// candidate could meet. The message is one line naming the key; the command exits 2.</summary>
/// <param name="key">The offending key, as written (or the flag).</param>
/// <param name="problem">What is wrong with it.</param>
public sealed class ProfileException(string key, string problem) : Exception($"{key}: {problem}")
{
    /// <summary>The offending key.</summary>
    public string Key { get; } = key;
}
