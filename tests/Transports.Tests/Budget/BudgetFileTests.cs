using Transports.Budget;
using Transports.Tests.Grpc;
using Xunit;

namespace Transports.Tests.Budget;

/// <summary>Reading budget.json: every mistake is a one-line error naming the file, never a silently looser budget.</summary>
public sealed class BudgetFileTests
{
    private const string Valid = """
        { "benchmarks": [
          { "benchmark": "A.B", "unit": "ns/message", "ceiling": 40, "allocatedBytes": 0, "reference": 25000, "referenceWhat": "a 25 µs RTT" },
          { "benchmark": "A.C", "unit": "us/MiB", "ceiling": 150, "allocatedBytes": 0, "reference": 559, "referenceWhat": "1 MiB at 15 Gbit/s", "$comment": "why" }
        ] }
        """;

    [Fact]
    public void A_valid_file_gives_its_entries_in_order()
    {
        var entries = BudgetFile.Parse(Valid, "t.json");
        Assert.Equal(["A.B", "A.C"], entries.Select(e => e.Benchmark));
        Assert.Equal(new BudgetEntry("A.C", BudgetUnit.MicrosecondsPerMebibyte, 150, 0, 559, "1 MiB at 15 Gbit/s"), entries[1]);
        Assert.Equal(40.0 / 25_000, entries[0].CeilingShare, 12);
    }

    [Fact]
    public void The_shipped_budget_is_valid_and_allows_no_allocation_per_message_nor_one_per_receive()
    {
        var path = Path.Combine(NodePeer.RepositoryRoot(), "benchmarks", "Transports.Benchmarks", "budget.json");
        var entries = BudgetFile.Load(path);
        Assert.True(entries.Count >= 14);
        Assert.All(entries.Where(e => e.Unit == BudgetUnit.NanosecondsPerMessage), e => Assert.Equal(0, e.AllocatedBytes));
        // Per MiB: below one 24-byte object per 64 KiB receive (16 per MiB), the process-wide counter's noise allowed.
        Assert.All(entries.Where(e => e.Unit == BudgetUnit.MicrosecondsPerMebibyte), e => Assert.InRange(e.AllocatedBytes, 0, 16 * 24 - 1));
    }

    [Fact]
    public void A_missing_file_is_a_one_line_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-budget-{Guid.NewGuid():N}.json");
        var e = Assert.Throws<BudgetFileException>(() => BudgetFile.Load(path));
        Assert.Equal($"budget file {path}: cannot read it (not found)", e.Message);
    }

    [Theory]
    [InlineData("{ \"benchmarks\": [ ", "invalid JSON")]
    [InlineData("[]", "invalid JSON")]
    [InlineData("{ }", "no \"benchmarks\" array")]
    [InlineData("{ \"benchmarks\": [] }", "no \"benchmarks\" array")]
    [InlineData("{ \"benchmarks\": [ null ] }", "benchmarks[0] is null")]
    [InlineData("{ \"benchmarks\": [ { \"unit\": \"ns/message\", \"ceiling\": 1, \"allocatedBytes\": 0, \"reference\": 2, \"referenceWhat\": \"r\" } ] }", "\"benchmark\" (Class.Method) is missing")]
    [InlineData("{ \"benchmarks\": [ { \"benchmark\": \"A.B\", \"unit\": \"ms/message\", \"ceiling\": 1, \"allocatedBytes\": 0, \"reference\": 2, \"referenceWhat\": \"r\" } ] }", "\"unit\" must be \"ns/message\" or \"us/MiB\", not \"ms/message\"")]
    [InlineData("{ \"benchmarks\": [ { \"benchmark\": \"A.B\", \"unit\": \"ns/message\", \"ceiling\": 0, \"allocatedBytes\": 0, \"reference\": 2, \"referenceWhat\": \"r\" } ] }", "\"ceiling\" must be a positive number")]
    [InlineData("{ \"benchmarks\": [ { \"benchmark\": \"A.B\", \"unit\": \"ns/message\", \"allocatedBytes\": 0, \"reference\": 2, \"referenceWhat\": \"r\" } ] }", "\"ceiling\" must be a positive number")]
    [InlineData("{ \"benchmarks\": [ { \"benchmark\": \"A.B\", \"unit\": \"ns/message\", \"ceiling\": 1, \"allocatedBytes\": -1, \"reference\": 2, \"referenceWhat\": \"r\" } ] }", "\"allocatedBytes\" must be 0 or more")]
    [InlineData("{ \"benchmarks\": [ { \"benchmark\": \"A.B\", \"unit\": \"ns/message\", \"ceiling\": 1, \"reference\": 2, \"referenceWhat\": \"r\" } ] }", "\"allocatedBytes\" must be 0 or more")]
    [InlineData("{ \"benchmarks\": [ { \"benchmark\": \"A.B\", \"unit\": \"ns/message\", \"ceiling\": 1, \"allocatedBytes\": 0, \"referenceWhat\": \"r\" } ] }", "\"reference\" must be a positive number")]
    [InlineData("{ \"benchmarks\": [ { \"benchmark\": \"A.B\", \"unit\": \"ns/message\", \"ceiling\": 1, \"allocatedBytes\": 0, \"reference\": 2 } ] }", "\"referenceWhat\" (what the reference is) is missing")]
    [InlineData("{ \"benchmarks\": [ { \"benchmark\": \"A.B\", \"unit\": \"ns/message\", \"ceiling\": 1, \"allocatedBytes\": 0, \"reference\": 2, \"referenceWhat\": \"r\", \"celing\": 5 } ] }", "invalid JSON")]
    [InlineData("{ \"benchmarks\": [ { \"benchmark\": \"A.B\", \"unit\": \"ns/message\", \"ceiling\": \"fast\", \"allocatedBytes\": 0, \"reference\": 2, \"referenceWhat\": \"r\" } ] }", "invalid JSON")]
    public void An_invalid_file_is_a_one_line_error_naming_the_problem(string json, string expected)
    {
        var e = Assert.Throws<BudgetFileException>(() => BudgetFile.Parse(json, "t.json"));
        Assert.StartsWith("budget file t.json", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_benchmark_listed_twice_is_an_error()
    {
        var json = Valid.Replace("\"A.C\"", "\"A.B\"");
        var e = Assert.Throws<BudgetFileException>(() => BudgetFile.Parse(json, "t.json"));
        Assert.Equal("budget file t.json: benchmarks[1] (A.B): listed twice", e.Message);
    }
}
