using System.Text.RegularExpressions;

namespace Serverless.Diag.GitHub.Incidents;

/// <summary>
/// The incident fingerprint (<see cref="Serverless.Diag.Incidents.IncidentFingerprint"/>) written as a hidden marker on
/// the first line of the issue body, so any later run (another process, another host) finds the issue again.
/// </summary>
internal static partial class Fingerprint
{
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
