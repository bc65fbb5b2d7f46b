namespace Serverless.Diag.Probes.Http;

/// <summary>The guides' next steps for what an http check saw.</summary>
internal static class HttpHints
{
    public const string Timeout =
        "No response in time: look for database connection pool exhaustion (pool_size/max_overflow, idle-in-transaction sessions) " +
        "and slow queries (pg_stat_statements, missing indexes) behind this endpoint; check the service's own timeouts and workers.";

    public const string ServerError =
        "The service answered with a server error: check its logs for the exception (grep ERROR logs/app.log), recent deployments, " +
        "and its dependencies (database, Redis, external APIs).";

    public const string Unavailable =
        "503/502/504: the service or its gateway is unavailable; check whether it is running and healthy, open circuit breakers " +
        "(/circuit-breakers/status) and its dependencies.";

    public const string Unauthorized =
        "Credentials were refused: check the token or password in the environment (expired, rotated, wrong scope).";

    public const string TokenSource =
        "No token for the request: check the auth settings against the identity provider (client id and secret rotated or " +
        "expired, scope or audience not granted to the client, token endpoint down), then decode a token by hand (guide 000, JWT).";

    public const string RateLimited = "Rate limited (429): the check or other clients exceed the service's limit; lower the frequency or raise the limit.";

    public static void ForStatus(ProbeResult result, int status)
    {
        switch (status)
        {
            case 502 or 503 or 504:
                result.Hints.Add(Unavailable);
                break;
            case >= 500:
                result.Hints.Add(ServerError);
                break;
            case 401 or 403:
                result.Hints.Add(Unauthorized);
                break;
            case 429:
                result.Hints.Add(RateLimited);
                break;
        }
    }
}
