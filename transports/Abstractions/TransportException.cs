namespace Transports.Abstractions;

/// <summary>A transport operation failed. <see cref="Error"/> says why; the message is written for the user.</summary>
public class TransportException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The failure category.</param>
    /// <param name="message">A one-line, user-facing explanation.</param>
    /// <param name="innerException">The underlying exception (socket, WebSocket, native), if any.</param>
    public TransportException(TransportError error, string message, Exception? innerException = null)
        : base(message, innerException) => Error = error;

    /// <summary>The failure category.</summary>
    public TransportError Error { get; }
}

/// <summary>A message was larger than <see cref="TransportCapabilities.MaxMessageSizeBytes"/>.</summary>
public sealed class MessageTooLargeException : TransportException
{
    /// <summary>Creates the exception for a message of <paramref name="sizeBytes"/> against a limit of <paramref name="maxBytes"/>.</summary>
    /// <param name="sizeBytes">Size of the offending message, in bytes.</param>
    /// <param name="maxBytes">The limit, in bytes.</param>
    public MessageTooLargeException(long sizeBytes, long maxBytes)
        : base(TransportError.MessageTooLarge, $"message of {sizeBytes} B exceeds the maximum message size of {maxBytes} B")
    {
        SizeBytes = sizeBytes;
        MaxBytes = maxBytes;
    }

    /// <summary>Size of the offending message, in bytes.</summary>
    public long SizeBytes { get; }

    /// <summary>The limit, in bytes.</summary>
    public long MaxBytes { get; }

    /// <summary>Throws when <paramref name="sizeBytes"/> exceeds <paramref name="maxBytes"/> (a null limit never throws).</summary>
    /// <param name="sizeBytes">Size of the message, in bytes.</param>
    /// <param name="maxBytes">The limit in bytes, or null for none.</param>
    /// <exception cref="MessageTooLargeException">Over the limit.</exception>
    public static void ThrowIfTooLarge(long sizeBytes, int? maxBytes)
    {
        if (maxBytes is int max && sizeBytes > max) throw new MessageTooLargeException(sizeBytes, max);
    }
}
