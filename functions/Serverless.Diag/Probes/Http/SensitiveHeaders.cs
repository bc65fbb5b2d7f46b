namespace Serverless.Diag.Probes.Http;

/// <summary>Headers whose values are credentials: never shown, in a request or a response.</summary>
internal static class SensitiveHeaders
{
    private static readonly string[] Exact = ["Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"];
    private static readonly string[] Fragments = ["token", "secret", "api-key", "apikey", "password", "signature", "session"];

    public static bool IsSensitive(string name) =>
        Exact.Contains(name, StringComparer.OrdinalIgnoreCase) || Fragments.Any(f => name.Contains(f, StringComparison.OrdinalIgnoreCase));
}
