using System.Text.RegularExpressions;

namespace Serverless.Diag.GitHub.Incidents;

/// <summary>
/// <c>environment/check</c>: the identity of an incident, written as a hidden marker on the first line
/// of the issue body so any later run (another process, another host) finds the issue again.
/// </summary>
internal static partial class Fingerprint
{
    /// <summary>The check name used for an environment-level (alert storm) incident.</summary>
    public const string StormCheck = "*";

    public static string Of(string environment, string check) => $"{environment}/{check}";

    public static string Storm(string environment) => Of(environment, StormCheck);

    public static string Marker(string fingerprint) => $"<!-- serverless-diag:fingerprint {fingerprint} -->";

    /// <summary>Only the first line counts, so a marker quoted from a target further down can never match.</summary>
    public static string? Read(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }

        var match = MarkerPattern().Match(body);
        return match.Success ? match.Groups["fp"].Value : null;
    }

    [GeneratedRegex(@"\A\s*<!-- serverless-diag:fingerprint (?<fp>[^\s]+) -->")]
    private static partial Regex MarkerPattern();
}
