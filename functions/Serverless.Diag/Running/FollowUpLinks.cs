using Serverless.Diag.Reporting;

namespace Serverless.Diag.Running;

/// <summary>Links each failing check's report to the follow-ups of its <c>on_failure</c> that ran.</summary>
internal static class FollowUpLinks
{
    public static CheckReport[] Add(CheckReport[] reports, ScheduledEnvironment environment)
    {
        HashSet<string>? ran = null;
        for (var i = 0; i < reports.Length; i++)
        {
            var report = reports[i];
            if (report.Status is not (CheckStatus.Fail or CheckStatus.Error) ||
                environment.ByName.GetValueOrDefault(report.Name)?.Check.Definition is not { OnFailureNames.Count: > 0 } definition)
            {
                continue;
            }

            ran ??= reports.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            var next = definition.OnFailure.Where(ran.Contains).ToList();
            if (next.Count > 0)
            {
                reports[i] = report with { FollowUps = next };
            }
        }

        return reports;
    }
}
