using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Diagnosis;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Tests.Diagnosis;

/// <summary>Check reports shaped like the probes' own, for rules that need no server (the scenario tests use real ones).</summary>
internal static class Reports
{
    public static CheckReport Http(string name, int status, string body = "", bool passed = false, params string[] headers) => new()
    {
        Name = name,
        Type = "http",
        Environment = "staging",
        Status = passed ? CheckStatus.Pass : CheckStatus.Fail,
        Severity = Severity.P2,
        Measurements = new Dictionary<string, object?> { ["status"] = (double)status, ["latency"] = 20d },
        Assertions = [new AssertionResult("status == 200", passed, status.ToString(System.Globalization.CultureInfo.InvariantCulture), AssertionLevel.Fail)],
        Evidence = passed ? [] :
        [
            new Evidence("Response status and headers", string.Join('\n', [$"HTTP/1.1 {status}", .. headers]), "http"),
            .. body.Length == 0 ? Array.Empty<Evidence>() : [new Evidence("Response body (first 2 KB)", body)],
        ],
    };

    public static CheckReport Errored(string name, string type, string cause, string message) => new()
    {
        Name = name,
        Type = type,
        Environment = "staging",
        Status = CheckStatus.Error,
        Severity = Severity.P2,
        Error = new ProbeError(new ErrorCause(cause), message),
    };

    public static CheckReport Passing(string name, string type, Dictionary<string, object?>? measurements = null) => new()
    {
        Name = name,
        Type = type,
        Environment = "staging",
        Status = CheckStatus.Pass,
        Severity = Severity.P2,
        Measurements = measurements ?? [],
    };

    public static CheckDiagnosis Diagnose(CheckReport symptom, params CheckReport[] others) => Diagnose(CauseEngine.With([]), symptom, others);

    public static CheckDiagnosis Diagnose(CauseEngine engine, CheckReport symptom, params CheckReport[] others)
    {
        var facts = new List<CheckFacts> { new(symptom) };
        facts.AddRange(others.Select(o => new CheckFacts(o)));
        return engine.Diagnose(facts[0], new EnvironmentFacts("staging", facts));
    }
}
