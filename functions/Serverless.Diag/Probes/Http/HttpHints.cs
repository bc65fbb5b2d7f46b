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

    public const string RateLimited = "Rate limited (429): the check or other clients exceed the service's limit; lower the frequency or raise the limit.";

    public static ProbeResult ForError(ProbeResult result, ErrorCause cause)
    {
        var hint = cause.Name switch
        {
            "refused" => "Nothing accepts connections there: is the service running (docker-compose ps, the Function App state) and listening on that port?",
            "dns" => "The host name does not resolve: check the URL in the config and the DNS records (nslookup/dig).",
            "tls" => "Fix the certificate (renew it, serve the full chain, match the host name) or, for a test environment only, set insecure_skip_verify: true.",
            "reset" => "The connection was cut mid-response: look for crashes or restarts of the service (OOM kills, worker timeouts) and proxies closing idle connections.",
            "timeout" => Timeout,
            _ => null,
        };
        return hint is null ? result : result.WithHint(hint);
    }

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
