using Serverless.Diag.Configuration;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;

namespace Serverless.Diag.Diagnosis;

/// <summary>Builds a check's facts from its report and its planned definition (the request's method and header names only).</summary>
internal sealed class PlannedFacts(RunPlan plan)
{
    private readonly Dictionary<(string Environment, string Check), PlannedCheck> _planned = plan.Environments
        .SelectMany(e => e.Checks.Select(c => (Key: (e.Environment.Name, c.Definition.Name), Check: c)))
        .GroupBy(x => x.Key)
        .ToDictionary(g => g.Key, g => g.First().Check);

    public CheckFacts For(CheckReport report)
    {
        if (!_planned.TryGetValue((report.Environment, report.Name), out var planned))
        {
            return new CheckFacts(report);
        }

        var settings = planned.Definition.Settings;
        var method = (settings["method"] as ConfigScalar)?.Value;
        if (method is null && planned.Definition.Type == "http")
        {
            method = "GET";
        }

        var headers = settings["headers"] is ConfigMapping mapping ? mapping.Entries.Select(e => e.Key.Value).ToList() : [];
        return new CheckFacts(report, method, headers, planned.Definition.OnFailure);
    }
}
