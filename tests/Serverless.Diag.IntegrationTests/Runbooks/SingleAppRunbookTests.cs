using Serverless.Diag.TestKit.Runbooks;

namespace Serverless.Diag.IntegrationTests.Runbooks;

/// <summary>
/// The lifecycle of a runbook test whose simulated deployment is one app beside the shared PostgreSQL and
/// Redis: start the app, and leave the shared servers as they were found before and after each test.
/// </summary>
public abstract class SingleAppRunbookTests<TApp>(RunbookServers servers) : IAsyncLifetime
    where TApp : IAsyncDisposable
{
    protected RunbookServers Servers => servers;

    protected TApp App { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        App = await StartAppAsync();
        await ResetServersAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await ResetServersAsync();
    }

    protected abstract Task<TApp> StartAppAsync();

    private async Task ResetServersAsync()
    {
        if (servers.Unavailable is null)
        {
            await servers.ResetAsync();
        }
    }
}
