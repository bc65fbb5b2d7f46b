using Xunit;

namespace Serverless.Diag.TestKit.Servers;

/// <summary>A test that needs a real PostgreSQL: skipped locally (with the reason) when it is not installed, run — and failed — in CI.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!ServerBinaries.InCi && ServerBinaries.PostgresMissing is { } missing)
        {
            Skip = missing;
        }
    }
}
