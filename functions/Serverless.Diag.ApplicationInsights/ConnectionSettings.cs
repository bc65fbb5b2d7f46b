namespace Serverless.Diag.ApplicationInsights;

/// <summary>
/// The parts of <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> (and <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>)
/// the exporter needs: <c>InstrumentationKey=...;IngestionEndpoint=https://...;...</c>, keys case-insensitive,
/// the global endpoint when none is given.
/// </summary>
public sealed record ConnectionSettings(string InstrumentationKey, Uri IngestionEndpoint, EntraAuthentication? Entra)
{
    public const string ConnectionStringVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringVariable = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Where the classic SDKs send when the connection string names no endpoint.</summary>
    public static Uri DefaultIngestionEndpoint { get; } = new("https://dc.services.visualstudio.com/");

    /// <summary>The Breeze track API under the ingestion endpoint.</summary>
    public Uri TrackUri => new(IngestionEndpoint, "v2.1/track");

    /// <returns>Null with <paramref name="problem"/> set when the string is unusable (the problem never quotes the string).</returns>
    public static ConnectionSettings? Parse(string connectionString, string? authenticationString, out string? problem)
    {
        var parts = Split(connectionString);
        problem = null;
        if (!parts.TryGetValue("InstrumentationKey", out var key) || string.IsNullOrWhiteSpace(key))
        {
            problem = $"{ConnectionStringVariable} has no InstrumentationKey";
            return null;
        }

        var endpoint = DefaultIngestionEndpoint;
        if (parts.TryGetValue("IngestionEndpoint", out var text))
        {
            if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http"))
            {
                problem = $"{ConnectionStringVariable} has an IngestionEndpoint that is not an http(s) URL";
                return null;
            }

            endpoint = parsed;
        }

        EntraAuthentication? entra = null;
        if (!string.IsNullOrWhiteSpace(authenticationString))
        {
            var auth = Split(authenticationString);
            if (!auth.TryGetValue("Authorization", out var kind) || !kind.Equals("AAD", StringComparison.OrdinalIgnoreCase))
            {
                problem = $"{AuthenticationStringVariable} must say Authorization=AAD (optionally ClientId=<user-assigned identity>)";
                return null;
            }

            entra = new EntraAuthentication(auth.GetValueOrDefault("ClientId") is { Length: > 0 } clientId ? clientId : null);
            if (endpoint.Scheme != Uri.UriSchemeHttps && !endpoint.IsLoopback)
            {
                // A bearer token over plain HTTP could be read on the way.
                problem = $"{ConnectionStringVariable} has a plain-http IngestionEndpoint; Entra authentication needs https";
                return null;
            }
        }

        return new ConnectionSettings(key.Trim(), endpoint, entra);
    }

    private static Dictionary<string, string> Split(string text)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                parts[part[..equals].Trim()] = part[(equals + 1)..].Trim();
            }
        }

        return parts;
    }
}

/// <summary>Entra ID (managed identity) authentication for ingestion; <paramref name="ClientId"/> names a user-assigned identity.</summary>
public sealed record EntraAuthentication(string? ClientId)
{
    /// <summary>The audience Application Insights ingestion accepts tokens for.</summary>
    public const string Scope = "https://monitor.azure.com//.default";
}
