using System.Text;
using Transports.Abstractions;

namespace Transports.Quic.Quinn;

/// <summary>
/// Native status codes (native/src/ffi.rs) to <see cref="TransportException"/>s that carry quinn's error text.
/// </summary>
internal static unsafe class QuinnErrors
{
    public const int Ok = 0;

    /// <summary>The DATAGRAM send queue is full: wait for space and try again.</summary>
    public const int WouldBlock = 12;

    /// <summary>The exception for <paramref name="code"/> with the native <paramref name="message"/>.</summary>
    public static TransportException Create(int code, string message)
    {
        var error = code switch
        {
            2 or 10 => TransportError.ConnectionReset,   // peer reset/closed; locally closed (aborted by us)
            3 => TransportError.ConnectionRefused,
            4 => TransportError.AddressInUse,
            5 => TransportError.MessageTooLarge,
            6 => TransportError.ProtocolError,
            7 => TransportError.Timeout,
            11 => TransportError.NotSupported,
            13 => TransportError.AuthenticationFailed, // the server's certificate is not the pinned one
            _ => TransportError.Unknown,
        };
        if (code == 4) message += " (another program holds the port; pick another)";
        return new TransportException(error, message);
    }

    /// <summary>The exception for a callback's code and message bytes.</summary>
    public static TransportException Create(int code, byte* message, nuint length)
        => Create(code, length == 0 ? $"quic: native error {code}" : Encoding.UTF8.GetString(message, checked((int)length)));

    /// <summary>Throws when a synchronous call failed, with the thread's last native error message.</summary>
    /// <exception cref="TransportException">The call failed.</exception>
    public static void ThrowIfFailed(int code)
    {
        if (code != Ok) throw Create(code, LastMessage());
    }

    /// <summary>The failure of a synchronous call, with the thread's last native error message.</summary>
    public static TransportException Failure(int code) => Create(code, LastMessage());

    private static string LastMessage()
    {
        Span<byte> buffer = stackalloc byte[1024];
        fixed (byte* p = buffer)
        {
            var length = (int)Math.Min((ulong)QuinnNative.tq_last_error(p, (nuint)buffer.Length), (ulong)buffer.Length);
            return Encoding.UTF8.GetString(buffer[..length]);
        }
    }
}
