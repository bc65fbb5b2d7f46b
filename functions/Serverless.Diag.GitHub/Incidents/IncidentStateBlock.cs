using System.Text.Json;
using System.Text.RegularExpressions;
using Serverless.Diag.Incidents;
using Serverless.Diag.State;

namespace Serverless.Diag.GitHub.Incidents;

/// <summary>
/// The incident state as a hidden JSON comment at the end of the issue body, in the JSON a state store keeps
/// (<see cref="IncidentStatesJson"/>): one reader of incident states, whichever place holds them.
/// </summary>
internal static partial class IncidentStateBlock
{
    private const string Prefix = "<!-- serverless-diag:state ";

    /// <summary>The default encoder escapes &lt; and &gt;, so the JSON can never close the comment early.</summary>
    public static string Write(IncidentState state) =>
        Prefix + JsonSerializer.Serialize(state, IncidentStatesJson.Default.IncidentState) + " -->";

    /// <summary>The last state block in the body wins: ours is always written last.</summary>
    public static IncidentState? Read(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }

        var matches = StatePattern().Matches(body);
        if (matches.Count == 0)
        {
            return null;
        }

        return IncidentStatesJson.TryRead(matches[^1].Groups["json"].Value);
    }

    [GeneratedRegex(@"<!-- serverless-diag:state (?<json>\{.*?\}) -->", RegexOptions.Singleline)]
    private static partial Regex StatePattern();
}
