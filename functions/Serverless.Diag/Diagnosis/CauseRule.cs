namespace Serverless.Diag.Diagnosis;

/// <summary>
/// A symptom -> cause step of a troubleshooting guide. A rule matches only on what this run measured; when it does
/// not match it says why, so a reader sees which causes were ruled out and on what grounds.
/// </summary>
public abstract class CauseRule
{
    /// <summary>A stable id, e.g. <c>pool-exhaustion</c>.</summary>
    public abstract string Id { get; }

    /// <summary>The cause as a short phrase, e.g. <c>database connection pool exhausted</c>.</summary>
    public abstract string Cause { get; }

    /// <summary>Where the rule comes from: the guide and its section, in words.</summary>
    public abstract string Source { get; }

    /// <summary>The guide's next steps once this cause is found.</summary>
    public abstract IReadOnlyList<string> NextSteps { get; }

    /// <summary>A fallback matches only when no other rule did (an exception type explains a 500 only when nothing more specific does).</summary>
    public virtual bool IsFallback => false;

    public abstract RuleOutcome Evaluate(CheckFacts symptom, EnvironmentFacts environment);

    protected RuleOutcome Match(string keyEvidence, IReadOnlyList<EvidenceLine> evidence, string? rootCheck = null, string? cause = null) =>
        new RuleOutcome.Matched(new CauseCandidate(Id, cause ?? Cause, keyEvidence, evidence, NextSteps, Source, rootCheck));

    protected static RuleOutcome NoMatch(string reason) => new RuleOutcome.NotMatched(reason);
}

/// <summary>What one rule concluded about one failing check.</summary>
public abstract record RuleOutcome
{
    private RuleOutcome()
    {
    }

    public sealed record Matched(CauseCandidate Candidate) : RuleOutcome;

    public sealed record NotMatched(string Reason) : RuleOutcome;
}
