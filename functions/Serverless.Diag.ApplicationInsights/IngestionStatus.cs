using System.Net;

namespace Serverless.Diag.ApplicationInsights;

/// <summary>How the track API's status codes are read, as the Application Insights SDKs read them.</summary>
internal static class IngestionStatus
{
    /// <summary>Worth sending again: throttled (429, 439), timed out (408) or the service's own trouble (5xx gateways).</summary>
    public static bool IsTransient(int status) => status is 408 or 429 or 439 or 500 or 502 or 503 or 504;

    public static string Describe(HttpStatusCode status) => (int)status switch
    {
        401 or 403 => $"ingestion refused the credentials ({(int)status}); check APPLICATIONINSIGHTS_AUTHENTICATION_STRING and the identity's Monitoring Metrics Publisher role",
        _ => $"ingestion answered {(int)status} {status}",
    };
}
