namespace Transports.Harness.Anchors;

/// <summary>A reference tool could not run or its output could not be read; becomes a failed anchor with this message.</summary>
public sealed class AnchorException(string message) : Exception(message);
