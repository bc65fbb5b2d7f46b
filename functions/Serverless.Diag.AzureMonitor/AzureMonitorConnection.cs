using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace Serverless.Diag.AzureMonitor;

/// <summary>
/// One Azure.Core pipeline per token scope, as the Azure SDK clients build theirs: retry policy, then
/// the bearer-token policy (per retry, so a retried request gets a fresh token), then the transport.
/// Shared by both check types so a run asks the credential once per scope.
/// </summary>
internal sealed class AzureMonitorConnection(AzureMonitorOptions options)
{
    private readonly Lazy<TokenCredential> _credential = new(() => options.Credential ?? new DefaultAzureCredential());
    private readonly ConcurrentDictionary<string, HttpPipeline> _pipelines = new(StringComparer.Ordinal);

    public AzureMonitorOptions Options => options;

    public HttpPipeline PipelineFor(string scope) => _pipelines.GetOrAdd(scope, Build);

    /// <summary>The scope for an audience, as the SDK forms it: <c>https://api.loganalytics.io/.default</c>.</summary>
    public static string ScopeOf(Uri audience) => audience.GetLeftPart(UriPartial.Authority) + "/.default";

    private HttpPipeline Build(string scope)
    {
        var clientOptions = new AzureMonitorClientOptions();
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Diagnostics.ApplicationId = "serverless-diag";
        if (options.Transport is not null)
        {
            clientOptions.Transport = options.Transport;
        }

        return HttpPipelineBuilder.Build(
            clientOptions,
            perCallPolicies: [],
            perRetryPolicies: [new BearerTokenAuthenticationPolicy(_credential.Value, scope)],
            new ResponseClassifier());
    }

    private sealed class AzureMonitorClientOptions : ClientOptions;
}
