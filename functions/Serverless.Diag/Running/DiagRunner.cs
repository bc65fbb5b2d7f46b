#pragma warning disable CS9113 // stub until implemented (lead, next commits)
using Microsoft.Extensions.Logging;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Running;

/// <summary>Runs a plan: checks concurrently (bounded), each with its timeout, retries and dependencies.</summary>
public sealed class DiagRunner(TimeProvider timeProvider, ILoggerFactory loggerFactory, RunnerOptions? options = null)
{
    public Task<RunReport> RunAsync(RunPlan plan, IProgress<CheckReport>? progress, CancellationToken cancellationToken) => throw new NotImplementedException();
}

public sealed record RunnerOptions
{
    public int MaxConcurrency { get; init; } = 16;

    public string Version { get; init; } = typeof(RunnerOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
