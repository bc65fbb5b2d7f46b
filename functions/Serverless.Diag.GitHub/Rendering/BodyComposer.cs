using Serverless.Diag.Incidents;
using Serverless.Diag.GitHub.Incidents;

namespace Serverless.Diag.GitHub.Rendering;

/// <summary>
/// Puts an issue body together: fingerprint marker first, content, status region, state block last; and keeps
/// it under GitHub's 65,536-character limit by shrinking the target text, never the markers.
/// </summary>
internal static class BodyComposer
{
    /// <summary>GitHub refuses bodies of 65,536 characters or more; leave room for humans' edits.</summary>
    public const int MaxBody = 60_000;

    public static string Compose(string fingerprint, Func<RenderBudget, string> content, string status, IncidentState state)
    {
        var tail = "\n\n" + status + "\n" + IncidentStateBlock.Write(state) + "\n";
        var head = Fingerprint.Marker(fingerprint) + "\n\n";
        foreach (var budget in RenderBudget.Steps)
        {
            var body = head + content(budget).TrimEnd() + tail;
            if (body.Length <= MaxBody)
            {
                return body;
            }
        }

        return head + "_The report is too large for an issue body; run the command in the report to see it._" + tail;
    }

    /// <summary>Rewrites only the status region and the state: a passing run keeps the failure's evidence in view.</summary>
    public static string ReplaceStatus(string existingBody, string fingerprint, string status, IncidentState state)
    {
        var begin = existingBody.LastIndexOf(StatusRenderer.Begin, StringComparison.Ordinal);
        var content = begin >= 0 ? existingBody[..begin] : StripState(existingBody);
        if (!content.TrimStart().StartsWith(Fingerprint.Marker(fingerprint), StringComparison.Ordinal))
        {
            content = Fingerprint.Marker(fingerprint) + "\n\n" + content;
        }

        var body = content.TrimEnd() + "\n\n" + status + "\n" + IncidentStateBlock.Write(state) + "\n";
        return body.Length <= MaxBody
            ? body
            : Compose(fingerprint, _ => "_Earlier details were removed to stay within GitHub's size limit._", status, state);
    }

    /// <summary>The same body with only the hidden state replaced (a notification's delivery recorded).</summary>
    public static string ReplaceState(string existingBody, IncidentState state) =>
        StripState(existingBody).TrimEnd() + "\n" + IncidentStateBlock.Write(state) + "\n";

    private static string StripState(string body)
    {
        var index = body.LastIndexOf("<!-- serverless-diag:state ", StringComparison.Ordinal);
        return index >= 0 ? body[..index] : body;
    }
}
