using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Serverless.Diag.Assertions;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Sinks.Json;

/// <summary>
/// Writes the JSON report (README, "JSON report"). Written by hand with Utf8JsonWriter rather than a serializer:
/// measurements hold loosely typed values and the field order is part of the contract, and this stays
/// trimming- and AOT-safe without reflection.
/// </summary>
public static class JsonReportWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToJson(RunReport report)
    {
        using var stream = new MemoryStream();
        Write(report, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(RunReport report, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", report.SchemaVersion);
        json.WriteString("tool", report.Tool);
        json.WriteString("version", report.Version);
        json.WriteString("startedAt", report.StartedAt.ToString("O", CultureInfo.InvariantCulture));
        json.WriteNumber("durationMs", report.DurationMs);
        json.WriteString("status", report.Status.ToWire());
        json.WriteStartArray("environments");
        foreach (var environment in report.Environments)
        {
            json.WriteStartObject();
            json.WriteString("name", environment.Name);
            json.WriteString("status", environment.Status.ToWire());
            json.WriteStartArray("checks");
            foreach (var check in environment.Checks)
            {
                WriteCheck(json, check);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteState(json, report.State);
        var s = report.Summary;
        json.WriteStartObject("summary");
        json.WriteNumber("total", s.Total);
        json.WriteNumber("pass", s.Pass);
        json.WriteNumber("warn", s.Warn);
        json.WriteNumber("fail", s.Fail);
        json.WriteNumber("error", s.Error);
        json.WriteNumber("skipped", s.Skipped);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteCheck(Utf8JsonWriter json, CheckReport check)
    {
        json.WriteStartObject();
        json.WriteString("name", check.Name);
        json.WriteString("type", check.Type);
        json.WriteString("status", check.Status.ToWire());
        json.WriteString("severity", check.Severity.ToString());
        json.WriteNumber("durationMs", check.DurationMs);
        json.WriteStartObject("measurements");
        foreach (var (path, value) in check.Measurements.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            json.WritePropertyName(path);
            WriteValue(json, value);
        }

        json.WriteEndObject();
        json.WriteStartArray("assertions");
        foreach (var assertion in check.Assertions)
        {
            json.WriteStartObject();
            json.WriteString("expression", assertion.Expression);
            json.WriteBoolean("passed", assertion.Passed);
            WriteNullableString(json, "actual", assertion.Actual);
            json.WriteString("level", assertion.Level.ToString().ToLowerInvariant());
            if (assertion.Message is not null)
            {
                json.WriteString("message", assertion.Message);
            }

            if (!assertion.Evaluated)
            {
                json.WriteBoolean("evaluated", false);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteError(json, check.Error);
        WriteBaselines(json, check.Baselines);
        json.WriteStartArray("evidence");
        foreach (var evidence in check.Evidence)
        {
            json.WriteStartObject();
            json.WriteString("title", evidence.Title);
            json.WriteString("content", evidence.Content);
            json.WriteString("language", evidence.Language);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("hints");
        foreach (var hint in check.Hints)
        {
            json.WriteStringValue(hint);
        }

        json.WriteEndArray();
        if (check.Warnings.Count > 0)
        {
            json.WriteStartArray("warnings");
            foreach (var warning in check.Warnings)
            {
                json.WriteStringValue(warning);
            }

            json.WriteEndArray();
        }

        if (check.SkipReason is not null)
        {
            json.WriteString("skipReason", check.SkipReason);
        }

        if (check.Attempts > 1)
        {
            json.WriteNumber("attempts", check.Attempts);
        }

        if (check.FollowUpOf is not null)
        {
            json.WriteString("followUpOf", check.FollowUpOf);
        }

        if (check.FollowUps.Count > 0)
        {
            json.WriteStartArray("followUps");
            foreach (var name in check.FollowUps)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
        }

        if (check.Diagnosis is { } diagnosis)
        {
            DiagnosisJson.Write(json, diagnosis);
        }

        if (check.Silenced is { } silenced)
        {
            json.WriteStartObject("silenced");
            json.WriteString("kind", silenced.Kind);
            json.WriteString("name", silenced.Name);
            if (silenced.Until is { } until)
            {
                json.WriteString("until", until.ToUniversalTime());
            }
            else
            {
                json.WriteNull("until");
            }

            if (silenced.Reason is { } reason)
            {
                json.WriteString("reason", reason);
            }

            json.WriteEndObject();
        }

        if (check.AfterDeploy is { } deploy)
        {
            json.WriteStartObject("afterDeploy");
            json.WriteString("sha", deploy.Deployment.Sha);
            if (deploy.Deployment.Ref is { } reference)
            {
                json.WriteString("ref", reference);
            }

            if (deploy.Deployment.PullRequest is { } pr)
            {
                json.WriteNumber("pullRequest", pr);
            }

            json.WriteString("deployedAt", deploy.DeployedAt.ToUniversalTime());
            json.WriteString("firstFailedAt", deploy.FirstFailedAt.ToUniversalTime());
            json.WriteNumber("minutesAfter", deploy.MinutesAfter);
            json.WriteEndObject();
        }

        if (check.Pending is { } pending)
        {
            json.WriteStartObject("pending");
            json.WriteNumber("failures", pending.Count);
            json.WriteNumber("threshold", pending.Threshold);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>Present only for checks that compare with their own history; <c>--baseline report.json</c> reads it back.</summary>
    private static void WriteBaselines(Utf8JsonWriter json, IReadOnlyList<BaselineFigure> baselines)
    {
        if (baselines.Count == 0)
        {
            return;
        }

        json.WriteStartObject("baselines");
        foreach (var figure in baselines)
        {
            json.WriteStartObject(figure.Path);
            if (figure.Value is { } value)
            {
                json.WriteNumber("value", Math.Round(value, 3));
            }
            else
            {
                json.WriteNull("value");
            }

            json.WriteNumber("runs", figure.Runs);
            json.WriteNumber("minRuns", figure.MinRuns);
            json.WriteString("label", figure.Label);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>Present only when a state store is configured.</summary>
    private static void WriteState(Utf8JsonWriter json, StateReport? state)
    {
        if (state is null)
        {
            return;
        }

        json.WriteStartObject("state");
        json.WriteString("store", state.Store);
        json.WriteString("runId", state.RunId);
        json.WriteStartArray("notDue");
        foreach (var check in state.NotDue)
        {
            json.WriteStringValue(check);
        }

        json.WriteEndArray();
        json.WriteStartArray("warnings");
        foreach (var warning in state.Warnings)
        {
            json.WriteStringValue(warning);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter json, ProbeError? error)
    {
        if (error is null)
        {
            json.WriteNull("error");
            return;
        }

        json.WriteStartObject("error");
        json.WriteString("cause", error.Cause.Name);
        json.WriteString("message", error.Message);
        json.WriteEndObject();
    }

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(Math.Round(d, 3));
                break;
            case double d:
                json.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case IEnumerable<object?> list:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
