using Serverless.Diag.TestKit.Servers;
using Xunit;

namespace Serverless.Diag.TestKit.Azurite;

/// <summary>A theory that needs Azurite: skipped locally (with the reason) when it is not installed, run — and failed — in CI.</summary>
public sealed class AzuriteTheoryAttribute : TheoryAttribute
{
    public AzuriteTheoryAttribute()
    {
        if (!ServerBinaries.InCi && AzuriteServer.Missing is { } missing)
        {
            Skip = missing;
        }
    }
}
