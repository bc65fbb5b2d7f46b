using System.Collections.Concurrent;

namespace Serverless.Diag.Functions.Logging;

/// <summary>
/// The log lines of one invocation, returned to the host in <c>Logs</c> so they land in the function's own
/// log stream (Application Insights) next to the invocation. Flows with the async context.
/// </summary>
public sealed class InvocationLog
{
    private static readonly AsyncLocal<InvocationLog?> CurrentLog = new();
    private readonly ConcurrentQueue<string> _lines = new();

    public static InvocationLog? Current => CurrentLog.Value;

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Collects the log lines written in this async context until disposed.</summary>
    public static IDisposable Begin(out InvocationLog log)
    {
        var previous = CurrentLog.Value;
        log = new InvocationLog();
        CurrentLog.Value = log;
        return new Restore(previous);
    }

    public void Add(string line) => _lines.Enqueue(line);

    private sealed class Restore(InvocationLog? previous) : IDisposable
    {
        public void Dispose() => CurrentLog.Value = previous;
    }
}
