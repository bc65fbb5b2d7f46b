using Serverless.Diag.TestKit.Servers;
using Xunit;

namespace Serverless.Diag.TestKit.Browser;

/// <summary>A test that needs headless Chromium and the HTML validator: skipped locally (with the reason) when one is missing, run — and failed — in CI.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!ServerBinaries.InCi && (BrowserTools.ChromiumMissing ?? BrowserTools.ValidatorMissing) is { } missing)
        {
            Skip = missing;
        }
    }
}
