using Serverless.Diag.Incidents;
namespace Serverless.Diag.GitHub.Rendering;

/// <summary>
/// The guides' Issue Report Template, filled: each value is ready-to-paste Markdown. Repository templates
/// pick the sections they have fields for; the built-in body uses them all.
/// </summary>
internal sealed record IncidentSections(
    string Environment,
    string Description,
    string StepsToReproduce,
    string ExpectedResult,
    string ActualResult,
    string Logs,
    string AdditionalContext)
{
    /// <summary>The cause rules' conclusion (empty when the check has no diagnosis).</summary>
    public string ProbableCause { get; init; } = string.Empty;

    /// <summary>The follow-ups (<c>on_failure</c>) and the symptom checks this incident carries (empty when none).</summary>
    public string CheckedNext { get; init; } = string.Empty;

    public IEnumerable<(string Heading, string Content)> All()
    {
        yield return ("Environment", Environment);
        yield return ("Issue Description", Description);
        if (ProbableCause.Length > 0)
        {
            yield return ("Probable Cause", ProbableCause);
        }

        yield return ("Steps to Reproduce", StepsToReproduce);
        yield return ("Expected Result", ExpectedResult);
        yield return ("Actual Result", ActualResult);
        yield return ("Logs", Logs);
        if (CheckedNext.Length > 0)
        {
            yield return ("What was checked next", CheckedNext);
        }

        yield return ("Additional Context", AdditionalContext);
    }

    public string ToMarkdown() => string.Join("\n", All().Select(s => $"### {s.Heading}\n\n{s.Content.TrimEnd()}\n"));
}

/// <summary>How much target text a body may carry; the composer shrinks it until the body fits.</summary>
internal sealed record RenderBudget(int EvidenceChars, int EvidenceItems, int ListItems, int TextChars)
{
    public static IReadOnlyList<RenderBudget> Steps { get; } =
    [
        new(4_000, 10, 200, 4_000),
        new(1_500, 6, 100, 1_500),
        new(400, 3, 50, 500),
        new(0, 0, 20, 200),
    ];
}
