using Transports.Scenarios.Core;
using Transports.Scenarios.Rpc;
using Xunit;

namespace Transports.Tests.Rpc;

/// <summary>The rpc request/response bytes: derived from the id, every single-bit change and another id's response detected.</summary>
public sealed class RpcExchangeTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(512)]
    [InlineData(4099)]
    public void Every_flipped_bit_and_every_other_id_is_detected(int size)
    {
        var response = new byte[size];
        RpcExchange.WriteResponse(1234567, response);
        RpcExchange.VerifyResponse(1234567, response);
        for (int i = 0; i < size; i++)
        {
            var bad = (byte[])response.Clone();
            bad[i] ^= (byte)(1 << (i % 8));
            Assert.Throws<IntegrityException>(() => RpcExchange.VerifyResponse(1234567, bad));
        }
        var other = new byte[size];
        RpcExchange.WriteResponse(1234567 + 256, other); // same low byte: told apart by the header
        Assert.Throws<IntegrityException>(() => RpcExchange.VerifyResponse(1234567, other));
        var request = new byte[size];
        RpcExchange.WriteRequest(-5, request);
        Assert.Equal(-5, RpcExchange.VerifyRequest(request));
        if (size > RpcExchange.HeaderBytes) Assert.Throws<IntegrityException>(() => RpcExchange.VerifyResponse(-5, request)); // an echoed request is not its response
    }
}
