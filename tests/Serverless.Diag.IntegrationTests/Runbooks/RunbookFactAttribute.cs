using Serverless.Diag.TestKit.Prometheus;
using Serverless.Diag.TestKit.Servers;

namespace Serverless.Diag.IntegrationTests.Runbooks;

/// <summary>
/// A runbook test needs PostgreSQL and Redis (and Prometheus when asked): skipped locally with the reason when
/// one is not installed, run — and failed — in CI, where .ci/run installs them.
/// </summary>
public sealed class RunbookFactAttribute : FactAttribute
{
    public RunbookFactAttribute(bool needsPrometheus = false)
    {
        var missing = ServerBinaries.PostgresMissing ?? ServerBinaries.RedisMissing
            ?? (needsPrometheus && PrometheusServer.FindBinary() is null ? "prometheus not found (apt-get install prometheus)" : null);
        if (!ServerBinaries.InCi && missing is not null)
        {
            Skip = missing;
        }
    }
}
