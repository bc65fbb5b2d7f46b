using Serverless.Diag.Probes;

namespace Serverless.Diag.Postgres;

internal static class Hints
{
    public static void AddOnce(ProbeResult result, string hint)
    {
        if (!result.Hints.Contains(hint))
        {
            result.Hints.Add(hint);
        }
    }
}
