using System.Text.RegularExpressions;

namespace Serverless.Diag.Secrets;

/// <summary>
/// Finds the credential inside a larger value: the password of <c>scheme://user:password@host</c>,
/// <c>Password=...</c> of an ADO.NET/Npgsql connection string, <c>password=...</c> of a StackExchange.Redis
/// configuration string, the token of an Authorization header.
/// </summary>
public static partial class CredentialParts
{
    public static IEnumerable<string> Extract(string value) =>
        // Most config values hold no credential: IsMatch allocates nothing, Matches and the iterator do. The
        // character each pattern cannot match without ('@', '=') rules most values out before any regex runs.
        (value.Contains('@') && UrlUserInfo().IsMatch(value)) || (value.Contains('=') && KeyValuePassword().IsMatch(value)) || AuthorizationValue().IsMatch(value)
            ? ExtractFrom(value)
            : [];

    private static IEnumerable<string> ExtractFrom(string value)
    {
        foreach (Match match in UrlUserInfo().Matches(value))
        {
            yield return Uri.UnescapeDataString(match.Groups["password"].Value);
            yield return match.Groups["password"].Value;
        }

        foreach (Match match in KeyValuePassword().Matches(value))
        {
            yield return match.Groups["password"].Value.Trim().Trim('"', '\'');
        }

        var authorization = AuthorizationValue().Match(value);
        if (authorization.Success)
        {
            yield return authorization.Groups["token"].Value;
        }
    }

    [GeneratedRegex(@"[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:(?<password>[^@/\s]+)@")]
    private static partial Regex UrlUserInfo();

    [GeneratedRegex(@"(?i)(?:^|[;,\s])(?:password|pwd|pass|secret|token|access[_ ]?key)\s*=\s*(?<password>[^;,]+)")]
    private static partial Regex KeyValuePassword();

    [GeneratedRegex(@"^(?i:bearer|basic|token)\s+(?<token>\S+)$")]
    private static partial Regex AuthorizationValue();
}
