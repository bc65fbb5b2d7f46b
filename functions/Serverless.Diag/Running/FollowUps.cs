using Serverless.Diag.Configuration;

namespace Serverless.Diag.Running;

/// <summary>
/// Which checks a run holds back for <c>on_failure</c>: those marked <c>schedule: on_failure</c>, and those outside
/// the --check/--tag selection that a selected check names as its follow-up (transitively).
/// </summary>
internal static class FollowUps
{
    /// <summary>Adds the follow-ups of the selection to <paramref name="checks"/> and returns the names that run only as follow-ups.</summary>
    public static HashSet<string> Add(DiagConfig config, List<CheckDefinition> checks, RunFilter filter)
    {
        var followUpOnly = new HashSet<string>(StringComparer.Ordinal);
        var narrowed = filter.Checks.Count > 0 || filter.Tags.Count > 0;
        foreach (var check in checks)
        {
            // Named with --check, a follow-up-only check runs: that is the way to run it by hand.
            if (check.FollowUpOnly && !filter.Checks.Contains(check.Name, StringComparer.Ordinal))
            {
                followUpOnly.Add(check.Name);
            }
        }

        if (!checks.Any(c => c.OnFailureNames.Count > 0))
        {
            return followUpOnly;
        }

        var inRun = checks.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var pending = new Queue<CheckDefinition>(checks.Where(c => c.OnFailureNames.Count > 0));
        while (pending.TryDequeue(out var check))
        {
            foreach (var name in check.OnFailure)
            {
                if (inRun.Contains(name) || config.FindCheck(name) is not { } next)
                {
                    continue;
                }

                inRun.Add(name);
                checks.Add(next);
                if (narrowed || next.FollowUpOnly)
                {
                    followUpOnly.Add(name);
                }

                pending.Enqueue(next);
            }
        }

        return followUpOnly;
    }
}
