using Xunit;

namespace Serverless.Diag.TestKit.Servers;

/// <summary>A test that needs a real redis-server: skipped locally (with the reason) when it is not installed, run — and failed — in CI.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (!ServerBinaries.InCi && ServerBinaries.RedisMissing is { } missing)
        {
            Skip = missing;
        }
    }
}
