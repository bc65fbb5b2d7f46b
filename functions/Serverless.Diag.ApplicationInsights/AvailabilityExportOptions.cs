using Azure.Core;

namespace Serverless.Diag.ApplicationInsights;

/// <summary>How availability results leave the process.</summary>
public sealed record AvailabilityExportOptions
{
    /// <summary>
    /// The most a run waits for ingestion (token, requests, one retry) before it gives up on its results:
    /// an outage of Application Insights must never hold a diagnosis (a Functions invocation, a CI gate) for long.
    /// </summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Items per request; the track API takes large batches, this keeps one request under a few hundred KB.</summary>
    public int MaxBatchSize { get; init; } = 500;

    /// <summary>Where the runs happen, shown as the availability result's location; see <see cref="RunLocation.FromEnvironment"/>.</summary>
    public string? RunLocation { get; init; }

    /// <summary>Tests: a handler in front of the ingestion endpoint.</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>Tests: a credential instead of the managed identity the authentication string names.</summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>
    /// The clock of <see cref="FlushTimeout"/>. The system clock unless a test says otherwise: the bound is on
    /// real network time, and a test's frozen clock must not turn a slow endpoint into a hang.
    /// </summary>
    public TimeProvider? FlushClock { get; init; }
}
