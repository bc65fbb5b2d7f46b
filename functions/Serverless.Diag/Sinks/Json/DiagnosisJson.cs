using System.Text.Json;
using Serverless.Diag.Diagnosis;

namespace Serverless.Diag.Sinks.Json;

/// <summary>A failing check's <c>diagnosis</c> object: the named cause (or none), its evidence, the candidates, the rules ruled out.</summary>
internal static class DiagnosisJson
{
    public static void Write(Utf8JsonWriter json, CheckDiagnosis diagnosis)
    {
        json.WriteStartObject("diagnosis");
        var cause = diagnosis.ProbableCause;
        if (cause is null)
        {
            json.WriteNull("probableCause");
        }
        else
        {
            json.WriteString("probableCause", cause.Cause);
            json.WriteString("rule", cause.Rule);
            json.WriteString("keyEvidence", cause.KeyEvidence);
            json.WriteString("source", cause.Source);
            if (cause.RootCheck is not null)
            {
                json.WriteString("rootCheck", cause.RootCheck);
            }

            WriteEvidence(json, cause.Evidence);
            WriteStrings(json, "nextSteps", cause.NextSteps);
        }

        json.WriteBoolean("ambiguous", diagnosis.IsAmbiguous);
        json.WriteStartArray("candidates");
        foreach (var candidate in diagnosis.Candidates)
        {
            json.WriteStartObject();
            json.WriteString("rule", candidate.Rule);
            json.WriteString("cause", candidate.Cause);
            json.WriteString("keyEvidence", candidate.KeyEvidence);
            json.WriteString("source", candidate.Source);
            WriteEvidence(json, candidate.Evidence);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("notMatched");
        foreach (var verdict in diagnosis.NotMatched)
        {
            json.WriteStartObject();
            json.WriteString("rule", verdict.Rule);
            json.WriteString("reason", verdict.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteEvidence(Utf8JsonWriter json, IReadOnlyList<EvidenceLine> lines)
    {
        json.WriteStartArray("evidence");
        foreach (var line in lines)
        {
            json.WriteStartObject();
            json.WriteString("check", line.Check);
            json.WriteString("text", line.Text);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
