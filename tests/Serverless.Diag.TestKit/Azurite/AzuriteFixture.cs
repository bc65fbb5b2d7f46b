using Xunit;

namespace Serverless.Diag.TestKit.Azurite;

/// <summary>One Azurite per test collection (<c>[Collection(AzuriteCollection.Name)]</c> with an <c>ICollectionFixture</c> in the test assembly).</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    /// <summary>Started lazily, so a collection whose tests are all skipped never needs the binary.</summary>
    public async Task<AzuriteServer> ServerAsync() => _server ??= await AzuriteServer.StartAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A table name no other test uses (letters and digits, starting with a letter, as the service requires).</summary>
    public static string UniqueTableName(string prefix = "t") => prefix + Guid.NewGuid().ToString("N")[..16];
}
