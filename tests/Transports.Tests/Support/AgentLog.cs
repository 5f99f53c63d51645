namespace Transports.Tests.Support;

/// <summary>An agent's log lines, written from its sessions' threads and read by a test through a locked copy.</summary>
public sealed class AgentLog
{
    private readonly List<string> _lines = [];

    /// <summary>The writer to hand to the agent.</summary>
    public void Add(string line)
    {
        lock (_lines) _lines.Add(line);
    }

    /// <summary>A copy of the lines so far (the agent may keep writing while a test enumerates it).</summary>
    public List<string> Lines()
    {
        lock (_lines) return [.. _lines];
    }
}
