using Transports.Results;
using Transports.Views;
using Transports.Views.Charts;
using Transports.Views.Tables;
using Xunit;

namespace Transports.Tests.Report;

/// <summary>
/// The hol chart and table column, computed from a results document whose repeats carry per-flow results: one chart,
/// placed after the percentile plot, one p50 and one p99 mark per flow with its numbers in the hover text, the mapping
/// under each transport; and no such chart or column for a run without flows.
/// </summary>
public sealed class FlowDelayChartTests
{
    [Fact]
    public void A_multi_flow_run_gets_the_flow_delay_chart_with_every_flow_and_its_mapping()
    {
        var doc = WithFlows(ReportFixtures.Datagrams());
        var specs = ChartSpecs.ForRun(doc);
        Assert.Equal(["goodput", "goodput-timeline", "cpu-per-gib", "latency-percentiles", "flow-delays", "loss", "jitter"], specs.Select(s => s.Name));
        var spec = specs.Single(s => s.Name == "flow-delays");
        Assert.Equal("One-way delay (ms, log scale)", spec.YAxisTitle);
        Assert.Contains(spec.Subtitle, s => s.Contains("more than 10 ms above"));

        var chart = DrawnChart.Of(spec);
        Assert.Contains("one ordered stream", chart.Texts);
        var tcp = chart.Hovers.Where(h => h.StartsWith("tcp, flow ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3 * 2, tcp.Length); // 3 flows, p50 and p99
        Assert.Contains(tcp, h => h.StartsWith("tcp, flow 2: p99 200 ms; 100 of 100 delivered, 19 delayed; max 201 ms", StringComparison.Ordinal));
    }

    [Fact]
    public void The_table_names_the_mapping_only_for_multi_flow_runs()
    {
        var table = SummaryTable.Of(WithFlows(ReportFixtures.Datagrams()));
        var column = table.Columns.Single(c => c.Header == "flow mapping");
        Assert.Equal("one ordered stream", column.Cell(table.Rows[0]));
        Assert.DoesNotContain(SummaryTable.Of(ReportFixtures.Datagrams()).Columns, c => c.Header == "flow mapping");
        Assert.DoesNotContain(ChartSpecs.ForRun(ReportFixtures.Datagrams()), s => s.Name == "flow-delays");
    }

    private static ResultsDocument WithFlows(ResultsDocument doc) => doc with
    {
        Transports = doc.Transports.Select(t => t with
        {
            Repeats = t.Repeats.Select(m => m with
            {
                Flows = new FlowSet
                {
                    Mapping = "one_ordered_stream", ExcessThresholdMs = 10, CrossFlowWindowMs = 1, BaseDelayMs = 0.05,
                    Delivered = 300, Delayed = 19,
                    Flows = [new(0, 100, 100, 0, 0, 0, 0.06, 0.2, 0.3, 0), new(1, 100, 100, 0, 0, 0, 0.07, 0.25, 0.4, 0),
                             new(2, 100, 100, 0, 0, 0, 0.08, 200, 201, 19)],
                },
            }).ToArray(),
        }).ToArray(),
    };
}
