namespace Serverless.Diag.Probes.Kit;

/// <summary>
/// The next steps for a network fault, the same for every probe that opens a connection. A timeout means something
/// different to each (an HTTP endpoint waiting on its database, a firewall dropping a TCP connect, a TLS handshake
/// that never ends), so each probe names its own.
/// </summary>
public static class FailureHints
{
    public const string Refused =
        "Nothing accepts connections there: is the service running (docker-compose ps, the Function App state) and listening on that port?";

    public const string Dns = "The host name does not resolve: check the URL in the config and the DNS records (nslookup/dig).";

    public const string Tls =
        "Fix the certificate (renew it, serve the full chain, match the host name) or, for a test environment only, set insecure_skip_verify: true.";

    public const string Reset =
        "The connection was cut mid-response: look for crashes or restarts of the service (OOM kills, worker timeouts) and proxies closing idle connections.";

    /// <summary>The hint for <paramref name="cause"/>, <paramref name="timeoutHint"/> for a timeout; null when there is none.</summary>
    public static string? For(ErrorCause cause, string timeoutHint) => cause.Name switch
    {
        "refused" => Refused,
        "dns" => Dns,
        "tls" => Tls,
        "reset" => Reset,
        "timeout" => timeoutHint,
        _ => null,
    };

    public static ProbeResult AddFor(ProbeResult result, ErrorCause cause, string timeoutHint) =>
        For(cause, timeoutHint) is { } hint ? result.WithHint(hint) : result;
}
