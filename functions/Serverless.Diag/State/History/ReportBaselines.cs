using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;

namespace Serverless.Diag.State.History;

/// <summary>
/// Baselines taken from an earlier JSON report (<c>--baseline report.json</c>, e.g. the main branch's artifact): the
/// baselines that run compared with when it had a history, else what it measured when the check passed.
/// </summary>
public sealed class ReportBaselines
{
    /// <summary>A report is a few megabytes at most; anything far larger is not one, and is not read into memory.</summary>
    public const long MaxReportBytes = 64L * 1024 * 1024;

    private readonly string _name;
    private readonly Dictionary<(string Environment, string Check), ReportCheckDocument> _checks;

    private ReportBaselines(string name, Dictionary<(string, string), ReportCheckDocument> checks)
    {
        _name = name;
        _checks = checks;
    }

    /// <exception cref="ConfigException">
    /// The file cannot be read or is not a JSON report; the error names the file and, for bad JSON or a wrong shape, the
    /// line and column; its <see cref="ConfigException.Subject"/> is the baseline report, not the config.
    /// </exception>
    public static ReportBaselines Load(string path)
    {
        var name = Path.GetFileName(path);
        var document = ReportBaselineFile.Parse(path, ReportBaselineFile.Read(path, MaxReportBytes));
        var environments = document.Environments!;

        var checks = new Dictionary<(string, string), ReportCheckDocument>();
        foreach (var environment in environments)
        {
            foreach (var check in environment?.Checks ?? [])
            {
                if (environment?.Name is { } environmentName && check?.Name is { } checkName)
                {
                    checks[(environmentName, checkName)] = check;
                }
            }
        }

        return new ReportBaselines(name, checks);
    }

    /// <summary>The check's baselines for the given measurements, or why the report has none.</summary>
    public CheckBaselines For(string environment, string check, IReadOnlyList<string> paths)
    {
        if (!_checks.TryGetValue((environment, check), out var found))
        {
            return CheckBaselines.Unavailable($"no baseline: {_name} has no check '{check}' in environment '{environment}'");
        }

        var figures = new Dictionary<string, BaselineFigure>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (found.Baselines?.GetValueOrDefault(path) is { } stored)
            {
                // The baseline that run compared with, taken as it was: its own runs and threshold.
                figures[path] = new BaselineFigure(path, stored.Value, stored.Runs, Math.Max(1, stored.MinRuns), $"{stored.Label ?? "baseline"} (from {_name})");
            }
            else if (found.Status is "pass" or "warn" && found.Measurements?.GetValueOrDefault(path) is { ValueKind: JsonValueKind.Number } measured && measured.TryGetDouble(out var value) && double.IsFinite(value))
            {
                figures[path] = new BaselineFigure(path, value, 1, 1, $"value in {_name}");
            }
        }

        var why = found.Status is "pass" or "warn"
            ? $"no baseline: {_name} has no numeric value of this measurement for '{check}'"
            : $"no baseline: '{check}' was {found.Status ?? "not run"} in {_name}, which is no baseline to compare with";
        return new CheckBaselines(figures, why);
    }
}

/// <summary>The parts of a JSON report a baseline is read from, by source generation (no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, AllowTrailingCommas = false)]
[JsonSerializable(typeof(ReportDocument))]
internal sealed partial class ReportBaselineJson : JsonSerializerContext;

internal sealed class ReportDocument
{
    public List<ReportEnvironmentDocument?>? Environments { get; set; }
}

internal sealed class ReportEnvironmentDocument
{
    public string? Name { get; set; }

    public List<ReportCheckDocument?>? Checks { get; set; }
}

internal sealed class ReportCheckDocument
{
    public string? Name { get; set; }

    public string? Status { get; set; }

    public Dictionary<string, JsonElement>? Measurements { get; set; }

    public Dictionary<string, ReportBaselineDocument>? Baselines { get; set; }
}

internal sealed class ReportBaselineDocument
{
    public double? Value { get; set; }

    public int Runs { get; set; }

    public int MinRuns { get; set; }

    public string? Label { get; set; }
}
