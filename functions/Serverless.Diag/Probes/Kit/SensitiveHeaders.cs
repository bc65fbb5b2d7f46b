namespace Serverless.Diag.Probes.Kit;

/// <summary>
/// Headers and query parameters whose values are credentials: registered as secrets when a check sends them, never
/// shown in a response, and not sent on to another origin when a target redirects there.
/// </summary>
public static class SensitiveHeaders
{
    private static readonly string[] Exact = ["Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"];

    // "key" covers X-Api-Key, X-Functions-Key, Ocp-Apim-Subscription-Key; "auth" X-Auth-Token and friends.
    private static readonly string[] Fragments = ["auth", "cookie", "token", "secret", "key", "password", "passwd", "signature", "session", "credential"];

    // Query parameters are shorter: sig= (SAS), code= (Azure Functions keys), pwd=.
    private static readonly string[] QueryExact = ["sig", "code", "pwd", "pass", "jwt"];

    public static bool IsSensitive(string name) =>
        Exact.Contains(name, StringComparer.OrdinalIgnoreCase) || Fragments.Any(f => name.Contains(f, StringComparison.OrdinalIgnoreCase));

    public static bool IsSensitiveQuery(string name) => IsSensitive(name) || QueryExact.Contains(name, StringComparer.OrdinalIgnoreCase);
}
