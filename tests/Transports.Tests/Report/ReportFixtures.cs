using Transports.Results;

namespace Transports.Tests.Report;

/// <summary>The hand-made results.json fixtures under Report/Fixtures and temp folders for rendering them.</summary>
internal static class ReportFixtures
{
    /// <summary>datagrams scenario: tcp, udp, ws with 3 repeats each (timelines, one-way delay distributions, delivery), quic skipped.</summary>
    public static ResultsDocument Datagrams() => Load("datagrams-results.json");

    /// <summary>bigfile scenario: tcp and ws with 3 repeats (timelines, cost; no latency or delivery), udp skipped.</summary>
    public static ResultsDocument Bigfile() => Load("bigfile-results.json");

    public static ResultsDocument Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Report", "Fixtures", name);
        return ResultsJson.Load(path); // the fixtures are v1 documents: read by upgrading, as harness report does
    }

    /// <summary>A new empty folder under the system temp folder.</summary>
    public static string NewTempDirectory()
        => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"transports-report-{Guid.NewGuid():N}")).FullName;

    /// <summary>The repository root (the folder holding Transports.sln), found upward from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Transports.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Transports.sln not found above " + AppContext.BaseDirectory);
    }
}
