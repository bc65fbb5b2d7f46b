using Serverless.Diag.TestKit.Servers;
using Xunit;

namespace Serverless.Diag.TestKit.Azurite;

/// <summary>A test that needs Azurite: skipped locally (with the reason) when it is not installed, run — and failed — in CI.</summary>
public sealed class AzuriteFactAttribute : FactAttribute
{
    public AzuriteFactAttribute()
    {
        if (!ServerBinaries.InCi && AzuriteServer.Missing is { } missing)
        {
            Skip = missing;
        }
    }
}
