using System.Reflection;
using System.Text.RegularExpressions;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Tests.Report;
using Transports.Views.Tables;
using Xunit;

namespace Transports.Tests.Metrics;

/// <summary>The metric catalog is the one declaration of every number: well-formed ids, units, directions, and the views read nothing else.</summary>
public sealed class MetricCatalogTests
{
    /// <summary>The unit suffixes an id may end with (the unit of the stored value).</summary>
    private static readonly string[] UnitSuffixes =
        ["_bits_per_s", "_mib_per_s", "_per_s", "_ms", "_bytes", "_percent", "_count", "_packets", "_flag",
         "_seconds_per_gib", "_bytes_per_mib", "_us_per_message", "_bytes_per_message", "_ns", "_bytes_per_operation", "_ratio", "_index"];

    [Fact]
    public void Every_id_is_unique_snake_case_with_a_unit_suffix()
    {
        var ids = MetricCatalog.All.Select(m => m.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id =>
        {
            Assert.Matches(new Regex("^[a-z][a-z0-9]*(_[a-z0-9]+)+$"), id);
            Assert.True(UnitSuffixes.Any(id.EndsWith), $"{id} does not end with a unit suffix");
        });
    }

    [Fact]
    public void Every_metric_has_a_direction_units_a_name_and_a_description_and_gated_ones_a_better_side()
    {
        Assert.All(MetricCatalog.All, m =>
        {
            Assert.True(Enum.IsDefined(m.Better), m.Id);
            Assert.True(Enum.IsDefined(m.Aggregation), m.Id);
            Assert.NotEmpty(m.Unit);
            Assert.True(m.DisplayUnit.Length > 0 || m.Unit == "1", $"{m.Id}: a display unit is needed unless it is a plain count");
            Assert.True(m.DisplayScale > 0 && double.IsFinite(m.DisplayScale), m.Id);
            Assert.NotEmpty(m.Header);
            Assert.NotEmpty(m.Name);
            Assert.NotEmpty(m.Description);
            Assert.NotEqual((ScenarioKind)0, m.Scenarios);
            if (m.Gateable) Assert.NotEqual(BetterDirection.None, m.Better);
            _ = NumberFormatCheck(m);
        });
    }

    private static string NumberFormatCheck(MetricDefinition m) => Transports.Views.NumberFormat.Metric(m, 1.5); // a bad .NET format string throws

    [Fact]
    public void Every_v1_scenario_statistic_maps_to_one_metric()
    {
        var keys = MetricCatalog.All.SelectMany(m => m.V1StatisticKeys).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(keys, k => Assert.StartsWith("scenario_", k));
        Assert.Equal(12, keys.Count); // every scenario_* key results v1 had (MessageRun, PingPongRun, DatagramRun)
    }

    /// <summary>
    /// Numbers of the shared sections that no table shows as a metric: counts behind a rate or ratio that is a
    /// metric (sent, lost, messages sent), the histogram's other percentiles (charted as a distribution). The target
    /// rate is read by offered_load_carried_percent. The process's raw CPU and allocation totals are read per message.
    /// </summary>
    private static readonly string[] NotMetrics =
    [
        "Throughput.BytesSent", "Throughput.MessagesSent",
        "Delivery.Sent", "Delivery.Received", "Delivery.Lost",
        "Latency.Count", "Latency.MeanMs", "Latency.P90Ms", "Latency.P9999Ms",
    ];

    [Theory]
    [InlineData("rtt")]
    [InlineData("one_way_delay")]
    public void Every_number_of_the_shared_sections_is_read_by_a_catalog_metric_or_named_as_raw_data(string latencyKind)
    {
        // Change one number at a time and see which metric moves: each must move some metric, unless it is named raw data.
        var sections = new (string Name, Type Type)[] { ("Throughput", typeof(Throughput)), ("Delivery", typeof(Delivery)), ("Latency", typeof(Latency)), ("Cost", typeof(Cost)) };
        var unread = new List<string>();
        foreach (var (name, type) in sections)
        {
            foreach (var p in type.GetProperties().Where(p => IsNumber(p.PropertyType)))
            {
                var before = Values(Sample(latencyKind, null));
                var after = Values(Sample(latencyKind, (type, p)));
                if (before.SequenceEqual(after)) unread.Add($"{name}.{p.Name}");
            }
        }
        // The smallest delay is a metric for one-way delay (the base delay) and raw data for RTT.
        Assert.Equal(NotMetrics.Order(), unread.Where(u => !(latencyKind == "rtt" && u == "Latency.MinMs")).Order());
    }

    [Fact]
    public void The_tables_show_only_catalog_metrics_and_csv_every_one()
    {
        foreach (var doc in new[] { ReportFixtures.Bigfile(), ReportFixtures.Datagrams() })
        {
            var table = SummaryTable.Of(doc);
            var identity = new[] { "transport", "status", "repeats", "integrity" };
            Assert.All(table.Columns, c => Assert.True(c.Metric is not null ? MetricCatalog.All.Contains(c.Metric) : identity.Contains(c.Header), c.Header));
            var csv = SummaryTable.Of(doc, everyMetric: true);
            Assert.Equal(MetricCatalog.All, csv.Metrics);
        }
    }

    private static bool IsNumber(Type t) => (Nullable.GetUnderlyingType(t) ?? t) is var u && (u == typeof(double) || u == typeof(long) || u == typeof(int));

    private static double?[] Values(Measurement m) => MetricCatalog.All.Select(d => d.ValueIn(m)).ToArray();

    private static Measurement Sample(string latencyKind, (Type Type, PropertyInfo Property)? bump)
    {
        T Bump<T>(T section)
        {
            if (bump is not { } b || b.Type != typeof(T)) return section;
            var copy = (T)typeof(T).GetMethod("<Clone>$")!.Invoke(section, null)!;
            var current = b.Property.GetValue(copy);
            object next = Type.GetTypeCode(Nullable.GetUnderlyingType(b.Property.PropertyType) ?? b.Property.PropertyType) switch
            {
                TypeCode.Double => (object)(Convert.ToDouble(current) + 0.5),
                TypeCode.Int64 => (object)(Convert.ToInt64(current) + 1),
                _ => (object)(Convert.ToInt32(current) + 1),
            };
            b.Property.SetValue(copy, next);
            return copy;
        }
        return new Measurement
        {
            Throughput = Bump(new Throughput { BytesSent = 1000, BytesDelivered = 900, GoodputBitsPerSecond = 1e9, GoodputMiBPerSecond = 100, TimeToFirstByteMs = 1, TransferDurationMs = 10, TotalDurationMs = 12, MessagesSent = 10, MessagesDelivered = 9, MessagesPerSecond = 900, TargetRateBitsPerSecond = 2e9 }),
            Delivery = Bump(new Delivery { Sent = 10, Received = 9, Lost = 1, LossPercent = 10, Duplicates = 1, Reordered = 2, ReorderedPercent = 22, MaxReorderExtent = 3, JitterMs = 0.01 }),
            Latency = Bump(new Latency { Kind = latencyKind, Count = 9, MinMs = 0.01, MeanMs = 0.02, P50Ms = 0.02, P90Ms = 0.03, P99Ms = 0.04, P999Ms = 0.05, P9999Ms = 0.06, MaxMs = 0.07 }),
            Cost = Bump(new Cost { CpuSeconds = 1, CpuSecondsPerGiB = 2, PeakWorkingSetBytes = 1 << 26, GcAllocatedBytes = 1000, GcAllocatedBytesPerMiB = 100 }),
        };
    }
}
