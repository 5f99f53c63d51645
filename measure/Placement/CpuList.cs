namespace Transports.Measure.Placement;

/// <summary>
/// A set of logical CPU numbers in the Linux "cpu list" format that taskset(1), cpuset(7) and
/// <c>/proc/self/status</c> (<c>Cpus_allowed_list</c>) use: comma-separated numbers and inclusive ranges, e.g.
/// <c>0</c>, <c>0-1</c>, <c>0,2-3</c>.
/// </summary>
public sealed class CpuList : IEquatable<CpuList>
{
    private readonly int[] _cpus;

    private CpuList(int[] cpus) => _cpus = cpus;

    /// <summary>The CPU numbers, ascending, without duplicates.</summary>
    public IReadOnlyList<int> Cpus => _cpus;

    /// <summary>Parses a cpu list.</summary>
    /// <param name="text">e.g. "0", "0-1", "0,2-3"; whitespace around items is ignored.</param>
    /// <param name="cpuCount">CPUs of this machine: every number must be below it.</param>
    /// <exception cref="FormatException">Not a cpu list, an empty list, a reversed range, or a CPU this machine does not have
    /// (the message is one line naming the bad item).</exception>
    public static CpuList Parse(string text, int cpuCount)
    {
        var set = new SortedSet<int>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0) throw new FormatException($"'{text}' is not a CPU list (e.g. 0, 0-1, 0,2-3)");
            var dash = raw.IndexOf('-');
            int first = Number(dash < 0 ? raw : raw[..dash], text);
            int last = dash < 0 ? first : Number(raw[(dash + 1)..], text);
            if (last < first) throw new FormatException($"'{raw}' is a reversed CPU range");
            if (last >= cpuCount) throw new FormatException($"CPU {last} does not exist here (CPUs 0-{cpuCount - 1})");
            for (int cpu = first; cpu <= last; cpu++) set.Add(cpu);
        }
        return new CpuList([.. set]);
    }

    private static int Number(string item, string text)
        => int.TryParse(item, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n)
            ? n
            : throw new FormatException($"'{text}' is not a CPU list (e.g. 0, 0-1, 0,2-3)");

    /// <summary>The canonical text: ranges collapsed, ascending ("0,2-3").</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        for (int i = 0; i < _cpus.Length;)
        {
            int j = i;
            while (j + 1 < _cpus.Length && _cpus[j + 1] == _cpus[j] + 1) j++;
            parts.Add(i == j ? $"{_cpus[i]}" : $"{_cpus[i]}-{_cpus[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    /// <inheritdoc />
    public bool Equals(CpuList? other) => other is not null && _cpus.AsSpan().SequenceEqual(other._cpus);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CpuList);

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
