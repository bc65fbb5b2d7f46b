using Azure.Core;
using Azure.Core.Pipeline;
using Serverless.Diag.AzureMonitor;
using Serverless.Diag.TestKit.AzureMonitor;

namespace Serverless.Diag.IntegrationTests.Runbooks;

/// <summary>
/// Azure Monitor options that send the checks' requests — to api.loganalytics.io or management.azure.com,
/// unchanged in the example configs — to the local fake instead, with a fixed token and no retries.
/// </summary>
internal static class AzureMonitorRedirect
{
    public static AzureMonitorOptions To(AzureMonitorFake fake) => new()
    {
        Credential = new FixedToken(),
        Transport = new HttpClientTransport(new HttpClient(new Redirect(fake.Endpoint) { InnerHandler = fake.CreateTrustingHandler() })),
        MaxRetries = 0,
    };

    private sealed class Redirect(Uri target) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class FixedToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("simulated-azure-token", TimeProvider.System.GetUtcNow().AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
