using Transports.Measure.Timing;
using Transports.Scenarios.BigFile;
using Xunit;

namespace Transports.Tests.BigFile;

/// <summary>bigfile's pacing schedule: 8n/rate between sends, catch-up bursts capped at 5 ms of data (docs/METHODOLOGY.md).</summary>
public sealed class ByteRateScheduleTests
{
    [Fact]
    public void A_sender_that_fell_behind_catches_up_with_at_most_5_ms_of_data()
    {
        var schedule = new ByteRateSchedule(8e6); // 1 MB/s: one byte per microsecond
        long ticksPerKilobyte = MonotonicClock.SecondsToTicks(0.001);
        long behind = MonotonicClock.NowTicks() + MonotonicClock.SecondsToTicks(1);
        long first = schedule.NextDue(behind, 1000);
        Assert.Equal(behind - MonotonicClock.SecondsToTicks(ByteRateSchedule.MaxCatchUpBurstMs / 1000), first);
        Assert.Equal(first + ticksPerKilobyte, schedule.NextDue(behind, 1000));
        Assert.Equal(first + 2 * ticksPerKilobyte, schedule.NextDue(behind, 500));
        Assert.Equal(first + 2 * ticksPerKilobyte + ticksPerKilobyte / 2, schedule.NextDue(behind, 1000));
    }

    [Fact]
    public void Rate_zero_is_unpaced()
    {
        Assert.False(new ByteRateSchedule(0).IsPaced);
        Assert.True(new ByteRateSchedule(1).IsPaced);
    }
}
