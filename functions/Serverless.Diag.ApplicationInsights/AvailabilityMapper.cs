using System.Diagnostics;
using System.Globalization;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.ApplicationInsights;

/// <summary>
/// A check result as an availability result: name <c>environment/check</c>, success, duration, run location,
/// the failed assertion with its actual value as message, severity/status/cause as properties and the numeric
/// measurements as custom measurements. The report is already redacted, so nothing secret reaches the envelope.
/// </summary>
internal static class AvailabilityMapper
{
    // Breeze truncates (or refuses) longer values; cutting here keeps the item and says so.
    internal const int MaxMessageLength = 8192;
    internal const int MaxPropertyValueLength = 8192;
    internal const int MaxKeyLength = 150;
    internal const int MaxNameLength = 1024;

    public static AvailabilityEnvelope Map(CheckReport check, DateTimeOffset time, in EnvelopeContext context)
    {
        // A check that sent no traceparent (trace: false, or never probed) still needs an operation of its own.
        var operationId = check.Trace?.TraceId.ToHexString() ?? ActivityTraceId.CreateRandom().ToHexString();
        var id = check.Trace?.SpanId.ToHexString() ?? ActivitySpanId.CreateRandom().ToHexString();
        var name = Cut($"{check.Environment}/{check.Name}", MaxNameLength)!;

        var tags = new Dictionary<string, string>(5, StringComparer.Ordinal)
        {
            ["ai.operation.id"] = operationId,
            ["ai.operation.name"] = name,
            ["ai.cloud.role"] = context.RoleName,
            ["ai.cloud.roleInstance"] = context.RoleInstance,
            ["ai.internal.sdkVersion"] = context.SdkVersion,
        };

        var data = new AvailabilityData(
            Version: 2,
            Id: id,
            Name: name,
            Duration: FormatDuration(check.DurationMs),
            Success: IsSuccess(check.Status),
            RunLocation: context.RunLocation,
            Message: check.Status == CheckStatus.Pass ? null : Cut(check.Headline, MaxMessageLength),
            Properties: Properties(check),
            Measurements: Measurements(check));
        return new AvailabilityEnvelope(
            AvailabilityEnvelope.ItemName,
            time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            context.InstrumentationKey,
            tags,
            new AvailabilityBase(AvailabilityBase.AvailabilityType, data));
    }

    /// <summary>
    /// The run's own rule (a run fails only on fail or error): a warning is degraded, not down, and a skipped
    /// check was not measured (the status property says which), so availability alerts fire on real failures only.
    /// </summary>
    public static bool IsSuccess(CheckStatus status) => status is not (CheckStatus.Fail or CheckStatus.Error);

    /// <summary>Breeze's duration format: <c>d.hh:mm:ss.fffffff</c>.</summary>
    public static string FormatDuration(double milliseconds) =>
        TimeSpan.FromMilliseconds(Math.Max(0, milliseconds)).ToString(@"d\.hh\:mm\:ss\.fffffff", CultureInfo.InvariantCulture);

    /// <summary>Why a check did not pass, as one word a workbook can group by.</summary>
    public static string? Cause(CheckReport check) => check.Status switch
    {
        CheckStatus.Pass => null,
        CheckStatus.Error => check.Error?.Cause.Name ?? "error",
        CheckStatus.Skipped => check.SkippedBecauseOf is null ? "not_run" : "dependency_failed",
        _ => check.Assertions.Any(a => !a.Passed) ? "assertion" : "degraded",
    };

    private static Dictionary<string, string> Properties(CheckReport check)
    {
        var properties = new Dictionary<string, string>(6, StringComparer.Ordinal)
        {
            ["severity"] = check.Severity.ToString(),
            ["status"] = check.Status.ToWire(),
            ["environment"] = check.Environment,
            ["check"] = check.Name,
            ["type"] = check.Type,
            ["attempts"] = check.Attempts.ToString(CultureInfo.InvariantCulture),
        };
        if (Cause(check) is { } cause)
        {
            properties["cause"] = cause;
        }

        // What the cause rules concluded, when exactly one matched: the portal shows it beside the failure.
        if (check.Diagnosis?.ProbableCause is { } probable)
        {
            properties["probableCause"] = Cut($"{probable.Cause} ({probable.KeyEvidence})", MaxPropertyValueLength)!;
            properties["probableCauseRule"] = probable.Rule;
        }

        if (check.SkippedBecauseOf is { } dependency)
        {
            properties["skippedBecauseOf"] = Cut(dependency, MaxPropertyValueLength)!;
        }

        return properties;
    }

    private static Dictionary<string, double> Measurements(CheckReport check)
    {
        var measurements = new Dictionary<string, double>(check.Measurements.Count, StringComparer.Ordinal);
        foreach (var (path, value) in check.Measurements)
        {
            // Custom measurements are numbers; JSON has no NaN or infinity, and Breeze would refuse the item.
            if (value is double number && double.IsFinite(number) && path.Length <= MaxKeyLength)
            {
                measurements[path] = number;
            }
        }

        return measurements;
    }

    private static string? Cut(string? text, int max) => text is null || text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}

/// <summary>What every item of one exporter shares.</summary>
internal readonly record struct EnvelopeContext(string InstrumentationKey, string RunLocation, string RoleName, string RoleInstance, string SdkVersion);
