using Transports.Abstractions;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.BigFile;

/// <summary>One bigfile transfer, ready to go: the connected pair, who sends, the input (and its open reader), the sink and the running measured interval.</summary>
internal sealed record Transfer(ConnectedPair Pair, ITransportConnection Sender, ITransportConnection Receiver, BigFileInput Input, InputReader Source,
    BigFileSettings Settings, ReceiveSink Sink, MeasuredInterval Interval, ScenarioContext Context);
