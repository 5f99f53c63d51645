using System.Net.Sockets;
using Transports.Abstractions;

namespace Transports.Kestrel;

/// <summary>
/// Kestrel's start failures as <see cref="TransportException"/>s, for every transport hosted on Kestrel (ws, grpc).
/// Kestrel reports a taken port as an <see cref="IOException"/> wrapping <c>AddressInUseException</c>, which wraps the
/// <see cref="SocketException"/>: the address-in-use check has to look through that chain.
/// </summary>
public static class KestrelListenErrors
{
    /// <summary>The transport failure for a Kestrel start that threw <paramref name="exception"/>, or null when it is not a listen failure.</summary>
    /// <param name="exception">What <c>WebApplication.StartAsync</c> threw.</param>
    /// <param name="context">What was being done, e.g. "ws listen on 127.0.0.1:5201".</param>
    public static TransportException? Translate(Exception exception, string context)
    {
        if (exception is not IOException io) return null;
        if (io.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException
            || io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            return SocketErrors.AddressInUse(context, io);
        for (var inner = io.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is SocketException socket) return SocketErrors.ToTransportException(socket, context);
        return null;
    }
}
