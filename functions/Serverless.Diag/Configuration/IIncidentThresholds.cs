namespace Serverless.Diag.Configuration;

/// <summary>
/// Config-wide defaults for the thresholds, set by the section that owns incident filing (<c>github:</c>); a check's
/// own <c>failure_threshold</c>/<c>success_threshold</c> (or <c>defaults:</c>) wins over them.
/// </summary>
public interface IIncidentThresholds
{
    /// <summary>Consecutive failing runs before an incident opens.</summary>
    int FailureThreshold { get; }

    /// <summary>Consecutive passing runs before it closes.</summary>
    int SuccessThreshold { get; }

    /// <summary>Where a failure threshold above 1 was written, for the error when no state store is configured.</summary>
    ConfigScalar? FailureThresholdNode { get; }
}
