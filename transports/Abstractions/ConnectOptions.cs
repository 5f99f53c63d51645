namespace Transports.Abstractions;

/// <summary>Per-connection options a client passes to <see cref="ITransport.ConnectAsync"/>.</summary>
/// <param name="Direction">Which way data will mostly flow; a hint for call-shaped transports.</param>
public sealed record ConnectOptions(StreamDirection Direction = StreamDirection.Bidirectional)
{
    /// <summary>Bidirectional, no other option set.</summary>
    public static ConnectOptions Default { get; } = new();
}
