namespace Transports.Paths.Emulation;

/// <summary>What an emulated link direction did with one packet.</summary>
public enum PacketFate
{
    /// <summary>Delivered at its departure time.</summary>
    Delivered,

    /// <summary>Lost at random (<see cref="LinkDirectionSpec.LossProbability"/>).</summary>
    RandomLoss,

    /// <summary>Lost in a Gilbert–Elliott burst (<see cref="LinkDirectionSpec.BurstLoss"/>).</summary>
    BurstLoss,

    /// <summary>Dropped at the tail of a full queue.</summary>
    QueueDrop,
}
