using System.Globalization;
using Transports.Results;

namespace Transports.Views.Gate;

/// <summary>
/// Whether two runs were measured on comparable machines: the same CPU model, kernel release, .NET runtime version
/// and number of logical cores. Anything else (host name, memory, network settings) may differ. A gate refuses
/// differing environments unless told to compare them anyway, and then flags every output.
/// </summary>
public static class EnvironmentCheck
{
    /// <summary>The differences, one short phrase each (e.g. "CPU model: A vs B"); empty when comparable.</summary>
    /// <param name="baseline">The baseline's environment.</param>
    /// <param name="current">The current run's environment.</param>
    public static IReadOnlyList<string> Differences(EnvironmentInfo baseline, EnvironmentInfo current)
    {
        var list = new List<string>();
        void Check(string what, string a, string b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal)) list.Add($"{what}: {Shown(a)} vs {Shown(b)}");
        }
        Check("CPU model", baseline.CpuModel, current.CpuModel);
        Check("kernel", baseline.Kernel, current.Kernel);
        Check(".NET", baseline.DotnetVersion, current.DotnetVersion);
        Check("logical cores", baseline.LogicalCores.ToString(CultureInfo.InvariantCulture), current.LogicalCores.ToString(CultureInfo.InvariantCulture));
        return list;
    }

    private static string Shown(string value) => value.Length == 0 ? "(unknown)" : value;
}
