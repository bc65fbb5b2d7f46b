using Microsoft.Extensions.Logging;

namespace Serverless.Diag.TestKit.FunctionsHost;

/// <summary>One RpcLog the worker sent, as the host would record it (and hand to Application Insights).</summary>
/// <param name="InvocationId">Set for logs written during an invocation.</param>
/// <param name="IsSystem">The worker's own (System) logs, as opposed to the app's (User).</param>
public sealed record HostLog(string? InvocationId, string Category, LogLevel Level, string Message, string? Exception, bool IsSystem)
{
    public override string ToString() => $"[{Level}] {Category}: {Message}{(Exception is null ? string.Empty : " | " + Exception)}";
}

/// <summary>What the worker answered to an InvocationRequest.</summary>
/// <param name="Succeeded">StatusResult.Success; otherwise Failure (or Cancelled) with <paramref name="FailureMessage"/>.</param>
/// <param name="Logs">The RpcLogs carrying this invocation's id, in the order received.</param>
public sealed record InvocationOutcome(string InvocationId, bool Succeeded, string? FailureMessage, string? FailureType, IReadOnlyList<HostLog> Logs)
{
    /// <summary>When the InvocationResponse arrived (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</summary>
    public long Answered { get; init; }
}

/// <summary>The timer binding's value as the host serialises TimerInfo (Newtonsoft, PascalCase).</summary>
public static class TimerPayloads
{
    public static string FirstRun(DateTime next) => Json(pastDue: false, last: DateTime.MinValue, next: next);

    public static string Regular(DateTime last, DateTime next) => Json(pastDue: false, last: last, next: next);

    public static string PastDue(DateTime last, DateTime next) => Json(pastDue: true, last: last, next: next);

    /// <summary>useMonitor: false (or a host without a schedule monitor): no ScheduleStatus at all.</summary>
    public static string WithoutScheduleStatus(bool pastDue = false) =>
        $$"""{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":{{(pastDue ? "true" : "false")}}}""";

    private static string Json(bool pastDue, DateTime last, DateTime next) =>
        $$"""{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"{{Format(last)}}","Next":"{{Format(next)}}","LastUpdated":"{{Format(last)}}"},"IsPastDue":{{(pastDue ? "true" : "false")}}}""";

    private static string Format(DateTime time) => time.ToString(time == DateTime.MinValue ? "yyyy-MM-ddTHH:mm:ss" : "yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
}
