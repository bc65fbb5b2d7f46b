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

    // Every repetition that something must follow is bounded (a scheme of 32 characters, a user name of 256, a URL
    // password of 4,096, 16 blanks around '='), so each attempt costs a constant and a value of megabytes is scanned in
    // linear time whatever it holds: an unbounded scheme loop re-scans a long run of letters from every position.
    [GeneratedRegex(@"[a-zA-Z][a-zA-Z0-9+.-]{0,31}://[^:/@\s]{0,256}:(?<password>[^@/\s]{1,4096})@")]
    private static partial Regex UrlUserInfo();

    [GeneratedRegex(@"(?i)(?:^|[;,\s])(?:password|pwd|pass|secret|token|access[_ ]?key)\s{0,16}=\s{0,16}(?<password>[^;,]+)")]
    private static partial Regex KeyValuePassword();

    [GeneratedRegex(@"^(?i:bearer|basic|token)\s+(?<token>\S+)$")]
    private static partial Regex AuthorizationValue();
}
