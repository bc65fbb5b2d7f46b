namespace Serverless.Diag.Reporting;

public enum CheckStatus
{
    Pass,
    Warn,
    Fail,
    Error,
    Skipped,
}

public enum RunStatus
{
    Pass,
    Warn,
    Fail,
}

public static class StatusRules
{
    /// <summary>fail if any check is fail/error, else warn if any warn, else pass.</summary>
    public static RunStatus Combine(IEnumerable<CheckStatus> statuses)
    {
        var result = RunStatus.Pass;
        foreach (var status in statuses)
        {
            if (status is CheckStatus.Fail or CheckStatus.Error)
            {
                return RunStatus.Fail;
            }

            if (status == CheckStatus.Warn)
            {
                result = RunStatus.Warn;
            }
        }

        return result;
    }

    public static string ToWire(this CheckStatus status) => status.ToString().ToLowerInvariant();

    public static string ToWire(this RunStatus status) => status.ToString().ToLowerInvariant();
}
