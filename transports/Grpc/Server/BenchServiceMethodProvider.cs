using Grpc.AspNetCore.Server.Model;
using Transports.Grpc.Calls;

namespace Transports.Grpc.Server;

/// <summary>
/// Binds <see cref="BenchService"/>'s four methods to Grpc.AspNetCore with the transport's method descriptors
/// (<see cref="BenchMethods"/>, which carry the chosen Chunk marshaller), through Grpc.AspNetCore's public
/// <see cref="IServiceMethodProvider{TService}"/> extension point: what the generated <c>BindService</c> does, with
/// the marshaller as a parameter.
/// </summary>
internal sealed class BenchServiceMethodProvider(BenchMethods methods) : IServiceMethodProvider<BenchService>
{
    /// <inheritdoc />
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<BenchService> context)
    {
        context.AddUnaryMethod(methods.Echo, [], static (service, request, call) => service.Echo(request, call));
        context.AddClientStreamingMethod(methods.Upload, [], static (service, requests, call) => service.Upload(requests, call));
        context.AddServerStreamingMethod(methods.Download, [], static (service, request, responses, call) => service.Download(request, responses, call));
        context.AddDuplexStreamingMethod(methods.Exchange, [], static (service, requests, responses, call) => service.Exchange(requests, responses, call));
    }
}
