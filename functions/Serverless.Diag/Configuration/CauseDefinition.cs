using Serverless.Diag.Assertions;

namespace Serverless.Diag.Configuration;

/// <summary>One of the config's own cause rules (<c>causes:</c>), statically valid.</summary>
/// <param name="Root">A check whose incident carries the symptoms this cause explains (optional).</param>
public sealed record CauseDefinition(
    string Name,
    SourceMark Mark,
    IReadOnlyList<CauseCondition> When,
    string Cause,
    IReadOnlyList<string> NextSteps,
    string? Root);

/// <summary>One <c>when:</c> line: an assertion over one check's measurements, error or evidence text.</summary>
public sealed record CauseCondition(string Check, Assertion Assertion, SourceMark Mark);

/// <summary>What a <c>when:</c> assertion may read besides the check type's own measurements.</summary>
public static class CauseFacts
{
    public const string CheckStatus = "check.status";
    public const string ErrorCause = "error.cause";
    public const string ErrorMessage = "error.message";
    public const string Evidence = "evidence";

    public static IReadOnlyList<string> All { get; } = [CheckStatus, ErrorCause, ErrorMessage, Evidence];

    /// <summary>Paths read lazily while a check runs and not kept in its report: a rule cannot see them afterwards.</summary>
    public static IReadOnlyList<string> NotKept { get; } = ["body", "json", "headers"];
}
