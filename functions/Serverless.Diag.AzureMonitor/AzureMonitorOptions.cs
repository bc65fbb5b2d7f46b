using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Diag.AzureMonitor;

/// <summary>What a host (or a test) may override in the Azure Monitor checks.</summary>
public sealed record AzureMonitorOptions
{
    /// <summary>Null: <c>DefaultAzureCredential</c> (managed identity in Functions, az login locally), created on first use.</summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>Null: Azure.Core's default HttpClient transport.</summary>
    public HttpPipelineTransport? Transport { get; init; }

    /// <summary>Retries of Azure.Core's retry policy (408, 429, 500, 502, 503, 504 and transport faults).</summary>
    public int MaxRetries { get; init; } = 3;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(0.8);
}
