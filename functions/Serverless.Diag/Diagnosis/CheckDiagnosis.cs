namespace Serverless.Diag.Diagnosis;

/// <summary>One line of what was seen that supports a cause, and the check it was seen by.</summary>
public sealed record EvidenceLine(string Check, string Text)
{
    public override string ToString() => $"{Check}: {Text}";
}

/// <summary>A rule whose conditions held on this run's evidence.</summary>
/// <param name="Rule">The rule's id (<c>pool-exhaustion</c>, or a <c>causes:</c> name).</param>
/// <param name="Cause">A short phrase: the incident title ends with it.</param>
/// <param name="KeyEvidence">The one figure or phrase that proves it, for the title (e.g. <c>20/20 connections</c>).</param>
/// <param name="Source">The troubleshooting guide section the rule comes from, or the config line of a user rule.</param>
/// <param name="RootCheck">The check whose own measurements show the cause, when it is not the failing check itself.</param>
public sealed record CauseCandidate(
    string Rule,
    string Cause,
    string KeyEvidence,
    IReadOnlyList<EvidenceLine> Evidence,
    IReadOnlyList<string> NextSteps,
    string Source,
    string? RootCheck);

/// <summary>A rule that was considered for a failing check and did not match, with the reason in words.</summary>
public sealed record RuleVerdict(string Rule, string Reason);

/// <summary>
/// What the cause rules say about one failing check. A cause is named only when exactly one rule matched on
/// measured evidence from the run; several matches are listed as candidates and none is named.
/// </summary>
public sealed record CheckDiagnosis(IReadOnlyList<CauseCandidate> Candidates, IReadOnlyList<RuleVerdict> NotMatched)
{
    /// <summary>The named cause: the only candidate, or null when none or several matched.</summary>
    public CauseCandidate? ProbableCause => Candidates.Count == 1 ? Candidates[0] : null;

    public bool IsAmbiguous => Candidates.Count > 1;

    /// <summary>What an incident title ends with, or null when no single cause is named.</summary>
    public string? TitleSuffix => ProbableCause is { } cause ? $"— probable cause: {cause.Cause} ({cause.KeyEvidence})" : null;

    /// <summary>The check another incident should be filed under, when a dependency's cause explains this symptom.</summary>
    public string? RootCheck => ProbableCause?.RootCheck;
}
